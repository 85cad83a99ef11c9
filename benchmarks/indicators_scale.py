"""Benchmark: ``Corpus.indicators`` and the app's Indikatorer page on a synthetic database of
10 000 reports (target: each query and the page's first run ≤ 2 s, the app's budget).

The reports are stored straight into the store (no PDFs): 290 municipalities, reports spread over
the years 1990–2025, each with ``--figures`` figures drawn from ``--indicators`` indicator keys
(some national comparison values and targets among them), so the tables have the shape of a
real corpus at ten thousand reports. Timed: ``indicator_names()`` (the page's choice list),
``indicator_values(key)`` of the most widely reported indicator, the whole ``Corpus.indicators``
frame, and the Indikatorer page (Streamlit's AppTest) on the database: first run and a re-run
with another indicator picked.

    python benchmarks/indicators_scale.py [--reports 10000] [--figures 40] [--db FILE]
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapportanalys.store import Corpus  # noqa: E402


def build(db: Path, reports: int, figures: int, indicators: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    keys = [(f"indikator{k} mått{k % 17} [%]" if k % 3 else f"indikator{k} [st]") for k in range(indicators)]
    weights = [1 / (k + 1) for k in range(indicators)]  # a few indicators are everywhere
    municipalities = [f"Kommun {m:03d}" for m in range(290)]
    chunk = []
    with Corpus(db, read_only=False) as corpus:
        for n in range(reports):
            sha = f"{n:064x}"
            muni = municipalities[n % len(municipalities)]
            year = 1990 + (n // len(municipalities)) % 36
            figs = []
            for i, key in enumerate(rng.choices(keys, weights, k=figures)):
                group = rng.choice([None, None, None, "riket", "liknande kommuner"])
                figs.append({"value": round(rng.uniform(0, 100), 1), "raw": "1", "unit": "procent",
                             "what": key.split(" [")[0], "period": str(year), "group": group, "previous": None,
                             "is_target": rng.random() < 0.1, "target_year": None, "sentence": "", "block": f"b{i}",
                             "page": 1 + i // 4, "indicator": key})
            chunk.append({"source": {"path": f"/syn/{sha[-8:]}.pdf", "sha256": sha, "pages": 10},
                          "metadata": {"municipality": muni, "year": year, "title": "Uppföljning", "doc_type": "uppföljning"},
                          "sections": [], "blocks": [], "figures": figs, "activities": [], "plans": []})
            if len(chunk) == 500:
                corpus.add_many(chunk)
                chunk = []
        if chunk:
            corpus.add_many(chunk)


def timed(label: str, fn):
    start = time.perf_counter()
    out = fn()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--figures", type=int, default=40)
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or build) this database")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "indicators.duckdb"
    if not db.exists():
        timed(f"build {args.reports} reports × {args.figures} figures (not counted)",
              lambda: build(db, args.reports, args.figures, args.indicators))
    with Corpus(db) as corpus:
        names = timed("indicator_names()", corpus.indicator_names)
        top = names.indicator.iloc[0]
        one = timed(f"indicator_values({top!r})", lambda: corpus.indicator_values(top))
        everything = timed("Corpus.indicators (all rows)", lambda: corpus.indicators)
        print(f"  {len(names)} indicators, {len(one)} values of the top one, {len(everything)} rows in all")

    from streamlit.testing.v1 import AppTest

    os.environ["RAPPORTANALYS_DB"] = str(db)
    at = AppTest.from_file(str(ROOT / "app" / "main.py"), default_timeout=600)
    at.run()
    at.switch_page("views/indikatorer.py")
    timed("Indikatorer page, first run", at.run)
    assert not at.exception, at.exception
    at.selectbox(key="indikator").set_value(1)
    timed("Indikatorer page, another indicator", at.run)
    assert not at.exception, at.exception


if __name__ == "__main__":
    main()
