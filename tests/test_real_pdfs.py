"""Real municipal PDFs from ../shared/real, read in place.

The headings asserted here were checked by eye against the pages (rendered with pdftoppm):
the tables of contents of the årsredogörelse 2023 (p. 3) and of the Intraservice delårsrapport
(p. 2), and the numbered chapters of the Söderköping plan.
"""

import pytest

from conftest import REAL, real_pdf

NO_TEXT_LAYER = {"goteborg_stadsrevisionen_rapportsammandrag_arbetet_mot_hedersrelaterat_vald_och_fortryck_2023.pdf"}
TEXT_PDFS = sorted(p.name for p in REAL.glob("*.pdf") if p.name not in NO_TEXT_LAYER) if REAL.exists() else []


@pytest.mark.parametrize("name", TEXT_PDFS)
def test_every_text_pdf_parses(parsed, name):
    report = parsed(real_pdf(name))
    assert report.source.pages > 0
    assert report.blocks, "no text blocks"
    assert report.metadata.year is not None
    for block in report.blocks:
        assert block.text.strip()
        assert 1 <= block.page <= report.source.pages
        x0, top, x1, bottom = block.bbox
        assert x0 <= x1 and top <= bottom
    ids = {s.id for s in report.sections}
    assert all(s.parent is None or s.parent in ids for s in report.sections)
    assert all(b.section is None or b.section in ids for b in report.blocks)


def _children(report, title):
    parent = next(s for s in report.sections if s.title == title)
    return [s.title for s in report.sections if s.parent == parent.id]


