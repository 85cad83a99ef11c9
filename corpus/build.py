#!/usr/bin/env python3
"""Render the sample corpus: each ``corpus/sources/<stem>.txt`` becomes ``corpus/<stem>.pdf``.

The sources (markup described in ``corpus/FORMAT.md``) are hand-written labels of real Swedish
municipal reports; the PDFs rendered from them are what the parser is tested against. Two
producers render them, chosen by each source's front matter, so that the parser meets two
different sets of PDF quirks and is not tuned to one:

* ``libreoffice``: a flat ODT with real Writer styles, converted by ``soffice --headless``;
* ``reportlab``: platypus, with fake-bold chapter headings, hyphenated justified body text and
  footnotes placed by hand.

A PDF is rendered, read back with pdfplumber and rendered again until it agrees with what the
previous reading learnt: the table of contents carries the headings' real page numbers, the
page count in the footers is right, footnotes have room at the bottom of their page, and page
breaks fall where the tests need them: inside every paragraph marked ``% page break falls inside
the next paragraph`` and, in portrait documents, inside at least one paragraph and one table row.
Page breaks are moved by resizing the (textless) charts and image placeholders before a block,
and only then by spreading space over the gaps above it. The last reading is printed as a
report, with any source text that cannot be found in the PDF.

Usage: ``python corpus/build.py [-o OUTDIR] [SOURCE.txt ...]``  (default: every
``corpus/sources/*.txt`` into ``corpus/``). Needs LibreOffice (``soffice``), the DejaVu fonts,
and reportlab, pyphen and pdfplumber.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pdfplumber
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Frame, KeepInFrame, NextPageTemplate, PageBreak as RLPageBreak,
                                PageTemplate, Paragraph as RLParagraph, Spacer, Table as RLTable,
                                TableStyle)
from reportlab.platypus.flowables import _listWrapOn

CORPUS = Path(__file__).resolve().parent
SOURCES = CORPUS / "sources"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
LO_PROFILE = Path(tempfile.gettempdir()) / "rapportanalys-corpus-lo-profile"

MAX_PASSES = 8  # renderings per document before giving up on agreeing with the read-back


# ---------------------------------------------------------------------------------------------
# The source markup (FORMAT.md)
# ---------------------------------------------------------------------------------------------

class SourceError(Exception):
    """A source file that does not follow FORMAT.md; the message names the file and line."""


@dataclass(frozen=True)
class Cover:
    lines: tuple[tuple[str, str], ...]  # (style, text); style is logo, title, subtitle or line


@dataclass(frozen=True)
class Toc:
    levels: int


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    cut: bool = False  # marked in the source: a page break must fall inside it


@dataclass(frozen=True)
class ListItem:
    depth: int
    number: str | None  # "3." for a numbered item, None for a bullet
    text: str
    cut: bool = False


@dataclass(frozen=True)
class Table:
    widths: tuple[float, ...]
    header: bool
    rows: tuple[tuple[tuple[str, ...], ...], ...]  # row → cell → the cell's paragraphs


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Chart:
    label: str  # never printed; it only seeds the bar heights so every build draws the same chart


@dataclass(frozen=True)
class Image:
    pass


@dataclass(frozen=True)
class Signature:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Fields:
    items: tuple[tuple[str, str], ...]  # (label, value)


Block = Cover | Toc | Heading | Paragraph | ListItem | Table | PageBreak | Chart | Image | Signature | Fields


@dataclass(frozen=True)
class Source:
    """A parsed source file: its front matter, its blocks in order, its footnotes."""
    path: Path
    meta: dict[str, str]
    blocks: tuple[Block, ...]
    notes: dict[str, str]  # footnote id → text

    @property
    def slides(self) -> bool:
        return self.meta["layout"] == "slides"

    @property
    def has_cover(self) -> bool:
        return bool(self.blocks) and isinstance(self.blocks[0], Cover)

    @property
    def title(self) -> str:
        """The PDF title: the cover's title lines, else the first heading."""
        if self.has_cover:
            titles = [text for style, text in self.blocks[0].lines if style == "title"]
            if titles:
                return " ".join(titles)
        heading = next((b for b in self.blocks if isinstance(b, Heading)), None)
        return plain(heading.text) if heading else self.path.stem

    @property
    def author(self) -> str:
        """The PDF author: the running footer names the municipality or body that publishes."""
        return self.meta["footer"]


FRONT_MATTER_CHOICES = {"producer": ("libreoffice", "reportlab"), "layout": ("portrait", "slides"),
                        "font": ("serif", "sans")}
FRONT_MATTER_REQUIRED = ("producer", "layout", "font", "header", "footer", "page_numbers")
CUT_COMMENT = "page break falls inside the next paragraph"

HEADING = re.compile(r"(?P<marks>#{1,4}) (?P<text>\S.*)")
ITEM = re.compile(r"(?P<indent> *)(?:- |(?P<number>\d+)\. )(?P<text>\S.*)")
NOTE_DEFINITION = re.compile(r"\[\^(?P<id>[^\]\s]+)\]:\s*(?P<text>.*)")
TOC = re.compile(r"\[toc(?: levels=(?P<levels>[1-4]))?\]")
CHART = re.compile(r"\[chart(?::\s*(?P<label>[^\]]*))?\]")
TABLE = re.compile(r"\[table(?P<options>[^\]]*)\]")
REGIONS = {"[cover]": "[/cover]", "[signature]": "[/signature]", "[fields]": "[/fields]"}


def parse_source(path: Path) -> Source:
    """Read a source file: its front matter, blocks and footnotes."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != "---":
        raise SourceError(f"{path}:1: the front matter must start with ---")
    end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), None)
    if end is None:
        raise SourceError(f"{path}: the front matter has no closing ---")
    meta = {}
    for n in range(1, end):
        if lines[n].strip():
            key, sep, value = lines[n].partition(":")
            if not sep:
                raise SourceError(f"{path}:{n + 1}: expected 'key: value' in the front matter")
            meta[key.strip()] = value.strip()
    for key in FRONT_MATTER_REQUIRED:
        if key not in meta:
            raise SourceError(f"{path}: the front matter has no '{key}'")
    for key, allowed in FRONT_MATTER_CHOICES.items():
        if meta[key] not in allowed:
            raise SourceError(f"{path}: {key} must be one of {', '.join(allowed)}, not {meta[key]!r}")
    blocks, notes = _BodyParser(path, lines, end + 1).parse()
    return Source(path, meta, tuple(blocks), notes)


class _BodyParser:
    """Reads the body of a source file, line by line, into blocks (FORMAT.md, "Body")."""

    def __init__(self, path: Path, lines: list[str], start: int):
        self.path, self.lines, self.next = path, lines, start
        self.blocks: list[Block] = []
        self.notes: dict[str, str] = {}
        self.paragraph: list[str] = []  # lines of the paragraph being read
        self.cut_marker: int | None = None  # line of a pending "page break falls inside" comment
        self.in_list = False  # the previous line was a list item: a plain line continues it

    def error(self, message: str, line: int | None = None) -> SourceError:
        return SourceError(f"{self.path}:{line or self.next}: {message}")

    def parse(self) -> tuple[list[Block], dict[str, str]]:
        while self.next < len(self.lines):
            line = self.lines[self.next].rstrip()
            self.next += 1
            text = line.strip()
            if text.startswith("%"):
                if CUT_COMMENT in text:
                    self.flush()
                    self.cut_marker = self.next
                continue
            if not text:
                self.flush()
                self.in_list = False
            elif text in REGIONS or TABLE.fullmatch(text):
                self.region(text)
            elif m := TOC.fullmatch(text):
                self.add(Toc(int(m["levels"] or 4)))
            elif text in ("[pagebreak]", "[slide]"):
                self.add(PageBreak())
            elif m := CHART.fullmatch(text):
                self.add(Chart((m["label"] or "").strip()))
            elif text == "[image]":
                self.add(Image())
            elif m := NOTE_DEFINITION.fullmatch(text):
                self.flush()
                self.notes[m["id"]] = m["text"]
            elif m := HEADING.fullmatch(text):
                self.add(Heading(len(m["marks"]), m["text"].strip()))
            elif m := ITEM.fullmatch(line):
                number = m["number"] + "." if m["number"] else None
                self.add(ListItem(len(m["indent"]) // 2, number, m["text"].strip()))
                self.in_list = True
            elif self.in_list:
                last = self.blocks[-1]
                self.blocks[-1] = replace(last, text=f"{last.text} {text}")
            else:
                self.paragraph.append(text)
        self.flush()
        if self.cut_marker is not None:
            raise self.error("the page-break comment is not followed by a paragraph", self.cut_marker)
        return self.blocks, self.notes

    def flush(self) -> None:
        if self.paragraph:
            text, self.paragraph = " ".join(self.paragraph), []
            self.add(Paragraph(text))

    def add(self, block: Block) -> None:
        self.flush()
        if self.cut_marker is not None:
            if not isinstance(block, (Paragraph, ListItem)):
                raise self.error("the page-break comment must precede a paragraph", self.cut_marker)
            block, self.cut_marker = replace(block, cut=True), None
        if isinstance(block, PageBreak) and (not self.blocks or isinstance(self.blocks[-1], (Cover, Toc, PageBreak))):
            return  # a new page starts here anyway: "[slide]" before the first slide, or after the cover
        self.blocks.append(block)
        self.in_list = False

    def region(self, opening: str) -> None:
        """A multi-line construct: [cover], [table ...], [signature] or [fields]."""
        start = self.next
        closing = REGIONS.get(opening, "[/table]")
        body = []
        while True:
            if self.next >= len(self.lines):
                raise self.error(f"{opening} is never closed by {closing}", start)
            line = self.lines[self.next].strip()
            self.next += 1
            if line == closing:
                break
            if line and not line.startswith("%"):
                body.append((self.next, line))
        if opening == "[cover]":
            cover = []
            for n, line in body:
                style, sep, text = line.partition(":")
                if not sep or style.strip() not in ("logo", "title", "subtitle", "line"):
                    raise self.error("a cover line is 'logo|title|subtitle|line: text'", n)
                cover.append((style.strip(), text.strip()))
            self.add(Cover(tuple(cover)))
        elif opening == "[signature]":
            self.add(Signature(tuple(line for _, line in body)))
        elif opening == "[fields]":
            items = []
            for n, line in body:
                label, sep, value = line.partition(":")
                if not sep:
                    raise self.error("a field is 'Label: value'", n)
                items.append((label.strip(), value.strip()))
            self.add(Fields(tuple(items)))
        else:
            self.add(self.table(TABLE.fullmatch(opening)["options"], body, start))

    def table(self, options: str, body: list[tuple[int, str]], start: int) -> Table:
        widths, header = None, False
        for option in options.split():
            if option == "header":
                header = True
            elif option.startswith("widths="):
                widths = tuple(float(w) for w in option.removeprefix("widths=").split(","))
            else:
                raise self.error(f"unknown table option {option!r}", start)
        rows = []
        for n, line in body:
            if not (line.startswith("|") and line.endswith("|")) or len(line) < 2:
                raise self.error("a table row is '| cell | cell |'", n)
            cells = [cell.strip() for cell in line[1:-1].split(" | ")]
            rows.append(tuple(tuple(re.split(r"\s*<br>\s*", cell)) for cell in cells))
            if widths is None:
                widths = (1.0,) * len(cells)
            if len(cells) != len(widths):
                raise self.error(f"the row has {len(cells)} cells, the table {len(widths)} columns", n)
        if not rows:
            raise self.error("the table has no rows", start)
        return Table(widths, header, tuple(rows))


# ---------------------------------------------------------------------------------------------
# Inline text: *italic*, **bold** and footnote references
# ---------------------------------------------------------------------------------------------

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
INLINE = re.compile(r"\*\*\*(?P<both>.+?)\*\*\*|\*\*(?P<bold>.+?)\*\*|\*(?P<italic>.+?)\*"
                    r"|(?P<marker>[⁰¹²³⁴⁵⁶⁷⁸⁹]*)\[\^(?P<note>[^\]\s]+)\]")


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style; for a footnote reference, the marker and the note id."""
    text: str
    bold: bool = False
    italic: bool = False
    note: str | None = None


