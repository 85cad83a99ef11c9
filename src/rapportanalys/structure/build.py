"""Pages → a structured report: sections, paragraphs, list items, table cells, footnotes.

The stages, in order:

1. words → lines on every page; running headers, footers and page numbers set aside;
2. bordered tables found and their words taken out of the text flow;
3. the rest of each page put in reading order (columns) and the table of contents set aside;
4. a stream of headings, paragraphs and table fragments built region by region;
5. paragraphs and table rows that a page or column break cut in two joined again;
6. headings given levels and parents; blocks given their section; metadata read.
"""
from __future__ import annotations

import re
import statistics
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from . import metadata as meta_mod
from .headings import (DOCUMENT_LABELS, Heading, assign_levels, collect_heading, drop_stray_numbers, italic_label,
                       make_heading, outline_candidates, outline_from)
from .layout import Furniture, Line, figure_boxes, group_lines, reading_order
from ..model import Block, Report, Section, Source, Span
from .paragraphs import Para, Vocabulary, assemble, ends_sentence, join_hyphenated, join_lines, line_gaps, spans_of, wrapped
from ..read import Box, Document, Page, Word
from .tables import Grid, fill_grids, find_grids
from .accounting import Ledger
from .borderless import BorderlessTable, find_tables
from .bullets import drawn_bullets
from .toc import toc_pages
from ..extract.references import parse_date

_FOOTNOTE_START = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2}\s|\*+)")
_CAPTION = re.compile(r"^(källa|källor|foto|fotograf|bild|illustration)\s*:|^(figur|tabell|diagram|bild|graf)\s+\d+[.:]?(\s|(?=[A-ZÅÄÖ]))",
                      re.I)


# A section or list number before a capital ("1.5 Kartera …"): a new block, never a sentence's end
_NUMBERED_START = re.compile(r"^\d+(\.\d+)*\.?\s+[A-ZÅÄÖ]")
# A separator typed as characters ("_______", "- - - -", "* * *"): layout, not text.
_TYPED_RULE = re.compile(r"\s*([_\-–—=~*·.]\s*){3,}")


@dataclass
class TableRow:
    cells: dict[int, list[Line]]  # column → lines, in reading order, over one or more pages
    header: bool = False


@dataclass
class Table:
    grids: list[Grid]
    rows: list[TableRow]
    vocabulary: Vocabulary | None = None
    repeated: list[TableRow] = field(default_factory=list)  # header rows repeated on later pages


Item = Heading | Para | Table


