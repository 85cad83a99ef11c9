"""Run one risky native call in a forked child process, so that it cannot take the caller down.

pypdfium2 is C++ (pdfium): on some damaged files it aborts the whole process ("Fatal Python
error: Aborted"), and a signal alarm cannot stop a native loop. So its first look at a file runs
in a child made with ``os.fork`` (cheap: the child shares the parent's loaded modules), with its
stderr sent to /dev/null (pdfium prints its own complaints), the address-space bound, and a
timeout after which the parent kills it. The result comes back pickled through an unlinked
temporary file (a pipe would stall a child with a large result until the parent reads); the pipe
only tells the parent that the child is done.

While the child works the parent may do its own work (``while_waiting``: ``parse`` loads the
spaCy pipeline there), so the two run side by side on two cores.
"""
from __future__ import annotations

import faulthandler
import gc
import os
import pickle
import select
import signal
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Callable

from .bounds import Bounds, limit_memory


@dataclass
class Isolated:
    """How the child ended: ``ok`` (``value`` is the result), ``error`` (``value`` is the
    exception's one-line text), ``crashed`` (``value`` is the signal) or ``timeout``."""
    status: str
    value: Any = None


_to_parent: list[int] = []  # in the child: the write end of the pipe to the parent


def tell_parent(line: str, optional: bool = False) -> None:
    """In the child: one line for the parent's ``on_line`` (``pages 2000``: the time bound is
    the one for that many pages). Outside a child, nothing. An ``optional`` line (a hint the
    parent can do without) is left out when the pipe has no room for it now: the child never
    waits for a parent still busy with its own ``while_waiting``."""
    if _to_parent:
        if optional and not select.select([], _to_parent, [], 0)[1]:
            return  # a short line fits when the pipe has room at all, so the write cannot block
        os.write(_to_parent[0], (line + "\n").encode("utf-8"))


def run_isolated(fn: Callable, *args, timeout: float, bounds: Bounds,
                 while_waiting: Callable[[], Any] | None = None,
                 on_line: Callable[[str], float | None] | None = None) -> Isolated:
    """``fn(*args)`` in a forked child; ``while_waiting()`` runs in the parent meanwhile (its
    exception, after the child is killed, propagates). ``on_line`` gets each line the child
    sends with :func:`tell_parent` and may return a new timeout, in seconds from then."""
    with tempfile.TemporaryFile() as out:
        return _run(fn, args, timeout, bounds, while_waiting, out, on_line)


def _run(fn, args, timeout, bounds, while_waiting, out, on_line=None) -> Isolated:
    read_end, write_end = os.pipe()
    parent = os.getpid()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            # The parent's objects are the child's too, shared copy-on-write: frozen, the
            # child's garbage collections never walk them (each walk writes to every object
            # and so copies the memory of a parent that has, say, spaCy loaded).
            gc.freeze()
            os.close(read_end)
            _to_parent[:] = [write_end]
            for sig in (signal.SIGALRM, signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, signal.SIG_DFL)
            signal.setitimer(signal.ITIMER_REAL, timeout + 2)  # its own end, should the parent vanish
            from .._deathsig import die_with_parent

            die_with_parent(parent)
            faulthandler.disable()  # it writes to its own copy of stderr (pytest, python -X)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            limit_memory(bounds)
            try:
                result = ("ok", fn(*args))
            except BaseException as exc:  # noqa: BLE001 - everything goes back as text
                result = ("error", f"{type(exc).__name__}: {exc}"[:500])
            try:
                data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # noqa: BLE001 - an unpicklable result
                data = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"[:500]))
            view = memoryview(data)
            while view:
                view = view[os.write(out.fileno(), view):]
        finally:
            os._exit(0)
    os.close(write_end)
    status, finished = None, False
    pending = b""
    try:
        end = started + timeout
        if while_waiting is not None:
            while_waiting()
        while True:  # a child done while the parent was busy counts, even past the timeout
            ready, _, _ = select.select([read_end], [], [], max(0.0, end - time.monotonic()))
            if ready:
                data = os.read(read_end, 1 << 16)
                if not data:  # the child closed its end: it is done
                    finished = True
                    break
                *lines, pending = (pending + data).split(b"\n")
                for line in lines:
                    longer = on_line(line.decode("utf-8", "replace")) if on_line is not None else None
                    if longer is not None:
                        end = time.monotonic() + longer
            elif time.monotonic() >= end:
                status = Isolated("timeout")
                break
    finally:
        if not finished:  # timed out, or the caller's own alarm went off meanwhile
            _kill(pid)
        os.close(read_end)
        _, code = os.waitpid(pid, 0)
    if status is not None:
        return status
    out.seek(0)
    data = out.read()
    if os.WIFSIGNALED(code) and not data:
        return Isolated("crashed", os.WTERMSIG(code))
    try:
        kind, value = pickle.loads(data)
    except Exception:  # a child that died while writing
        return Isolated("crashed", os.WTERMSIG(code) if os.WIFSIGNALED(code) else None)
    return Isolated(kind, value)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
