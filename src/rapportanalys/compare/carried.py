"""Sentences carried over inside edited passages.

A passage marked ``modified`` or ``new`` may still hold last year's text: a long paragraph of
new text that keeps a standard sentence, or a rewritten paragraph that keeps two of its three
sentences. An auditor counts those sentences as stale all the same. So each sentence of the new
side of such a passage is looked up among all sentences of the old report (the project's one
splitter, :mod:`rapportanalys.extract.sentences`):

- the same words (as comparison sees them: case, punctuation, whitespace and hyphenation aside)
  → ``unchanged``;
- the same words with only numbers different → ``figures_updated``.

Short sentences ("Bakgrund.", "Se bilaga 2.") say nothing about reuse and recur everywhere:
a sentence needs ``carried_min_words`` words and ``carried_min_chars`` characters. Where the old
report has the sentence more than once, the occurrence in the passage's own old side wins, then
the first.
"""
from __future__ import annotations

from dataclasses import dataclass

from .diff import FIGURES_UPDATED, UNCHANGED
from .passages import Document, Unit
from .result import Carried
from .settings import CompareSettings
from .text import sentences


@dataclass(frozen=True)
class _Sentence:
    unit: Unit
    start: int  # offsets into the unit's block text
    end: int
    key: str
    masked: str


def unit_sentences(unit: Unit, settings: CompareSettings) -> list[_Sentence]:
    """The sentences of a unit long enough to count as carried over."""
    out = []
    text = unit.block.text
    for start, end in sentences(text):
        tokens = [t for t in unit.tokens if start <= t.start < end]
        key = " ".join(t.key for t in tokens)
        if len(tokens) < settings.carried_min_words or len(key) < settings.carried_min_chars:
            continue
        out.append(_Sentence(unit, start, end, key, " ".join(t.masked for t in tokens)))
    return out


class OldSentences:
    """Every sentence of the old report, by its words and by its words with numbers masked."""

    def __init__(self, old: Document, settings: CompareSettings):
        self.settings = settings
        self.by_key: dict[str, list[_Sentence]] = {}
        self.by_masked: dict[str, list[_Sentence]] = {}
        for u in old.units:
            for s in unit_sentences(u, settings):
                self.by_key.setdefault(s.key, []).append(s)
                self.by_masked.setdefault(s.masked, []).append(s)

    def carried(self, new_units: list[Unit], old_units: list[Unit]) -> list[Carried]:
        """The carried-over sentences of a passage's new side; offsets into the side's text
        (its blocks' texts joined by a blank line, as :class:`~.result.Side` has them)."""
        own = {u.index for u in old_units}
        out, base = [], 0
        for u in new_units:
            for s in unit_sentences(u, self.settings):
                found, status = self.by_key.get(s.key), UNCHANGED
                if not found:
                    found, status = self.by_masked.get(s.masked), FIGURES_UPDATED
                if not found:
                    continue
                old = next((o for o in found if o.unit.index in own), found[0])
                block = old.unit.block
                out.append(Carried(base + s.start, base + s.end, status, {
                    "text": block.text[old.start:old.end], "page": block.page,
                    "bbox": list(block.bbox), "block": block.id}))
            base += len(u.block.text) + 2
        return out
