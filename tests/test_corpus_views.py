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
        stale = corpus.sql(corpus_views.stale_sql())
    # every report with an earlier one from its municipality: the 2nd and 3rd year of each
    assert len(stale) == 16 and stale["Inaktuell text (%)"].between(0, 100).all()
    assert stale["Inaktuell text (%)"].median() > 20  # the generator carries most passages over


def test_only_editions_of_one_series_share_a_line(db, tmp_path):
    """The stale chart draws a line through the rows of one ``Serie``: the editions of one
    report (metadata.series), never two unrelated reports of a municipality."""
    copy = tmp_path / "serier.duckdb"
    copy.write_bytes(db.read_bytes())
    with Corpus(copy, read_only=False) as corpus:
        town = corpus.sql("SELECT min(municipality) AS m FROM reports")["m"][0]
        # in one municipality, the last year's report belongs to another series, and one has none
        corpus.sql("UPDATE reports SET series = 'annan|plan|klimat' WHERE municipality = ? AND year = "
                   "(SELECT max(year) FROM reports)", [town])
        other = corpus.sql("SELECT min(municipality) AS m FROM reports WHERE municipality > ?", [town])["m"][0]
        corpus.sql("UPDATE reports SET series = NULL WHERE municipality = ? AND year = "
                   "(SELECT max(year) FROM reports)", [other])
        stale = corpus.sql(corpus_views.stale_sql())
    for _, rows in stale.groupby("Serie"):
        assert rows["Kommun"].nunique() == 1 and rows["År"].is_unique  # a line: one report's editions
        assert (rows["Utgåvor"] == len(rows)).all()
    mine = stale[stale["Kommun"] == town]
    assert mine["Serie"].nunique() == 2 and mine.loc[mine["År"].idxmax(), "Utgåvor"] == 1
    theirs = stale[stale["Kommun"] == other]
    last = theirs.loc[theirs["År"].idxmax()]
    assert last["Utgåvor"] == 1 and last["Serie"].startswith("rapport:")  # no key: a series of its own
    # a database written before reports had a series column (opened read-only, not migrated)
    with Corpus(copy, read_only=False) as corpus:
        corpus.sql("ALTER TABLE reports DROP COLUMN series")
    with Corpus(copy) as corpus:
        old = corpus.sql(corpus_views.stale_sql(False))
    assert len(old) == len(stale) and (old["Utgåvor"] == 1).all()


def test_the_heatmap_is_between_municipalities_only(db):
    with Corpus(db) as corpus:
        matrix = corpus.sql(corpus_views.REUSE_MATRIX_SQL)
        clusters = corpus.sql(corpus_views.BOILERPLATE_SQL, [50])
    assert not matrix.empty and (matrix["Från"] != matrix["Till"]).all()
    involved = set(matrix["Från"]) | set(matrix["Till"])
    cells, order = corpus_views.top_pairs(matrix, limit=2)
    assert len(order) == min(2, len(involved)) and set(cells["Från"]) | set(cells["Till"]) <= set(order)
    assert not clusters.empty and (clusters["Kommuner"] >= 2).all()
