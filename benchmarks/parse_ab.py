"""Benchmark: ``rapportanalys parse`` of one PDF from two or more checkouts, runs alternating.

A speed change of a few hundredths of a second is smaller than the drift of a shared machine
between two runs of ``parse_speed.py``; alternating the checkouts run by run (A, B, A, B, …)
puts them under the same load, and the median of each side is compared. Each run is a whole
process (``python -m rapportanalys.cli parse … --format json``, interpreter start included)
with the checkout's ``src`` first on ``PYTHONPATH``; CPU seconds include the children it waited
for (pdfium's reading child, the figures' child).

Each checkout's modules are compiled to bytecode first (``--no-compile`` leaves them as they
are): where ``PYTHONDONTWRITEBYTECODE`` is set, a checkout without bytecode compiles the whole
package in every run, and that difference would swamp the one being measured.

    python benchmarks/parse_ab.py CHECKOUT [CHECKOUT ...] [--runs 15] [--pdf PDF] [--ocr never]

    git worktree add --detach /tmp/before HEAD~1
    python benchmarks/parse_ab.py /tmp/before .
"""
from __future__ import annotations

import argparse
import compileall
import os
import statistics
import sys
from pathlib import Path

from parse_speed import run as run_command  # one measured process, as parse_speed.py runs them

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "real" / "helsingborg_samsynsguiden-bygglov_2023.pdf"


def run(checkout: Path, pdf: Path, ocr: str) -> tuple[float, float]:
    """One parse from ``checkout``: (wall seconds, CPU seconds of it and its children)."""
    seconds, _, cpu = run_command([sys.executable, "-m", "rapportanalys.cli", "parse", str(pdf), "--format", "json",
                                   "--ocr", ocr, "-o", os.devnull],
                                  env=dict(os.environ, PYTHONPATH=str(checkout / "src")))
    return seconds, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkouts", nargs="+", type=Path, help="repository checkouts (worktrees) to compare")
    ap.add_argument("--runs", type=int, default=15, help="runs of each checkout; the median counts")
    ap.add_argument("--pdf", type=Path, default=DEFAULT)
    ap.add_argument("--ocr", choices=("auto", "always", "never"), default="never",
                    help="parse's OCR mode (never, as parse_speed.py: the text layer alone)")
    ap.add_argument("--no-compile", action="store_true", help="leave each checkout's bytecode as it is")
    args = ap.parse_args()
    checkouts = [c.resolve() for c in args.checkouts]
    for checkout in checkouts:
        if not (checkout / "src" / "rapportanalys").is_dir():
            raise SystemExit(f"parse_ab: {checkout}: not a checkout of rapportanalys")
        if not args.no_compile:
            compileall.compile_dir(str(checkout / "src"), quiet=1)
    for checkout in checkouts:  # one unmeasured run each: the file and the libraries in the page cache
        run(checkout, args.pdf, args.ocr)
    times: dict[Path, list[tuple[float, float]]] = {c: [] for c in checkouts}
    load_before = os.getloadavg()[0]
    for _ in range(args.runs):
        for checkout in checkouts:
            times[checkout].append(run(checkout, args.pdf, args.ocr))
    print(f"file: {args.pdf.name}, --ocr {args.ocr}, {args.runs} alternating runs each; "
          f"load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    for checkout in checkouts:
        walls = [w for w, _ in times[checkout]]
        cpus = [c for _, c in times[checkout]]
        print(f"{str(checkout):50} wall median {statistics.median(walls):.3f} s (min {min(walls):.3f}), "
              f"CPU median {statistics.median(cpus):.3f} s")


if __name__ == "__main__":
    main()
