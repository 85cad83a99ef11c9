"""Which lines are headings, and where each sits in the section tree.

A heading is a short run of lines set apart by style: larger than body text, or bold where body
text is not. Its level comes from its number when the document numbers its chapters ("4.1.1" →
3), and otherwise from its style tier relative to the headings above it, so an unnumbered
"Ett gott exempel i Kungälv" in a smaller bold font lands under "4.2 Hälsa", and a repeated
sub-heading is a section of its own under each parent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import Line
from .paragraphs import DASHES, join_lines, list_marker

_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})(?P<dot>\.?)\s+(?P<title>\S.*)$")
_SENTENCE_END = re.compile(r"[a-zåäö]{3,}[.!?] +[A-ZÅÄÖ]")
DOCUMENT_LABELS = {"tjänsteskrivelse", "missiv", "protokoll", "protokollsutdrag", "rapportsammandrag",
                   "beslutsunderlag", "promemoria", "pm"}
# Captions, and document-number lines ("Handling 2024 nr 63", "Dnr KS 2020/0357") set in bold
_NOT_A_HEADING = re.compile(r"^(källa|figur|tabell|diagram|bild)\b|^(handling|bilaga|ärende)\s+(\d{4}\s+)?nr\.?\s*\d+\s*$"
                            r"|^(dnr|diarienr|diarienummer)\b", re.I)


@dataclass(slots=True, frozen=True)
class KeptLine:
    """What a heading keeps of one of its lines once its words are posted to the books: its
    text, page and box (:meth:`Heading.let_go`)."""
    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Heading:
    lines: list[Line | KeptLine]
    number: str | None
    title: str
    style: tuple[float, bool]
    level: int = 1
    outlined: bool = False  # its level came from its number

    @property
    def page(self) -> int:
        return self.lines[0].page

    def let_go(self) -> None:
        """Keep only the lines' text, page and box, which is all that numbering, levels and
        sections ask of a heading: the headings are kept to the end of the document, and their
        lines' words would keep a long document's pages with them."""
        self.lines = [KeptLine(l.text, l.page, l.x0, l.top, l.x1, l.bottom) for l in self.lines]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (min(l.x0 for l in self.lines), min(l.top for l in self.lines),
                max(l.x1 for l in self.lines), max(l.bottom for l in self.lines))


def split_number(text: str) -> tuple[str | None, str]:
    """"4.1 Hälsa" → ("4.1", "Hälsa"); "1. Målområde X" → ("1", "Målområde X"); years are not numbers."""
    m = _NUMBERED.match(text.strip())
    if not m:
        return None, text.strip()
    num = m.group("num")
    if int(num.split(".")[0]) > 40:
        return None, text.strip()
    return num, m.group("title").strip()


def is_heading_style(line: Line, body_size: float, body_bold: bool) -> bool:
    """Larger than body text, or bold where body text is not."""
    text = line.text.strip()
    if len(text) < 2 or not any(ch.isalpha() for ch in text) or _NOT_A_HEADING.match(text):
        return False
    if _tabular(line):
        return False
    if line.size >= body_size + 1.2:
        return True
    return line.bold and not body_bold and line.size >= body_size - 0.6


def _tabular(line: Line) -> bool:
    """Words spread over columns with wide gaps: a table's header row, not a heading.

    The gap after a leading section number ("1<tab>Sammanfattning") does not count.
    """
    words = line.words
    start = 1 if words and split_number(line.text)[0] and words[0].text.rstrip(".").replace(".", "").isdigit() else 0
    return any(b.x0 - a.x1 > 1.5 * line.size for a, b in zip(words[start:], words[start + 1:]))


def collect_heading(region: list[Line], i: int, body_size: float, body_bold: bool) -> tuple[int, bool]:
    """How many lines from ``region[i]`` belong together, and whether they are a heading.

    A heading is one to three lines of one heading style (six when set larger than body text: it
    wraps often in a narrow column), closely spaced, not a list item, and not the start of a
    longer run in the same style: a bold paragraph of five lines is returned whole as
    ``(5, False)`` so that its last lines are not taken for a heading either.
    """
    first = region[i]
    if not is_heading_style(first, body_size, body_bold):
        return 1, False
    marker = list_marker(first.text)
    if marker and not marker[0].isdigit():
        return 1, False
    n = 1
    while i + n < len(region):
        nxt = region[i + n]
        marker = list_marker(nxt.text)
        # "Andelen långtidsarbetslöshet (25" / "– 64 år) ska vara …": a dash that opens the next
        # line of a heading inside its sentence is punctuation, not a list
        dash_runs_on = marker in DASHES and not region[i + n - 1].text.rstrip().endswith(tuple(".!?:"))
        if (nxt.style != first.style or nxt.top - region[i + n - 1].bottom > 0.8 * first.size
                or (marker and not dash_runs_on) or split_number(nxt.text)[0]):
            break
        n += 1
    text = " ".join(l.text for l in region[i:i + n]).strip()
    # three lines in body size, or as many as a heading of up to 110 characters takes in a narrow
    # column (four in half a page: "Antalet hushåll med sociala" / … / "procent.")
    if n > (6 if first.size >= body_size + 1.2 else 3) and not (n <= 5 and len(text) <= 110):
        return n, False
    if len(text) > 200 or len(_SENTENCE_END.findall(text)) >= 2:
        return n, False
    if first.size < body_size + 1.2 and text.rstrip("\"”'»").endswith("."):
        # a bold sentence in body size is emphasis when it is quoted or italic ("Nämnderna
        # redovisar årligen …".), or when it ends a sentence the line above leaves open at the
        # paragraph's own leading ("… mellan Lekebergs kommun och" / "Stiftelsen Nattvandrarerna.");
        # set apart on its own, it is a heading ("Behörighet till yrkesprogram … innan 2027.")
        above = region[i - 1] if i > 0 else None
        runs_into = (above is not None and above.page == first.page and not above.bold
                     and not above.text.rstrip().endswith(tuple(".!?:"))
                     and first.top - above.bottom < 0.8 * first.size)
        if text[:1] in "\"”“'»«" or all(l.italic for l in region[i:i + n]) or runs_into:
            return n, False
    if text.lower() in DOCUMENT_LABELS:
        return n, False  # "TJÄNSTESKRIVELSE" names the kind of document; metadata reads it
    return n, True


def make_heading(lines: list[Line], vocabulary=None) -> Heading:
    # "avgiftsut-" + "taget" is one word; "Hbtq-" + "handlingsplan" keeps the hyphen the
    # document spells elsewhere (the vocabulary)
    text = join_lines([l.text.strip() for l in lines], vocabulary).rstrip("¹²³⁴⁵⁶⁷⁸⁹⁰*")
    number, title = split_number(text)
    return Heading(lines=lines, number=number, title=title, style=lines[0].style)


def drop_stray_numbers(headings: list[Heading]) -> None:
    """A leading number is a section number only where the numbering runs on.

    "10 veckor/20 veckor" is a heading that starts with a count, not section 10: no heading is
    numbered 9, 11 or 10.x. A number is kept when a neighbouring number (N-1, N+1), a child
    ("N.1") or its parent ("4" for "4.1") is also a heading's number.
    """
    numbers = {h.number for h in headings if h.number}
    for h in headings:
        if not h.number:
            continue
        prefix = h.number.rpartition(".")[0]
        child = any(n.startswith(h.number + ".") for n in numbers)
        if not (_adjacent(h.number) & numbers or child or (prefix and prefix in numbers)):
            h.title = f"{h.number} {h.title}" if not h.lines[0].text.strip().startswith(h.number + ".") \
                else " ".join(l.text.strip() for l in h.lines)
            h.number = None


def _adjacent(number: str) -> set[str]:
    """The numbers either side of ``number`` at its level: "4.1" → {"4.2"}, "3" → {"2", "4"}."""
    prefix, _, last = number.rpartition(".")
    return {f"{prefix}.{n}" if prefix else str(n) for n in (int(last) - 1, int(last) + 1) if n > 0}


def style_ranks(styles: set[tuple[float, bool]]) -> dict[tuple[float, bool], int]:
    """Rank heading styles, largest first, bold before plain at one size.

    Sizes within 6% of each other are one tier: a slide whose text was shrunk to fit sets its
    title at 19.3 pt where the other slides use 20 pt.
    """
    sizes = sorted({size for size, _ in styles}, reverse=True)
    tier_of: dict[float, int] = {}
    tier, top = -1, None
    for size in sizes:
        if top is None or size < 0.94 * top:
            tier, top = tier + 1, size
        tier_of[size] = tier
    keys = sorted({(tier_of[size], not bold) for size, bold in styles})
    return {(size, bold): keys.index((tier_of[size], not bold)) for size, bold in styles}


def _fits_outline(number: str, open_headings: list[Heading]) -> bool:
    """"4.2" continues the outline only under an open "4" (or "4.1"); "1.2" quoted under
    chapter 3 is another document's numbering and is placed by its style instead."""
    if "." not in number:
        return True
    parent = number.rsplit(".", 1)[0]
    return any(h.outlined and (h.number == parent or h.number.rsplit(".", 1)[0] == parent)
               for h in open_headings)


