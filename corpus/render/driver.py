"""Building and reporting: render a source, read it back, re-render until they agree."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .chromium import ChromiumProducer
from .markup import Paragraph, parse_source, Source, SourceError, Table, Toc
from .odt import LibreOfficeProducer
from .plan import Plan, elastic_range, first_plan, revise
from .readback import Readback, Target, _contents, _snippet, read_back
from .reportlab_writer import ReportLabProducer
from .style import geometry_of
from . import variants

CORPUS = Path(__file__).resolve().parents[1]
SOURCES = CORPUS / "sources"
MAX_PASSES = 8  # renderings per document before giving up on agreeing with the read-back

PRODUCERS = {p.name: p for p in (LibreOfficeProducer(), ReportLabProducer(), ChromiumProducer())}


# ---------------------------------------------------------------------------------------------
# Building and reporting
# ---------------------------------------------------------------------------------------------

@dataclass
class Result:
    source: Source
    pdf: Path
    readback: Readback
    plan: Plan  # the plan the PDF was rendered with
    passes: int
    seconds: float
    settled: bool  # the last pass agreed with what reading it back found


def build(path: Path, outdir: Path, workdir: Path) -> Result:
    """Render one source, re-rendering until the PDF agrees with its own read-back."""
    started = time.monotonic()
    source = parse_source(path)
    producer = PRODUCERS[source.meta["producer"]]
    geometry = geometry_of(source)
    pdf = outdir / f"{path.stem}.pdf"
    plan = first_plan(source)
    for passes in range(1, MAX_PASSES + 1):
        producer.render(source, plan, pdf, workdir)
        readback = read_back(pdf, source, geometry)
        revised = revise(plan, source, readback, geometry)
        settled = revised == plan
        if settled or passes == MAX_PASSES:
            break
        plan = revised
    return Result(source, pdf, readback, plan, passes, time.monotonic() - started, settled)


def report(result: Result) -> str:
    """A short account of one PDF: what was made and whether it is what the tests need."""
    source, rb, plan = result.source, result.readback, result.plan
    meta = rb.metadata
    lines = [f"{result.pdf.name}: {rb.pages} pages, {source.meta['producer']} ({meta.get('Producer', '?')}), "
             f"{result.passes} passes, {result.seconds:.1f} s",
             f"  title {meta.get('Title')!r}, author {meta.get('Author')!r}; fake-bold glyphs {rb.doubled_glyphs}, "
             f"lines ending in a hyphen {rb.hyphen_ends}"]
    cut = [(t, p) for t, p in sorted(rb.placements.items())
           if p.cut and not (isinstance(source.blocks[t.block], Table) and t.row < 0)]
    for target, placement in cut:
        why = ("marked in the source" if getattr(source.blocks[target.block], "cut", False)
               else "placed by the build" if target in plan.targets else "as it fell")
        lines.append(f"  cut by the break after p.{placement.first_page}: {_describe(source, target)} ({why})")
    if not cut:
        lines.append("  cut by a page break: nothing")
    for target in plan.targets:
        if target not in dict(cut):
            lines.append(f"  NOT CUT although required: {_describe(source, target)}")
    adjusted = [(source.blocks[i], plan.adjustment(i)) for i in range(len(source.blocks)) if plan.adjustment(i)]
    if adjusted:
        resized = [f"{type(b).__name__.lower()} {a:+.0f} pt" for b, a in adjusted if elastic_range(b)]
        gaps = [a for b, a in adjusted if not elastic_range(b) and a > 0]
        lines.append("  page breaks moved by: " + ", ".join(
            resized + ([f"space above {len(gaps)} blocks (largest {max(gaps):.0f} pt)"] if gaps else [])))
    tocs = [b for b in source.blocks if isinstance(b, Toc)]
    if tocs:
        listed = [i for toc in tocs for i, _ in _contents(source, toc)]
        stale = [i for i in listed if plan.heading_pages.get(i) != rb.heading_pages.get(i)]
        lines.append(f"  contents: {len(listed)} entries, " + (f"{len(stale)} with a wrong page number" if stale
                                                                else "page numbers match the headings"))
    if rb.continued_titles:
        lines.append(f"  rows whose first cell runs on past a page break: {len(rb.continued_titles)}")
    lines.append("  running header/footer: " + ("as specified" if not rb.decoration_faults
                                                else "; ".join(rb.decoration_faults[:5])))
    lines.append("  source text missing from the PDF: " + ("none" if not rb.missing else ""))
    lines.extend(f"    {m}" for m in rb.missing)
    if not result.settled:
        lines.append(f"  WARNING: still changing after {MAX_PASSES} passes")
    return "\n".join(lines)


def _describe(source: Source, target: Target) -> str:
    block = source.blocks[target.block]
    if target.row >= 0:
        return f"table row {target.row + 1} " + _snippet(" | ".join(" ".join(c) for c in block.rows[target.row]), 50)
    return f"{type(block).__name__.lower()} " + _snippet(getattr(block, "text", ""), 50)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render corpus/sources/*.txt to corpus/*.pdf and the layout variants "
                                                 "(corpus/variants/variants.json) to corpus/variants/ (corpus/README.md).")
    parser.add_argument("sources", nargs="*", type=Path,
                        help="source files (default: corpus/sources/*.txt and every variant)")
    parser.add_argument("-o", "--outdir", type=Path, default=None,
                        help="where the PDFs go (default: beside corpus/ for the sources, corpus/variants/ for variants)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--no-variants", action="store_true", help="only the five base sources")
    which.add_argument("--variants", nargs="*", metavar="BASE.NAME", default=None,
                       help="only the variants (all, or those named)")
    args = parser.parse_args(argv)
    if args.sources:
        paths = args.sources
    else:
        paths = [] if args.variants is not None else sorted(SOURCES.glob("*.txt"))
        if not args.no_variants:
            paths += variants.write_sources(set(args.variants) if args.variants else None)
    if not paths:
        print(f"build.py: no sources in {SOURCES}", file=sys.stderr)
        return 2
    started, failures = time.monotonic(), 0
    with tempfile.TemporaryDirectory(prefix="rapportanalys-corpus-") as workdir:
        for path in paths:
            outdir = args.outdir or (CORPUS if path.resolve().parent == SOURCES.resolve() else path.resolve().parent)
            try:
                result = build(path, outdir, Path(workdir))
            except SourceError as error:
                print(f"build.py: {error}", file=sys.stderr)
                failures += 1
                continue
            if result.source.meta.get("variant") and result.source.option("columns") == "2":
                cut = [b.text for target, placement in result.readback.placements.items()
                       if target.row < 0 and placement.cut and isinstance(b := result.source.blocks[target.block], Paragraph)]
                variants.mark_cuts(path, cut)
            print(report(result), flush=True)
            failures += bool(result.readback.missing or result.readback.decoration_faults or not result.settled)
    print(f"{len(paths)} sources in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 1 if failures else 0
