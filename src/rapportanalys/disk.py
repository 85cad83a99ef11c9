"""Where rapportanalys keeps its caches on disk, and how a cache entry is read and written.

Three caches share this: parsed reports (:mod:`rapportanalys.cache`), the pages Tesseract read
(:mod:`rapportanalys.read.ocr_cache`) and compiled expressions (:mod:`rapportanalys.regex_cache`).
An entry is one file (gzipped JSON; the expressions' engine code, read while ``parse`` waits,
in :mod:`marshal`), written whole or not at all (parallel parses may write the same entry), and
a damaged entry reads as a miss: a cache can make a parse faster, never make it fail.
"""
from __future__ import annotations

import gzip
import json
import marshal
import os
import tempfile
from pathlib import Path

OFF = {"off", "0", "no", "false", "none"}


def user_cache() -> Path:
    """``$XDG_CACHE_HOME/rapportanalys``, else ``~/.cache/rapportanalys``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rapportanalys"


def folder(env: str, default: Path, off: set[str] = OFF) -> Path | None:
    """The folder named by the environment variable ``env``, ``default`` when it is unset, or
    None when it turns the cache off (one of ``off``)."""
    value = os.environ.get(env)
    if value is not None and value.strip().lower() in off:
        return None
    return Path(value).expanduser() if value else default


def read_json(path: Path | None):
    """The entry at ``path``, or None (no entry, caching off, or damaged)."""
    if path is None:
        return None
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError, EOFError):
        return None


def read_marshal(path: Path | None):
    """The entry at ``path`` written by :func:`write_marshal`, or None (no entry, caching off,
    or damaged)."""
    if path is None:
        return None
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def write_marshal(path: Path | None, value) -> None:
    """Store ``value`` (lists, strings, numbers: what :mod:`marshal` writes) at ``path``
    atomically, uncompressed. For an entry read on a hot path: the 400 KB of engine code of
    ``parse``'s expressions read back in 4 ms this way, in 25 ms as gzipped JSON. A marshal
    file is only for the Python that wrote it: its key must name the Python build."""
    _write_bytes(path, lambda: marshal.dumps(value))


def write_json(path: Path | None, value) -> None:
    """Store ``value`` at ``path`` atomically; a cache that cannot be written (read-only home,
    full disk) is skipped."""
    _write_bytes(path, lambda: gzip.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"),
                                             compresslevel=3))


def _write_bytes(path: Path | None, encoded) -> None:
    """``encoded()`` written to ``path`` whole or not at all (a temporary file in the same
    folder, then renamed); a cache that cannot be written is skipped."""
    if path is None:
        return
    tmp = None
    try:
        data = encoded()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as raw:
            raw.write(data)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
