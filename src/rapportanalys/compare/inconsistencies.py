"""The same quantity for the same period stated differently by the two reports.

Last year's report gives "I december 2022 hade 162 hushåll …"; this year's restates December
2022 as "… då motsvarande siffra var 163". Two figures are the same quantity when they have the
same unit and period and the words around them overlap (``inconsistency_min_context``). A
quantity the new report states more than once is reported only if none of its statements agrees
with the old report.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .passages import Document
from .quantities import Mention, mentions
from .settings import CompareSettings


@dataclass(frozen=True)
class Inconsistency:
    what: str
    period: str
    unit: str | None
    old: Mention
    new: Mention


def find_inconsistencies(old: Document, new: Document, settings: CompareSettings) -> list[Inconsistency]:
    by_key: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions(new):
        by_key[(m.unit, m.period)].append(m)
    out, seen = [], set()
    for o in mentions(old):
        same = [n for n in by_key.get((o.unit, o.period), [])
                if _overlap(o.context, n.context) >= settings.inconsistency_min_context]
        if not same or any(n.value == o.value for n in same):
            continue
        n = max(same, key=lambda n: _overlap(o.context, n.context))
        key = (o.unit, o.period, o.value, n.value)
        if key not in seen:
            seen.add(key)
            out.append(Inconsistency(o.what or n.what or o.unit or "", o.period, o.unit, o, n))
    return out


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
