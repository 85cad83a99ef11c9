"""Activities across two editions of a plan follow-up: the Trygg 2023 sample report against its
derived second edition (corpus/derived/, hand-edited; the transitions are labelled)."""
import json
from io import BytesIO

import pytest
from openpyxl import load_workbook

from rapportanalys.compare import compare
from rapportanalys.present import views
from rapportanalys.present.html import compare_html
from rapportanalys.present.text import compare_text
from rapportanalys.present.xlsx import compare_xlsx
from conftest import ROOT
from test_compare import _benchmark

LABELS = ROOT / "benchmarks" / "labels" / "trygg_2023_2024_derived.json"


@pytest.fixture(scope="module")
def trygg(parsed):
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    old, new = parsed(ROOT / labels["old_pdf"]), parsed(ROOT / labels["new_pdf"])
    return labels, compare(old, new)


def test_every_transition_kept_comment_added_and_dropped_activity_is_found(trygg):
    labels, result = trygg
    score = _benchmark().score_activities(labels, result)
    assert score.all_found, score.wrong + score.extra
    assert len(score.right) == len(labels["activities"])


def test_the_summary_counts_the_activities(trygg):
    labels, result = trygg
    a = result.summary["activities"]
    kept = [e for e in labels["activities"] if e["change"] == "kept"]
    assert a["kept"] == len(kept)
    assert a["added"] == 2 and a["dropped"] == 2
    assert a["status_changed"] == sum(e["status_change"] is not None for e in kept)
    assert a["comment_unchanged"] == sum(e["comment"] == "unchanged" for e in kept)


def test_a_changed_comment_has_its_word_diff(trygg):
    _, result = trygg
    [police] = [a for a in result.activities if a.new and a.new["title"].startswith("Fördjupad samverkan med Polisen")]
    inserted = " ".join(t for op, t in police.comment_diff if op == "+")
    assert "omorganisation inom lokalpolisområdet" in inserted
    assert police.status_change == ["done", "delayed"]


def test_activities_are_in_json_excel_html_text_and_app_tables(trygg):
    _, result = trygg
    data = result.to_dict()
    assert len(data["activities"]) == len(result.activities)
    assert {"change", "old", "new", "status_change", "comment", "comment_diff"} <= set(data["activities"][0])
    book = load_workbook(BytesIO(compare_xlsx(result)))
    sheet = book["Aktiviteter"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert len(rows) == len(result.activities)
    assert any(r[6] == "klar → försenad" for r in rows) and sum(r[0] == "borttagen" for r in rows) == 2
    html = compare_html(result)
    assert 'id="aktiviteter"' in html and "klar med avvikelse → klar" in html
    assert "activities (25 kept, 2 added, 2 dropped" in compare_text(result)
    frame = views.activity_changes_frame(result)
    assert len(frame) == len(result.activities)
    assert set(frame["Förändring"]) == {"kvar", "ny", "borttagen"}


def test_reports_without_activities_have_none(parsed):
    old = parsed(ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf")
    new = parsed(ROOT / "corpus" / "kungalv_social-hallbarhet_2023.pdf")
    result = compare(old, new)
    assert result.activities == [] and "Aktiviteter" not in load_workbook(BytesIO(compare_xlsx(result))).sheetnames