def build_report(doc: Document, ledger: Ledger | None = None, early: EarlyGrouping | None = None) -> Report:
    """The structured report of ``doc``. Pass a :class:`Ledger` to see where each word went,
    and an :class:`EarlyGrouping` that grouped some of its pages already (``parse`` groups them
    while it waits for pdfium's reading child).

    A document whose pages are a list (the usual case) is grouped once, and each page's lines
    and regions are kept from one pass to the next. A long one whose pages are read back from
    the spill file (:class:`~rapportanalys.read.spill.SpilledPages`) keeps no page: each pass
    reads every page again and groups it again, and only what a pass finds that a later one
    needs is kept, by place (a line as its index among its page's), never by ``id()``. Memory
    then holds one page at a time, beside the summaries and the report itself, for time that
    stays proportional to the pages (each page is grouped five times, reading order twice).
    """
    pages = doc.pages
    keep = isinstance(pages, list)
    ledger = ledger if ledger is not None else Ledger(pages)
    n_pages = len(pages)
    heights: dict[int, float] = {}
    found = Furniture()
    vocabulary = Vocabulary()
    kept: list = []  # per page (page, grids, lines): pages in memory are grouped once

    def grouped() -> Iterator[tuple[Page, list[Grid], list[Line]]]:
        """Each page with its tables and its lines (the first grouping), in turn."""
        if kept:
            yield from kept
            return
        for k in range(n_pages):
            page = pages[k]
            yield (page, *((early.take(page) if early is not None else None) or _first_grouping(page)))

    # 1. Tables first (a table header repeated at the top of every page is not a running
    # header), the first grouping into lines, the running headers' candidates, the vocabulary.
    for page, page_grids, lines in grouped():
        heights[page.number] = page.height
        found.add_page(lines, page.height)
        vocabulary.add([w.text for w in page.words])
        if keep:
            kept.append((page, page_grids, lines))
    vocabulary.finish()
    # 2. The candidates' texts elsewhere, then which are furniture.
    for k, (_, _, lines) in enumerate(grouped()):
        found.count_elsewhere(k, lines)
    found.decide()
    # 3. The furniture posted and its text taken; the rest (the content) gives the body style.
    furniture_text: list[str] = []
    furniture: list[tuple[int, ...]] = []  # per page, the indexes of its furniture lines
    styles: Counter = Counter()
    turned: list[tuple[Page, tuple[float, float]]] = []  # the pages with rotated text, and its extent
    for k, (page, _, lines) in enumerate(grouped()):
        out = found.page(k, lines)
        furniture.append(tuple(out))  # a tuple: an empty set costs 216 bytes a page
        furniture_text += [l.text for i, l in enumerate(lines) if i in out]
        ledger.post_lines([l for i, l in enumerate(lines) if i in out], "furniture")
        content = [l for i, l in enumerate(lines) if i not in out] if out else lines
        _count_styles(styles, content)
        if page.rotated:  # what the rotated runs are read against: the horizontal text's extent
            turned.append((Page(page.number, page.width, page.height, images=page.images, rotated=page.rotated),
                           (min((l.x0 for l in content), default=0.0), max((l.x1 for l in content), default=page.width))))
    body_size, body_bold = _most_common_style(styles)
    del styles, found
    page = page_grids = lines = content = None  # the last page's, held by the loops' names

    def ordered() -> Iterator[tuple[Page, list[Grid], list[list[Line]]]]:
        """Each page with its tables and its content in reading order (its regions), in turn.
        Kept pages give up their first lines as soon as their regions are made."""
        for k, (page, page_grids, lines) in enumerate(grouped()):
            if kept:
                kept[k] = None
            out = furniture[k]
            content = [l for i, l in enumerate(lines) if i not in out] if out else lines
            regions = reading_order(content, body_size, lambda: figure_boxes(
                page.boxes, page.images, [w for l in content for w in l.words], body_size, page.width, page.height,
                [g.bbox for g in page_grids]))
            yield page, page_grids, regions
        kept.clear()

    # 4. Reading order: the table of contents, cover pages, the leading, the outline numbers.
    toc_entries: list = []
    toc_at: dict[int, list[int]] = {}  # per page with a TOC: its TOC lines' indexes in reading order
    outline: list = []
    gaps = array("d")  # every gap between body lines of one region, for the document's leading
    first_texts: list[list[str]] = []
    titles: list[tuple[str | None, float]] = []
    covers: set[int] = set()
    flows: list = []  # per page (page, its flow): pages in memory keep theirs for the last pass
    pending: list = []  # the pages whose TOC is being read (toc_pages hands their regions back later)

    def regions_only() -> Iterator[list[list[Line]]]:
        for page, page_grids, regions in ordered():
            pending.append((page, page_grids))
            yield regions

    for k, (regions, toc_ids) in enumerate(toc_pages(regions_only(), toc_entries)):
        page, page_grids = pending.pop(0)
        flat = [l for r in regions for l in r]
        if toc_ids:
            toc_at[k] = [j for j, l in enumerate(flat) if id(l) in toc_ids]
            ledger.post_lines([l for l in flat if id(l) in toc_ids], "toc")
        if k < 2 and n_pages >= 3 and _cover_page(flat, body_size, toc_ids):
            covers.add(k)
        for region in regions:
            if region:
                gaps.extend(line_gaps([l for l in region if abs(l.size - body_size) < 0.5], max(l.x1 for l in region)))
        if k < 3:  # what metadata reads of the first pages: their lines' text
            first_texts.append([l.text for r in regions for l in r])
        if k < 5:  # the largest type of each of the first pages: a cover letter's report starts later
            titles.append(_title_and_size(regions, body_size))
        flow = _place_grids(regions, page_grids)
        place = {id(l): j for j, l in enumerate(flat)}
        outline += outline_candidates([[l for l in obj if id(l) not in toc_ids] for kind, obj in flow if kind != "grid"],
                                      body_size, key=lambda l: (k, place[id(l)]))
        if keep:
            flows.append((page, flow, toc_ids, flat))
    page = page_grids = regions = region = toc_ids = flat = flow = place = None  # the last page's
    leading = statistics.median(gaps) if gaps else 0.3 * body_size
    del gaps
    headings_at: dict[int, dict[int, int]] = {}  # per page: its outline headings' first lines by index
    for (k, j), n in outline_from(outline).items():
        headings_at.setdefault(k, {})[j] = n
    del outline
    first_lines = [text for texts in first_texts[:2 if covers else 1] for text in texts]
    later_lines = [text for texts in first_texts[1:3] for text in texts]
    del first_texts
    boxes: dict[int, list[Box]] = {}  # per page, the small filled shapes a table cell's marks may be

    def page_flows() -> Iterator[tuple[list, set[int], dict[int, int], list[Box]]]:
        """5. Each page's flow (its regions and tables in reading order) for the last pass, with
        its TOC lines and its outline headings by ``id()`` of their lines, and its framed boxes
        (cards whose title is no heading)."""
        source = _taken(flows) if keep else _again(ordered(), toc_at)
        for k, (page, flow, toc_ids, flat) in enumerate(source):
            outline_ids = {id(flat[j]): n for j, n in headings_at.get(k, {}).items()}
            small = [b for b in page.boxes if (b.x1 - b.x0) < 24 and (b.bottom - b.top) < 24 and b.fill is not None]
            if small:
                boxes[page.number] = small
            frames = [b for b in page.boxes if b.stroke and b.x1 - b.x0 > 100 and b.bottom - b.top > 2 * body_size]
            yield flow, toc_ids, outline_ids, frames

    # The last pass, a pipeline of generators: each item is made, captioned, joined with what
    # a break cut, and made into blocks with a short look-back, so that the items of the whole
    # document never stand beside its blocks; the headings alone are kept to the end.
    items = _stream(page_flows(), covers, body_size, body_bold, heights, leading, vocabulary, ledger)
    items = _captions_over_tables(items, vocabulary)
    items = _join_across_breaks(items, vocabulary)
    items = _rotated_text(items, turned, ledger)

    report = Report(source=Source(path=doc.path, sha256=doc.sha256, pages=doc.page_count))
    _fill_sections_and_blocks(report, items, boxes, ledger, toc_entries)
    del items
    report.source.accounting, report.source.dropped = ledger.close()
    report.metadata = meta_mod.extract_metadata(titles[0][0] if titles else None, first_lines, furniture_text,
                                                doc.info, "\n".join(b.text for b in report.blocks),
                                                page_titles=titles, later_lines=later_lines)
    _title_block_is_no_section(report)
    return report


