"""Benchmark: tables with their meaning, against ``tests/labels/tables.json`` (tables of the
Intraservice delårsrapport, the årsredogörelse 2022/2023 budget tables and Olofström's action
table, read from the page images by someone who had not run rapportanalys on them).

For each labelled table, the parsed table on its first page that holds most of its cells is
taken, and scored on:

- **cells**: each non-empty labelled body cell is a ``table_cell`` block, not a header, with that
  text in the labelled column, its rows in the labelled order;
- **headers**: each cell of the last labelled header row is a header cell with that text;
- **not headings**: no header cell became a section heading;
- **figures**: each labelled figure cell gives a figure whose ``what`` names its row label and
  its column header, and whose unit is the table's ("tkr", "mnkr", "%" as "procent");
- **one header**: Olofström's header row, printed 25 times, is one header per printed table and
  never body text.

    python benchmarks/table_accuracy.py [--labels FILE] [--show-errors]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapportanalys import parse  # noqa: E402

DEFAULT_LABELS = ROOT / "tests" / "labels" / "tables.json"
REAL = ROOT.parent / "shared" / "real"
UNITS = {"%": "procent", "tkr": "tkr", "mnkr": "mnkr"}


def norm(text: str) -> str:
    """Text as compared: spaces collapsed, a row label's leading dash or bullet ("- Ekonomi",
    which the reader gives as the list item "• Ekonomi") and a hyphen before a line's end left out."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("−", "-")).strip()
    return re.sub(r"^[-–•]\s+", "", text)


@dataclass
class Score:
    counts: Counter = field(default_factory=Counter)  # (measure, "right"|"all")
    errors: list[str] = field(default_factory=list)

    def add(self, measure: str, ok: bool, error: str) -> None:
        self.counts[(measure, "all")] += 1
        if ok:
            self.counts[(measure, "right")] += 1
        else:
            self.errors.append(f"{measure:10} {error}")

    def share(self, measure: str) -> tuple[int, int]:
        return self.counts[(measure, "right")], self.counts[(measure, "all")]


def _table_of(report, label) -> str | None:
    """The parsed table on the label's first page holding most of its cell texts."""
    wanted = Counter(norm(c) for row in label["header"] + label["rows"] for c in row if c)
    found: Counter = Counter()
    for b in report.blocks:
        if b.kind == "table_cell" and b.page in label["pages"][:2] and norm(b.text) in wanted:
            found[b.table] += 1
    return found.most_common(1)[0][0] if found else None


def score_table(report, label, s: Score) -> None:
    tid = _table_of(report, label)
    name = label["id"]
    cells = [b for b in report.blocks if b.kind == "table_cell" and b.table == tid and tid is not None]
    by_text: dict[str, list] = {}
    for b in cells:
        by_text.setdefault(norm(b.text), []).append(b)
    on_pages = [sec for sec in report.sections if sec.page in label["pages"]]
    headings = {norm(sec.title) for sec in on_pages} | {norm(sec.label) for sec in on_pages}
    header = label["header"][-1]
    for col, text in enumerate(header):
        if not text or (col and text == header[col - 1]):
            continue
        ok = any(b.header and b.col == col for b in by_text.get(norm(text), []))
        s.add("headers", ok, f"{name}: header {text!r} col {col}")
        s.add("not_heading", norm(text) not in headings or len(text) < 4, f"{name}: header {text!r} is a heading")
    rows_seen = []
    for r, row in enumerate(label["rows"]):
        row_blocks = []
        for col, text in enumerate(row):
            if not text:
                continue
            match = [b for b in by_text.get(norm(text), []) if b.col == col and not b.header
                     and (not rows_seen or b.row > rows_seen[-1] or (b.row == rows_seen[-1] and col))]
            ok = bool(match)
            s.add("cells", ok, f"{name}: row {r} col {col} {text!r}")
            if match:
                row_blocks.append(match[0].row)
        if row_blocks:
            rows_seen.append(Counter(row_blocks).most_common(1)[0][0])
    figures = {}
    for f in report.figures:
        figures.setdefault(f.block, []).append(f)
    unit = UNITS.get(label["unit"]) if label["unit"] else None
    for r, row in enumerate(label["rows"]):
        for col, text in enumerate(row):
            if not label["figure"][r][col]:
                continue
            blocks = [b for b in by_text.get(norm(text), []) if b.col == col]
            found = [f for b in blocks for f in figures.get(b.id, [])]
            row_label, column = norm(row[0]), norm(header[col])
            ok = any(f.what and row_label.lower() in norm(f.what).lower() and column.lower() in f.what.lower()
                     and (unit is None or (f.unit or "").lower() == unit) for f in found)
            s.add("figures", ok, f"{name}: {text!r} ({row[0]!r}, {header[col]!r}, {unit}) got "
                                 f"{[(f.what, f.unit) for f in found]}")
    if "header_copies" in label:
        head = [norm(c) for c in header]
        body = [b for b in report.blocks if b.page in label["header_pages"] and norm(b.text).startswith(head[0])]
        as_header = [b for b in body if b.kind == "table_cell" and b.header and b.col == 0]
        s.add("one_header", len(as_header) == label["header_copies"] and len(body) == len(as_header),
              f"{name}: {len(as_header)} header cells of {label['header_copies']} printed; "
              f"{len(body) - len(as_header)} copies as body text")


def score(labels: dict, reports: dict) -> Score:
    s = Score()
    for label in labels["tables"]:
        score_table(reports[label["file"]], label, s)
    return s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    labels = json.loads(args.labels.read_text(encoding="utf-8"))
    reports = {f: parse(str(REAL / f)) for f in sorted({t["file"] for t in labels["tables"]})}
    s = score(labels, reports)
    for measure in ("cells", "headers", "not_heading", "figures", "one_header"):
        right, total = s.share(measure)
        print(f"{measure:12} {right}/{total} = {right / total if total else 1:.3f}")
    if args.show_errors:
        print("\n".join(s.errors))


if __name__ == "__main__":
    main()
