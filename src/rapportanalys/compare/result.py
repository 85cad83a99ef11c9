"""What ``compare`` and ``reuse`` return: plain dataclasses whose ``to_dict`` is the JSON of
INTERFACE.md (field names are the contract; fields beyond it are additions).

Additions to the contract: each passage side has ``blocks`` (the block ids it is made of),
``spans`` (page and bbox of each block) and ``section_id``, a figure change and an inconsistency have their values
as numbers and the sentences they stand in, a passage lists its changed dates and references
(``reference_changes``, apart from its figures), a section row has ids, its characters and the pair's similarity,
and both results carry the ``settings`` they were computed with.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..model import Report, rounded


@dataclass
class Side:
    text: str
    section: str
    page: int
    bbox: list[float]
    blocks: list[str]
    spans: list[dict[str, Any]]
    section_id: str | None


@dataclass
class FigureChange:
    old: str
    new: str
    unit: str | None
    what: str | None
    old_value: float | None
    new_value: float | None
    sentence: str  # the new report's sentence with the figure
    old_sentence: str


@dataclass
class ReferenceChange:
    """A date, reference or identifier that reads differently ("den 24 april 2025" → "den 23
    april 2026", "GSN 2024-03-26 § 59" → "SFN 2025-02-26 § 27"): never a figure change."""
    old: str
    new: str
    kind: str  # the new side's kind (extract/references.py: date, protocol, paragraph, case, ...) or year
    old_value: str  # ISO 8601 for dates, else the text
    new_value: str
    sentence: str
    old_sentence: str


@dataclass
class Passage:
    status: str
    moved: bool
    similarity: float
    old: Side | None
    new: Side | None
    diff: list[list[str]]
    figure_changes: list[FigureChange] = field(default_factory=list)
    reference_changes: list[ReferenceChange] = field(default_factory=list)


@dataclass
class SectionRow:
    old: str | None  # the section's path of headings, "4 … > 4.1 Hälsa > Strategi …"
    new: str | None
    stale_share: float | None  # None where the new report has no text in it
    old_id: str | None
    new_id: str | None
    level: int
    chars: int  # characters of new text in the section and its sub-sections
    similarity: float | None  # title and content score of the pair
    moved: bool


@dataclass
class InconsistencyRow:
    what: str
    period: str
    old_value: str
    new_value: str
    old: dict[str, Any]  # {"text", "page", "block"}
    new: dict[str, Any]
    unit: str | None
    old_number: float  # the values as numbers
    new_number: float


@dataclass
class Comparison:
    old_report: Report
    new_report: Report
    summary: dict[str, Any]
    sections: list[SectionRow]
    passages: list[Passage]
    inconsistencies: list[InconsistencyRow]
    settings: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        def head(r: Report) -> dict[str, Any]:
            return {"source": asdict(r.source), "metadata": asdict(r.metadata)}

        return _rounded({
            "old": head(self.old_report),
            "new": head(self.new_report),
            "summary": self.summary,
            "sections": [asdict(s) for s in self.sections],
            "passages": [asdict(p) for p in self.passages],
            "inconsistencies": [asdict(i) for i in self.inconsistencies],
            "settings": self.settings,
        })


@dataclass
class ReuseSide:
    report: str  # the PDF path as given
    text: str
    section: str
    page: int
    block: str


@dataclass
class ReuseMatch:
    a: ReuseSide
    b: ReuseSide
    similarity: float
    chars: int
    boilerplate: bool
    sentences: int


@dataclass
class Reuse:
    reports: list[str]
    matches: list[ReuseMatch]
    settings: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return _rounded({"reports": self.reports, "matches": [asdict(m) for m in self.matches],
                         "settings": self.settings})


def _rounded(value: Any) -> Any:
    """Similarities and shares keep three decimals."""
    return rounded(value, 3)