class EarlyGrouping:
    """Pages given their first grouping (:func:`_first_grouping`) before :func:`build_report` runs.

    ``parse`` reads the PDF in pdfium's child process while it loads the spaCy pipeline, and on
    two cores the pipeline is usually ready before the reading is done. The pages the child has
    handed over by then are grouped here meanwhile (the first grouping depends on its page
    alone), and the structure stage, which starts when the last page is in, has that much less
    to do. A grouping is taken only for the same page object with the same words list: a page
    read again (another backend) or given OCR words since is grouped anew. A page whose grouping
    fails here is left to :func:`build_report`, which fails in its own place."""

    def __init__(self) -> None:
        self._done: dict[int, tuple[Page, list[Word], tuple[list[Grid], list[Line]]]] = {}

    def add(self, page: Page) -> None:
        try:
            self._done[id(page)] = (page, page.words, _first_grouping(page))
        except Exception:  # noqa: BLE001 - grouped again by build_report, which reports it
            pass

    def take(self, page: Page) -> tuple[list[Grid], list[Line]] | None:
        """The page's grouping, once, if it was made from the page as it is now."""
        got = self._done.pop(id(page), None)
        if got is None or got[0] is not page or got[1] is not page.words:
            return None
        return got[2]

    def __len__(self) -> int:
        return len(self._done)


def _first_grouping(page: Page) -> tuple[list[Grid], list[Line]]:
    """A page's bordered tables, and the rest of its words (with its drawn bullets) in lines."""
    page_grids = find_grids(page)
    words = page.words + drawn_bullets(page)
    return page_grids, group_lines(fill_grids(page_grids, words) if page_grids else words, page.number)


def _taken(kept: list) -> Iterator:
    """The items of ``kept`` in turn, each let go of as it is handed out."""
    for k in range(len(kept)):
        item, kept[k] = kept[k], None
        yield item


def _again(ordered: Iterable[tuple[Page, list[Grid], list[list[Line]]]], toc_at: dict[int, list[int]]) -> Iterator:
    """Each page's flow made again from its regions, with its TOC lines (``toc_at``: their
    indexes in reading order) by ``id()``, and its lines in reading order."""
    for k, (page, page_grids, regions) in enumerate(ordered):
        flat = [l for r in regions for l in r]
        yield page, _place_grids(regions, page_grids), {id(flat[j]) for j in toc_at.get(k, ())}, flat


def _title_block_is_no_section(report: Report) -> None:
    """The title printed small at the head of a first page that also holds the contents ("Förstudie
    avseende …" over its authors, date and the contents list) is the document's title block,
    not a chapter: an unnumbered first section of page 1, equal to the title, with no sub-section
    and nothing under it but short lines, before chapter 1. A memo title with its own parts under
    it ("Förslag till beslut", "Bakgrund") stays a section."""
    if len(report.sections) < 2 or not report.metadata.title:
        return
    first, nxt = report.sections[0], report.sections[1]
    under = [b for b in report.blocks if b.section == first.id]
    if (first.page == 1 and first.number is None and first.title == report.metadata.title
            and nxt.number is not None and nxt.level <= first.level
            and all(b.page == 1 and len(b.text) <= 60 and not ends_sentence(b.text) for b in under)):
        report.sections.pop(0)
        for b in under:
            b.section = None


# -- styles and page kinds ----------------------------------------------------------------------

def _body_style(content: list[list[Line]]) -> tuple[float, bool]:
    """Size and boldness of running text: the style that carries the most characters."""
    counts: Counter = Counter()
    for lines in content:
        _count_styles(counts, lines)
    return _most_common_style(counts)


def _count_styles(counts: Counter, lines: list[Line]) -> None:
    """Add the characters of ``lines`` by (size, bold) of their words, in order (ties of the
    most common style go to the first met)."""
    for l in lines:
        for w in l.words:
            counts[(w.size, w.bold)] += len(w.text)


def _most_common_style(counts: Counter) -> tuple[float, bool]:
    if not counts:
        return 10.0, False
    (size, bold), _ = counts.most_common(1)[0]
    return size, bold


def _cover_page(lines: list[Line], body_size: float, toc_ids: set[int]) -> bool:
    """One of the first two pages of a longer document is a cover page: few words, one line set
    very large, and no table of contents. Its lines are paragraphs, not headings."""
    if not lines or any(id(l) in toc_ids for l in lines):
        return False
    n_words = sum(len(l.words) for l in lines)
    return n_words < 60 and any(l.size >= 1.4 * body_size for l in lines)


def _title_and_size(regions: list[list[Line]], body_size: float) -> tuple[str | None, float]:
    """The largest type on a page, its lines joined, and its size."""
    lines = [l for r in regions for l in r if any(ch.isalpha() for ch in l.text) and not _logo(l.text)
             and not _generic_heading(l.text)]
    if not lines:
        return None, 0.0
    biggest = max(l.size for l in lines)
    if biggest < body_size + 1:
        return None, biggest
    picked = [l for l in lines if abs(l.size - biggest) < 0.6]
    run = [picked[0]]
    for l in picked[1:]:
        if l.top - run[-1].bottom < 1.0 * biggest:
            run.append(l)
        else:
            break
    return join_lines([l.text for l in run]), biggest


_GENERIC_HEADINGS = {"sammanfattning", "inledning", "bakgrund", "förord", "innehåll", "innehållsförteckning",
                     "contents", "bakgrund och syfte", "syfte"}


def _generic_heading(text: str) -> bool:
    """A chapter or contents heading ("Sammanfattning", "Innehållsförteckning") names no report:
    when the title is a small line above it, that line is the title, not the larger heading."""
    return re.sub(r"^\d+(\.\d+)*\.?\s*", "", text.strip()).lower().rstrip(":") in _GENERIC_HEADINGS


