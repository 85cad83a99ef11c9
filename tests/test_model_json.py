"""``Report.to_dict`` (the JSON of ``parse``) is ``rounded(asdict(report))``, made in one pass.

The one-pass form exists for speed only; whatever a report holds (nested dataclasses, tuples,
dicts in ``marks`` and ``accounting``, None, -0.0, numpy floats), the JSON must be what the
two-step form gives.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np

from rapportanalys.model import Block, Figure, Report, Section, Source, Span, rounded

ROOT = Path(__file__).resolve().parents[1]


def _same(report: Report) -> None:
    assert report.to_dict() == rounded(asdict(report))
    assert report.to_json() == json.dumps(rounded(asdict(report)), ensure_ascii=False, indent=2)


def test_odd_values_give_the_two_step_json():
    report = Report(source=Source(path="x.pdf", sha256="0" * 64, pages=2, accounting={"words": 3, 0.125: 0.125},
                                  warnings=[{"page": None, "warning": "w"}], ocr={"dpi": 300.0, "pages": [1, 2]}))
    report.sections = [Section(id="s1", number="1", title="Å", level=1, parent=None, page=1, bbox=(0.0, -0.0, 1.005, 2.5))]
    report.blocks = [Block(id="b1", kind="paragraph", text="t", section="s1", page=1, bbox=(np.float64(1.23456), 2, 3.0, 4.0),
                           spans=[Span(1, (0.111, 0.119, 1e-9, float("inf")))], marks=[{"kind": "bold", "at": (1.006, 2)}])]
    report.figures = [Figure(value=1.7, raw="1,7", unit="procent", what=None, period=None, group=None, previous=-0.004,
                             is_target=False, target_year=None, sentence="s", block="b1", page=1)]
    _same(report)


def test_a_parsed_report_gives_the_two_step_json():
    from rapportanalys import parse

    _same(parse(ROOT / "corpus" / "kungalv_social-hallbarhet_2023.pdf", ocr="never"))
