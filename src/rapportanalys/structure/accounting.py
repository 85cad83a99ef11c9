"""The reader's books: every character the page layer gives ends in exactly one place.

A reader that loses text fails quietly: the report still looks fine, with a sentence or a
heading missing. So the structure stage keeps a ledger. Each word the page layer gave (the
horizontal words and the rotated stream) is posted to one account when the stage puts it
somewhere:

- ``blocks``: paragraphs, list items, footnotes, captions, table cells;
- ``titles``: section headings;
- ``toc``: entries of a table of contents;
- ``furniture``: running headers and footers, page numbers, margin stamps;
- ``dropped``: set aside on purpose, with the reason.

:meth:`Ledger.close` posts whatever no stage claimed to ``dropped`` with the reason
``unplaced`` (a reader bug, which the invariant tests look for) and returns the totals by
characters and the list of dropped lines (page, bbox, text, reason).

The books are kept by place: per page, one byte per page-layer word (its index on the page,
``Word.place``, :func:`~rapportanalys.read.page.number_words`), not on the word object nor in a
dict by ``id()`` (66 bytes a word). A long document's pages are read back from the spill file on
each pass (:class:`~rapportanalys.read.spill.SpilledPages`), each time as new objects: the
furniture is posted in one pass, the blocks in the last, and the books close in a pass of their
own, and all three must mean the same word. Posted twice, by two passes or two stages, a word
counts once, in its first account.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Sequence

from ..read import Page, Word
from ..read.page import number_words

ACCOUNTS = ("blocks", "titles", "toc", "furniture", "dropped")


class Ledger:
    def __init__(self, pages: Sequence[Page]):
        """The books over ``pages``: a list (its words are numbered here) or pages that come
        numbered each time they are read (``numbered``)."""
        self._pages = pages
        self._codes = {account: code for code, account in enumerate(ACCOUNTS, 1)}
        self._books: dict[int, bytearray] = {}  # page number → account code by place (0: none yet)
        if not getattr(pages, "numbered", False):
            for page in pages:
                number_words(page)
                self._books[page.number] = bytearray(len(page.words) + len(page.rotated))
        self._reason: dict[tuple[int, int], str] = {}  # by (page, place): only dropped words have one

    def post(self, words: Iterable[Word], account: str, reason: str | None = None, page: int = 0) -> None:
        """Post ``words`` of page ``page`` to ``account`` (one of :data:`ACCOUNTS`) unless already
        posted. A word without a place (a drawn bullet made into a word) is no page-layer word."""
        code = self._codes[account]
        books = self._books.get(page)
        if books is None:
            books = self._books[page] = bytearray()
        for word in words:
            for leaf in word.parts or (word,):  # the page-layer words it was made of
                place = leaf.place
                if place is None:
                    continue
                try:
                    if books[place]:
                        continue
                except IndexError:  # a page read back from the spill: its books grow as its words are posted
                    books.extend(bytes(place + 1 - len(books) + 64))
                books[place] = code
                if reason:
                    self._reason[(page, place)] = reason

    def post_lines(self, lines, account: str, reason: str | None = None) -> None:
        for line in lines:
            self.post(line.words, account, reason, line.page)

    def _account(self, page: int, word: Word) -> str | None:
        books = self._books.get(page)
        place = word.place
        code = books[place] if books is not None and place is not None and place < len(books) else 0
        return ACCOUNTS[code - 1] if code else None

    def words(self, account: str) -> list[tuple[int, Word]]:
        """(page, word) for every page-layer word posted to ``account``."""
        return [(page.number, w) for page in self._pages for w in [*page.words, *page.rotated]
                if self._account(page.number, w) == account]

    def close(self) -> tuple[dict[str, int], list[dict]]:
        """Totals by characters per account, and the dropped text grouped into lines: one pass
        over the pages, page by page (the entries are sorted by page first)."""
        totals = dict.fromkeys(("chars", *ACCOUNTS), 0)
        out = []
        dropped_code = self._codes["dropped"]
        for page in self._pages:
            dropped: dict[tuple[str, float], list[Word]] = defaultdict(list)
            books = self._books.get(page.number, b"")
            size = len(books)
            for word in [*page.words, *page.rotated]:
                n = len(word.text)
                totals["chars"] += n
                place = word.place
                code = books[place] if place is not None and place < size else 0
                if not code:
                    code = dropped_code
                    self._reason[(page.number, place)] = "unplaced"
                totals[ACCOUNTS[code - 1]] += n
                if code == dropped_code:
                    # one entry per reason and baseline: a line, not a word salad
                    dropped[(self._reason.get((page.number, word.place), ""), round(word.bottom))].append(word)
            for (reason, _), words in sorted(dropped.items(), key=lambda kv: kv[0][1]):
                words.sort(key=lambda w: w.x0)
                out.append({"page": page.number, "reason": reason, "text": " ".join(w.text for w in words),
                            "bbox": [round(min(w.x0 for w in words), 2), round(min(w.top for w in words), 2),
                                     round(max(w.x1 for w in words), 2), round(max(w.bottom for w in words), 2)]})
        return totals, out
