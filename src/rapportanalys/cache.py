"""A cache of parsed reports on disk, so that a report is read from its PDF once.

Parsing a 55-page report takes seconds; loading its JSON takes milliseconds. ``compare``,
``reuse`` and the app call :func:`parse_cached` instead of :func:`~rapportanalys.pipeline.parse`:
the key is the file's sha256, the backend, the OCR mode and the parser version (a digest of the
reader's, structure's and extractors' source files and the shipped spaCy pipeline's metadata),
so an edit to the parser never serves a stale report. The report round-trips through its own JSON
(``Report.to_dict``/``from_dict``, as the corpus database stores it).

Where it lives: ``$RAPPORTANALYS_CACHE`` if set (``off`` turns caching off), else
``$XDG_CACHE_HOME/rapportanalys``, else ``~/.cache/rapportanalys``. ``reports/`` holds one
gzipped JSON per report, parser version, backend and OCR mode; ``comparisons/`` one per pair of
reports, comparison version (the parser version and a digest of ``compare/``), backend and OCR
mode, and settings (``compare`` and the app open a pair compared before without comparing
again); ``viewer/`` the app's page images and ``uploads/`` its uploaded PDFs. Delete the folder
(or run ``rapportanalys cache --clear``) to clear it.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

from . import disk, errors
from .model import Report

ENV = "RAPPORTANALYS_CACHE"
_PARSER_PARTS = ("read", "structure", "extract", "data", "pipeline.py", "model.py", "nlp.py")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off (``RAPPORTANALYS_CACHE=off``)."""
    return disk.folder(ENV, disk.user_cache())


def _digest(parts: tuple[str, ...], extra: tuple[Path, ...] = ()) -> str:
    """A digest of the package's source and data files under ``parts`` (and of ``extra``)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = []
    for part in parts:
        path = package / part
        files += sorted(path.rglob("*")) if path.is_dir() else [path]
    for path in [*files, *extra]:
        if path.is_file() and path.suffix in {".py", ".txt", ".json"}:
            digest.update(str(path.relative_to(package) if path.is_relative_to(package) else path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def parser_version() -> str:
    """The package version and a digest of every file that decides what ``parse`` returns."""
    from . import __version__

    meta = Path(__file__).resolve().parents[2] / "models" / "sv_rapportanalys" / "meta.json"
    return f"{__version__}-{_digest(_PARSER_PARTS, (meta,))}"


@lru_cache(maxsize=1)
def compare_version() -> str:
    """The parser version and a digest of the comparison's code: a stored comparison is of
    reports this parser made, by this ``compare``."""
    return f"{parser_version()}-{_digest(('compare', 'model.py'))}"


def _report_file(sha256: str, backend: str) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    return root / "reports" / parser_version() / backend / f"{sha256}.json.gz"


def load(sha256: str, backend: str = "pdfium") -> Report | None:
    """The cached report of this content, or None (not cached, unreadable, caching off)."""
    data = disk.read_json(_report_file(sha256, backend))
    try:
        return Report.from_dict(data) if data is not None else None
    except (ValueError, KeyError, TypeError):
        return None  # a damaged entry is a miss; the next parse overwrites it


def save(report: Report, backend: str = "pdfium") -> None:
    """Store a parsed report (atomically: a reader never sees half a file). A cache that
    cannot be written (read-only home, full disk) is silently skipped: it only saves time."""
    if report.source.sha256:
        disk.write_json(_report_file(report.source.sha256, backend), report.to_dict())


def parse_key(backend: str | None = None, ocr: str | None = None) -> str:
    """How a report was read, as the cache names it: the backend, and the OCR mode unless it is
    the default ``auto`` (a scan read with ``--ocr never`` is refused, with ``always`` every page
    is OCR'd: other reports, so other entries). ``None`` is the default of each."""
    from .read import DEFAULT_BACKEND, default_ocr

    backend, ocr = backend or DEFAULT_BACKEND, ocr or default_ocr()
    return backend if ocr == "auto" else f"{backend}-ocr-{ocr}"


def parse_cached(path: str | os.PathLike, backend: str | None = None, ocr: str | None = None) -> Report:
    """:func:`~rapportanalys.pipeline.parse`, served from the cache when this content was parsed
    before by this parser version, backend and OCR mode. The file is checked (a regular file, a
    PDF) before it is hashed, exactly as ``parse`` would; ``source.path`` is the path given this
    time."""
    from .read import DEFAULT_BACKEND, default_ocr, sha256_of
    from .read.bounds import check_regular

    def parse(path, backend):  # imported on a miss only: the extractors load spaCy
        from .pipeline import parse as parse_pdf

        return parse_pdf(path, backend=backend, ocr=ocr)

    backend = backend or DEFAULT_BACKEND
    ocr = ocr or default_ocr()
    key = parse_key(backend, ocr)
    if cache_dir() is None:
        return parse(path, backend)
    check_regular(path)
    try:
        sha = sha256_of(path)
    except OSError:
        return parse(path, backend)  # parse names the problem
    report = load(sha, key)
    if report is not None:
        report.source.path = errors.display_name(path)
        return report
    report = parse(path, backend)
    save(report, key)
    return report


def _comparison_file(old: Report, new: Report, settings: dict, read: str) -> Path | None:
    root = cache_dir()
    if root is None or not (old.source.sha256 and new.source.sha256):
        return None
    chosen = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()[:12]
    return (root / "comparisons" / compare_version() / read
            / f"{old.source.sha256}-{new.source.sha256}-{chosen}.json.gz")


def compare_cached(old: Report, new: Report, settings=None, backend: str | None = None, ocr: str | None = None):
    """:func:`~rapportanalys.compare.compare`, served from the cache when this pair (by
    content) was compared before by this comparison version with these settings, of reports read
    with this backend and OCR mode (``backend`` and ``ocr`` as given to :func:`parse_cached`, which
    made ``old`` and ``new``: the same PDFs read otherwise are other reports). Opening a known
    pair then costs a file read, and neither scikit-learn nor SciPy is imported: ``compare`` on
    the command line and the app share these entries."""
    from .compare.result import Comparison
    from .compare.settings import CompareSettings

    settings = settings or CompareSettings()
    path = _comparison_file(old, new, settings.to_dict(), parse_key(backend, ocr))
    data = disk.read_json(path)
    if data is not None:
        try:
            return Comparison.restore(data, old, new)
        except (ValueError, KeyError, TypeError):
            pass  # a damaged entry is a miss; overwritten below
    from .compare import compare

    result = compare(old, new, settings)
    disk.write_json(path, result.stored())
    return result


def size() -> tuple[Path | None, int, int]:
    """(folder, files, bytes) of the cache."""
    root = cache_dir()
    if root is None or not root.is_dir():
        return root, 0, 0
    files = [p for p in root.rglob("*") if p.is_file()]
    return root, len(files), sum(p.stat().st_size for p in files)


def clear() -> Path | None:
    """Delete the cache folder; returns it (None when caching is off)."""
    root = cache_dir()
    if root is not None and root.is_dir():
        shutil.rmtree(root)
    return root
