"""Batch ingest (issue 5): a batch with bad files stores every good report once and records
every failure; a re-run skips what is unchanged; a killed run resumes; a worker that dies costs
one file; a Dask cluster gives the same rows as local processes."""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ROOT, real_pdf
from test_bad_input import NO_TEXT, _encrypted

from rapportanalys import errors
from rapportanalys.cli import main
from rapportanalys.ingest import Outcome, _parse_in_processes, find_pdfs, ingest
from rapportanalys.store import SCHEMA, Corpus

GOOD = [ROOT / "corpus" / name for name in
        ("kungalv_social-hallbarhet_2022.pdf", "kungalv_social-hallbarhet_2023.pdf", "lekeberg_forstudie-trygghet_2022.pdf")]


def _tiny_pdf(path: Path, title: str) -> Path:
    """A one-page report that parses in milliseconds, for tests about the batch, not the reader."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 760, f"1 {title}")
    c.setFont("Helvetica", 11)
    c.drawString(72, 730, f"Under året har arbetet med {title.lower()} fortsatt enligt plan.")
    c.save()
    return path


def _statuses(events) -> dict[str, str]:
    return {Path(e.path).name: e.status for e in events}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Good PDFs, a duplicate, and every kind of bad file, ingested once through the CLI."""
    folder = tmp_path_factory.mktemp("batch")
    for pdf in GOOD:
        shutil.copy(pdf, folder / pdf.name)
    (folder / "sub").mkdir()
    shutil.copy(GOOD[0], folder / "sub" / "kopia.PDF")
    (folder / "rapport.pdf").write_text("Detta är ingen PDF utan en textfil.\n", encoding="utf-8")
    data = GOOD[1].read_bytes()
    (folder / "avbruten.pdf").write_bytes(data[: len(data) // 2])
    _encrypted(folder / "krypterad.pdf")
    shutil.copy(real_pdf(NO_TEXT), folder / "skannad.pdf")
    (folder / "notes.txt").write_text("not a report")
    db = folder / "corpus.duckdb"
    start = time.perf_counter()
    # --ocr never: the scan is a bad file here (test_scanned_report_is_stored_with_its_ocr reads it)
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "--workers", "2", "--ocr", "never"])
    return folder, db, result, time.perf_counter() - start


def test_batch_stores_every_good_report_once_and_records_every_failure(batch):
    folder, db, result, _ = batch
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith("3 stored, 1 duplicate, 0 unchanged, 4 failed (of 8 files)")
    with Corpus(db) as corpus:
        assert sorted(Path(p).name for p in corpus.reports.path) == sorted(p.name for p in GOOD)
        files = corpus.files.set_index("path").sha256
        assert files[str(folder / "sub" / "kopia.PDF")] == files[str(folder / GOOD[0].name)]
        reasons = dict(zip(corpus.errors.path.map(lambda p: Path(p).name), corpus.errors.reason))
        kinds = set(corpus.errors.kind)
        assert corpus.errors.sha256.notna().all()
    assert reasons == {
        "rapport.pdf": "not a PDF",
        "avbruten.pdf": "truncated or damaged PDF (no end-of-file marker)",
        "krypterad.pdf": "encrypted PDF (a password is needed)",
        "skannad.pdf": "no text layer (scanned or outlined text; it needs OCR first)",
    }
    assert kinds == {"NotAPDF", "TruncatedPDF", "EncryptedPDF", "NoTextLayer"}
    for name, reason in reasons.items():  # each failure also told on stderr, in the CLI's one-line form
        assert f"rapportanalys: {folder / name}: {reason}" in result.stderr


def test_stored_reports_are_the_parsed_ones(batch, parsed):
    _, db, _, _ = batch
    with Corpus(db) as corpus:
        for pdf in GOOD:
            expected = parsed(pdf).to_dict()
            stored = corpus.report(expected["source"]["sha256"]).to_dict()
            assert Path(stored["source"].pop("path")).name == Path(expected["source"].pop("path")).name
            assert stored == expected


def test_second_run_skips_unchanged_files(batch):
    folder, db, _, first_time = batch
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0
    assert result.stderr.strip().endswith("0 stored, 0 duplicate, 8 unchanged, 0 failed (of 8 files)")
    assert elapsed < first_time / 5, (elapsed, first_time)
    with Corpus(db) as corpus:
        assert (len(corpus.reports), len(corpus.files), len(corpus.errors)) == (3, 4, 4)


