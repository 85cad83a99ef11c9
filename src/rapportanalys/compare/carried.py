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
    text = unit.block.text
    for start, end in sentences(text):
        tokens = [t for t in unit.tokens if start <= t.start < end]
        keys = [t.key for t in tokens]
        if len(tokens) < settings.carried_min_words or len(" ".join(keys)) < settings.carried_min_chars:
            continue
        out.append(_Sentence(unit, start, end, keys, [t.masked for t in tokens]))
    return out


class OldSentences:
    """The old report's words as running text, indexed by their first words, plain and with
    numbers masked."""

    def __init__(self, old: Document, settings: CompareSettings):
        self.settings = settings
        keys: list[str | None] = []  # None between texts that do not run on
        masked: list[str | None] = []
        at: list[tuple[Unit, Token] | None] = []
        previous: Unit | None = None
        for u in old.units:
            if not _runs_on(previous, u):
                keys.append(None)
                masked.append(None)
                at.append(None)
            keys += [t.key for t in u.tokens]
            masked += [t.masked for t in u.tokens]
            at += [(u, t) for t in u.tokens]
            previous = u
        self.keys, self.masked, self.at = keys + [None], masked + [None], at + [None]
        self.anchor = max(1, min(_ANCHOR, settings.carried_min_words))
        self.by_key = _index(self.keys, self.anchor)
        self.by_masked = _index(self.masked, self.anchor)

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

    def _find(self, words: list[str], stream: list[str | None], index: dict[tuple, list[int]],
              own: set[int]) -> int | None:
        """Where ``words`` stand in the old running text, own side first."""
        hits = [p for p in index.get(tuple(words[:self.anchor]), ()) if stream[p:p + len(words)] == words]
        if not hits:
            return None
        return next((p for p in hits if self.at[p][0].index in own), hits[0])

    def _old_place(self, p: int, length: int) -> dict:
        """The old sentence(s) the words at ``p`` stand in: text, page, bbox and block of the
        block they start in."""
        (first, t0), (last, t1) = self.at[p], self.at[p + length - 1]
        start = next((a for a, b in sentences(first.block.text) if a <= t0.start < b), t0.start)
        end = next((b for a, b in sentences(last.block.text) if a <= t1.start < b), t1.end)
        if first is last:
            text = first.block.text[start:end]
        else:  # a sentence a break cut: the tail of one block and the head of the next
            text = first.block.text[start:].rstrip() + " " + last.block.text[:end].lstrip()
        block = first.block
        return {"text": text, "page": block.page, "bbox": list(block.bbox), "block": block.id}


def _runs_on(previous: Unit | None, unit: Unit) -> bool:
    """``unit`` goes on with the sentence ``previous`` left open: consecutive running text of
    one section (no table cell), the first not ending its sentence."""
    return (previous is not None and previous.section == unit.section
            and previous.index + 1 == unit.index
            and previous.block.table is None and unit.block.table is None
            and previous.block.kind == unit.block.kind == "paragraph"
            and not ends_sentence(previous.block.text))


def _index(stream: list[str | None], n: int) -> dict[tuple, list[int]]:
    """First ``n`` words -> positions in the running text where they stand."""
    out: dict[tuple, list[int]] = {}
    for p, anchor in enumerate(zip(*(stream[k:] for k in range(n)))):
        if None not in anchor:
            out.setdefault(anchor, []).append(p)
    return out
