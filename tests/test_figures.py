"""Figures (extract/figures.py) on the sample corpus.

The expected figures below were read off the seed texts in ../shared/seeds/ (the corpus PDFs
are rendered from them), not from the extractor's output. A figure is found when one extracted
figure has the value and unit and its sentence contains the given words; the other keys, when
given, must hold for that same figure (``what`` is matched as a lower-case substring).
"""
import os
import re

import pytest
from labels import all_labels

from rapportanalys.model import Block, Metadata, Report, Source

LABELS = {label.name: label for label in all_labels()}


@pytest.fixture(scope="session")
def nlp():
    """The project's spaCy pipeline; skipped (failed in CI) where it has not been built."""
    from rapportanalys import nlp as nlp_module
    try:
        return nlp_module.load()
    except nlp_module.ModelNotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def figures_of(parsed, nlp):
    """``figures_of(name) -> list[Figure]`` for a corpus PDF, extracted once per session."""
    from rapportanalys.extract.figures import extract_figures
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = extract_figures(parsed(LABELS[name].pdf), nlp)
        return cache[name]

    return get


# (value, unit, words of the sentence, other expected fields)
EXPECTED = {
    "kungalv_social-hallbarhet_2023": [
        (1.7, "procent", "Långtidsarbetslösheten i Kungälv under 2023", dict(what="långtidsarbetslöshet", period="2023", group=None)),
        (3.4, "procent", "genomsnittet för riket", dict(group="riket", what="långtidsarbetslöshet")),
        (1.9, "procent", "För liknande kommuner", dict(group="liknande kommuner")),
        (147, "hushåll", "I december 2023 hade 147 hushåll", dict(period="december 2023")),
        (0.5, "procent", "Andelen vuxna biståndsmottagare", dict(is_target=True, target_year=2027, period=None,
                                                          what="andel vuxna biståndsmottagare med långvarigt bistånd")),
        (1.5, "procent", "långtidsarbetslöshet (25 – 64) år", dict(is_target=True, target_year=2027)),
        (92, "procent", "ska vara lägst 92 procent", dict(is_target=True, target_year=2027)),
        (40, "procent", "ska minska med minst 40 procent", dict(is_target=True, what="antal hushåll")),
        (0.67, "procent", "långvarigt försörjningsstöd", dict(period="2022", group=None)),
        (1.11, "procent", "långvarigt försörjningsstöd", dict(group="riket", period="2022")),
        (0.58, "procent", "liknande socioekonomiska förhållanden", dict(group="liknande kommuner")),
        (79, "procent", "från 73 procent till 79 procent", dict(previous=73, what="godkänt betyg")),
        (73, "procent", "från 73 procent till 79 procent", dict(previous=None)),
        (163, "hushåll", "motsvarande siffra var 163", dict(period="december 2022")),
        (10, "företag", "10 nya företag", dict(period="2023")),
        (12, "klasser", "totalt 12 klasser", {}),
        (292, "elever", "(292 elever)", {}),
        (445, "elever", "I åk 8 var det 445 elever", {}),
        (71, "plats", "på plats 71", dict(previous=89, period="2023")),
        (68, "invånare", "68 invånare i Kungälv", {}),
        (7, "personer", "Sju personer har deltagit", {}),
        (4, "indikatorer", "Programmets fyra indikatorer", {}),
    ],
    "kungalv_social-hallbarhet_2022": [
        (1.9, "procent", "Långtidsarbetslösheten i Kungälv under 2022", dict(what="långtidsarbetslöshet", period="2022")),
        (3.8, "procent", "genomsnittet för riket", dict(group="riket")),
        (2.1, "procent", "För liknande kommuner", dict(group="liknande kommuner")),
        (0.72, "procent", "långvarigt försörjningsstöd", dict(period="2021", group=None)),
        (1.26, "procent", "långvarigt försörjningsstöd", dict(group="riket")),
        (0.68, "procent", "liknande socioekonomiska förhållanden", dict(group="liknande kommuner")),
        (85, "procent", "motsvarande siffra för riket är 85 procent", dict(group="riket")),
        (89, "procent", "liknande kommuner 89 procent", dict(group="liknande kommuner")),
        (90, "procent", "från 84 procent till 90 procent", dict(previous=84, period="2022")),
        (84, "procent", "från 84 procent till 90 procent", dict(period="2020")),
        (162, "hushåll", "I december 2022 hade 162 hushåll", dict(period="december 2022")),
        (5, "hushåll", "minskning med fem hushåll", {}),
        (9, "företag", "nio nya företag", dict(period="2022")),
        (5176, "exemplar", "5 176 exemplar", {}),
        (50, "invånare", "50 invånare i Kungälv", {}),
        (37, "individer", "37 individer", {}),
        (3, "procent", "var tre procent av grundskolans budget", dict(period="2022")),
        (7, "procent", "sju procent 2024", dict(period="2024")),
        (35, "besök", "35 besök", {}),
        (0.5, "procent", "högst 0,5 procent innan 2027", dict(is_target=True, target_year=2027)),
    ],
    "kungalv_trygg-i-kungalv_2023": [
        (89, None, "Misshandel mot man/kvinna över 18 år", dict(previous=80, what="misshandel mot man/kvinna")),
        (63, None, "Ofredande mot man/kvinna", dict(previous=61, what="ofredande")),
        (1, None, "Sexuellt ofredande", dict(previous=4)),
        (4, None, "Grov fridskränkning", dict(previous=2, what="grov fridskränkning")),
        (4, None, "Grov kvinnofridskränkning", dict(previous=6)),
        (22, None, "Barnfridsbrott", dict(previous=15, what="barnfridsbrott")),
        (144, "ärenden", "144 registrerade ärenden", dict(period="2023")),
        (107, "personer", "inkluderade 107 personer", {}),
        (10, "procent", "drygt 10%", {}),
        (20, "procent", "ökat från 20 procent 2022", dict(period="2022")),
        (23, "procent", "till 23 procent 2023", dict(period="2023", previous=20)),
        (71, "plats", "på plats 71", dict(previous=89)),
        (290, "kommuner", "samtliga 290 kommuner", {}),
        (667, "samtal", "667 samtal", {}),
        (55, "personer", "sökte 55 personer", dict(period="2023")),
        (34, "samtycken", "34 samtycken", {}),
        (65, "procent", "65% pojkar", {}),
        (30, "deltagare", "cirka 30 deltagare", {}),
        (6, "instruktörer", "sex egna instruktörer", dict(group=None)),
        (36, "telefonsamtal", "36 telefonsamtal", dict(period="2023")),
    ],
    "lekeberg_forstudie-trygghet_2022": [
        (56.7, "procent", "56,7%", dict(what="känner sig trygg")),
        (72.2, "procent", "72,2%", {}),
        (37.8, "procent", "37.8% angett", dict(period="2021")),
        (24.7, "procent", "24.7% angett", dict(period="2021")),
        (14.1, "procent", "14.1% angett", {}),
        (684, "respondenter", "684 respondenter", {}),
        (7.3, None, "från 4,1 till 7,3", dict(previous=4.1, period="2020")),
        (4.1, None, "från 4,1 till 7,3", dict(period="2017")),
        (18, "plats", "18:e plats", {}),
        (10, "procent", "10-15%", {}),
        (4, "gånger", "fyra gånger per år och rådet", {}),
        (4, "områden", "fyra prioriterade områden", {}),
    ],
    "kalmar_handlingsplaner_2020": [
        (6.2, "poäng", "+6,2 poäng", {}),
        (30, None, "topp 30", {}),
        (50, None, "topp 50", {}),
        (5, "minoritetsspråk", "samtliga fem nationella minoritetsspråk", {}),
        (5, "minoritetsspråk", "de fem nationella minoritetsspråken", {}),
        (2, "frågor", "två viktiga frågor", {}),
        (2, "detaljplaner", "två nya detaljplaner", {}),
        (3, "delar", "alla tre delar", {}),
    ],
}

