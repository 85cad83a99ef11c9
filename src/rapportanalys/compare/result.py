"""What ``compare`` and ``reuse`` return: plain dataclasses whose ``to_dict`` is the JSON of
INTERFACE.md (field names are the contract; fields beyond it are additions).

Additions to the contract: a passage has ``carried`` (the sentences of a modified or new
passage that stand in last year's report, with their place there), the summary has
``identical`` (both sides the same file), ``carried`` (how many such sentences) and the activity
counts; the result has ``activities`` (each activity of two plan follow-ups across the editions:
kept, added or dropped, its status change and its comment's status and word diff); each passage side has ``blocks`` (the block ids it is made of),
``spans`` (page and bbox of each block) and ``section_id``, a figure change and an inconsistency have their values
as numbers and the sentences they stand in (a figure change also its ``difference`` at the printed
``precision``, and in a table its ``row`` and ``column``), a passage lists its changed dates and
references (``reference_changes``, apart from its figures), a section row has ids, its characters and the pair's similarity,
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
    # new - old at the precision the figures are printed with (4,823 → 4,827: 0.004, 3 decimals)
    difference: float | None = None
    precision: int = 0
    # a figure in a table cell: its row label and column header as printed
    row: str | None = None
    column: str | None = None


@dataclass
class Carried:
    """A sentence of an edited passage's new side that stands in last year's report, word for
    word (``unchanged``) or with only its figures changed (``figures_updated``)."""
    start: int  # offsets into the new side's text
    end: int
    status: str
    old: dict[str, Any]  # {"text", "page", "bbox", "block"} of the sentence in the old report


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
    # modified and new passages: the sentences in them carried over from last year
    carried: list[Carried] = field(default_factory=list)
    reference_changes: list[ReferenceChange] = field(default_factory=list)


@dataclass
class ActivityChange:
    """One activity across the two editions of a plan follow-up."""
    change: str  # "kept" | "added" | "dropped"
    old: dict[str, Any] | None  # {"title", "status", "status_symbol", "section", "page", "comment"}
    new: dict[str, Any] | None
    status_change: list[str] | None  # [old status, new status] when the status changed
    comment: str  # unchanged | figures_updated | modified (kept), new (added), removed (dropped)
    comment_diff: list[list[str]]  # the word diff of the comment, as a passage's
    title_similarity: float  # of the two titles (0-1); 0 for an added or dropped activity


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
    activities: list[ActivityChange] = field(default_factory=list)

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
            "activities": [asdict(a) for a in self.activities],
            "settings": self.settings,
        })

    def stored(self) -> dict[str, Any]:
        """Everything but the two reports, unrounded, for the comparison cache
        (:func:`rapportanalys.cache.compare_cached`); :meth:`restore` reads it back."""
        return {"summary": self.summary, "sections": [asdict(s) for s in self.sections],
                "passages": [asdict(p) for p in self.passages],
                "inconsistencies": [asdict(i) for i in self.inconsistencies],
                "activities": [asdict(a) for a in self.activities], "settings": self.settings}

    @classmethod
    def restore(cls, data: dict[str, Any], old_report: Report, new_report: Report) -> Comparison:
        """The comparison :meth:`stored` wrote, of these two reports."""
        def side(d: dict | None) -> Side | None:
            return None if d is None else Side(**d)

        def passage(d: dict) -> Passage:
            return Passage(**{**d, "old": side(d["old"]), "new": side(d["new"]),
                              "figure_changes": [FigureChange(**f) for f in d["figure_changes"]],
                              "carried": [Carried(**c) for c in d["carried"]],
                              "reference_changes": [ReferenceChange(**r) for r in d["reference_changes"]]})

        return cls(old_report, new_report, data["summary"], [SectionRow(**s) for s in data["sections"]],
                   [passage(p) for p in data["passages"]], [InconsistencyRow(**i) for i in data["inconsistencies"]],
                   data["settings"], [ActivityChange(**a) for a in data["activities"]])


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
