"""The table of contents: found, parsed into entries, and kept out of the body text.

Its entries (number, title, page) cross-check the headings found by font: a TOC entry whose
heading the font rules missed is looked up in the body and promoted to a heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from .layout import Line

_TOC_TITLE = re.compile(r"^\s*(innehåll|innehållsförteckning|innehållsförteckning|contents)\s*$", re.I)
_ENTRY = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2})*\.?)?\s*(?P<title>.*?\S)\s*(?:[.·…_]{2,}\s*|\s+)(?P<page>\d{1,3})$"
)
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")


@dataclass
class TocEntry:
    number: str | None
    title: str
    page: int


def is_toc_title(text: str) -> bool:
    return bool(_TOC_TITLE.match(text))


def parse_entry(text: str) -> TocEntry | None:
    m = _ENTRY.match(text.strip())
    if not m:
        return None
    title = re.sub(r"[.·…_]{2,}$", "", m.group("title")).strip()
    number = m.group("num")
    if number is None:
        n = _NUMBER.match(title)
        if n:
            number, title = n.group(1), n.group(2)
    if not title or not any(ch.isalpha() for ch in title):
        return None
    return TocEntry(number=number.rstrip(".") if number else None, title=title, page=int(m.group("page")))


def toc_pages(pages: Iterable[list[list[Line]]], entries: list[TocEntry]) -> Iterator[tuple[list[list[Line]], set[int]]]:
    """Find every table of contents, over pages given in turn: each page is handed back, in
    order, with the ``id()``s of its TOC lines, once it is known whether a TOC holds it; the
    entries are appended to ``entries``.

    ``pages`` holds, per page, the reading-order regions of lines. A TOC is a TOC title followed
    by at least two lines that parse as entries (or continue one over two lines); it runs on to
    the next page while that page starts with entries. A report bundling several documents may
    have several. Only the pages of a TOC being read are held (until the page after its last).
    """
    held: list[list[list[Line]]] = []  # the pages of the TOC being read
    found: list[TocEntry] = []
    found_ids: set[int] = set()
    for p, regions in enumerate(pages):
        lines = [l for region in regions for l in region]
        if held:
            if lines and parse_entry(lines[0].text) is not None:
                _collect(lines, found, found_ids)
                held.append(regions)
                continue
            yield from _settled(held, found, found_ids, entries)
            held = []
        start = next((i for i, l in enumerate(lines) if is_toc_title(l.text)), None)
        if start is None and p < 8 and _leader_page(lines):
            start = -1  # a TOC without a title: a page mostly of dot-leader entries
        if start is None:
            yield regions, set()
            continue
        found = []
        found_ids = {id(lines[start])} if start >= 0 else set()
        _collect(lines[start + 1:], found, found_ids)
        held = [regions]
    if held:
        yield from _settled(held, found, found_ids, entries)


def _settled(held: list[list[list[Line]]], found: list[TocEntry], found_ids: set[int],
             entries: list[TocEntry]) -> Iterator[tuple[list[list[Line]], set[int]]]:
    """The pages of one TOC read to its end: a TOC if it has two entries, else body text."""
    if len(found) < 2:
        found_ids = set()
    else:
        entries += found
    for regions in held:
        yield regions, {id(l) for region in regions for l in region if id(l) in found_ids}


def _leader_page(lines: list[Line]) -> bool:
    leaders = sum(1 for l in lines if _LEADER.search(l.text) and parse_entry(l.text))
    return leaders >= 5 and leaders >= 0.5 * len(lines)


_LEADER = re.compile(r"[.·…_]{4,}\s*\d{1,3}$")


def _collect(lines: list[Line], entries: list[TocEntry], ids: set[int]) -> None:
    """Take the TOC's entries from ``lines``, and mark as TOC only lines that belong to one.

    An entry may wrap over two lines, and a sub-line in another style ("Fokus på …") may stand
    between entries. Lines that are not entries count as TOC only when another entry follows
    them: the chapter heading and the paragraphs after the last entry on a page that holds both
    the TOC and the first chapter are body text, never TOC.
    """
    pending: list[Line] = []  # lines that may start the next entry's title
    held: list[Line] = []  # lines since the last entry that are not part of an entry
    misses = 0
    for line in lines:
        if pending and (pending[-1].style, pending[-1].italic) != (line.style, line.italic):
            held += pending  # a sub-line in another style is no part of the next title
            pending = []
        entry = parse_entry(" ".join([l.text for l in pending] + [line.text]))
        if entry is None and pending:
            entry = parse_entry(line.text)
            if entry is not None:
                held += pending
                pending = []
        if entry is not None and held and entries and not _runs_on(entry, entries[-1], line):
            entry = None  # a body line that ends in a number ("… ökade till 12") after the TOC
        if entry is not None:
            entries.append(entry)
            ids.update(id(l) for l in held + pending + [line])
            held, pending, misses = [], [], 0
            continue
        if len(pending) < 2 and not line.text.rstrip().endswith("."):
            pending.append(line)  # the first line of an entry whose title wraps, or a sub-line
            continue
        misses += 1
        held += pending + [line]
        pending = []
        if misses > 2:
            break


def _runs_on(entry: TocEntry, last: TocEntry, line: Line) -> bool:
    """An entry after lines that were not entries continues the TOC only if it looks like one:
    dot leaders, and a page number that does not go back."""
    return entry.page >= last.page and bool(_LEADER.search(line.text))
