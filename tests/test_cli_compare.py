"""The compare and reuse commands as users script against them (INTERFACE.md): formats, files,
bad input."""
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from rapportanalys.cli import main
from conftest import ROOT

OLD = str(ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf")
NEW = str(ROOT / "corpus" / "kungalv_social-hallbarhet_2023.pdf")
TRYGG = str(ROOT / "corpus" / "kungalv_trygg-i-kungalv_2023.pdf")


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def compare_json():
    result = run("compare", OLD, NEW)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_compare_json(compare_json):
    assert set(compare_json) >= {"old", "new", "summary", "sections", "passages", "inconsistencies"}
    assert compare_json["old"]["source"]["path"] == OLD and compare_json["new"]["metadata"]["year"] == 2023
    assert compare_json["summary"]["figures_updated"] >= 1


def test_compare_text_is_plain_when_not_a_terminal():
    result = run("compare", OLD, NEW, "--format", "text")
    assert result.exit_code == 0
    assert "stale text:" in result.stdout and "1,9 → 1,7 procent" in result.stdout
    assert "\x1b[" not in result.stdout


def test_compare_html_is_one_self_contained_swedish_page(tmp_path):
    out = tmp_path / "jamforelse.html"
    result = run("compare", OLD, NEW, "--format", "html", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="sv">' in page
    for word in ("oförändrad", "nya siffror", "ändrad", "borttagen", "Ändringslista", "<del>", "<ins>"):
        assert word in page
    assert "<script" not in page and "<link" not in page and "src=" not in page and "url(" not in page


def test_compare_xlsx_has_the_four_sheets(tmp_path, compare_json):
    out = tmp_path / "jamforelse.xlsx"
    result = run("compare", OLD, NEW, "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Sammanfattning", "Passager", "Siffror", "Sektioner"]
    assert book["Passager"].max_row == len(compare_json["passages"]) + 1
    statuses = {row[1] for row in book["Passager"].iter_rows(min_row=2, values_only=True)}
    assert statuses == {"oförändrad", "nya siffror", "ändrad", "ny", "borttagen"}
    figures = list(book["Siffror"].iter_rows(min_row=2, values_only=True))
    assert ("ändrad siffra", "1,9", "1,7", 1.9, 1.7, "procent") in [(r[0], r[3], r[4], r[5], r[6], r[7]) for r in figures]
    assert any(r[0] == "motsägelse" for r in figures)


def test_compare_xlsx_to_a_pipe_is_the_workbook():
    result = run("compare", OLD, NEW, "--format", "xlsx")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK")


def test_compare_bad_input_is_one_line(tmp_path):
    result = run("compare", OLD, str(tmp_path / "saknas.pdf"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"rapportanalys: {tmp_path / 'saknas.pdf'}: file not found"


def test_reuse_json_and_text():
    result = run("reuse", NEW, TRYGG)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert any(m["a"]["report"] == NEW and m["b"]["report"] == TRYGG and not m["boilerplate"] for m in data["matches"])
    text = run("reuse", NEW, TRYGG, "--format", "text")
    assert text.exit_code == 0 and "shared passages" in text.stdout and "Ett våld i nära-team" in text.stdout


def test_reuse_leaves_out_a_bad_file_and_goes_on(tmp_path):
    bad = tmp_path / "tom.pdf"
    bad.write_bytes(b"")
    result = run("reuse", TRYGG, str(bad))
    assert result.exit_code == 0
    assert result.stderr.strip() == f"rapportanalys: {bad}: empty file (left out)"
    assert json.loads(result.stdout)["reports"] == [TRYGG]
    only_bad = run("reuse", str(bad))
    assert only_bad.exit_code == 2


def test_reuse_takes_a_folder(tmp_path):
    result = run("reuse", str(ROOT / "corpus"), "--format", "text")
    assert result.exit_code == 0 and "reuse across 5 report(s)" in result.stdout


def test_reuse_from_a_missing_database_is_one_line():
    # reuse --db itself is tested in test_reuse_db.py
    result = run("reuse", "--db", "no-such-corpus.duckdb")
    assert result.exit_code == 2 and "no-such-corpus.duckdb" in result.stderr and "Traceback" not in result.stderr


def test_demo_also_compares_the_two_kungalv_reports():
    result = run("demo")
    assert result.exit_code == 0
    assert "compared" in result.stderr and "kungalv_social-hallbarhet_2022.pdf with" in result.stderr
    assert "stale text:" in result.stdout


def test_the_same_file_twice_warns_and_says_identical():
    result = run("compare", TRYGG, TRYGG)
    assert result.exit_code == 0
    warning = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(warning) == 1 and "same file" in warning[0] and TRYGG in warning[0]
    out = json.loads(result.stdout)
    assert out["summary"]["identical"] is True
    assert out["summary"]["new"] == out["summary"]["removed"] == 0
    assert {p["status"] for p in out["passages"]} == {"unchanged"}


def test_two_different_files_are_not_identical(compare_json):
    assert compare_json["summary"]["identical"] is False
