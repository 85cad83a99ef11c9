"""Changed figures between two editions, as an auditor reads them: the same statement with a new
value, never a day of a date or a number of a reference, table cells by row and column, a figure
where last year's text said none, a sentence restated with new figures in a rewritten paragraph.
On the real årsredogörelse pair against its hand labels (benchmarks/compare_figures.py) and on
small made-up reports."""
import json
import re

import pytest

from rapportanalys.compare import compare
from rapportanalys.compare.figure_pairs import figure_pairs
from rapportanalys.compare.text import tokenize
from rapportanalys.extract.numbers import find_numbers
from rapportanalys.model import Block, Report, Section, Source
from conftest import ROOT, benchmark_module, real_pdf

LABELS = ROOT / "benchmarks" / "labels" / "goteborg_arsredogorelse_2022_2023.json"
KUNGALV = [ROOT / "corpus" / f"kungalv_social-hallbarhet_{y}.pdf" for y in (2022, 2023)]


@pytest.fixture(scope="module")
def goteborg(parsed):
    old = parsed(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2022.pdf"))
    new = parsed(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2023.pdf"))
    return old, new, compare(old, new)


@pytest.fixture(scope="module")
def kungalv(parsed):
    old, new = (parsed(p) for p in KUNGALV)
    return old, new, compare(old, new)


def _pairs(old: str, new: str) -> list[tuple[str, str]]:
    return [(p.old_span.raw, p.new_span.raw) for p in figure_pairs(tokenize(old), tokenize(new))]


# -- the real pair against its labels ------------------------------------------------------------

def test_real_pair_figure_changes_meet_the_labels(goteborg):
    _, _, result = goteborg
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    s = benchmark_module("compare_figures").score(result.to_dict(), labels)["figure_changes"]
    assert s["precision"] >= 0.95 and s["recall"] >= 0.95, (s["wrong"], s["missed"])


@pytest.mark.parametrize("pair", ["goteborg", "kungalv"])
def test_no_changed_figure_is_a_date_a_reference_or_a_year(pair, request):
    """Invariant: every changed figure is a quantity as printed, never a number standing in a
    date, a § or case reference or a year (those are reference changes)."""
    _, _, result = request.getfixturevalue(pair)
    changes = [c for p in result.passages for c in p.figure_changes]
    assert changes
    for c in changes:
        for raw, sentence in ((c.old, c.old_sentence), (c.new, c.sentence)):
            if raw.lower().startswith(("inga", "ingen", "inget")):
                continue  # none of it: a zero in words
            spans = [s for s in find_numbers(sentence) if re.sub(r"\s", "", s.raw).startswith(re.sub(r"\s", "", raw))]
            assert spans, (raw, sentence)
            assert any(s.is_quantity for s in spans), (raw, sentence)


def test_table_cells_are_paired_by_row_and_column(goteborg):
    """Invariant: a changed table figure names its row and column, and the old cell stands in
    the same row and the column of the same role (this year's "Utfall 2023" is last year's
    "Utfall 2022": the years read relative to each edition's)."""
    old, new, result = goteborg
    cells = {b.id: b for r in (old, new) for b in r.blocks if b.table is not None}

    def label(report, b, row, col):
        hit = next((x for x in report.blocks if x.table == b.table and x.row == row and x.col == col), None)
        return " ".join(hit.text.split()) if hit else None

    def relative(text, year):
        return re.sub(r"\b(20\d\d)\b", lambda m: f"y{int(m.group(1)) - year:+d}", text)

    in_tables = [p for p in result.passages if p.figure_changes and p.new.blocks[0] in cells]
    assert len(in_tables) >= 20
    for p in in_tables:
        o, n = cells[p.old.blocks[0]], cells[p.new.blocks[0]]
        c = p.figure_changes[0]
        assert c.row and c.column
        assert label(old, o, o.row, 0) == label(new, n, n.row, 0) == c.row
        assert relative(label(old, o, 0, o.col), old.metadata.year) == relative(c.column, new.metadata.year)


def test_a_table_column_s_changed_year_is_a_reference_change_of_its_header(goteborg):
    _, _, result = goteborg
    years = {(r.old, r.new) for p in result.passages for r in p.reference_changes if r.kind == "year"}
    assert {("2022", "2023"), ("2021", "2022")} <= years
    assert ("2021", "2023") not in years  # "Utfall 2021" is not this year's "Utfall 2023"


# -- the rules, on made-up text --------------------------------------------------------------------

def test_figures_between_changed_words_are_not_paired():
    old = "Under 2022 rekryterades 4 nya medarbetare till kontoret."
    new = "Under 2023 slutade tre medarbetare, två revisorer och en nämndsekreterare."
    assert _pairs(old, new) == []


def test_a_figure_whose_direction_word_changed_is_paired():
    """"ökade" → "minskade" agrees with the new figure: the same statement."""
    assert _pairs("Andelen ökade 5 procent. Det beror på fler elever.",
                  "Andelen minskade 3 procent. Orsaken är en ny skola.") == [("5 procent", "3 procent")]


def test_figures_with_the_same_words_around_them_are_paired():
    old = "Årets resultat blev -584 tusen kronor mot budgeterade -500 tusen kronor."
    new = "Årets resultat blev 740 tusen kronor mot budgeterade -750 tusen kronor."
    assert _pairs(old, new) == [("-584", "740"), ("-500", "-750")]  # "tusen" is part of the unit


def test_none_becomes_a_figure():
    old = "Revisionskontoret föreslår att inga medel återredovisas."
    new = "Revisionskontoret föreslår att 1 405 tusen kronor återredovisas."
    pairs = figure_pairs(tokenize(old), tokenize(new))
    assert [(p.old_span.raw, p.old_span.value, p.new_span.raw) for p in pairs] == [("inga medel", 0.0, "1 405")]
    assert [(p.old_span.raw, p.new_span.raw, p.new_span.value) for p in figure_pairs(tokenize(new), tokenize(old))] \
        == [("1 405", "inga medel", 0.0)]
    # "inga" elsewhere than where the other edition has its figure is no change of a figure
    assert _pairs("Det finns inga brister i kontrollen. Vi granskade 12 nämnder.",
                  "Det finns brister i kontrollen. Vi granskade 12 nämnder.") == []


def test_a_misprinted_number_alone_in_a_cell_is_one_number_as_printed():
    assert [(s.raw, s.value) for s in find_numbers("-7 73")] == [("-7 73", None)]
    assert [(s.raw, s.value) for s in find_numbers("-7 738")] == [("-7 738", -7738.0)]
    # two small numbers, or numbers inside running text, are read as before
    assert [s.raw for s in find_numbers("12 15")] == ["12", "15"]
    assert [s.raw for s in find_numbers("Totalt 7 73 st")] == ["7", "73"]


def _report(name: str, paragraphs: list[str], year: int) -> Report:
    blocks = [Block(f"b{k}", "paragraph", text, "s1", 1, (0, 10 * k, 100, 10 * k + 9))
              for k, text in enumerate(paragraphs)]
    report = Report(Source(name, name * 64, 1), sections=[Section("s1", "3", "Analys av årets ekonomiska utfall", 1, None, 1)],
                    blocks=blocks)
    report.metadata.year = year
    return report


def test_a_sentence_restated_in_a_rewritten_paragraph_keeps_its_figure_changes():
    """A paragraph rewritten around its figures is a new passage, yet its first sentence is
    last year's with new figures: those are figure changes of the new passage."""
    common = "Nämnden följer upp ekonomin varje månad under året."
    old = _report("a", [common, "Årets negativa resultat blev -584 tusen kronor mot budgeterade -500 tusen kronor, "
                        "vilket ger en negativ avvikelse på -84 tusen kronor. Anledningen till det budgeterade "
                        "minusresultatet är den planerade ombyggnationen som genomfördes under 2022 där kostnaderna "
                        "finansieras med medel från eget kapital. Kostnaderna fördelas på tre år med ett hyrestillägg. "
                        "Arbetet färdigställdes inte som planerat, och resterande kostnader kommer att upparbetas "
                        "nästa år när elinstallationer och ljuddämpande åtgärder är klara."], 2022)
    new = _report("b", [common, "Stadsrevisionens årsresultat blev 740 tusen kronor mot budgeterade -750 tusen kronor, "
                        "vilket ger en positiv avvikelse med 1 490 tusen kronor mot budget. Den positiva avvikelsen "
                        "beror på lägre kostnader för räkenskapsrevision, konsultmedel för sakkunnigt biträde samt "
                        "kompetenshöjande insatser. Engångskostnaden har under året belastat resultatet direkt, utan att "
                        "det egna kapitalet behövde tas i anspråk. Införandet av den nya standarden för kommunal "
                        "räkenskapsrevision försenade granskningsarbetet till efter årsskiftet."], 2023)
    result = compare(old, new)
    added = [p for p in result.passages if p.status == "new"]
    assert len(added) == 1, [(p.status, p.similarity) for p in result.passages]  # too rewritten to pair
    assert [(c.old, c.new, c.unit) for c in added[0].figure_changes] == [
        ("-584", "740", "tusen kronor"), ("-500", "-750", "tusen kronor"), ("-84", "1 490", "tusen kronor")]
    assert added[0].figure_changes[2].difference == 1574


def test_an_unrelated_new_paragraph_has_no_figure_changes():
    old = _report("a", ["Under 2022 rekryterades 4 nya medarbetare till kontoret och 2 slutade."], 2022)
    new = _report("b", ["Sjukfrånvaron låg på 1,5 procent, och 3 medarbetare gick en kurs i HLR under hösten."], 2023)
    assert [c for p in compare(old, new).passages for c in p.figure_changes] == []


# -- a table figure restated for the same period -------------------------------------------------

def _table_report(name: str, year: int, header: list[str], rows: list[list[str]]) -> Report:
    blocks = [Block("b0", "caption", "Tabell 1. Utfall per nämnd, tkr", "s1", 1, (0, 0, 1, 1))]
    for r, row in enumerate([header] + rows):
        for c, text in enumerate(row):
            blocks.append(Block(f"c{r}_{c}", "table_cell", text, "s1", 1, (c, r + 1, c + 1, r + 2),
                                table="t1", row=r, col=c, header=r == 0))
    report = Report(Source(name, name * 64, 1), sections=[Section("s1", "3", "Ekonomi", 1, None, 1)], blocks=blocks)
    report.metadata.year = year
    return report


def test_a_table_figure_restated_for_the_same_year_is_an_inconsistency():
    """Last year's "Utfall 2022" column and this year's "Utfall 2022" column: the same period.
    A value printed differently is an inconsistency, with its row, period and unit; this year's
    "Utfall 2023" is last year's "Utfall 2022" updated (figure changes, not inconsistencies)."""
    old = _table_report("a", 2022, ["tkr", "Utfall 2022", "Utfall 2021"],
                        [["Övriga kostnader", "-8 177", "-6 123"], ["Intäkter", "5 214", "5 158"]])
    new = _table_report("b", 2023, ["tkr", "Utfall 2023", "Utfall 2022"],
                        [["Övriga kostnader", "-7 638", "-8 178"], ["Intäkter", "5 305", "5 214"]])
    result = compare(old, new)
    assert [(i.what, i.period, i.old_value, i.new_value, i.unit) for i in result.inconsistencies] == [
        ("Övriga kostnader | Utfall 2022", "2022", "-8 177", "-8 178", "tkr")]
    changes = {(c.row, c.column, c.old, c.new) for p in result.passages for c in p.figure_changes}
    assert ("Övriga kostnader", "Utfall 2023", "-8 177", "-7 638") in changes
    assert ("Intäkter", "Utfall 2022", "5 158", "5 214") in changes


def test_the_real_pair_s_restated_table_figure_is_found(goteborg):
    _, _, result = goteborg
    assert ("2022", "-8 177", "-8 178") in {(i.period, i.old_value, i.new_value) for i in result.inconsistencies}