# every corpus PDF of a seed, its layout variants included, against that seed's figures
CASES = [(label.name, *row) for base, rows in EXPECTED.items() for label in LABELS.values() if label.base == base
         for row in rows]


def _matches(figure, value, unit, words, fields) -> bool:
    if figure.value != pytest.approx(value) or figure.unit != unit or words not in figure.sentence:
        return False
    for key, expected in fields.items():
        got = getattr(figure, key)
        if key == "what":
            if got is None or expected.lower() not in got.lower():
                return False
        elif key == "previous" and expected is not None:
            if got is None or got != pytest.approx(expected):
                return False
        elif got != expected:
            return False
    return True


@pytest.mark.parametrize("name,value,unit,words,fields", CASES,
                         ids=[f"{c[0] if '.' in c[0] else c[0].split('_')[0]}-{c[3][:30]}" for c in CASES])
def test_expected_figure(figures_of, name, value, unit, words, fields):
    figures = figures_of(name)
    if not any(_matches(f, value, unit, words, fields) for f in figures):
        near = [f for f in figures if f.value == pytest.approx(value) or words in f.sentence]
        pytest.fail(f"{value} {unit} ({words!r}, {fields}) not found; near: {near}")


def test_at_least_eight_per_document():
    assert all(len(rows) >= 8 for rows in EXPECTED.values())


