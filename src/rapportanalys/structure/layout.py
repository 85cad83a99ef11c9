"""Page geometry: words → lines, page furniture, and reading order.

A line is a run of words that share a baseline. Reading order comes from a recursive XY-cut:
a region is split at a vertical gutter (columns) when one runs through all of it, otherwise at
its widest horizontal gap, so a full-width heading above two columns is read before both
columns, and the left column before the right one.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter

from ..read import Word

TERMINAL = ".!?:;»”\")"
_X0 = attrgetter("x0")


@dataclass(slots=True, weakref_slot=True)  # slotted: every line of the document is held until the report is built
class Line:
    words: list[Word]
    page: int
    region: int = 0  # index of the reading-order region on its page
    text: str = ""
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    font: str = ""

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        # One pass over the words: this runs for every line of every page (and again for the
        # pieces of lines cut at gutters), so it is the structure stage's innermost loop.
        ws = sorted(self.words, key=_X0)
        self.words = ws
        self.text = join_words(ws)
        first = ws[0]
        x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
        weights: dict = {}
        bold = italic = True
        any_letters = False
        for w in ws:
            if w.top < top:
                top = w.top
            if w.x1 > x1:
                x1 = w.x1
            if w.bottom > bottom:
                bottom = w.bottom
            text = w.text
            key = (w.size, w.font)
            weights[key] = weights.get(key, 0) + len(text)
            if text.isalpha() or any(map(str.isalpha, text)):  # the first answers for most words
                any_letters = True
                bold = bold and w.bold
                italic = italic and w.italic
        if not any_letters:  # a line of figures or marks: its own weight decides
            bold, italic = all(w.bold for w in ws), all(w.italic for w in ws)
        self.x0, self.top, self.x1, self.bottom = x0, top, x1, bottom
        # the first of equal weights, as before (most lines have one size and font)
        self.size, self.font = key if len(weights) == 1 else max(weights, key=weights.get)
        self.bold, self.italic = bold, italic

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def style(self) -> tuple[float, bool]:
        return (round(self.size * 2) / 2, self.bold)


def join_words(words: list[Word]) -> str:
    """Join the words of one line, with a space only where the page shows a gap.

    Words split at a font change inside one printed word ("procent" + superscript "¹") must not
    get a space between them.
    """
    out: list[str] = []
    prev: Word | None = None
    for w in words:
        text = w.text
        if prev is not None:
            if len(text) <= 2 and _is_superscript(w, prev):  # its first test, before the call
                out.append(text.translate(_SUPERSCRIPT))
                continue  # the marker belongs to the word before; keep that word as ``prev``
            gap = w.x0 - prev.x1
            if gap > 0.12 * min(prev.size, w.size) or prev.text.endswith((",", ";")):
                out.append(" ")
        out.append(text)
        prev = w
    return "".join(out)


_SUPERSCRIPT = str.maketrans("0123456789*", "⁰¹²³⁴⁵⁶⁷⁸⁹*")


def _is_superscript(w: Word, prev: Word) -> bool:
    """A footnote reference: one or two small digits raised against the word before them."""
    return (len(w.text) <= 2 and (w.text.isdigit() or w.text == "*") and w.size < 0.8 * prev.size
            and w.bottom < prev.bottom - 0.15 * prev.size and w.x0 - prev.x1 < 0.3 * prev.size)


def group_lines(words: list[Word], page: int) -> list[Line]:
    """Group words into lines by vertical overlap, top to bottom, then left to right."""
    return [Line(join_letter_spaced(ws), page) for ws in _word_groups(words)]


def _word_groups(words: list[Word]) -> list[list[Word]]:
    """The words of each line :func:`group_lines` makes, in its order."""
    lines: list[list[Word]] = []
    bounds: list[list[float]] = []  # top, bottom, size, longest word of each open line
    # The innermost loop of the structure stage: the comparisons are written out ("b if b > a
    # else a" is exactly max(a, b), "b if b < a else a" min(a, b)) and a line's bounds updated
    # in place, instead of calls to min and max and a new list per word.
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        wtop, wbottom, wsize, length = w.top, w.bottom, w.size, len(w.text)
        h = wbottom - wtop
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            b = bounds[i]
            top, bottom, size, longest = b
            overlap = (wbottom if wbottom < bottom else bottom) - (wtop if wtop > top else top)
            # Text of very different size is another line (a 26 pt title beside 11 pt text),
            # except short marks such as a footnote reference, before or after its text.
            similar = length <= 3 or longest <= 3 or \
                (wsize if wsize > size else size) <= 1.5 * (wsize if wsize < size else size)
            line_h = bottom - top
            if similar and overlap > 0.5 * (line_h if line_h < h else h):
                lines[i].append(w)
                if wtop < top:
                    b[0] = wtop
                if wbottom > bottom:
                    b[1] = wbottom
                if wsize > size:
                    b[2] = wsize
                if length > longest:
                    b[3] = length
                break
        else:
            lines.append([w])
            bounds.append([wtop, wbottom, wsize, length])
    return lines


def join_letter_spaced(words: list[Word]) -> list[Word]:
    """Join display text set with letter spacing ("V a r f ö r  e n") back into words.

    A run of four or more single-letter words on one line is letter-spaced text. The gap
    between two of its letters is measured against that run's own letter spacing (its median
    gap): a gap well above it is a space between words, the rest join letters.
    """
    ws = sorted(words, key=lambda w: w.x0)
    if sum(1 for w in ws if len(w.text) == 1) < 4:
        return ws  # no run of four single letters, nor a letter-spaced line: most lines
    spaced = _letter_spaced_line(ws)
    if spaced is not None:
        return spaced
    out: list[Word] = []
    i = 0
    while i < len(ws):
        j = i
        while j < len(ws) and len(ws[j].text) == 1 and ws[j].text.isalnum():
            j += 1
        run = ws[i:j]
        if len(run) >= 4:
            gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])]
            letter_gap = statistics.median(gaps)
            if letter_gap < 0.8 * run[0].size:
                word = [run[0]]
                for gap, w in zip(gaps, run[1:]):
                    if gap > 1.8 * letter_gap + 0.1 * w.size:
                        out.append(_merge(word))
                        word = [w]
                    else:
                        word.append(w)
                out.append(_merge(word))
                i = j
                continue
        out.append(ws[i])
        i += 1
    return out


def _letter_spaced_line(ws: list[Word]) -> list[Word] | None:
    """A line set letter-spaced throughout ("1 .  M å l o m r å d e", "2 0 2 0 - 0 5 - 2 5"):
    most of its words are single characters, digits and punctuation included. Its letters are
    joined wherever the gap is a letter gap of this line, so short words ("p å") and dates come
    back whole too. None when the line is not letter-spaced."""
    singles = [w for w in ws if len(w.text) == 1]
    if len(singles) < 4 or len(singles) < 0.6 * len(ws):
        return None
    gaps = [b.x0 - a.x1 for a, b in zip(ws, ws[1:]) if len(a.text) == 1 and len(b.text) == 1]
    if not gaps:
        return None
    letter_gap = max(statistics.median(gaps), 0.0)
    if letter_gap >= 0.8 * ws[0].size or letter_gap < 0.05 * ws[0].size:
        return None  # words far apart (a table row of marks), or ordinary tight text
    out, word = [], [ws[0]]
    for a, b in zip(ws, ws[1:]):
        if b.x0 - a.x1 > 1.8 * letter_gap + 0.1 * b.size:
            out.append(_merge(word))
            word = [b]
        else:
            word.append(b)
    out.append(_merge(word))
    return out


def _merge(letters: list[Word]) -> Word:
    first = letters[0]
    if len(letters) == 1:
        return first
    return Word(text="".join(w.text for w in letters), x0=first.x0, top=min(w.top for w in letters),
                x1=letters[-1].x1, bottom=max(w.bottom for w in letters), font=first.font,
                size=first.size, bold=all(w.bold for w in letters),
                italic=all(w.italic for w in letters), color=first.color,
                parts=tuple(p for w in letters for p in (w.parts or (w,))))


# -- running headers, footers, page numbers ----------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(?:(?:sida|sid\.?|page|s\.)\s*)?\d{1,4}(?:\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|/\s*\d{1,4}))?$",
    re.I,
)
_TRAILING_PAGE_NUMBER = re.compile(
    r"\s*(?:(?:sida|sid\.?|page)\s*)?\d{1,4}(?:\s*\(\s*\d{1,4}\s*\)|\s+av\s+\d{1,4}|\s*/\s*\d{1,4})?$", re.I
)


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


class Furniture:
    """The lines that are running headers, footers or page numbers, found over the pages given
    in turn three times (a long document's pages are not kept: each pass groups them again),
    and named by their index among their page's lines.

    A line is furniture when it is what a header or footer is, never by position alone: it sits
    among the outermost lines of the top or bottom band of its page and either is a page number
    ("3", "Sida 3 av 12", "3 (26)") or is short and repeats, digits aside, in the same band on
    other pages. A line that also stands elsewhere in the body in the
    same style, or set larger than the body text, must head nearly every page to count: a sub-heading
    that recurs in every chapter ("Koppling till Agenda 2030") and happens to open a few pages
    also stands mid-page, so it stays a heading.

    The passes: :meth:`add_page` (each page's candidates), :meth:`count_elsewhere` (the same
    texts elsewhere in the body), then :meth:`decide` once, and :meth:`page` for each page.
    """

    def __init__(self) -> None:
        # per page: its header and footer candidates, each as (index, band, text digits aside,
        # page number?, at most 150 characters?, a bottom line ending in "1 (1)"?, style, size);
        # one key string per distinct text, shared by the counts below
        self._candidates: list[list[tuple]] = []
        self._keys: dict[str, str] = {}
        self._sizes: Counter = Counter()
        self._elsewhere: Counter = Counter()
        self._found: list[list[int]] = []

    def add_page(self, lines: list[Line], height: float) -> None:
        """The first pass: the page's candidates, and its text's sizes."""
        order = sorted(range(len(lines)), key=lambda i: lines[i].top)
        top_band = [i for i in order[:4] if lines[i].bottom < 0.14 * height]
        bottom_band = [i for i in order[-4:] if lines[i].top > 0.86 * height]
        candidates = []
        for band, indexes in (("top", top_band), ("bottom", bottom_band)):
            for i in indexes:
                line = lines[i]
                key = _furniture_key(line.text)
                text = line.text.strip()
                candidates.append((i, band, self._keys.setdefault(key, key), is_page_number(text), len(text) <= 150,
                                   band == "bottom" and bool(_TRAILING_PAGE_NUMBER.search(text))
                                   and bool(re.search(r"\(\s*\d+\s*\)$|av\s+\d+$", text)),
                                   line.style, line.size))
        self._candidates.append(candidates)
        for l in lines:
            self._sizes[round(l.size)] += len(l.text)

    def count_elsewhere(self, k: int, lines: list[Line]) -> None:
        """The second pass: the same line in the same style elsewhere on page ``k``: a heading
        that recurs, not the title on the cover. Counted only for the texts of candidates (the
        only ones asked), not for every line of the document: such a counter held nearly every
        body line's text."""
        in_band = {c[0] for c in self._candidates[k]}
        keys = self._keys
        for i, l in enumerate(lines):
            if i not in in_band:
                key = _furniture_key(l.text)
                if key in keys:
                    self._elsewhere[(key, l.style)] += 1

    def decide(self) -> None:
        """Which candidates are furniture, once every page has been counted."""
        counts = Counter((c[1], c[2]) for candidates in self._candidates for c in candidates)
        n_pages = len(self._candidates)
        repeat_min = 2 if n_pages <= 6 else max(2, round(0.2 * n_pages))
        body_size = self._sizes.most_common(1)[0][0] if self._sizes else 10
        elsewhere = self._elsewhere
        for candidates in self._candidates:
            found = []
            for i, band, key, page_number, short, trailing, style, size in candidates:
                if page_number:
                    found.append(i)
                elif (counts[(band, key)] >= (repeat_min if not (elsewhere[(key, style)] or size > 1.15 * body_size)
                                              else max(repeat_min, 0.8 * n_pages))
                      and short):
                    found.append(i)
                elif trailing:
                    found.append(i)  # "Göteborgs Stad kommunfullmäktige 1 (1)" on a one-page letter
            self._found.append(found)
        self._candidates = self._keys = self._elsewhere = None

    def page(self, k: int, lines: list[Line]) -> set[int]:
        """The third pass: the indexes of page ``k``'s furniture lines, less the end of a body
        line above (itself no furniture: not a running header's "2023")."""
        found = {id(lines[i]) for i in self._found[k]}
        self._found[k] = None
        return {i for i, l in enumerate(lines) if id(l) in found and not _wrapped_year(l, lines, found)}


def _wrapped_year(line: Line, lines: list[Line], furniture: set[int]) -> bool:
    """A year on a line of its own that ends the line above: same style, flush with it, one
    leading below, and the line above ends no sentence and is no furniture ("3. Innevarande
    verksamhetsår," / "2020", a bold question heading wrapped at the top of a column). Not a page
    number; but a running header set as "Årsredovisning" / "2023" stays furniture."""
    if not re.fullmatch(r"(?:19|20)\d\d", line.text.strip()):
        return False
    return any(a is not line and id(a) not in furniture and a.style == line.style and abs(a.x0 - line.x0) < 1.0
               and 0 <= line.top - a.bottom < 0.8 * line.size and not a.text.rstrip().endswith(tuple(TERMINAL))
               for a in lines)


# -- reading order -------------------------------------------------------------------------------

def reading_order(lines: list[Line], body_size: float, figures=()) -> list[list[Line]]:
    """Split a page's lines into regions in reading order (recursive XY-cut on line pieces).

    ``figures`` (:func:`figure_boxes`) take part in the cut as the space they fill, though they
    hold no text: a chart at the top of the left column, beside the right column's first lines,
    keeps the two columns side by side there, so the left column's caption under the chart is
    read before the right column's top, where its sentence runs on (Trygg i Kungälv's two-column
    variant, p6). Without them the empty band beside the right column's top reads as a cut
    across the page and the right column's top comes first. ``figures`` may be a function that
    finds them: it is called only on a page with columns (most pages have none, and finding
    figures looks at every drawn shape of the page).
    """
    if not lines:
        return []
    found = page_gutters(lines, body_size)
    gutters = [x for x, _, _ in found]
    pieces: list[Line] = []
    for line in lines:
        pieces.extend(_split_at_gutters(line, body_size, gutters))
    page = lines[0].page
    # only a figure inside one column of a page that has columns: one across a gutter is no
    # column's, and on a page of one column the lines alone tell the order
    figures = (figures() if callable(figures) else figures) if gutters else ()
    placeholders = [Word("", x0, top, x1, bottom, "", body_size, False, False) for x0, top, x1, bottom in figures
                    if not any(x0 < g < x1 for g in gutters)]
    pieces += [Line([w], page) for w in placeholders]
    regions: list[list[Line]] = []
    _xy_cut(pieces, body_size, regions, depth=0, gutters=gutters, spans=found)
    # Pieces of one line that stayed in one region (a label and its value, a number and its
    # TOC title) are one line again; the figures' placeholders go.
    skip = {id(w) for w in placeholders}
    regions = [[l for l in r if id(l.words[0]) not in skip] for r in regions] if skip else regions
    out = []
    for index, region in enumerate(r for r in regions if r):
        lines = _regrouped(region)
        lines = [part for line in lines for part in _apart_at_gutters(line, body_size, gutters)]
        for line in lines:
            line.region = index
        out.append(lines)
    return out


def _regrouped(region: list[Line]) -> list[Line]:
    """``group_lines`` of the region's words, keeping each of the region's lines that comes out
    word for word as it was: a :class:`Line` is made from its words alone, so the kept one is
    the line ``group_lines`` would make again, without its making (on most pages no line was cut
    at a gutter, and regrouping gives back every line: a quarter of the structure stage)."""
    page = region[0].page
    made = {id(line.words[0]): line for line in region}
    out = []
    for ws in _word_groups([w for line in region for w in line.words]):
        ws = join_letter_spaced(ws)
        line = made.get(id(ws[0]))
        if line is None or len(line.words) != len(ws) or any(a is not b for a, b in zip(line.words, ws)):
            line = Line(ws, page)
        out.append(line)
    return out


def figure_boxes(boxes, images, words: list[Word], body_size: float, page_width: float, page_height: float,
                 tables: list[tuple[float, float, float, float]] = ()) -> list[tuple[float, float, float, float]]:
    """The page's drawn figures (a bar chart, a photo) as boxes holding no text: drawn shapes and
    images at least a body line tall or wide, near ones merged (the bars of one chart), none
    that holds a word (a table cell, a text frame, a highlight), lies in a table, or covers most
    of the page (a background)."""
    area = page_width * page_height
    shapes = [(b.x0, b.top, b.x1, b.bottom) for b in boxes] + [tuple(i) for i in images]
    shapes = [s for s in shapes if max(s[2] - s[0], s[3] - s[1]) >= body_size
              and (s[2] - s[0]) * (s[3] - s[1]) < 0.5 * area
              and not any(t[0] - 1 <= s[0] and s[2] <= t[2] + 1 and t[1] - 1 <= s[1] and s[3] <= t[3] + 1 for t in tables)]
    if not shapes:
        return []
    centres = [((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for w in words]
    shapes = [s for s in shapes if not any(s[0] < x < s[2] and s[1] < y < s[3] for x, y in centres)]
    merged: list[list[float]] = []
    for s in sorted(shapes):
        for m in merged:
            if s[0] <= m[2] + body_size and s[2] >= m[0] - body_size and s[1] <= m[3] + body_size and s[3] >= m[1] - body_size:
                m[0], m[1], m[2], m[3] = min(m[0], s[0]), min(m[1], s[1]), max(m[2], s[2]), max(m[3], s[3])
                break
        else:
            merged.append(list(s))
    return [tuple(m) for m in merged if not any(m[0] < x < m[2] and m[1] < y < m[3] for x, y in centres)]


def _apart_at_gutters(line: Line, body_size: float, gutters: list[float]) -> list[Line]:
    """Two pieces of a line set in the page's two columns, a wide gap over the gutter between
    them, stay apart: above Kalmar's two columns, "TJÄNSTESKRIVELSE" heads the left one and the
    addressee "Kommunfullmäktige" starts where the right one does (twocol variants, p1). A label
    and its value, or a TOC number and its title, have no gutter between them."""
    if not gutters:
        return [line]
    return _cut_line(line, lambda prev, w: w.x0 - prev.x1 >= 3 * body_size
                     and any(prev.x1 < g < w.x0 for g in gutters))


def _split_at_gutters(line: Line, body_size: float, gutters: list[float] = ()) -> list[Line]:
    """Cut a line where a gap is far wider than a space, or lies on a gutter of the page: two
    columns that share a baseline."""
    gap_min = max(0.9 * body_size, 8.0)
    stops = _sentence_stops(line)

    def cut(prev: Word, w: Word) -> bool:
        # a gap on a gutter, wider than a space of this line's size: a heading set large across
        # both columns ("5. Målområde Arbete och sysselsättning") may have a space over the gutter
        on_gutter = w.x0 - prev.x1 >= 0.45 * line.size and any(prev.x1 <= g <= w.x0 for g in gutters)
        # letter-spaced display text has word spaces as wide as a narrow gutter
        wide = w.x0 - prev.x1 > (1.2 * line.size if prev.parts or w.parts else gap_min)
        return (wide or on_gutter) and (id(prev) in stops or not _leader(prev.text))

    return _cut_line(line, cut)


def _sentence_stops(line: Line) -> set[int]:
    """Full stops that are words of their own only because their font differs from the word they
    end (a quotation set in bold italic, its full stop in roman: "… barns rättigheter\"." beside
    the next column, Kalmar's twocol variants p3): glued to a word with letters, one character.
    Such a stop is punctuation, not the last dot of a spaced-out leader (". . . . 12"), whose dot
    follows another dot."""
    out: set[int] = set()
    for a, b in zip(line.words, line.words[1:]):
        if (len(b.text) == 1 and b.text in ".·" and any(ch.isalnum() for ch in a.text)
                and b.x0 - a.x1 < 0.15 * b.size):
            out.add(id(b))
    return out


def _cut_line(line: Line, cut) -> list[Line]:
    """``line`` cut between each two neighbouring words where ``cut(prev, word)`` says so; the
    line itself when it is not cut anywhere."""
    parts: list[list[Word]] = [[line.words[0]]]
    for prev, w in zip(line.words, line.words[1:]):
        if cut(prev, w):
            parts.append([w])
        else:
            parts[-1].append(w)
    return [line] if len(parts) == 1 else [Line(p, line.page) for p in parts]


# A TOC dot leader is a run of fill characters; two full stops ("… kända i verksamheten..", a
# typo at a sentence end beside the next column, Göteborg's årsredogörelse 2023 p14) are none.
_LEADER_END = re.compile(r"(?:[.·]{3,}|…{2,}|_{2,}|^[.·…_]+)$")


def _leader(text: str) -> bool:
    """The word ends in a dot leader: the gap after it leads to a page number, not a gutter."""
    return bool(_LEADER_END.search(text))


def _xy_cut(lines: list[Line], body_size: float, out: list[list[Line]], depth: int,
            gutters: list[float] = (), spans: list[tuple[float, float, float]] = ()) -> None:
    if len(lines) <= 1 or depth > 60:
        out.append(sorted(lines, key=lambda l: (l.top, l.x0)))
        return
    gutter = _vertical_gutter(lines, body_size, gutters)
    if gutter is not None:
        left = [l for l in lines if l.x1 <= gutter]
        right = [l for l in lines if l.x1 > gutter]
        _xy_cut(left, body_size, out, depth + 1, gutters, spans)
        _xy_cut(right, body_size, out, depth + 1, gutters, spans)
        return
    cut = _horizontal_cut(lines, _straddled(lines, spans))
    if cut is None:
        out.append(sorted(lines, key=lambda l: (l.top, l.x0)))
        return
    above = [l for l in lines if l.bottom <= cut]
    below = [l for l in lines if l.bottom > cut]
    # Only keep cutting if a part below can still be split into columns; a single column
    # needs no further cuts and keeps its lines together.
    if _has_columns(above, body_size, gutters) or _has_columns(below, body_size, gutters):
        _xy_cut(above, body_size, out, depth + 1, gutters, spans)
        _xy_cut(below, body_size, out, depth + 1, gutters, spans)
    else:
        out.append(sorted(lines, key=lambda l: (l.top, l.x0)))


def _has_columns(lines: list[Line], body_size: float, gutters: list[float] = (), depth: int = 0) -> bool:
    if len(lines) < 2 or depth > 60:  # bounded like the cut itself (a damaged page of extreme boxes)
        return False
    if _vertical_gutter(lines, body_size, gutters) is not None:
        return True
    cut = _horizontal_cut(lines)
    if cut is None:
        return False
    return (_has_columns([l for l in lines if l.bottom <= cut], body_size, gutters, depth + 1)
            or _has_columns([l for l in lines if l.bottom > cut], body_size, gutters, depth + 1))


def _vertical_gutter(lines: list[Line], body_size: float, gutters: list[float] = ()) -> float | None:
    """An x position that no line crosses, with at least two lines on each side: a gap at least
    a body-text em wide, or a narrower one on a gutter of the page (:func:`page_gutters`)."""
    spans = sorted((l.x0, l.x1) for l in lines)
    min_width = max(1.0 * body_size, 9.0)
    reach = spans[0][1]
    best = None
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_width or (x0 - reach >= 2.0 and any(reach <= g <= x0 for g in gutters)):
            left = [l for l in lines if l.x1 <= reach + 0.01]
            right = [l for l in lines if l.x0 >= x0 - 0.01]
            if (len(left) >= 2 and len(right) >= 2 and _overlap_y(left, right)
                    and _column_like(left, body_size) and _column_like(right, body_size)):
                best = (reach + x0) / 2
                break
        reach = max(reach, x1)
    return best


def _column_like(lines: list[Line], body_size: float) -> bool:
    """Text columns are wide; a column of TOC numbers or form labels is not a text column."""
    return statistics.median(l.x1 - l.x0 for l in lines) >= 8 * body_size


def _overlap_y(a: list[Line], b: list[Line]) -> bool:
    """Columns sit side by side: their vertical extents overlap."""
    return min(max(l.bottom for l in a), max(l.bottom for l in b)) > max(min(l.top for l in a), min(l.top for l in b))


def _horizontal_cut(lines: list[Line], avoid: list[tuple[float, float]] = ()) -> float | None:
    """The middle of the widest vertical gap between lines, if there is one; a gap inside the
    extent of a gutter the lines straddle (``avoid``) only when no gap outside is half as wide. Two columns
    may both have a gap at one height (a heading in each): cutting there would read the top of
    both columns before the bottom of either."""
    spans = sorted((l.top, l.bottom) for l in lines)
    reach = spans[0][1]
    best, best_gap, inside, inside_gap = None, 0.5, None, 0.5
    for top, bottom in spans[1:]:
        gap = top - reach
        middle = reach + gap / 2
        if any(t < middle < b for t, b in avoid):
            if gap > inside_gap:
                inside, inside_gap = middle, gap
        elif gap > best_gap:
            best, best_gap = middle, gap
        reach = max(reach, bottom)
    # a line gap below a column's end is no place to cut either: the outside gap must be wide
    if best is not None and (inside is None or best_gap >= 0.5 * inside_gap):
        return best
    return inside if inside is not None else best


def _straddled(lines: list[Line], spans: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """The vertical extents of the page gutters that ``lines`` have text on both sides of."""
    out = []
    for x, top, bottom in spans:
        within = [l for l in lines if l.bottom > top and l.top < bottom]
        if any(l.x1 <= x for l in within) and any(l.x0 >= x for l in within):
            out.append((top, bottom))
    return out


# -- the column invariant -------------------------------------------------------------------------

def page_gutters(lines: list[Line], body_size: float, min_lines: int = 6) -> list[tuple[float, float, float]]:
    """Gutters of a page as ``(x, top, bottom)``: x positions where the word gaps of many lines
    line up and hardly any word stands, with column-wide text on both sides.

    Found from the gaps, not from lines that end before a gutter, so two columns set so close that
    every line was read straight across (a 7 pt gutter beside justified text) still show theirs.
    """
    gaps = []  # (x0, x1, line)
    for line in lines:
        for a, b in zip(line.words, line.words[1:]):
            if b.x0 - a.x1 >= max(4.0, 0.5 * line.size):  # wider than a space, even a justified one
                gaps.append((a.x1, b.x0, line))
    found: list[tuple[float, float, float]] = []
    # candidates just left of where the right-hand text starts (the gutter's edge that columns share)
    for x in sorted({round(g1 - 0.5, 1) for _, g1, _ in gaps}):
        if any(abs(x - f[0]) < body_size for f in found):
            continue
        holding = [l for a, b, l in gaps if a <= x <= b]
        if len({id(l) for l in holding}) < min_lines:
            continue
        top, bottom = min(l.top for l in holding), max(l.bottom for l in holding)
        crossing = [l for l in lines if l.bottom > top and l.top < bottom
                    and any(w.x0 < x - 0.5 and w.x1 > x + 0.5 for w in l.words)]
        if len(crossing) * 10 > len(holding):
            continue
        # text columns on both sides: wide runs of several words, not a table's short cells
        left = [[w for w in l.words if w.x1 <= x] for l in holding]
        right = [[w for w in l.words if w.x0 >= x] for l in holding]
        if all(statistics.median(len(ws) for ws in side) >= 3
               and statistics.median(max(w.x1 for w in ws) - min(w.x0 for w in ws) for ws in side) >= 10 * body_size
               for side in (left, right)):
            found.append((x, top, bottom))
            continue
        # A short column of headings and a few lines beside a long one: its rows share a gap with
        # the long column's lines only here and there, so count the lines standing alone on its
        # side of x as well. Not beside a gutter found already (a bullet's gap by the gutter).
        if any(abs(x - f[0]) < 3 * body_size for f in found):
            continue
        # The rows that hold the gap still have column text on both sides (not a bullet
        # beside its item).
        if not all(_text_column(side, body_size, share=0.0, least=2) for side in (left, right)):
            continue
        alone = [l for l in lines if l.bottom > top and l.top < bottom and l not in holding]
        left += [l.words for l in alone if l.x1 <= x]
        right += [l.words for l in alone if l.x0 >= x]
        if all(_text_column(side, body_size, share=0.4) for side in (left, right)):
            found.append((x, top, bottom))
    return found


def _text_column(runs: list[list[Word]], body_size: float, share: float, least: int = 3) -> bool:
    """Runs of words that are column text: at least ``least`` and ``share`` of them several
    words and ten body ems wide (a table's short cells are not)."""
    wide = sum(1 for ws in runs if len(ws) >= 3 and max(w.x1 for w in ws) - min(w.x0 for w in ws) >= 10 * body_size)
    return wide >= least and wide >= share * len(runs)


def gutter_crossings(lines: list[Line], body_size: float) -> list[Line]:
    """Lines that run across a gutter of their page: words on both sides of it. That is two
    columns read straight across ("… ett ansvar att vidta det fanns en stor spridning …").
    A full-width heading above the columns stands outside the gutter's extent, or has a word
    over it."""
    out = []
    for x, top, bottom in page_gutters(lines, body_size):
        for line in lines:
            if line.bottom > top and line.top < bottom and not any(w.x0 < x < w.x1 for w in line.words) \
                    and any(w.x1 <= x for w in line.words) and any(w.x0 >= x for w in line.words):
                out.append(line)
    return out