def runs(text: str) -> list[Run]:
    """Split inline markup (``*italic*``, ``**bold**``, ``***both***``) into runs. A footnote
    reference's marker is the superscript digits written before it in the source
    (``procent¹[^1]``, as the seeds have it), else the id in superscript."""
    out, position = [], 0
    for m in INLINE.finditer(text):
        if m.start() > position:
            out.append(Run(text[position:m.start()]))
        if m["both"] is not None:
            out.extend(replace(run, bold=True, italic=True) for run in runs(m["both"]))
        elif m["bold"] is not None:
            out.extend(replace(run, bold=True) for run in runs(m["bold"]))
        elif m["italic"] is not None:
            out.extend(replace(run, italic=True) for run in runs(m["italic"]))
        else:
            out.append(Run(m["marker"] or m["note"].translate(SUPERSCRIPTS), note=m["note"]))
        position = m.end()
    if position < len(text):
        out.append(Run(text[position:]))
    return out


def plain(text: str) -> str:
    """The text as printed: markup removed, footnote markers in place."""
    return "".join(run.text for run in runs(text))


def heading_number(text: str) -> tuple[str | None, str]:
    """Split "4.1 Hälsa" into ("4.1", "Hälsa"), for the number column of the contents."""
    m = re.fullmatch(r"(\d{1,2}(?:\.\d{1,2})*\.?)\s+(\S.*)", text)
    return (m[1], m[2]) if m else (None, text)


_SERIF_CMAP: set[int] | None = None


def needs_sans(char: str) -> bool:
    """DejaVu Serif has no ✓ ✘ ✔ ✗: such characters are set in DejaVu Sans, as a word
    processor's font fallback would."""
    global _SERIF_CMAP
    if _SERIF_CMAP is None:
        _SERIF_CMAP = set(TTFont("probe", str(FONT_DIR / "DejaVuSerif.ttf")).face.charToGlyph)
    return not char.isspace() and ord(char) not in _SERIF_CMAP


# ---------------------------------------------------------------------------------------------
# Page geometry and type, shared by both producers
# ---------------------------------------------------------------------------------------------

CM = 72 / 2.54


@dataclass(frozen=True)
class Geometry:
    """The page in points; vertical positions are measured from the top, as pdfplumber does."""
    width: float
    height: float
    margin_x: float
    body_top: float  # the body text starts here; the running header sits above
    body_bottom: float  # and ends here; the running footer sits below
    header_top: float
    footer_top: float

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin_x


PORTRAIT = Geometry(21.0 * CM, 29.7 * CM, 2.5 * CM, 2.5 * CM, 27.2 * CM, 1.2 * CM, 27.7 * CM)
SLIDES = Geometry(29.7 * CM, 21.0 * CM, 2.0 * CM, 2.5 * CM, 19.0 * CM, 1.2 * CM, 19.5 * CM)

BODY_PT = 10.5
LEADING = 1.3  # body line height / font size
PARA_GAP = 6.0  # space after a body paragraph, pt
HEADING_PT = {1: 18, 2: 15, 3: 13, 4: 12}
SLIDE_HEADING_PT = {1: 26, 2: 20, 3: 16, 4: 13}  # slide titles are big
HEADING_SPACE = {1: (18, 8), 2: (14, 6), 3: (10, 4), 4: (8, 3)}  # (before, after), pt
SMALL_PT = 8.0  # running header/footer and footnotes
LABEL_PT = 8.5  # memo field labels
TABLE_PT = 9.5
INK = "#1f3864"  # headings and cover
GREY = "#404040"  # running header/footer, field labels
HEADER_FILL = "#dce6f2"  # table header rows
BAR_COLOURS = ("#2e5c8a", "#7fa6cf")
CONTENTS_TITLE = "Innehållsförteckning"
NUMBER_COLUMN = 1.2 * CM  # width of the heading-number column in the contents
FAKE_BOLD_OFFSET = 0.4  # pt between the two strokes of a fake-bold heading
MIN_SLIDE_SCALE = 0.85  # the most a slide's text shrinks to fit (10.5 pt body → 8.9 pt)
CHART_HEIGHT = 4.5 * CM  # before the page-break planning resizes it
IMAGE_HEIGHT = 3.5 * CM


def heading_pt(source: Source, level: int) -> float:
    return (SLIDE_HEADING_PT if source.slides else HEADING_PT)[level]


def cover_gap(style: str, previous: str | None) -> float:
    """Space (pt) above a cover line: the title sits about a third down the page and the other
    lines further down; lines of one kind, and a subtitle under its title, stay together."""
    if previous is None or style == previous or (style == "subtitle" and previous == "title"):
        return 0.0
    return 120.0 if style == "line" else 200.0


def chart_bars(chart: Chart, index: int) -> list[float]:
    """Bar heights as fractions of the chart height (the tallest is 1), the same on every build."""
    rng = random.Random(f"{chart.label}/{index}")
    bars = [rng.uniform(0.25, 1.0) for _ in range(rng.randint(4, 7))]
    return [bar / max(bars) for bar in bars]


# ---------------------------------------------------------------------------------------------
# Reading a rendered PDF back
# ---------------------------------------------------------------------------------------------

SMALL_BELOW = 8.3  # characters smaller than this are running header/footer or footnotes


@dataclass(frozen=True, order=True)
class Target:
    """A block of the source, or (row >= 0) one row of a table block."""
    block: int
    row: int = -1


@dataclass(frozen=True)
class Placement:
    """Where a block or table row landed: its first line's page and top, its line count."""
    first_page: int
    last_page: int
    top: float
    lines: int
    line_height: float

    @property
    def cut(self) -> bool:
        return self.last_page > self.first_page


@dataclass
class Readback:
    """What a rendered PDF shows, in terms of the source."""
    pages: int
    placements: dict[Target, Placement]
    heading_pages: dict[int, int]  # block index → page
    note_pages: dict[str, int]  # footnote id → page of its reference
    body_bottom: dict[int, float]  # page → where its body text must end (above its footnotes)
    missing: list[str]  # source text not found in the PDF
    decoration_faults: list[str]  # pages whose running header/footer is wrong
    metadata: dict[str, str]
    doubled_glyphs: int  # glyphs drawn twice (fake bold), removed before reading
    hyphen_ends: int  # body lines ending in a hyphen after a letter (hyphenation, mostly)


