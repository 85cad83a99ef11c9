"""Benchmark: ``rapportanalys parse`` against plain text extractors on the same PDF.

Each measurement is a whole process, interpreter start included, run ``--repeat`` times (the
median counts; the commands take turns, one run of each per round), so that nothing warms
another's caches and peak memory is that process's own (``ru_maxrss`` of the child, from
``os.wait4``, the per-child form of ``getrusage(RUSAGE_CHILDREN)``):

* ``rapportanalys parse --format json`` with the pdfium backend (the default), and with the
  pdfplumber reference backend;
* pdfplumber's plain ``extract_text()`` over all pages;
* ``pdftotext`` (poppler);
* pypdfium2's plain text (``get_textpage().get_text_range()`` per page).

Targets: parse ≤ 0.25 × pdfplumber ``extract_text()`` time, peak memory ≤ 300 MB; moonshot
≥ 100 pages/s on one core.

The package's modules are compiled to bytecode before the runs (as a first run or an install
leaves them), so no run pays Python's compiler where ``PYTHONDONTWRITEBYTECODE`` is set.

Wall time is what a user waits; CPU time (user + system, the process and the children it
waited for, such as ``parse``'s first-look child) is what one core spends, and on a machine
shared with other jobs it is the steadier of the two: both are printed, with both ratios, and
the load average before and after the run.

    python benchmarks/parse_speed.py [PDF] [--repeat N] [--no-pdfplumber-parse]

Default PDF: ../shared/real/helsingborg_samsynsguiden-bygglov_2023.pdf (108 pages).
"""
from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "real" / "helsingborg_samsynsguiden-bygglov_2023.pdf"

_PLUMBER_TEXT = r"""
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_text()
        page.close()
"""
_PDFIUM_TEXT = r"""
import sys, pypdfium2 as pdfium
pdf = pdfium.PdfDocument(sys.argv[1])
for i in range(len(pdf)):
    page = pdf[i]
    textpage = page.get_textpage()
    textpage.get_text_range()
    textpage.close()
    page.close()
pdf.close()
"""


def commands(pdf: Path) -> dict[str, list[str]]:
    py = sys.executable
    out = {
        # --ocr never: the text-layer reader against the text extractors (the Helsingborg PDF ends
        # with five scanned pages that auto would OCR; benchmarks/ocr_speed.py measures OCR)
        "parse --format json (pdfium)": [py, "-m", "rapportanalys.cli", "parse", str(pdf), "--format", "json",
                                         "--backend", "pdfium", "--ocr", "never"],
        "parse --format json (pdfplumber)": [py, "-m", "rapportanalys.cli", "parse", str(pdf), "--format", "json",
                                             "--backend", "pdfplumber", "--ocr", "never"],
        "pdfplumber extract_text()": [py, "-c", _PLUMBER_TEXT, str(pdf)],
        "pypdfium2 get_text_range()": [py, "-c", _PDFIUM_TEXT, str(pdf)],
    }
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        out["pdftotext"] = [pdftotext, str(pdf), "-"]
    return out


def run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak resident MB and CPU seconds (with waited-for children) of one
    process running ``command`` (in ``env``, default this process's environment)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command[:4])}…\n{err}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; the median counts")
    ap.add_argument("--no-pdfplumber-parse", action="store_true",
                    help="skip parse with the pdfplumber backend (the slowest row, not in the ratio)")
    args = ap.parse_args()
    pages = page_count(args.pdf)
    # rapportanalys's own modules compiled to bytecode first, as a user's first run (or pip's
    # install) leaves them, and as pip left the libraries of the other rows: where
    # PYTHONDONTWRITEBYTECODE is set (this workplace's machines) a fresh checkout would
    # otherwise compile every module of the package in each measured run (0.04 s of wall and
    # 0.06 s of CPU more on the Helsingborg PDF, 10 alternating runs each).
    compileall.compile_dir(str(ROOT / "src"), quiet=1)
    load_before = os.getloadavg()
    todo = {name: command for name, command in commands(args.pdf).items()
            if not (args.no_pdfplumber_parse and name == "parse --format json (pdfplumber)")}
    # In rounds, each command once per round: on a shared machine whose speed drifts over the
    # minute a run takes, the rows of one round share its conditions, so a ratio between two
    # rows compares the programs, not the moments they happened to run at.
    runs: dict[str, list] = {name: [] for name in todo}
    for _ in range(args.repeat):
        for name, command in todo.items():
            runs[name].append(run(command))
    results = {name: (statistics.median(r[0] for r in done), max(r[1] for r in done),
                      statistics.median(r[2] for r in done)) for name, done in runs.items()}
    load_after = os.getloadavg()
    print(f"file: {args.pdf.name} ({pages} pages), median of {args.repeat}, whole process incl. interpreter start")
    print(f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after, on {os.cpu_count()} cores")
    print(f"{'':36}{'seconds':>9}{'pages/s':>9}{'CPU s':>9}{'peak MB':>9}")
    for name, (seconds, peak, cpu) in results.items():
        print(f"{name:36}{seconds:9.2f}{pages / seconds:9.1f}{cpu:9.2f}{peak:9.0f}")
    parse_s, parse_mb, parse_cpu = results["parse --format json (pdfium)"]
    plumber_s, _, plumber_cpu = results["pdfplumber extract_text()"]
    print(f"parse (pdfium) / pdfplumber extract_text(): wall {parse_s / plumber_s:.3f}, CPU {parse_cpu / plumber_cpu:.3f} "
          f"(target <= 0.25); peak memory {parse_mb:.0f} MB (target <= 300 MB); {pages / parse_s:.0f} pages/s wall, "
          f"{pages / parse_cpu:.0f} pages per CPU second (moonshot >= 100 pages/s on one core)")


if __name__ == "__main__":
    main()
