"""``compare --across``: two municipalities' reports of the same kind, side by side.

Year over year a section is the same section renamed; across municipalities two reports share
no headings, no wording and no order, only topics. So this comparison answers an auditor's other
questions: which topics each report covers and which it leaves out, the closest passages of each
shared topic, text shared word for word or from a template, the indicators both report, and how
far each report's activities have come.

1. Topics: the sections of each report down to ``topic_depth`` levels (a lone root that spans
   the whole document, the document title, does not count as a level).
2. Pairs: two topics are as close as their closest passages (spaCy lemmas, TF-IDF), with a
   small title share, paired by the same optimal assignment as year over year
   (:func:`scipy.optimize.linear_sum_assignment`) at a lower threshold: :mod:`.topics`.
3. Closest passages of each pair: its blocks' best TF-IDF neighbours, one to one.
4. Shared text: :func:`~rapportanalys.compare.reuse.find_reuse` over the two reports; template
   text is flagged ``boilerplate``.
5. Indicators both report: :mod:`rapportanalys.extract.indicators`.
6. Activities: counts by status each side; similar titles paired (optimal assignment).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer

from ..extract.indicators import Observation, indicators, shared_indicators, stem
from ..model import ACTIVITY_STATUSES, Report, Section, rounded
from .passages import Document, Unit
from .result import ReuseMatch
from .reuse import find_reuse
from .settings import ReuseSettings
from .topics import _WORD, pair_topics, topic_passages, topic_sections, topic_units, words
from .which import different_municipalities  # noqa: F401 - kept importable from here


@dataclass(frozen=True)
class AcrossSettings:
    # Sections down to this many levels are topics (below the document-title root, if any).
    topic_depth: int = 2
    # A topic pair scores title similarity and content similarity (its closest passages, see
    # compare/topics.py); across municipalities the wording differs, so content weighs most.
    topic_title_weight: float = 0.2
    topic_content_weight: float = 0.8
    # Content similarity of two topics: the mean cosine of their this many closest passage pairs.
    topic_passages: int = 3
    # Topic similarity counts only the words both reports use (see topics.passage_similarity).
    shared_words_only: bool = True
    # Below this score two topics are not the same topic: lower than year over year's 0.35,
    # since two municipalities share a subject, not sentences (set on Olofström ↔ Söderköping
    # with the earlier whole-topic similarity; kept with the passage similarity, where the
    # labelled pairs the tool makes score 0.31-0.56). Topics of reports of different kinds
    # also reach such scores: the threshold tells a missing topic only between reports of
    # one kind.
    topic_min_score: float = 0.15
    # Closest passages shown per topic pair, and the least cosine similarity they need.
    passages_per_topic: int = 3
    passage_min_cosine: float = 0.2
    # Two activities are the same activity at this title similarity (token set ratio of the
    # stemmed titles, 0-1).
    activity_min_similarity: float = 0.6

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_(self, **changes: Any) -> "AcrossSettings":
        return replace(self, **changes)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "AcrossSettings":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class TopicRow:
    topic: str  # the words the pair has most in common (or the section's own, unpaired)
    a: str | None  # section path in A, None = "saknas"
    b: str | None
    a_id: str | None
    b_id: str | None
    a_page: int | None
    b_page: int | None
    similarity: float | None


@dataclass
class ClosePassage:
    topic: str
    similarity: float
    a: dict[str, Any]  # {"text", "section", "page", "block"}
    b: dict[str, Any]


@dataclass
class IndicatorRow:
    indicator: str  # the normalised key, "25-64 långtidsarbetslös [%]"
    exact: bool
    a_label: str
    b_label: str
    a_value: float
    b_value: float
    a_raw: str
    b_raw: str
    a_period: str | None
    b_period: str | None
    a_unit: str | None
    b_unit: str | None
    a_page: int
    b_page: int
    a_target: bool = False  # the value shown is a target ("ska vara högst 1,5 procent"), not a result
    b_target: bool = False


@dataclass
class ActivityPair:
    similarity: float
    a: dict[str, Any]  # {"title", "status", "page"}
    b: dict[str, Any]


@dataclass
class AcrossComparison:
    a_report: Report
    b_report: Report
    summary: dict[str, Any]
    topics: list[TopicRow]
    passages: list[ClosePassage]
    shared_text: list[ReuseMatch]
    indicators: list[IndicatorRow]
    activities: dict[str, Any]  # {"a": {status: n}, "b": {status: n}, "pairs": [ActivityPair]}
    settings: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        def head(r: Report) -> dict[str, Any]:
            return {"source": asdict(r.source), "metadata": asdict(r.metadata)}

        return rounded({
            "kind": "across",
            "a": head(self.a_report),
            "b": head(self.b_report),
            "summary": self.summary,
            "topics": [asdict(t) for t in self.topics],
            "passages": [asdict(p) for p in self.passages],
            "shared_text": [asdict(m) for m in self.shared_text],
            "indicators": [asdict(i) for i in self.indicators],
            "activities": {"a": self.activities["a"], "b": self.activities["b"],
                           "pairs": [asdict(p) for p in self.activities["pairs"]]},
            "settings": self.settings,
        }, 3)


def compare_across(a: Report, b: Report, settings: AcrossSettings | None = None,
                   reuse_settings: ReuseSettings | None = None) -> AcrossComparison:
    settings = settings or AcrossSettings()
    da, db = Document(a), Document(b)
    ta, tb = topic_sections(a, settings.topic_depth), topic_sections(b, settings.topic_depth)
    units_a, units_b = topic_units(da, ta), topic_units(db, tb)
    pairs = pair_topics(ta, tb, topic_passages(da, ta, units_a), topic_passages(db, tb, units_b), settings)
    vectorizer = _naming_vectorizer(units_a, units_b)
    rows = _topic_rows(da, db, ta, tb, pairs, vectorizer, units_a, units_b)
    close = _close_passages(rows, units_a, units_b, da, db, settings)
    reuse = find_reuse([a, b], reuse_settings).matches
    shared_text = [m for m in reuse if m.a.report != m.b.report]
    ind = indicators()
    indicator_rows = _indicator_rows(shared_indicators(ind.observations(a), ind.observations(b)))
    activities = _activities(a, b, settings)
    summary = {
        "topics_a": len(ta), "topics_b": len(tb), "topics_paired": len(pairs),
        "a_lacks": sum(r.a is None for r in rows), "b_lacks": sum(r.b is None for r in rows),
        "shared_text": sum(not m.boilerplate for m in shared_text),
        "template_text": sum(m.boilerplate for m in shared_text),
        "indicators_shared": len(indicator_rows),
        "activities_paired": len(activities["pairs"]),
    }
    return AcrossComparison(a, b, summary, rows, close, shared_text, indicator_rows, activities,
                            {**settings.to_dict(), "reuse": (reuse_settings or ReuseSettings()).to_dict()})


# -- topics ------------------------------------------------------------------------------------

def _naming_vectorizer(units_a: dict[str, list[Unit]], units_b: dict[str, list[Unit]]) -> TfidfVectorizer | None:
    """TF-IDF over both reports' topics (stemmed surface words), to name a topic by the words
    weighing most in it."""
    texts = [words(" ".join(u.block.text for u in us)) for us in [*units_a.values(), *units_b.values()]]
    if not any(texts):
        return None
    return TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+").fit(texts)


def _topic_rows(da: Document, db: Document, ta, tb, pairs, vectorizer, units_a, units_b) -> list[TopicRow]:
    """Every topic of A in order with its partner or None; B's unpaired topics after the row
    of the B topic before them."""
    template = _template_words(units_a) | _template_words(units_b)
    b_of = {p[0]: (p[1], p[2]) for p in pairs}
    a_of = {p[1]: p[0] for p in pairs}
    rows: list[tuple[tuple, TopicRow]] = []
    b_pos = {s.id: k for k, s in enumerate(tb)}
    a_pos = {s.id: k for k, s in enumerate(ta)}
    for s in ta:
        partner = b_of.get(s.id)
        bid = partner[0] if partner else None
        rows.append(((a_pos[s.id], 0, 0), TopicRow(
            _topic_name(vectorizer, units_a[s.id], units_b[bid] if bid else [], s, db.report.section(bid), template),
            da.path(s.id), db.path(bid) if bid else None, s.id, bid, s.page,
            db.report.section(bid).page if bid else None, partner[1] if partner else None)))
    for s in tb:
        if s.id in a_of:
            continue
        before = [a_pos[a_of[p.id]] for p in tb[:b_pos[s.id]] if p.id in a_of]
        rows.append(((before[-1] if before else -1, 1, b_pos[s.id]), TopicRow(
            _topic_name(vectorizer, [], units_b[s.id], None, s, template), None, db.path(s.id), None, s.id, None, s.page, None)))
    rows.sort(key=lambda r: r[0])
    return [r for _, r in rows]


def _topic_name(vectorizer, units_a: list[Unit], units_b: list[Unit], sa: Section | None, sb: Section | None,
                template: frozenset[str] = frozenset()) -> str:
    """The topic in a few words: the stems weighing most in both sections (TF-IDF product),
    shown as the first word of the text that has that stem; for one section, its own. Words
    of a report's own template (in most of its topics: "ansvarig", "tidsplan") name nothing."""
    texts = [" ".join(u.block.text for u in us) for us in (units_a, units_b) if us]
    if vectorizer is None or not texts:
        return (sa or sb).title
    vectors = [vectorizer.transform([words(t)]).toarray()[0] for t in texts]
    weight = vectors[0] * vectors[1] if len(vectors) == 2 else vectors[0]
    terms = vectorizer.get_feature_names_out()
    best = [terms[i] for i in np.argsort(-weight) if weight[i] > 0 and terms[i] not in template][:3]
    if not best:
        return (sa or sb).title
    printed = {}
    for w in _WORD.findall(" ".join(texts).lower()):
        printed.setdefault(stem(w), w)
    return ", ".join(printed.get(t, t) for t in best)