def norm(text: str) -> str:
    """Text reduced to what survives any PDF text extraction: letters and digits, case-folded.
    Hyphenation, spacing and punctuation differences vanish, so matching is exact."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


class _Stream:
    """The body text of a PDF in reading order, one entry per normalised character, with the
    line each character is on; running header/footer, footnotes and tables are left out."""

    def __init__(self):
        self.chars: list[str] = []
        self.line_of: list[int] = []
        self.lines: list[tuple[int, float]] = []  # (page, top)
        self.text = ""
        self.hyphen_ends = 0

    def add_line(self, page: int, chars: list[dict]) -> None:
        self.lines.append((page, min(c["top"] for c in chars)))
        self.hyphen_ends += len(chars) > 1 and chars[-1]["text"] == "-" and chars[-2]["text"].isalpha()
        for c in chars:
            for ch in norm(c["text"]):
                self.chars.append(ch)
                self.line_of.append(len(self.lines) - 1)

    def placement(self, start: int, end: int) -> Placement:
        first, last = self.line_of[start], self.line_of[end - 1]
        tops = [top for page, top in self.lines[first:last + 1] if page == self.lines[first][0]]
        gaps = [b - a for a, b in zip(tops, tops[1:])]
        return Placement(self.lines[first][0], self.lines[last][0], self.lines[first][1],
                         last - first + 1, statistics.median(gaps) if gaps else BODY_PT * LEADING)


@dataclass
class _RowPiece:
    """The part of one table row printed on one page."""
    page: int
    cells: list[str]  # normalised text per cell
    lines: list[int]  # text lines per cell
    top: float  # top of its first text line
    line_height: float


def _text_lines(chars: list[dict]) -> list[list[dict]]:
    """Group characters into lines (by top, 2.5 pt tolerance), each sorted left to right."""
    lines: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(c["top"] - lines[-1][0]["top"]) <= 2.5:
            lines[-1].append(c)
        else:
            lines.append([c])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _inside(c: dict, bbox: tuple[float, float, float, float]) -> bool:
    x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def read_back(pdf_path: Path, source: Source, geometry: Geometry) -> Readback:
    """Find every block, table row and footnote of the source in the PDF, in order."""
    stream = _Stream()
    pieces: list[_RowPiece] = []
    footnote_text: dict[int, str] = {}
    body_bottom: dict[int, float] = {}
    faults: list[str] = []
    doubled = 0
    with pdfplumber.open(pdf_path) as pdf:
        pages = len(pdf.pages)
        metadata = {key: str(value) for key, value in pdf.metadata.items()}
        for page in pdf.pages:
            number, drawn = page.page_number, len(page.chars)
            page = page.dedupe_chars(tolerance=1)  # fake bold: each glyph is drawn twice
            doubled += drawn - len(page.chars)
            tables = [t for t in page.find_tables() if any(any(row) for row in t.extract())]
            body, header, footer, notes = [], [], [], []
            for c in page.chars:
                if any(_inside(c, t.bbox) for t in tables):
                    continue
                if c["size"] >= SMALL_BELOW:
                    body.append(c)
                elif c["top"] < geometry.body_top:
                    header.append(c)
                elif c["top"] > geometry.body_bottom:
                    footer.append(c)
                else:
                    notes.append(c)
            for line in _text_lines(body):
                stream.add_line(number, line)
            footnote_text[number] = "".join(norm(c["text"]) for line in _text_lines(notes) for c in line)
            body_bottom[number] = min([c["top"] - 6 for c in notes], default=geometry.body_bottom)
            for table in tables:
                pieces.extend(_row_pieces(page, table, number))
            faults.extend(_decoration_faults(source, number, pages, header, footer))
    stream.text = "".join(stream.chars)
    readback = _locate(source, stream, pieces, footnote_text)
    readback.pages, readback.body_bottom, readback.decoration_faults = pages, body_bottom, faults
    readback.metadata, readback.doubled_glyphs, readback.hyphen_ends = metadata, doubled, stream.hyphen_ends
    return readback


def _row_pieces(page, table, number: int) -> list[_RowPiece]:
    out = []
    for row, texts in zip(table.rows, table.extract()):
        cells, lines, tops = [], [], []
        for bbox, text in zip(row.cells, texts):
            cell_lines = _text_lines([c for c in page.chars if bbox and _inside(c, bbox)])
            cells.append(norm(text or ""))
            lines.append(len(cell_lines))
            tops.append([line[0]["top"] for line in cell_lines])
        tallest = max(tops, key=len)
        gaps = [b - a for a, b in zip(tallest, tallest[1:])]
        out.append(_RowPiece(number, cells, lines, min((t[0] for t in tops if t), default=row.bbox[1]),
                             statistics.median(gaps) if gaps else TABLE_PT * LEADING))
    return out


def _decoration_faults(source: Source, page: int, pages: int, header: list, footer: list) -> list[str]:
    """The running header/footer must be on every page but the cover, with the right number."""
    header_text = "".join(norm(c["text"]) for c in header)
    footer_text = "".join(norm(c["text"]) for line in _text_lines(footer) for c in line)
    if page == 1 and source.has_cover:
        return [f"p.{page}: the cover has a running header/footer"] if header_text or footer_text else []
    number = source.meta["page_numbers"].format(page=page, pages=pages)
    wanted = [("header", source.meta["header"], header_text), ("footer", source.meta["footer"], footer_text),
              ("page number", number, footer_text)]
    return [f"p.{page}: no running {what} {text!r}" for what, text, found in wanted if norm(text) not in found]


def _locate(source: Source, stream: _Stream, pieces: list[_RowPiece], footnote_text: dict[int, str]) -> Readback:
    """Find the source's blocks in the body text in order (the cursor only moves forward, so
    a heading is not found in the table of contents), its table rows among the row pieces, and
    its footnotes in the footnote text."""
    placements: dict[Target, Placement] = {}
    note_pages: dict[str, int] = {}
    missing: list[str] = []
    cursor = 0

    def find(text: str) -> tuple[int, int] | None:
        nonlocal cursor
        key = norm(text)
        at = stream.text.find(key, cursor) if key else -1
        if at < 0:
            if key:
                missing.append(_snippet(text))
            return None
        cursor = at + len(key)
        return at, cursor

    piece = 0
    for index, block in enumerate(source.blocks):
        target = Target(index)
        texts: list[str] = []
        match block:
            case Cover(lines=lines):
                texts = [text for _, text in lines]
            case Toc():
                find(CONTENTS_TITLE)
                for _, heading in _contents(source, block):
                    find(plain(heading.text))
                continue
            case Heading(text=text) | Paragraph(text=text) | ListItem(text=text):
                texts = [plain(text)]
            case Signature(lines=lines):
                texts = list(lines)
            case Fields(items=items):
                texts = [part for item in items for part in item]
            case Table():
                piece = _locate_table(index, block, pieces, piece, placements, note_pages, missing)
        spans = [span for span in map(find, texts) if span]
        if spans:
            placements[target] = stream.placement(spans[0][0], spans[0][1])
        if isinstance(block, (Paragraph, ListItem)) and spans:
            end_of_run = spans[0][0]
            for run in runs(block.text):  # a footnote is printed on the page of its marker
                end_of_run += len(norm(run.text))
                if run.note:
                    note_pages[run.note] = stream.lines[stream.line_of[end_of_run - 1]][0]
    for note_id, text in source.notes.items():
        if not any(norm(text) in found for found in footnote_text.values()):
            missing.append(f"footnote {note_id}: " + _snippet(text))
    heading_pages = {i: placements[Target(i)].first_page for i, b in enumerate(source.blocks)
                     if isinstance(b, Heading) and Target(i) in placements}
    return Readback(0, placements, heading_pages, note_pages, {}, missing, [], {}, 0, 0)


def _locate_table(index: int, table: Table, pieces: list[_RowPiece], piece: int, placements: dict[Target, Placement],
                  note_pages: dict[str, int], missing: list[str]) -> int:
    """Match the table's rows, in order, to the row pieces found on the pages; a row printed in
    two pieces (a page break inside it) is the concatenation of consecutive pieces. A footnote
    referenced in a row is taken to be on the row's first page."""
    header = [norm(plain(" ".join(cell))) for cell in table.rows[0]] if table.header else None
    for r, row in enumerate(table.rows):
        wanted = [norm(plain(" ".join(cell))) for cell in row]
        found: list[_RowPiece] = []
        got = [""] * len(wanted)
        k = piece
        while k < len(pieces) and got != wanted:
            candidate = pieces[k]
            if r > 0 and candidate.cells == header:
                k += 1  # the header row repeated on a new page
                continue
            joined = [a + b for a, b in zip(got, candidate.cells)]
            if len(candidate.cells) != len(wanted) or not all(w.startswith(j) for w, j in zip(wanted, joined)):
                break
            got = joined
            found.append(candidate)
            k += 1
        if got != wanted or not found:
            missing.append(f"table row: {_snippet(' | '.join(' '.join(cell) for cell in row))}")
            continue
        piece = k
        lines = [sum(p.lines[c] for p in found) for c in range(len(wanted))]
        placement = Placement(found[0].page, found[-1].page, found[0].top, max(lines), found[0].line_height)
        placements[Target(index, r)] = placement
        placements.setdefault(Target(index), placement)
        for run in runs(" ".join(paragraph for cell in row for paragraph in cell)):
            if run.note:
                note_pages[run.note] = placement.first_page
    return piece


def _snippet(text: str, length: int = 60) -> str:
    text = plain(text)
    return repr(text if len(text) <= length else text[:length - 1] + "…")


def _contents(source: Source, toc: Toc) -> list[tuple[int, Heading]]:
    return [(i, b) for i, b in enumerate(source.blocks) if isinstance(b, Heading) and b.level <= toc.levels]


# ---------------------------------------------------------------------------------------------
# Planning the next pass: contents page numbers, footnote room, page breaks inside blocks
# ---------------------------------------------------------------------------------------------

MAX_GAPS = 16  # gaps added space is spread over, so that no single gap looks wrong
PAGES_BACK = 1  # how many pages before a block the blocks that move it may lie


def elastic_range(block: Block) -> tuple[float, float] | None:
    """How much (pt) the height of a chart or image placeholder may change. They carry no text,
    so their size is free: moving a page break by resizing them leaves no visible trace."""
    if isinstance(block, Chart):
        return (-2.0 * CM, 2.5 * CM)
    if isinstance(block, Image):
        return (-1.5 * CM, 2.0 * CM)
    return None


@dataclass
class Move:
    """How far one target is moved (pt, + down) so that the break after ``page`` falls inside
    it, spread over ``slots``. Layout is not linear in the amount (whole lines, blocks that do
    not split, keep-with-next), so amounts that proved too little or too much are kept and the
    next one is found by bisection between them."""
    page: int
    slots: tuple[int, ...]
    amount: float = 0.0
    changes: dict[int, float] = field(default_factory=dict)  # block → pt
    too_little: float | None = None
    too_much: float | None = None


@dataclass
class Plan:
    """What a rendering pass is told, learnt from reading the previous pass back.

    A page break is moved into a block by moving the block down or up. Charts and image
    placeholders before it absorb the move first, by changing height; what they cannot absorb
    becomes space above blocks, spread over up to MAX_GAPS gaps on the same and the previous
    page, so that a page looks loosely set rather than having a hole in it."""
    heading_pages: dict[int, int] = field(default_factory=dict)
    pages: int = 0
    note_pages: dict[int, list[str]] = field(default_factory=dict)  # page → footnote ids printed there
    targets: list[Target] = field(default_factory=list)  # blocks and rows a page break must fall inside
    moves: dict[Target, Move] = field(default_factory=dict)
    relaxed: set[int] = field(default_factory=set)  # blocks allowed a single line on either page
    impossible: set[Target] = field(default_factory=set)  # targets that could not be cut

    def adjustment(self, block: int, without: Target | None = None) -> float:
        """Points added to a block: to a chart's or image's height, else as space above it."""
        return sum(move.changes.get(block, 0.0) for t, move in self.moves.items() if t != without)


def first_plan(source: Source) -> Plan:
    return Plan(targets=[Target(i) for i, b in enumerate(source.blocks) if getattr(b, "cut", False)])


def revise(plan: Plan, source: Source, rb: Readback, geometry: Geometry) -> Plan:
    """The plan for the next pass; equal to ``plan`` when the PDF already agrees with it."""
    new = copy.deepcopy(plan)
    new.heading_pages, new.pages = dict(rb.heading_pages), rb.pages
    for note_id, page in rb.note_pages.items():
        # Room once reserved stays reserved: a footnote that moves on because of its own room
        # would otherwise flip between two pages forever.
        if note_id not in new.note_pages.setdefault(page, []):
            new.note_pages[page].append(note_id)
    if not source.slides:
        _add_cheapest_target(new, source, rb, geometry, rows=False)
        _add_cheapest_target(new, source, rb, geometry, rows=True)
    for target in sorted(new.targets):
        placement = rb.placements.get(target)
        if target in new.impossible or placement is None or placement.cut:
            continue
        if placement.lines < 4 and target.row < 0:
            new.relaxed.add(target.block)
        if not _move_again(new, source, rb, geometry, target, placement):
            new.impossible.add(target)
        break  # a change moves everything after it: re-measure before the next target
    return new


