"""The one data model every layer shares.

A :class:`Report` is to rapportanalys what a ``Doc`` is to spaCy: the reader fills in its source
and pages, the structure stage adds metadata, sections and blocks, the extractors add figures,
activities and plans, and comparison and storage read it. Everything is plain dataclasses so that
a report round-trips through JSON (``to_dict``/``from_dict``) and through the corpus database
without loss.

Field names follow the public contract in ``INTERFACE.md``; fields beyond it are additions
(``spans``, ``table``, ``row``, ``col``, ``level`` ...), never renames.
"""
from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left

BLOCK_KINDS = ("paragraph", "list_item", "table_cell", "footnote", "caption")
DOC_TYPES = (
    "uppföljning", "årsredovisning", "delårsrapport", "verksamhetsberättelse",
    "revisionsberättelse", "granskning", "förstudie", "tjänsteskrivelse", "plan", "program", "other",
)
ACTIVITY_STATUSES = (
    "not_started", "ongoing", "ongoing_deviation", "done", "done_deviation", "delayed", "unknown",
)


@dataclass
class Source:
    path: str
    sha256: str
    pages: int
    # The reader's books (see structure/accounting.py): characters per place they ended in
    # (chars, blocks, titles, toc, furniture, dropped), and each dropped line with its reason.
    accounting: dict = field(default_factory=dict)
    dropped: list = field(default_factory=list)
    # what the reader could not read well: [{"page": n (None: the whole file), "warning": text}]
    warnings: list[dict] = field(default_factory=list)
    # pages read by OCR (read/ocr.py), None when none was: {"engine", "language", "dpi",
    # "pages": [{"page", "words", "confidence"}], "confidence"} (confidence: mean, 0-100)
    ocr: dict | None = None


@dataclass
class Metadata:
    municipality: str | None = None
    year: int | None = None
    title: str | None = None
    doc_type: str = "other"
    date: str | None = None
    diarienummer: str | None = None
    body: str | None = None
    # the report's series, shared by its editions of other years: "göteborg|verksamhetsberättelse|
    # stadsrevisionen" (structure/metadata.py: series_key)
    series: str | None = None


@dataclass
class Section:
    id: str
    number: str | None
    title: str
    level: int
    parent: str | None
    page: int
    bbox: BBox | None = None

    @property
    def label(self) -> str:
        """The heading as printed: "4.1 Hälsa", or just the title when unnumbered."""
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass
class Span:
    """Where (part of) a block sits: a block cut by a page break has one span per page."""
    page: int
    bbox: BBox


@dataclass
class Block:
    id: str
    kind: str
    text: str
    section: str | None
    page: int
    bbox: BBox
    spans: list[Span] = field(default_factory=list)
    # list items: nesting depth (0 = top level) and the printed marker ("•", "1.")
    list_level: int | None = None
    marker: str | None = None
    # table cells: which table, row and column (0-based); a row cut by a page break is one row
    table: str | None = None
    row: int | None = None
    col: int | None = None
    header: bool = False
    # drawn status icons at the start of a table cell: symbol-font glyphs and small filled
    # shapes, {"kind": "glyph", "text", "font", "bbox"} or {"kind": "shape", "fill", "bbox"}
    marks: list[dict] = field(default_factory=list)


@dataclass
class Figure:
    # None for a number printed wrong in a table cell ("-7 73": a digit dropped), kept as
    # printed: its value is unknown, never a guess
    value: float | None
    raw: str
    unit: str | None
    what: str | None
    period: str | None
    group: str | None
    previous: float | None
    is_target: bool
    target_year: int | None
    sentence: str
    block: str
    page: int
    # the indicator it measures, a key two reports or a corpus share ("25-64 långtidsarbetslös
    # [%]"; see extract/indicators.py); None when the figure says neither what nor what it counts
    indicator: str | None = None


@dataclass
class Activity:
    title: str
    status: str
    status_symbol: str | None
    comment: str
    section: str | None
    page: int


@dataclass
class Plan:
    title: str
    period: str | None
    responsible: str | None
    role: str | None
    answers: dict[str, str]
    page: int


@dataclass
class Report:
    source: Source
    metadata: Metadata = field(default_factory=Metadata)
    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)

    # -- views -----------------------------------------------------------------------------
    def section(self, section_id: str | None) -> Section | None:
        return self._section_index().get(section_id) if section_id else None

    def _section_index(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    def section_path(self, section_id: str | None) -> list[Section]:
        """The section and its ancestors, outermost first ("4.2 Hälsa > Ett gott exempel")."""
        index = self._section_index()
        path: list[Section] = []
        while section_id and section_id in index:
            path.append(index[section_id])
            section_id = index[section_id].parent
        return path[::-1]

    def blocks_in(self, section_id: str | None) -> list[Block]:
        return [b for b in self.blocks if b.section == section_id]

    # -- serialisation -----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        def build(kind, item):
            names = {f.name for f in fields(kind)}
            return kind(**{k: v for k, v in item.items() if k in names})

        blocks = []
        for b in data.get("blocks", []):
            block = build(Block, b)
            block.bbox = tuple(block.bbox)
            block.spans = [Span(s["page"], tuple(s["bbox"])) for s in b.get("spans", [])]
            blocks.append(block)
        return cls(
            source=build(Source, data["source"]),
            metadata=build(Metadata, data.get("metadata", {})),
            sections=[build(Section, s) for s in data.get("sections", [])],
            blocks=blocks,
            figures=[build(Figure, f) for f in data.get("figures", [])],
            activities=[build(Activity, a) for a in data.get("activities", [])],
            plans=[build(Plan, p) for p in data.get("plans", [])],
        )


def _plain(value: Any) -> Any:
    """``rounded(asdict(value))`` in one pass: ``asdict`` deep-copies every value of a report
    (a call per string and number) and ``rounded`` then copies the result again; ``parse`` of a
    108-page report spent 0.015 s of its last, serial stage there, 0.006 s this way. The same
    result: dataclasses become dicts of their fields in order, lists and tuples lists, dicts
    dicts with the same keys, floats rounded to 2 digits; other values are deep-copied as
    ``asdict`` does (strings, numbers, booleans and None are their own copies)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if isinstance(value, float):
        return round(value, 2)
    if hasattr(kind, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return rounded(copy.deepcopy(value))


def rounded(value: Any, digits: int = 2) -> Any:
    """Round the floats of a JSON-like value (coordinates, similarities) so that JSON stays
    readable and stable across runs."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(v, digits) for v in value]
    return value
