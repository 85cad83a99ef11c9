"""reuse: passages shared between reports or repeated inside one, on the sample corpus and on
../shared/real; template text is boilerplate."""
import pytest

from rapportanalys.compare import ReuseSettings, find_reuse
from rapportanalys.errors import RapportanalysError
from rapportanalys.model import Block, Report, Section, Source
from conftest import REAL, ROOT, shared_file

CORPUS = sorted((ROOT / "corpus").glob("*.pdf"))
PROGRAM = str(ROOT / "corpus" / "kungalv_social-hallbarhet_2023.pdf")
TRYGG = str(ROOT / "corpus" / "kungalv_trygg-i-kungalv_2023.pdf")
KALMAR = str(ROOT / "corpus" / "kalmar_handlingsplaner_2020.pdf")
LEKEBERG = str(ROOT / "corpus" / "lekeberg_forstudie-trygghet_2022.pdf")


@pytest.fixture(scope="module")
def corpus(parsed):
    return find_reuse([parsed(p) for p in CORPUS])


def _between(result, a, b):
    return [m for m in result.matches if {m.a.report, m.b.report} == {a, b}]


def _side(match, report):
    return match.a if match.a.report == report else match.b


def _find(matches, start):
    found = [m for m in matches if m.a.text.startswith(start) or m.b.text.startswith(start)]
    assert found, f"no match starting {start!r}"
    return found[0]


def test_program_follow_up_shares_passages_with_the_trygg_report(corpus):
    shared = _between(corpus, PROGRAM, TRYGG)
    for start in ("Kommunens brottsförebyggande och trygghetsskapande arbete bygger på samverkan med samtliga",
                  "Kungälvs kommun placerade sig år 2023 på plats 71"):
        m = _find(shared, start)
        assert not m.boilerplate and m.sentences >= 2 and m.similarity > 0.95


def test_a_passage_inside_a_table_cell_is_found(corpus, parsed):
    m = _find(_between(corpus, PROGRAM, TRYGG), "Ett våld i nära-team har under hösten 2023 organiserats")
    assert not m.boilerplate
    cell = _side(m, TRYGG)
    block = next(b for b in parsed(TRYGG).blocks if b.id == cell.block)
    assert block.kind == "table_cell"
    assert len(cell.text) < len(block.text) / 2  # the passage, not the whole cell
    assert cell.text.rstrip().endswith("fortsätter under 2024.")


def test_a_sentence_inside_a_longer_sentence_is_found(corpus):
    m = _find(_between(corpus, PROGRAM, TRYGG), "Beträffande trygghet har förvaltningen Utökat samarbete")
    assert not m.boilerplate and _side(m, TRYGG).text.startswith("Utökat samarbete kring kommunens")


def test_the_passage_repeated_inside_the_trygg_report(corpus):
    inside = [m for m in corpus.matches if m.a.report == m.b.report == TRYGG and not m.boilerplate]
    m = next(m for m in inside if "Under 2023 sammanställde säkerhetsenheten kartläggningen" in m.a.text)
    assert m.a.section.startswith("4 ") and m.a.block != m.b.block
    assert "4.4.1" in m.a.section and "4.5.1" in m.b.section


def test_nothing_long_shared_between_kalmar_and_lekeberg_but_boilerplate(corpus):
    shared = _between(corpus, KALMAR, LEKEBERG)
    assert [m for m in shared if m.chars >= 80 and not m.boilerplate] == []


def test_goal_area_captions_are_boilerplate(corpus):
    captions = [m for m in corpus.matches if m.a.text.startswith("Mål 3: God hälsa och välbefinnande")]
    assert captions and all(m.boilerplate for m in captions)


def test_result_json_has_the_contract_fields(corpus):
    data = corpus.to_dict()
    assert data["settings"] == ReuseSettings().to_dict()
    for m in data["matches"]:
        assert set(m) >= {"a", "b", "similarity", "chars", "boilerplate"}
        for side in ("a", "b"):
            assert set(m[side]) >= {"report", "text", "section", "page"}
    copied = [m["boilerplate"] for m in data["matches"]]
    assert copied == sorted(copied)  # copying first, boilerplate apart after it


# -- made-up reports -----------------------------------------------------------------------------

def _report(path, paragraphs):
    blocks = [Block(f"b{k}", "paragraph", t, "s1", 1, (0, 0, 1, 1)) for k, t in enumerate(paragraphs, start=1)]
    return Report(Source(path, "0" * 64, 1), sections=[Section("s1", None, "Text", 1, None, 1)], blocks=blocks)


TEMPLATE = "Vi vill betona vikten av att nämnden vidtar lämpliga åtgärder med anledning av rekommendationerna."
COPIED = ("Kommunen har under året arbetat med att ta fram en ny plan för trygghet i centrum. "
          "Planen antogs av kommunfullmäktige i december och gäller till och med år 2027.")


def test_template_text_in_many_reports_is_boilerplate_and_copying_is_not():
    reports = [_report(f"r{k}.pdf", [f"Granskningen gällde område {k} och dess styrning i detalj.", TEMPLATE,
                                     "Vi lämnar följande rekommendationer till nämnden efter granskningen."])
               for k in range(4)]
    reports[0].blocks.append(Block("b9", "paragraph", COPIED, "s1", 1, (0, 0, 1, 1)))
    reports[1].blocks.append(Block("b9", "paragraph", "Inledning. " + COPIED + " Mer text följer här.", "s1", 1, (0, 0, 1, 1)))
    result = find_reuse(reports)
    copies = [m for m in result.matches if not m.boilerplate]
    assert len(copies) == 1 and copies[0].a.text == COPIED and copies[0].sentences == 2
    assert any(m.boilerplate and TEMPLATE in m.a.text for m in result.matches)


def test_short_or_single_short_sentences_are_not_reported():
    short = "Källa: Kolada."
    one = "Arbetet fortsätter under nästa år."
    result = find_reuse([_report("a.pdf", [short, one]), _report("b.pdf", [one, short])])
    assert result.matches == []


# -- real PDFs -----------------------------------------------------------------------------------

def test_template_of_the_audit_summaries_is_boilerplate(parsed):
    pdfs = sorted(shared_file(REAL).glob("*.pdf"))
    reports = []
    for pdf in pdfs:
        try:
            reports.append(parsed(pdf))
        except RapportanalysError:  # the one without a text layer
            continue
    result = find_reuse(reports)
    template = [m for m in result.matches if "Vi vill betona vikten av att" in m.a.text]
    reports_with_it = {m.a.report for m in template} | {m.b.report for m in template}
    assert len(reports_with_it) >= 3 and all("rapportsammandrag" in r for r in reports_with_it)
    assert all(m.boilerplate for m in template)
