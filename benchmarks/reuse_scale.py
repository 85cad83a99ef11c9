"""Benchmark: ``reuse --db`` at scale, against a synthetic corpus with known reuse.

Builds a synthetic corpus (benchmarks/synthetic_corpus.py) of about ``--passages`` passages
(100 per report, 5 years), stores it with its reuse index (not timed as reuse: that is ingest),
then runs the corpus-wide reuse step and reports time per stage, peak memory (RSS of this
process, DuckDB included), and precision and recall per class against the truth; then adds one
more report to the indexed corpus and times the incremental check.

Targets (issue 5 part 3, 2 cores): reuse over 1,000,000 passages ≤ 60 s and ≤ 4 GB; recall ≥
0.999 for exact and figure-updated copies, ≥ 0.995 for edited ones; precision ≥ 0.99;
boilerplate only in clusters; one more report ≤ 1 s beyond parsing.

    python benchmarks/reuse_scale.py --passages 100000 [--real] [--db /tmp/reuse100k.duckdb]
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import json  # noqa: E402
import subprocess  # noqa: E402

import numpy as np  # noqa: E402

from synthetic_corpus import CLASSES, generate, real_paragraphs  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def evaluate(family, boilerplate, edges, corpus) -> dict:
    """Precision and recall of the stored reuse against the synthetic truth: ``family`` and
    ``boilerplate`` by gid, ``edges`` (parent gid, child gid, class) among stored passages."""
    gid = {pid: int(block[1:]) for pid, block in corpus.sql("SELECT pid, block FROM reuse_passages").itertuples(index=False)}
    pairs = corpus.sql("SELECT a, b, class FROM reuse_pairs")
    found = {}
    for a, b, kind in pairs.itertuples(index=False):
        ga, gb = gid[a], gid[b]
        found[(min(ga, gb), max(ga, gb))] = kind
    out: dict = {"pairs": len(found)}
    for kind in CLASSES:
        these = [(min(p, c), max(p, c)) for p, c, k in edges if k == kind]
        hit = sum(e in found for e in these)
        out[f"recall_{kind}"] = hit / len(these) if these else float("nan")
        out[f"n_{kind}"] = len(these)
    right = sum(family[a] == family[b] and not boilerplate[a] and not boilerplate[b] for a, b in found)
    out["precision"] = right / len(found) if found else 1.0
    out["boilerplate_in_pairs"] = sum(bool(boilerplate[a] or boilerplate[b]) for a, b in found)
    members = corpus.sql("SELECT m.pid FROM reuse_members m JOIN reuse_clusters c ON c.cluster = m.cluster "
                         "WHERE c.kind = 'boilerplate'")["pid"]
    flagged = {gid[p] for p in members}
    truth = {g for g in gid.values() if boilerplate[g]}
    out["boilerplate_recall"] = len(flagged & truth) / len(truth) if truth else 1.0
    out["boilerplate_false"] = len(flagged - truth)
    out["boilerplate_clusters"] = int(corpus.sql("SELECT count(*) n FROM reuse_clusters WHERE kind = 'boilerplate'")["n"][0])
    return out


def build(args) -> None:
    """Generate and store the corpus (a process of its own, so that its memory does not count);
    the truth goes to DB.truth.npz, the one report added afterwards to DB.extra.json."""
    db = Path(args.db)
    municipalities = max(2, round(args.passages / 100 / args.years))
    real = real_paragraphs() if args.real else None
    t = time.perf_counter()
    from rapportanalys.store import Corpus

    extra = {}
    with Corpus(db, read_only=False) as corpus:
        def sink(reports):
            if reports[0]["metadata"]["year"] < 2019 + args.years:
                for i in range(0, len(reports), 500):
                    corpus.add_many(reports[i:i + 500])
            else:  # one more year generated: its first report is the one added afterwards
                extra["report"] = reports[0]
        syn = generate(municipalities, args.years + 1, 100, args.seed, real=real, sink=sink)
    kinds = {k: i for i, k in enumerate(CLASSES)}
    np.savez(str(db) + ".truth.npz", family=np.asarray(syn.family), boilerplate=np.asarray(syn.boilerplate),
             edges=np.asarray([(p, c, kinds[k]) for p, c, k in syn.edges], dtype=np.int64))
    Path(str(db) + ".extra.json").write_text(json.dumps(extra["report"], ensure_ascii=False))
    print(f"corpus: {municipalities * args.years} reports ({municipalities} municipalities x {args.years} years), "
          f"about {municipalities * args.years * 100} passages; generated, stored and indexed in "
          f"{time.perf_counter() - t:.1f} s (peak RSS of the build {peak_rss_mb():.0f} MB)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=100_000)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--real", action="store_true", help="mix in paragraphs of ../shared/real")
    ap.add_argument("--db", default=None, help="database file (default: a temporary one)")
    ap.add_argument("--reuse-db", action="store_true", help="skip the build: the database is there")
    ap.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.db = args.db or str(Path(tempfile.mkdtemp(prefix="reuse_scale_")) / "corpus.duckdb")
    if args.build_only:
        return build(args)
    if not args.reuse_db:
        if Path(args.db).exists():
            Path(args.db).unlink()
        subprocess.run([sys.executable, __file__, "--build-only", "--passages", str(args.passages), "--years",
                        str(args.years), "--seed", str(args.seed), "--db", args.db] + (["--real"] if args.real else []),
                       check=True)
    from rapportanalys.compare.corpus_reuse import find_corpus_reuse
    from rapportanalys.store import Corpus

    db = args.db
    rss_before = peak_rss_mb()
    extra = json.loads(Path(db + ".extra.json").read_text())
    if args.reuse_db:  # a database of an earlier run: without the report added afterwards
        with Corpus(db, read_only=False) as corpus:
            corpus.remove(extra["source"]["sha256"])
    with Corpus(db, read_only=False) as corpus:
        t = time.perf_counter()
        stats = find_corpus_reuse(corpus)
        reuse_s = time.perf_counter() - t
        rss = peak_rss_mb()
        # one more report, incrementally: stored and indexed, then its reuse
        t = time.perf_counter()
        corpus.add(extra, [])
        add_s = time.perf_counter() - t
        t = time.perf_counter()
        inc = find_corpus_reuse(corpus, reports=[extra["source"]["sha256"]])
        inc_s = time.perf_counter() - t
        truth = np.load(db + ".truth.npz")
        family, boilerplate = truth["family"].tolist(), truth["boilerplate"].tolist()
        stored = {int(b[1:]) for b in corpus.sql("SELECT block FROM reuse_passages")["block"]}
        extra_gids = {int(b["id"][1:]) for b in extra["blocks"]}
        edges = [(p, c, CLASSES[k]) for p, c, k in truth["edges"].tolist() if p in stored and c in stored]
        extra_edges = [e for e in edges if e[1] in extra_gids]
        edges = [e for e in edges if e[1] not in extra_gids]
        pairs = corpus.sql("SELECT pa.block a, pb.block b FROM reuse_pairs q JOIN reuse_passages pa ON pa.pid = q.a "
                           "JOIN reuse_passages pb ON pb.pid = q.b WHERE pa.report = ? OR pb.report = ?",
                           [extra["source"]["sha256"]] * 2)
        got = {tuple(sorted((int(a[1:]), int(b[1:])))) for a, b in pairs.itertuples(index=False)}
        inc_recall = sum(tuple(sorted(e[:2])) in got for e in extra_edges) / max(1, len(extra_edges))
        quality = evaluate(family, boilerplate, edges, corpus)
    print()
    print("| stage | seconds |\n|---|---|")
    for name, sec in stats.seconds.items():
        print(f"| {name} | {sec:.2f} |")
    print(f"| **reuse total** | **{reuse_s:.2f}** |")
    print(f"| add 1 report (store + index) | {add_s:.3f} |")
    print(f"| incremental reuse for it | {inc_s:.3f} ({inc.candidates} candidates, "
          f"recall {inc_recall:.3f} of {len(extra_edges)}; "
          f"{', '.join(f'{k} {v:.2f}' for k, v in inc.seconds.items())}) |")
    print()
    print(f"passages {stats.passages}, candidates {stats.candidates}, pairs {stats.pairs}, "
          f"boilerplate passages {stats.boilerplate_passages}")
    print(f"peak RSS of the reuse step: {rss:.0f} MB (process before it: {rss_before:.0f} MB)")
    print()
    print("| measure | value | target |\n|---|---|---|")
    targets = {"recall_exact": "≥ 0.999", "recall_figures_updated": "≥ 0.999", "recall_edited": "≥ 0.995",
               "recall_contained": "", "precision": "≥ 0.99", "boilerplate_in_pairs": "0",
               "boilerplate_recall": "", "boilerplate_false": "", "boilerplate_clusters": "", "pairs": ""}
    for key, target in targets.items():
        value = quality[key]
        n = quality.get(f"n_{key.removeprefix('recall_')}")
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        print(f"| {key}{f' (n={n})' if n else ''} | {shown} | {target} |")


if __name__ == "__main__":
    main()
