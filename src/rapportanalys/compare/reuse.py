"""``reuse``: passages shared between any of the given reports, or repeated inside one.

Reuse is found sentence by sentence, so that a passage is found where it sits inside a longer
paragraph or a table cell: every block is cut into sentences (a list item or a bullet inside a
table cell is a sentence too), read as one stream per report.

1. Sentence pairs: equal sentences (numbers masked, so last year's text with new figures
   counts) by hashing; near-equal ones among TF-IDF neighbours (word bigrams, scikit-learn),
   confirmed with rapidfuzz, including a sentence that sits inside a longer one.
2. Passages: runs of consecutive sentence pairs in both streams. A run is reported when it is
   ``min_sentences`` sentences or more, or one sentence of ``long_sentence_chars``.
3. Boilerplate: a sentence found in ``boilerplate_min_reports`` reports or more, or
   ``boilerplate_min_occurrences`` times in all, is template text ("Koppling till Agenda 2030",
   the standard paragraphs of an audit template). A passage that is mostly template text is
   flagged ``boilerplate`` and listed apart: it is not copying.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import TfidfVectorizer

from ..model import Block, Report
from .passages import PATH_SEPARATOR
from .result import Reuse, ReuseMatch, ReuseSide
from .settings import ReuseSettings
from .text import masked, sentences, tokenize


@dataclass(frozen=True)
class _Sentence:
    report: int  # index into the reports
    block: Block
    start: int  # offsets into the block's text
    end: int
    key: str  # words, numbers masked

    @property
    def text(self) -> str:
        return self.block.text[self.start:self.end]


def find_reuse(reports: list[Report], settings: ReuseSettings | None = None) -> Reuse:
    settings = settings or ReuseSettings()
    stream = _sentences(reports)
    pairs = _sentence_pairs(stream, settings)
    template = _template_sentences(stream, pairs, settings)
    paths = [_section_paths(r) for r in reports]
    matches = []
    for run in _runs(stream, pairs):
        match = _match(run, stream, pairs, template, reports, paths, settings)
        if match is not None:
            matches.append(match)
    matches.sort(key=lambda m: (m.boilerplate, -m.chars, m.a.report, m.a.page))
    return Reuse([r.source.path for r in reports], matches, settings.to_dict())


def _sentences(reports: list[Report]) -> list[_Sentence]:
    """Every sentence of every report, each report's in reading order, one after the other."""
    out = []
    for k, report in enumerate(reports):
        for block in report.blocks:
            for start, end in sentences(block.text):
                key = masked(tokenize(block.text[start:end]))
                if key:
                    out.append(_Sentence(k, block, start, end, key))
    return out


@dataclass(frozen=True)
class _Pair:
    similarity: float
    contained: bool  # one sentence inside the other, not the same sentence