def test_export_writes_parquet_that_pandas_reads(batch, tmp_path):
    _, db, _, _ = batch
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--parquet", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    assert len(pd.read_parquet(tmp_path / "pq" / "reports.parquet")) == 3
    assert len(pd.read_parquet(tmp_path / "pq" / "errors.parquet")) == 4
    with Corpus(db) as corpus:
        assert len(pd.read_parquet(tmp_path / "pq" / "blocks.parquet")) == len(corpus.blocks)
    assert {p.name for p in (tmp_path / "pq").iterdir()} == {f"{t}.parquet" for t in SCHEMA}


def test_find_pdfs(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/x.pdf", "a/b/y.PDF", "a/notes.txt", "z.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-")
    found = find_pdfs([tmp_path / "a", tmp_path / "z.pdf", tmp_path / "a" / "x.pdf"])
    assert found == [str(tmp_path / "a/b/y.PDF"), str(tmp_path / "a/x.pdf"), str(tmp_path / "z.pdf")]


def test_changed_file_replaces_its_rows(tmp_path):
    pdf, db = _tiny_pdf(tmp_path / "r.pdf", "Trygghet"), tmp_path / "c.duckdb"
    assert _statuses(ingest([str(pdf)], db, workers=1)) == {"r.pdf": "stored"}
    _tiny_pdf(pdf, "Folkhälsa")
    assert _statuses(ingest([str(pdf)], db, workers=1)) == {"r.pdf": "stored"}
    with Corpus(db) as corpus:
        assert len(corpus.reports) == 1 and corpus.sections.title.tolist() == ["1 Folkhälsa"]
    pdf.write_bytes(b"%PDF-1.4 broken")  # then broken: the good rows go, the failure is recorded
    assert _statuses(ingest([str(pdf)], db, workers=1)) == {"r.pdf": "failed"}
    with Corpus(db) as corpus:
        assert corpus.reports.empty and corpus.blocks.empty and corpus.errors.kind.tolist() == ["TruncatedPDF"]


def _complete(corpus: Corpus, parsed, pdfs) -> list[str]:
    """The names of the PDFs whose report is stored with all its rows; fails on any partial one."""
    stored = set(corpus.reports.sha256)
    for table in ("sections", "blocks"):
        assert set(corpus.sql(f"SELECT DISTINCT report FROM {table}").report) <= stored, f"orphan {table}"
    names = []
    for pdf in pdfs:
        expected = parsed(pdf)
        if expected.source.sha256 in stored:
            report = corpus.report(expected.source.sha256).to_dict()
            assert report == expected.to_dict(), pdf.name
            names.append(pdf.name)
    return names


def test_killed_run_resumes_with_a_complete_database(tmp_path, parsed):
    pdfs = GOOD
    db = tmp_path / "c.duckdb"
    files = [str(p) for p in pdfs]
    script = ("from rapportanalys.ingest import ingest\n"
              f"for event in ingest({files!r}, {str(db)!r}, workers=1):\n"
              "    print(event.status, flush=True)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own process group: the workers die with it
    try:
        assert proc.stdout.readline().strip() == "stored"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with Corpus(db) as corpus:
        done = _complete(corpus, parsed, pdfs)
    assert 1 <= len(done) < len(pdfs)

    events = list(ingest(files, db, workers=2))
    assert sorted(e.status for e in events) == sorted(["unchanged"] * len(done) + ["stored"] * (len(pdfs) - len(done)))
    with Corpus(db) as corpus:
        assert sorted(_complete(corpus, parsed, pdfs)) == [p.name for p in pdfs]


def _crash_on_marked(path: str) -> Outcome:
    """A parse task whose process dies (as on a segfault or the OOM killer) on one file."""
    if "crash" in path:
        os._exit(1)
    return Outcome(path, kind="Checked", reason="fine")


def test_a_worker_that_dies_costs_one_file():
    paths = ["/a.pdf", "/b.pdf", "/crash.pdf", "/c.pdf", "/d.pdf"]
    outcomes = {o.path: o.reason for o in _parse_in_processes(paths, 2, task=_crash_on_marked)}
    assert set(outcomes) == set(paths)
    assert outcomes.pop("/crash.pdf") == "the parser process died on this file (a crash, or out of memory)"
    assert set(outcomes.values()) == {"fine"}


def _table_rows(db: Path) -> dict[str, str]:
    """Every table's rows, in a stable order, without the columns that record when."""
    when = {"reports": "ingested_at", "files": "seen_at", "errors": "time"}
    with Corpus(db) as corpus:
        return {table: corpus.sql(f"SELECT * EXCLUDE ({when[table]}) FROM {table} ORDER BY ALL"
                                  if table in when else f"SELECT * FROM {table} ORDER BY ALL").to_json(orient="records")
                for table in SCHEMA if not table.startswith("reuse_")}  # the reuse index: ids by arrival


def test_dask_local_cluster_gives_the_same_rows(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    folder = tmp_path / "in"
    folder.mkdir()
    for title in ("Trygghet", "Folkhälsa", "Miljö"):
        _tiny_pdf(folder / f"{title}.pdf", title)
    shutil.copy(GOOD[1], folder / GOOD[1].name)
    shutil.copy(folder / "Miljö.pdf", folder / "kopia.pdf")
    (folder / "rapport.pdf").write_text("ingen PDF")
    files = find_pdfs([folder])

    local = _statuses(ingest(files, tmp_path / "local.duckdb", workers=2))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(tmp_path / "dask.duckdb"),
                                           "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert sorted(local.values()) == ["duplicate", "failed", "stored", "stored", "stored", "stored"]
    assert _table_rows(tmp_path / "dask.duckdb") == _table_rows(tmp_path / "local.duckdb")


def test_scheduler_without_dask_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if Dask were not installed
    pdf = _tiny_pdf(tmp_path / "r.pdf", "Trygghet")
    with pytest.raises(errors.DaskMissing):
        list(ingest([str(pdf)], tmp_path / "c.duckdb", scheduler="tcp://127.0.0.1:8786"))
    result = CliRunner().invoke(main, ["ingest", str(pdf), "--db", str(tmp_path / "c.duckdb"),
                                       "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert result.stderr == ("rapportanalys: tcp://127.0.0.1:8786: --scheduler needs Dask: "
                             "pip install 'rapportanalys[dask]'\n")


def test_ingest_does_not_need_dask(tmp_path):
    pdf = _tiny_pdf(tmp_path / "r.pdf", "Trygghet")
    script = ("import sys; sys.modules['dask'] = sys.modules['distributed'] = None\n"
              "from rapportanalys.cli import main; main()")
    proc = subprocess.run([sys.executable, "-c", script, "ingest", str(pdf), "--db", str(tmp_path / "c.duckdb")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "1 stored" in proc.stderr


@pytest.mark.skipif(not shutil.which("tesseract"), reason="Tesseract is not installed")
def test_scanned_report_is_stored_with_its_ocr(tmp_path):
    """A scan beside a text-layer report: both stored; the scan's source.ocr is in the corpus and
    comes back with the stored report (issue 15)."""
    from test_ocr import image_only_pdf

    folder = tmp_path / "arkiv"
    folder.mkdir()
    text = _tiny_pdf(folder / "text.pdf", "Trygghet")
    image_only_pdf(_tiny_pdf(tmp_path / "original.pdf", "Folkhälsa"), folder / "skannad.pdf", 200)
    db = tmp_path / "corpus.duckdb"
    events = list(ingest(find_pdfs([folder]), db, workers=2))
    assert _statuses(events) == {"text.pdf": "stored", "skannad.pdf": "stored"}
    with Corpus(db) as corpus:
        rows = corpus.reports.set_index(corpus.reports.path.map(lambda p: Path(p).name))
        assert pd.isna(rows.loc["text.pdf", "ocr"]) or rows.loc["text.pdf", "ocr"] in (None, "null")
        stored = corpus.report(rows.loc["skannad.pdf", "sha256"])
    assert [p["page"] for p in stored.source.ocr["pages"]] == [1]
    assert "Folkhälsa" in " ".join(s.title for s in stored.sections) + " ".join(b.text for b in stored.blocks)
    assert text.exists()


def _killed_mid_file(path: str, **options) -> Outcome:
    """The real parse task, but the worker is killed (SIGKILL, as the out-of-memory killer does)
    in the middle of a file named ``victim``, once its pages are read and before its report is
    built: every time for ``victim-always``, the first time only for ``victim-once``. (A timer
    half a second in no longer fell mid-file once a 150-page file parsed faster than that.)"""
    from rapportanalys import structure
    from rapportanalys.ingest import parse_file

    marker = Path(path + ".killed")
    if "victim-always" in path or ("victim-once" in path and not marker.exists()):
        marker.touch()

        def killed(*args, **kwargs):  # in this worker only, which dies here
            os.kill(os.getpid(), signal.SIGKILL)

        structure.build_report = killed
    return parse_file(path, **options)


def test_a_worker_killed_mid_file_leaves_a_complete_database_and_records_the_file(tmp_path, parsed, monkeypatch):
    from fuzz.pdfs import many_pages

    from rapportanalys import ingest as ingest_module

    folder = tmp_path / "in"
    folder.mkdir()
    good = [_tiny_pdf(folder / f"r{i}.pdf", f"Rapport {i} om trygghet") for i in range(3)] + [GOOD[0]]
    for name in ("victim-always.pdf", "victim-once.pdf"):
        (folder / name).write_bytes(many_pages(150, seed=len(name)))
    monkeypatch.setattr(ingest_module, "parse_file", _killed_mid_file)
    db = tmp_path / "c.duckdb"
    files = find_pdfs([folder]) + [str(GOOD[0])]
    events = {Path(e.path).name: e for e in ingest(files, db, workers=2)}
    assert (folder / "victim-always.pdf.killed").exists() and (folder / "victim-once.pdf.killed").exists(), events
    assert events.pop("victim-always.pdf").status == "failed"
    assert {e.status for e in events.values()} == {"stored"}  # killed once, parsed again alone
    with Corpus(db) as corpus:
        assert sorted(_complete(corpus, parsed, good + [folder / "victim-once.pdf"])) == sorted(
            [p.name for p in good] + ["victim-once.pdf"])
        errors_table = corpus.errors
    assert [Path(p).name for p in errors_table.path] == ["victim-always.pdf"]
    assert errors_table.reason.tolist() == ["the parser process died on this file (a crash, or out of memory)"]


def test_a_full_disk_stops_ingest_with_one_line_and_keeps_what_was_stored(tmp_path, parsed):
    """The database cannot grow past 120 KB (``RLIMIT_FSIZE`` in the ingest process, as a full
    disk or a quota would stop it): ingest stops with one line naming the database (exit 2), every
    report committed before is whole, and a re-run with room stores the rest."""
    folder = tmp_path / "in"
    folder.mkdir()
    pdfs = [_tiny_pdf(folder / f"r{i:02d}.pdf", f"Rapport nummer {i} om trygghet") for i in range(40)]
    db = tmp_path / "c.duckdb"
    script = ("import resource, sys\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (120 * 1024, resource.RLIM_INFINITY))\n"
              "from rapportanalys.cli import main\n"
              "main()\n")
    result = subprocess.run([sys.executable, "-c", script, "ingest", str(folder), "--db", str(db), "--workers", "2"],
                            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
                            timeout=300)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"rapportanalys: {db}: could not write the database; reports stored before are kept ("), lines
    assert "too large" in lines[0].lower()
    with Corpus(db) as corpus:
        kept = _complete(corpus, parsed, pdfs)  # fails on any partly written report
        assert corpus.errors.empty
    assert 1 <= len(kept) < len(pdfs)
    events = list(ingest([str(p) for p in pdfs], db, workers=2))
    assert sorted(e.status for e in events) == sorted(["unchanged"] * len(kept) + ["stored"] * (len(pdfs) - len(kept)))
    with Corpus(db) as corpus:
        assert sorted(_complete(corpus, parsed, pdfs)) == [p.name for p in pdfs]


def test_a_second_ingest_on_a_database_in_use_gets_one_line(tmp_path):
    from fuzz.pdfs import many_pages

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.pdf").write_bytes(many_pages(300))  # holds the database for some seconds
    db = tmp_path / "c.duckdb"
    command = [sys.executable, "-m", "rapportanalys.cli", "ingest", str(folder), "--db", str(db), "--workers", "1"]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while not db.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        assert first.poll() is None, "the first run ended before the second started"
    finally:
        out, err = first.communicate(timeout=300)
    assert second.returncode == 2
    assert second.stderr == (f"rapportanalys: {db}: the database is open in another process "
                             "(DuckDB allows one writer, or only readers)\n")
    assert first.returncode == 0 and err.strip().endswith("1 stored, 0 duplicate, 0 unchanged, 0 failed (of 1 files)")


def test_a_missing_ingest_path_is_one_line_before_any_work(tmp_path):
    pdf = _tiny_pdf(tmp_path / "r.pdf", "Trygghet")
    db = tmp_path / "c.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(pdf), str(tmp_path / "saknas.pdf"), "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr == f"rapportanalys: {tmp_path / 'saknas.pdf'}: file not found\n"
    assert not db.exists()  # nothing was started


def _dies_after_a_moment(path: str) -> Outcome:
    if "dies" in path:
        time.sleep(0.5)
        os._exit(1)
    return Outcome(path, kind="Checked", reason="fine")


def test_no_file_is_lost_when_a_worker_dies_while_an_outcome_is_stored():
    """The worker dies while the parent is busy storing another file's report (here: the
    consumer sleeps), so the pool is broken when the next file is handed out: that file must
    wait for the next pool, not vanish from the batch (found by the kill-mid-file test above)."""
    paths = ["/dies.pdf", "/quick.pdf", "/b.pdf", "/c.pdf"]
    outcomes = {}
    for outcome in _parse_in_processes(paths, 2, task=_dies_after_a_moment):
        outcomes[outcome.path] = outcome.reason
        time.sleep(1.5)  # storing the report, while the other worker dies
    assert set(outcomes) == set(paths)
    assert outcomes.pop("/dies.pdf") == "the parser process died on this file (a crash, or out of memory)"
    assert set(outcomes.values()) == {"fine"}
