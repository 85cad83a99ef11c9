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
characters and the list of dropped lines (page, bbox, text, reason). Words are followed by
identity, so a word that two stages both claim counts once, in the first account.

The account is written on the word itself (``Word.posted``: this ledger's token and the
account, one shared tuple per account), not in a dict keyed by ``id()``: a long report holds
every word until its books close, and such a dict cost 66 bytes a word. A word belongs to one
set of books at a time: a new ledger over the same words starts them unposted again.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from ..read import Page, Word

ACCOUNTS = ("blocks", "titles", "toc", "furniture", "dropped")


def _leaves(word: Word) -> tuple[Word, ...]:
    """The page-layer words a word was made of (itself, or the letters it was joined from)."""
    return word.parts or (word,)


class Ledger:
    def __init__(self, pages: list[Page]):
        self._pages = pages
        self._token = object()  # these books, told from any earlier ledger's marks on the words
        self._marks = {account: (self._token, account) for account in ACCOUNTS}
        self._reason: dict[int, str] = {}  # by id(): only dropped words have a reason

    def post(self, words: Iterable[Word], account: str, reason: str | None = None) -> None:
        """Post ``words`` to ``account`` (one of :data:`ACCOUNTS`) unless already posted."""
        mark = self._marks[account]
        token = self._token
        for word in words:
            for leaf in _leaves(word):
                posted = leaf.posted
                if posted is None or posted[0] is not token:
                    leaf.posted = mark
                    if reason:
                        self._reason[id(leaf)] = reason

    def post_lines(self, lines, account: str, reason: str | None = None) -> None:
        for line in lines:
            self.post(line.words, account, reason)

    def account_of(self, word: Word) -> str | None:
        posted = word.posted
        return posted[1] if posted is not None and posted[0] is self._token else None

    def words(self, account: str) -> list[tuple[int, Word]]:
        """(page, word) for every page-layer word posted to ``account``."""
        return [(page.number, w) for page in self._pages for w in [*page.words, *page.rotated]
                if self.account_of(w) == account]

    def close(self) -> tuple[dict[str, int], list[dict]]:
        """Totals by characters per account, and the dropped text grouped into lines."""
        totals = dict.fromkeys(("chars", *ACCOUNTS), 0)
        dropped: dict[tuple[int, str, float], list[Word]] = defaultdict(list)
        for page in self._pages:
            for word in [*page.words, *page.rotated]:
                n = len(word.text)
                totals["chars"] += n
                account = self.account_of(word)
                if account is None:
                    account, self._reason[id(word)] = "dropped", "unplaced"
                totals[account] += n
                if account == "dropped":
                    # one entry per reason and baseline: a line, not a word salad
                    dropped[(page.number, self._reason.get(id(word), ""), round(word.bottom))].append(word)
        out = []
        for (page, reason, _), words in sorted(dropped.items(), key=lambda kv: (kv[0][0], kv[0][2])):
            words.sort(key=lambda w: w.x0)
            out.append({"page": page, "reason": reason, "text": " ".join(w.text for w in words),
                        "bbox": [round(min(w.x0 for w in words), 2), round(min(w.top for w in words), 2),
                                 round(max(w.x1 for w in words), 2), round(max(w.bottom for w in words), 2)]})
        return totals, out