def _logo(text: str) -> bool:
    """The municipality's name set as a logo ("KUNGÄLVS KOMMUN", "Göteborgs Stad") is not a title."""
    words = text.split()
    return (text.isupper() and len(words) <= 4) or bool(re.fullmatch(r"\w+s?\s+(kommun|stad)", text.strip(), re.I))


def _place_grids(regions: list[list[Line]], grids: list[Grid]) -> list[tuple[str, object]]:
    """Interleave a page's tables with its text regions by vertical position. A region with
    lines above and below a table beside none of its lines (a chapter heading and caption over
    the table, its notes and text under it) is two regions, read on either side of the table."""
    for g in grids:
        x0, top, x1, bottom = g.bbox
        cut = []
        for r in regions:
            above = [l for l in r if l.bottom <= top + 1]
            below = [l for l in r if l.top >= bottom - 1]
            if above and below and len(above) + len(below) == len(r) and \
                    any(l.x1 > x0 and l.x0 < x1 for l in above) and any(l.x1 > x0 and l.x0 < x1 for l in below):
                cut += [above, below]
            else:
                cut.append(r)
        regions = cut
    flow: list[tuple[str, object]] = [("region", r) for r in regions]
    for g in sorted(grids, key=lambda g: g.bbox[1]):
        at = next((i for i, (kind, r) in enumerate(flow)
                   if kind == "region" and min(l.top for l in r) > g.bbox[1]), len(flow))
        flow.insert(at, ("grid", g))
    return flow


# -- the stream of headings, paragraphs and tables ---------------------------------------------

def _stream(page_flows: Iterable[tuple[list, set[int], dict[int, int], list[Box]]], covers: set[int],
            body_size: float, body_bold: bool, heights: dict[int, float], leading: float, vocabulary: Vocabulary,
            ledger: Ledger) -> Iterator[Item]:
    """The document's items in reading order, each as soon as it is made. ``page_flows`` gives
    each page's flow (its regions and tables) with the ``id()``s of its TOC lines, its outline
    headings (:func:`.headings.outline_from`) and its framed boxes; a page's flow (with the lines
    that no item takes, such as its TOC's) goes once its items are made."""
    after_text = [False]  # a paragraph has been made: a document label now opens a later part

    def made(new: list[Item]) -> Iterator[Item]:
        for item in new:
            if isinstance(item, Para):
                after_text[0] = True
                _classify(item, body_size, heights)
            yield item

    for p, (flow, toc_ids, outline, page_frames) in enumerate(page_flows):
        for kind, obj in flow:
            if kind == "grid":
                yield Table(grids=[obj], rows=_grid_rows(obj), vocabulary=vocabulary)
                continue
            rules = {id(l) for l in obj if _TYPED_RULE.fullmatch(l.text)}
            ledger.post_lines([l for l in obj if id(l) in rules], "dropped", "a rule typed as characters")
            region = [l for l in obj if id(l) not in toc_ids and id(l) not in rules]
            if not region:
                continue
            right = max(l.x1 for l in region)
            if p in covers:
                yield from made(assemble(region, body_size, right, leading, vocabulary))
                continue
            pos = 0
            segments: list = []
            for start, end, table in find_tables(region):
                segments += [region[pos:start], table]
                pos = end
            segments.append(region[pos:])
            for segment in segments:
                if isinstance(segment, BorderlessTable):
                    yield _borderless(segment, vocabulary)
                    continue
                run: list[Line] = []
                i = 0
                while i < len(segment):
                    n, is_heading = _heading_at(segment, i, body_size, body_bold, outline, page_frames,
                                                after_text[0])
                    if is_heading:
                        yield from made(assemble(run, body_size, right, leading, vocabulary))
                        run = []
                        yield make_heading(segment[i:i + n], vocabulary)
                    else:
                        run.extend(segment[i:i + n])
                    i += n
                yield from made(assemble(run, body_size, right, leading, vocabulary))


def _captions_over_tables(items: Iterable[Item], vocabulary: Vocabulary) -> Iterator[Item]:
    """An unnumbered heading set right above a table that dates it or names it ("Utfall per
    2022-12-31", "Tabell 1 …") is the table's caption, not a section of the document: the next
    edition's caption of the same table may be set in italics and read as text. Each item is
    passed on once the next one is seen."""
    item = None
    for nxt in items:
        if item is not None:
            if (isinstance(item, Heading) and isinstance(nxt, Table) and item.number is None
                    and nxt.grids[0].page == item.lines[-1].page
                    and 0 <= nxt.grids[0].bbox[1] - item.lines[-1].bottom < 2 * item.lines[-1].size
                    and (_CAPTION.match(item.title) or parse_date(item.title))):
                yield Para(list(item.lines), kind="caption").finish(vocabulary)
            else:
                yield item
        item = nxt
    if item is not None:
        yield item


def _borderless(table: BorderlessTable, vocabulary: Vocabulary) -> Table:
    """A table found from aligned columns (structure/borderless.py), as a ruled one would be."""
    lines = table.header + [l for row in table.rows for l in row if l is not None]
    bbox = (min(l.x0 for l in lines), min(l.top for l in lines), max(l.x1 for l in lines), max(l.bottom for l in lines))
    rows = [TableRow(cells={c: [l] for c, l in enumerate(table.header)}, header=True)]
    rows += [TableRow(cells={c: [l] for c, l in enumerate(row) if l is not None}) for row in table.rows]
    return Table(grids=[Grid(page=lines[0].page, bbox=bbox, cols=table.cols, cells=[])], rows=rows,
                 vocabulary=vocabulary)


