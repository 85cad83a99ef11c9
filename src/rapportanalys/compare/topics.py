"""Which topic of one municipality's report is which topic of another's.

Two municipalities' reports of one kind share subjects, not wording, headings or order: one
plan is organised by area of action ("Förnybar energi", "Transporter"), the other by the source
of its goals ("Globala mål", "Strategisk plan"). So a pair of topics is found by what they say:

1. Topics: the sections down to ``topic_depth`` levels below the root (a lone top section that
   holds the whole document, the document title, is the root). A topic owns its text and that of
   its sub-sections below the topic depth, never a sub-topic's: a chapter heading over four
   topics would otherwise resemble everything.
2. Passages: a topic's blocks, and the headings of its sub-sections (an action's title "Gång-
   & cykelvägar", a goal's heading "Hållbar energi för alla" name its subject in a few words).
3. Words: the project's spaCy lemmas, stemmed, stop words, measuring words and numbers out
   (:meth:`~rapportanalys.extract.indicators.Indicators.stems`, the normaliser indicator keys
   use), so "fastigheterna" meets "fastighet" and "energikällor" meets "energikälla".
4. Similarity: two topics are as close as their closest passages. Every passage of one report
   is compared with every passage of the other (TF-IDF over both reports' passages, cosine);
   the passages of two topics are paired one to one (an optimal assignment), and the topic
   pair scores the mean of its ``topic_passages`` best passage pairs (fewer when a topic has
   fewer passages: two identical one-paragraph topics score 1). Whole-topic text
   similarity favours long sections that touch on everything (an outlook chapter on climate
   adaptation resembles every climate topic a little); a shared subject shows as a few
   passages that say the same thing ("elproduktionen är 100 procent förnybar år 2040" / "el-
   försörjningen ska vara 100 procent förnybar 2040"). A small share of the score is the two
   titles' similarity.
5. Pairs: the optimal assignment over those scores (:func:`scipy.optimize.linear_sum_assignment`,
   as year over year), at ``topic_min_score``.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer

from ..extract.indicators import stem
from ..model import Report, Section
from .passages import Document, Unit

if TYPE_CHECKING:
    from .across import AcrossSettings

_WORD = re.compile(r"[^\W\d_]{2,}")


def topic_sections(report: Report, depth: int) -> list[Section]:
    """The sections that are topics: down to ``depth`` levels below the root, where a single
    top-level section holding every other section (the document title set as a heading) is
    the root, not a level."""
    tops = [s for s in report.sections if s.parent is None]
    skip = {tops[0].id} if len(tops) == 1 and len(report.sections) > 1 else set()
    level: dict[str, int] = {}
    for s in report.sections:  # parents come before their sub-sections
        if s.id in skip:
            continue
        parent_level = level.get(s.parent, 0) if s.parent not in skip else 0
        level[s.id] = parent_level + 1
    return [s for s in report.sections if s.id in level and level[s.id] <= depth]


def _owners(report: Report, topics: list[Section]) -> dict[str, str]:
    """Section id -> the topic it belongs to (itself, or the topic above it)."""
    topic_ids = {s.id for s in topics}
    owner: dict[str, str] = {}
    for s in report.sections:  # parents come before their sub-sections
        if s.id in topic_ids:
            owner[s.id] = s.id
        elif s.parent in owner:
            owner[s.id] = owner[s.parent]
    return owner


def topic_units(doc: Document, topics: list[Section]) -> dict[str, list[Unit]]:
    """Each topic's units: its own and those of sub-sections that are not topics themselves."""
    owner = _owners(doc.report, topics)
    out: dict[str, list[Unit]] = {s.id: [] for s in topics}
    for u in doc.units:
        if u.section in owner:
            out[owner[u.section]].append(u)
    return out


def topic_passages(doc: Document, topics: list[Section], units: dict[str, list[Unit]]) -> dict[str, list[str]]:
    """Each topic's passages: the text of its blocks and the headings of its sub-sections."""
    out = {s.id: [u.block.text for u in units[s.id]] for s in topics}
    owner = _owners(doc.report, topics)
    for s in doc.report.sections:
        if s.id in owner and owner[s.id] != s.id:
            out[owner[s.id]].append(s.title)
    return out


