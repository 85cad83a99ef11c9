"""Extraction: components that annotate a structured :class:`~rapportanalys.model.Report`.

Like spaCy's pipeline components, each extractor reads the report the structure stage built
and returns what it found; :func:`annotate` runs them in order and fills the report's
``figures``, ``activities`` and ``plans``.
"""
from __future__ import annotations

from .. import errors
from ..model import Report

# The extractors are imported where they run, not here: importing one module of this package
# (``extract.references`` for the diff's references, ``extract.indicators``) runs this file
# first, and the extractors bring in the structure stage (a fifth of a second) that a reader of
# stored reports and comparisons (the app opening a known pair) never needs.


def prepare() -> None:
    """Load what :func:`annotate` needs (the spaCy pipeline, cached) ahead of time: ``parse``
    runs this while the PDF is read in a child process, so the two overlap. A failure is left
    for :func:`annotate` to raise where it always has; the time bound's own error is not."""
    from .. import nlp
    from .figures import UNUSED_COMPONENTS

    try:
        nlp.load(exclude=UNUSED_COMPONENTS)
    except errors.RapportanalysError:
        raise
    except Exception:  # noqa: BLE001 - raised again, in place, by extract_figures
        pass


def annotate(report: Report, beside: bool = False) -> Report:
    """Fill the report's figures, activities and plans; ``beside``: the figures of a long
    report in two processes (:func:`.figures.extract_figures`)."""
    from .activities import extract_activities
    from .figures import extract_figures
    from .indicators import indicator_keys
    from .plans import extract_plans

    def with_indicators(figures) -> None:
        """Each figure's indicator key, worked out where its figures were found (the keys of a
        run of whole blocks are those of the whole report: a key looks back only within its
        block), so that with ``beside`` the two halves get theirs at the same time."""
        for figure, key in zip(figures, indicator_keys(figures)):
            # a value-less (misprinted) figure measures nothing another report could meet
            figure.indicator = str(key) if key is not None and figure.value is not None else None

    report.figures = extract_figures(report, beside=beside, finish=with_indicators)
    report.activities = extract_activities(report)
    report.plans = extract_plans(report)
    return report
