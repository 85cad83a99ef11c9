"""``compare --across``: two municipalities' reports side by side (issue 16)."""
import json
import sys
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import real_pdf
from rapportanalys.cli import main
from rapportanalys.compare.across import compare_across, different_municipalities, topic_sections
from rapportanalys.present.across import SHEETS, across_html, across_text, across_xlsx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(ROOT / "benchmarks"))
OLOF = "olofstrom_handlingsplan-klimat-energi_2023.pdf"
SODE = "soderkoping_mal-strategier-miljo-klimat_2022.pdf"


@pytest.fixture(scope="module")
def olof_sode(parsed):
    return compare_across(parsed(real_pdf(OLOF)), parsed(real_pdf(SODE)))


@pytest.fixture(scope="module")
def kungalv(parsed):
    return compare_across(parsed(CORPUS / "kungalv_social-hallbarhet_2022.pdf"),
                          parsed(CORPUS / "kungalv_social-hallbarhet_2023.pdf"))


def test_topic_pairs_meet_the_labels(olof_sode):
    """The issue's bar: precision and recall ≥ 0.8 against the pairs written by reading both
    plans (tests/labels/topic_pairs.json); 0.857 / 0.857 with the passage similarity."""
    from across_topics import score

    s = score(olof_sode)
    assert s.precision >= 0.8 and s.recall >= 0.8, s


def test_topic_pairs_hold_their_level(olof_sode):
    """What the pairing reaches today (benchmarks/across_topics.py), so it cannot slide back."""
    from across_topics import score

    s = score(olof_sode)
    assert s.precision >= 0.7 and s.recall >= 0.7, s
    # the sections a reader finds no partner for are shown as lacking ("saknas")
    assert s.lacking >= 0.8, s


def test_topic_table_lists_every_topic_of_both_reports_once(olof_sode):
    for side, report in (("a_id", olof_sode.a_report), ("b_id", olof_sode.b_report)):
        ids = [getattr(t, side) for t in olof_sode.topics if getattr(t, side)]
        assert sorted(ids) == sorted(s.id for s in topic_sections(report, 2))
    assert any(t.a is None for t in olof_sode.topics) and any(t.b is None for t in olof_sode.topics)
    assert all(t.topic for t in olof_sode.topics)
    assert olof_sode.summary["a_lacks"] == sum(t.a is None for t in olof_sode.topics)


def test_the_document_title_is_not_a_topic(parsed):
    report = parsed(real_pdf(OLOF))
    titles = [s.title for s in topic_sections(report, 2)]
    assert "Handlingsplan för klimat och energi" not in titles
    assert "Bakgrund" in titles and "Transporter" in titles
    assert "Eco-driving" not in titles  # an action, below the topics


def test_close_passages_belong_to_their_paired_topics(olof_sode):
    from rapportanalys.compare.topics import topic_units as _topic_units
    from rapportanalys.compare.passages import Document

    a, b = olof_sode.a_report, olof_sode.b_report
    units_a = _topic_units(Document(a), topic_sections(a, 2))
    units_b = _topic_units(Document(b), topic_sections(b, 2))
    topic_of_a = {u.block.id: t for t, us in units_a.items() for u in us}
    topic_of_b = {u.block.id: t for t, us in units_b.items() for u in us}
    pairs = {(t.a_id, t.b_id) for t in olof_sode.topics if t.a_id and t.b_id}
    assert olof_sode.passages
    for p in olof_sode.passages:
        assert 0 < p.similarity <= 1
        assert (topic_of_a[p.a["block"]], topic_of_b[p.b["block"]]) in pairs


def test_municipalities_are_told_apart(parsed, olof_sode):
    assert different_municipalities(olof_sode.a_report, olof_sode.b_report)
    k22 = parsed(CORPUS / "kungalv_social-hallbarhet_2022.pdf")
    k23 = parsed(CORPUS / "kungalv_social-hallbarhet_2023.pdf")
    assert not different_municipalities(k22, k23)


def test_indicators_both_report_are_paired_with_values(kungalv):
    rows = {r.indicator: r for r in kungalv.indicators}
    row = next(r for k, r in rows.items() if "långtidsarbetslös" in k)
    assert (row.a_value, row.b_value) == (1.9, 1.7)
    assert row.a_period == "2022" and row.b_period == "2023"
    assert row.a_unit == row.b_unit == "procent"


def test_activities_counted_by_status_and_paired_by_title(parsed):
    """Trygg i Kungälv's activities against another municipality's plan that took some of them
    over reworded, with other statuses, in another order, beside activities of its own."""
    from dataclasses import replace

    from rapportanalys.model import Activity, Metadata

    trygg = parsed(CORPUS / "kungalv_trygg-i-kungalv_2023.pdf")
    assert len(trygg.activities) >= 10
    taken = trygg.activities[:6]
    reworded = [Activity(x.title.rstrip(".") + " i kommunen", "ongoing", None, "", None, 1) for x in reversed(taken)]
    own = [Activity("Bygga en ny simhall vid torget", "not_started", None, "", None, 2),
           Activity("Inventera gatubelysningen längs cykelvägar", "done", None, "", None, 2)]
    other = replace(trygg, metadata=Metadata(municipality="Lekeberg"), activities=reworded + own)
    result = compare_across(trygg, other)
    act = result.activities
    assert sum(act["a"].values()) == len(trygg.activities)
    assert act["b"]["ongoing"] == 6 and act["b"]["not_started"] == 1 and act["b"]["done"] == 1
    paired = {p.a["title"]: p.b["title"] for p in act["pairs"]}
    assert len(paired) == 6, paired
    for x in taken:
        assert paired[x.title].startswith(x.title.rstrip("."))


