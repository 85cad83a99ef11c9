"""Reports of one series: the same municipality's same report in different years.

The series is the report's ``metadata.series`` key (structure/metadata.py: municipality,
document type and subject, years removed), so that "Uppföljning 2022 Program Social Hållbarhet"
and "Uppföljning program Social Hållbarhet 2023", or "Stadsrevisionen sammanfattar granskningen
av verksamhetsåret 2022" and "Stadsrevisionens årsredogörelse och årsrapport för 2023", are one
series. ``demo`` compares each such pair, a year and the next; the app groups series by it.
"""
from __future__ import annotations

from itertools import pairwise

from ..model import Report
from ..structure.metadata import series_key


def series_of(report: Report) -> str | None:
    """The report's series key; computed from its metadata when it was read before the key
    existed (a JSON or database row without ``series``)."""
    return report.metadata.series or series_key(report.metadata)


def series_pairs(reports: list[Report]) -> list[tuple[Report, Report]]:
    """(older, newer) for each pair of consecutive editions of a series among ``reports``."""
    series: dict[str, list[Report]] = {}
    for r in reports:
        key = series_of(r)
        if r.metadata.year is None or key is None:
            continue
        series.setdefault(key, []).append(r)
    pairs = []
    for editions in series.values():
        editions.sort(key=lambda r: r.metadata.year)
        pairs += [(a, b) for a, b in pairwise(editions) if a.metadata.year != b.metadata.year]
    return pairs
