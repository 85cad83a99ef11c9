"""Benchmark: the topic pairs of ``compare --across`` against ``tests/labels/topic_pairs.json``.

The labels pair the level-1/2 sections of Olofström's handlingsplan för klimat och energi (A)
and Söderköping's mål och strategier för miljö och klimat (B) by reading both: ``pairs`` lists
every defensible pair (many to many), ``one_to_one`` the best partner of each A section that has
one. The tool's topic table pairs one to one, so:

- precision: the tool's pairs that the labels list in ``pairs``;
- recall: the A sections of ``one_to_one`` whose pair in the tool is one the labels list;
- lacking: the labelled sections without a partner in any pair that the tool leaves unpaired
  ("saknas").

The tool's sections are found among the labelled headings by their title (numbers dropped,
case folded) and page.

    python benchmarks/across_topics.py [--show]

``tests/test_across.py`` runs the same scoring (:func:`score`).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapportanalys.compare.across import AcrossComparison, AcrossSettings, compare_across  # noqa: E402
from rapportanalys.model import Report  # noqa: E402

LABELS = ROOT / "tests" / "labels" / "topic_pairs.json"
REAL = ROOT.parent / "shared" / "real"
A_PDF = REAL / "olofstrom_handlingsplan-klimat-energi_2023.pdf"
B_PDF = REAL / "soderkoping_mal-strategier-miljo-klimat_2022.pdf"


@dataclass
class Score:
    precision: float
    recall: float
    lacking: float  # share of labelled partnerless sections the tool leaves unpaired
    tool_pairs: list[tuple[str, str]]
    missed: list[str]


def _title(text: str) -> str:
    return re.sub(r"^\s*\d+(?:\.\d+)*\.?\s*", "", text).casefold().strip()


def label_ids(report: Report, headings: list[dict]) -> dict[str, str]:
    """Tool section id -> labelled heading id."""
    out = {}
    for h in headings:
        for s in report.sections:
            if _title(s.title) == _title(h["text"]) and s.page == h["page"]:
                out[s.id] = h["id"]
                break
    return out


def score(result: AcrossComparison, labels: dict | None = None) -> Score:
    labels = labels or json.loads(LABELS.read_text("utf-8"))
    ids_a = label_ids(result.a_report, labels["a"]["headings"])
    ids_b = label_ids(result.b_report, labels["b"]["headings"])
    allowed = {(p["a"], p["b"]) for p in labels["pairs"]}
    tool = [(ids_a.get(r.a_id, f"?{r.a_id}"), ids_b.get(r.b_id, f"?{r.b_id}"))
            for r in result.topics if r.a_id and r.b_id]
    correct = sum(p in allowed for p in tool)
    partner = dict(tool)
    hits = [p["a"] for p in labels["one_to_one"] if (p["a"], partner.get(p["a"])) in allowed]
    missed = [p["a"] for p in labels["one_to_one"] if p["a"] not in hits]
    paired_in_labels = {a for a, _ in allowed} | {b for _, b in allowed}
    alone = [h["id"] for h in labels["a"]["headings"] + labels["b"]["headings"] if h["id"] not in paired_in_labels]
    tool_paired = {a for a, _ in tool} | {b for _, b in tool}
    lacking = sum(h not in tool_paired for h in alone) / len(alone) if alone else 1.0
    return Score(correct / len(tool) if tool else 0.0, len(hits) / len(labels["one_to_one"]), lacking, tool, missed)


def run(parse=None, settings: AcrossSettings | None = None) -> AcrossComparison:
    if parse is None:
        from rapportanalys import parse
    return compare_across(parse(A_PDF), parse(B_PDF), settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print the topic table")
    args = parser.parse_args()
    result = run()
    s = score(result)
    print(f"precision {s.precision:.3f}  recall {s.recall:.3f}  unpaired where the labels have no partner "
          f"{s.lacking:.3f}")
    print(f"tool pairs: {s.tool_pairs}")
    print(f"one_to_one A sections without a labelled pair: {s.missed}")
    if args.show:
        for r in result.topics:
            print(f"  {r.topic[:40]:40} | {(r.a or 'saknas')[-45:]:45} | {(r.b or 'saknas')[-45:]:45} | "
                  f"{r.similarity if r.similarity is None else round(r.similarity, 3)}")


if __name__ == "__main__":
    main()