# -- what is not a figure ----------------------------------------------------------------------

# Years, dates, case numbers, law and section references, phone numbers of the seeds.
NOT_FIGURES = {
    "kungalv_social-hallbarhet_2023": ["KS2019/0202", "2024-02-20", "4.1", "2027", "2023", "2022", "2019"],
    "kungalv_social-hallbarhet_2022": ["KS2019/0202", "2027", "2021", "2018"],
    "kungalv_trygg-i-kungalv_2023": ["KS2019/0202", "2024-02-20", "2023:196", "2024:196", "1993:2",
                                     "2022:39", "4.1.1", "2008"],
    "kalmar_handlingsplaner_2020": ["KS 2020/0357", "2020-04-21", "2020-03-24", "2020-05-25",
                                    "0480-450167", "50010", "2016-2020"],
    "lekeberg_forstudie-trygghet_2022": ["2021-11-22", "2017-05-30", "2017-10-17", "2020-09-24",
                                         "2022-2025", "100 000", "1000"],
}
_DATE_OR_CASE = re.compile(r"(?:19|20)\d\d-\d\d-\d\d|[A-ZÅÄÖ]{1,6}\s?\d{4}/\d+|(?:19|20)\d\d:\d+")


@pytest.mark.parametrize("name", sorted(n for n, label in LABELS.items() if label.base in NOT_FIGURES))
def test_years_dates_and_case_numbers_are_not_figures(figures_of, name):
    figures = figures_of(name)
    for text in NOT_FIGURES[LABELS[name].base]:
        assert not [f for f in figures if f.raw.split(" (")[0].strip() == text], text
    years = [f for f in figures if f.value == int(f.value) and 1900 <= f.value <= 2100]
    assert not years, years
    assert not [f for f in figures if _DATE_OR_CASE.search(f.raw)]
    assert not [f for f in figures if re.fullmatch(r"\d+\.\d+(?:\.\d+)*", f.raw)]  # section numbers


def test_target_year_is_not_a_figure(figures_of):
    target = [f for f in figures_of("kungalv_social-hallbarhet_2023") if "innan 2027" in f.sentence]
    assert target and all(f.target_year == 2027 and f.value != 2027 for f in target)


def test_identifiers_ages_and_toc_are_not_figures(figures_of):
    kungalv = figures_of("kungalv_social-hallbarhet_2023")
    # the table of contents is not body text: its page numbers are not figures
    assert not [f for f in kungalv if re.search(r"\.{3,}|Innehållsförteckning", f.sentence)]
    assert not [f for f in kungalv if "Tidiga insatser för barn och unga" in f.sentence and f.value == 8]
    # ages that define a population, grades, goal labels
    assert not [f for f in kungalv if f.value in (25, 64) and "25 – 64" in f.sentence]
    assert not [f for f in kungalv if f.value in (8, 9) and re.search(r"(?:åk|årskurs) [89]\b", f.sentence)
                and f.unit is None]
    assert not [f for f in kungalv if f.sentence.startswith("Mål ")]
    trygg = figures_of("kungalv_trygg-i-kungalv_2023")
    assert not [f for f in trygg if f.value == 18 and f.unit is None]  # "över 18 år"
    assert not [f for f in trygg if f.value in (4, 10) and "§" in f.sentence and f.unit is None]
    lekeberg = figures_of("lekeberg_forstudie-trygghet_2022")
    assert not [f for f in lekeberg if f.value in (100000, 1000)]  # "per 100 000 invånare"
    assert not [f for f in lekeberg if "Fråga" in f.sentence and f.value in (1, 2)]


def test_precision_kungalv_2023_no_years_dates_or_case_numbers(figures_of):
    """Of all figures reported on Kungälv 2023, none is a year, a date or a case number."""
    wrong = [f for f in figures_of("kungalv_social-hallbarhet_2023")
             if (f.value == int(f.value) and 1900 <= f.value <= 2100) or _DATE_OR_CASE.search(f.raw)
             or re.search(r"\bdnr\b|\bKS\s?\d", f.raw, re.IGNORECASE)]
    assert wrong == [], "\n".join(f"{f.raw!r} p{f.page}: {f.sentence}" for f in wrong)


# -- sentences and table cells, on small hand-made reports ---------------------------------------