def _move_again(plan: Plan, source: Source, rb: Readback, geometry: Geometry, target: Target,
                p: Placement) -> bool:
    """Choose the target's next amount from where it landed; False when there is none left."""
    move = plan.moves.get(target)
    if move is None:
        options = _options(plan, source, rb, geometry, target, p)
        if not options:
            return False
        _, _, amount, page = min(options)
        move = plan.moves[target] = Move(page, tuple(_slots(source, rb, target)))
    else:
        if p.last_page <= move.page:
            move.too_little = max(move.amount, move.too_little if move.too_little is not None else -1e9)
        else:
            move.too_much = min(move.amount, move.too_much if move.too_much is not None else 1e9)
        if move.too_little is not None and move.too_much is not None:
            amount = (move.too_little + move.too_much) / 2
        else:
            amount = move.amount + _distance(p, rb, geometry, move.page)
    changes = _distribute(plan, source, target, move.slots, amount)
    if changes is None or (move.changes and abs(amount - move.amount) < 0.5):
        return False  # cannot move that far, or bisected down to nothing without a cut
    move.amount, move.changes = round(amount, 1), {j: round(v, 1) for j, v in changes.items()}
    return True


def _distance(p: Placement, rb: Readback, geometry: Geometry, page: int) -> float:
    """How far (pt, + down) to move a block so that the break after ``page`` falls inside it,
    leaving two lines (one, for blocks under four lines) after the break."""
    over = 2 if p.lines >= 4 else 1
    body = geometry.body_bottom - geometry.body_top
    bottom = rb.body_bottom.get(p.first_page, geometry.body_bottom)
    if p.first_page <= page:  # down to the break after ``page``
        return bottom - (p.lines - over + 0.5) * p.line_height - p.top + (page - p.first_page) * body
    return -((p.top - geometry.body_top) + (over + 0.5) * p.line_height + (p.first_page - page - 1) * body)


def _options(plan: Plan, source: Source, rb: Readback, geometry: Geometry, target: Target,
             p: Placement) -> list[tuple[float, float, float, int]]:
    """The ways to make a page break fall inside a block: move it down to the break after its
    page, or up to the break before it. Each comes as (cost, size, amount, page of the break);
    the cost is the visible gap space it adds."""
    if p.lines < 2:
        return []
    slots = _slots(source, rb, target)
    options = []
    for page in [p.first_page, p.first_page - 1] if p.first_page > 1 else [p.first_page]:
        amount = _distance(p, rb, geometry, page)
        if page == p.first_page:
            amount = max(amount, p.line_height / 2)  # the block is not cut: the break lies below it
        changes = _distribute(plan, source, target, slots, amount)
        if changes is not None:
            gaps = sum(v for j, v in changes.items() if not elastic_range(source.blocks[j]) and v > 0)
            options.append((gaps, abs(amount), amount, page))
    return options


def _distribute(plan: Plan, source: Source, target: Target, slots: list[int] | tuple[int, ...],
                amount: float) -> dict[int, float] | None:
    """Spread a move over the slots, nearest first. Down: grow charts and images, then add the
    rest as space over the gaps. Up: take back space other moves added and shrink charts and
    images; None when they cannot give that much."""
    changes: dict[int, float] = {}
    rest = abs(amount)
    for j in slots:
        limits = elastic_range(source.blocks[j])
        current = plan.adjustment(j, without=target)
        room = (limits[1] - current if limits else 0.0) if amount > 0 else current - (limits[0] if limits else 0.0)
        change = min(rest, max(0.0, room))
        if change:
            changes[j] = change if amount > 0 else -change
            rest -= change
    if rest > 0.1:
        if amount < 0:
            return None
        gaps = [j for j in slots if not elastic_range(source.blocks[j])][:MAX_GAPS]
        for j in gaps:
            changes[j] = changes.get(j, 0.0) + rest / len(gaps)
    return changes


def _add_cheapest_target(plan: Plan, source: Source, rb: Readback, geometry: Geometry, rows: bool) -> None:
    """Make sure a page break falls inside at least one body paragraph (or table row): if none
    does yet, pick the one that is cheapest to move."""
    def wanted(t: Target) -> bool:
        return (t.row >= 0) if rows else (t.row < 0 and isinstance(source.blocks[t.block], Paragraph))

    if any(wanted(t) for t in plan.targets) or any(wanted(t) and p.cut for t, p in rb.placements.items()):
        return
    candidates = []
    for t, p in rb.placements.items():
        if wanted(t) and not (source.has_cover and p.first_page == 1):
            for cost, size, _, _ in _options(plan, source, rb, geometry, t, p):
                candidates.append((p.lines < 4, cost, size, t))  # prefer blocks that split 2+2 lines
    if candidates:
        plan.targets.append(min(candidates)[3])


def _slots(source: Source, rb: Readback, target: Target) -> list[int]:
    """The blocks whose adjustment moves the target, nearest first: the target's block and the
    blocks before it, back to a forced page break and no further than PAGES_BACK pages. Gaps
    inside a list, above one-line paragraphs (a run of such lines would look spaced out) or at
    the top of a page after a forced break are left alone."""
    page = rb.placements[target].first_page
    chosen = [target.block]
    for j in range(target.block - 1, 0, -1):
        block, before = source.blocks[j], source.blocks[j - 1]
        placement = rb.placements.get(Target(j))
        if isinstance(block, (PageBreak, Toc, Cover)) or (placement and placement.first_page < page - PAGES_BACK):
            break
        inside_list = isinstance(block, ListItem) and isinstance(before, ListItem)
        one_line = isinstance(block, Paragraph) and placement is not None and placement.lines == 1
        at_page_top = isinstance(before, (PageBreak, Toc, Cover))
        if elastic_range(block) or not (inside_list or one_line or at_page_top):
            chosen.append(j)
    return chosen


# ---------------------------------------------------------------------------------------------
# Producer 1: LibreOffice, from a flat ODT
# ---------------------------------------------------------------------------------------------

def _cm(points: float) -> str:
    return f"{points / CM:.3f}cm"


