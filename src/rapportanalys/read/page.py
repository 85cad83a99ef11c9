"""The page layer's objects: what every backend gives and everything downstream reads.

Words with font, size, bold and bounding box; ruling lines; filled boxes; images; and rotated
text as its own stream. Like pdfplumber's page → objects, these are plain data with no PDF
library behind them, so the structure stage never knows which backend read the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b\b|-b\b", re.I)
ITALIC_FONT = re.compile(r"italic|oblique|,i\b|-i\b", re.I)


@dataclass(slots=True, weakref_slot=True)  # weakly referable: tests show a page's words let go of
class Word:
    """A run of characters without a space and in one font, as the reader sees it."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    font: str
    size: float
    bold: bool
    italic: bool
    color: tuple | None = None
    # The words this one was joined from (letter-spaced display text), so the reader's
    # accounting can follow every word the page layer gave to where it ended.
    parts: tuple = ()
    # OCR'd words (read.ocr): Tesseract's confidence, 0-100; None for a text layer's words
    confidence: float | None = None
    # The word's place on its page (:func:`number_words`: its index among the page's words, then
    # its rotated runs), by which the structure stage's books (structure.accounting.Ledger) find
    # it: a long document's pages are read back from the spill file on each pass over them
    # (:class:`.spill.SpilledPages`), each time as new objects, and the word must be the same
    # word to the books each time. Not page-layer data: no part of equality.
    place: int | None = field(default=None, compare=False, repr=False)


@dataclass(slots=True)
class Rule:
    """A straight stroke (a table border, an underline, a separator), horizontal or vertical."""
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(slots=True)
class Box:
    """A drawn rectangle or shape: a table cell background, a coloured status icon, a chart bar."""
    x0: float
    top: float
    x1: float
    bottom: float
    fill: tuple | None
    stroke: tuple | None


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    char_count: int = 0
    # Text not written left to right (a vertical e-signature stamp in the margin, a rotated
    # axis label): its own stream, one Word per run, never mixed into the horizontal lines.
    rotated: list[Word] = field(default_factory=list)
    # characters drawn invisibly (render mode 3): an earlier OCR's layer over a scan
    invisible_chars: int = 0
    # read by OCR (read.ocr) instead of from a text layer
    ocr: bool = False


def number_words(page: "Page") -> None:
    """Give each word of ``page`` its place (:attr:`Word.place`): its words 0, 1, …, then its
    rotated runs. Asked once per reading of a page, so a page read again is numbered alike."""
    for index, word in enumerate(page.words):
        word.place = index
    for index, word in enumerate(page.rotated, len(page.words)):
        word.place = index


@dataclass
class Document:
    path: str
    sha256: str
    page_count: int
    info: dict[str, str]
    # a list, or for a long document read by pdfium a sequence that reads each page back from the
    # spill file when asked (:class:`.spill.SpilledPages`): ask it for pages in turn, keep none
    pages: Sequence[Page]
    # pages whose text could not be decoded, {"page": n or None, "warning": text}; see checks
    warnings: list[dict] = field(default_factory=list)
    # which pages were OCR'd and how well (read.ocr); None when none was
    ocr: dict | None = None