def _report(*blocks: Block, municipality="Kungälv") -> Report:
    return Report(source=Source("x.pdf", "0", 1), metadata=Metadata(municipality=municipality),
                  blocks=list(blocks))


def _block(i, text, **kw) -> Block:
    return Block(id=f"b{i}", kind=kw.pop("kind", "paragraph"), text=text, section=None, page=1,
                 bbox=(0, 0, 1, 1), **kw)


def test_abbreviations_stay_inside_sentences(nlp):
    from rapportanalys.extract.figures import extract_figures
    text = ("Kommunen har bl.a. 12 fritidsgårdar, t.ex. i Kode. Enligt prop. 2019/20:1 ska "
            "andelen vara högst 5 procent. Vidare finns 3 bibliotek m.fl. Därtill kommer 4 bad.")
    figures = {f.value: f for f in extract_figures(_report(_block(1, text)), nlp)}
    assert figures[12].sentence == "Kommunen har bl.a. 12 fritidsgårdar, t.ex. i Kode."
    assert figures[5].sentence.startswith("Enligt prop. 2019/20:1 ska") and figures[5].is_target
    assert figures[3].sentence == "Vidare finns 3 bibliotek m.fl."  # m.fl. may end a sentence
    assert figures[4].unit == "bad"
    assert set(figures) == {12, 5, 3, 4}


def test_table_cells_take_row_label_and_column_header(nlp):
    from rapportanalys.extract.figures import extract_figures
    rows = [["Indikator", "2022", "2023", "Mål 2027"],
            ["Långtidsarbetslöshet (%)", "1,9", "1,7", "1,5"],
            ["Antal hushåll med socialt kontrakt", "162", "147", ""],
            ["Kommunbidrag (tkr)", "-360,5", "Se text ovan om kommunbidraget som ökat till 400 tkr", ""]]
    blocks = [_block(10 * r + c, text, kind="table_cell", table="t1", row=r, col=c, header=r == 0)
              for r, row in enumerate(rows) for c, text in enumerate(row) if text]
    figures = extract_figures(_report(*blocks), nlp)
    by_value = {f.value: f for f in figures}
    assert by_value[1.7].unit == "procent" and by_value[1.7].period == "2023"
    assert by_value[1.7].what.startswith("Långtidsarbetslöshet")
    assert by_value[1.5].is_target and by_value[1.5].target_year == 2027 and by_value[1.5].period is None
    assert by_value[147].what.startswith("Antal hushåll med socialt kontrakt") and by_value[147].unit is None
    assert by_value[-360.5].unit == "tkr"
    # a cell that is a sentence says what it is about itself
    assert by_value[400].unit == "tkr" and by_value[400].sentence.startswith("Se text ovan")
    assert not [f for f in figures if f.value in (2022, 2023, 2027)]
    assert all(f.block.startswith("b") and f.page == 1 for f in figures)


def test_real_table_cells(parsed, nlp):
    from conftest import real_pdf

    from rapportanalys.extract.figures import extract_figures
    report = parsed(real_pdf("goteborg_intraservice_delarsrapport_2026-03.pdf"))
    figures = extract_figures(report, nlp)
    sla = [f for f in figures if f.value == pytest.approx(87.5) and f.what and f.what.startswith("Antal incidenter")]
    assert sla and sla[0].unit == "procent" and sla[0].period == "2026"
    assert any(f.value == pytest.approx(-2.7) and f.unit == "procent" for f in figures)


@pytest.mark.parametrize("child", ["ok", "crashed"])
def test_figures_found_beside_a_child_are_those_of_one_pass(parsed, nlp, monkeypatch, child):
    """``parse`` as a command finds a long report's later figures in a forked child: the same
    figures, in the same order, as one pass; and all of them, done here, when the child fails."""
    from rapportanalys.extract import figures as module
    from rapportanalys.read import isolated

    report = parsed(LABELS["kungalv_trygg-i-kungalv_2023"].pdf)
    alone = module.extract_figures(report, nlp)
    real = isolated.run_isolated
    statuses = []

    def run(*args, **kwargs):
        if child == "ok":
            ran = real(*args, **kwargs)
        else:  # the parent's half done, the child dead
            kwargs["while_waiting"]()
            ran = isolated.Isolated("crashed", 9)
        statuses.append(ran.status)
        return ran

    monkeypatch.setattr(isolated, "run_isolated", run)
    monkeypatch.setattr(module, "_BESIDE_MIN_CHARS", 1000)  # the corpus's reports are short
    beside = module.extract_figures(report, nlp, beside=True)
    assert statuses == [child]
    assert len(alone) > 20 and beside == alone
