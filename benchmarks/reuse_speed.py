"""Benchmark: ``reuse`` over the 24 PDFs of the sample corpus and ../shared/real, beyond
parsing them (target ≤ 30 s).

Every PDF is parsed first (timed apart; the one without a text layer is left out, as the CLI
does); then ``find_reuse`` runs over all the reports together, ``--repeat`` times, the fastest
counting.

    python benchmarks/reuse_speed.py [--repeat N]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapportanalys import RapportanalysError, parse  # noqa: E402
from rapportanalys.compare import find_reuse  # noqa: E402

REAL = ROOT.parent / "shared" / "real"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of reuse; the fastest counts")
    args = ap.parse_args()
    pdfs = sorted((ROOT / "corpus").glob("*.pdf")) + sorted(REAL.glob("*.pdf"))
    reports, skipped = [], []
    start = time.perf_counter()
    for pdf in pdfs:
        try:
            reports.append(parse(pdf))
        except RapportanalysError as exc:
            skipped.append(f"{pdf.name}: {exc.message}")
    parse_seconds = time.perf_counter() - start
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = find_reuse(reports)
        times.append(time.perf_counter() - start)
    pages = sum(r.source.pages for r in reports)
    blocks = sum(len(r.blocks) for r in reports)
    boilerplate = sum(m.boilerplate for m in result.matches)
    print(f"PDFs: {len(pdfs)}, parsed: {len(reports)} ({pages} pages, {blocks} blocks); left out: {'; '.join(skipped) or 'none'}")
    print(f"parse all: {parse_seconds:.1f} s (not counted)")
    print(f"reuse: best {min(times):.2f} s of {args.repeat} (target <= 30 s beyond parsing)")
    print(f"result: {len(result.matches)} matches, {len(result.matches) - boilerplate} shared passages, "
          f"{boilerplate} boilerplate")


if __name__ == "__main__":
    main()