def _numbered_parent(number: str | None, headings: list[Heading], stack: list[tuple[int, int, int]]) -> int | None:
    """The stack position of the open heading numbered as ``number``'s parent ("1" for "1.1")."""
    if not number or "." not in number:
        return None
    parent = number.rsplit(".", 1)[0]
    return next((k for k in range(len(stack) - 1, -1, -1) if headings[stack[k][2]].number == parent), None)


def assign_levels(headings: list[Heading]) -> list[int | None]:
    """Set ``level`` on every heading and return each one's parent index (or None).

    When the top style tier carries depth-1 numbers, numbers give levels (the document numbers
    its chapters). Otherwise numbers restart locally ("1. Status nuläge" under each plan) and
    the style tier decides, like for unnumbered headings.
    """
    rank = style_ranks({h.style for h in headings})
    top_numbered = [rank[h.style] for h in headings if h.number and "." not in h.number]
    numbers_give_levels = bool(top_numbered) and min(top_numbered) == min(rank[h.style] for h in headings)
    stack: list[tuple[int, int, int]] = []  # (rank, level, index)
    parents: list[int | None] = []
    for i, h in enumerate(headings):
        r = rank[h.style]
        if h.number and numbers_give_levels and _fits_outline(h.number, [headings[j] for *_, j in stack]):
            level = h.number.count(".") + 1
            h.outlined = True
            while stack and stack[-1][1] >= level:
                stack.pop()
        elif (under := _numbered_parent(h.number, headings, stack)) is not None:
            # "1.1" in body type under an italic "1." of the same size: the number nests it
            del stack[under + 1:]
            level = stack[-1][1] + 1
        else:
            while stack and stack[-1][0] >= r:
                stack.pop()
            level = stack[-1][1] + 1 if stack else 1
        h.level = level
        parents.append(stack[-1][2] if stack else None)
        stack.append((r, level, i))
    return parents


