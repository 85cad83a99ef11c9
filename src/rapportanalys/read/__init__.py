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

# which pages Tesseract reads (read.ocr.MODES); set before the imports below, which may import read.ocr
OCR_MODES = ("auto", "always", "never")

from .. import errors  # noqa: E402
from . import bounds  # noqa: E402
from .checks import (check_file, first_look, no_characters, page_warning_against, sha256_of,  # noqa: E402
                     text_layer_missing, text_warnings_head)
from .libraries import quiet_libraries  # noqa: E402
from .page import Box, Document, Page, Rule, Word  # noqa: E402
from .pdfium_backend import read_with_pdfium  # noqa: E402
from .prescan import check_streams  # noqa: E402

# The pdfplumber backend and the OCR module are imported where they are used: ``parse`` forks
# pdfium's child after this package is imported, and every import before the fork delays both
# processes (the OCR module brings subprocess, gzip and thread pools).


def read_with_pdfplumber(path: str | os.PathLike):
    """The pdfplumber reference backend (:func:`.pdfplumber_backend.read_with_pdfplumber`)."""
    from .pdfplumber_backend import read_with_pdfplumber as read

    return read(path)


def _ocr():
    """The OCR module, :mod:`.ocr`."""
    from . import ocr

    return ocr


BACKENDS = {"pdfium": read_with_pdfium, "pdfplumber": read_with_pdfplumber}
# pdfium reads several times faster; pdfplumber stays as the reference it is checked against
# (tests/test_backend_parity.py).
DEFAULT_BACKEND = "pdfium"

quiet_libraries()
__all__ = ["BACKENDS", "DEFAULT_BACKEND", "OCR_MODES", "Box", "Document", "Page", "Rule", "Word", "check_file",
           "default_ocr", "read_pdf", "sha256_of"]


def default_ocr() -> str:
    """``RAPPORTANALYS_OCR`` (auto, always or never; ``rapportanalys app --ocr`` sets it), else auto."""
    mode = os.environ.get("RAPPORTANALYS_OCR", "").strip().lower()
    return mode if mode in OCR_MODES else "auto"