def _sentence_pairs(stream: list[_Sentence], settings: ReuseSettings) -> dict[tuple[int, int], _Pair]:
    """{(i, j): pair} for i < j, sentences the same or nearly so, or one inside the other."""
    eligible = [i for i, s in enumerate(stream) if len(s.key) >= settings.min_sentence_chars]
    pairs: dict[tuple[int, int], _Pair] = {}
    by_key: dict[str, list[int]] = defaultdict(list)
    for i in eligible:
        by_key[stream[i].key].append(i)
    for same in by_key.values():
        for a in range(len(same)):
            for b in range(a + 1, len(same)):
                pairs[(same[a], same[b])] = _Pair(1.0, False)
    # near-equal sentences: one representative per distinct key, TF-IDF neighbours confirmed
    # with rapidfuzz
    keys = list(by_key)
    if len(keys) < 2:
        return pairs
    # bigrams found in very many sentences ("för att") only make every pair a candidate
    vectorizer = TfidfVectorizer(ngram_range=(2, 2), token_pattern=r"\S+", sublinear_tf=True,
                                 max_df=max(50, len(keys) // 100))
    try:
        matrix = vectorizer.fit_transform(keys)
    except ValueError:  # no bigram at all
        return pairs
    chunk = 2000
    for lo in range(0, len(keys), chunk):
        sims = (matrix[lo:lo + chunk] @ matrix.T).tocoo()
        for a, b, cos in zip(sims.row + lo, sims.col, sims.data):
            if a >= b or cos < settings.candidate_min_cosine:
                continue
            pair = _pair(keys[a], keys[b], settings)
            if pair is None:
                continue
            for i in by_key[keys[a]]:
                for j in by_key[keys[b]]:
                    pairs[(min(i, j), max(i, j))] = pair
    return pairs


def _pair(a: str, b: str, settings: ReuseSettings) -> _Pair | None:
    ratio = fuzz.ratio(a, b) / 100.0
    if ratio >= settings.sentence_min_similarity:
        return _Pair(ratio, False)
    if min(len(a), len(b)) >= settings.containment_min_chars:
        partial = fuzz.partial_ratio(a, b) / 100.0
        if partial >= settings.containment_min:
            return _Pair(partial, True)
    return None


def _template_sentences(stream: list[_Sentence], pairs: dict[tuple[int, int], _Pair],
                        settings: ReuseSettings) -> set[int]:
    """Sentences whose group of equal and near-equal sentences recurs in many reports, or, for
    a short sentence (a caption, a lead-in), many times. Containment does not group sentences:
    a short standard phrase inside two long sentences does not make them the same. A long
    sentence repeated inside one report and copied into another (an audit's summary in its
    missive, its summary and the annual report) is reuse, not a template."""
    parent = list(range(len(stream)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (i, j), pair in pairs.items():
        if not pair.contained:
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in {x for ij in pairs for x in ij}:
        groups[find(i)].append(i)
    out = set()
    for members in groups.values():
        reports = {stream[i].report for i in members}
        short = max(len(stream[i].text) for i in members) < settings.long_sentence_chars
        if len(reports) >= settings.boilerplate_min_reports or (
                short and len(members) >= settings.boilerplate_min_occurrences):
            out.update(members)
    return out


def _runs(stream: list[_Sentence], pairs: dict[tuple[int, int], _Pair]) -> list[list[tuple[int, int]]]:
    """Maximal runs of sentence pairs that follow each other in both reports' streams, within
    one section on each side: a heading ends a passage."""
    def follows(i: int, j: int) -> bool:
        return (j == i + 1 and 0 <= i and j < len(stream) and stream[j].report == stream[i].report
                and stream[j].block.section == stream[i].block.section)

    runs = []
    for i, j in sorted(pairs):
        if follows(i - 1, i) and follows(j - 1, j) and (i - 1, j - 1) in pairs:
            continue  # inside a run that starts earlier
        run = [(i, j)]
        while True:
            a, b = run[-1]
            if follows(a, a + 1) and follows(b, b + 1) and (a + 1, b + 1) in pairs and a + 1 < j:
                run.append((a + 1, b + 1))
            else:
                break
        runs.append(run)
    return runs


def _match(run: list[tuple[int, int]], stream: list[_Sentence], pairs: dict[tuple[int, int], _Pair],
           template: set[int], reports: list[Report], paths: list[dict], settings: ReuseSettings) -> ReuseMatch | None:
    a_ids, b_ids = [i for i, _ in run], [j for _, j in run]
    a_text, b_text = _joined(stream, a_ids), _joined(stream, b_ids)
    chars = min(len(a_text), len(b_text))
    if len(run) >= settings.min_sentences:
        if chars < settings.min_passage_chars:
            return None
    elif chars < settings.long_sentence_chars:
        return None
    a_chars = sum(len(stream[i].text) for i in a_ids)
    template_chars = sum(len(stream[i].text) for i in a_ids if i in template)
    similarity = float(np.mean([pairs[p].similarity for p in run]))
    return ReuseMatch(_side(stream, a_ids, a_text, reports, paths), _side(stream, b_ids, b_text, reports, paths),
                      similarity, chars, template_chars * 2 >= a_chars, len(run))


def _joined(stream: list[_Sentence], ids: list[int]) -> str:
    """The passage as printed: one slice per block, blocks on lines of their own."""
    pieces: list[tuple[Block, int, int]] = []
    for i in ids:
        s = stream[i]
        if pieces and pieces[-1][0] is s.block:
            pieces[-1] = (s.block, pieces[-1][1], s.end)
        else:
            pieces.append((s.block, s.start, s.end))
    return "\n".join(block.text[start:end] for block, start, end in pieces)


def _side(stream: list[_Sentence], ids: list[int], text: str, reports: list[Report], paths: list[dict]) -> ReuseSide:
    first = stream[ids[0]]
    return ReuseSide(reports[first.report].source.path, text, paths[first.report].get(first.block.section, ""),
                     first.block.page, first.block.id)


def _section_paths(report: Report) -> dict[str | None, str]:
    return {s.id: PATH_SEPARATOR.join(p.label for p in report.section_path(s.id)) for s in report.sections}