def outline_candidates(regions: list[list[Line]], body_size: float, key=id) -> list[tuple[str, object, int]]:
    """The numbered lines of ``regions`` that may head an outline item, as (number, ``key(line)``,
    line count), in order: :func:`outline_from` decides over the whole document's. Each item
    of a multilevel numbered list is a heading:

    Word's outline numbering sets action headings in body type ("1.1 Tilläggsisolera, byta
    fönster osv."), indented, a long one wrapping under its own text (a hanging indent), each
    followed by its body text rather than by the next item. Style cannot tell them from body
    text; their numbering can: a heading "N.M" is accepted only when its neighbour "N.M±1" is
    one too, and a plain "N." item only as the parent of accepted "N.M" headings. A list whose
    items follow one another ("1. Minskad … 2. Förnybar …") is a list, and a number met a
    second time ("1.5 Kartera …" opening the next page's body) is text.
    """
    candidates: list[tuple[str, object, int]] = []
    for region in regions:
        i = 0
        while i < len(region):
            line = region[i]
            number, title = split_number(line.text)
            opening = title.lstrip("”\"'»«“")[:1]
            # a title starts with a capital, or with a quoted word ("”lånecyklar” pendelprojekt")
            if not number or line.size >= body_size + 1.2 or not (opening.isupper() or opening != title[:1]):
                i += 1
                continue
            # the wrapped lines of the item start where its text starts (a hanging indent)
            text_x0 = next((w.x0 for w in line.words if not w.text.rstrip(".").replace(".", "").isdigit()), line.x0)
            n = 1
            while (i + n < len(region) and n < 6 and abs(region[i + n].x0 - text_x0) < 2
                   and region[i + n].style == line.style
                   and region[i + n].top - region[i + n - 1].bottom < 0.8 * line.size):
                n += 1
            after = region[i + n] if i + n < len(region) else None
            in_a_list = ((after is not None and _next_item(after, line, after.top - region[i + n - 1].bottom))
                         or (i > 0 and _next_item(region[i - 1], line, line.top - region[i - 1].bottom)))
            indented = after is None or after.x0 < line.x0 - 4 or n > 1
            if not in_a_list and indented:
                candidates.append((number, key(line), n))
            i += n
    return candidates


def outline_from(candidates: list[tuple[str, object, int]]) -> dict:
    """``{key of first line: line count}`` of the outline headings among the document's
    candidates (:func:`outline_candidates`)."""
    first: dict[str, tuple[object, int]] = {}  # a number met again is text
    for number, line, n in candidates:
        first.setdefault(number, (line, n))
    deep = {number for number in first if "." in number and _adjacent(number) & first.keys()}
    if len(deep) < 3:
        return {}
    parents = {number.split(".")[0] for number in deep}
    return {line: n for number, (line, n) in first.items() if number in deep or number in parents}


def _next_item(other: Line, item: Line, gap: float) -> bool:
    """``other``, just above or below the numbered ``item``, is a numbered item at its indent:
    the two are items of one list."""
    return bool(split_number(other.text)[0]) and abs(other.x0 - item.x0) < 2 and gap < 0.8 * item.size


def italic_label(region: list[Line], i: int, body_size: float) -> bool:
    """An italic line of a few words standing apart above upright body text ("Arbetsgrupp"): a
    run-in sub-heading. Italic within a paragraph, an italic sentence or quote (it ends with a
    stop), and a caption below a picture (nothing upright follows close under it) are not."""
    line = region[i]
    text = line.text.strip()
    if (not line.italic or line.bold or abs(line.size - body_size) > 0.6 or len(text.split()) > 5
            or not text[:1].isupper() or text[-1:] in ".:;,!?" or _NOT_A_HEADING.match(text)):
        return False
    if i and line.top - region[i - 1].bottom < 0.8 * line.size:
        return False
    nxt = region[i + 1] if i + 1 < len(region) else None
    return (nxt is not None and not nxt.italic and abs(nxt.x0 - line.x0) < 2
            and nxt.top - line.bottom < 0.8 * line.size and abs(nxt.size - line.size) < 0.6)
