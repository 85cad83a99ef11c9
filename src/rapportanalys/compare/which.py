"""Which comparison a pair of reports calls for: year over year (:func:`~.compare.compare`) or
across municipalities (:func:`~.across.compare_across`).

Apart from ``across.py`` because ``compare`` decides with it before it knows it needs that
module: ``across`` imports scikit-learn and SciPy (over a second of start-up), which a year-over-year
comparison read back from the cache (``cache.compare_cached``) never needs.
"""
from __future__ import annotations

from ..model import Report


def different_municipalities(a: Report, b: Report) -> bool:
    """Whether both reports name their municipality and the names differ."""
    ma, mb = a.metadata.municipality, b.metadata.municipality
    return bool(ma and mb and ma.strip().lower() != mb.strip().lower())