def words(text: str) -> str:
    """Stemmed content words of the surface text (no pipeline): what names a topic."""
    from spacy.lang.sv.stop_words import STOP_WORDS

    return " ".join(stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS)


def _lemma_words(texts: list[str]) -> list[str]:
    """Each text's lemma stems without numbers (a year or a count names no subject)."""
    from ..extract.indicators import indicators

    return [" ".join(w for w in ws if w.isalpha()) for ws in indicators().stems(texts)]


def pair_topics(ta: list[Section], tb: list[Section], passages_a: dict[str, list[str]],
                passages_b: dict[str, list[str]], settings: "AcrossSettings") -> list[tuple[str, str, float]]:
    """Topic pairs (A id, B id, score) by an optimal assignment over passage similarity."""
    if not ta or not tb:
        return []
    content = passage_similarity([passages_a[s.id] for s in ta], [passages_b[s.id] for s in tb],
                                 settings.topic_passages, settings.shared_words_only)
    has_a = [bool(passages_a[s.id]) for s in ta]
    has_b = [bool(passages_b[s.id]) for s in tb]
    titles_a = [words(s.title) for s in ta]
    titles_b = [words(s.title) for s in tb]
    title = np.zeros(content.shape)
    if any(titles_a) and any(titles_b):
        tv = TfidfVectorizer(token_pattern=r"\S+").fit(titles_a + titles_b)
        title = (tv.transform(titles_a) @ tv.transform(titles_b).T).toarray()
    weight = settings.topic_title_weight + settings.topic_content_weight
    score = (settings.topic_title_weight * title + settings.topic_content_weight * content) / weight
    # a topic without text of its own (a chapter heading over sub-topics) is paired by its
    # title alone, and only with another such topic
    one_empty = np.array([[x != y for y in has_b] for x in has_a])
    both_empty = np.array([[not x and not y for y in has_b] for x in has_a])
    score = np.where(both_empty, title, np.where(one_empty, 0.0, score))
    rows, cols = linear_sum_assignment(score, maximize=True)
    return [(ta[i].id, tb[j].id, float(score[i, j])) for i, j in zip(rows, cols)
            if score[i, j] >= settings.topic_min_score]


def passage_similarity(topics_a: list[list[str]], topics_b: list[list[str]], best: int,
                       shared_words_only: bool = True) -> np.ndarray:
    """For every pair of topics, the mean cosine of their ``best`` closest passage pairs, the
    passages paired one to one. With ``shared_words_only``, only the words both reports use
    count: the words one municipality alone uses (its places, its own bodies) cannot show a
    shared subject and would only dilute every similarity."""
    flat_a = [t for ts in topics_a for t in ts]
    flat_b = [t for ts in topics_b for t in ts]
    out = np.zeros((len(topics_a), len(topics_b)))
    if not flat_a or not flat_b:
        return out
    words_a, words_b = _lemma_words(flat_a), _lemma_words(flat_b)
    if shared_words_only:
        shared = set(" ".join(words_a).split()) & set(" ".join(words_b).split())
        words_a = [" ".join(w for w in t.split() if w in shared) for t in words_a]
        words_b = [" ".join(w for w in t.split() if w in shared) for t in words_b]
    if not any(words_a) or not any(words_b):
        return out
    vectorizer = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+").fit(words_a + words_b)
    cosine = (vectorizer.transform(words_a) @ vectorizer.transform(words_b).T).toarray()
    starts_a = np.cumsum([0] + [len(ts) for ts in topics_a])
    starts_b = np.cumsum([0] + [len(ts) for ts in topics_b])
    for i in range(len(topics_a)):
        for j in range(len(topics_b)):
            block = cosine[starts_a[i]:starts_a[i + 1], starts_b[j]:starts_b[j + 1]]
            if block.size == 0:
                continue
            rows, cols = linear_sum_assignment(block, maximize=True)
            out[i, j] = np.sort(block[rows, cols])[::-1][:best].mean()
    return out
