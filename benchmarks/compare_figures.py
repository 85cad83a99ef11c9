"""Benchmark: the changed figures and the changed dates and references that ``compare`` lists
for a real year pair, against hand labels (``benchmarks/labels/goteborg_arsredogorelse_2022_2023.json``,
written from the page images of both editions before any output of rapportanalys was seen).

Only the labelled pages count (the label's ``scope``): a listed change is in scope when its
passage stands on a labelled page of the new edition (or, for a removed passage, of the old).
A listed figure change is right when a labelled one has the same old and new value as printed
(and, for a table cell, the same page); each label is used once. The same for reference changes
against the labelled ones that stand in a passage (running footers are not passages).

    python benchmarks/compare_figures.py [--labels FILE] [--show-errors]

Targets (issue 10): precision ≥ 0.95 and recall ≥ 0.95 of figure changes.

Measured: first (894693b) figures precision 0.571, recall 0.410; before compare/figure_pairs.py
0.944 / 0.872 (a "4 → tre" of two different facts; "-7 73", "inga medel" → "1 405" and the
three figures of a rewritten result paragraph missed); after it 1.000 / 1.000 (39 of 39).
References then 1.000 / 0.889: the old edition's table caption "Utfall per 2022-12-31" is read
as a heading, so its date is no passage.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapportanalys import parse  # noqa: E402
from rapportanalys.compare import compare  # noqa: E402

DEFAULT_LABELS = ROOT / "benchmarks" / "labels" / "goteborg_arsredogorelse_2022_2023.json"


def _norm(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", "", text).replace("−", "-").lower()


def _pages(side) -> frozenset[int]:
    return frozenset({s["page"] for s in side["spans"]} | {side["page"]}) if side else frozenset()


def _match(found: list[tuple], labels: list[tuple]) -> tuple[list, list, list]:
    """(right, wrong, missed): found items (old, new, new pages) against labels (old, new, page)."""
    left = list(labels)
    right, wrong = [], []
    for item in found:
        old, new, pages = item
        hit = next((l for l in left if l[0] == old and l[1] == new and (l[2] is None or l[2] in pages)), None)
        if hit is None:
            hit = next((l for l in left if l[0] == old and l[1] == new), None)
        if hit is not None:
            left.remove(hit)
            right.append(item)
        else:
            wrong.append(item)
    return right, wrong, left


def score(result: dict, labels: dict) -> dict:
    scope_new, scope_old = set(labels["scope"]["new_pages"]), set(labels["scope"]["old_pages"])
    figures, references = [], []
    for p in result["passages"]:
        new_pages, old_pages = _pages(p["new"]), _pages(p["old"])
        if not (new_pages & scope_new or (not new_pages and old_pages & scope_old)):
            continue
        figures += [(_norm(c["old"]), _norm(c["new"]), new_pages, c["sentence"][:80]) for c in p["figure_changes"]]
        references += [(_norm(c["old"]), _norm(c["new"]), new_pages, c["kind"]) for c in p.get("reference_changes", [])]
    figure_labels = [(_norm(c["old"]), _norm(c["new"]), c.get("new_page")) for c in labels["figure_changes"]]
    reference_labels = [(_norm(c["old"]), _norm(c["new"]), c.get("new_page"))
                        for c in labels.get("reference_changes", []) if c.get("in_passage", True)]
    out = {}
    for name, found, wanted in (("figure_changes", figures, figure_labels),
                                ("reference_changes", references, reference_labels)):
        right, wrong, missed = _match([f[:3] for f in found], wanted)
        extra = {f[:3]: f[3] for f in found}
        out[name] = {"found": len(found), "labelled": len(wanted), "right": len(right),
                     "precision": len(right) / len(found) if found else 1.0,
                     "recall": len(right) / len(wanted) if wanted else 1.0,
                     "wrong": [(o, n, sorted(p), extra[(o, n, p)]) for o, n, p in wrong],
                     "missed": missed}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    labels = json.loads(args.labels.read_text(encoding="utf-8"))
    old, new = (parse(str((ROOT / labels[k]).resolve())) for k in ("old_pdf", "new_pdf"))
    scores = score(compare(old, new).to_dict(), labels)
    for name, s in scores.items():
        print(f"{name:18} found {s['found']}, labelled {s['labelled']}, right {s['right']}: "
              f"precision {s['precision']:.3f}, recall {s['recall']:.3f}")
        if args.show_errors:
            for w in s["wrong"]:
                print(f"  wrong  {w}")
            for m in s["missed"]:
                print(f"  missed {m}")


if __name__ == "__main__":
    main()