def _template_words(units: dict[str, list[Unit]]) -> frozenset[str]:
    """Stems found in at least half of a report's topics that have text."""
    texts = [set(words(" ".join(u.block.text for u in us)).split()) for us in units.values() if us]
    counts: dict[str, int] = {}
    for t in texts:
        for w in t:
            counts[w] = counts.get(w, 0) + 1
    return frozenset(w for w, c in counts.items() if len(texts) >= 4 and c * 2 >= len(texts))


def _close_passages(rows: list[TopicRow], units_a, units_b, da: Document, db: Document,
                    settings: AcrossSettings) -> list[ClosePassage]:
    out = []
    for row in rows:
        if not row.a_id or not row.b_id:
            continue
        ua = [u for u in units_a[row.a_id] if len(u.block.text) >= 40]
        ub = [u for u in units_b[row.b_id] if len(u.block.text) >= 40]
        if not ua or not ub:
            continue
        texts = [words(u.block.text) for u in ua + ub]
        if not any(texts):
            continue
        matrix = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+").fit_transform(texts)
        cos = (matrix[: len(ua)] @ matrix[len(ua):].T).toarray()
        chosen = [(cos[i, j], i, j) for i, j in zip(*linear_sum_assignment(cos, maximize=True))
                  if cos[i, j] >= settings.passage_min_cosine]
        for sim, i, j in sorted(chosen, reverse=True)[: settings.passages_per_topic]:
            out.append(ClosePassage(row.topic, float(sim), _block(ua[i], da), _block(ub[j], db)))
    return out