class LibreOfficeProducer:
    """Writes the source as a flat ODT (.fodt, plain XML) with real Writer styles and converts
    it with ``soffice --headless --convert-to pdf``."""

    name = "libreoffice"

    def render(self, source: Source, plan: Plan, pdf: Path, workdir: Path) -> None:
        fodt = workdir / f"{pdf.stem}.fodt"
        fodt.write_text(_OdtWriter(source, plan).document(), encoding="utf-8")
        command = ["soffice", f"-env:UserInstallation={LO_PROFILE.as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(workdir), str(fodt)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        produced = workdir / f"{pdf.stem}.pdf"
        if not produced.exists():
            raise RuntimeError(f"soffice did not convert {fodt}: {result.stderr.strip() or result.stdout.strip()}")
        produced.replace(pdf)


class _OdtWriter:
    """One flat ODT document. Paragraphs that need a page break, extra space above or relaxed
    widow/orphan control get automatic styles derived from the named style they use."""

    # the space above paragraphs of these named styles (fo:margin-top), pt
    SPACE_ABOVE = {f"Heading_20_{level}": before for level, (before, _) in HEADING_SPACE.items()} | {
        "Chart": 6.0, "Figure": 6.0, "Field_20_Label": 4.0}

    def __init__(self, source: Source, plan: Plan):
        self.source, self.plan = source, plan
        self.geometry = SLIDES if source.slides else PORTRAIT
        self.body_font = "DejaVu Serif" if source.meta["font"] == "serif" else "DejaVu Sans"
        self.automatic: dict[tuple, tuple[str, str]] = {}  # key → (name, XML)
        self.break_before = False  # the next block starts a new page
        self.master: str | None = None  # ... with this page style
        self.tables = 0
        self.notes = 0

    # -- document ----------------------------------------------------------------------------

    def document(self) -> str:
        body = "\n".join(self.block(i, block) for i, block in enumerate(self.source.blocks))
        automatic = "\n".join(xml for _, xml in self.automatic.values())
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta>
 <dc:title>{escape(self.source.title)}</dc:title>
 <meta:initial-creator>{escape(self.source.author)}</meta:initial-creator>
 <dc:creator>{escape(self.source.author)}</dc:creator>
 <dc:language>sv-SE</dc:language>
</office:meta>
<office:font-face-decls>
 <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'" style:font-family-generic="swiss" style:font-pitch="variable"/>
 <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'" style:font-family-generic="roman" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
{self.named_styles()}
</office:styles>
<office:automatic-styles>
{self.page_layouts()}
{self.fixed_automatic_styles()}
{automatic}
</office:automatic-styles>
<office:master-styles>
{self.master_pages()}
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body>
</office:document>
"""

    def named_styles(self) -> str:
        g = self.geometry
        width = _cm(g.text_width)
        headings = "\n".join(f"""
<style:style style:name="Heading_20_{level}" style:display-name="Heading {level}" style:family="paragraph"
 style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="{level}" style:class="text">
 <style:paragraph-properties fo:margin-top="{before}pt" fo:margin-bottom="{after}pt"/>
 <style:text-properties fo:font-size="{heading_pt(self.source, level)}pt"/>
</style:style>""" for level, (before, after) in HEADING_SPACE.items())
        contents = "\n".join(f"""
<style:style style:name="Contents_20_{level}" style:display-name="Contents {level}" style:family="paragraph" style:parent-style-name="Standard" style:class="index">
 <style:paragraph-properties fo:margin-left="{_cm((level - 1) * 0.5 * CM + NUMBER_COLUMN)}" fo:text-indent="{_cm(-NUMBER_COLUMN)}" fo:margin-top="{4 if level == 1 else 1}pt" fo:margin-bottom="1pt">
  <style:tab-stops>
   <style:tab-stop style:position="0cm"/>
   <style:tab-stop style:position="{_cm(g.text_width - (level - 1) * 0.5 * CM - NUMBER_COLUMN)}" style:type="right" style:leader-style="dotted" style:leader-text="."/>
  </style:tab-stops>
 </style:paragraph-properties>
 <style:text-properties{' fo:font-weight="bold"' if level == 1 else ''}/>
</style:style>""" for level in range(1, 5))

        def list_levels(kind: str, attributes: str) -> str:
            """Four levels of a list style, each indented 0.6 cm more, the label hanging."""
            return "".join(f"""
 <text:list-level-style-{kind} text:level="{level}" {attributes}>
  <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
   <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="{0.6 * level:.1f}cm" fo:text-indent="-0.6cm" fo:margin-left="{0.6 * level:.1f}cm"/>
  </style:list-level-properties>
 </text:list-level-style-{kind}>""" for level in range(1, 5))

        bullets = list_levels("bullet", 'text:style-name="Bullet_20_Symbols" text:bullet-char="•"')
        numbers = list_levels("number", 'style:num-suffix="." style:num-format="1"')
        return f"""
<style:default-style style:family="paragraph">
 <style:paragraph-properties fo:orphans="2" fo:widows="2" style:tab-stop-distance="1.25cm"/>
 <style:text-properties style:font-name="{self.body_font}" fo:font-size="{BODY_PT}pt" fo:language="sv" fo:country="SE" fo:hyphenate="false"/>
</style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
 <style:paragraph-properties fo:margin-top="0pt" fo:margin-bottom="{PARA_GAP}pt" fo:line-height="112%"/>
</style:style>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text">
 <style:paragraph-properties fo:keep-with-next="always"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-weight="bold" fo:color="{INK}"/>
</style:style>
{headings}
<style:style style:name="List_20_Paragraph" style:display-name="List Paragraph" style:family="paragraph" style:parent-style-name="Text_20_body" style:class="list">
 <style:paragraph-properties fo:margin-bottom="2pt"/>
</style:style>
<style:style style:name="Contents_20_Heading" style:display-name="Contents Heading" style:family="paragraph" style:parent-style-name="Standard" style:class="index">
 <style:paragraph-properties fo:margin-bottom="12pt"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="{heading_pt(self.source, 1)}pt" fo:font-weight="bold" fo:color="{INK}"/>
</style:style>
{contents}
<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
 <style:paragraph-properties fo:margin-bottom="3pt" fo:line-height="108%"/>
 <style:text-properties fo:font-size="{TABLE_PT}pt"/>
</style:style>
<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">
 <style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Table_20_List" style:display-name="Table List" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">
 <style:paragraph-properties fo:margin-bottom="1pt"/>
</style:style>
<style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
 <style:paragraph-properties fo:border-bottom="0.5pt solid {GREY}" fo:padding-bottom="3pt"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="{SMALL_PT}pt" fo:color="{GREY}"/>
</style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
 <style:paragraph-properties><style:tab-stops><style:tab-stop style:position="{width}" style:type="right"/></style:tab-stops></style:paragraph-properties>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="{SMALL_PT}pt" fo:color="{GREY}"/>
</style:style>
<style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
 <style:paragraph-properties fo:margin-left="0.4cm" fo:text-indent="-0.4cm" fo:margin-bottom="1pt"/>
 <style:text-properties fo:font-size="{SMALL_PT}pt"/>
</style:style>
<style:style style:name="Footnote_20_anchor" style:display-name="Footnote anchor" style:family="text"/>
<style:style style:name="Footnote_20_Symbol" style:display-name="Footnote Symbol" style:family="text"/>
<style:style style:name="Bullet_20_Symbols" style:display-name="Bullet Symbols" style:family="text">
 <style:text-properties style:font-name="DejaVu Sans"/>
</style:style>
<style:style style:name="Cover_20_Logo" style:display-name="Cover Logo" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:line-height="100%"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="26pt" fo:font-weight="bold" fo:color="{INK}" fo:text-transform="uppercase"/>
</style:style>
<style:style style:name="Cover_20_Title" style:display-name="Cover Title" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-bottom="10pt"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="26pt" fo:font-weight="bold" fo:color="{INK}"/>
</style:style>
<style:style style:name="Cover_20_Subtitle" style:display-name="Cover Subtitle" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-bottom="8pt"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="16pt" fo:color="{INK}"/>
</style:style>
<style:style style:name="Cover_20_Line" style:display-name="Cover Line" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-bottom="3pt"/>
 <style:text-properties fo:font-size="11pt"/>
</style:style>
<style:style style:name="Signature" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:keep-with-next="always"/>
</style:style>
<style:style style:name="Signature_20_End" style:display-name="Signature End" style:family="paragraph" style:parent-style-name="Standard"/>
<style:style style:name="Field_20_Label" style:display-name="Field Label" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-left="{_cm(g.text_width * 0.55)}" fo:margin-top="4pt"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="{LABEL_PT}pt" fo:color="{GREY}"/>
</style:style>
<style:style style:name="Field_20_Value" style:display-name="Field Value" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-left="{_cm(g.text_width * 0.55)}" fo:margin-bottom="2pt"/>
</style:style>
<style:style style:name="Chart" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-align="center" fo:margin-top="6pt" fo:margin-bottom="10pt" fo:margin-left="2cm" fo:margin-right="2cm" fo:border-bottom="0.75pt solid #808080"/>
</style:style>
<style:style style:name="Figure" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-top="6pt" fo:margin-bottom="10pt"/>
</style:style>
<text:list-style style:name="List_20_Bullet" style:display-name="List Bullet">{bullets}
</text:list-style>
<text:list-style style:name="List_20_Number" style:display-name="List Number">{numbers}
</text:list-style>
<text:notes-configuration text:note-class="footnote" text:citation-style-name="Footnote_20_Symbol"
 text:citation-body-style-name="Footnote_20_anchor" style:num-format="1" text:start-value="0"
 text:footnotes-position="page" text:start-numbering-at="document"/>"""

    def page_layouts(self) -> str:
        g = self.geometry
        orientation = "landscape" if self.source.slides else "portrait"
        page = (f'fo:page-width="{_cm(g.width)}" fo:page-height="{_cm(g.height)}" style:print-orientation="{orientation}" '
                f'fo:margin-left="{_cm(g.margin_x)}" fo:margin-right="{_cm(g.margin_x)}"')
        # The header area runs from the top margin down to where the body starts, the footer
        # area from where the body ends; fixed heights keep the body where Geometry says.
        return f"""
<style:page-layout style:name="Page_Body">
 <style:page-layout-properties {page} fo:margin-top="{_cm(g.header_top)}" fo:margin-bottom="{_cm(g.height - g.footer_top - 0.5 * CM)}">
  <style:footnote-sep style:width="0.5pt" style:distance-before-sep="6pt" style:distance-after-sep="3pt" style:line-style="solid" style:adjustment="left" style:rel-width="25%" style:color="#000000"/>
 </style:page-layout-properties>
 <style:header-style><style:header-footer-properties fo:min-height="{_cm(g.body_top - g.header_top)}" fo:margin-bottom="0.5cm" style:dynamic-spacing="false"/></style:header-style>
 <style:footer-style><style:header-footer-properties fo:min-height="{_cm(g.footer_top + 0.5 * CM - g.body_bottom)}" fo:margin-top="{_cm(g.footer_top - g.body_bottom)}" style:dynamic-spacing="false"/></style:footer-style>
</style:page-layout>
<style:page-layout style:name="Page_Cover">
 <style:page-layout-properties {page} fo:margin-top="{_cm(g.body_top)}" fo:margin-bottom="{_cm(g.height - g.body_bottom)}"/>
</style:page-layout>"""

    def fixed_automatic_styles(self) -> str:
        bars = "\n".join(f"""<style:style style:name="Bar{k}" style:family="graphic">
 <style:graphic-properties draw:fill="solid" draw:fill-color="{colour}" draw:stroke="none" fo:margin-left="0.15cm" fo:margin-right="0.15cm" style:vertical-pos="top" style:vertical-rel="baseline"/>
</style:style>""" for k, colour in enumerate(BAR_COLOURS))
        return f"""{bars}
<style:style style:name="Placeholder" style:family="graphic">
 <style:graphic-properties draw:fill="solid" draw:fill-color="#c8c8c8" draw:stroke="none" style:vertical-pos="top" style:vertical-rel="baseline"/>
</style:style>
<style:style style:name="Row" style:family="table-row"><style:table-row-properties fo:keep-together="auto"/></style:style>
<style:style style:name="Cell" style:family="table-cell">
 <style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.12cm"/>
</style:style>
<style:style style:name="Header_20_Cell" style:family="table-cell">
 <style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.12cm" fo:background-color="{HEADER_FILL}"/>
</style:style>
<style:style style:name="Bold" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Italic" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="Bold_Italic" style:family="text"><style:text-properties fo:font-weight="bold" fo:font-style="italic"/></style:style>
<style:style style:name="Symbol" style:family="text"><style:text-properties style:font-name="DejaVu Sans"/></style:style>"""

    def master_pages(self) -> str:
        pattern = re.split(r"(\{page\}|\{pages\})", self.source.meta["page_numbers"])
        fields = {"{page}": '<text:page-number text:select-page="current">1</text:page-number>',
                  "{pages}": "<text:page-count>1</text:page-count>"}
        number = "".join(fields.get(part, escape(part)) for part in pattern)
        return f"""
<style:master-page style:name="Standard" style:page-layout-name="Page_Body">
 <style:header><text:p text:style-name="Header">{escape(self.source.meta["header"])}</text:p></style:header>
 <style:footer><text:p text:style-name="Footer">{escape(self.source.meta["footer"])}<text:tab/>{number}</text:p></style:footer>
</style:master-page>
<style:master-page style:name="Cover" style:page-layout-name="Page_Cover" style:next-style-name="Standard"/>"""

    # -- styles made on demand ---------------------------------------------------------------

    def paragraph_style(self, parent: str, *, space: float = 0.0, relaxed: bool = False, first: bool = False) -> str:
        """The named style, or an automatic style derived from it when the paragraph is the
        first of its block (``first``: it takes a pending page break), gets ``space`` above it
        in addition to the style's own, or may leave single lines at a page break."""
        master, break_before = (self.master, self.break_before) if first else (None, False)
        if first:
            self.break_before, self.master = False, None
        if not (master or break_before or space or relaxed):
            return parent
        top = self.SPACE_ABOVE.get(parent, 0.0) + space
        key = ("P", parent, master, break_before, round(top, 1), relaxed)
        if key not in self.automatic:
            name = f"P{len(self.automatic) + 1}"
            properties = [f'fo:margin-top="{top:.1f}pt"'] if space else []
            if break_before and not master:
                properties.append('fo:break-before="page"')
            if relaxed:
                properties.append('fo:orphans="1" fo:widows="1"')
            master_attribute = f' style:master-page-name="{master}"' if master else ""
            self.automatic[key] = (name, f'<style:style style:name="{name}" style:family="paragraph" '
                                         f'style:parent-style-name="{parent}"{master_attribute}>'
                                         f'<style:paragraph-properties {" ".join(properties)}/></style:style>')
        return self.automatic[key][0]

    # -- blocks ------------------------------------------------------------------------------

    def block(self, i: int, block: Block) -> str:
        adjustment = self.plan.adjustment(i)
        space = 0.0 if elastic_range(block) else max(0.0, adjustment)
        match block:
            case Cover():
                return self.cover(block)
            case Toc():
                return self.contents(block)
            case Heading(level=level, text=text):
                style = self.paragraph_style(f"Heading_20_{level}", space=space, first=True)
                return f'<text:h text:style-name="{style}" text:outline-level="{level}">{self.inline(text)}</text:h>'
            case Paragraph(text=text):
                style = self.paragraph_style("Text_20_body", space=space, relaxed=i in self.plan.relaxed, first=True)
                return f'<text:p text:style-name="{style}">{self.inline(text)}</text:p>'
            case ListItem():
                return self.list_items(i)
            case Table():
                return self.table(block, space)
            case PageBreak():
                self.break_before = True
                return ""
            case Chart():
                # bars standing on the paragraph's bottom border, the axis
                bars = "".join(f'<draw:rect draw:style-name="Bar{k % 2}" text:anchor-type="as-char" svg:width="1.1cm" '
                               f'svg:height="{_cm(h * (CHART_HEIGHT + adjustment))}" draw:z-index="0"/>'
                               for k, h in enumerate(chart_bars(block, i)))
                return f'<text:p text:style-name="{self.paragraph_style("Chart", first=True)}">{bars}</text:p>'
            case Image():
                box = (f'<draw:rect draw:style-name="Placeholder" text:anchor-type="as-char" svg:width="6cm" '
                       f'svg:height="{_cm(IMAGE_HEIGHT + adjustment)}" draw:z-index="0"/>')
                return f'<text:p text:style-name="{self.paragraph_style("Figure", first=True)}">{box}</text:p>'
            case Signature(lines=lines):
                out = []
                for n, line in enumerate(lines):  # kept together: a name is not parted from its title
                    style = "Signature" if n < len(lines) - 1 else "Signature_20_End"
                    if n == 0:
                        style = self.paragraph_style(style, space=space + 10, first=True)
                    out.append(f'<text:p text:style-name="{style}">{self.inline(line)}</text:p>')
                return "\n".join(out)
            case Fields(items=items):
                out = []
                for n, (label, value) in enumerate(items):
                    style = "Field_20_Label" if n else self.paragraph_style("Field_20_Label", space=space, first=True)
                    out.append(f'<text:p text:style-name="{style}">{escape(label)}</text:p>'
                               f'<text:p text:style-name="Field_20_Value">{self.inline(value)}</text:p>')
                return "\n".join(out)
        raise TypeError(block)

    def cover(self, cover: Cover) -> str:
        """Logo at the top, title a third down the page, the other lines below it."""
        styles = {"logo": "Cover_20_Logo", "title": "Cover_20_Title", "subtitle": "Cover_20_Subtitle",
                  "line": "Cover_20_Line"}
        out, previous = [], None
        self.master = "Cover"
        for n, (style, text) in enumerate(cover.lines):
            name = self.paragraph_style(styles[style], space=cover_gap(style, previous), first=n == 0)
            out.append(f'<text:p text:style-name="{name}">{self.inline(text)}</text:p>')
            previous = style
        self.master = "Standard"
        return "\n".join(out)

    def contents(self, toc: Toc) -> str:
        title = self.paragraph_style("Contents_20_Heading", first=True)
        out = [f'<text:p text:style-name="{title}">{CONTENTS_TITLE}</text:p>']
        for i, heading in _contents(self.source, toc):
            number, text = heading_number(plain(heading.text))
            page = self.plan.heading_pages.get(i, 0)
            lead = f"{escape(number)}<text:tab/>" if number else "<text:tab/>"
            out.append(f'<text:p text:style-name="Contents_20_{heading.level}">'
                       f'{lead}{escape(text)}<text:tab/>{page}</text:p>')
        self.break_before = True
        return "\n".join(out)

    def list_items(self, i: int) -> str:
        """A run of list items becomes one text:list (nested by depth); emitted at its first item."""
        if i > 0 and isinstance(self.source.blocks[i - 1], ListItem):
            return ""
        end = i
        while end < len(self.source.blocks) and isinstance(self.source.blocks[end], ListItem):
            end += 1
        return self.list_level(list(range(i, end)), 0, end - 1)

    def list_level(self, indices: list[int], depth: int, last: int) -> str:
        items = self.source.blocks
        style = "List_20_Number" if items[indices[0]].number else "List_20_Bullet"
        out, position, expected = [f'<text:list text:style-name="{style}">'], 0, 1
        while position < len(indices):
            i = indices[position]
            children = []
            position += 1
            while position < len(indices) and items[indices[position]].depth > depth:
                children.append(indices[position])
                position += 1
            item = items[i]
            start = ""
            if item.number:
                value = int(item.number[:-1])
                start = f' text:start-value="{value}"' if value != expected else ""
                expected = value + 1
            paragraph = self.paragraph_style("List_20_Paragraph", space=max(0.0, self.plan.adjustment(i)), first=True,
                                             relaxed=i in self.plan.relaxed)
            if i == last and paragraph == "List_20_Paragraph":
                paragraph = self.last_item_style()
            nested = self.list_level(children, depth + 1, last) if children else ""
            out.append(f'<text:list-item{start}><text:p text:style-name="{paragraph}">{self.inline(item.text)}</text:p>'
                       f'{nested}</text:list-item>')
        out.append("</text:list>")
        return "".join(out)

    def last_item_style(self) -> str:
        """The last item of a list keeps a paragraph's distance to what follows."""
        key = ("last item",)
        if key not in self.automatic:
            self.automatic[key] = ("List_Last", '<style:style style:name="List_Last" style:family="paragraph" '
                                                'style:parent-style-name="List_20_Paragraph">'
                                                f'<style:paragraph-properties fo:margin-bottom="{PARA_GAP}pt"/></style:style>')
        return "List_Last"

    def table(self, table: Table, space: float) -> str:
        self.tables += 1
        name = f"Tabell{self.tables}"
        total = sum(table.widths)
        width = self.geometry.text_width
        master = f' style:master-page-name="{self.master}"' if self.master else ""
        breaks = ' fo:break-before="page"' if self.break_before and not self.master else ""
        self.break_before, self.master = False, None
        # rows may break across pages: the table's may-break-between-rows, the rows' keep-together="auto"
        styles = [f'<style:style style:name="{name}" style:family="table"{master}><style:table-properties '
                  f'style:width="{_cm(width)}" table:align="margins" fo:margin-top="{4 + space:.1f}pt" '
                  f'fo:margin-bottom="10pt" style:may-break-between-rows="true"{breaks}/></style:style>']
        columns = []
        for c, w in enumerate(table.widths):
            styles.append(f'<style:style style:name="{name}.C{c}" style:family="table-column">'
                          f'<style:table-column-properties style:column-width="{_cm(width * w / total)}" '
                          f'style:rel-column-width="{round(1000 * w / total)}*"/></style:style>')
            columns.append(f'<table:table-column table:style-name="{name}.C{c}"/>')
        self.automatic[("table", name)] = (name, "\n".join(styles))
        rows = [self.table_row(row, header=table.header and r == 0) for r, row in enumerate(table.rows)]
        if table.header:
            rows[0] = f"<table:table-header-rows>{rows[0]}</table:table-header-rows>"
        return (f'<table:table table:name="{name}" table:style-name="{name}">'
                f'{"".join(columns)}{"".join(rows)}</table:table>')

    def table_row(self, row: tuple[tuple[str, ...], ...], header: bool) -> str:
        cells = []
        for paragraphs in row:
            content, bullets = [], []
            for paragraph in paragraphs + ("",):  # the sentinel flushes a trailing list
                if paragraph.startswith("• "):
                    bullets.append(f'<text:list-item><text:p text:style-name="Table_20_List">'
                                   f'{self.inline(paragraph[2:])}</text:p></text:list-item>')
                    continue
                if bullets:
                    content.append(f'<text:list text:style-name="List_20_Bullet">{"".join(bullets)}</text:list>')
                    bullets = []
                if paragraph or not content:
                    style = "Table_20_Heading" if header else "Table_20_Contents"
                    content.append(f'<text:p text:style-name="{style}">{self.inline(paragraph)}</text:p>')
            cell_style = "Header_20_Cell" if header else "Cell"
            cells.append(f'<table:table-cell table:style-name="{cell_style}" office:value-type="string">'
                         f'{"".join(content)}</table:table-cell>')
        return f'<table:table-row table:style-name="Row">{"".join(cells)}</table:table-row>'

    def inline(self, text: str) -> str:
        out = []
        for run in runs(text):
            if run.note:
                self.notes += 1
                note = self.inline(self.source.notes.get(run.note, ""))
                out.append(f'<text:note text:id="ftn{self.notes}" text:note-class="footnote">'
                           f'<text:note-citation text:label={quoteattr(run.text)}>{escape(run.text)}'
                           f'</text:note-citation><text:note-body><text:p text:style-name="Footnote">{note}</text:p>'
                           '</text:note-body></text:note>')
                continue
            content = self.symbols(run.text) if self.body_font == "DejaVu Serif" else escape(run.text)
            style = {(True, True): "Bold_Italic", (True, False): "Bold",
                     (False, True): "Italic"}.get((run.bold, run.italic))
            out.append(f'<text:span text:style-name="{style}">{content}</text:span>' if style else content)
        return "".join(out)

    @staticmethod
    def symbols(text: str) -> str:
        """Set the characters DejaVu Serif lacks in DejaVu Sans."""
        return "".join(f'<text:span text:style-name="Symbol">{escape(ch)}</text:span>' if needs_sans(ch)
                       else escape(ch) for ch in text)


# ---------------------------------------------------------------------------------------------
# Producer 2: ReportLab
# ---------------------------------------------------------------------------------------------

_FONTS_REGISTERED = False


def _register_fonts() -> None:
    global _FONTS_REGISTERED
    if _FONTS_REGISTERED:
        return
    for family in ("DejaVuSans", "DejaVuSerif"):
        faces = {"normal": family, "bold": f"{family}-Bold",
                 "italic": f"{family}-Oblique" if family == "DejaVuSans" else f"{family}-Italic",
                 "boldItalic": f"{family}-BoldOblique" if family == "DejaVuSans" else f"{family}-BoldItalic"}
        for face in faces.values():
            pdfmetrics.registerFont(TTFont(face, str(FONT_DIR / f"{face}.ttf")))
        pdfmetrics.registerFontFamily(family, **faces)
    _FONTS_REGISTERED = True


class _FakeBoldParagraph(RLParagraph):
    """A heading emboldened the way producers without a bold face do it: the same string drawn
    twice, FAKE_BOLD_OFFSET apart. Text extraction sees every glyph twice."""

    def draw(self):
        self.canv.saveState()
        self.canv.translate(FAKE_BOLD_OFFSET, 0)
        super().draw()
        self.canv.restoreState()
        super().draw()


class _BoxedTable(RLTable):
    """A table whose every piece is closed by a border, also where a page break cuts a row
    (ReportLab leaves the cut edge open; word processors draw it)."""

    def draw(self):
        super().draw()
        self.canv.saveState()
        self.canv.setLineWidth(0.5)
        self.canv.rect(0, 0, self._width, self._height, stroke=1, fill=0)
        self.canv.restoreState()


class ReportLabProducer:
    """Builds the document with platypus: running header/footer drawn on each page, footnotes
    drawn at the page bottom in room reserved from the previous pass, body text justified and
    hyphenated (pyphen, sv_SE), long table rows split across pages (splitInRow)."""

    name = "reportlab"

    def render(self, source: Source, plan: Plan, pdf: Path, workdir: Path) -> None:
        _register_fonts()
        geometry = SLIDES if source.slides else PORTRAIT
        styles = _ReportLabStyles(source)
        story = _ReportLabStory(source, plan, styles, geometry).flowables()
        _ReportLabDocument(pdf, source, plan, styles, geometry).build(story)


class _ReportLabStyles:
    """The paragraph styles for one source, and its inline markup in ReportLab's terms."""

    def __init__(self, source: Source):
        body_font = "DejaVuSerif" if source.meta["font"] == "serif" else "DejaVuSans"
        self.body_font = body_font
        self.body = ParagraphStyle(
            "Body", fontName=body_font, fontSize=BODY_PT, leading=BODY_PT * LEADING, spaceAfter=PARA_GAP,
            alignment=TA_JUSTIFY, hyphenationLang="sv_SE", embeddedHyphenation=1, uriWasteReduce=0.3,
            hyphenationMinWordLength=7, allowWidows=0, allowOrphans=0)
        self.relaxed = ParagraphStyle("Relaxed", parent=self.body, allowWidows=1, allowOrphans=1)
        self.headings = {
            level: ParagraphStyle(
                f"Heading{level}", fontName="DejaVuSans" if level == 1 else "DejaVuSans-Bold",
                fontSize=heading_pt(source, level), leading=heading_pt(source, level) * 1.2, textColor=INK,
                spaceBefore=HEADING_SPACE[level][0], spaceAfter=HEADING_SPACE[level][1], keepWithNext=1,
                alignment=TA_LEFT)
            for level in HEADING_SPACE}
        self.item = ParagraphStyle("Item", parent=self.body, spaceAfter=2, bulletFontName="DejaVuSans",
                                   bulletFontSize=BODY_PT)
        self.cell = ParagraphStyle("Cell", parent=self.body, fontSize=TABLE_PT, leading=TABLE_PT * 1.25,
                                   spaceAfter=3, alignment=TA_LEFT)
        self.cell_header = ParagraphStyle("CellHeader", parent=self.cell, fontName=f"{body_font}-Bold")
        self.cell_item = ParagraphStyle("CellItem", parent=self.cell, leftIndent=12, bulletIndent=2,
                                        bulletFontName="DejaVuSans", bulletFontSize=TABLE_PT, spaceAfter=1)
        self.note = ParagraphStyle("Footnote", fontName=body_font, fontSize=SMALL_PT, leading=SMALL_PT * 1.25,
                                   leftIndent=0.4 * CM, bulletIndent=0, bulletFontSize=SMALL_PT, spaceAfter=1)
        self.contents_title = ParagraphStyle("ContentsTitle", fontName="DejaVuSans-Bold", textColor=INK, spaceAfter=12,
                                             fontSize=heading_pt(source, 1), leading=heading_pt(source, 1) * 1.2)
        self.contents = {level: ParagraphStyle(
            f"Contents{level}", fontName=f"{body_font}-Bold" if level == 1 else body_font, fontSize=BODY_PT,
            leading=BODY_PT * 1.35, leftIndent=(level - 1) * 0.5 * CM + NUMBER_COLUMN,
            bulletIndent=(level - 1) * 0.5 * CM, rightIndent=1.2 * CM, spaceBefore=4 if level == 1 else 1,
            bulletFontName=f"{body_font}-Bold" if level == 1 else body_font, bulletFontSize=BODY_PT)
            for level in range(1, 5)}
        self.cover = {
            "logo": ParagraphStyle("CoverLogo", fontName="DejaVuSans-Bold", fontSize=26, leading=28, textColor=INK),
            "title": ParagraphStyle("CoverTitle", fontName="DejaVuSans-Bold", fontSize=26, leading=31,
                                    textColor=INK, spaceAfter=10),
            "subtitle": ParagraphStyle("CoverSubtitle", fontName="DejaVuSans", fontSize=16, leading=20,
                                       textColor=INK, spaceAfter=8),
            "line": ParagraphStyle("CoverLine", fontName=body_font, fontSize=11, leading=14, spaceAfter=3)}
        self.signature = ParagraphStyle("Signature", parent=self.body, spaceAfter=0, alignment=TA_LEFT)
        self.signature_kept = ParagraphStyle("SignatureKept", parent=self.signature, keepWithNext=1)
        self.label = ParagraphStyle("FieldLabel", fontName="DejaVuSans", fontSize=LABEL_PT, leading=LABEL_PT * 1.2,
                                    textColor=GREY, spaceBefore=4)
        self.value = ParagraphStyle("FieldValue", parent=self.signature, spaceAfter=2)

    def markup(self, text: str) -> str:
        """Inline markup as ReportLab paragraph markup; a footnote reference is its marker and an
        onDraw callback telling the document on which page the reference was drawn."""
        out = []
        for run in runs(text):
            content = "".join(f'<font name="DejaVuSans">{escape(ch)}</font>' if needs_sans(ch) and
                              self.body_font == "DejaVuSerif" else escape(ch) for ch in run.text)
            if run.note:
                content += f'<onDraw name="footnote" label={quoteattr(run.note)}/>'
            if run.bold:
                content = f"<b>{content}</b>"
            if run.italic:
                content = f"<i>{content}</i>"
            out.append(content)
        return "".join(out)


class _ReportLabStory:
    """The source's blocks as platypus flowables."""

    def __init__(self, source: Source, plan: Plan, styles: _ReportLabStyles, geometry: Geometry):
        self.source, self.plan, self.styles, self.geometry = source, plan, styles, geometry

    def flowables(self) -> list:
        out = []
        for i, block in enumerate(self.source.blocks):
            adjustment = self.plan.adjustment(i)
            if adjustment > 0 and not elastic_range(block):
                out.append(Spacer(1, adjustment))
            out.extend(self.block(i, block))
        return self.fit_slides(out) if self.source.slides else out

    def fit_slides(self, flowables: list) -> list:
        """One slide, one page: a slide's content shrinks to fit its page, as presentation
        software autofits text, but not below MIN_SLIDE_SCALE; beyond that it runs on."""
        g = self.geometry
        out, slide = [], []
        for flowable in flowables + [None]:
            if flowable is None or isinstance(flowable, (RLPageBreak, NextPageTemplate)):
                height = _listWrapOn(slide, g.text_width, None)[1]
                fits = height * MIN_SLIDE_SCALE <= g.body_bottom - g.body_top
                out.extend([KeepInFrame(0, 0, slide, mode="shrink")] if slide and fits else slide)
                slide = []
                if flowable is not None:
                    out.append(flowable)
            else:
                slide.append(flowable)
        return out

    def block(self, i: int, block: Block) -> list:
        s = self.styles
        match block:
            case Cover():
                return self.cover(block)
            case Toc():
                return self.contents(block)
            case Heading(level=level, text=text):
                kind = _FakeBoldParagraph if level == 1 else RLParagraph
                return [kind(self.styles.markup(text), s.headings[level])]
            case Paragraph(text=text):
                return [RLParagraph(self.styles.markup(text), s.relaxed if i in self.plan.relaxed else s.body)]
            case ListItem(depth=depth, number=number, text=text):
                indent = 0.6 * CM * (depth + 1)
                last = i + 1 == len(self.source.blocks) or not isinstance(self.source.blocks[i + 1], ListItem)
                style = ParagraphStyle(f"Item{i}", parent=s.item, leftIndent=indent, bulletIndent=indent - 0.5 * CM,
                                       spaceAfter=PARA_GAP if last else 2,
                                       bulletFontName=s.body_font if number else "DejaVuSans",
                                       **({"allowWidows": 1, "allowOrphans": 1} if i in self.plan.relaxed else {}))
                return [RLParagraph(self.styles.markup(text), style, bulletText=number or "•")]
            case Table():
                return [self.table(block)]
            case PageBreak():
                return [RLPageBreak()]
            case Chart():
                return [self.chart(block, i)]
            case Image():
                height = IMAGE_HEIGHT + self.plan.adjustment(i)
                drawing = Drawing(6 * CM, height + 16)
                drawing.add(Rect(0, 10, 6 * CM, height, fillColor=colors.HexColor("#c8c8c8"), strokeColor=None))
                drawing.hAlign = "LEFT"
                return [drawing]
            case Signature(lines=lines):
                # kept together: a name is not parted from its title
                return [Spacer(1, 10)] + [RLParagraph(s.markup(line), s.signature_kept if n < len(lines) - 1 else s.signature)
                                          for n, line in enumerate(lines)]
            case Fields(items=items):
                indent = self.geometry.text_width * 0.55
                out = []
                for label, value in items:
                    out.append(RLParagraph(escape(label), ParagraphStyle("L", parent=s.label, leftIndent=indent)))
                    out.append(RLParagraph(s.markup(value), ParagraphStyle("V", parent=s.value, leftIndent=indent)))
                return out
        raise TypeError(block)

    def cover(self, cover: Cover) -> list:
        """Logo at the top, title a third down the page, the other lines below it."""
        out, previous = [], None
        for style, text in cover.lines:
            if gap := cover_gap(style, previous):
                out.append(Spacer(1, gap))
            text = text.upper() if style == "logo" else text
            out.append(RLParagraph(self.styles.markup(text), self.styles.cover[style]))
            previous = style
        return out + [NextPageTemplate("body"), RLPageBreak()]

    def contents(self, toc: Toc) -> list:
        """One paragraph per heading: the number hangs in its column, and a callback at the end
        of the title draws the dot leader and the page number at the right margin."""
        out = [RLParagraph(CONTENTS_TITLE, self.styles.contents_title)]
        for i, heading in _contents(self.source, toc):
            number, text = heading_number(plain(heading.text))
            page = self.plan.heading_pages.get(i, 0)
            out.append(RLParagraph(f'{escape(text)}<onDraw name="leader" label="{page}"/>',
                                   self.styles.contents[heading.level], bulletText=number))
        return out + [RLPageBreak()]

    def table(self, table: Table) -> _BoxedTable:
        s = self.styles
        data = []
        for r, row in enumerate(table.rows):
            header = table.header and r == 0
            cells = []
            for paragraphs in row:
                cell = []
                for paragraph in paragraphs:
                    if paragraph.startswith("• "):
                        cell.append(RLParagraph(self.styles.markup(paragraph[2:]), s.cell_item, bulletText="•"))
                    else:
                        cell.append(RLParagraph(self.styles.markup(paragraph), s.cell_header if header else s.cell))
                cells.append(cell)
            data.append(cells)
        total = sum(table.widths)
        commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
        if table.header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_FILL)))
        flowable = _BoxedTable(data, colWidths=[self.geometry.text_width * w / total for w in table.widths],
                           # splitByRow=0: split inside the row that meets the page end, rather than
                           # first between rows and then again (which repeats the header mid-page)
                           repeatRows=1 if table.header else 0, splitByRow=0, splitInRow=1,
                           style=TableStyle(commands),
                           spaceBefore=4, spaceAfter=10, hAlign="LEFT")
        return flowable

    def chart(self, chart: Chart, index: int) -> Drawing:
        width, height = 12 * CM, CHART_HEIGHT + self.plan.adjustment(index)
        drawing = Drawing(width, height + 16)
        bars = chart_bars(chart, index)
        step = width / len(bars)
        for k, h in enumerate(bars):
            drawing.add(Rect(k * step + step * 0.2, 8, step * 0.6, h * height,
                             fillColor=colors.HexColor(BAR_COLOURS[k % 2]), strokeColor=None))
        drawing.add(Line(0, 8, width, 8, strokeColor=colors.HexColor("#808080"), strokeWidth=0.75))
        drawing.hAlign = "CENTER"
        return drawing


