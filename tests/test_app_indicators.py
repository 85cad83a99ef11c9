"""The app's Indikatorer page (Korpus): one indicator across municipalities and years."""
import pytest

pytest.importorskip("streamlit")
from click.testing import CliRunner
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from rapportanalys.cli import main

APP = str(ROOT / "app" / "main.py")
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("korpus") / "korpus.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(CORPUS / "kungalv_social-hallbarhet_2022.pdf"),
                                       str(CORPUS / "kungalv_social-hallbarhet_2023.pdf"), "--db", str(db),
                                       "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


def test_indicator_page_plots_one_indicator_over_the_years(monkeypatch, small_db):
    monkeypatch.setenv("RAPPORTANALYS_DB", str(small_db))
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    at.switch_page("views/indikatorer.py").run()
    assert not at.exception and not at.error
    box = at.selectbox(key="indikator")
    pick = next(i for i, o in enumerate(box.options) if "långtidsarbetslös" in o)
    box.set_value(pick).run()
    assert not at.exception
    table = at.dataframe[0].value
    own = table[table["Jämförelsegrupp"] == "–"]
    assert dict(zip(own["År"], own["Värde (text)"])) == {"2022": "1,9", "2023": "1,7"}
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
