"""``reuse --db`` (issue 5 part 3): reuse across a corpus database, against a small synthetic
corpus with known reuse (benchmarks/synthetic_corpus.py), and on the sample corpus through the
CLI."""
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rapportanalys.cli import main
from rapportanalys.compare.corpus_reuse import find_corpus_reuse, update_corpus_reuse
from rapportanalys.store import REUSE_COLUMNS, Corpus

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from reuse_scale import evaluate  # noqa: E402
from synthetic_corpus import generate, load  # noqa: E402

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """10 municipalities × 3 years × 20 passages, every template in every report; the last
    report is kept apart for the incremental test."""
    syn = generate(10, 3, 20, seed=7, boilerplate_per_report=6)
    db = tmp_path_factory.mktemp("syn") / "syn.duckdb"
    load(syn.reports[:-1], db)
    with Corpus(db, read_only=False) as corpus:
        find_corpus_reuse(corpus)
    return syn, db


def _stored_gids(corpus):
    return {int(b[1:]) for b in corpus.sql("SELECT block FROM reuse_passages")["block"]}


def test_finds_the_known_pairs(synthetic):
    syn, db = synthetic
    with Corpus(db) as corpus:
        stored = _stored_gids(corpus)
        edges = [e for e in syn.edges if e[0] in stored and e[1] in stored]
        quality = evaluate(syn.family, syn.boilerplate, edges, corpus)
    assert sum(quality[f"n_{k}"] for k in ("exact", "figures_updated", "edited", "contained")) > 200
    for kind in ("exact", "figures_updated", "edited", "contained"):
        assert quality[f"recall_{kind}"] == 1.0, (kind, quality)
    assert quality["precision"] == 1.0


def test_boilerplate_is_clusters_not_pairs(synthetic):
    syn, db = synthetic
    with Corpus(db) as corpus:
        stored = _stored_gids(corpus)
        quality = evaluate(syn.family, syn.boilerplate, [], corpus)
        clusters = corpus.reuse_clusters("boilerplate")
    assert quality["boilerplate_in_pairs"] == 0
    assert quality["boilerplate_recall"] == 1.0 and quality["boilerplate_false"] == 0
    # six templates, each with the municipality's name in it: a handful of clusters, each in
    # many municipalities
    assert 6 <= len(clusters) <= 12
    assert (clusters["municipalities"] >= 5).all()
    assert sum(syn.boilerplate[g] for g in stored) == clusters["passages"].sum()


def test_scope_filters(synthetic):
    _, db = synthetic
    with Corpus(db) as corpus:
        every = corpus.reuse_pairs("all")
        stale = corpus.reuse_pairs("stale")
        copying = corpus.reuse_pairs("copying")
        assert list(every.columns) == list(REUSE_COLUMNS)
    assert len(stale) and len(copying) and len(stale) + len(copying) <= len(every)
    assert (stale["a_municipality"] == stale["b_municipality"]).all()
    assert (stale["a_year"] < stale["b_year"]).all()
    assert (copying["a_municipality"] != copying["b_municipality"]).all()
    assert (copying["a_year"] <= copying["b_year"]).all()  # a: the earlier passage
    assert not every["boilerplate"].any()


def test_clusters_have_the_earliest_report_as_source(synthetic):
    _, db = synthetic
    with Corpus(db) as corpus:
        rows = corpus.sql("""
            SELECT c.cluster, c.first_year, r.year AS source_year, min(rr.year) AS earliest
            FROM reuse_clusters c JOIN reports r ON r.sha256 = c.source_report
            JOIN reuse_members m ON m.cluster = c.cluster JOIN reuse_passages p ON p.pid = m.pid
            JOIN reports rr ON rr.sha256 = p.report WHERE c.kind = 'copy' GROUP BY ALL""")
    assert len(rows) > 50
    assert (rows["source_year"] == rows["earliest"]).all() and (rows["first_year"] == rows["earliest"]).all()


