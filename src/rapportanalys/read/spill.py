"""Pages handed from the first look's child process to the parent one at a time, through a file.

The pdfium backend reads in a forked child (:mod:`.isolated`, :func:`.checks.first_look`). Kept
as one list and pickled at the end, a 2,000-page report cost the child every page at once plus
its pickle (150 MB), and the parent the pickle plus what unpickling a list of slotted objects
leaves behind (each :class:`~.page.Word` comes back through a state dict). Here the child writes
each page as it finishes it, as plain tuples (:func:`pack_page`), to an unlinked temporary file
the parent made before the fork, and forgets it; the parent reads the records back one by one
(:class:`Spill`), so neither process ever holds the whole document in transit. The child's
memory no longer depends on the page count, and the parent holds only the pages themselves.

The packing is exact: every field of every object round-trips unchanged (the parity tests
compare the output before and after).
"""
from __future__ import annotations

import math
import os
import pickle
from operator import attrgetter
import weakref
from typing import IO, Iterator, Sequence

from .page import Box, Page, Rule, Word, number_words

# the books' numbering is no page data, nor the slot for weak references
_WORD = tuple(name for name in Word.__slots__ if name not in ("place", "__weakref__"))
_PARTS = _WORD.index("parts")
_FLOATS = tuple(_WORD.index(name) for name in ("x0", "top", "x1", "bottom", "size"))
# text, font and colour: shared across the document's pages (see _unpack_word)
_SHARED = tuple(_WORD.index(name) for name in ("text", "font", "color"))
# _unpack_word takes the fields in this order, by name
assert _WORD == ("text", "x0", "top", "x1", "bottom", "font", "size", "bold", "italic", "color", "parts",
                 "confidence"), _WORD
_PAGE = ("number", "width", "height", "char_count", "invisible_chars", "ocr")


_FIELDS_OF = attrgetter(*_WORD)  # a word's fields as one tuple, in C (the child packs every word)


def _pack_word(w: Word) -> tuple:
    values = _FIELDS_OF(w)
    if w.parts:  # letter-spaced text joined by the page layer: its letters go along
        values = values[:_PARTS] + (tuple(_pack_word(p) for p in w.parts),) + values[_PARTS + 1:]
    return values


def _unpack_word(values: tuple, floats: dict, shared: dict, colors: dict) -> Word:
    """The word, its coordinates and size shared with the page's equal ones (``floats``): the
    words of a line share their top and bottom and a run its size, and a float object costs 24
    bytes, a fifth of what a page's words hold in the parent. Only floats are shared (never an
    int with an equal float), and zero (its sign) and NaN keep their own objects.

    Its text, font name and colour are shared with the equal ones of the whole document
    (``shared``): each record is unpickled on its own, so every word would otherwise bring its
    own copy of "och", of its font's name and of its colour tuple, while a document's distinct
    words grow far slower than its pages (a 108-page report: 4,050 distinct of 13,617 texts).

    The parent waits for this after the reading (13,600 words of a 108-page report), so it is
    written out field by field, and a colour is checked once per object of the record
    (``colors``, by ``id``: the record is alive meanwhile, and pickle gives the words of one
    style one tuple): checked per word, the colours took half of the unpacking."""
    text, x0, top, x1, bottom, font, size, bold, italic, color, parts, confidence = values
    keep = floats.setdefault
    if type(x0) is float and x0 and x0 == x0:
        x0 = keep(x0, x0)
    if type(top) is float and top and top == top:
        top = keep(top, top)
    if type(x1) is float and x1 and x1 == x1:
        x1 = keep(x1, x1)
    if type(bottom) is float and bottom and bottom == bottom:
        bottom = keep(bottom, bottom)
    if type(size) is float and size and size == size:
        size = keep(size, size)
    same = shared.setdefault
    if type(text) is str:
        text = same(text, text)
    if type(font) is str:
        font = same(font, font)
    if color is not None:
        known = colors.get(id(color))
        if known is None:
            key = id(color)
            if type(color) is str or (type(color) is tuple and all(type(c) is float and _plain(c) for c in color)):
                color = same(color, color)  # a str never equals a tuple: one dict serves both
            colors[key] = color
        else:
            color = known
    if parts:
        parts = tuple(_unpack_word(p, floats, shared, colors) for p in parts)
    return Word(text, x0, top, x1, bottom, font, size, bold, italic, color, parts, confidence)


def _plain(c: float) -> bool:
    """A float that only an identical one equals: not NaN, not -0.0 (which equals 0.0 but
    prints another way)."""
    return c == c and (c != 0 or math.copysign(1.0, c) > 0)