def test_arsredogorelse_2023_sections(parsed):
    report = parsed(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2023.pdf"))
    top = ["Förord av ordförande", "Granskning av verksamheterna", "Stadsrevisionen har även granskat",
           "Göteborgs Stads årsredovisning 2023", "Uppföljning av kritik från 2022",
           "Stadsrevisionen i Göteborgs Stad"]
    by_title = {s.title: s for s in report.sections}
    for title in top:
        assert title in by_title, title
    assert len({by_title[t].level for t in top}) == 1, "the TOC's top entries share one level"
    reviews = _children(report, "Granskning av verksamheterna")
    for title in ["Kritik riktas till Älvstranden utveckling AB", "Kritik riktas till förskolenämnden",
                  "Socialnämndernas arbete med kompetensförsörjning", "Avgifter för vatten och avlopp",
                  "Styrning, kontinuitet och uppföljning av hemtjänst"]:
        assert title in reviews
    assert _children(report, "Stadsrevisionen i Göteborgs Stad") == [
        "Förtroendevalda revisorer", "Revisorernas granskning", "Rapportering och kommunikation",
        "Språkbruk och revisionstermer"]
    # a repeated sub-heading is a section under each parent
    assert "Bedömning" in _children(report, "Kritik riktas till Älvstranden utveckling AB")
    assert "Bedömning" in _children(report, "Kritik riktas till förskolenämnden")
    # the TOC is not body text
    assert not any("......" in b.text for b in report.blocks)


def test_arsredogorelse_2023_two_columns_read_in_order(parsed):
    report = parsed(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2023.pdf"))
    section = next(s for s in report.sections if s.title == "Bedömning" and s.page == 6)
    texts = [b.text for b in report.blocks if b.section == section.id]
    # the paragraph runs from the foot of the left column to the top of the right one
    assert any("interna kontrollen behöver förbättras. Bolaget har även en historik av bristande"
               " regelefterlevnad" in t for t in texts)
    assert report.metadata.title == "Stadsrevisionens årsredogörelse och årsrapport för 2023"
    assert report.metadata.municipality == "Göteborg"


def test_two_full_stops_are_no_dot_leader(parsed):
    """Page 14 of the årsredogörelse 2023 (seen at 60 dpi) ends a left-column paragraph on a
    typo, "… kända i verksamheten..", level with the right column's heading "Mer om
    granskningen". Two full stops are no TOC leader: the gutter after them still parts the
    columns, so neither column's lines are read across into the other."""
    report = parsed(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2023.pdf"))
    texts = [b.text for b in report.blocks if b.page == 14]
    assert any(t.endswith("rutiner för orosanmälningar och att dessa var kända i verksamheten..") for t in texts)
    assert not any("verksamheten.. Mer om" in t or "utgick från Bedömning" in t for t in texts)
    assert "Mer om granskningen" in [s.title for s in report.sections if s.page == 14]


def test_a_dot_leader_keeps_its_page_number():
    """A leader of three or more dots still leads to its page number across a wide gap."""
    from rapportanalys.read import Word
    from rapportanalys.structure.layout import Line, _split_at_gutters

    words = [Word("Inledning", 70, 100, 120, 110, "Serif", 10, False, False),
             Word("........", 122, 100, 300, 110, "Serif", 10, False, False),
             Word("3", 340, 100, 346, 110, "Serif", 10, False, False)]
    assert len(_split_at_gutters(Line(words, 1), 10.0)) == 1
    words[1] = Word("verksamheten..", 122, 100, 190, 110, "Serif", 10, False, False)
    assert len(_split_at_gutters(Line(words, 1), 10.0)) == 2


def test_intraservice_delarsrapport_toc_headings(parsed):
    report = parsed(real_pdf("goteborg_intraservice_delarsrapport_2026-03.pdf"))
    numbered = [(s.number, s.title, s.level) for s in report.sections if s.number]
    assert numbered == [
        ("1", "Sammanfattning", 1),
        ("2", "Väsentlig styrinformation till kommunledningen", 1),
        ("2.1", "Verksamhetens utveckling", 2),
        ("2.1.1", "Mått/nyckeltal som beskriver verksamhetens utveckling", 3),
        ("2.1.2", "Väsentliga avvikelser i verksamhetens utveckling", 3),
        ("2.2", "Utveckling inom personalområdet", 2),
        ("2.2.1", "Personalvolymsutveckling", 3),
        ("2.2.2", "Årlig uppföljning av aktiva åtgärder och systematiskt arbetsmiljöarbete", 3),
        ("2.3", "Ekonomisk uppföljning", 2),
        ("2.3.1", "Resultatredovisning i sammandrag nämnder", 3),
        ("2.3.2", "Utfall till och med perioden", 3),
        ("2.3.3", "Prognos", 3),
        ("2.3.4", "Uppföljning av kommuncentrala poster som hanteras genom beslut av andra nämnder", 3),
        ("2.3.5", "Resultatuppföljning tjänster och förändringsinsatser Intraservice", 3),
        ("3", "Övrig uppföljning till kommunledningen", 1),
        ("3.1", "Uppföljning av särskilda beslut och uppdrag", 2),
        ("3.1.1", "Effektivisering genom minskad administration och digitalisering", 3),
        ("3.2", "Övrig styrinformation till kommunledningen", 2),
        ("4", "Insamling av information inför Budget 2027", 1),
        ("5", "Styrinformation till nämnden", 1),
        ("5.1", "Verksamhetsmål från nämnden", 2),
        ("5.2", "Uppdrag", 2),
        ("5.2.1", "Sociala dimensionen", 3),
        ("5.2.2", "Ekologiska dimensionen", 3),
        ("5.2.3", "Ekonomiska dimensionen", 3),
    ]
    m = report.metadata
    assert (m.doc_type, m.year, m.body) == ("delårsrapport", 2026, "Nämnden för Intraservice")
    # page numbers "3 (26)" are furniture, not text
    assert not any(b.text.strip() == f"{b.page} (26)" for b in report.blocks)
    assert any(b.kind == "table_cell" for b in report.blocks)


def test_soderkoping_numbered_chapters(parsed):
    report = parsed(real_pdf("soderkoping_mal-strategier-miljo-klimat_2022.pdf"))
    top = [(s.number, s.title) for s in report.sections if s.level == 1]
    assert top == [("1", "Sammanfattning"), ("2", "Om uppdraget"), ("3", "Befintliga mål och strategier"),
                   ("4", "Omvärldsbevakning"), ("5", "Fortsatt arbete")]
    by_number = {s.number: s for s in report.sections if s.number}
    # a footnote reference on a heading is not part of its title
    assert by_number["3.1"].title == "Globala mål utifrån Agenda 2030"
    assert by_number["4.1"].title == "Stort behov av klimatanpassningsåtgärder"
    assert report.section(by_number["3.1.2"].parent).number == "3.1"
    assert report.metadata.municipality == "Söderköping"