class _ReportLabDocument(BaseDocTemplate):
    """Pages with the running header (text and a thin rule) and footer (text left, page number
    right), no decoration on the cover, and footnotes at the page bottom."""

    def __init__(self, pdf: Path, source: Source, plan: Plan, styles: _ReportLabStyles, geometry: Geometry):
        self.source, self.plan, self.styles, self.geometry = source, plan, styles, geometry
        g = geometry
        super().__init__(str(pdf), pagesize=(g.width, g.height), leftMargin=g.margin_x, rightMargin=g.margin_x,
                         topMargin=g.body_top, bottomMargin=g.height - g.body_bottom,
                         title=source.title, author=source.author, lang="sv-SE")

        def frame(name):
            return Frame(g.margin_x, g.height - g.body_bottom, g.text_width, g.body_bottom - g.body_top,
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name)
        templates = [PageTemplate("cover", [frame("cover")]),
                     PageTemplate("body", [frame("body")], onPage=self.decorate, onPageEnd=self.footnotes)]
        self.addPageTemplates(templates if source.has_cover else templates[::-1])  # the first is page 1's
        self.drawn_notes: dict[int, list[str]] = defaultdict(list)

    def handle_documentBegin(self):
        super().handle_documentBegin()
        self.canv.setNamedCB("footnote", self.note_drawn)
        self.canv.setNamedCB("leader", self.leader)

    def note_drawn(self, canvas, kind, note_id):
        self.drawn_notes[canvas.getPageNumber()].append(note_id)

    def leader(self, canvas, kind, page):
        """Dots from the end of a contents title to its page number at the right margin."""
        info = canvas._curr_tx_info
        style = info["xs"].style
        x, y, right = info["cur_x"], info["cur_y"], self.geometry.text_width
        number_width = pdfmetrics.stringWidth(page, style.fontName, style.fontSize)
        dot = pdfmetrics.stringWidth(".", style.fontName, style.fontSize) * 1.6
        dots = int((right - number_width - x - 8) / dot)
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        for k in range(dots):
            canvas.drawString(right - number_width - 4 - (dots - k) * dot, y, ".")
        canvas.drawRightString(right, y, page)
        canvas.restoreState()

    def note_paragraphs(self, note_ids: list[str]) -> list[RLParagraph]:
        out = []
        for note_id in note_ids:
            marker = next((run.text for block in self.source.blocks for run in runs(getattr(block, "text", ""))
                           if run.note == note_id), note_id)
            text = self.styles.markup(self.source.notes.get(note_id, ""))
            out.append(RLParagraph(text, self.styles.note, bulletText=marker))
        return out

    def note_height(self, note_ids: list[str]) -> float:
        paragraphs = self.note_paragraphs(note_ids)
        heights = [p.wrap(self.geometry.text_width, self.geometry.height)[1] + 1 for p in paragraphs]
        return sum(heights) + 12 if heights else 0.0  # 12: the separator rule and its spacing

    def beforePage(self):
        """Reserve room at the page bottom for the footnotes the previous pass found here."""
        self.pageTemplate.frames[0].bottomPadding = self.note_height(self.plan.note_pages.get(self.page, []))

    def decorate(self, canvas, doc):
        g = self.geometry
        canvas.saveState()
        canvas.setFont("DejaVuSans", SMALL_PT)
        canvas.setFillColor(colors.HexColor(GREY))
        baseline = g.height - g.header_top - SMALL_PT
        canvas.drawString(g.margin_x, baseline, self.source.meta["header"])
        canvas.setStrokeColor(colors.HexColor(GREY))
        canvas.setLineWidth(0.5)
        canvas.line(g.margin_x, baseline - 4, g.width - g.margin_x, baseline - 4)
        footer = g.height - g.footer_top - SMALL_PT
        canvas.drawString(g.margin_x, footer, self.source.meta["footer"])
        number = self.source.meta["page_numbers"].format(page=doc.page, pages=self.plan.pages or "?")
        canvas.drawRightString(g.width - g.margin_x, footer, number)
        canvas.restoreState()

    def footnotes(self, canvas, doc):
        """Draw the footnotes whose references were drawn on this page, above the footer."""
        paragraphs = self.note_paragraphs(self.drawn_notes.get(doc.page, []))
        if not paragraphs:
            return
        g = self.geometry
        heights = [p.wrap(g.text_width, g.height)[1] for p in paragraphs]
        y = g.height - g.body_bottom + sum(heights) + len(heights)
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.line(g.margin_x, y + 6, g.margin_x + g.text_width / 4, y + 6)
        for paragraph, height in zip(paragraphs, heights):
            y -= height + 1
            paragraph.drawOn(canvas, g.margin_x, y)
        canvas.restoreState()


