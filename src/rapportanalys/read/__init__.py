"""Read a PDF into pages of positioned words, rules and boxes.

This package is the only code that opens PDFs. Everything after it works on the small page
interface of :mod:`.page` (words with font, size, bold and bounding box; ruling lines; filled
boxes; images; rotated text), so a backend is one function in :data:`BACKENDS`, and the
structure code never sees which one ran.

It also turns every way a file can be unreadable into one named error from
:mod:`rapportanalys.errors`, so that the CLI and the batch never show a traceback for bad input.
"""
from __future__ import annotations

import os
from typing import Callable

from .. import errors
from . import bounds
from .checks import check_file, first_look, no_characters, sha256_of, text_layer_missing, text_warnings
from .libraries import quiet_libraries
from .page import Box, Document, Page, Rule, Word
from .pdfium_backend import read_with_pdfium
from .prescan import check_streams
from .pdfplumber_backend import read_with_pdfplumber

BACKENDS = {"pdfium": read_with_pdfium, "pdfplumber": read_with_pdfplumber}
# pdfium reads several times faster; pdfplumber stays as the reference it is checked against
# (tests/test_backend_parity.py).
DEFAULT_BACKEND = "pdfium"

quiet_libraries()

__all__ = ["BACKENDS", "DEFAULT_BACKEND", "Box", "Document", "Page", "Rule", "Word", "check_file", "read_pdf", "sha256_of"]


def read_pdf(path: str | os.PathLike, backend: str = DEFAULT_BACKEND,
             while_waiting: Callable[[], object] | None = None) -> Document:
    """Open ``path`` and read every page. Raises a :class:`RapportanalysError` for bad input.

    ``backend`` names a function in :data:`BACKENDS` that turns a checked file into its
    document info and :class:`Page` objects; everything downstream sees only those. The pdfium
    backend reads in the first look's child process (:func:`.checks.first_look`), and
    ``while_waiting()`` runs here meanwhile (``parse`` loads the spaCy pipeline).
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r} (one of {', '.join(BACKENDS)})")
    limits = bounds.current()
    check_file(path, limits)  # a regular file of bounded size with a PDF header and end
    check_streams(path, limits)  # no flate bomb: before any library inflates a stream
    # pdfium, in a child process: an abort cannot reach us
    look = first_look(path, limits, read=backend == "pdfium", while_waiting=while_waiting)
    if look.crowded:
        raise errors.TooLarge(path, f"page {look.crowded[0]} holds {look.crowded[1]:,} words; "
                                    f"the bound is {limits.max_words_per_page:,}")
    bounds.allow_pages(look.pages)
    if no_characters(path, look):
        raise errors.NoTextLayer(path)
    if backend == "pdfium" and look.turned:
        backend = "pdfplumber"  # see below
    info, pages = look.read if backend == "pdfium" and look.read is not None else BACKENDS[backend](path)
    if backend == "pdfium" and any(_turned(p) for p in pages):
        # A page shown or drawn turned (/Rotate 90, text upside down): the pdfplumber backend
        # turns its objects back to reading direction; the pdfium backend does not yet.
        backend = "pdfplumber"
        info, pages = BACKENDS[backend](path)
    if not pages:
        raise errors.TruncatedPDF(path, "no pages")
    crowded = next((p for p in pages if len(p.words) > limits.max_words_per_page), None)
    if crowded is not None:  # pdfium's quick text stops at 32,767 characters; the page layer does not
        raise errors.TooLarge(path, f"page {crowded.number} holds {len(crowded.words):,} words; "
                                    f"the bound is {limits.max_words_per_page:,}")
    bounds.allow_pages(len(pages))
    if text_layer_missing(pages):
        raise errors.NoTextLayer(path)
    return Document(path=errors.display_name(path), sha256=sha256_of(path), page_count=len(pages),
                    info=info, pages=pages, warnings=text_warnings(pages, look))


def _turned(page: Page) -> bool:
    """Most of the page's text is rotated: a page drawn turned without a /Rotate entry."""
    return sum(len(w.text) for w in page.rotated) > sum(len(w.text) for w in page.words)
