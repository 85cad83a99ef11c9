"""``Corpus.indicators``: one indicator across municipalities and years (issue 16)."""
from pathlib import Path

import pytest

from rapportanalys.store import Corpus, FileStat

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def db(parsed, tmp_path_factory):
    path = tmp_path_factory.mktemp("ind") / "c.duckdb"
    with Corpus(path, read_only=False) as corpus:
        for pdf in sorted(CORPUS.glob("*.pdf")):
            report = parsed(pdf)
            corpus.add(report, [FileStat(str(pdf), 1, 1)])
    with Corpus(path) as corpus:
        yield corpus


def test_parsed_figures_carry_their_indicator(parsed):
    report = parsed(CORPUS / "kungalv_social-hallbarhet_2023.pdf")
    keyed = [f for f in report.figures if f.indicator]
    assert len(keyed) >= len(report.figures) // 2
    assert any("långtidsarbetslös" in f.indicator for f in keyed)


def test_one_indicator_across_years(db):
    frame = db.indicators
    assert list(frame.columns[:7]) == ["municipality", "year", "indicator", "value", "unit", "report", "page"]
    key = next(k for k in frame.indicator.unique() if k.startswith("långtidsarbetslös"))
    one = db.indicator_values(key)
    own = one[one.group.isna() & ~one.is_target]
    by_year = dict(zip(own.year, own.value))
    assert by_year[2022] == 1.9 and by_year[2023] == 1.7
    assert set(one.municipality) == {"Kungälv"}
    assert (one.indicator == key).all()


def test_indicator_names_count_municipalities_and_reports(db):
    names = db.indicator_names()
    row = names[names.indicator.str.startswith("långtidsarbetslös")].iloc[0]
    assert row.reports == 2 and row.municipalities == 1
    assert names.municipalities.is_monotonic_decreasing
