"""Lines → paragraphs and list items, with hyphenation repaired.

Works on the lines of one reading-order region (or one table cell). A new paragraph starts at a
wider gap than the region's normal leading, at a first-line indent, after a short line that ends
a sentence, or at a list marker; lines of a list item stay with it while they are indented to its
text.
"""
from __future__ import annotations

import re
from collections import Counter
import statistics
from dataclasses import dataclass, field

from .layout import TERMINAL, Line

BULLETS = "•●▪■◦○‣∙·–—-*➢►✓✔"
_LIST_MARKER = re.compile(
    r"^(?P<marker>[•●▪■◦○‣∙·–—\-\*➢►]|\d{1,2}[.)]|[a-zåäö][.)]|\(\d{1,2}\)|[ivx]{1,4}\))\s+(?=\S)"
)
# Words after which a line-end hyphen is a real hyphen of a shortened compound ("hälso- och sjukvård").
_KEEP_HYPHEN_BEFORE = {"och", "eller", "samt", "respektive", "resp.", "till", "som", "men", "&"}


@dataclass
class Para:
    lines: list[Line]
    kind: str = "paragraph"  # paragraph | list_item | footnote | caption
    marker: str | None = None
    list_level: int = 0
    text: str = ""
    spans: list[tuple[int, tuple[float, float, float, float]]] = field(default_factory=list)
    # the right margin of the column the paragraph was set in (from :func:`assemble`): whether
    # its last line wrapped, i.e. runs on after a column or page break
    right_edge: float | None = None

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def last(self) -> Line:
        return self.lines[-1]

    def finish(self, vocabulary: "Vocabulary | None" = None) -> "Para":
        body = [l.text for l in self.lines]
        if self.marker:
            body[0] = body[0][len(self.marker):].lstrip()
        self.text = join_lines(body, vocabulary)
        self.spans = spans_of(self.lines)
        return self


def spans_of(lines: list[Line]) -> list[tuple[int, tuple[float, float, float, float]]]:
    """One bounding box per page the lines sit on, in page order."""
    out: dict[int, list[float]] = {}
    for l in lines:
        box = out.get(l.page)
        if box is None:
            out[l.page] = [l.x0, l.top, l.x1, l.bottom]
        else:
            box[0], box[1] = min(box[0], l.x0), min(box[1], l.top)
            box[2], box[3] = max(box[2], l.x1), max(box[3], l.bottom)
    return [(page, tuple(box)) for page, box in out.items()]


def list_marker(text: str) -> str | None:
    m = _LIST_MARKER.match(text)
    if not m:
        return None
    marker = m.group("marker")
    # "2022 var andelen..." is not a list; "1." followed by a year-like number is a date line.
    return marker


