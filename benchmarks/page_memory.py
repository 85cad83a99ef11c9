"""Benchmark: does ``rapportanalys parse`` hold memory per page? Peak memory and time against page count.

    python benchmarks/page_memory.py [--pages 200 1000 2000 5000] [--backend pdfium] [--trace]

Each PDF is the fuzz corpus's many-page report (``tests/fuzz/pdfs.many_pages``: every page a
heading and four lines of seeded Swedish words, ~45 words a page). Two measurements per size,
each a whole process:

* ``parse``: the CLI as a user runs it (JSON to /dev/null), its wall time, its CPU time (the
  process and its child: the steadier figure on a shared machine) and the peak resident
  memory of its two processes apart: the **parent** (``ru_maxrss`` of ``RUSAGE_SELF``, written
  by a wrapper at exit) and the **child** that reads the pages with pdfium
  (``RUSAGE_CHILDREN`` in the parent as the pages are read: the first look,
  :mod:`rapportanalys.read.isolated`); from 40,000 characters of text ``parse`` also forks a
  child that finds the later blocks' figures, a copy of the parent, printed apart;
  ``os.wait4`` on the CLI would give only the largest;
* ``stages``: the same parse in one process that prints its peak resident memory after each
  step (read → structure → extract → JSON), to show which step grows with the page count, and
  the size of the result itself: the JSON, the report's text, and the report rebuilt from its
  JSON as Python objects (traced with ``tracemalloc``): what must grow with the document.

``--trace`` measures instead, in one process per size, what Python itself holds (``tracemalloc``:
the parent only, no interpreter, libraries or spaCy model): the **document** (the pages as read),
the structure stage's **peak above** it (lines, regions, items, blocks, its books), and the
**result** (the Report, once the document is let go of). Each is printed in MB with its slope per
1,000 pages: the result must grow with the document, the other two are what streaming must
flatten.

The default bounds apply: the pdfium child, told the page count, reads within half the bound
for that many pages, so a 5,000-page file is read there (streamed), not again by the parent.

Printed: MB per 1,000 pages (the slope between the smallest and largest size) for parent and
child, and CPU milliseconds per added page. The goal (issue 14): memory that does not grow with
the page count beyond the report it returns, and time proportional to pages.
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
print(f"child {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}")
chars = sum(len(b.text) for b in report.blocks)
del report
import gc, tracemalloc
from rapportanalys.model import Report
data = json.loads(text)
del text
gc.collect()
tracemalloc.start()
report = Report.from_dict(data)
del data
gc.collect()
print(f"result: {chars / 1e6:.2f} M characters of block text, "
      f"{tracemalloc.get_traced_memory()[0] / 2**20:.1f} MB as a Report")
"""

# The traced split: document / structure stage above it / result, in MB of Python allocations.
_TRACE = r"""
import gc, sys, tracemalloc
from rapportanalys.read import read_pdf
from rapportanalys.structure import build_report
from rapportanalys.read.bounds import time_bound

def mb(n):
    return n / 2**20

with time_bound(sys.argv[1]):
    gc.collect()
    tracemalloc.start()
    document = read_pdf(sys.argv[1], backend=sys.argv[2], ocr="never")
    gc.collect()
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    report = build_report(document)
    peak = tracemalloc.get_traced_memory()[1]
    del document
    gc.collect()
    result = tracemalloc.get_traced_memory()[0]
print(f"{mb(held):.2f} {mb(peak - held):.2f} {mb(result):.2f}")
"""