def _heading_at(region: list[Line], i: int, body_size: float, body_bold: bool, outline: dict[int, int],
                frames: list[Box], after_text: bool) -> tuple[int, bool]:
    """How many lines from ``region[i]`` belong together, and whether they are a heading: by
    style (:func:`.headings.collect_heading`) unless they title a framed card; else by their
    outline numbering, as an italic run-in label, or as a document label opening a later part."""
    n, is_heading = collect_heading(region, i, body_size, body_bold)
    if is_heading and not _box_title(region, i, n, frames, body_size):
        return n, True
    if id(region[i]) in outline:
        return outline[id(region[i])], True
    if italic_label(region, i, body_size) or _part_label(region[i], after_text, body_size):
        return 1, True
    return n, False


def _box_title(region: list[Line], i: int, n: int, frames: list[Box], body_size: float) -> bool:
    """A body-size title at the top of a framed box, over the text the box holds ("Frisk luft" in
    a card of the environmental goals): it names the card, not a section of the document."""
    first = region[i]
    if first.size >= body_size + 1.2 or i + n >= len(region):
        return False
    after = region[i + n]

    def inside(line: Line, box: Box) -> bool:
        return box.x0 - 2 <= line.x0 and line.x1 <= box.x1 + 2 and box.top - 2 <= line.top and line.bottom <= box.bottom + 2

    return any(inside(first, b) and inside(after, b) and first.top - b.top < 3 * first.size for b in frames)


def _part_label(line: Line, after_text: bool, body_size: float) -> bool:
    """A document label ("Rapportsammandrag") set large after body text opens the document's next
    part (the summary after its cover letter): a heading. At the top of the first page it names
    the kind of document, and metadata reads it."""
    return (line.text.strip().lower() in DOCUMENT_LABELS and line.size >= body_size + 1.2
            and after_text)


def _classify(para: Para, body_size: float, heights: dict[int, float]) -> None:
    if para.kind != "paragraph" and para.kind != "list_item":
        return
    first = para.first
    if (first.size <= body_size - 1.0 and first.top > 0.55 * heights.get(first.page, 842)
            and _FOOTNOTE_START.match(para.text)):
        para.kind = "footnote"
    elif para.kind == "paragraph" and _CAPTION.match(para.text):
        para.kind = "caption"


def _grid_rows(grid: Grid) -> list[TableRow]:
    rows = []
    for r in range(grid.n_rows):
        cells = {c.col: list(c.lines) for c in grid.row(r)}
        rows.append(TableRow(cells=cells))
    if rows and all(l.bold for ls in rows[0].cells.values() for l in ls) and any(rows[0].cells.values()):
        rows[0].header = True
    elif rows:
        header = _unruled_header(rows[0])
        if header is not None:
            rows[:1] = [header, TableRow(cells={c: ls[1:] for c, ls in rows[0].cells.items()})]
        elif len(rows) > 1:
            spread = _spread_header(grid, rows[0], rows[1])
            if spread is not None:
                rows[0] = spread
    return rows


def _spread_header(grid: Grid, row: TableRow, below: TableRow) -> TableRow | None:
    """A header row drawn as one cell over the whole table ("Utfall Budget Avvik else …" with no
    rules between its words): its words go to the columns of the row below, by position, when
    they fall under at least three of them."""
    filled = [c for c, ls in row.cells.items() if ls]
    if len(filled) != 1 or len([c for c, ls in below.cells.items() if ls]) < 3:
        return None
    words = [w for l in row.cells[filled[0]] for w in l.words]
    bounds = grid.cols[1:] + [grid.bbox[2]]

    def column(w: Word) -> int:
        x = (w.x0 + w.x1) / 2
        return next((i for i, right in enumerate(bounds) if x < right), len(bounds) - 1)

    by_col: dict[int, list[Word]] = {}
    for w in words:
        by_col.setdefault(column(w), []).append(w)
    if len(by_col) < 3 or not all(below.cells.get(c) or c == 0 for c in by_col):
        return None
    return TableRow(cells={c: group_lines(ws, grid.page) for c, ws in sorted(by_col.items())}, header=True)


_FIGURE_LINE = re.compile(r"^[-+−–]?\s?\d[\d\s\u00a0,.]*%?$")


def _unruled_header(row: TableRow) -> TableRow | None:
    """The header line of a first row that no rule parts from the row under it ("Utfall 2022"
    over "-2 563" in one drawn cell): its cells start with a line of words at one height over
    lines of figures, in at least two columns. That line is the header row."""
    firsts = {c: ls[0] for c, ls in row.cells.items() if ls}
    over_figures = [c for c, ls in row.cells.items() if len(ls) >= 2 and re.search(r"[A-Za-zÅÄÖåäö]", ls[0].text)
                    and all(_FIGURE_LINE.match(l.text.strip()) for l in ls[1:])]
    if len(over_figures) < 2 or len(firsts) < 2:
        return None
    top = min(l.top for l in firsts.values())
    height = max(l.bottom - l.top for l in firsts.values())
    if any(abs(l.top - top) > 0.5 * height for l in firsts.values()) or any(len(ls) < 2 for ls in row.cells.values() if ls):
        return None
    return TableRow(cells={c: [l] for c, l in firsts.items()}, header=True)


# -- joining what a page or column break cut ---------------------------------------------------