class Vocabulary:
    """The words a document spells elsewhere, to tell a hyphenated line end from a real hyphen.

    "Mini-" + "maria" is "Mini-maria" when the document writes "Mini-Maria" on one line and
    never "Minimaria"; "bo-" + "lagets" is "bolagets" otherwise.
    """

    def __init__(self, words: list[str] | None = None):
        """The vocabulary of ``words`` (the page words in their stream order); or, with none,
        an empty one to which a long document's pages are given in turn (:meth:`add`, then
        :meth:`finish`), so that its words never stand in one list."""
        self.counts: Counter = Counter()
        # the words ending in a hyphen, each with the word after it, that may show hyphenation
        self._breaks: list[tuple[str, str]] = []
        self._last: str | None = None  # the last word given: the next page's first follows it
        if words is not None:
            self.add(words)
            self.finish()

    def add(self, words: list[str]) -> None:
        """The next page's words, in their stream order."""
        self.counts.update(part.strip(".,:;()\"”»!?").lower() for w in words for part in w.split("/"))
        last = self._last
        for w in words:
            if last is not None and w[:1].islower() and last.endswith("-") and len(last) > 2 and last[-2].isalpha():
                self._breaks.append((last, w))
            last = w
        self._last = last

    def finish(self) -> "Vocabulary":
        """Done adding: the sets asked later."""
        self.words = set(self.counts)
        # the first parts the document writes with a hyphen ("hbtq-" of "hbtq-handlingsplan")
        self.prefixes = {w[:w.index("-") + 1] for w in self.words if 0 < w.find("-") < len(w) - 1}
        self.hyphenates = self._shows_hyphenation()
        del self._breaks, self._last
        return self

    def _shows_hyphenation(self) -> bool:
        """Does the typesetter break words at line ends? Only if some word broken at a line end
        ("bo-" / "lagets") is printed whole elsewhere in the document ("bolagets"). A document set
        without hyphenation (Chromium's print, most Word exports) shows none, and every hyphen at
        its line ends is printed text ("Sydnärke-" / "kommunerna", "(förskoleklass-" / "årskurs").
        The words are the page words in their stream order, where the word after a line's last
        is the next line's first; where the order is off, a proof is missed, never invented (the
        joined word must exist)."""
        for word, tail in self._breaks:
            head = word.split("/")[-1].strip("(\"”«").lower()[:-1]
            if head + tail.split("/")[0].strip(".,:;()\"”»!?").lower() in self.words:
                return True
        return False

    def keeps_hyphen(self, head: str, tail: str) -> bool:
        head = head.split("/")[-1].strip("(\"”«").lower()
        tail = tail.split("/")[0].strip(".,:;()\"”»!?").lower()
        if f"{head}{tail}" in self.words:
            return f"{head[:-1]}{tail}" not in self.words
        # "hbtq-" + "perspektivet": a first part the document always hyphenates ("hbtq-handlingsplan",
        # never "hbtqX") keeps its hyphen in a compound the document spells only here
        stem = head[:-1]
        if head in self.prefixes:
            return not self._written_closed(stem)
        # a document that hyphenates nowhere printed this hyphen, unless it writes the first
        # part closed elsewhere ("klimat-" / "anpassning" beside "klimatstrategi")
        return not self.hyphenates and not self._written_closed(stem)

    def _written_closed(self, stem: str) -> bool:
        """The document has a word that runs on from ``stem`` without a hyphen."""
        return any(w.startswith(stem) and len(w) > len(stem) and w[len(stem)].isalpha() for w in self.words)


def join_lines(texts: list[str], vocabulary: Vocabulary | None = None) -> str:
    """Join the lines of one paragraph, repairing words hyphenated at line ends."""
    out = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if not out:
            out = text
            continue
        out = join_hyphenated(out, text, vocabulary)
    return re.sub(r"[ \u00a0]{2,}", " ", out)


def join_hyphenated(left: str, right: str, vocabulary: Vocabulary | None = None) -> str:
    """Join two pieces of running text that a line or page break separated."""
    left = left.rstrip()
    if left.endswith("\u00ad"):  # soft hyphen: always a hyphenation point
        return left[:-1] + right
    if left.endswith("-") and len(left) >= 2 and left[-2].isalpha():
        next_word = right.split(" ", 1)[0]
        prev_word = left.rsplit(" ", 1)[-1]
        if next_word.lower() in _KEEP_HYPHEN_BEFORE or next_word.startswith(("/", ",")):
            return left + " " + right  # "hälso- och sjukvård"
        if right[:1].islower():
            if prev_word[:-1].isupper() and len(prev_word) > 2:  # "IT-" + "system" keeps its hyphen
                return left + right
            if len(prev_word.lstrip("(\"”«")) == 2:  # "e-" + "tjänst": a one-letter first part
                return left + right
            if vocabulary is not None and vocabulary.keeps_hyphen(prev_word, next_word):
                return left + right
            return left[:-1] + right
        return left + right  # "Agenda-" + "2030": a real hyphen
    if left.endswith(("-", "–")) and len(left) >= 2 and left[-2].isdigit() and (
            right[:1].isdigit() or (right[:1].isalpha() and any(ch.isalpha() for ch in left.rsplit(" ", 1)[-1]))):
        # a range, a date or a compound broken at its dash: "2018–" / "2022", "2022-12-" / "13",
        # "CO2-" / "ekvivalenter"; after a number, a word stays apart ("mars 2026-" / "nämnder
        # och styrelser", a title's dash; "16-" / "och 17-åringar")
        return left + right
    return left + " " + right


