"""rapportanalys: read Swedish municipal follow-up reports and show what changed.

    >>> import rapportanalys
    >>> report = rapportanalys.parse("corpus/kungalv_social-hallbarhet_2023.pdf")
    >>> [s.title for s in report.sections][:2]
"""
from .errors import RapportanalysError
from .model import Block, Metadata, Report, Section
from .pipeline import parse

__all__ = ["parse", "Report", "Section", "Block", "Metadata", "RapportanalysError"]
__version__ = "0.1.0"
