"""rapportanalys: read Swedish municipal follow-up reports and show what changed.

    >>> import rapportanalys
    >>> report = rapportanalys.parse("corpus/kungalv_social-hallbarhet_2023.pdf")
    >>> [s.title for s in report.sections][:2]
    >>> corpus = rapportanalys.Corpus("corpus.duckdb")   # after `rapportanalys ingest ... --db corpus.duckdb`
    >>> corpus.reports.groupby("municipality").size()
"""
from .errors import RapportanalysError
from .model import Block, Metadata, Report, Section
from .pipeline import parse

__all__ = ["parse", "Corpus", "Report", "Section", "Block", "Metadata", "RapportanalysError"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """``Corpus`` is imported on first use: DuckDB and pandas take most of a second to load,
    which ``parse`` and the parser workers never need."""
    if name == "Corpus":
        from .store import Corpus
        return Corpus
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
