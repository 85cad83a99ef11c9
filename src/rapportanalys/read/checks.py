"""Checks on a file before and after a backend reads it, each ending in a named error.

Checking the bytes first gives a precise message ("empty file", "not a PDF", "truncated") where
a PDF library would raise a generic syntax error deep inside its parser.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .. import errors
from .page import Page


def sha256_of(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_file(path: str | os.PathLike) -> None:
    """Reject what is plainly not a readable PDF before handing it to the PDF library.

    Checking the bytes first gives a precise message ("empty file", "not a PDF", "truncated")
    where the library would raise a generic syntax error deep inside its parser.
    """
    p = Path(path)
    if not p.exists():
        raise errors.InputNotFound(path)
    if not p.is_file():
        raise errors.NotAFile(path)
    size = p.stat().st_size
    if size == 0:
        raise errors.EmptyFile(path)
    with open(p, "rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%PDF-" not in head:
        raise errors.NotAPDF(path)
    if b"%%EOF" not in tail:
        raise errors.TruncatedPDF(path, "no end-of-file marker")


def no_characters(path: str | os.PathLike) -> bool:
    """True when no page has a single character: a scan, or text drawn as outlines.

    Asked of pdfium (which pdfplumber installs) because it answers in milliseconds, where
    reading every vector outline of such a PDF with pdfplumber takes half a minute. Any doubt
    (pdfium cannot open the file) leaves the answer to the full reader and its error messages.
    """
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
    except Exception:
        return False
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            found = textpage.count_chars() > 0
            textpage.close()
            page.close()
            if found:
                return False
        return len(pdf) > 0
    finally:
        pdf.close()


def text_layer_missing(pages: list[Page]) -> bool:
    """True when the PDF has no usable text: no characters at all, or only unmapped glyphs."""
    words = [w.text for p in pages for w in p.words]
    if not words:
        return True
    unmapped = sum(1 for w in words if "(cid:" in w)
    return unmapped > 0.5 * len(words)
