"""Reading a rendered PDF back: where each block, table row and footnote of the source landed."""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

from .markup import Cover, Fields, Heading, ListItem, Paragraph, plain, runs, Signature, Source, Table, Toc
from .style import BODY_PT, CONTENTS_TITLE, Geometry, LEADING, TABLE_PT


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
    continued_titles: list[Target] = field(default_factory=list)  # rows whose first cell runs on past a break


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

    def add_line(self, page: int, chars: list[dict], offset: float = 0.0) -> None:
        """``offset``: added to the line's top, so that in two columns the right column reads as
        lying below the left one (the page is one column twice as long)."""
        self.lines.append((page, min(c["top"] for c in chars) + offset))
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


def _reading_order(chars: list[dict], geometry: Geometry, spans: list[float] = ()) -> list[tuple[list[dict], float]]:
    """Text lines in reading order, each with the offset to add to its top. In two columns a
    line is split at the gutter unless it runs across it (a full-width line, such as a contents
    entry or a title); between full-width lines, and above and below a table (``spans``: the
    tops of tables, which run across both columns), the left column is read before the right."""
    lines = _text_lines(chars)
    if geometry.columns == 1:
        return [(line, 0.0) for line in lines]
    middle, column = geometry.width / 2, geometry.body_bottom - geometry.body_top
    out: list[tuple[list[dict], float]] = []
    left: list[list[dict]] = []
    right: list[list[dict]] = []

    def flush():
        out.extend((line, 0.0) for line in left)
        out.extend((line, column) for line in right)
        left.clear()
        right.clear()

    breaks = sorted(spans)
    for line in lines:
        while breaks and line[0]["top"] > breaks[0]:
            flush()
            breaks.pop(0)
        lpart = [c for c in line if (c["x0"] + c["x1"]) / 2 < middle]
        rpart = [c for c in line if (c["x0"] + c["x1"]) / 2 >= middle]
        if lpart and rpart and rpart[0]["x0"] - lpart[-1]["x1"] < geometry.gutter / 2:
            flush()
            out.append((line, 0.0))
            continue
        if lpart:
            left.append(lpart)
        if rpart:
            right.append(rpart)
    flush()
    return out


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
            body, header, footer, notes, turned = [], [], [], [], []
            for c in page.chars:
                if not c.get("upright", True):
                    turned.append(c)  # rotated text: a margin stamp, never body text
                    continue
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
            for line, offset in _reading_order(body, geometry, [t.bbox[1] for t in tables]):
                stream.add_line(number, line, offset)
            footnote_text[number] = "".join(norm(c["text"]) for line in _text_lines(notes) for c in line)
            last_body = max((c["bottom"] for c in body), default=0.0)  # footnotes below the body text
            body_bottom[number] = min([c["top"] - 6 for c in notes if c["top"] > last_body], default=geometry.body_bottom)
            for table in tables:
                pieces.extend(_row_pieces(page, table, number))
            faults.extend(_decoration_faults(source, number, pages, header, footer))
            stamp = source.option("stamp")
            if stamp and norm(stamp) not in "".join(norm(c["text"]) for c in turned):
                faults.append(f"p.{number}: no margin stamp {stamp!r}")
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
    if page == 1 and source.cover_page:
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
    continued: list[Target] = []
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
                piece = _locate_table(index, block, pieces, piece, placements, note_pages, missing, continued)
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
    return Readback(0, placements, heading_pages, note_pages, {}, missing, [], {}, 0, 0, continued)


def _locate_table(index: int, table: Table, pieces: list[_RowPiece], piece: int, placements: dict[Target, Placement],
                  note_pages: dict[str, int], missing: list[str], continued: list[Target]) -> int:
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
        if len(found) > 1 and any(p.cells[0] for p in found[1:]):
            continued.append(Target(index, r))  # the first cell runs on past the page break
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


