"""The OCR cache: what Tesseract read on a page, kept on disk so that a scan is OCR'd once.

OCR costs seconds per page where reading a text layer costs milliseconds, and the same scan is
parsed again by ``compare``, ``ingest`` re-runs and the app. A page's result is keyed by the
file's sha256, the page number, the dpi and the Tesseract version (a new Tesseract reads again),
and stored as one small gzipped JSON file:

* where: ``$RAPPORTANALYS_OCR_CACHE`` if set, else ``$XDG_CACHE_HOME/rapportanalys/ocr``, else
  ``~/.cache/rapportanalys/ocr``;
* off: ``RAPPORTANALYS_OCR_CACHE=off`` (or ``0``, ``none``);
* clearing it: delete the folder (``rm -r ~/.cache/rapportanalys/ocr``); nothing else refers
  to it.

A damaged or unreadable entry is a miss, and a cache that cannot be written is skipped: the
cache can make a parse faster, never make it fail.
"""
from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path

FORMAT = 3  # bump when what is stored changes


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    setting = os.environ.get("RAPPORTANALYS_OCR_CACHE")
    if setting is not None and setting.strip().lower() in ("", "0", "off", "none", "no", "false"):
        return None
    if setting:
        return Path(setting).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rapportanalys" / "ocr"


def key(sha256: str, page: int, dpi: int, version: str) -> str:
    return f"{sha256}-p{page}-{dpi}dpi-tesseract{version}-v{FORMAT}"


def _file(k: str) -> Path | None:
    root = folder()
    return root / k[:2] / f"{k}.json.gz" if root else None


def get(k: str):
    path = _file(k)
    if path is None:
        return None
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError, EOFError):
        return None


def put(k: str, value) -> None:
    path = _file(k)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False)
        os.replace(tmp, path)  # whole or not at all: parallel parses may write the same entry
    except OSError:
        try:
            os.unlink(tmp)
        except (OSError, NameError):
            pass
