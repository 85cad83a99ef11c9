"""``parse``: the whole flow from a PDF path to a :class:`~rapportanalys.model.Report`.

read (pdfium, or the pdfplumber reference) → structure (sections, blocks, tables) → extract (figures, activities, plans). Bad input raises a :class:`~rapportanalys.errors.RapportanalysError`;
anything else is a bug and is wrapped in :class:`~rapportanalys.errors.ParseFailure` so that a
batch can record it and go on.
"""
from __future__ import annotations

import os

from . import errors
from .model import Report
from .read import DEFAULT_BACKEND, read_pdf
from .read.bounds import time_bound


def _while_reading() -> None:
    """The parent's work while the PDF is read in the first look's child process: the structure
    and extraction code imported and the spaCy pipeline loaded. They are imported here, after
    the child is forked, not when this module is: the child never needs them, and their import
    (a tenth of a second and more) then overlaps the child's reading instead of delaying it."""
    from . import regex_cache

    # The expressions these imports and the pipeline compile (0.035 s of ``re`` parsing, beyond the
    # tokenizer's), compiled by an earlier parse: stored again whenever one is new (the code changed).
    known = regex_cache.preload(_COMPILED_WHILE_READING)
    from . import structure  # noqa: F401
    from .extract import prepare

    prepare()
    now = regex_cache.compiled_now()
    if now - known:
        regex_cache.store(_COMPILED_WHILE_READING, now)


_COMPILED_WHILE_READING = "parse: imports and pipeline"


def parse(path: str | os.PathLike, backend: str | None = None, ocr: str | None = None,
          beside: bool = False) -> Report:
    """Parse one PDF; ``backend`` names the page reader (default: pdfium), ``ocr`` which pages
    Tesseract reads (auto, always, never; default ``RAPPORTANALYS_OCR`` or auto). Runs within the
    wall-time bound of :mod:`rapportanalys.read.bounds` (a signal alarm, widened by
    ``read_pdf`` once the page count is known).

    ``beside``: a long report's figures are found in two processes at once (the ``parse``
    command, which has the machine's cores to itself; a batch already runs one parse per core,
    and there a second process would only add its fork)."""
    with time_bound(path):
        # The spaCy pipeline loads while the PDF is read in the first look's child process; the
        # pages the child hands over after that are grouped into lines while it reads on.
        early: list = []

        def on_page(page) -> None:
            if not early:
                from .structure import EarlyGrouping  # imported already by _while_reading
                early.append(EarlyGrouping())
            early[0].add(page)

        document = read_pdf(path, backend=backend or DEFAULT_BACKEND, ocr=ocr, while_waiting=_while_reading,
                            on_page=on_page)
        warnings, ocr_info = document.warnings, document.ocr
        from .extract import annotate  # imported already by _while_reading
        from .structure import build_report
        try:
            report = build_report(document, early=early[0] if early else None)
            early.clear()  # with any page it did not take (read again by the other backend)
            # The page layer's words (most of a long PDF's memory) are not needed past the
            # structure stage: freed before the extractors run the NLP model over the text.
            del document
            report = annotate(report, beside=beside)
        except errors.RapportanalysError:
            raise
        except MemoryError:
            raise errors.TooLarge(str(path), "out of memory within the bound") from None
        except Exception as exc:  # a bug: keep the cause for --debug, give the user one line
            raise errors.ParseFailure(str(path), f"{type(exc).__name__}: {exc}") from exc
    report.source.warnings = warnings
    report.source.ocr = ocr_info
    return report
