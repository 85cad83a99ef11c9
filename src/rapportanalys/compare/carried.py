"""Sentences carried over inside edited passages.

A passage marked ``modified`` or ``new`` may still hold last year's text: a long paragraph of
new text that keeps a standard sentence, or a rewritten paragraph that keeps two of its three
sentences. An auditor counts those sentences as stale all the same. So each sentence of the new
side of such a passage (the project's one splitter, :mod:`rapportanalys.extract.sentences`) is
looked up in the whole old report:

- its words stand in the old report, in that order (as comparison sees them: case,
  punctuation, whitespace and hyphenation aside) → ``unchanged``;
- the same with only numbers different → ``figures_updated``.

"Stand in the old report", not "equal an old sentence": a list item that keeps the second half
of last year's item ("om Göteborgs Stads årsredovisning … är rättvisande" from "… räkenskaper är
rättvisande, samt om Göteborgs Stads årsredovisning … är rättvisande") is last year's text. And
the old report is read as running text: where an old block ends without ending its sentence and
the next block of its section goes on (a paragraph a column or page break cut that the reader
did not join), the sentence runs across the two.

Short sentences ("Bakgrund.", "Se bilaga 2.") say nothing about reuse and recur everywhere:
a sentence needs ``carried_min_words`` words and ``carried_min_chars`` characters. Where the old
report has the words more than once, the occurrence in the passage's own old side wins, then
the first. Lookup is by the first three words (a dict), then a comparison of the candidates.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..structure.paragraphs import ends_sentence
from .diff import FIGURES_UPDATED, UNCHANGED
from .passages import Document, Unit
from .result import Carried
from .settings import CompareSettings
from .text import Token, sentences

_ANCHOR = 3  # words a lookup starts from (fewer when a sentence may be shorter)


@dataclass(frozen=True)
class _Sentence:
    unit: Unit
    start: int  # offsets into the unit's block text
    end: int
    keys: list[str]
    masked: list[str]


def unit_sentences(unit: Unit, settings: CompareSettings) -> list[_Sentence]:
    """The sentences of a unit long enough to count as carried over."""
    out = []
    text, all_tokens, k = unit.block.text, unit.tokens, 0
    for start, end in sentences(text):  # tokens and sentences both in text order
        while k < len(all_tokens) and all_tokens[k].start < start:
            k += 1
        j = k
        while j < len(all_tokens) and all_tokens[j].start < end:
            j += 1
        tokens, k = all_tokens[k:j], j
        keys = [t.key for t in tokens]
        if len(tokens) < settings.carried_min_words or len(" ".join(keys)) < settings.carried_min_chars:
            continue
        out.append(_Sentence(unit, start, end, keys, [t.masked for t in tokens]))
    return out


class OldSentences:
    """The old report's words as running text, indexed by their first words, plain and with
    numbers masked. Kept in flat lists of strings and ints: a comparison runs beside two parsed
    reports, and every container object made here would make the garbage collector walk them."""

    def __init__(self, old: Document, settings: CompareSettings):
        self.settings = settings
        keys: list[str | None] = []  # None between texts that do not run on
        masked: list[str | None] = []
        units: list[Unit | None] = []  # the unit and token of each position
        tokens: list[Token | None] = []
        previous: Unit | None = None
        for u in old.units:
            if not _runs_on(previous, u):
                keys.append(None)
                masked.append(None)
                units.append(None)
                tokens.append(None)
            keys += [t.key for t in u.tokens]
            masked += [t.masked for t in u.tokens]
            units += [u] * len(u.tokens)
            tokens += u.tokens
            previous = u
        self.keys, self.masked, self.units, self.tokens = keys + [None], masked + [None], units + [None], tokens + [None]
        self.anchor = max(1, min(_ANCHOR, settings.carried_min_words))
        self.by_key = _Index(self.keys, self.anchor)
        self.by_masked = _Index(self.masked, self.anchor)

    def carried(self, new_units: list[Unit], old_units: list[Unit]) -> list[Carried]:
        """The carried-over sentences of a passage's new side; offsets into the side's text
        (its blocks' texts joined by a blank line, as :class:`~.result.Side` has them)."""
        own = {u.index for u in old_units}
        out, base = [], 0
        for u in new_units:
            for s in unit_sentences(u, self.settings):
                found, status = self._find(s.keys, self.keys, self.by_key, own), UNCHANGED
                if found is None:
                    found, status = self._find(s.masked, self.masked, self.by_masked, own), FIGURES_UPDATED
                if found is None:
                    continue
                out.append(Carried(base + s.start, base + s.end, status, self._old_place(found, len(s.keys))))
            base += len(u.block.text) + 2
        return out

    def _find(self, words: list[str], stream: list[str | None], index: "_Index", own: set[int]) -> int | None:
        """Where ``words`` stand in the old running text, own side first."""
        hits = [p for p in index.positions(words) if stream[p:p + len(words)] == words]
        if not hits:
            return None
        return next((p for p in hits if self.units[p].index in own), hits[0])

    def _old_place(self, p: int, length: int) -> dict:
        """The old sentence(s) the words at ``p`` stand in: text, page, bbox and block of the
        block they start in."""
        first, t0 = self.units[p], self.tokens[p]
        last, t1 = self.units[p + length - 1], self.tokens[p + length - 1]
        start = next((a for a, b in sentences(first.block.text) if a <= t0.start < b), t0.start)
        end = next((b for a, b in sentences(last.block.text) if a <= t1.start < b), t1.end)
        if first is last:
            text = first.block.text[start:end]
        else:  # a sentence a break cut: the tail of one block and the head of the next
            text = first.block.text[start:].rstrip() + " " + last.block.text[:end].lstrip()
        block = first.block
        return {"text": text, "page": block.page, "bbox": list(block.bbox), "block": block.id}


class _Index:
    """First ``n`` words -> every position in the running text where they stand: the first in
    a dict, each next one chained from the one before."""

    def __init__(self, stream: list[str | None], n: int):
        self.n = n
        self.first: dict[str, int] = {}
        self.next = [-1] * len(stream)
        last: dict[str, int] = {}
        for p in range(len(stream) - n + 1):
            window = stream[p:p + n]
            if None in window:
                continue
            key = "\x1f".join(window)
            if key in last:
                self.next[last[key]] = p
            else:
                self.first[key] = p
            last[key] = p

    def positions(self, words: list[str]) -> list[int]:
        out, p = [], self.first.get("\x1f".join(words[:self.n]), -1)
        while p >= 0:
            out.append(p)
            p = self.next[p]
        return out


def _runs_on(previous: Unit | None, unit: Unit) -> bool:
    """``unit`` goes on with the sentence ``previous`` left open: consecutive running text of
    one section (no table cell), the first not ending its sentence."""
    return (previous is not None and previous.section == unit.section
            and previous.index + 1 == unit.index
            and previous.block.table is None and unit.block.table is None
            and previous.block.kind == unit.block.kind == "paragraph"
            and not ends_sentence(previous.block.text))
