"""The source markup of the sample corpus (corpus/FORMAT.md) and its parsed document model."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path


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
    def cover_page(self) -> bool:
        """The cover is a page of its own (``cover: page``, the default), without running
        header/footer; ``cover: line`` prints its lines as a small title block on page 1."""
        return self.has_cover and self.meta.get("cover", "page") == "page"

    def option(self, key: str) -> str:
        """A layout option of the front matter (FORMAT.md, "Layout options"), or its default."""
        return self.meta.get(key, LAYOUT_OPTIONS[key][0])

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


FRONT_MATTER_CHOICES = {"producer": ("libreoffice", "reportlab", "chromium"), "layout": ("portrait", "slides"),
                        "font": ("serif", "sans")}
# Layout options (FORMAT.md): they change how the document looks, never what it says. The first
# value is the default; "" means free text. Only the chromium producer implements non-defaults.
LAYOUT_OPTIONS = {"cover": ("page", "line"), "toc": ("page", "shared"), "columns": ("1", "2"),
                  "display": ("plain", "letterspaced"), "plain_headings": ("0", "1", "2", "3", "4"),
                  "table_widths": ("",), "stamp": ("",), "base": ("",), "variant": ("",)}
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
    for key, value in meta.items():
        if key in LAYOUT_OPTIONS and LAYOUT_OPTIONS[key] != ("",) and value not in LAYOUT_OPTIONS[key]:
            raise SourceError(f"{path}: {key} must be one of {', '.join(LAYOUT_OPTIONS[key])}, not {value!r}")
    if meta["producer"] != "chromium":
        for key in ("cover", "toc", "columns", "display", "plain_headings", "table_widths", "stamp"):
            if meta.get(key, LAYOUT_OPTIONS[key][0]) != LAYOUT_OPTIONS[key][0]:
                raise SourceError(f"{path}: {key}: {meta[key]} needs the chromium producer")
    blocks, notes = _BodyParser(path, lines, end + 1).parse()
    _check_plain_headings(path, meta, blocks)
    return Source(path, meta, tuple(blocks), notes)


def _check_plain_headings(path: Path, meta: dict[str, str], blocks: list) -> None:
    """``plain_headings: N`` prints level N as bold body-size lines and leaves deeper levels at
    their heading size, so a level below N would be printed larger than its parent: a hierarchy
    turned upside down, which no real report's template prints (its sub-headings are never larger
    than its headings) and whose levels no reader can tell from the page. Only the deepest level
    a source uses may be printed plain."""
    level = int(meta.get("plain_headings", "0"))
    deeper = sorted({b.level for b in blocks if isinstance(b, Heading) and b.level > level})
    if level and deeper:
        raise SourceError(f"{path}: plain_headings: {level} would print the level-{deeper[0]} headings larger "
                          f"than the level-{level} ones above them; only the deepest heading level used "
                          f"({deeper[-1]}) may be printed plain")


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
