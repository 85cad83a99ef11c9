"""Reports of one series: the same municipality's same report in different years.

"Uppföljning 2022 Program Social Hållbarhet" and "Uppföljning program Social Hållbarhet 2023"
are one series: the same municipality, and the same title words once the years are taken out.
``demo`` compares each such pair, a year and the next.
"""
from __future__ import annotations

from itertools import pairwise

from ..model import Report
from .text import tokenize


def series_pairs(reports: list[Report]) -> list[tuple[Report, Report]]:
    """(older, newer) for each pair of consecutive editions of a series among ``reports``."""
    series: dict[tuple, list[Report]] = {}
    for r in reports:
        if r.metadata.year is None or not r.metadata.title:
            continue
        words = frozenset(t.key for t in tokenize(r.metadata.title) if not t.is_number)
        series.setdefault((r.metadata.municipality, words), []).append(r)
    pairs = []
    for editions in series.values():
        editions.sort(key=lambda r: r.metadata.year)
        pairs += [(a, b) for a, b in pairwise(editions) if a.metadata.year != b.metadata.year]
    return pairs
