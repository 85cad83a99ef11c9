"""Pages → a structured report: the section tree, paragraphs, list items, tables and metadata.

The modules, in the order :func:`build_report` uses them: ``layout`` (words → lines, page
furniture, reading order), ``tables`` (ruling lines → cells), ``toc`` (the table of contents,
kept out of the body), ``headings``, ``paragraphs``, ``metadata``; ``accounting`` keeps the
reader's books, so every character of a page ends in exactly one place.
"""
from .build import EarlyGrouping, build_report

__all__ = ["EarlyGrouping", "build_report"]
