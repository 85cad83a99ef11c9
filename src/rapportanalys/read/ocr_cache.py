"""The OCR cache: what Tesseract read on a page, kept on disk so that a scan is OCR'd once.

OCR costs seconds per page where reading a text layer costs milliseconds, and the same scan is
parsed again by ``compare``, ``ingest`` re-runs and the app. A page's result is keyed by the
file's sha256, the page number, the dpi and the Tesseract version (a new Tesseract reads again),
and stored as one small gzipped JSON file:

* where: ``$RAPPORTANALYS_OCR_CACHE`` if set, else ``$XDG_CACHE_HOME/rapportanalys/ocr``, else
  ``~/.cache/rapportanalys/ocr``;
* off: ``RAPPORTANALYS_OCR_CACHE=off`` (or ``0``, ``none``);
* clearing it: delete the folder (``rm -r ~/.cache/rapportanalys/ocr``); nothing else refers
  to it. It also holds ``tesseract.json.gz``, the engine check :mod:`.ocr` remembers.

A damaged or unreadable entry is a miss, and a cache that cannot be written is skipped: the
cache can make a parse faster, never make it fail.
"""
from __future__ import annotations

from pathlib import Path

from .. import disk

FORMAT = 3  # bump when what is stored changes


def folder() -> Path | None:
    """The cache folder, or None when the cache is off (an empty setting is off too)."""
    return disk.folder("RAPPORTANALYS_OCR_CACHE", disk.user_cache() / "ocr", off=disk.OFF | {""})


def key(sha256: str, page: int, dpi: int, version: str) -> str:
    return f"{sha256}-p{page}-{dpi}dpi-tesseract{version}-v{FORMAT}"


def _file(k: str) -> Path | None:
    root = folder()
    return root / k[:2] / f"{k}.json.gz" if root else None


def get(k: str):
    return disk.read_json(_file(k))


def put(k: str, value) -> None:
    disk.write_json(_file(k), value)


def _engines_file() -> Path | None:
    root = folder()
    return root / "tesseract.json.gz" if root else None


def engines() -> dict:
    """The engine checks :mod:`.ocr` remembers, by the program's path ({} when none, or off)."""
    known = disk.read_json(_engines_file())
    return known if isinstance(known, dict) else {}


def put_engines(known: dict) -> None:
    disk.write_json(_engines_file(), known)