def test_adding_one_report_finds_its_copies(synthetic, tmp_path):
    syn, db = synthetic
    copy = tmp_path / "inc.duckdb"
    shutil.copy(db, copy)
    extra = syn.reports[-1]
    with Corpus(copy, read_only=False) as corpus:
        corpus.add(extra, [])
        assert corpus.reuse_unchecked() == [extra["source"]["sha256"]]
        stats = update_corpus_reuse(corpus)
        assert stats.mode == "incremental"
        assert corpus.reuse_unchecked() == []
        incremental = set(corpus.sql("SELECT pa.block || '-' || pb.block AS k FROM reuse_pairs q "
                                     "JOIN reuse_passages pa ON pa.pid = q.a JOIN reuse_passages pb ON pb.pid = q.b")["k"])
        stored = _stored_gids(corpus)
        new = {int(b["id"][1:]) for b in extra["blocks"]}
        edges = [e for e in syn.edges if e[1] in new and e[0] in stored]
        assert edges and all(f"g{a}-g{b}" in incremental or f"g{b}-g{a}" in incremental for a, b, _ in edges)
        boiler = corpus.sql("SELECT count(*) AS n FROM reuse_members m JOIN reuse_clusters c USING (cluster) "
                            "JOIN reuse_passages p USING (pid) WHERE c.kind = 'boilerplate' AND p.report = ?",
                            [extra["source"]["sha256"]])["n"][0]
        assert boiler == 6
        # the same pairs as a run from scratch
        find_corpus_reuse(corpus)
        full = set(corpus.sql("SELECT pa.block || '-' || pb.block AS k FROM reuse_pairs q "
                              "JOIN reuse_passages pa ON pa.pid = q.a JOIN reuse_passages pb ON pb.pid = q.b")["k"])
    assert incremental == full


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdfs")
    for name in ("kungalv_social-hallbarhet_2022.pdf", "kungalv_social-hallbarhet_2023.pdf",
                 "kungalv_trygg-i-kungalv_2023.pdf"):
        shutil.copy(CORPUS / name, folder / name)
    db = folder / "corpus.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "--workers", "2"])
    assert result.exit_code == 0, result.output
    return db


def test_cli_reuse_db_json(ingested):
    result = CliRunner().invoke(main, ["reuse", "--db", str(ingested), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    shared = [m for m in data["matches"]
              if {Path(m["a"]["report"]).name, Path(m["b"]["report"]).name}
              == {"kungalv_social-hallbarhet_2023.pdf", "kungalv_trygg-i-kungalv_2023.pdf"}]
    assert len(shared) >= 3
    texts = " ".join(m["b"]["text"] + m["a"]["text"] for m in shared)
    assert "våld i nära" in texts and "brottsförebyggande" in texts
    for m in data["matches"]:
        assert set(m) >= {"a", "b", "similarity", "chars", "boilerplate"}
        assert set(m["a"]) >= {"report", "text", "section", "page"}
        assert m["boilerplate"] is False
    stale = json.loads(CliRunner().invoke(main, ["reuse", "--db", str(ingested), "--scope", "stale"]).stdout)
    assert stale["matches"] and all(m["scope"] == "stale" for m in stale["matches"])
    assert all(m["a"]["year"] == 2022 and m["b"]["year"] == 2023 for m in stale["matches"])
    copying = json.loads(CliRunner().invoke(main, ["reuse", "--db", str(ingested), "--scope", "copying"]).stdout)
    assert copying["matches"] == []  # one municipality


def test_cli_reuse_db_text_and_errors(ingested, tmp_path):
    result = CliRunner().invoke(main, ["reuse", "--db", str(ingested), "--format", "text"])
    assert result.exit_code == 0, result.output
    assert "passage pairs" in result.stdout and "kungalv_trygg-i-kungalv_2023.pdf" in result.stdout
    missing = CliRunner().invoke(main, ["reuse", "--db", str(tmp_path / "nope.duckdb")])
    assert missing.exit_code == 2 and "nope.duckdb" in missing.stderr and "Traceback" not in missing.stderr
