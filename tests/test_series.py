"""The series key (``metadata.series``): two editions of one report share it even when their
titles' wording drifts; different reports never do; the corpus database stores it so that the
app can group a series."""
from itertools import combinations

import pytest

from conftest import REAL, ROOT, real_pdf
from rapportanalys.compare.series import series_pairs
from rapportanalys.model import Metadata
from rapportanalys.store import Corpus
from rapportanalys.structure.metadata import series_key

NO_TEXT_LAYER = {"goteborg_stadsrevisionen_rapportsammandrag_arbetet_mot_hedersrelaterat_vald_och_fortryck_2023.pdf"}
CORPUS = ROOT / "corpus"


def test_the_arsredogorelse_editions_are_one_series(parsed):
    old = parsed(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2022.pdf"))
    new = parsed(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2023.pdf"))
    assert old.metadata.series == new.metadata.series == "göteborg|verksamhetsberättelse|stadsrevisionen"
    assert series_pairs([new, old]) == [(old, new)]


def test_the_kungalv_follow_ups_are_one_series_and_trygg_another(parsed):
    a, b, trygg = (parsed(CORPUS / f"kungalv_{n}.pdf")
                   for n in ("social-hallbarhet_2022", "social-hallbarhet_2023", "trygg-i-kungalv_2023"))
    assert a.metadata.series == b.metadata.series is not None
    assert trygg.metadata.series not in (None, a.metadata.series)
    assert series_pairs([trygg, b, a]) == [(a, b)]


def test_no_two_different_real_reports_share_a_series(parsed):
    """Of the real PDFs, only the årsredogörelse's two editions are one series."""
    if not REAL.exists():
        pytest.skip("../shared/real is not here")
    reports = {p.name: parsed(p) for p in sorted(REAL.glob("*.pdf")) if p.name not in NO_TEXT_LAYER}
    shared = [(a, b) for a, b in combinations(reports, 2)
              if reports[a].metadata.series == reports[b].metadata.series]
    assert shared == [("goteborg_stadsrevisionen_arsredogorelse_2022.pdf",
                       "goteborg_stadsrevisionen_arsredogorelse_2023.pdf")]


@pytest.mark.parametrize("title,year", [("Uppföljning 2022 Program Social Hållbarhet", 2022),
                                        ("Uppföljning program Social Hållbarhet 2023", 2023),
                                        ("Uppföljning program social hållbarhet december 2024", 2024)])
def test_years_months_and_word_order_do_not_matter(title, year):
    assert series_key(Metadata("Kungälv", year, title, "uppföljning")) == "kungälv|uppföljning|hållbarhet program social"


def test_the_database_stores_the_series(parsed, tmp_path):
    report = parsed(CORPUS / "kungalv_social-hallbarhet_2023.pdf")
    with Corpus(tmp_path / "c.duckdb", read_only=False) as db:
        db.add_many([report])
        assert list(db.reports["series"]) == [report.metadata.series]
