"""Bounds on every file the reader opens: what it may cost, and how a file past them is stopped.

A hostile or broken PDF can ask for anything: a flate bomb inflates 4 MB into 4 GB, a page can
hold 100,000 words, an edited number can send the parser round a loop, a "file" can be a FIFO
that never ends. Each bound below turns such a file into a one-line error (exit 2) instead of a
hang or an out-of-memory kill. The defaults never stop a real report; each can be changed with an
environment variable (the CLI options of ``parse`` and ``ingest`` set these too, so that worker
processes see the same bounds):

==================================  =========  ====================================================
variable                            default    bound
==================================  =========  ====================================================
RAPPORTANALYS_MAX_FILE_MB           2048       size of the file on disk
RAPPORTANALYS_MAX_STREAM_MB         128        one stream inflated (flate bombs), checked before
                                               the PDF library inflates anything
RAPPORTANALYS_MAX_DECOMPRESSED_MB   1024       all streams of the file inflated together
RAPPORTANALYS_MAX_WORDS_PER_PAGE    20000      words on one page (a dense A4 page has ~1,000)
RAPPORTANALYS_SECONDS               60         wall time per file, plus ...
RAPPORTANALYS_SECONDS_PER_PAGE      1.0        ... this much per page, at most ...
RAPPORTANALYS_MAX_SECONDS           3600       ... this much for any file
RAPPORTANALYS_MAX_MEMORY_MB         4096       address space of a parse (``RLIMIT_AS``): a backstop
                                               in ``ingest`` workers and in ``parse``; 0 = off
==================================  =========  ====================================================

Wall time is enforced with a **signal alarm** (``setitimer``) in the process that parses: the
CLI for ``parse``/``compare``/``reuse``, each worker for ``ingest``. The alarm raises a
``BaseException`` (so no ``except Exception`` inside a PDF library can swallow it) and repeats
every second until the parse gives up. Native code cannot be interrupted by an alarm, so the one
native step, pdfium's first look, runs in a child process with its own timeout
(:mod:`.isolated`), and ``ingest`` also kills a worker that overstays its bound by a wide margin.
"""
from __future__ import annotations

import errno
import os
import signal
import stat
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Iterator

from .. import errors

MB = 1 << 20


@dataclass(frozen=True)
class Bounds:
    max_file_mb: float = 2048
    max_stream_mb: float = 128
    max_decompressed_mb: float = 1024
    max_words_per_page: int = 20000
    seconds: float = 60
    seconds_per_page: float = 1.0
    max_seconds: float = 3600
    max_memory_mb: float = 4096

    @classmethod
    def from_env(cls, environ=os.environ) -> Bounds:
        """The defaults, overridden by ``RAPPORTANALYS_<FIELD>`` variables (a bad value is a
        usage error, exit 2)."""
        values = {}
        for f in fields(cls):
            raw = environ.get(f"RAPPORTANALYS_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            try:
                value = float(raw)
            except ValueError:
                raise errors.RapportanalysError(f"RAPPORTANALYS_{f.name.upper()}", f"not a number: {raw!r}") from None
            values[f.name] = int(value) if f.type in ("int", int) else value
        return cls(**values)

    def seconds_for(self, pages: int) -> float:
        """Wall time allowed for a file of ``pages`` pages."""
        return min(self.max_seconds, self.seconds + self.seconds_per_page * max(pages, 0))


def current() -> Bounds:
    return Bounds.from_env()


def check_regular(path: str | os.PathLike, bounds: Bounds | None = None) -> os.stat_result:
    """``os.stat`` the file (following links) and refuse what must not be opened or hashed.

    Runs before any ``open``: opening a FIFO blocks until a writer comes, and reading a device
    such as ``/dev/zero`` never ends; both are refused here, as is a sparse 100 GB "PDF".
    """
    bounds = bounds or current()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise errors.InputNotFound(path, "a symbolic link to a missing file") from None
        raise errors.InputNotFound(path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise errors.SymlinkLoop(path) from None
        raise errors.RapportanalysError(path, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise errors.NotAFile(path)
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode)
                or stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "special")
        raise errors.NotARegularFile(path, kind)
    if st.st_size > bounds.max_file_mb * MB:
        raise errors.TooLarge(path, f"{st.st_size / MB:,.0f} MB; the bound is {bounds.max_file_mb:,.0f} MB")
    return st


# -- wall time -----------------------------------------------------------------------------------
class _Expired(BaseException):
    """Raised by the alarm. A BaseException, so that a library's ``except Exception`` lets it by."""


_deadline: list[float] = []  # start of the innermost bounded parse and its allowed seconds


def _on_alarm(signum, frame):
    raise _Expired()


@contextmanager
def time_bound(path: str | os.PathLike, bounds: Bounds | None = None) -> Iterator[None]:
    """Stop the parse of ``path`` with :class:`~rapportanalys.errors.TooSlow` when it overruns.

    Starts with the bound for an unknown page count (``seconds``); :func:`allow_pages` widens it
    once the page count is known. Only in the main thread (signals go there); elsewhere the
    caller's own bound (ingest's worker watchdog) applies.
    """
    bounds = bounds or current()
    if threading.current_thread() is not threading.main_thread() or _deadline:
        yield
        return
    old = signal.signal(signal.SIGALRM, _on_alarm)
    _deadline[:] = [time.monotonic(), bounds.seconds, bounds]
    signal.setitimer(signal.ITIMER_REAL, bounds.seconds, 1.0)
    try:
        yield
    except _Expired:
        raise errors.TooSlow(path, f"over {_deadline[1]:.0f} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        _deadline.clear()


def allow_pages(pages: int) -> None:
    """Widen the running time bound to the one for ``pages`` pages (no-op outside a bound)."""
    if not _deadline:
        return
    start, _, bounds = _deadline
    allowed = bounds.seconds_for(pages)
    _deadline[1] = allowed
    signal.setitimer(signal.ITIMER_REAL, max(0.01, start + allowed - time.monotonic()), 1.0)


def allow_more(seconds: float) -> None:
    """Widen the running time bound by ``seconds`` (OCR: its pages' share of the per-page cap),
    never past ``max_seconds`` (no-op outside a bound)."""
    if not _deadline:
        return
    start, allowed, bounds = _deadline
    _deadline[1] = min(bounds.max_seconds, max(allowed, allowed + seconds))
    signal.setitimer(signal.ITIMER_REAL, max(0.01, start + _deadline[1] - time.monotonic()), 1.0)


def remaining(default: float) -> float:
    """Seconds left in the running time bound (``default`` outside one)."""
    if not _deadline:
        return default
    return max(0.1, _deadline[0] + _deadline[1] - time.monotonic())


# -- memory --------------------------------------------------------------------------------------
def limit_memory(bounds: Bounds | None = None) -> None:
    """Cap this process's address space (``RLIMIT_AS``): a backstop behind the stream cap, so that
    an allocation nothing else foresaw raises ``MemoryError`` instead of calling the kernel's
    out-of-memory killer. Never raises the limit, and does nothing where it is not supported."""
    bounds = bounds or current()
    if not bounds.max_memory_mb:
        return
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = int(bounds.max_memory_mb * MB)
        if soft == resource.RLIM_INFINITY or soft > want:
            resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ImportError, ValueError, OSError):
        pass
