"""Compare reports: year over year (:func:`compare`) and passages reused between any of them
(:func:`find_reuse`). Pure functions over :class:`~rapportanalys.model.Report` objects; no I/O.

    >>> from rapportanalys import parse
    >>> from rapportanalys.compare import compare
    >>> result = compare(parse("old.pdf"), parse("new.pdf"))
    >>> result.summary["stale_share"], result.to_dict()["passages"][0]["status"]

``compare`` and ``find_reuse`` are imported on first use: they bring in scikit-learn and SciPy
(over a second of start-up), which a reader of a stored comparison (the app opening a cached
result, ``views`` needing only ``STATUSES`` and the result classes) never needs.
"""
import sys
import types

from .diff import STATUSES
from .result import Comparison, Reuse
from .settings import CompareSettings, ReuseSettings

__all__ = ["compare", "find_reuse", "Comparison", "Reuse", "CompareSettings", "ReuseSettings", "STATUSES"]


class _Package(types.ModuleType):
    """Once the submodule ``compare`` is loaded (by name, ``import rapportanalys.compare.compare``,
    or for the function), the import system sets it as this package's attribute ``compare``;
    the name stays the function, as it was when this package imported it at once."""

    def __setattr__(self, name, value):
        if name == "compare" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name == "compare":
        from .compare import compare as function
    elif name == "find_reuse":
        from .reuse import find_reuse as function
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = function
    return function