def pack_page(page: Page) -> tuple:
    """A :class:`Page` as tuples of plain values: cheap to pickle and to read back."""
    return (tuple(getattr(page, name) for name in _PAGE),
            [_pack_word(w) for w in page.words], [_pack_word(w) for w in page.rotated],
            [(r.x0, r.top, r.x1, r.bottom) for r in page.rules],
            [(b.x0, b.top, b.x1, b.bottom, b.fill, b.stroke) for b in page.boxes],
            page.images)


def unpack_page(packed: tuple, shared: dict | None = None) -> Page:
    """The :class:`Page` of :func:`pack_page`; ``shared`` (a dict kept over one document's pages)
    lets equal texts, font names and colours of different pages be one object."""
    head, words, rotated, rules, boxes, images = packed
    page = Page(**dict(zip(_PAGE, head)))
    floats: dict = {}
    colors: dict = {}  # id of a colour object of this record → the colour the word gets
    shared = {} if shared is None else shared
    page.words = [_unpack_word(w, floats, shared, colors) for w in words]
    page.rotated = [_unpack_word(w, floats, shared, colors) for w in rotated]
    page.rules = [Rule(*r) for r in rules]
    page.boxes = [Box(*b) for b in boxes]
    page.images = images
    return page


class Writer:
    """The child's end: records appended to the file open as ``fd``, each at a known offset."""

    def __init__(self, fd: int):
        self._fh = os.fdopen(os.dup(fd), "wb", buffering=1 << 16)

    def write(self, record) -> int:
        at = self._fh.tell()
        pickle.dump(record, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
        return at

    def flush(self) -> int:
        """Write out the records written so far; the offset where they end."""
        self._fh.flush()
        return self._fh.tell()

    def close(self) -> None:
        self._fh.close()


class Spill:
    """The parent's end: the records at ``offsets`` of ``fh``, read back one at a time (a
    sequence, so ``spill[i]`` reads record ``i``). The file is unlinked: it goes when ``fh``
    is closed or collected."""

    def __init__(self, fh: IO[bytes], offsets: list[int]):
        self._fh = fh
        self._offsets = offsets
        self._size = os.fstat(fh.fileno()).st_size  # the child is done writing

    def __len__(self) -> int:
        return len(self._offsets)

    def __getitem__(self, index: int):
        """Record ``index``: the bytes up to the next record of this sequence (or the file's
        end) read in one ``pread`` and unpickled (pickle ignores what follows the record: the
        other sequence's record between them). ``seek`` and ``pickle.load`` from the buffered
        file took four times as long for the pages of a 108-page report (16 ms against 3.6),
        time ``parse`` waits for after the reading."""
        start = self._offsets[index]
        end = self._offsets[index + 1] if index + 1 < len(self._offsets) else self._size
        if end <= start:  # not written in order: read as a stream
            self._fh.seek(start)
            return pickle.load(self._fh)
        return pickle.loads(os.pread(self._fh.fileno(), end - start, start))

    def close(self) -> None:
        self._fh.close()

    def __iter__(self) -> Iterator:
        for index in range(len(self._offsets)):
            yield self[index]


# From this many pages on, the parent does not keep a document's pages: it reads each back from
# the spill file whenever a pass over the document asks for it (:class:`SpilledPages`).
STREAM_PAGES = 300


def stream_from() -> int:
    """The page count from which pages are read back when asked instead of kept:
    ``RAPPORTANALYS_STREAM_PAGES``, else :data:`STREAM_PAGES`. Kept in memory, a 2,000-page
    report's words cost the parent 15 MB (7.7 MB per 1,000 pages) for the whole structure
    stage; read back, each pass holds one page at a time, at the cost of unpacking every page
    once per pass (a quarter of a millisecond a page), which a report of ordinary length is
    spared."""
    value = os.environ.get("RAPPORTANALYS_STREAM_PAGES", "").strip()
    return int(value) if value.isdigit() else STREAM_PAGES


class SpilledPages(Sequence[Page]):
    """A document's pages, each unpacked from the spill file when asked for (``pages[i]``, or
    in turn by iterating): a new :class:`Page` each time, its words numbered
    (:func:`.page.number_words`) so that the structure stage's books know them again. Only the
    texts, fonts and colours shared over the document's pages (``shared``) are kept between
    readings. The spill file is closed when this sequence goes."""

    numbered = True  # every page handed out has its words numbered

    def __init__(self, fh: IO[bytes], offsets: list[int], shared: dict):
        self._spill = Spill(fh, offsets)
        self._shared = shared
        weakref.finalize(self, fh.close)

    def __len__(self) -> int:
        return len(self._spill)

    def __getitem__(self, index: int) -> Page:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        page = unpack_page(self._spill[index if index >= 0 else index + len(self)], self._shared)
        number_words(page)
        return page

    def __iter__(self) -> Iterator[Page]:
        for index in range(len(self)):
            yield self[index]
