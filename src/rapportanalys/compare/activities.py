"""Activities across editions: what a plan follow-up is for.

Two follow-ups of one plan report on (mostly) the same activities, each with a status and a
comment. An auditor asks which activities moved from ongoing to done (or back), which kept last
year's comment word for word, and which were dropped or added. Activities are matched by:

1. their title words (rapidfuzz token ratio of the number-masked titles: "exempelvis" →
   "till exempel" is the same activity, a renumbered year is too);
2. their section path: an activity under the corresponding section (the same "Insats") is
   preferred, which tells apart "Kartlägga behov och … utbildningsinsatser" under two goal areas;
3. an optimal one-to-one assignment (Hungarian algorithm), so the best pairing overall wins.

A pair counts when its titles are at least ``activity_min_title`` alike, or, with a reworded
title, when its comments are at least ``activity_min_comment`` alike and its sections
correspond. The comment of a kept activity gets the status a passage would (``diff.status``),
with its word diff.
"""
from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from ..model import Activity
from .align_sections import SectionAlignment
from .diff import NEW, REMOVED, status, word_diff
from .passages import Document
from .result import ActivityChange
from .settings import CompareSettings
from .text import masked, tokenize

KEPT, ADDED, DROPPED = "kept", "added", "dropped"


def compare_activities(old: Document, new: Document, sections: SectionAlignment,
                       settings: CompareSettings) -> list[ActivityChange]:
    """Every activity of the new report in order (kept or added), each dropped one after the
    kept activity before it in the old report."""
    a, b = old.report.activities, new.report.activities
    pairs = _pairs(a, b, old, new, sections, settings)
    by_new = {j: i for i, j in pairs.items()}
    out: list[tuple[tuple, ActivityChange]] = []
    for j, act in enumerate(b):
        i = by_new.get(j)
        out.append(((j, 0, 0), _change(a[i] if i is not None else None, act, old, new, settings)))
    for i, act in enumerate(a):
        if i in pairs:
            continue
        before = [pairs[k] for k in range(i) if k in pairs]
        out.append(((before[-1] if before else -1, 1, i), _change(act, None, old, new, settings)))
    out.sort(key=lambda x: x[0])
    return [c for _, c in out]


def _pairs(a: list[Activity], b: list[Activity], old: Document, new: Document, sections: SectionAlignment,
           settings: CompareSettings) -> dict[int, int]:
    if not a or not b:
        return {}
    titles = process.cdist([_norm(x.title) for x in a], [_norm(x.title) for x in b],
                           scorer=fuzz.token_sort_ratio, workers=1) / 100.0
    comments = process.cdist([_norm(x.comment) for x in a], [_norm(x.comment) for x in b],
                             scorer=fuzz.ratio, workers=1) / 100.0
    same_section = np.array([[sections.corresponds(x.section, y.section) for y in b] for x in a], dtype=float)
    ok = (titles >= settings.activity_min_title) | (
        (comments >= settings.activity_min_comment) & (same_section > 0))
    score = np.where(ok, titles + settings.activity_section_bonus * same_section + 0.1 * comments, 0.0)
    rows, cols = linear_sum_assignment(score, maximize=True)
    return {int(i): int(j) for i, j in zip(rows, cols) if score[i, j] > 0}


def _norm(text: str) -> str:
    return masked(tokenize(text))


def _side(act: Activity, doc: Document) -> dict:
    return {"title": act.title, "status": act.status, "status_symbol": act.status_symbol,
            "section": doc.path(act.section), "page": act.page, "comment": act.comment}


def _change(o: Activity | None, n: Activity | None, old: Document, new: Document,
            settings: CompareSettings) -> ActivityChange:
    if o is None:
        return ActivityChange(ADDED, None, _side(n, new), None, NEW, [["+", n.comment]], 0.0)
    if n is None:
        return ActivityChange(DROPPED, _side(o, old), None, None, REMOVED, [["-", o.comment]], 0.0)
    old_tokens, new_tokens = tokenize(o.comment), tokenize(n.comment)
    comment = status(old_tokens, new_tokens, settings)
    similarity = fuzz.token_sort_ratio(_norm(o.title), _norm(n.title)) / 100.0
    return ActivityChange(KEPT, _side(o, old), _side(n, new),
                          [o.status, n.status] if o.status != n.status else None,
                          comment, word_diff(old_tokens, new_tokens), similarity)