def _block(unit: Unit, doc: Document) -> dict[str, Any]:
    b = unit.block
    return {"text": b.text, "section": doc.path(b.section), "page": b.page, "block": b.id}


# -- indicators and activities -----------------------------------------------------------------

def _own(observations: list[Observation]) -> Observation:
    """The report's own value (no comparison group), latest period first; a target last."""
    def rank(o: Observation):
        return (o.group is not None, o.figure.is_target, -(_year(o.period) or 0), o.figure.page)
    return min(observations, key=rank)


def _year(period: str | None) -> int | None:
    years = re.findall(r"(?:19|20)\d\d", period or "")
    return int(years[-1]) if years else None


def _indicator_rows(shared) -> list[IndicatorRow]:
    rows = []
    for s in shared:
        oa, ob = _own(s.a), _own(s.b)
        fa, fb = oa.figure, ob.figure
        rows.append(IndicatorRow(str(s.key), s.exact, oa.label, ob.label, fa.value, fb.value, fa.raw, fb.raw,
                                 fa.period, fb.period, fa.unit, fb.unit, fa.page, fb.page, fa.is_target,
                                 fb.is_target))
    return rows


def _activities(a: Report, b: Report, settings: AcrossSettings) -> dict[str, Any]:
    counts = [{s: sum(x.status == s for x in r.activities) for s in ACTIVITY_STATUSES} for r in (a, b)]
    pairs: list[ActivityPair] = []
    if a.activities and b.activities:
        ta = [words(x.title) for x in a.activities]
        tb = [words(x.title) for x in b.activities]
        sim = np.array([[fuzz.token_set_ratio(x, y) / 100.0 if x and y else 0.0 for y in tb] for x in ta])
        for i, j in zip(*linear_sum_assignment(sim, maximize=True)):
            if sim[i, j] >= settings.activity_min_similarity:
                xa, xb = a.activities[i], b.activities[j]
                pairs.append(ActivityPair(float(sim[i, j]), {"title": xa.title, "status": xa.status, "page": xa.page},
                                          {"title": xb.title, "status": xb.status, "page": xb.page}))
        pairs.sort(key=lambda p: (p.a["page"], -p.similarity))
    return {"a": counts[0], "b": counts[1], "pairs": pairs}