def read_pdf(path: str | os.PathLike, backend: str = DEFAULT_BACKEND, ocr: str | None = None,
             while_waiting: Callable[[], object] | None = None,
             on_page: Callable[[Page], object] | None = None) -> Document:
    """Open ``path`` and read every page. Raises a :class:`RapportanalysError` for bad input.

    ``backend`` names a function in :data:`BACKENDS` that turns a checked file into its
    document info and :class:`Page` objects; everything downstream sees only those. ``ocr``
    says which pages Tesseract reads (:mod:`.ocr`): ``auto`` only those without a usable text
    layer (a mixed document keeps its text layer elsewhere), ``always`` every page, ``never``
    none (a file without a text layer is then refused). The pdfium backend reads in the first
    look's child process (:func:`.checks.first_look`), and ``while_waiting()`` runs here
    meanwhile (``parse`` loads the spaCy pipeline); then ``on_page(page)`` gets each page this
    process unpacks while the child still reads (``parse`` groups its lines). A page handed to
    ``on_page`` may still change (OCR replaces its words) or be read again by the other backend.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r} (one of {', '.join(BACKENDS)})")
    ocr = ocr or default_ocr()
    if ocr not in OCR_MODES:
        raise ValueError(f"unknown OCR mode {ocr!r} (one of {', '.join(OCR_MODES)})")
    limits = bounds.current()
    check_file(path, limits)  # a regular file of bounded size with a PDF header and end
    # pdfium, in a child process: an abort cannot reach us. No flate bomb: the child scans the
    # streams first, before pdfium inflates any (run beside pdfium instead, the child, held only
    # by its 4 GB address-space cap, reached 270-500 MB resident inflating a 1 GiB bomb before
    # the scan killed it; 40 MB with the scan first). In the child the scan overlaps the
    # parent's ``while_waiting`` instead of delaying the fork (0.04 s of a 108-page report).
    def waiting() -> None:
        if ocr != "never":  # _read_looked asks it which pages need OCR: imported beside the child
            _ocr()
        if while_waiting is not None:
            while_waiting()

    look = first_look(path, limits, read=backend == "pdfium", while_waiting=waiting, check=True, on_page=on_page)
    try:
        if not look.streams:  # the child died or timed out first: scanned here, before any reader
            check_streams(path, limits)
        if look.bomb is not None:
            raise errors.TooLargeDecompressed(path, look.bomb)
        return _read_looked(path, backend, ocr, limits, look)
    finally:
        look.close()


def _read_looked(path, backend: str, ocr: str, limits: bounds.Bounds, look) -> Document:
    """:func:`read_pdf` once pdfium's first look (``look``) is in."""
    if look.crowded:
        raise errors.TooLarge(path, f"page {look.crowded[0]} holds {look.crowded[1]:,} words; "
                                    f"the bound is {limits.max_words_per_page:,}")
    bounds.allow_pages(look.pages)
    if no_characters(path, look):
        if ocr == "never":
            raise errors.NoTextLayer(path)
        # nothing to read but outlines or images: the backend is skipped (pdfplumber would
        # spend half a minute on the glyph outlines), every page is OCR'd
        info, pages = _blank_pages(path)
        return _with_ocr(path, info, pages, [p.number for p in pages], [], required=True)
    if backend == "pdfium" and look.turned:
        backend = "pdfplumber"  # see below
    looked = backend == "pdfium" and look.read is not None  # the pages of the first look's child
    info, pages = look.read if looked else BACKENDS[backend](path)
    survey = _survey(pages, look, limits, ocr, look.read_warnings if looked else None)
    if backend == "pdfium" and survey.turned:
        # A page shown or drawn turned (/Rotate 90, text upside down): the pdfplumber backend
        # turns its objects back to reading direction; the pdfium backend does not yet.
        backend = "pdfplumber"
        looked = False
        info, pages = BACKENDS[backend](path)
        survey = _survey(pages, look, limits, ocr, None)
    if not pages:
        raise errors.TruncatedPDF(path, "no pages")
    if survey.crowded is not None:  # pdfium's quick text stops at 32,767 characters; the page layer does not
        raise errors.TooLarge(path, f"page {survey.crowded[0]} holds {survey.crowded[1]:,} words; "
                                    f"the bound is {limits.max_words_per_page:,}")
    bounds.allow_pages(len(pages))
    if survey.missing and ocr == "never":
        raise errors.NoTextLayer(path)
    todo = [p.number for p in pages] if ocr == "always" else survey.todo
    return _with_ocr(path, info, pages, todo, survey.warnings, required=survey.missing or ocr == "always",
                     missing=survey.missing, sha=look.sha256 if looked else None)


class _Survey:
    """What the checks after the reading found, in one pass over the pages (a long document's
    pages are read back from the spill file for each pass: :class:`.spill.SpilledPages`)."""

    def __init__(self) -> None:
        self.turned = False  # a page is mostly rotated text (:func:`_turned`)
        self.crowded: tuple[int, int] | None = None  # (page, words) of the first page past the bound
        self.missing = False  # no usable text layer (:func:`.checks.text_layer_missing`)
        self.warnings: list[dict] = []  # :func:`.checks.text_warnings`
        self.todo: list[int] = []  # the pages ``auto`` reads by OCR


def _survey(pages, look, limits: bounds.Bounds, ocr: str, known: list[dict] | None) -> _Survey:
    """Every check on the pages as read, page by page: the same answers as asking each check of
    every page in turn. ``known``: the pages' text warnings, worked out already by the first
    look's child for the pages it read (``FirstLook.read_warnings``)."""
    survey = _Survey()
    survey.warnings = text_warnings_head(pages, look) + (known or [])
    needs_ocr = _ocr().needs_ocr if ocr == "auto" else None
    words = unmapped = 0
    for page in pages:
        survey.turned = survey.turned or _turned(page)
        if survey.crowded is None and len(page.words) > limits.max_words_per_page:
            survey.crowded = (page.number, len(page.words))
        if survey.crowded is not None:
            continue  # refused (unless a turned page sends the file to the other backend)
        words += len(page.words)
        unmapped += sum(1 for w in page.words if "(cid:" in w.text)
        if known is None and (warning := page_warning_against(page, look)) is not None:
            survey.warnings.append(warning)
        if needs_ocr is not None and needs_ocr(page, survey.warnings):
            survey.todo.append(page.number)
    survey.missing = not words or unmapped > 0.5 * words
    return survey