PRODUCERS = {p.name: p for p in (LibreOfficeProducer(), ReportLabProducer())}


# ---------------------------------------------------------------------------------------------
# Building and reporting
# ---------------------------------------------------------------------------------------------

@dataclass
class Result:
    source: Source
    pdf: Path
    readback: Readback
    plan: Plan  # the plan the PDF was rendered with
    passes: int
    seconds: float
    settled: bool  # the last pass agreed with what reading it back found


def build(path: Path, outdir: Path, workdir: Path) -> Result:
    """Render one source, re-rendering until the PDF agrees with its own read-back."""
    started = time.monotonic()
    source = parse_source(path)
    producer = PRODUCERS[source.meta["producer"]]
    geometry = SLIDES if source.slides else PORTRAIT
    pdf = outdir / f"{path.stem}.pdf"
    plan = first_plan(source)
    for passes in range(1, MAX_PASSES + 1):
        producer.render(source, plan, pdf, workdir)
        readback = read_back(pdf, source, geometry)
        revised = revise(plan, source, readback, geometry)
        settled = revised == plan
        if settled or passes == MAX_PASSES:
            break
        plan = revised
    return Result(source, pdf, readback, plan, passes, time.monotonic() - started, settled)


def report(result: Result) -> str:
    """A short account of one PDF: what was made and whether it is what the tests need."""
    source, rb, plan = result.source, result.readback, result.plan
    meta = rb.metadata
    lines = [f"{result.pdf.name}: {rb.pages} pages, {source.meta['producer']} ({meta.get('Producer', '?')}), "
             f"{result.passes} passes, {result.seconds:.1f} s",
             f"  title {meta.get('Title')!r}, author {meta.get('Author')!r}; fake-bold glyphs {rb.doubled_glyphs}, "
             f"lines ending in a hyphen {rb.hyphen_ends}"]
    cut = [(t, p) for t, p in sorted(rb.placements.items())
           if p.cut and not (isinstance(source.blocks[t.block], Table) and t.row < 0)]
    for target, placement in cut:
        why = ("marked in the source" if getattr(source.blocks[target.block], "cut", False)
               else "placed by the build" if target in plan.targets else "as it fell")
        lines.append(f"  cut by the break after p.{placement.first_page}: {_describe(source, target)} ({why})")
    if not cut:
        lines.append("  cut by a page break: nothing")
    for target in plan.targets:
        if target not in dict(cut):
            lines.append(f"  NOT CUT although required: {_describe(source, target)}")
    adjusted = [(source.blocks[i], plan.adjustment(i)) for i in range(len(source.blocks)) if plan.adjustment(i)]
    if adjusted:
        resized = [f"{type(b).__name__.lower()} {a:+.0f} pt" for b, a in adjusted if elastic_range(b)]
        gaps = [a for b, a in adjusted if not elastic_range(b) and a > 0]
        lines.append("  page breaks moved by: " + ", ".join(
            resized + ([f"space above {len(gaps)} blocks (largest {max(gaps):.0f} pt)"] if gaps else [])))
    tocs = [b for b in source.blocks if isinstance(b, Toc)]
    if tocs:
        listed = [i for toc in tocs for i, _ in _contents(source, toc)]
        stale = [i for i in listed if plan.heading_pages.get(i) != rb.heading_pages.get(i)]
        lines.append(f"  contents: {len(listed)} entries, " + (f"{len(stale)} with a wrong page number" if stale
                                                                else "page numbers match the headings"))
    lines.append("  running header/footer: " + ("as specified" if not rb.decoration_faults
                                                else "; ".join(rb.decoration_faults[:5])))
    lines.append("  source text missing from the PDF: " + ("none" if not rb.missing else ""))
    lines.extend(f"    {m}" for m in rb.missing)
    if not result.settled:
        lines.append(f"  WARNING: still changing after {MAX_PASSES} passes")
    return "\n".join(lines)