def _join_across_breaks(items: Iterable[Item], vocabulary: Vocabulary | None = None,
                        in_cell: bool = False) -> Iterator[Item]:
    """Join a paragraph, list item or table row that continues after a page or column break.

    In a table cell (``in_cell``) a sentence left open at the page break runs on whatever letter
    the next page starts with ("… Med utgångspunkt i" / "Socialstyrelsens föreskrifter"): a cell
    holds no headings that could start there.

    Each item is passed on as soon as nothing can join it any more: only the last item that is
    no footnote or caption (a paragraph, list item or table, see :func:`_previous_para`) can
    take a later one, so everything before it is done."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, Para) and item.kind == "paragraph":
            prev = _previous_para(out)
            if prev is not None and (_continues(prev, item) or (in_cell and _runs_on_in_cell(prev, item))):
                prev.lines.extend(item.lines)
                prev.text = join_hyphenated(prev.text, item.text, vocabulary)
                prev.spans = spans_of(prev.lines)
                continue
        if isinstance(item, Table) and out and isinstance(out[-1], Table) and _same_table(out[-1], item):
            _extend_table(out[-1], item)
            continue
        out.append(item)
        if not (isinstance(item, Para) and item.kind in ("footnote", "caption")) and len(out) > 1:
            yield from out[:-1]
            del out[:-1]
    yield from out


def _previous_para(out: list[Item]) -> Para | None:
    """The last paragraph before this point, looking past footnotes at a page bottom and
    captions (a photo credit above the next column)."""
    for item in reversed(out):
        if isinstance(item, Para):
            if item.kind in ("footnote", "caption"):
                continue
            return item if item.kind in ("paragraph", "list_item") else None
        return None
    return None


def _runs_on_in_cell(prev: Para, nxt: Para) -> bool:
    return prev.last.page != nxt.first.page and bool(nxt.text) and not ends_sentence(prev.text)


def _continues(prev: Para, nxt: Para) -> bool:
    a, b = prev.last, nxt.first
    if a.page == b.page and a.region == b.region and b.top > a.top:
        return False  # same column, already separated by the paragraph rules
    if (a.page, a.top) == (b.page, b.top) or ends_sentence(prev.text) or not nxt.text:
        return False
    if abs(a.size - b.size) > 0.8 or a.bold != b.bold:
        return False
    # "… För liknande kommuner var resultatet" / "2,1 procent.": a sentence that runs on
    # "… och sammanhang" / "(bland annat förtroende).": a bracket goes on with the sentence too
    starts_lower = (nxt.text[0].islower() or (nxt.text[0].isdigit() and not _NUMBERED_START.match(nxt.text))
                    or (nxt.text[0] == "(" and (nxt.text[1:2].islower() or nxt.text[1:2].isdigit())))
    # "… finnas med i" / "Verksamhetsplanen.": a sentence cannot stop at a preposition or an
    # article, so it runs on into a name
    open_end = prev.text.rsplit(" ", 1)[-1].lower() in _OPEN_WORDS and not nxt.text[:1] in "•–-"
    # a paragraph's last line that wrapped at its column's edge without ending a sentence goes on;
    # not a list item's (items often end unpunctuated, and a full one may end at the edge), nor a
    # one-line paragraph's (a file name in a list of them may be the widest line of its column,
    # as the last line of Kalmar's "Bilagor" in two columns is: that line made the edge)
    full = (prev.kind == "paragraph" and len(prev.lines) >= 2 and wrapped(a, b, prev.right_edge)
            and not _NUMBERED_START.match(nxt.text))
    return starts_lower or prev.text.endswith("-") or open_end or full


# Words a Swedish sentence does not end on: prepositions, articles, conjunctions.
_OPEN_WORDS = frozenset("i av för med och att en ett till på om som från vid eller samt hos mot genom inom "
                        "mellan utifrån enligt kring både sin sitt sina dess deras".split())


def _columns_match(a: Grid, b: Grid) -> bool:
    return len(a.cols) == len(b.cols) and all(abs(x - y) < 3 for x, y in zip(a.cols, b.cols))


def _same_table(prev: Table, nxt: Table) -> bool:
    return nxt.grids[0].page == prev.grids[-1].page + 1 and _columns_match(prev.grids[-1], nxt.grids[0])


def _row_text(row: TableRow) -> list[str]:
    return [" ".join(l.text for l in row.cells.get(c, [])) for c in sorted(row.cells)]


def _extend_table(table: Table, more: Table) -> None:
    rows = list(more.rows)
    if rows and table.rows and _row_text(rows[0]) == _row_text(table.rows[0]):
        table.rows[0].header = True  # a header row repeated on the new page
        table.repeated.append(rows[0])
        rows = rows[1:]
    if rows and table.rows and _row_continues(table.rows[-1], rows[0]):
        last = table.rows[-1]
        for col, lines in rows[0].cells.items():
            last.cells.setdefault(col, []).extend(lines)
        rows = rows[1:]
    table.grids.extend(more.grids)
    table.rows.extend(rows)


def _row_continues(last: TableRow, first: TableRow) -> bool:
    """The first row on the new page carries on the row the page break cut."""
    texts = {c: " ".join(l.text for l in ls).strip() for c, ls in first.cells.items()}
    prev = {c: " ".join(l.text for l in ls).strip() for c, ls in last.cells.items()}
    if any(not texts.get(c) and prev.get(c) for c in prev):
        return True
    return any(t[:1].islower() and prev.get(c) and not ends_sentence(prev[c]) for c, t in texts.items() if t)


# -- rotated text -----------------------------------------------------------------------------------

def _rotated_text(items: Iterable[Item], turned: list[tuple[Page, tuple[float, float]]],
                  ledger: Ledger) -> Iterator[Item]:
    """Rotated text (the page layer's own stream) is a margin stamp or a caption.

    A run outside the horizontal text's extent, or by the page edge (a vertical e-signature
    stamp, a document id up the margin), is page furniture. A run inside the text area (a
    rotated table or chart label) is a caption, placed after that page's other items. So is a
    photo credit up the edge of its picture, wherever the picture is (Göteborg's årsredogörelser:
    "Foto: Frida Winter" by the page edge, on a photo or on a full-bleed one): it says what it is
    ("Foto:", "Källa:"), or it stands on a picture that is not the page's background.

    A page's captions come after the last item of a page up to it, that is before the first
    item of a later page (items come in page order).
    """
    turned = iter(turned)  # (page, the horizontal text's extent) of each page with rotated text
    waiting = next(turned, None)
    for item in items:
        page_number = _item_page(item)
        while waiting is not None and waiting[0].number < page_number:
            yield from _rotated_captions(*waiting, ledger)
            waiting = next(turned, None)
        yield item
    while waiting is not None:
        yield from _rotated_captions(*waiting, ledger)
        waiting = next(turned, None)


def _rotated_captions(page: Page, extent: tuple[float, float], ledger: Ledger) -> list[Para]:
    """A page's rotated runs: margin ones posted as furniture, the others its captions."""
    x0, x1 = extent  # the horizontal text's extent on the page (its first lines, furniture aside)
    pictures = [im for im in page.images
                if (im[2] - im[0]) * (im[3] - im[1]) < 0.9 * page.width * page.height]
    captions = []
    for run in page.rotated:
        edge = 0.08 * page.width
        margin = run.x1 <= x0 + 2 or run.x0 >= x1 - 2 or run.x1 < edge or run.x0 > page.width - edge
        if margin and not (_CAPTION.match(run.text.strip()) or _on_picture(run, pictures)):
            ledger.post([run], "furniture", page=page.number)
        else:
            captions.append(Para([Line([run], page.number)], kind="caption").finish())
    return captions