def assemble(lines: list[Line], body_size: float, right_edge: float | None = None,
             leading: float | None = None, vocabulary: Vocabulary | None = None) -> list[Para]:
    """Split one region's lines (in reading order) into paragraphs and list items.

    ``right_edge`` is the right margin of the column the lines stand in (the region's, not just
    these lines': a run of short lines has no line that reaches the margin). ``leading`` is the
    document's usual gap between the lines of a paragraph, used where these lines show none.
    """
    if not lines:
        return []
    right_edge = right_edge if right_edge is not None else max(l.x1 for l in lines)
    gaps = line_gaps(lines, right_edge)
    if gaps and (len(gaps) >= 3 or leading is None):
        document = leading
        leading = statistics.median(gaps)
        if document and leading > 1.8 * document and any(abs(g - document) <= 0.3 * document + 0.5 for g in gaps):
            # a few lines that end near the margin without wrapping (a list of file names, one
            # per paragraph) show their paragraph gap; the lines that do wrap here are set at
            # the document's leading, and so is the paragraph
            leading = document
    elif gaps:
        # one or two gaps are weak evidence: on a slide of one-line paragraphs, the widest line
        # reaches the "margin" and its paragraph gap would be taken for the leading; nor below
        # half the document's: a tall glyph ("/", "Å") narrows the one gap measured
        leading = max(min(statistics.median(gaps), leading), 0.5 * leading)
    elif leading is None:
        leading = 0.3 * body_size
    paras: list[Para] = []
    cur: Para | None = None
    text_x0 = 0.0  # where a list item's text starts (its continuation lines align there)
    short = _short_lines(lines, right_edge)
    for line in lines:
        marker = list_marker(line.text)
        if marker and cur is not None and (
                (marker in DASHES and _dash_runs_on(cur.last, line, right_edge,
                                                    text_x0 if cur.kind == "list_item" else None))
                or cur.last.text.rstrip().endswith(("–", "—", "-", "(", ","))):
            marker = None  # "(25 –" / "64) år …": the sentence runs on, whatever the line starts with
        if cur is None or _starts_new(cur, line, marker, leading, right_edge, text_x0) or (
                id(line) in short and cur.kind != "list_item" and not _runs_on(cur.last)):
            if marker:
                cur = Para([line], kind="list_item", marker=marker)
                text_x0 = _text_start(line, marker)
            else:
                cur = Para([line])
            paras.append(cur)
        else:
            cur.lines.append(line)
    _set_list_levels(paras)
    for p in paras:
        p.right_edge = right_edge
    return [p.finish(vocabulary) for p in paras]


def wrapped(prev: Line, nxt: Line, right_edge: float | None) -> bool:
    """``prev`` ends where the text wrapped: it reaches its column's right edge (``nxt``'s first
    word would not have fitted after it) and ends no sentence. Its paragraph runs on into
    ``nxt``, even across a column or page break and into a capital ("… kommuner i Västra" /
    "Götaland och Hallands län …")."""
    return right_edge is not None and not ends_sentence(prev.text) and not _would_fit(prev, nxt, right_edge)


def _short_lines(lines: list[Line], right_edge: float) -> set[int]:
    """Lines of a column of short lines that no wrapping made: three or more in a row, each
    starting with a capital and ending without punctuation (a sentence's end, as a forced line
    break inside a paragraph makes, or a comma that runs on), where at least half of
    the lines end although the next one's first word would have fitted (the names of a board's
    members in a box, one per line; a wrapped paragraph never reads so), evenly spaced. Each is
    a block."""
    out: set[int] = set()
    run: list[int] = []
    for i in range(len(lines) + 1):
        line = lines[i] if i < len(lines) else None
        if line is not None and _name_like(line) and (not run or line.page == lines[run[-1]].page):
            run.append(i)
            continue
        if len(run) >= 3:
            fits = sum(_would_fit(lines[a], lines[a + 1], right_edge) for a in run[:-1])
            gaps = [lines[a + 1].top - lines[a].bottom for a in run[:-1]]
            # evenly spaced, as such a column is: where the gaps differ, they tell the blocks
            even = max(gaps) - min(gaps) < 0.3 * lines[run[0]].size
            if 2 * fits >= len(run) - 1 and even:
                out.update(id(lines[k]) for k in run)
        run = [i] if line is not None and _name_like(line) else []
    return out


def _name_like(line: Line) -> bool:
    return line.text[:1].isupper() and not line.text.rstrip().endswith((".", "!", "?")) and not _runs_on(line)


def _runs_on(line: Line) -> bool:
    """The line's sentence goes on in the next line whatever that starts with."""
    return line.text.rstrip().endswith(tuple(",;:-–("))


