"""Benchmark: the corpus database and batch ingest.

1. Adding one report to a large corpus, beyond parsing it (target: at most 1 s). A database is
   filled with N reports (the sample corpus's reports under made-up hashes, so N=10,000 is about
   1.5 million blocks), then each sample report is added as ingest adds it: the plain data a
   worker sends (``Report.to_dict()``) stored in one transaction (``Corpus.add``). Also timed:
   a changed file replacing its report (the old rows deleted).
2. Ingest throughput: ``ingest`` of corpus/ and ../shared/real/ into a fresh database with 2
   workers (or ``--workers``), once per page reader (pdfium, the default, and the pdfplumber
   reference): files/s and pages/s; then the re-run, where everything is unchanged.

    python benchmarks/ingest_speed.py [--reports N] [--workers N] [--keep DIR] [--ingest-only]
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
import time
from pathlib import Path

import rapportanalys
from rapportanalys.ingest import find_pdfs, ingest
from rapportanalys.model import Report
from rapportanalys.store import CHILD_TABLES, Corpus, FileStat

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REAL = ROOT.parent / "shared" / "real"


def _with_sha(report: Report, sha: str) -> Report:
    return dataclasses.replace(report, source=dataclasses.replace(report.source, sha256=sha, path=f"/seed/{sha}.pdf"))


def fill(corpus: Corpus, seeds: list[Report], n: int) -> None:
    """N reports in the corpus: the seeds stored once, then their rows copied under new hashes
    by SQL (storing 10,000 reports one by one would take minutes and measure nothing new)."""
    for i, report in enumerate(seeds):
        corpus.add(_with_sha(report, f"seed{i}"), [FileStat(f"/seed/{i}.pdf", 1, 1)])
    copies = max(0, n // len(seeds) - 1)
    for table in ("reports", *CHILD_TABLES):
        key = "sha256" if table == "reports" else "report"
        corpus.sql(f"INSERT INTO {table} SELECT t.* REPLACE (sha256(t.{key} || r.i::VARCHAR) AS {key}) "
                   f"FROM {table} t CROSS JOIN range({copies}) r(i) WHERE t.{key} LIKE 'seed%'")
    corpus.sql(f"INSERT INTO files SELECT '/copy/' || r.i::VARCHAR || f.path, sha256(f.sha256 || r.i::VARCHAR), 1, 1, seen_at "
               f"FROM files f CROSS JOIN range({copies}) r(i)")
    corpus.sql("CHECKPOINT")


def time_adds(db: Path, seeds: list[Report], n: int) -> None:
    with Corpus(db, read_only=False) as corpus:
        start = time.perf_counter()
        corpus.sql("SET enable_progress_bar = false")  # DuckDB's own bar, for the long fill queries
        fill(corpus, seeds, n)
        counts = {t: int(corpus.sql(f"SELECT count(*) AS n FROM {t}").n[0]) for t in ("reports", "blocks")}
        print(f"corpus: {counts['reports']:,} reports, {counts['blocks']:,} blocks "
              f"(filled in {time.perf_counter() - start:.1f} s)")
        adds, replaces = [], []
        for i, report in enumerate(seeds):
            data = report.to_dict()  # what a worker sends back
            start = time.perf_counter()
            corpus.add(data, [FileStat(f"/new/{i}.pdf", 1, 1)])
            adds.append(time.perf_counter() - start)
            start = time.perf_counter()  # the same path now holds other content: the rows above go
            corpus.add(_with_sha(report, f"changed{i}"), [FileStat(f"/new/{i}.pdf", 2, 2)])
            replaces.append(time.perf_counter() - start)
    print(f"add one report beyond parsing: median {statistics.median(adds) * 1000:.0f} ms, "
          f"worst {max(adds) * 1000:.0f} ms (target <= 1000 ms)")
    print(f"replace a changed report:      median {statistics.median(replaces) * 1000:.0f} ms, "
          f"worst {max(replaces) * 1000:.0f} ms")


def time_ingest(db: Path, workers: int, backend: str) -> float:
    files = find_pdfs([CORPUS, *([REAL] if REAL.is_dir() else [])])
    start = time.perf_counter()
    events = list(ingest(files, db, workers=workers, backend=backend))
    first = time.perf_counter() - start
    with Corpus(db) as corpus:
        pages = int(corpus.reports.pages.sum())
        stored, failed = len(corpus.reports), len(corpus.errors)
    start = time.perf_counter()
    rerun = list(ingest(files, db, workers=workers, backend=backend))
    second = time.perf_counter() - start
    assert all(e.status == "unchanged" for e in rerun)
    print(f"ingest ({backend}) {len(events)} files ({stored} stored, {failed} failed, {pages} pages) with "
          f"{workers} workers: {first:.1f} s, {len(events) / first:.2f} files/s, {pages / first:.1f} pages/s")
    print(f"re-run, all unchanged: {second:.2f} s")
    return pages / first


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=10_000, help="reports in the corpus for the add timing")
    ap.add_argument("--workers", type=int, default=2, help="parser processes for the throughput")
    ap.add_argument("--ingest-only", action="store_true", help="only the ingest throughput, not the add timing")
    ap.add_argument("--keep", type=Path, help="write the databases here instead of a temporary folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if not args.ingest_only:
            seeds = [rapportanalys.parse(p) for p in sorted(CORPUS.glob("*.pdf"))]
            time_adds(folder / "large.duckdb", seeds, args.reports)
        rates = {backend: time_ingest(folder / f"ingest-{backend}.duckdb", args.workers, backend)
                 for backend in ("pdfium", "pdfplumber")}
        print(f"ingest throughput, pdfium / pdfplumber: {rates['pdfium'] / rates['pdfplumber']:.1f}x")


if __name__ == "__main__":
    main()
