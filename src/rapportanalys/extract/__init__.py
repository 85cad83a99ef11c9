"""Extraction: components that annotate a structured :class:`~rapportanalys.model.Report`.

Like spaCy's pipeline components, each extractor reads the report the structure stage built
and returns what it found; :func:`annotate` runs them in order and fills the report's
``figures``, ``activities`` and ``plans``.
"""
from __future__ import annotations

from .. import errors
from ..model import Report
from .activities import extract_activities
from .figures import UNUSED_COMPONENTS, extract_figures
from .indicators import indicator_keys
from .plans import extract_plans


def prepare() -> None:
    """Load what :func:`annotate` needs (the spaCy pipeline, cached) ahead of time: ``parse``
    runs this while the PDF is read in a child process, so the two overlap. A failure is left
    for :func:`annotate` to raise where it always has; the time bound's own error is not."""
    from .. import nlp

    try:
        nlp.load(exclude=UNUSED_COMPONENTS)
    except errors.RapportanalysError:
        raise
    except Exception:  # noqa: BLE001 - raised again, in place, by extract_figures
        pass


def annotate(report: Report) -> Report:
    report.figures = extract_figures(report)
    for figure, key in zip(report.figures, indicator_keys(report.figures)):
        # a value-less (misprinted) figure measures nothing another report could meet
        figure.indicator = str(key) if key is not None and figure.value is not None else None
    report.activities = extract_activities(report)
    report.plans = extract_plans(report)
    return report
