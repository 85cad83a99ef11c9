"""Extraction: components that annotate a structured :class:`~rapportanalys.model.Report`.

Like spaCy's pipeline components, each extractor reads the report the structure stage built
and returns what it found; :func:`annotate` runs them in order and fills the report's
``figures``, ``activities`` and ``plans``.
"""
from __future__ import annotations

from ..model import Report
from .activities import extract_activities
from .figures import extract_figures
from .indicators import indicator_keys
from .plans import extract_plans


def annotate(report: Report) -> Report:
    report.figures = extract_figures(report)
    for figure, key in zip(report.figures, indicator_keys(report.figures)):
        figure.indicator = str(key) if key is not None else None
    report.activities = extract_activities(report)
    report.plans = extract_plans(report)
    return report
