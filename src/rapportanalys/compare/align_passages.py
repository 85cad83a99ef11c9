"""Which passage of the old report became which passage of the new one.

1. Candidates: TF-IDF (scikit-learn, words and word pairs of the number-masked text) gives each
   block its nearest blocks on the other side, in any section, so moves are found; short blocks
   are also compared letter by letter (rapidfuzz), so a typo in a one-word heading is found.
2. Scores: each candidate pair is scored with rapidfuzz (Indel ratio of the masked texts, so a
   figure update does not lower it). A pair counts at ``min_similarity`` when the blocks'
   sections correspond, at ``min_similarity_elsewhere`` across sections; the corresponding
   section adds a small bonus, which tells apart the same caption repeated in seven goal areas.
3. Assignment: an optimal one-to-one assignment (Hungarian algorithm) over the candidate graph,
   solved per connected component, so the best pairing overall wins, not the first match.
4. Merges and splits: a block left over that is contained in the other side of its neighbour's
   passage joins that passage (two old paragraphs → one new, one → two), as long as it makes the
   passage more similar word for word; a left-over block contained in a left-over block of a corresponding
   section starts a passage of its own (several captions printed as one paragraph). A block
   paired across sections that can join a neighbour's passage in its own section goes there.
5. Kept sentences: blocks still left over in corresponding sections that hold the same sentence
   are one paragraph rewritten around it (:mod:`.shared_sentences`).

"Corresponding sections" reach through a sub-heading only one edition has: its blocks count as
in the section of the nearest heading above it that both editions have.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from .align_sections import SectionAlignment
from .diff import word_similarity
from .shared_sentences import pairs_by_sentence
from .passages import Document
from .settings import CompareSettings


@dataclass
class Group:
    """One passage: units of the old report (indices, reading order) and of the new one."""
    old: list[int] = field(default_factory=list)
    new: list[int] = field(default_factory=list)


def align_passages(old: Document, new: Document, sections: SectionAlignment,
                   settings: CompareSettings, fixed: list[Group] | None = None,
                   closed: set[tuple[str, int]] | None = None) -> list[Group]:
    """``fixed``: passages decided before (the cells of a table both editions print);
    ``closed``: units that stay alone, ("old", index) or ("new", index)."""
    aligner = _Aligner(old, new, sections, settings)
    aligner.closed = closed or set()
    for g in fixed or []:
        aligner._add(g)
        aligner.fixed.append(g)
    aligner.assign()
    aligner.absorb()
    if aligner.reclaim():
        aligner.absorb()
    aligner.by_sentence()
    return aligner.groups()


class _Aligner:
    def __init__(self, old: Document, new: Document, sections: SectionAlignment,
                 settings: CompareSettings):
        self.old, self.new, self.sections, self.settings = old, new, sections, settings
        self.o_text = [u.match for u in old.units]
        self.n_text = [u.match for u in new.units]
        self.cosine = _cosine(self.o_text, self.n_text)
        self.pairs: list[Group] = []
        self.owner: dict[tuple[str, int], Group] = {}
        self.grown: list[Group] = []  # passages built or extended by containment, checked last
        self.closed: set[tuple[str, int]] = set()  # units that stay alone
        self.fixed: list[Group] = []  # passages decided before alignment: nothing joins them

    # -- one-to-one ---------------------------------------------------------------------------
    def assign(self) -> None:
        n, m = self.cosine.shape
        if not n or not m:
            return
        rows, cols, weights = [], [], []
        for i, j in self._candidates():
            if ("old", i) in self.owner or ("new", j) in self.owner or ("old", i) in self.closed \
                    or ("new", j) in self.closed:
                continue
            corresponds = self._corresponds(i, j)
            sim = self._pair_similarity(i, j)
            if sim < (self.settings.min_similarity if corresponds else self.settings.min_similarity_elsewhere):
                continue
            # ties between equally similar candidates: prefer the same figures (the column
            # "Utfall 2022" of last year's table is "Utfall 2022" of this year's, not "Utfall
            # 2023"), then the same relative place in the report
            same_figures = fuzz.ratio(self.old.units[i].key, self.new.units[j].key) * 1e-4
            place = abs(i / n - j / m) * 1e-4
            rows.append(i)
            cols.append(j)
            weights.append(sim + (self.settings.section_bonus if corresponds else 0.0) + same_figures - place)
        if not rows:
            return
        graph = coo_matrix((np.ones(len(rows)), (rows, np.array(cols) + n)), shape=(n + m, n + m))
        _, labels = connected_components(graph, directed=False)
        by_component: dict[int, list[int]] = {}
        for k, i in enumerate(rows):
            by_component.setdefault(labels[i], []).append(k)
        for edges in by_component.values():
            r_ids = sorted({rows[k] for k in edges})
            c_ids = sorted({cols[k] for k in edges})
            r_at, c_at = {r: a for a, r in enumerate(r_ids)}, {c: a for a, c in enumerate(c_ids)}
            w = np.zeros((len(r_ids), len(c_ids)))
            for k in edges:
                w[r_at[rows[k]], c_at[cols[k]]] = weights[k]
            for a, b in zip(*linear_sum_assignment(w, maximize=True)):
                if w[a, b] > 0:
                    self._add(Group([r_ids[a]], [c_ids[b]]))

    def _candidates(self) -> set[tuple[int, int]]:
        k, floor = self.settings.candidates_per_passage, self.settings.candidate_min_cosine
        cos = self.cosine
        out: set[tuple[int, int]] = set()
        for i in range(cos.shape[0]):
            for j in _top(cos[i], k):
                if cos[i, j] >= floor:
                    out.add((i, j))
        for j in range(cos.shape[1]):
            for i in _top(cos[:, j], k):
                if cos[i, j] >= floor:
                    out.add((i, j))
        out |= self._short_candidates()
        # within corresponding sections every pair is a candidate: short captions repeated in
        # many sections would otherwise crowd each other out of the top k
        by_new_section: dict[str | None, list[int]] = {}
        for j, u in enumerate(self.new.units):
            by_new_section.setdefault(u.section, []).append(j)
        for i, u in enumerate(self.old.units):
            target = self.sections.new_for(u.section) if u.section else None
            for j in by_new_section.get(target, []):
                if cos[i, j] >= floor:
                    out.add((i, j))
        return out

    def _short_candidates(self) -> set[tuple[int, int]]:
        """Short blocks (headings set as paragraphs, captions, one-line items) similar letter by
        letter: a typo ("VERKSAMHETSUPPFÖLJNNG") changes the block's only word, so TF-IDF, which
        compares whole words, sees nothing in common."""
        limit = self.settings.short_block_chars
        old = [i for i, t in enumerate(self.o_text) if len(t) <= limit]
        new = [j for j, t in enumerate(self.n_text) if len(t) <= limit]
        if not old or not new:
            return set()
        scores = process.cdist([self.o_text[i] for i in old], [self.n_text[j] for j in new],
                               scorer=fuzz.ratio, score_cutoff=self.settings.min_similarity * 100, workers=1)
        return {(old[a], new[b]) for a, b in zip(*np.nonzero(scores))}

    # -- merges and splits --------------------------------------------------------------------
    def absorb(self) -> None:
        changed = True
        while changed:
            changed = False
            for side, units in (("old", self.old.units), ("new", self.new.units)):
                for u in range(len(units)):
                    if (side, u) not in self.owner and (side, u) not in self.closed and (
                            self._join_neighbour(side, u) or self._start_group(side, u)):
                        changed = True
        # a passage grown twice is listed twice; one grown and later merged away is gone
        for g in {id(g): g for g in self.grown}.values():
            if any(p is g for p in self.pairs) and self._similarity(g) < self._threshold(g):
                self._dissolve(g)

    def reclaim(self) -> bool:
        """A block paired one-to-one across sections that belongs inside a neighbour's passage
        in its own section goes there. The same caption in every goal area ("Här kan du läsa
        mer …") is paired across sections when a layout printed it, in one section, as part of
        a longer paragraph: that paragraph is its place, not another section's caption."""
        changed = False
        for g in list(self.pairs):
            if len(g.old) != 1 or len(g.new) != 1 or any(g is f for f in self.fixed) or g in self.grown \
                    or self._corresponds(g.old[0], g.new[0]):
                continue
            self._dissolve(g)
            joined_old = self._join_neighbour("old", g.old[0])
            joined_new = self._join_neighbour("new", g.new[0])
            if joined_old or joined_new:
                changed = True
            else:
                self._add(g)
        return changed

    def _join_neighbour(self, side: str, u: int) -> bool:
        units = self._units(side)
        for nb in (u - 1, u + 1):
            g = self.owner.get((side, nb))
            if g is None or units[nb].section != units[u].section or any(g is f for f in self.fixed):
                continue
            if not self._contained(side, u, self._other_text(g, side)):
                continue
            before = self._similarity(g)
            getattr(g, side).append(u)
            getattr(g, side).sort()
            if self._similarity(g) > before:
                self.owner[(side, u)] = g
                if g not in self.grown:
                    self.grown.append(g)
                return True
            getattr(g, side).remove(u)
        return False

    def _start_group(self, side: str, u: int) -> bool:
        other = "new" if side == "old" else "old"
        cos = self.cosine[u] if side == "old" else self.cosine[:, u]
        for t in _top(cos, self.settings.candidates_per_passage):
            if cos[t] <= 0 or (other, t) in self.owner or (other, t) in self.closed:
                continue
            i, j = (u, t) if side == "old" else (t, u)
            if not self._corresponds(i, j):
                continue
            if self._contained(side, u, self._texts(other)[t]):
                g = Group([i], [j])
                self._add(g)
                self.grown.append(g)
                return True
        return False

    def _contained(self, side: str, u: int, other_text: str) -> bool:
        text = self._texts(side)[u]
        if len(text) >= len(other_text):
            return False
        # cheap test first: most of the words must be there at all
        words = text.split()
        present = set(other_text.split())
        if sum(w in present for w in words) < self.settings.containment_min * len(words):
            return False
        return fuzz.partial_ratio(text, other_text) / 100.0 >= self.settings.containment_min

    # -- helpers --------------------------------------------------------------------------------
    def groups(self) -> list[Group]:
        out = list(self.pairs)
        out += [Group([i], []) for i in range(len(self.old.units)) if ("old", i) not in self.owner]
        out += [Group([], [j]) for j in range(len(self.new.units)) if ("new", j) not in self.owner]
        return out

    def _add(self, g: Group) -> None:
        self.pairs.append(g)
        for i in g.old:
            self.owner[("old", i)] = g
        for j in g.new:
            self.owner[("new", j)] = g

    def _dissolve(self, g: Group) -> None:
        """Undo a passage that containment built but that is not similar enough as a whole:
        its blocks go back to being new or removed."""
        self.pairs = [p for p in self.pairs if p is not g]
        for i in g.old:
            del self.owner[("old", i)]
        for j in g.new:
            del self.owner[("new", j)]

    def _units(self, side: str):
        return self.old.units if side == "old" else self.new.units

    def _texts(self, side: str) -> list[str]:
        return self.o_text if side == "old" else self.n_text

    def _other_text(self, g: Group, side: str) -> str:
        return " ".join(self.n_text[j] for j in g.new) if side == "old" else " ".join(self.o_text[i] for i in g.old)

    def _similarity(self, g: Group) -> float:
        """Word-level similarity of a passage's two sides. Words, not characters: a paragraph
        split off at the end must add its words to the match, and character alignment would
        already have borrowed its letters from the unrelated words around it."""
        old = [w for i in g.old for w in self.o_text[i].split()]
        new = [w for j in g.new for w in self.n_text[j].split()]
        return Indel.normalized_similarity(old, new)

    def _pair_similarity(self, i: int, j: int) -> float:
        """How alike two blocks are, 0-1. Letter by letter (a figure update or a typo keeps
        the passage recognisable), or word by word where that is higher: words added to a
        short text ("*utbildning, lokaler med mera" → "*driftskostnader, lokalkostnader,
        utbildning med mera.") weigh by their letters in the one, by their count in the other.
        Two list items are entries of one list: they must keep most of their words (a typo
        aside), since two names alike in letters ("Stefan Dahlén (SD)", "Jan Fridén (SD)") are
        two members, not one member renamed."""
        a, b = self.o_text[i].split(), self.n_text[j].split()
        if self.old.units[i].entry and self.new.units[j].entry:
            return word_similarity(a, b, self.settings.typo_max_chars)
        return max(fuzz.ratio(self.o_text[i], self.n_text[j]) / 100.0, Indel.normalized_similarity(a, b))

    def by_sentence(self) -> None:
        """Blocks still left over that hold the same sentence are one paragraph rewritten
        (compare/shared_sentences.py)."""
        left = [u for u in self.old.units if ("old", u.index) not in self.owner and ("old", u.index) not in self.closed]
        right = [u for u in self.new.units if ("new", u.index) not in self.owner and ("new", u.index) not in self.closed]
        for i, j in pairs_by_sentence(left, right, self.sections.within, self.settings):
            self._add(Group([i], [j]))

    def _corresponds(self, i: int, j: int) -> bool:
        """The blocks' sections correspond, also through a sub-heading only one edition has
        (:meth:`SectionAlignment.within`)."""
        return self.sections.within(self.old.units[i].section, self.new.units[j].section)

    def _threshold(self, g: Group) -> float:
        corresponds = self._corresponds(g.old[0], g.new[0])
        return self.settings.min_similarity if corresponds else self.settings.min_similarity_elsewhere


def _cosine(old: list[str], new: list[str]) -> np.ndarray:
    if not old or not new:
        return np.zeros((len(old), len(new)))
    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), token_pattern=r"\S+")
    matrix = vectorizer.fit_transform(old + new)
    return (matrix[: len(old)] @ matrix[len(old):].T).toarray()


def _top(row: np.ndarray, k: int) -> np.ndarray:
    if len(row) <= k:
        return np.argsort(-row)
    top = np.argpartition(-row, k)[:k]
    return top[np.argsort(-row[top])]
