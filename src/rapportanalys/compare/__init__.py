"""Compare reports: year over year (:func:`compare`) and passages reused between any of them
(:func:`find_reuse`). Pure functions over :class:`~rapportanalys.model.Report` objects; no I/O.

    >>> from rapportanalys import parse
    >>> from rapportanalys.compare import compare
    >>> result = compare(parse("old.pdf"), parse("new.pdf"))
    >>> result.summary["stale_share"], result.to_dict()["passages"][0]["status"]
"""
from .compare import compare
from .diff import STATUSES
from .result import Comparison, Reuse
from .reuse import find_reuse
from .settings import CompareSettings, ReuseSettings

__all__ = ["compare", "find_reuse", "Comparison", "Reuse", "CompareSettings", "ReuseSettings", "STATUSES"]
