"""rapportanalys: read Swedish municipal follow-up reports and show what changed.

    >>> import rapportanalys
    >>> report = rapportanalys.parse("corpus/kungalv_social-hallbarhet_2023.pdf")
    >>> [s.title for s in report.sections][:2]
    >>> corpus = rapportanalys.Corpus("corpus.duckdb")   # after `rapportanalys ingest ... --db corpus.duckdb`
    >>> corpus.reports.groupby("municipality").size()
"""
from .errors import RapportanalysError
from .model import Block, Metadata, Report, Section

__all__ = ["parse", "Corpus", "Report", "Section", "Block", "Metadata", "RapportanalysError"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """``parse`` and ``Corpus`` are imported on first use. ``Corpus``: DuckDB and pandas take
    most of a second to load, which ``parse`` and the parser workers never need. ``parse``: the
    reader, the structure and the extractors take a fifth of a second, which a run that finds
    every report in the cache (``compare`` again, the app opening a known pair) never needs."""
    if name == "Corpus":
        from .store import Corpus
        return Corpus
    if name == "parse":
        from .pipeline import parse
        return parse
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
