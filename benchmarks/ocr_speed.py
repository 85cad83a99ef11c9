"""OCR speed and accuracy (issue 15).

Speed: the scanned Göteborg report (6 pages, text drawn as outlines) parsed with ``--ocr auto``,
with the OCR cache off, once with one page at a time on one core (RAPPORTANALYS_OCR_WORKERS=1)
and once with all cores: seconds per page, wall time.

Accuracy, against labels written from page images before any OCR of them was run:
* word accuracy (1 - word error rate) on the two transcribed pages of
  ``tests/labels/ocr_hedersrelaterat.json``, its headings and paragraphs found;
* a corpus report printed to 300-dpi greyscale images and bound back into an image-only PDF
  (pdftoppm + Pillow): share of the seed's words in blocks and titles, the section tree against
  the text-layer original, and the share of passages ``compare`` finds unchanged.

    .venv/bin/python benchmarks/ocr_speed.py [--skip-twin]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

SCANNED = ROOT.parent / "shared" / "real" / \
    "goteborg_stadsrevisionen_rapportsammandrag_arbetet_mot_hedersrelaterat_vald_och_fortryck_2023.pdf"


def timed_parse(path: Path, workers: int | None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the parse and its tesseract processes) for one parse in a
    fresh process (OCR cache off), ``workers`` pages at once. CPU time is what a page costs
    on a machine shared with other work; wall time is what a user waits."""
    import resource
    import subprocess

    env = {**os.environ, "RAPPORTANALYS_OCR_CACHE": "off", "PYTHONPATH": str(ROOT / "src")}
    if workers:
        env["RAPPORTANALYS_OCR_WORKERS"] = str(workers)
    else:
        env.pop("RAPPORTANALYS_OCR_WORKERS", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rapportanalys.cli", "parse", str(path), "-o", os.devnull],
                   env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-twin", action="store_true", help="leave out the scanned twin (13 pages)")
    parser.add_argument("--skip-speed", action="store_true", help="accuracy only")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    os.environ.setdefault("RAPPORTANALYS_OCR_CACHE", tempfile.mkdtemp(prefix="ocr-bench-cache-"))

    from rapportanalys.read.ocr import engine

    print(f"OCR engine: {engine()}; cores: {cores}")
    if not args.skip_speed:
        _speed(6, cores)
    _accuracy(args)


def _speed(pages: int, cores: int) -> None:
    print(f"speed, {SCANNED.name[:50]}… ({pages} pages), cache off; load average before: {os.getloadavg()[0]:.1f}")
    one, cpu = timed_parse(SCANNED, 1)
    print(f"  one core : {one:6.1f} s wall = {one / pages:.2f} s/page; CPU {cpu / pages:.2f} s/page")
    every, cpu = timed_parse(SCANNED, None)
    print(f"  {cores} cores  : {every:6.1f} s wall = {every / pages:.2f} s/page ({one / every:.2f}× faster); "
          f"CPU {cpu / pages:.2f} s/page")



def _accuracy(args) -> None:
    import rapportanalys
    import test_ocr as t  # the tests' measures, so the benchmark reports what the tests assert

    document = rapportanalys.read.read_pdf(SCANNED)
    report = rapportanalys.parse(SCANNED)
    print("accuracy on the scanned Göteborg report (labels from page images):")
    for page, lines in sorted(t.LABELS["pages"].items()):
        expected = [w for line in lines for w in t._norm(line).split()]
        got = t.page_words(document, int(page))
        print(f"  page {page}: word accuracy {t.word_accuracy(expected, got):.4f} ({len(expected)} words)")
    titles = [t._norm(s.title) for s in report.sections] + [t._norm(report.metadata.title or "")]
    found = sum(max(t.fuzz.ratio(t._norm(h["text"]), x) for x in titles) >= 95 for h in t.LABELS["headings"])
    print(f"  headings found: {found} of {len(t.LABELS['headings'])}")
    blocks = [t._norm(b.text) for b in report.blocks]
    whole = sum(max(t.fuzz.ratio(t._norm(p["text"]), b) for b in blocks) >= 97 for p in t.LABELS["paragraphs"])
    print(f"  paragraphs found (≥ 97 % similar): {whole} of {len(t.LABELS['paragraphs'])}")
    print(f"  mean confidence: {report.source.ocr['confidence']}")

    if args.skip_twin:
        return
    from rapportanalys.compare import compare

    with tempfile.TemporaryDirectory() as folder:
        twin = t.image_only_pdf(t.TWIN_OF, Path(folder) / "twin.pdf", t.TWIN_DPI)
        original, scanned = rapportanalys.parse(t.TWIN_OF), rapportanalys.parse(twin)
    coverage, _ = t.seed_coverage(scanned)
    tree = lambda r: [(s.level, s.number, t._norm(s.title)) for s in r.sections]  # noqa: E731
    statuses = Counter(p.status for p in compare(original, scanned).passages)
    print(f"scanned twin of {t.TWIN_OF.name} ({original.source.pages} pages, {t.TWIN_DPI} dpi):")
    print(f"  seed words in blocks and titles: {coverage:.4f}")
    print(f"  section tree equal to the original's: {tree(scanned) == tree(original)} "
          f"({len(scanned.sections)} sections)")
    print(f"  compare with the original: {statuses['unchanged'] / sum(statuses.values()):.3f} unchanged "
          f"{dict(statuses)}")


if __name__ == "__main__":
    main()