def _on_picture(run: Word, pictures: list[tuple[float, float, float, float]]) -> bool:
    return any(a - 1 <= run.x0 and run.x1 <= c + 1 and b - 1 <= run.top and run.bottom <= d + 1
               for a, b, c, d in pictures)


def _item_page(item: Item) -> int:
    return item.grids[0].page if isinstance(item, Table) else item.page


# -- TOC cross-check ------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"[^\wåäö]+", " ", text.lower()).strip()


def _toc_candidate_texts(entries) -> set[str]:
    """The texts a paragraph must have (normalised) to be taken for a TOC entry's heading."""
    texts = set()
    for entry in entries:
        texts.add(_norm(entry.title))
        texts.add(_norm(f"{entry.number} {entry.title}" if entry.number else entry.title))
    return texts


def _promoted_toc_entries(candidates: list[Para], headings: list[Heading], entries) -> set[int]:
    """A TOC entry whose heading the style rules missed: its line in the body (the first short
    paragraph after the entry's page less two that reads as the entry) is promoted to a heading.
    ``candidates`` are the document's paragraphs that read as some entry, in order; the
    headings are the whole document's (an entry found as a heading anywhere needs none).
    Returns the indexes of the candidates promoted."""
    found = {_norm(h.title) for h in headings}
    promoted: set[int] = set()
    for entry in entries:
        key = _norm(entry.title)
        if key in found:
            continue
        label = _norm(f"{entry.number} {entry.title}" if entry.number else entry.title)
        for k, item in enumerate(candidates):
            if k not in promoted and _norm(item.text) in (key, label) and item.page >= entry.page - 2:
                promoted.add(k)
                found.add(key)
                break
    return promoted


# -- sections and blocks ----------------------------------------------------------------------------

def _fill_sections_and_blocks(report: Report, items: Iterable[Item], boxes: dict[int, list[Box]],
                              ledger: Ledger, toc_entries=()) -> None:
    """Sections from the headings, blocks from the rest, each item posted to the books as it
    comes (``items`` is the last pass's stream: an item is let go of once made into blocks, so
    the report's blocks never stand beside every item of the document as well).

    Only the headings are kept to the end: a heading's number is kept only where the numbering
    runs on, and levels and parents come from all of them. So does the TOC cross-check
    (:func:`_promoted_toc_entries`, whether an entry is a heading anywhere): a short paragraph
    that reads as a TOC entry is made into its block, with its place noted, and if it is
    promoted to a heading at the end, its block goes and the blocks after it are numbered and
    put in their sections again."""
    headings: list[Heading] = []
    # per block, how many headings came before it (its section, once all are known)
    under: list[int] = []
    texts = _toc_candidate_texts(toc_entries)
    candidates: list[Para] = []
    # per candidate: its block's index and how many headings came before it
    placed: list[tuple[int, int]] = []
    n_tables = 0
    for item in items:
        if isinstance(item, Heading):
            headings.append(item)
            ledger.post_lines(item.lines, "titles")
            item.let_go()
        elif isinstance(item, Para):
            if (texts and item.kind == "paragraph" and len(item.lines) <= 2 and item.text
                    and _norm(item.text) in texts):
                candidates.append(item)  # posted at the end: to titles if promoted
                placed.append((len(report.blocks), len(headings)))
            else:
                ledger.post_lines(item.lines, "blocks" if item.text else "dropped", None if item.text else "no text")
            if item.text:
                report.blocks.append(_block(report, item.kind, item.text, None, item.spans,
                                            list_level=item.list_level if item.kind == "list_item" else None,
                                            marker=item.marker))
                under.append(len(headings))
        else:
            n_tables += 1
            before = len(report.blocks)
            _table_blocks(report, item, f"t{n_tables}", None, boxes)
            under.extend([len(headings)] * (len(report.blocks) - before))
            ledger.post_lines([l for row in item.rows for ls in row.cells.values() for l in ls], "blocks")
            ledger.post_lines([l for row in item.repeated for ls in row.cells.values() for l in ls],
                              "dropped", "table header repeated on a later page")
    promoted = _promoted_toc_entries(candidates, headings, toc_entries)
    for k, para in enumerate(candidates):
        ledger.post_lines(para.lines, "titles" if k in promoted else "blocks")
    if promoted:
        # the promoted paragraphs' headings in their places, their blocks out
        gone: set[int] = set()
        for k in sorted(promoted, reverse=True):  # the last first: each goes in after the headings before it
            at, before = placed[k]
            headings.insert(before, make_heading(candidates[k].lines))
            gone.add(at)
        blocks, counts = [], []
        passed = 0  # promoted paragraphs passed so far
        for index, (block, count) in enumerate(zip(report.blocks, under)):
            if index in gone:
                passed += 1
                continue
            block.id = f"b{len(blocks) + 1}"
            blocks.append(block)
            counts.append(count + passed)
        report.blocks, under = blocks, counts
    drop_stray_numbers(headings)
    parents = assign_levels(headings)
    for n, h in enumerate(headings):
        report.sections.append(Section(
            id=f"s{n + 1}", number=h.number, title=h.title, level=h.level,
            parent=f"s{parents[n] + 1}" if parents[n] is not None else None,
            page=h.page, bbox=h.bbox))
    for block, count in zip(report.blocks, under):
        block.section = f"s{count}" if count else None


