"""The corpus database: every report stored whole and read back equal, one report per content,
a changed path replacing its rows, read-only DataFrames and Parquet export."""
import dataclasses
import subprocess
import sys
import time

import pandas as pd
import pytest
from conftest import ROOT

import rapportanalys
from rapportanalys import errors
from rapportanalys.model import Activity, Figure, Plan
from rapportanalys.store import CHILD_TABLES, REUSE_COLUMNS, SCHEMA, Corpus, FileStat

PDF = ROOT / "corpus" / "kungalv_trygg-i-kungalv_2023.pdf"


def _stat(path: str) -> FileStat:
    return FileStat(path, 100, 1)


def _variant(report, sha: str, path: str = "/x.pdf"):
    """The same report as if read from other content (another sha256) at ``path``."""
    return dataclasses.replace(report, source=dataclasses.replace(report.source, sha256=sha, path=path))


@pytest.fixture
def report(parsed):
    """A parsed report with figures, activities and plans added (the extractors may leave them
    empty): the store must keep whatever a report holds."""
    r = parsed(PDF)
    block = r.blocks[5]
    return dataclasses.replace(
        r,
        figures=[Figure(1.7, "1,7 procent", "procent", "andel", "2023", "riket", 1.9, False, None,
                        block.text, block.id, block.page),
                 Figure(9, "nio", "företag", None, None, None, None, True, 2027, block.text, block.id, block.page)],
        activities=[Activity("Nattvandring", "ongoing_deviation", "●", "Försenad start.", r.sections[1].id, 3)],
        plans=[Plan("Plan mot våld", "2016-2020", "Socialchef", "ansvarig",
                    {"Status nuläge": "Pågår", "Genomförande och sluttid": "2024"}, 7)],
    )


@pytest.fixture
def db(tmp_path):
    with Corpus(tmp_path / "c.duckdb", read_only=False) as corpus:
        yield corpus


def test_report_round_trips(db, report):
    db.add(report, [FileStat.of(str(PDF))])
    assert db.report(report.source.sha256).to_dict() == report.to_dict()


def test_every_model_field_is_a_column():
    for table, kind in CHILD_TABLES.items():
        names = [c.name for c in SCHEMA[table]]
        assert names == ["report", "seq", *(f.name for f in dataclasses.fields(kind))]
    assert set(CHILD_TABLES) == {"sections", "blocks", "figures", "activities", "plans"}


def test_a_field_added_to_the_model_becomes_a_column(tmp_path, report):
    path = tmp_path / "c.duckdb"
    with Corpus(path, read_only=False) as corpus:
        corpus.add(report, [_stat("/a.pdf")])
        corpus.sql("ALTER TABLE blocks DROP COLUMN marks")  # as written by a model without `marks`
    with Corpus(path, read_only=False) as corpus:  # opening for writing adds it back
        assert "marks" in corpus.blocks.columns
        assert corpus.report(report.source.sha256).blocks[0].marks == []


def test_dataframes(db, report):
    db.add(report, [_stat("/a.pdf")])
    assert list(db.reports.columns) == [c.name for c in SCHEMA["reports"]]
    row = db.reports.iloc[0]
    assert (row.municipality, row.year, row.pages) == ("Kungälv", 2023, report.source.pages)
    assert len(db.sections) == len(report.sections) and len(db.blocks) == len(report.blocks)
    assert db.figures["group"].iloc[0] == "riket" and db.figures["group"].isna().iloc[1]
    assert db.figures["value"].tolist() == [1.7, 9.0]
    assert db.activities.status.tolist() == ["ongoing_deviation"]
    assert db.plans.title.tolist() == ["Plan mot våld"]
    assert db.errors.empty and len(db.files) == 1
    assert db.sql("SELECT count(*) AS n FROM blocks WHERE kind = 'table_cell'").n[0] == \
        sum(b.kind == "table_cell" for b in report.blocks)


def test_reuse_is_an_empty_frame_until_reuse_is_stored(db):
    assert db.reuse.empty and tuple(db.reuse.columns) == REUSE_COLUMNS


def test_same_content_under_two_paths_is_one_report(db, report):
    db.add(report, [_stat("/a.pdf"), _stat("/b.pdf")])
    db.link(report.source.sha256, [_stat("/c.pdf")])
    assert len(db.reports) == 1
    assert sorted(db.files.path) == ["/a.pdf", "/b.pdf", "/c.pdf"]
    assert set(db.files.sha256) == {report.source.sha256}


def test_changed_file_replaces_its_rows(db, report):
    db.add(report, [_stat("/a.pdf")])
    db.add(_variant(report, "f" * 64, "/a.pdf"), [_stat("/a.pdf")])
    assert db.reports.sha256.tolist() == ["f" * 64]
    for table in CHILD_TABLES:
        assert set(db.sql(f"SELECT DISTINCT report FROM {table}").report) <= {"f" * 64}
    assert len(db.blocks) == len(report.blocks)


def test_changed_file_keeps_content_another_path_holds(db, report):
    db.add(report, [_stat("/a.pdf"), _stat("/b.pdf")])
    db.add(_variant(report, "f" * 64, "/a.pdf"), [_stat("/a.pdf")])
    old = db.reports.set_index("sha256").loc[report.source.sha256]
    assert old.path == "/b.pdf"  # reports.path names a file that still holds it
    assert len(db.blocks) == 2 * len(report.blocks)


def test_failed_file_drops_its_old_content(db, report):
    db.add(report, [_stat("/a.pdf")])
    db.record_error("/a.pdf", "e" * 64, "TruncatedPDF", "truncated or damaged PDF")
    assert db.reports.empty and db.blocks.empty and db.files.empty
    assert db.errors[["path", "kind"]].values.tolist() == [["/a.pdf", "TruncatedPDF"]]
    db.add(report, [_stat("/a.pdf")])  # fixed: the error goes
    assert db.errors.empty and len(db.reports) == 1


def test_adding_a_report_takes_well_under_a_second(db, report):
    db.add(_variant(report, "0" * 64), [_stat("/0.pdf")])  # warm up
    start = time.perf_counter()
    db.add(report, [_stat("/a.pdf")])
    assert time.perf_counter() - start < 1.0


def test_export_parquet(tmp_path, db, report):
    db.add(report, [_stat("/a.pdf")])
    written = dict(db.export_parquet(tmp_path / "pq"))
    assert {p.name for p in written} == {f"{t}.parquet" for t in SCHEMA}
    for path, rows in written.items():
        assert len(pd.read_parquet(path)) == rows
    assert pd.read_parquet(tmp_path / "pq" / "blocks.parquet").text.tolist() == [b.text for b in report.blocks]


def test_read_only_errors(tmp_path):
    with pytest.raises(errors.InputNotFound):
        Corpus(tmp_path / "none.duckdb")
    (tmp_path / "text.duckdb").write_text("no database\n")
    with pytest.raises(errors.NotADatabase):
        Corpus(tmp_path / "text.duckdb")


def test_busy_database_is_named(tmp_path):
    """DuckDB allows one writing process: a reader meanwhile gets a clear error."""
    path = tmp_path / "c.duckdb"
    Corpus(path, read_only=False).close()
    script = f"import duckdb, sys; c = duckdb.connect({str(path)!r}); print('open', flush=True); sys.stdin.read()"
    writer = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "open\n"
        with pytest.raises(errors.DatabaseBusy):
            Corpus(path)
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)


def test_corpus_is_in_the_package_namespace():
    assert rapportanalys.Corpus is Corpus