def test_shared_text_is_found_and_template_flagged(kungalv):
    """Two editions of one report share text word for word: the reuse machinery finds it."""
    assert kungalv.summary["shared_text"] > 0
    assert all(m.a.report != m.b.report for m in kungalv.shared_text)


def test_outputs(olof_sode):
    data = olof_sode.to_dict()
    json.dumps(data)
    assert data["kind"] == "across"
    assert {"topics", "passages", "shared_text", "indicators", "activities", "summary"} <= set(data)
    html = across_html(olof_sode)
    assert "saknas" in html and "Olofström" in html and "<script" not in html
    text = across_text(olof_sode)
    assert "missing" in text and "Bakgrund" in text
    book = load_workbook(BytesIO(across_xlsx(olof_sode)))
    assert tuple(book.sheetnames) == SHEETS
    topics = list(book["Ämnen"].iter_rows(values_only=True))
    assert topics[0][0] == "Ämne" and len(topics) == len(olof_sode.topics) + 1
    assert any("saknas" in row for row in topics)


def test_cli_switches_to_across_for_two_municipalities(tmp_path):
    a, b = str(real_pdf(OLOF)), str(real_pdf(SODE))
    result = CliRunner().invoke(main, ["compare", a, b])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kind"] == "across"
    same = CliRunner().invoke(main, ["compare", a, b, "--same", "--format", "text"])
    assert same.exit_code == 0 and "passages:" in same.stdout


DERIVED = CORPUS / "derived" / "stenungsund_social-hallbarhet_2023.pdf"


@pytest.fixture(scope="module")
def kungalv_stenungsund(parsed):
    return compare_across(parsed(CORPUS / "kungalv_social-hallbarhet_2023.pdf"), parsed(DERIVED))


def test_indicators_both_municipalities_report_are_paired_with_values(kungalv_stenungsund):
    """Kungälv's follow-up and the derived Stenungsund one (corpus/derived/README.md): the
    indicators both report meet, however worded, with each side's own value and period."""
    rows = kungalv_stenungsund.indicators

    def row(word, unit="procent"):
        return next(r for r in rows if word in r.indicator and r.a_unit == unit and r.a_period)

    jobless = row("långtidsarbetslös")  # "Långtidsarbetslösheten" / "Andelen långtidsarbetslösa (25–64 år)"
    assert (jobless.a_value, jobless.b_value, jobless.a_period, jobless.b_period) == (1.7, 2.3, "2023", "2023")
    aid = row("bistån")
    assert (aid.a_value, aid.b_value, aid.a_period) == (0.67, 0.81, "2022")
    households = next(r for r in rows if r.indicator == "hushåll [st]")
    assert (households.a_value, households.b_value) == (147, 58)


def test_the_topic_one_municipality_lacks_is_missing(kungalv_stenungsund):
    lacking = [t for t in kungalv_stenungsund.topics if t.b is None]
    assert [t.a.rsplit(" > ", 1)[-1] for t in lacking] == ["4.6 Demokrati och civilsamhälle"]
    paired = [t for t in kungalv_stenungsund.topics if t.a and t.b]
    strip = lambda p: p.rsplit(" > ", 1)[-1].split(" ", 1)[-1]  # noqa: E731
    assert all(strip(t.a) == strip(t.b) for t in paired), [(t.a, t.b) for t in paired]
    assert kungalv_stenungsund.summary["shared_text"] > 10


def test_a_topic_is_as_close_as_its_closest_passages():
    """A long chapter that touches on everything does not outscore a short section that says the
    same thing as the topic; identical one-paragraph topics score 1; an unrelated one 0."""
    from rapportanalys.compare.topics import passage_similarity

    solar = ["Blekinges elproduktion är 100 procent förnybar år 2040.", "Tak som är lämpliga för solcellspaneler."]
    broad = ["Kommunerna behöver klimatanpassa byggande och transporter.", "Översvämning, ras och skred ökar.",
             "Energisystem och avfallshantering är stora samhällsområden.", "Elproduktionen påverkas av klimatet."]
    goal = ["Elförsörjningen ska vara 100 procent förnybar 2040.", "Solceller på kommunens tak."]
    unrelated = ["Eleverna i årskurs 9 är behöriga till gymnasiet."]
    sim = passage_similarity([solar, unrelated], [broad, goal, unrelated], best=3)
    assert sim[0, 1] > sim[0, 0]
    assert sim[1, 2] == pytest.approx(1.0) and sim[0, 2] == 0.0
