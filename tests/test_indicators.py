"""Indicator keys: figures worded differently meet under one key; unit, group and period stay
apart (issue 16)."""
from pathlib import Path

from rapportanalys.extract.indicators import (IndicatorKey, indicators, normalise_unit, shared_indicators,
                                              stem)
from rapportanalys.model import Figure

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def fig(what, unit="procent", value=1.0, period=None, group=None, page=1):
    return Figure(value, str(value), unit, what, period, group, None, False, None, "", "b1", page)


def key(what, unit="procent"):
    return indicators().keys([fig(what, unit)])[0]


def test_wordings_of_one_indicator_share_a_key():
    assert key("andelen långtidsarbetslösa (25–64 år)") == key("långtidsarbetslösheten 25–64 år")
    assert key("andel elever i årskurs 9 med behörighet till yrkesprogram") == \
        key("elevernas behörighet till yrkesprogram, årskurs 9")
    assert key("Antal hushåll med sociala kontrakt", "hushåll") == key("hushåll med sociala kontrakt", "hushåll")


def test_different_indicators_and_units_stay_apart():
    assert key("långtidsarbetslösheten 25–64 år") != key("långtidsarbetslösheten 16–24 år")
    assert key("andel elever i årskurs 9 med godkänt betyg") != key("andel elever i årskurs 6 med godkänt betyg")
    assert key("kostnad för hemtjänst", "kr") != key("kostnad för hemtjänst", "procent")
    assert key("långtidsarbetslöshet") != key("andel personer med långvarigt försörjningsstöd")


def test_years_are_the_period_not_the_indicator():
    assert key("långtidsarbetslöshet 2023") == key("långtidsarbetslöshet")


def test_a_count_without_what_is_keyed_by_the_counted_noun():
    assert key(None, "hushåll") == IndicatorKey("hushåll", "st")
    assert key(None, None) is None


def test_units_normalised():
    assert normalise_unit("%") == normalise_unit("procent") == ("%", None)
    assert normalise_unit("mnkr") == normalise_unit("mkr")
    assert normalise_unit("elever") == ("st", "elever")


def test_stems():
    assert stem("långtidsarbetslöshet") == stem("långtidsarbetslösa") == "långtidsarbetslös"
    assert stem("elevernas") == stem("elever") == "elev"


def test_group_and_period_tell_observations_apart_not_keys():
    figures = [fig("långtidsarbetslöshet", period="2023"), fig("långtidsarbetslöshet", period="2023", group="riket"),
               fig("långtidsarbetslöshet", period="2022")]
    keys = indicators().keys(figures)
    assert len(set(keys)) == 1


def test_shared_indicators_pair_exact_and_contained_keys():
    ind = indicators()
    from rapportanalys.extract.indicators import Observation
    a_figs = [fig("andelen långtidsarbetslösa (25–64 år)", value=1.7), fig("antal nya företag", "företag", 10),
              fig("andel elever med godkänt betyg i samtliga ämnen", value=73)]
    b_figs = [fig("långtidsarbetslösheten 25–64 år", value=2.4), fig("nystartade företag", "företag", 40),
              fig("elever med godkända betyg i samtliga ämnen årskurs 9", value=80)]
    a = [Observation(k, f, f.what) for k, f in zip(ind.keys(a_figs), a_figs)]
    b = [Observation(k, f, f.what) for k, f in zip(ind.keys(b_figs), b_figs)]
    shared = {s.key.what: (s.a[0].figure.value, s.b[0].figure.value, s.exact) for s in shared_indicators(a, b)}
    assert shared["25-64 långtidsarbetslös"] == (1.7, 2.4, True)
    assert any(v == (73, 80, False) for v in shared.values())
    assert not any(v[0] == 10 for v in shared.values()), "företag ≠ nystartade företag? both count företag"


def test_every_figure_of_the_corpus_with_a_what_has_a_key(parsed):
    for pdf in sorted(CORPUS.glob("*.pdf")):
        report = parsed(pdf)
        keys = indicators().keys(report.figures)
        assert len(keys) == len(report.figures)
        for f, k in zip(report.figures, keys):
            if f.what and any(c.isalpha() for c in f.what) and f.unit:
                assert k is not None, (pdf.name, f.what)
            if k is not None:
                assert k.what == " ".join(sorted(set(k.what.split()))), "stems sorted and unique"
                assert not any(w.isdigit() and len(w) == 4 and w.startswith(("19", "20")) for w in k.what.split())


def test_kungalv_follow_ups_share_their_indicators(parsed):
    old = parsed(CORPUS / "kungalv_social-hallbarhet_2022.pdf")
    new = parsed(CORPUS / "kungalv_social-hallbarhet_2023.pdf")
    ind = indicators()
    shared = shared_indicators(ind.observations(old), ind.observations(new))
    words = [s.key.what for s in shared]
    assert any("långtidsarbetslös" in w for w in words), words
    assert any("bistån långv" in w for w in words), words  # försörjningsstöd = ekonomiskt bistånd
