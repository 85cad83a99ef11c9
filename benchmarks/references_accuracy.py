"""Benchmark: the recogniser of dates, references and identifiers (extract/references.py)
against ``tests/labels/references.json``, real sentences whose every number-bearing span was
labelled by reading the PDFs (by someone who had not run rapportanalys on them).

Each labelled span is scored twice:

- **kind**: a date, reference, page, annex, chapter, item, org number, phone number or time of
  day must lie in a recognised reference of that class (the recogniser's finer kinds are
  mapped: ``protocol``, ``paragraph``, ``law``, ``case``, ``property`` and ``identifier`` are
  references;
  ``day_month``, ``month_year`` and ``week`` are dates); a figure (money, percent, count, vote,
  other quantity), a year or a year range must lie in none (a month range with a year,
  "januari – mars 2026", may be read as a date);
- **figure**: the numbers of a figure span are quantities (:attr:`NumberSpan.is_quantity`), the
  numbers of a date or reference span are not. Years and periods are never quantities; the
  quantities that only define a group ("0–20 år") are the figure extractor's to leave out and
  are not scored here.

    python benchmarks/references_accuracy.py [--labels FILE] [--show-errors]

``tests/test_reference_labels.py`` runs the same scoring (:func:`score`).
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapportanalys.extract.numbers import find_numbers  # noqa: E402
from rapportanalys.extract.references import find_references  # noqa: E402

DEFAULT_LABELS = ROOT / "tests" / "labels" / "references.json"

# The labels' kinds of what is no figure, and the recogniser's kinds that answer to each.
REFERENCE_CLASSES = {
    "date": {"date", "day_month", "month_year", "week"},
    "reference": {"protocol", "paragraph", "law", "case", "property", "identifier"},
    "page": {"page"}, "annex": {"annex"}, "chapter": {"chapter"}, "item": {"item"},
    "org_number": {"org_number"}, "phone": {"phone"}, "time": {"time"},
}
FIGURE_KINDS = {"money", "percent", "count", "vote", "other_quantity"}


@dataclass
class Score:
    spans: int = 0
    kind_right: int = 0
    figure_spans: int = 0
    figure_right: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.spans if self.spans else 1.0

    @property
    def figure_accuracy(self) -> float:
        return self.figure_right / self.figure_spans if self.figure_spans else 1.0


def score(labels: dict) -> Score:
    s = Score()
    for entry in labels["sentences"]:
        text = entry["sentence"]
        references = find_references(text)
        numbers = find_numbers(text)
        for span in entry["spans"]:
            start = span["start"]
            end = start + len(span["text"])
            inside = [r for r in references if r.start < end and start < r.end]
            kind = span["kind"]
            s.spans += 1
            if kind in REFERENCE_CLASSES:
                ok = len(inside) >= 1 and all(r.kind in REFERENCE_CLASSES[kind] for r in inside)
            elif kind == "period":
                ok = all(r.kind in REFERENCE_CLASSES["date"] for r in inside) and \
                    (not inside or not span["text"][:4].isdigit())
            else:  # a figure or a year: no reference
                ok = not inside
            if ok:
                s.kind_right += 1
            else:
                s.errors.append(f"kind   #{entry['id']} {span['text']!r} is {kind}, read as "
                                f"{[(r.raw, r.kind) for r in inside] or 'no reference'}: {text[:100]}")
            nums = [n for n in numbers if n.start < end and start < n.end]
            if kind in FIGURE_KINDS and span["figure"] or kind in REFERENCE_CLASSES:
                s.figure_spans += 1
                want = kind in FIGURE_KINDS
                # a reference with no number token ("4p", "277ff") has no quantity: right
                if (nums or not want) and all(n.is_quantity == want for n in nums):
                    s.figure_right += 1
                else:
                    s.errors.append(f"figure #{entry['id']} {span['text']!r} ({kind}) numbers "
                                    f"{[(n.raw, n.kind, n.is_quantity) for n in nums]}: {text[:100]}")
    return s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    labels = json.loads(args.labels.read_text(encoding="utf-8"))
    s = score(labels)
    print(f"sentences {len(labels['sentences'])}, spans {s.spans}")
    print(f"kind:   {s.kind_right}/{s.spans} = {s.kind_accuracy:.3f}")
    print(f"figure: {s.figure_right}/{s.figure_spans} = {s.figure_accuracy:.3f}")
    if args.show_errors:
        print("\n".join(s.errors))


if __name__ == "__main__":
    main()
