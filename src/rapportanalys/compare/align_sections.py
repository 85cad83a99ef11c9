"""Which section of the old report is which section of the new one.

Year over year, sections are renumbered and renamed ("1. Målområde Tidiga insatser" became
"4.1 Tidiga insatser för barn och unga") and moved under new chapters, so neither the number nor
the title is an identity. A section is matched by its title words and by its content (the text of
the section and its sub-sections, TF-IDF); a sub-heading repeated in every chapter ("Strategi för
förvaltningens insatser") is told apart by its parents' match. The pairing is an optimal
assignment (Hungarian algorithm), not a greedy first match.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer

from .passages import Document
from .settings import CompareSettings
from .text import masked, tokenize


@dataclass(frozen=True)
class SectionAlignment:
    pairs: dict[str, str]  # old section id -> new section id
    scores: dict[str, float]  # old section id -> score of its pair (title and content, 0-1)
    # a section only one edition has -> the other edition's counterpart of its nearest ancestor
    # that has one (old section -> new section id, new section -> old section id)
    old_up: dict[str, str] = field(default_factory=dict)
    new_up: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_reverse", {n: o for o, n in self.pairs.items()})

    def new_for(self, old_id: str | None) -> str | None:
        return self.pairs.get(old_id) if old_id else None

    def old_for(self, new_id: str | None) -> str | None:
        return self._reverse.get(new_id) if new_id else None

    def corresponds(self, old_id: str | None, new_id: str | None) -> bool:
        """Whether two blocks' sections are the same section (text before the first heading
        corresponds to text before the first heading)."""
        if old_id is None or new_id is None:
            return old_id is None and new_id is None
        return self.pairs.get(old_id) == new_id

    def within(self, old_id: str | None, new_id: str | None) -> bool:
        """The sections correspond, or one of them is a sub-heading only its edition has (added,
        dropped, or a caption read as a heading) under the other's counterpart: its text is
        still in that section."""
        if self.corresponds(old_id, new_id):
            return True
        return old_id is not None and new_id is not None and (
            self.old_up.get(old_id) == new_id or self.new_up.get(new_id) == old_id)


def align_sections(old: Document, new: Document, settings: CompareSettings) -> SectionAlignment:
    old_ids = [s.id for s in old.report.sections]
    new_ids = [s.id for s in new.report.sections]
    if not old_ids or not new_ids:
        return SectionAlignment({}, {})
    base, content = _base_scores(old, new, settings)
    o_index = {sid: i for i, sid in enumerate(old_ids)}
    n_index = {sid: j for j, sid in enumerate(new_ids)}
    o_parent = [o_index.get(s.parent) for s in old.report.sections]
    n_parent = [n_index.get(s.parent) for s in new.report.sections]
    # the parents' score: neutral (0.5) where either section is at the top of its tree
    parents = np.full(base.shape, 0.5)
    for i, pi in enumerate(o_parent):
        if pi is None:
            continue
        for j, pj in enumerate(n_parent):
            if pj is not None:
                parents[i, j] = base[pi, pj]
    total = base + settings.section_parent_weight * parents
    rows, cols = linear_sum_assignment(total, maximize=True)
    chosen = {i: j for i, j in zip(rows, cols) if base[i, j] >= settings.section_min_score}
    pairs, scores = {}, {}
    for i in sorted(chosen):  # document order: parents before their sub-sections
        j, pi, pj = chosen[i], o_parent[i], n_parent[chosen[i]]
        # a generic sub-heading ("Bedömning") under two different chapters is not the same
        # section unless its own text says so
        if pi is not None and pj is not None and pairs.get(old_ids[pi]) != new_ids[pj] \
                and content[i, j] < settings.section_min_score:
            continue
        pairs[old_ids[i]] = new_ids[j]
        scores[old_ids[i]] = round(float(base[i, j]), 3)
    reverse = {n: o for o, n in pairs.items()}
    return SectionAlignment(pairs, scores, _paired_ancestor(old, pairs), _paired_ancestor(new, reverse))


def _paired_ancestor(doc: Document, counterpart: dict[str, str]) -> dict[str, str]:
    """Section without a counterpart -> the counterpart of its nearest ancestor that has one."""
    parent = {s.id: s.parent for s in doc.report.sections}
    out = {}
    for s in doc.report.sections:
        if s.id in counterpart:
            continue
        up = s.parent
        while up is not None and up not in counterpart:
            up = parent.get(up)
        if up is not None:
            out[s.id] = counterpart[up]
    return out


def _base_scores(old: Document, new: Document, settings: CompareSettings) -> tuple[np.ndarray, np.ndarray]:
    """Title similarity and content similarity, weighted, for every pair of sections; and the
    content similarity alone."""
    titles_o = [_title(s.title) for s in old.report.sections]
    titles_n = [_title(s.title) for s in new.report.sections]
    title = process.cdist(titles_o, titles_n, scorer=fuzz.token_set_ratio, workers=1) / 100.0
    contents_o, contents_n = _contents(old), _contents(new)
    content = np.zeros(title.shape)
    if any(contents_o) and any(contents_n):
        vectorizer = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+")
        matrix = vectorizer.fit_transform(contents_o + contents_n)
        content = (matrix[: len(contents_o)] @ matrix[len(contents_o):].T).toarray()
    empty = np.outer([not c for c in contents_o], [not c for c in contents_n])
    # two sections without text (chapter headings) are compared by their titles alone
    weights = settings.section_title_weight + settings.section_content_weight
    base = np.where(empty, title,
                    (settings.section_title_weight * title + settings.section_content_weight * content) / weights)
    return base, content


def _title(title: str) -> str:
    return masked(tokenize(title))


def _contents(doc: Document) -> list[str]:
    """Each section's text with its sub-sections' (numbers masked; word order does not matter
    to TF-IDF)."""
    own: dict[str | None, list[str]] = {}
    for u in doc.units:
        own.setdefault(u.section, []).append(u.masked)
    return [" ".join(text for sid in doc.subtree(s.id) for text in own.get(sid, [])) for s in doc.report.sections]
