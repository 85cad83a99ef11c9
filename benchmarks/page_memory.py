"""Benchmark: does ``rapportanalys parse`` hold memory per page? Peak memory and time against page count.

    python benchmarks/page_memory.py [--pages 200 1000 2000] [--backend pdfium]

Each PDF is the fuzz corpus's many-page report (``tests/fuzz/pdfs.many_pages``: every page a
heading and four lines of seeded Swedish words, ~45 words a page). Two measurements per size,
each a whole process:

* ``parse``: the CLI as a user runs it (JSON to /dev/null), its peak resident memory
  (``ru_maxrss`` from ``os.wait4``) and wall time;
* ``stages``: the same parse in one process that prints its peak resident memory after each
  step (read → structure → extract → JSON), to show which step grows with the page count.

Printed: MB per 1,000 pages (the slope between the smallest and largest size) and seconds per
page. The goal (issue 14): memory that does not grow with the page count beyond the report it
returns, and time proportional to pages.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from fuzz.pdfs import many_pages  # noqa: E402

_STAGES = r"""
import json, resource, sys
from rapportanalys.read import read_pdf
from rapportanalys.structure import build_report
from rapportanalys.extract import annotate
from rapportanalys.read.bounds import time_bound

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

import rapportanalys.cli  # the imports the CLI makes, so that the first figure is the baseline
print(f"imports {peak():.0f}")
with time_bound(sys.argv[1]):
    document = read_pdf(sys.argv[1], backend=sys.argv[2])
    print(f"read {peak():.0f}")
    report = build_report(document)
    del document
    print(f"structure {peak():.0f}")
    report = annotate(report)
    print(f"extract {peak():.0f}")
    text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    print(f"json {peak():.0f} ({len(text) / 2**20:.1f} MB of JSON)")
"""


def run(command: list[str]) -> tuple[float, float, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        out.seek(0)
        text = out.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command[:5])}\n{err}")
    return seconds, usage.ru_maxrss / 1024, text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[200, 1000, 2000])
    ap.add_argument("--backend", default="pdfium")
    ap.add_argument("--no-stages", action="store_true", help="only the CLI runs")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="page-memory-") as folder:
        for pages in args.pages:
            pdf = Path(folder) / f"pages-{pages}.pdf"
            pdf.write_bytes(many_pages(pages))
            seconds, peak, _ = run([sys.executable, "-m", "rapportanalys.cli", "parse", str(pdf),
                                    "--backend", args.backend])
            rows.append((pages, seconds, peak))
            print(f"{pages:6} pages: parse {seconds:6.1f} s ({1000 * seconds / pages:5.1f} ms/page), "
                  f"peak {peak:5.0f} MB", flush=True)
            if not args.no_stages:
                _, _, stages = run([sys.executable, "-c", _STAGES, str(pdf), args.backend])
                print("        peak MB after " + ", ".join(stages.split("\n")).strip(", "), flush=True)
    if len(rows) > 1:
        (p0, s0, m0), (p1, s1, m1) = rows[0], rows[-1]
        print(f"slope {p0}→{p1} pages: {1000 * (m1 - m0) / (p1 - p0):.1f} MB per 1,000 pages, "
              f"{1000 * (s1 - s0) / (p1 - p0):.1f} ms per added page")
    print(f"backend {args.backend}; whole process incl. interpreter start; "
          f"this process's own peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