def _describe(source: Source, target: Target) -> str:
    block = source.blocks[target.block]
    if target.row >= 0:
        return f"table row {target.row + 1} " + _snippet(" | ".join(" ".join(c) for c in block.rows[target.row]), 50)
    return f"{type(block).__name__.lower()} " + _snippet(getattr(block, "text", ""), 50)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render corpus/sources/*.txt to corpus/*.pdf (corpus/FORMAT.md).")
    parser.add_argument("sources", nargs="*", type=Path, help="source files (default: corpus/sources/*.txt)")
    parser.add_argument("-o", "--outdir", type=Path, default=CORPUS, help="where the PDFs go (default: corpus/)")
    args = parser.parse_args(argv)
    paths = args.sources or sorted(SOURCES.glob("*.txt"))
    if not paths:
        print(f"build.py: no sources in {SOURCES}", file=sys.stderr)
        return 2
    started, failures = time.monotonic(), 0
    with tempfile.TemporaryDirectory(prefix="rapportanalys-corpus-") as workdir:
        for path in paths:
            try:
                result = build(path, args.outdir, Path(workdir))
            except SourceError as error:
                print(f"build.py: {error}", file=sys.stderr)
                failures += 1
                continue
            print(report(result), flush=True)
            failures += bool(result.readback.missing or not result.settled)
    print(f"{len(paths)} sources in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