# The CLI, writing its own peak, the pdfium child's (the children reaped when the pages are read)
# and all its children's (from 40,000 characters also the figures fork, a copy of the parent) at exit.
_WRAPPED_CLI = r"""
import atexit, resource, sys
out = sys.argv.pop(1)
reader = [0]

def report():
    with open(out, "w") as fh:
        fh.write(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} {reader[0]} "
                 f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")

atexit.register(report)
import rapportanalys.pipeline as pipeline
_read_pdf = pipeline.read_pdf

def read_pdf(*args, **kwargs):
    try:
        return _read_pdf(*args, **kwargs)
    finally:
        reader[0] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

pipeline.read_pdf = read_pdf
# main(), not run(): the CLI's fast exit (cli.run) would end the process before atexit
import rapportanalys.cli
sys.argv[0] = "rapportanalys"
rapportanalys.cli.main()
"""


def run(command: list[str]) -> tuple[float, float, str, float]:
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
    return seconds, usage.ru_maxrss / 1024, text, usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[200, 1000, 2000, 5000])
    ap.add_argument("--backend", default="pdfium")
    ap.add_argument("--no-stages", action="store_true", help="only the CLI runs")
    ap.add_argument("--trace", action="store_true",
                    help="instead: traced MB of the document, the structure stage's peak above it and the result")
    args = ap.parse_args()
    if args.trace:
        trace(args)
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="page-memory-") as folder:
        for pages in args.pages:
            pdf = Path(folder) / f"pages-{pages}.pdf"
            pdf.write_bytes(many_pages(pages))
            peaks = Path(folder) / "peaks"
            seconds, _, _, cpu = run([sys.executable, "-c", _WRAPPED_CLI, str(peaks), "parse", str(pdf),
                                      "--backend", args.backend])
            parent, child, children = (int(v) / 1024 for v in peaks.read_text().split())
            rows.append((pages, cpu, parent, child))
            print(f"{pages:6} pages: parse {seconds:6.1f} s wall, {cpu:6.1f} s CPU ({1000 * cpu / pages:5.1f} ms/page), "
                  f"peak parent {parent:5.0f} MB, pdfium child {child:5.0f} MB"
                  + (f", figures fork {children:5.0f} MB (a copy of the parent)" if children > child else ""),
                  flush=True)
            if not args.no_stages:
                _, _, stages, _ = run([sys.executable, "-c", _STAGES, str(pdf), args.backend])
                lines = stages.strip().splitlines()
                print("        peak MB after " + ", ".join(lines[:-1]), flush=True)
                print("        " + lines[-1], flush=True)
    if len(rows) > 1:
        (p0, s0, m0, c0), (p1, s1, m1, c1) = rows[0], rows[-1]
        print(f"slope {p0}→{p1} pages: parent {1000 * (m1 - m0) / (p1 - p0):.1f} MB, pdfium child "
              f"{1000 * (c1 - c0) / (p1 - p0):.1f} MB per 1,000 pages; "
              f"{1000 * (s1 - s0) / (p1 - p0):.1f} ms of CPU per added page")
    print(f"backend {args.backend}; whole process incl. interpreter start; "
          f"this process's own peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def trace(args) -> None:
    """The ``--trace`` split, one process per size, with slopes per 1,000 pages."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="page-memory-") as folder:
        for pages in args.pages:
            pdf = Path(folder) / f"pages-{pages}.pdf"
            pdf.write_bytes(many_pages(pages))
            _, _, text, _ = run([sys.executable, "-c", _TRACE, str(pdf), args.backend])
            document, above, result = (float(v) for v in text.split())
            rows.append((pages, document, above, result))
            print(f"{pages:6} pages: traced MB: document {document:6.1f}, structure peak above it {above:6.1f}, "
                  f"result {result:6.1f}", flush=True)
    if len(rows) > 1:
        (p0, *first), (p1, *last) = rows[0], rows[-1]
        slopes = [1000 * (b - a) / (p1 - p0) for a, b in zip(first, last)]
        print(f"slope {p0}→{p1} pages, MB per 1,000 pages: document {slopes[0]:.2f}, structure peak above it "
              f"{slopes[1]:.2f}, result {slopes[2]:.2f}")
    print(f"backend {args.backend}; tracemalloc in the parent (the pdfium child reads the pages, untraced)")


if __name__ == "__main__":
    main()
