"""Batch ingest: many PDFs into one corpus database, in parallel, incrementally, surviving bad
files, crashes and restarts.

The parent process walks the paths, hashes each file and decides what to do with it; only new
content is parsed. Parsing runs in worker processes (or on a Dask cluster), which send back plain
``Report.to_dict()`` data; the parent is the single DuckDB writer (DuckDB allows one) and stores
each report in its own transaction as it arrives. So a killed run loses at most the reports
being parsed, and a re-run skips everything already stored.

This module is also what the workers import to run :func:`parse_file`; it imports DuckDB only
inside :func:`ingest`, so workers never load it.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import errors
from .pipeline import parse
from .read import sha256_of
from .read.bounds import check_regular, current as current_bounds

STATUSES = ("stored", "duplicate", "unchanged", "failed")


@dataclass(frozen=True)
class Event:
    """What happened to one file: ``stored`` (parsed and stored, replacing what the path held
    before), ``duplicate`` (its content is stored already under another path), ``unchanged``
    (ingested before, stored or failed, and not changed since) or ``failed`` (``reason`` says
    why; it is also in the ``errors`` table)."""
    path: str
    status: str
    reason: str | None = None


@dataclass
class Outcome:
    """What a worker sends back for one file: the report as plain data, or why it failed."""
    path: str
    report: dict | None = None
    kind: str | None = None
    reason: str | None = None


def find_pdfs(paths: Iterable[str | os.PathLike]) -> list[str]:
    """The files to ingest: each file given, and every ``*.pdf`` under each folder given, as
    absolute paths (so that a corpus built from different working directories, or parsed on
    cluster workers, names each file once), each once, in a stable order."""
    found: dict[str, None] = {}
    for path in map(Path, paths):
        if path.is_dir():
            # not only regular files: a FIFO or a device named *.pdf is recorded as failed
            # (read.bounds refuses it before opening) instead of being passed over silently
            candidates = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and not p.is_dir())
        else:
            candidates = [path]
        found.update((os.path.abspath(p), None) for p in candidates)
    return list(found)


def parse_file(path: str, backend: str | None = None, ocr: str | None = None,
               ocr_workers: int | None = None) -> Outcome:
    """Parse one file in a worker. Never raises: a bad file is an outcome like a good one.

    The parse is bounded (:mod:`.read.bounds`): its wall time by an alarm in this worker, its
    memory by the worker's address-space limit (see :func:`_worker_init`). ``ocr_workers`` is
    how many pages this worker OCRs at once (see :func:`ocr_share`)."""
    if ocr_workers:
        os.environ["RAPPORTANALYS_OCR_WORKERS"] = str(ocr_workers)
    try:
        return Outcome(path, report=parse(path, backend=backend, ocr=ocr).to_dict())
    except errors.RapportanalysError as exc:
        return Outcome(path, kind=type(exc).__name__, reason=exc.message)
    except MemoryError:
        return Outcome(path, kind="TooLarge", reason=errors.TooLarge(path, "out of memory within the bound").message)
    except Exception as exc:  # the reader itself failed unexpectedly: a bug, recorded like ParseFailure
        failure = errors.ParseFailure(path, f"{type(exc).__name__}: {exc}")
        return Outcome(path, kind="ParseFailure", reason=failure.message)


def _worker_init() -> None:
    """Set up a worker process: Ctrl-C is the parent's business; it dies with its parent (the
    fork server, which itself dies with ``ingest``: :mod:`._deathsig`); PDF libraries log
    nothing to stderr; its address space is bounded."""
    from . import _deathsig  # noqa: F401 - the import is the request

    from .read.bounds import limit_memory
    from .read.libraries import quiet_libraries

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _deathsig.die_with_parent()  # again: the module may have come imported from the fork server
    quiet_libraries()
    limit_memory()


def default_workers() -> int:
    """All the cores this process may use (fewer than the machine's in a container or job)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ocr_share(workers: int) -> int:
    """Pages one worker OCRs at once: twice its share of the cores, at least one. A worker
    with a scan then keeps the cores busy once the text-layer files around it are done, and
    the Tesseract processes of all workers together stay within twice the cores (each needs
    about 100 MB)."""
    if os.environ.get("RAPPORTANALYS_OCR_WORKERS"):
        return max(1, int(float(os.environ["RAPPORTANALYS_OCR_WORKERS"])))
    return max(1, 2 * default_workers() // max(1, workers))


def ingest(files: list[str], db: str | os.PathLike, workers: int | None = None,
           scheduler: str | None = None, backend: str | None = None, ocr: str | None = None) -> Iterator[Event]:
    """Ingest ``files`` (from :func:`find_pdfs`) into the corpus database ``db``, yielding one
    :class:`Event` per file as it is settled. Parsing uses ``workers`` local processes (default:
    all cores) or, with ``scheduler``, the Dask cluster at that address; ``backend`` names the
    page reader (default: pdfium); ``ocr`` which pages are OCR'd (auto, always, never).

    Raises only for problems with the database or the cluster; a bad file is an event.
    """
    from .store import Corpus, FileStat

    cluster = _dask_client(scheduler) if scheduler else nullcontext()  # connect before any work
    with Corpus(db, read_only=False) as corpus, cluster as client:
        known, failed, stored = corpus.file_states(), corpus.failed_files(), corpus.report_hashes()
        to_parse: dict[str, list[FileStat]] = {}  # sha256 -> files with that content; the first is parsed
        real_path: dict[str, str] = {}  # the safe name stored and printed -> the path on disk
        limits = current_bounds()
        for path in files:
            name = errors.display_name(path)  # any byte string a file name can be, as safe text
            real_path[name] = path
            try:
                st = check_regular(path, limits)  # before opening: no FIFO, device, giant file
                stat = FileStat(name, st.st_size, st.st_mtime_ns)
                known_sha, known_stat = known.get(name, (None, None))
                if stat == known_stat:
                    yield Event(name, "unchanged")
                    continue
                sha = sha256_of(path)
            except (OSError, errors.RapportanalysError) as exc:
                error = exc if isinstance(exc, errors.RapportanalysError) else _os_error(path, exc)
                corpus.record_error(name, None, type(error).__name__, error.message)
                yield Event(name, "failed", error.message)
                continue
            path = name
            if sha == known_sha:  # touched, not changed: remember the new size and mtime
                corpus.link(sha, [stat])
                yield Event(path, "unchanged")
            elif path in failed and failed[path] == sha:
                yield Event(path, "unchanged")
            elif sha in stored:
                corpus.link(sha, [stat])
                yield Event(path, "duplicate")
            else:
                to_parse.setdefault(sha, []).append(stat)

        sha_of = {real_path[group[0].path]: sha for sha, group in to_parse.items()}
        # Biggest first: a long file started last would leave the other workers idle at the end.
        paths = sorted(sha_of, key=lambda path: to_parse[sha_of[path]][0].size, reverse=True)
        workers = workers or default_workers()
        task = partial(parse_file, backend=backend, ocr=ocr, ocr_workers=None if scheduler else ocr_share(workers))
        if scheduler:
            outcomes = _parse_on_dask(client, paths, task)
        else:
            outcomes = _parse_in_processes(paths, workers, task)
        for outcome in outcomes:
            sha = sha_of[outcome.path]
            group = to_parse[sha]
            if outcome.report is not None:
                corpus.add(outcome.report, group)
                yield Event(group[0].path, "stored")
                yield from (Event(f.path, "duplicate") for f in group[1:])
            else:
                for f in group:
                    corpus.record_error(f.path, sha, outcome.kind, outcome.reason)
                    yield Event(f.path, "failed", outcome.reason)


def _os_error(path: str, exc: OSError) -> errors.RapportanalysError:
    if isinstance(exc, FileNotFoundError):
        return errors.InputNotFound(path)
    return errors.RapportanalysError(path, exc.strerror or str(exc))


@contextmanager
def _pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Worker processes from a fork server: they start clean instead of inheriting the parent's
    DuckDB and progress-bar threads. They ignore Ctrl-C: the parent handles it, and when it stops
    early (Ctrl-C, or its consumer stops reading) it ends the parses in flight at once rather
    than waiting for them, and without a traceback from every worker. The fork server and the
    workers die with the parent even on ``kill -9`` (:mod:`._deathsig`)."""
    os.environ["_RAPPORTANALYS_PARENT"] = str(os.getpid())  # see _deathsig
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["rapportanalys._deathsig"])
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init)
    try:
        yield pool
    except BaseException:
        _stop_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    for process in list((pool._processes or {}).values()):  # Python 3.14: pool.terminate_workers()
        process.kill()


def _watchdog_seconds() -> float:
    """How long the parent lets one file run before it kills the worker: the longest bound a
    file can have, plus a margin. The worker's own alarm (scaled by pages) stops a slow parse
    long before; this catches a worker stuck where an alarm cannot reach (native code)."""
    return current_bounds().max_seconds + 60


def _parse_in_processes(paths: list[str], workers: int, task=parse_file) -> Iterator[Outcome]:
    """Parse ``paths`` in ``workers`` processes, yielding outcomes as they finish.

    At most ``workers`` files are in flight, so when a worker dies (a crash in the PDF library,
    the out-of-memory killer, or the watchdog killing a worker past its time) the culprit is one
    of those few: each is parsed again alone, the one that kills its worker again is reported as
    failed, and the batch goes on in a new pool. ``task`` is :func:`parse_file`; tests pass one
    that crashes.
    """
    queue = deque(paths)
    suspects: list[str] = []
    limit = _watchdog_seconds()
    while queue or suspects:
        for path in suspects:
            yield _parse_alone(path, task, limit)
        suspects = []
        with _pool(workers) as pool:
            running: dict = {}
            started: dict = {}
            try:
                while queue or running:
                    while queue and len(running) < workers:
                        path = queue.popleft()
                        try:
                            future = pool.submit(task, path)
                        except BrokenProcessPool:
                            # a worker died while the last outcome was being stored: this file
                            # never started, so it waits for the next pool instead of being lost
                            queue.appendleft(path)
                            raise
                        running[future], started[future] = path, time.monotonic()
                    oldest = min(started.values())
                    done, _ = wait(running, timeout=max(0.1, oldest + limit - time.monotonic()),
                                   return_when=FIRST_COMPLETED)
                    if not done and time.monotonic() - oldest >= limit:
                        _stop_workers(pool)  # every file in flight becomes a suspect
                        continue
                    for future in done:
                        outcome = future.result()  # raises BrokenProcessPool when a worker died
                        del running[future], started[future]
                        yield outcome
            except BrokenProcessPool:
                suspects = list(running.values())


def _parse_alone(path: str, task, limit: float) -> Outcome:
    """Parse one suspect in a process of its own: if that process dies, this file killed it."""
    with _pool(1) as pool:
        future = pool.submit(task, path)
        try:
            return future.result(timeout=limit)
        except FutureTimeout:
            _stop_workers(pool)
            return Outcome(path, kind="TooSlow",
                           reason=errors.TooSlow(path, f"the parser was stopped after {limit:.0f} s").message)
        except BrokenProcessPool:
            return Outcome(path, kind="ParseFailure",
                           reason="the parser process died on this file (a crash, or out of memory)")


def _dask_client(address: str):
    """A client of the Dask cluster at ``address``. Its workers need rapportanalys installed and
    must see the files under the same paths (a shared file system)."""
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise errors.DaskMissing(address) from exc
    try:
        return Client(address, timeout=20, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise errors.SchedulerUnreachable(address, str(exc)[:120]) from exc


def _parse_on_dask(client, paths: list[str], task=parse_file) -> Iterator[Outcome]:
    """Parse ``paths`` on the cluster, yielding outcomes as they finish."""
    from dask.distributed import as_completed

    futures = dict(zip(client.map(task, paths, pure=False), paths))
    for future in as_completed(futures, loop=client.loop):  # the loop: the client is not the default one
        try:
            yield future.result()
        except Exception as exc:  # the task itself never raises: its worker died (KilledWorker)
            yield Outcome(futures[future], kind="ParseFailure",
                          reason=f"the Dask worker failed on this file ({type(exc).__name__})")
        future.release()
