"""The Korpus page's SQL (present/corpus_views.py) on a small synthetic corpus with known reuse
(benchmarks/synthetic_corpus.py): counts, stale text within a municipality, reuse between
municipalities only, template text."""
import sys

import pytest
from conftest import ROOT

from rapportanalys.compare.corpus_reuse import find_corpus_reuse
from rapportanalys.present import corpus_views
from rapportanalys.store import Corpus

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_corpus import generate, load  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    syn = generate(8, 3, 20, seed=11, boilerplate_per_report=6)
    path = tmp_path_factory.mktemp("syn") / "syn.duckdb"
    load(syn.reports, path)
    with Corpus(path, read_only=False) as corpus:
        find_corpus_reuse(corpus)
    return path


def test_counts_and_reports(db):
    with Corpus(db) as corpus:
        counts = corpus.sql(corpus_views.COUNTS_SQL)
        reports = corpus.sql(corpus_views.REPORTS_SQL)
    assert counts["Rapporter"].sum() == len(reports) == 24
    assert reports["Fil"].str.endswith(".pdf").all() and not reports["Fil"].str.contains("/").any()


def test_stale_text_is_within_a_municipality_and_a_share(db):
    with Corpus(db) as corpus:
        stale = corpus.sql(corpus_views.STALE_SQL)
    # every report with an earlier one from its municipality: the 2nd and 3rd year of each
    assert len(stale) == 16 and stale["Inaktuell text (%)"].between(0, 100).all()
    assert stale["Inaktuell text (%)"].median() > 20  # the generator carries most passages over


def test_the_heatmap_is_between_municipalities_only(db):
    with Corpus(db) as corpus:
        matrix = corpus.sql(corpus_views.REUSE_MATRIX_SQL)
        clusters = corpus.sql(corpus_views.BOILERPLATE_SQL, [50])
    assert not matrix.empty and (matrix["Från"] != matrix["Till"]).all()
    involved = set(matrix["Från"]) | set(matrix["Till"])
    cells, order = corpus_views.top_pairs(matrix, limit=2)
    assert len(order) == min(2, len(involved)) and set(cells["Från"]) | set(cells["Till"]) <= set(order)
    assert not clusters.empty and (clusters["Kommuner"] >= 2).all()