def line_gaps(lines: list[Line], right_edge: float) -> list[float]:
    """Gaps between two lines of one paragraph: the leading.

    Measured only after lines that run to the right margin, which must go on in the next line;
    a region of many short paragraphs would otherwise teach a paragraph gap as the leading.
    """
    return [b.top - a.bottom for a, b in zip(lines, lines[1:])
            if a.page == b.page and a.x1 >= right_edge - 2 * a.size and 0 <= b.top - a.bottom < 2 * a.size
            and abs(a.size - b.size) < 0.5]


def _text_start(line: Line, marker: str) -> float:
    """x where the item's text starts: the first word after the marker."""
    words = line.words
    if len(words) > 1 and words[0].text == marker:
        return words[1].x0
    return line.x0


def _starts_new(cur: Para, line: Line, marker: str | None, leading: float, right_edge: float,
                text_x0: float) -> bool:
    prev = cur.last
    size = max(prev.size, line.size)
    if line.page != prev.page:
        return True
    gap = line.top - prev.bottom
    runs_on = 0 <= gap < 0.9 * size and not ends_sentence(prev.text) and line.text[:1].islower()
    if (gap > leading + 0.2 * size and not runs_on) or gap < -0.5 * size:
        return True  # (a sentence that runs on into a lower-case line, less than a blank line
        # below, is the same paragraph: a raised glyph such as "✓" can widen the measured gap)
    if marker:
        return True
    if abs(line.size - prev.size) > 0.8:
        return True
    if (line.bold != prev.bold and len(line.text) > 3 and len(prev.text) > 3 and cur.kind != "list_item"
            and (ends_sentence(prev.text) or not line.text[:1].islower())):
        return True  # a bold line among plain ones, unless a sentence runs on into it
    if cur.kind == "list_item":
        return line.x0 < text_x0 - 2.0
    if line.x0 > prev.x0 + 0.8 * size and len(cur.lines) >= 1 and prev.x1 < right_edge - 2 * size:
        return True  # short line, then an indented one
    if line.x0 > prev.x0 + 0.8 * size and len(cur.lines) > 1:
        return True  # first-line indent
    if prev.text.rstrip().endswith(tuple(".!?:")) and _would_fit(prev, line, right_edge):
        return True  # the line ended a sentence where the next word would still have fitted
    if (len(cur.lines) == 1 and not prev.text.rstrip().endswith(tuple(".!?:;,-–"))
            and line.text[:1].isupper() and _would_fit(prev, line, right_edge)):
        return True  # a line standing alone ("Cirkulär ekonomi", "Arbetsgrupp") above a paragraph
    return False


DASHES = {"–", "—", "-"}


def _dash_runs_on(prev: Line, line: Line, right_edge: float, text_x0: float | None = None) -> bool:
    """A dash that opens a wrapped line inside a sentence ("… den förste augusti 2022" /
    "– men att de behöver …") is punctuation, not a list marker: the line before it is full,
    does not end a sentence, and starts where this one does, or, in a list item, where the
    item's text does ("• Integration - en handlingsplan … kalmarbor" / "- 2016-2020")."""
    aligned = abs(line.x0 - prev.x0) < 2.0 or (text_x0 is not None and abs(line.x0 - text_x0) < 2.0)
    return (line.page == prev.page and not ends_sentence(prev.text) and aligned
            and not _would_fit(prev, line, right_edge))


def _would_fit(prev: Line, line: Line, right_edge: float) -> bool:
    """Would the next line's first word have fitted at the end of ``prev``? Then ``prev`` was
    ended on purpose (a paragraph end), not wrapped."""
    first = line.words[0]
    return prev.x1 + 0.3 * prev.size + (first.x1 - first.x0) < right_edge - 1.0


def _set_list_levels(paras: list[Para]) -> None:
    """Nesting depth of list items from their indentation within a run of items."""
    run: list[Para] = []
    for p in paras + [Para([paras[-1].last]) if paras else None]:
        if p is not None and p.kind == "list_item":
            run.append(p)
            continue
        if run:
            xs = sorted({round(i.first.x0 / 6) for i in run})
            for item in run:
                item.list_level = xs.index(round(item.first.x0 / 6))
            run = []


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(tuple(TERMINAL))
