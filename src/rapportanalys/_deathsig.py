"""Processes that die with their parent, so that a killed ``ingest`` leaves nothing running.

``kill -9`` of ``ingest`` gives its children no chance to clean up: the fork server and its
workers (about 150 MB each) would go on. Linux's ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` asks the
kernel to kill a process when its parent dies. The fork server imports this module as a preload
(so it dies with ``ingest``) and each worker imports it too (so it dies with the fork server; the
setting is not inherited across fork). Elsewhere than on Linux this does nothing.
"""
from __future__ import annotations

import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        parent = os.getppid()
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the call: nothing will signal us
            os._exit(1)
    except (OSError, AttributeError):
        pass


# Importing this module is the request: only the fork server (as its preload) and the workers
# import it, never a process that should outlive its parent.
die_with_parent()
