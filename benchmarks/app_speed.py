"""Benchmark: the Jämför page for two ~50-page reports, once they are parsed (target ≤ 2 s).

The pair is the one of benchmarks/compare_speed.py (Göteborg's årsredogörelse followed by
Kungälv's program follow-up, 2022 and 2023: ~55 pages each). Both are parsed (not counted) and
stored in a temporary corpus database; the app (Streamlit's AppTest, headless) is started on it and
the two reports are picked. Timed: the first run of the page with both picked (loading them from
the database, comparing, laying out every passage), and a re-run (a filter changed; the comparison
is cached). A browser adds its own drawing time to these; tests/test_app_browser.py prints it for
the Kungälv pair.

    python benchmarks/app_speed.py
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from compare_speed import NEW, OLD, concatenate

from rapportanalys import parse
from rapportanalys.store import Corpus


def main() -> None:
    start = time.perf_counter()
    old = concatenate([parse(p) for p in OLD], "gammal.pdf")
    new = concatenate([parse(p) for p in NEW], "ny.pdf")
    print(f"parse: {time.perf_counter() - start:.1f} s (not counted); old {old.source.pages} pages, "
          f"new {new.source.pages} pages")
    db = Path(tempfile.mkdtemp()) / "bench.duckdb"
    for report, sha, year in ((old, "a" * 64, 2022), (new, "b" * 64, 2023)):
        report.source.sha256, report.metadata.year = sha, year
        with Corpus(db, read_only=False) as corpus:
            corpus.add(report, [])
    os.environ["RAPPORTANALYS_DB"] = str(db)

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app" / "main.py"), default_timeout=120).run()
    at.selectbox(key="old").select_index(0)
    at.selectbox(key="new").select_index(1)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    assert not at.exception, at.exception
    passages = at.html[-1].value.count('class="ra-pair')
    at.multiselect(key="statuses").set_value(["modified", "figures_updated", "new", "removed", "unchanged"])
    start = time.perf_counter()
    at.run()
    again = time.perf_counter() - start
    print(f"Jämför page, both reports picked: {first:.2f} s (load from the database + compare + {passages} "
          f"passages laid out; target <= 2 s)")
    print(f"re-run with a filter changed: {again:.2f} s")


if __name__ == "__main__":
    main()
