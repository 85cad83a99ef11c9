"""Benchmark: what extraction adds to ``parse``, on the 108-page Helsingborg PDF.

In one process: parse without extraction (``read.read_pdf`` + ``structure.build_report``),
then the whole extraction stage (``extract.annotate``: figures, activities, plans). The target
is extraction at most 30% of parse time. Extraction is timed twice:

- per document: the spaCy pipeline already loaded, as in a batch (``ingest``) or any run that
  parses more than one report: this is what the 30% target is checked against;
- cold: loading the pipeline (importing spaCy and reading the model) plus the first
  extraction, as a one-off ``rapportanalys parse`` pays it once.

    python benchmarks/extract_speed.py [PDF] [--repeat N]

Default PDF: ../shared/real/helsingborg_samsynsguiden-bygglov_2023.pdf (108 pages).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "real" / "helsingborg_samsynsguiden-bygglov_2023.pdf"
TARGET = 0.30


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each step; the fastest counts")
    args = ap.parse_args()

    from rapportanalys.read import read_pdf
    from rapportanalys.structure import build_report

    t0 = time.perf_counter()
    import spacy  # noqa: F401  (the import is part of the cold cost)

    from rapportanalys import nlp as nlp_module
    from rapportanalys.extract import annotate
    from rapportanalys.extract.figures import UNUSED_COMPONENTS
    nlp_module.load(exclude=UNUSED_COMPONENTS)
    load_seconds = time.perf_counter() - t0

    parse_times, report = [], None
    for _ in range(args.repeat):
        t = time.perf_counter()
        report = build_report(read_pdf(args.pdf, ocr="never"))  # the text layer; OCR: ocr_speed.py
        parse_times.append(time.perf_counter() - t)

    extract_times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        annotate(report)  # uses the pipeline loaded above (nlp.load is cached)
        extract_times.append(time.perf_counter() - t)
    figures = report.figures

    parse_s, extract_s = min(parse_times), min(extract_times)
    first_extract_s = extract_times[0]
    overhead = extract_s / parse_s
    cold = (load_seconds + first_extract_s) / parse_s
    print(f"file: {args.pdf.name} ({report.source.pages} pages, {len(report.blocks)} blocks), "
          f"best of {args.repeat}")
    print(f"{'parse (read_pdf + build_report)':40}{parse_s:8.2f} s")
    print(f"{'extraction (annotate), pipeline loaded':40}{extract_s:8.2f} s")
    print(f"{'load spaCy + model (once per process)':40}{load_seconds:8.2f} s")
    print(f"figures found: {len(figures)}, activities: {len(report.activities)}, plans: {len(report.plans)}")
    print(f"extraction overhead per document: {overhead:.0%} of parse time "
          f"(target <= {TARGET:.0%}: {'met' if overhead <= TARGET else 'NOT met'})")
    print(f"cold, with loading spaCy and the model: {cold:.0%} of parse time")


if __name__ == "__main__":
    main()