def _block(report: Report, kind: str, text: str, section: str | None, spans, **extra) -> Block:
    spans = [Span(page, tuple(round(v, 2) for v in box)) for page, box in spans]
    return Block(id=f"b{len(report.blocks) + 1}", kind=kind, text=text, section=section,
                 page=spans[0].page, bbox=spans[0].bbox, spans=spans if len(spans) > 1 else [], **extra)


def _table_blocks(report: Report, table: Table, table_id: str, section: str | None,
                  boxes: dict[int, list[Box]]) -> None:
    for r, row in enumerate(table.rows):
        for col in sorted(row.cells):
            lines = row.cells[col]
            if not lines:
                continue
            text = cell_text(lines, lines[0].size, table.vocabulary)
            if row.header and len(lines) > 1 and table.vocabulary is not None:
                text = _join_split_words(text, lines, table.vocabulary)
            if text:
                block = _block(report, "table_cell", text, section, spans_of(lines),
                               table=table_id, row=r, col=col, header=row.header)
                block.marks = _marks(lines, table, col, boxes)
                report.blocks.append(block)


def _join_split_words(text: str, lines: list[Line], vocabulary: Vocabulary) -> str:
    """A narrow header cell breaks a word with no hyphen ("Avvik" / "else", "Budgetav" /
    "vikelse"): the two pieces are one word when the document spells the whole word elsewhere
    and the second piece never stands but where the first does (a word cut the same way)."""
    for a, b in zip(lines, lines[1:]):
        head, tail = a.text.rsplit(" ", 1)[-1], b.text.split(" ", 1)[0]
        whole = (head + tail).strip(".,:;()").lower()
        if head.isalpha() and tail.isalpha() and tail[:1].islower() and whole in vocabulary.words \
                and vocabulary.counts[tail.lower()] <= vocabulary.counts[head.lower()] and f"{head} {tail}" in text:
            text = text.replace(f"{head} {tail}", head + tail, 1)
    return text


_SYMBOL_FONT = re.compile(r"wingdings|webdings|dingbat|symbol", re.I)
_STATUS_CHARACTER = re.compile(r"^[✓✔✗✘☑☒!–—\-●■▪]$")


def _marks(lines: list[Line], table: Table, col: int, boxes: dict[int, list[Box]]) -> list[dict]:
    """Status icons at the start of a cell: glyphs of a symbol font (Wingdings "ü", ZapfDingbats
    "4") and small filled shapes (a green or red dot drawn as a path), which the text alone
    does not show. The activity extractor classifies them."""
    marks: list[dict] = []
    first = lines[0]
    for i, w in enumerate(first.words[:2]):
        # a symbol font's glyph, or a lone status character ("–" would otherwise read as a bullet)
        if _SYMBOL_FONT.search(w.font) or (i == 0 and _STATUS_CHARACTER.match(w.text)):
            marks.append({"kind": "glyph", "text": w.text, "font": w.font.split("+")[-1],
                          "color": [round(v, 3) for v in w.color] if w.color else None,
                          "bbox": [round(v, 2) for v in (w.x0, w.top, w.x1, w.bottom)]})
    cell = next((c for g in table.grids if g.page == first.page for c in g.cells
                 if c.col == col and c.bbox[1] <= first.top <= c.bbox[3]), None)
    if cell is not None:
        x0, top, x1, bottom = cell.bbox
        for b in boxes.get(first.page, []):
            small = (b.x1 - b.x0) < 24 and (b.bottom - b.top) < 24
            if small and b.fill is not None and x0 <= b.x0 and b.x1 <= x1 and top <= b.top <= first.bottom + 4:
                marks.append({"kind": "shape", "fill": [round(v, 3) for v in b.fill],
                              "bbox": [round(v, 2) for v in (b.x0, b.top, b.x1, b.bottom)]})
    return marks


def cell_text(lines: list[Line], size: float, vocabulary: Vocabulary | None = None) -> str:
    """A cell's paragraphs and list items, one per line; list items keep a "• " marker."""
    paras = list(_join_across_breaks(assemble(lines, size, vocabulary=vocabulary), vocabulary, in_cell=True))
    parts = []
    for p in paras:
        if not isinstance(p, Para) or not p.text:
            continue
        parts.append(f"• {p.text}" if p.kind == "list_item" else p.text)
    return "\n".join(parts)