def _with_ocr(path, info: dict, pages: list[Page], todo: list[int], warnings: list[dict],
              required: bool, missing: bool | None = None, sha: str | None = None) -> Document:
    """The document, with the pages ``todo`` read by OCR. Without Tesseract, a document that
    cannot do without it (``required``) is refused with how to install it; otherwise the pages
    keep what their text layer gave and each gets a warning. ``sha``: the file's SHA-256 when
    known already (the first look's child reads it beside the reading)."""
    sha = sha or sha256_of(path)
    ocr_info = None
    if todo:
        tess = _ocr().engine()
        if isinstance(tess, str):
            if required:
                raise errors.OcrUnavailable(path, tess)
            warnings = warnings + [{"page": n, "warning": f"needs OCR, not read: {tess}"} for n in todo]
        else:
            pages = list(pages)  # pages OCR replaces are kept, not read back from the spill file
            dpi, cap, workers = _ocr().settings()
            bounds.allow_more(cap * -(-len(todo) // workers))
            result = _ocr().read_pages(path, sha, todo, tess)
            done = set(todo)
            short = _ocr_short(pages, todo, result.words)
            # a text-layer warning about a page OCR replaced no longer holds, unless OCR read
            # far fewer words than the layer holds: the page is then still not read whole
            warnings = ([w for w in warnings if w.get("page") not in done or w.get("page") in short]
                        + result.problems + [short[n] for n in todo if n in short])
            for page in pages:
                if page.number in done:
                    page.words, page.rotated, page.ocr = result.words[page.number], [], True
                    page.char_count = sum(len(w.text) for w in page.words)
            confidences = [w.confidence for n in todo for w in result.words[n]]
            ocr_info = {"engine": result.engine, "language": _ocr().LANGUAGE, "dpi": result.dpi,
                        "pages": result.pages,
                        "confidence": round(sum(confidences) / len(confidences), 1) if confidences else None}
    if (text_layer_missing(pages) if missing is None or ocr_info else missing):
        if ocr_info:
            problem = next((f"page {w['page']}: {w['warning']}" for w in warnings if w.get("page") in todo), None)
            raise errors.NoTextFound(path, problem)
        raise errors.NoTextLayer(path)
    return Document(path=errors.display_name(path), sha256=sha, page_count=len(pages),
                    info=info, pages=pages, warnings=warnings, ocr=ocr_info)


def _ocr_short(pages: list[Page], todo: list[int], read: dict[int, list]) -> dict[int, dict]:
    """A warning for each OCR'd page where Tesseract found under half the words the page's text
    layer holds (undecodable or hidden as they are). A damaged font can make pdfium draw the page
    as garbage while the layer still counts its words; OCR of that image is no reading of the
    page, and must not pass for one. Pages with little text (under 10 words) are left alone:
    there the counts say nothing."""
    layer = {p.number: len(p.words) + len(p.rotated) for p in pages}
    short = {}
    for n in todo:
        found = len(read.get(n, []))
        if layer.get(n, 0) >= 10 and found < layer[n] / 2:
            short[n] = {"page": n, "warning": f"OCR read {found} words where the text layer holds "
                                              f"{layer[n]}: the page may be read only in part"}
    return short


def _blank_pages(path) -> tuple[dict[str, str], list[Page]]:
    """Document info and empty pages of the displayed size, for a file OCR reads whole."""
    import pypdfium2 as pdfium

    from .pdfium_backend import classify_pdfium_error

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:
        raise classify_pdfium_error(path, exc) from exc
    try:
        pages = []
        for index in range(len(pdf)):
            width, height = pdf[index].get_size()
            pages.append(Page(number=index + 1, width=round(float(width), 4), height=round(float(height), 4)))
        info = {k: str(v) for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
    finally:
        pdf.close()
    return info, pages


def _turned(page: Page) -> bool:
    """Most of the page's text is rotated: a page drawn turned without a /Rotate entry."""
    if not page.rotated:  # most pages: nothing to count (asked of every page after the reading)
        return False
    return sum(len(w.text) for w in page.rotated) > sum(len(w.text) for w in page.words)
