"""The command line as users script against it (INTERFACE.md)."""
import json

import pytest
from click.testing import CliRunner

from rapportanalys.cli import main
from rapportanalys.model import Report
from conftest import ROOT

PDF = ROOT / "corpus" / "kungalv_trygg-i-kungalv_2023.pdf"


@pytest.fixture(scope="module")
def parse_json():
    result = CliRunner().invoke(main, ["parse", str(PDF)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_parse_json_has_the_contract_fields(parse_json):
    data = parse_json
    assert set(data) >= {"source", "metadata", "sections", "blocks", "figures", "activities", "plans"}
    assert data["source"]["path"] == str(PDF) and len(data["source"]["sha256"]) == 64
    assert set(data["metadata"]) >= {"municipality", "year", "title", "doc_type", "date", "diarienummer", "body"}
    for s in data["sections"]:
        assert set(s) >= {"id", "number", "title", "level", "parent", "page"}
    kinds = {b["kind"] for b in data["blocks"]}
    assert kinds <= {"paragraph", "list_item", "table_cell", "footnote", "caption"}
    for b in data["blocks"]:
        assert set(b) >= {"id", "kind", "text", "section", "page", "bbox"} and len(b["bbox"]) == 4


def test_parse_metadata_of_trygg(parse_json):
    m = parse_json["metadata"]
    assert m["municipality"] == "Kungälv"
    assert m["year"] == 2023
    assert m["title"] == "Uppföljning 2023 Trygg i Kungälv"
    assert m["doc_type"] == "uppföljning"
    assert m["date"] == "2024-02-20"
    assert m["body"] == "Kommunstyrelse"
    assert m["diarienummer"] is None  # the report has none; the Dnr in its text is the program's


def test_json_round_trips_through_the_model(parse_json):
    assert Report.from_dict(parse_json).to_dict() == parse_json


@pytest.mark.parametrize("fmt,expect", [("markdown", "## 4.1 Våld i nära relationer"), ("text", "4.1.1 Insats")])
def test_parse_other_formats(fmt, expect):
    result = CliRunner().invoke(main, ["parse", str(PDF), "--format", fmt])
    assert result.exit_code == 0
    assert expect in result.stdout


def test_parse_to_file(tmp_path):
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["parse", str(PDF), "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["metadata"]["year"] == 2023


def test_app_rejects_stray_arguments():
    result = CliRunner().invoke(main, ["app", "a.pdf", "b.pdf"])
    assert result.exit_code == 2  # a usage error; the app itself is tested in test_app.py


@pytest.mark.parametrize("command", ["parse", "demo", "compare", "reuse", "ingest", "export", "app", "cache"])
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and len(result.stdout) > 40


def test_demo_parses_the_sample_corpus():
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0
    assert "parsed 5 of 5 reports" in result.stderr
    assert "4.1.1 Insats: Motverka våld i nära relation" in result.stdout


_TEARDOWN = r"""
import atexit, sys
import rapportanalys.cli as cli
atexit.register(lambda: print("teardown ran", file=sys.stderr))
sys.argv = ["rapportanalys", "parse", sys.argv[1], "--ocr", "never"]
cli.run()
"""


def test_parse_as_a_command_skips_the_teardown_but_not_its_output():
    """Run as the console script (``cli.run``), ``parse`` ends without the interpreter's
    teardown (atexit handlers do not run), and the whole JSON still arrives through the pipe."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", _TEARDOWN, str(PDF)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "teardown ran" not in proc.stderr
    assert json.loads(proc.stdout)["source"]["pages"] > 0


def test_parse_called_as_a_library_returns(parse_json):
    """Through ``main`` (click's runner, a script calling it) the process is not ours to end:
    the fixture's invocation returned, and so does this one."""
    result = CliRunner().invoke(main, ["parse", str(PDF), "--format", "text"])
    assert result.exit_code == 0


_BLAS = r"""
import os, sys
import rapportanalys.cli as cli
sys.argv = ["rapportanalys", "--version"]
try:
    cli.run()
except SystemExit:
    pass
print(os.environ.get("OPENBLAS_NUM_THREADS"), os.environ.get("OMP_NUM_THREADS"), "numpy" in sys.modules)
"""


@pytest.mark.parametrize("given, expect", [(None, "1 1"), ("3", "3 1")])
def test_the_command_starts_no_blas_thread_pool(given, expect):
    """The command sets numpy's BLAS to one thread before numpy is imported (its pool of
    spinning workers only took CPU from the reading child); a user's own setting wins."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    proc = subprocess.run([sys.executable, "-c", _BLAS], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[-3:] == expect.split() + ["False"]  # set before numpy came in
