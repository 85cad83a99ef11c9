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


PARENT = "_RAPPORTANALYS_PARENT"  # the pid this process must die with, set by its parent


def die_with_parent(expected: int | None = None) -> None:
    """Ask for SIGKILL when the parent dies; exit now if it died already (before the request,
    this process was handed to init and no signal would ever come). ``expected`` is the
    parent's pid (default: from the environment its parent set)."""
    expected = expected or int(os.environ.get(PARENT, "0") or 0)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if expected and os.getppid() != expected:
        os._exit(1)


def children_die_with_me() -> None:
    """Name this process as the parent that the processes it starts must die with."""
    os.environ[PARENT] = str(os.getpid())


# Importing this module is the request: only the fork server (as its preload) and the workers
# import it, never a process that should outlive its parent.
die_with_parent()
children_die_with_me()  # the fork server: its workers die with it
