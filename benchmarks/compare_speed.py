"""Benchmark: ``compare`` of two ~50-page reports, beyond parsing them (target ≤ 1 s).

The pair is built from real reports of one series, so that the text has what real
comparisons meet (carried-over chapters, renumbered sections, tables of figures): last year is
Göteborg's årsredogörelse 2022 (47 pages) followed by Kungälv's program follow-up 2022 (13), this
year the årsredogörelse 2023 (39) followed by the follow-up 2023 (14). Parsing is timed apart;
the comparison is run ``--repeat`` times and the fastest counts.

    python benchmarks/compare_speed.py [--repeat N]
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapportanalys import parse  # noqa: E402
from rapportanalys.compare import compare  # noqa: E402
from rapportanalys.model import Report, Source, Span  # noqa: E402

REAL = ROOT.parent / "shared" / "real"
OLD = [REAL / "goteborg_stadsrevisionen_arsredogorelse_2022.pdf", ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf"]
NEW = [REAL / "goteborg_stadsrevisionen_arsredogorelse_2023.pdf", ROOT / "corpus" / "kungalv_social-hallbarhet_2023.pdf"]


def concatenate(reports: list[Report], name: str) -> Report:
    """One report made of several, one after the other: ids prefixed, pages shifted."""
    out = Report(Source(name, "", 0), metadata=reports[0].metadata)
    for k, r in enumerate(reports):
        offset, tag = out.source.pages, f"r{k}"
        sid = {s.id: f"{tag}{s.id}" for s in r.sections}
        out.sections += [replace(s, id=sid[s.id], parent=sid.get(s.parent), page=s.page + offset) for s in r.sections]
        out.blocks += [replace(b, id=f"{tag}{b.id}", section=sid.get(b.section), page=b.page + offset,
                               spans=[Span(sp.page + offset, sp.bbox) for sp in b.spans]) for b in r.blocks]
        out.source.pages += r.source.pages
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="comparisons to run; the fastest counts")
    args = ap.parse_args()
    start = time.perf_counter()
    old = concatenate([parse(p) for p in OLD], "old")
    new = concatenate([parse(p) for p in NEW], "new")
    parse_seconds = time.perf_counter() - start
    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = compare(old, new)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    s = result.summary
    print(f"old: {old.source.pages} pages, {len(old.blocks)} blocks, {len(old.sections)} sections "
          f"({' + '.join(p.name for p in OLD)})")
    print(f"new: {new.source.pages} pages, {len(new.blocks)} blocks, {len(new.sections)} sections "
          f"({' + '.join(p.name for p in NEW)})")
    print(f"parse both: {parse_seconds:.2f} s (not counted)")
    print(f"compare: best {min(times):.3f} s, median {sorted(times)[len(times) // 2]:.3f} s of {args.repeat} "
          f"(target <= 1 s beyond parsing)")
    # on a machine shared with other jobs the wall time includes waiting for a core; the CPU
    # time of this process is what the comparison itself costs
    print(f"compare CPU time: best {min(cpu):.3f} s, median {sorted(cpu)[len(cpu) // 2]:.3f} s")
    print(f"result: {len(result.passages)} passages, stale share {s['stale_share']}, "
          f"{s['figure_changes']} figure changes, {s['carried']} carried-over sentences")


if __name__ == "__main__":
    main()
