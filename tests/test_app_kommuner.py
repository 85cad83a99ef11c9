"""The Jämför page's "Jämför kommuner" mode (issue 16): two municipalities' reports side by side,
headless with Streamlit's AppTest."""
import pytest

pytest.importorskip("streamlit")
from conftest import ROOT, real_pdf
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app" / "main.py")
CORPUS = ROOT / "corpus"
OLOF = "olofstrom_handlingsplan-klimat-energi_2023.pdf"
SODE = "soderkoping_mal-strategier-miljo-klimat_2022.pdf"


def _open_mode(monkeypatch, a, b) -> AppTest:
    """The app on the sample corpus, Jämför in the municipality mode, ``a`` and ``b`` uploaded."""
    monkeypatch.delenv("RAPPORTANALYS_DB", raising=False)
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.radio(key="jamforelse").set_value("Jämför kommuner").run()
    at.radio(key="kommuner-source").set_value("Ladda upp två PDF-filer").run()
    at.file_uploader(key="kommun-a-upload").upload(a.name, a.read_bytes(), "application/pdf")
    at.file_uploader(key="kommun-b-upload").upload(b.name, b.read_bytes(), "application/pdf")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _table(at, column):
    found = [df.value for df in at.dataframe if column in df.value.columns]
    assert found, (column, [list(df.value.columns) for df in at.dataframe])
    return found[0]


def test_topic_table_of_the_two_real_plans_shows_what_each_lacks(monkeypatch):
    at = _open_mode(monkeypatch, real_pdf(OLOF), real_pdf(SODE))
    a, b = "A: Olofström", "B: Söderköping"
    topics = _table(at, "Ämne")
    assert {a, b} <= set(topics.columns)
    lacks_a, lacks_b = (topics[a] == "saknas").sum(), (topics[b] == "saknas").sum()
    assert lacks_a > 0 and lacks_b > 0
    # the summary says as many as the table shows
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[f"Saknas i {a}"] == str(lacks_a) and metrics[f"Saknas i {b}"] == str(lacks_b)
    # every topic of both plans is in the table once; a shared topic names its section on each side
    paired = topics[(topics[a] != "saknas") & (topics[b] != "saknas")]
    assert len(paired) == int(metrics["Gemensamma ämnen"]) > 0
    assert paired[a].str.contains(r"\(s\. \d+\)").all()
    # Bakgrund lists the Agenda 2030 goals and the Swedish environmental goals
    bakgrund = topics[topics[a].str.startswith("Bakgrund")]
    assert len(bakgrund) == 1 and bakgrund.iloc[0][b] != "saknas"
    # the closest passages of the shared topics, side by side
    assert any('class="ra-pair' in h.value and "Olofström" in h.value for h in at.html)
    assert at.query_params.get("jamforelse") in ("kommuner", ["kommuner"])  # the mode is in the address


def test_indicators_both_report_show_each_sides_value_in_swedish_format(monkeypatch):
    """Kungälv's follow-up and the derived Stenungsund one (corpus/derived/README.md)."""
    at = _open_mode(monkeypatch, CORPUS / "kungalv_social-hallbarhet_2023.pdf",
                    CORPUS / "derived" / "stenungsund_social-hallbarhet_2023.pdf")
    topics = _table(at, "Ämne")
    lacking = topics[topics["B: Stenungsund"] == "saknas"]
    assert list(lacking["A: Kungälv"].str.replace(r" \(s\. \d+\)$", "", regex=True)) == [
        "4.6 Demokrati och civilsamhälle"]
    indicators = _table(at, "Värde A")
    jobless = indicators[indicators["Indikator A"].str.contains("ångtidsarbetslös")
                         & (indicators["Enhet A"] == "procent")]
    assert ("1,7", "2,3") in set(zip(jobless["Värde A"], jobless["Värde B"]))
    # the reports share most of their text word for word (the derived one is Kungälv's, reworded)
    shared = _table(at, "Slag")
    assert (shared["Slag"] == "ordagrant").sum() > 10
