"""Blocks left over by alignment that hold the same sentence are one paragraph rewritten.

Alignment pairs blocks by how alike they are as a whole. A paragraph rewritten around one kept
sentence is not alike as a whole: "Årets negativa resultat blev -584 tusen kronor mot
budgeterade -500 tusen kronor, vilket ger en negativ avvikelse på -84 tusen kronor." opens last
year's paragraph on the result, "Stadsrevisionens årsresultat blev 740 tusen kronor mot
budgeterade -750 tusen kronor, vilket ger en positiv avvikelse med 1 490 tusen kronor …" this
year's, and the rest of both is new. A reader sees one paragraph, edited: its kept sentence
names it. So among the blocks still without a counterpart, an old and a new block in
corresponding sections pair when a sentence of the one and a sentence of the other are the same
sentence (number-masked, at least ``same_sentence_min`` alike); the best pairing overall wins
(Hungarian algorithm). Sentences shorter than a carried-over sentence may be ("Se bilaga 2.")
say nothing and are not compared.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from .carried import unit_sentences
from .passages import Unit
from .settings import CompareSettings


def pairs_by_sentence(old: list[Unit], new: list[Unit], corresponds: Callable[[str | None, str | None], bool],
                      settings: CompareSettings) -> list[tuple[int, int]]:
    """(old unit index, new unit index) of left-over blocks that hold the same sentence;
    ``corresponds(old section id, new section id)``."""
    old = [u for u in old if u.block.table is None]
    new = [u for u in new if u.block.table is None]
    old_sections = {u.section for u in old}
    new_sections = {v.section for v in new}
    section_pairs = [(o, n) for o in old_sections for n in new_sections if corresponds(o, n)]
    old = [u for u in old if u.section in {o for o, _ in section_pairs}]
    new = [v for v in new if v.section in {n for _, n in section_pairs}]
    o_sent = {u.index: [" ".join(s.masked) for s in unit_sentences(u, settings)] for u in old}
    n_sent = {v.index: [" ".join(s.masked) for s in unit_sentences(v, settings)] for v in new}
    old = [u for u in old if o_sent[u.index]]
    new = [v for v in new if n_sent[v.index]]
    if not old or not new:
        return []
    old_by_section: dict[str | None, list[int]] = {}
    new_by_section: dict[str | None, list[int]] = {}
    for a, u in enumerate(old):
        old_by_section.setdefault(u.section, []).append(a)
    for b, v in enumerate(new):
        new_by_section.setdefault(v.section, []).append(b)
    weights = np.zeros((len(old), len(new)))
    cutoff = settings.same_sentence_min * 100
    for o_section, n_section in section_pairs:
        for a in old_by_section.get(o_section, []):
            for b in new_by_section.get(n_section, []):
                scores = process.cdist(o_sent[old[a].index], n_sent[new[b].index], scorer=fuzz.ratio,
                                       score_cutoff=cutoff, workers=1)
                weights[a, b] = scores.max() / 100.0
    if not weights.any():
        return []
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(old[a].index, new[b].index) for a, b in zip(rows, cols) if weights[a, b] > 0]
