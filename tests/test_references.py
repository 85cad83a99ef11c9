"""The one recogniser of Swedish dates, references and identifiers (extract/references.py), and
what it means downstream: a number inside one is never a figure, and a change in one is a
reference change in ``compare``, never a figure change.

The sentences here are the developer's own examples (written from the real PDFs of
``../shared/real`` and the issue); ``test_reference_labels.py`` scores the recogniser on labels
written by someone else.
"""
import pytest

from rapportanalys.compare.diff import reference_pairs
from rapportanalys.compare.figure_pairs import figure_pairs
from rapportanalys.compare.text import tokenize
from rapportanalys.extract.numbers import find_numbers
from rapportanalys.extract.references import find_references, parse_date, parse_month_year


@pytest.mark.parametrize("text,raw,kind,value", [
    ("Göteborg den 24 april 2025", "den 24 april 2025", "date", "2025-04-24"),
    ("den 1 augusti år 2022 övergick", "den 1 augusti år 2022", "date", "2022-08-01"),
    ("Från 1 juli 2017 krävs det", "1 juli 2017", "date", "2017-07-01"),
    ("Datum 2020-04-21", "2020-04-21", "date", "2020-04-21"),
    ("31 dec 2023", "31 dec 2023", "date", "2023-12-31"),
    ("före den 1 juli krävs", "den 1 juli", "day_month", "--07-01"),
    ("april 2022", "april 2022", "month_year", "2022-04"),
    ("januari – mars 2026 har vi haft", "januari – mars 2026", "month_year", "2026-01/2026-03"),
    ("Protokollsutdrag GSN 2024-03-26 § 59", "GSN 2024-03-26 § 59", "protocol", "GSN 2024-03-26 § 59"),
    ("(Dnr KS 2020/0357)", "Dnr KS 2020/0357", "case", "Dnr KS 2020/0357"),
    ("stadsrevisionen dnr SRV-2025-00071", "dnr SRV-2025-00071", "case", "dnr SRV-2025-00071"),
    ("• Katslösa 16:1, SBF 2018-002559", "SBF 2018-002559", "case", "SBF 2018-002559"),
    ("DOM LST 403-5069-2023", "403-5069-2023", "case", "403-5069-2023"),
    ("Kommunallagen (2017:725), 11 kap.", "2017:725", "law", "2017:725"),
    ("(prop. 2017/18:163, sidan 77)", "prop. 2017/18:163", "law", "prop. 2017/18:163"),
    ("Kommunallagen (2017:725), 11 kap. 2–4 §§.", "11 kap.", "chapter", "11 kap."),
    ("Kommunallagen (2017:725), 11 kap. 2–4 §§.", "2–4 §§", "paragraph", "2–4 §§"),
    ("Plan- och bygglagen 3 kap. 5 § 4p.", "4p.", "item", "4p."),
    ("Mål 1, 3 och 5 nås.", "Mål 1, 3 och 5", "item", "Mål 1, 3 och 5"),
    ("Stadsrevisionen, Revisionsberättelse 1 (2)", "1 (2)", "page", "1 (2)"),
    ("Av 79 a § byggnadsstadgan", "79 a §", "paragraph", "79 a §"),
    ("klassad PBL §8:13. Obs", "PBL §8:13", "paragraph", "PBL §8:13"),
    ("• Katslösa 16:1, SBF", "Katslösa 16:1", "property", "Katslösa 16:1"),
    ("(SOU 2017:42; sidan 277ff)", "sidan 277ff", "page", "sidan 277ff"),
    ("diarienummer 0887/21 bilaga 3.", "bilaga 3", "annex", "bilaga 3"),
    ("se avsnitt 4.1 nedan", "avsnitt 4.1", "chapter", "avsnitt 4.1"),
    ("enligt punkt 4 i beslutet", "punkt 4", "item", "punkt 4"),
    ("Göteborgs Stad, org.nr 212000-1355", "org.nr 212000-1355", "org_number", "org.nr 212000-1355"),
    ("Kontaktcenter: 031-365 00 00, kansli", "031-365 00 00", "phone", "031-365 00 00"),
    ("öppet 8.30–16.00 för", "8.30–16.00", "time", "8.30–16.00"),
    ("börjar kl. 13.00 i", "kl. 13.00", "time", "kl. 13.00"),
    ("vecka 14 startar", "vecka 14", "week", "vecka 14"),
])
def test_recognised(text, raw, kind, value):
    found = [(r.raw, r.kind, r.value) for r in find_references(text)]
    assert (raw, kind, value) in found, found


@pytest.mark.parametrize("text", [
    "Totalt 1 568 tkr och 3,4 procent, 89 (80) anmälningar under 2023.",
    "Budgeten för 2022-2024 visar ett överskott.",
    "Stadsrevisionen hade totalt 32 medarbetare varav 23 yrkesrevisorer.",
    "Kommunfullmäktige röstade 45 ja och 36 nej.",
    "Antalet anmälningar var 89 (80).",
    "Målet är 80 procent.",
])
def test_figures_are_not_references(text):
    assert find_references(text) == []


def test_numbers_in_a_reference_are_no_quantities():
    spans = find_numbers("Beslut den 24 april 2025 (SFN 2025-02-26 § 27): 1 405 tkr till 12 projekt.")
    quantities = [s.raw for s in spans if s.is_quantity]
    assert quantities == ["1 405", "12"]
    assert {s.reference.kind for s in spans if s.reference} == {"date", "protocol"}


def test_dates_for_metadata():
    assert parse_date("Göteborg den 9 april 2024") == "2024-04-09"
    assert parse_date("Version 2023-10-10") == "2023-10-10"
    assert parse_month_year("April 2022") == "2022-04"
    assert parse_month_year("I april 2022 hade vi") is None


def test_changed_reference_is_no_changed_figure():
    old = tokenize("Protokollsutdrag GSN 2024-03-26 § 59. Göteborg den 24 april 2025. Antal ärenden: 120.")
    new = tokenize("Protokollsutdrag SFN 2025-02-26 § 27. Göteborg den 23 april 2026. Antal ärenden: 135.")
    assert [(p.old.key, p.new.key) for p in figure_pairs(old, new)] == [("120", "135")]
    changes = [(o.reference.value, n.reference.value) for o, n in reference_pairs(old, new)]
    assert changes == [("GSN 2024-03-26 § 59", "SFN 2025-02-26 § 27"), ("2025-04-24", "2026-04-23")]


def test_same_date_written_differently_is_no_change():
    old, new = tokenize("Beslut den 1 juli 2024."), tokenize("Beslut 2024-07-01.")
    assert reference_pairs(old, new) == []


def test_changed_year_is_a_reference_change_of_kind_year():
    old, new = tokenize("Sjukfrånvaron låg under 2022 på 2,8 procent."), tokenize("Sjukfrånvaron låg under 2023 på 1,5 procent.")
    assert [(p.old.key, p.new.key) for p in figure_pairs(old, new)] == [("2.8%", "1.5%")]
    assert [(o.number.raw, n.number.raw) for o, n in reference_pairs(old, new)] == [("2022", "2023")]
