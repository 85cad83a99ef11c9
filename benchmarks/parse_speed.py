"""Benchmark: ``parse`` against pdfplumber's plain ``extract_text()`` on the same PDF.

Reports pages per second for both, their ratio (target: parse ≤ 1.5× extract_text), and the
peak resident memory of a fresh process running ``parse`` (target: under 500 MB). Each
measurement runs in its own subprocess so that neither warms the other's caches and peak RSS is
that of parse alone.

    python benchmarks/parse_speed.py [PDF] [--repeat N]

Default PDF: ../shared/real/helsingborg_samsynsguiden-bygglov_2023.pdf (108 pages).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "real" / "helsingborg_samsynsguiden-bygglov_2023.pdf"

_CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
if mode == "plain":
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        pages = 0
        for page in pdf.pages:
            page.extract_text()
            page.close()
            pages += 1
else:
    import rapportanalys
    report = rapportanalys.parse(path)
    pages = report.source.pages
elapsed = time.perf_counter() - t0
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "pages": pages, "peak_mb": peak_mb}))
"""


def run(mode: str, pdf: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, mode, str(pdf)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts")
    args = ap.parse_args()
    plain = min((run("plain", args.pdf) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    ours = min((run("parse", args.pdf) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    ratio = ours["seconds"] / plain["seconds"]
    print(f"file: {args.pdf.name} ({plain['pages']} pages), best of {args.repeat}")
    print(f"{'':24}{'seconds':>10}{'pages/s':>10}{'peak MB':>10}")
    for name, r in (("pdfplumber extract_text", plain), ("rapportanalys parse", ours)):
        print(f"{name:24}{r['seconds']:10.2f}{r['pages'] / r['seconds']:10.1f}{r['peak_mb']:10.0f}")
    print(f"parse / extract_text time: {ratio:.2f}x (target <= 1.5x); "
          f"parse peak memory {ours['peak_mb']:.0f} MB (target < 500 MB)")


if __name__ == "__main__":
    main()
