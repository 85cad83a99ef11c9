"""Joining lines into running text: hyphenation, compounds, list markers."""
import pytest

from rapportanalys.structure.paragraphs import Para, join_hyphenated, join_lines, list_marker


@pytest.mark.parametrize("left,right,joined", [
    ("Granskningen visade att bo-", "lagets rutiner", "Granskningen visade att bolagets rutiner"),
    ("insatser för barn- och", "ungdomar", "insatser för barn- och ungdomar"),
    ("samverkan mellan hälso-", "och sjukvård", "samverkan mellan hälso- och sjukvård"),
    ("drift av IT-", "system", "drift av IT-system"),
    ("en ökning i Agenda-", "2030", "en ökning i Agenda-2030"),
    ("utan avstavning", "här", "utan avstavning här"),
    ("mjuk\u00adav-\u00ad", "stavning", "mjuk\u00adav-stavning"),
])
def test_join_hyphenated(left, right, joined):
    assert join_hyphenated(left, right) == joined


def test_join_lines_collapses_spaces():
    assert join_lines(["Kungälv  har", " bra resultat."]) == "Kungälv har bra resultat."


@pytest.mark.parametrize("text,marker", [
    ("• Ett utökat arbete mot våld.", "•"),
    ("- Tidiga insatser", "-"),
    ("1. Tidiga insatser för barn och unga", "1."),
    ("2) Hälsa", "2)"),
    ("a) första punkten", "a)"),
    ("2022 var andelen elever särskilt hög", None),
    ("Kungälv placerade sig på plats 71", None),
    ("-5 grader", None),
])
def test_list_marker(text, marker):
    assert list_marker(text) == marker


def test_real_hyphen_kept_when_the_document_spells_it_so():
    from rapportanalys.structure.paragraphs import Vocabulary

    vocab = Vocabulary(["samarbete", "med", "Mini-Maria", "och", "bolagets"])
    assert join_hyphenated("polis/TUM/Mini-", "maria och SSPF", vocab) == "polis/TUM/Mini-maria och SSPF"
    assert join_hyphenated("granskat bo-", "lagets uthyrning", vocab) == "granskat bolagets uthyrning"


def test_a_first_part_the_document_always_hyphenates_keeps_its_hyphen():
    from rapportanalys.structure.paragraphs import Vocabulary

    vocab = Vocabulary(["Hbtq-handlingsplan", "hbtq-frågor", "perspektivet", "klimatanpassning"])
    assert join_hyphenated("utifrån normkritik och hbtq-", "perspektivet har", vocab) == \
        "utifrån normkritik och hbtq-perspektivet har"
    # a first part the document also writes closed is a line-end hyphenation
    vocab = Vocabulary(["klimat-", "klimatstrategi", "klimat-och"])
    assert join_hyphenated("arbetet med klimat-", "anpassning", vocab) == "arbetet med klimatanpassning"


def test_a_one_letter_first_part_keeps_its_hyphen():
    assert join_hyphenated("har utvecklat en e-", "tjänst för orosanmälan") == "har utvecklat en e-tjänst för orosanmälan"


def _lines(rows, x=70.0, size=10.5):
    """Lines at (top, text), words 5.5 pt per letter."""
    from rapportanalys.read import Word
    from rapportanalys.structure.layout import group_lines

    words = []
    for top, text in rows:
        at = x
        for t in text.split():
            words.append(Word(t, at, top, at + 5.5 * len(t), top + size, "Serif", size, False, False))
            at += 5.5 * len(t) + 3
    return group_lines(words, 1)


def test_entries_of_two_lines_set_apart_by_a_gap_are_one_block_each():
    """File names in a column, one per paragraph, some wrapped: the wider gaps part them, even
    where a wrapped entry's lines read like a column of short names."""
    from rapportanalys.structure.paragraphs import assemble

    rows = [(73.0, "Bostadsförsörjning riktlinjer"), (86.5, "uppföljning KF 2020"),
            (106.0, "Drogpolitiskt program uppföljning KF"), (119.5, "2020"),
            (139.0, "Funktionshinderstrategin uppföljning"), (152.5, "KF 2020"),
            (172.0, "HBTQ-handlingsplan uppföljning KF"), (185.5, "2020")]
    paras = assemble(_lines(rows), 10.5, right_edge=272.0, leading=3.0)
    assert [p.text for p in paras] == ["Bostadsförsörjning riktlinjer uppföljning KF 2020",
                                       "Drogpolitiskt program uppföljning KF 2020",
                                       "Funktionshinderstrategin uppföljning KF 2020",
                                       "HBTQ-handlingsplan uppföljning KF 2020"]


def test_a_tall_glyph_does_not_make_the_leading():
    """One measured gap, narrowed by a tall glyph, is not this region's leading: the next line
    at the document's leading is the same paragraph."""
    from rapportanalys.structure.paragraphs import assemble

    lines = _lines([(628.0, "Handlingsplanen beräknas vara"), (642.2, "genomförd 2020. Därefter bör årliga"),
                    (655.7, "mål/aktiviteter finnas med i"), (669.2, "Verksamhetsplanen.")], x=311.5)
    lines[2].top, lines[2].bottom = 653.2, 666.2  # "/" reaches above and below the line
    paras = assemble(lines, 10.5, right_edge=500.0, leading=3.0)
    assert len(paras) == 1, [p.text for p in paras]


@pytest.mark.parametrize("end, start, joined", [
    ("årliga mål/aktiviteter finnas med i", "Verksamhetsplanen.", True),  # a preposition never ends one
    ("ansvaret ligger hos", "Socialnämnden och skolan.", True),
    ("arbetet pågår enligt plan.", "Kommunen kommer att", False),
    ("arbetet pågår enligt plan", "Kommunen kommer att", False),  # a noun may end a heading-like line
])
def test_a_sentence_open_at_a_column_break_runs_on_into_a_name(end, start, joined):
    from rapportanalys.structure.build import _continues
    from rapportanalys.structure.paragraphs import Para

    a = Para(_lines([(700.0, end)])).finish()
    b = Para(_lines([(73.0, start)], x=312.0)).finish()
    b.lines[0].region = a.lines[0].region + 1
    assert _continues(a, b) is joined


def test_a_sentence_open_at_a_column_break_runs_on_into_a_bracket():
    from rapportanalys.structure.build import _continues
    from rapportanalys.structure.paragraphs import Para

    a = Para(_lines([(700.0, "förtroendet för revisionen och sammanhang")])).finish()
    b = Para(_lines([(73.0, "(bland annat förtroende). Det är viktigt.")], x=312.0)).finish()
    b.lines[0].region = a.lines[0].region + 1
    assert _continues(a, b)
    b = Para(_lines([(73.0, "(1,26 procent)). Det är viktigt.")], x=312.0)).finish()
    b.lines[0].region = a.lines[0].region + 1
    assert _continues(a, b)


def test_a_paragraph_wrapped_at_the_column_end_runs_on_into_a_capital():
    """The 2023 two-column variant, p7 (seen at 60 dpi): "… och kommuner i Västra" fills the
    left column's last line and "Götaland och Hallands län …" opens the right column. A last
    line that reaches the column's edge without ending a sentence wrapped: one paragraph."""
    from rapportanalys.structure.build import _continues
    from rapportanalys.structure.paragraphs import assemble

    rows = [(686.5, "Projektet anordnas av Västtrafik och"), (700.0, "kommuner i hela landet i Västra")]
    lines = _lines(rows)
    a = assemble(lines, 10.5, right_edge=lines[0].x1)[-1]
    assert len(a.lines) == 2
    b = Para(_lines([(73.0, "Götaland och Hallands län har möjlighet att delta.")], x=312.0)).finish()
    b.lines[0].region = a.lines[0].region + 1
    assert _continues(a, b)
    # room left on the line for "Götaland": the paragraph ended there
    a.right_edge += 60.0
    assert not _continues(a, b)


@pytest.mark.parametrize("rows", [
    [(686.5, "Barnkonventionen uppföljning KF 2020")],  # a one-line entry that makes the edge itself
    [(686.5, "Projektet anordnas av Västtrafik och"), (700.0, "kommuner i Västra län.")],  # a sentence's end
])
def test_no_run_on_after_an_ended_or_one_line_paragraph(rows):
    from rapportanalys.structure.build import _continues
    from rapportanalys.structure.paragraphs import assemble

    lines = _lines(rows)
    a = assemble(lines, 10.5, right_edge=max(l.x1 for l in lines))[-1]
    b = Para(_lines([(73.0, "Bostadsförsörjning riktlinjer uppföljning KF 2020")], x=312.0)).finish()
    b.lines[0].region = a.lines[0].region + 1
    assert not _continues(a, b)


@pytest.mark.parametrize("left,right,joined", [
    ("Strategi för jämställdhet 2018–", "2022.", "Strategi för jämställdhet 2018–2022."),  # Kalmar p1
    ("måluppfyllelse, 2022-12-", "13, samt i", "måluppfyllelse, 2022-12-13, samt i"),  # årsredogörelse 2022 p13
    ("området, ton CO2-", "ekvivalenter/invånare.", "området, ton CO2-ekvivalenter/invånare."),  # Söderköping p15
    ("Delårsrapport mars 2026-", "nämnder och styrelser", "Delårsrapport mars 2026- nämnder och styrelser"),
    ("för 16-", "och 17-åringar", "för 16- och 17-åringar"),
])
def test_a_dash_after_a_number_at_a_line_end(left, right, joined):
    """A range, a date or a compound broken at its dash after a digit is one word again (the
    pages print "2018–" / "2022"); a word after a bare number stays apart."""
    assert join_hyphenated(left, right) == joined


def test_a_dash_opening_a_list_items_wrapped_line_is_no_new_item():
    """Kalmar p1 (seen at 60 dpi): "• Integration - en handlingsplan … kalmarbor" fills its line
    and "- 2016-2020" goes on under the item's text. That dash is the title's, not a marker."""
    from rapportanalys.structure.paragraphs import assemble

    first = _lines([(637.0, "• Integration - en handlingsplan med fokus på inrikes och utrikes födda kalmarbor")], x=71.0)
    # under the item's text, not under its bullet
    lines = first + _lines([(650.7, "- 2016-2020")], x=first[0].words[1].x0) + \
        _lines([(666.4, "• På lika villkor - hbtq-handlingsplan 2016-2020")], x=71.0)
    paras = assemble(lines, 10.5, right_edge=lines[0].x1)
    assert [(p.kind, p.text) for p in paras] == [
        ("list_item", "Integration - en handlingsplan med fokus på inrikes och utrikes födda kalmarbor - 2016-2020"),
        ("list_item", "På lika villkor - hbtq-handlingsplan 2016-2020")]


def test_a_line_end_hyphen_is_printed_text_in_a_document_that_hyphenates_nowhere():
    from rapportanalys.structure.paragraphs import Vocabulary

    # no word broken at a line end is printed whole elsewhere: the typesetter does not hyphenate
    plain = Vocabulary(["mellan", "de", "fem", "Sydnärke-", "kommunerna:", "Laxå,", "förvaltnings-specifika"])
    assert join_hyphenated("de fem Sydnärke-", "kommunerna: Laxå,", plain) == "de fem Sydnärke-kommunerna: Laxå,"
    # "bo-" / "lagets" beside "bolagets" shows that it does: a line-end hyphen is a hyphenation
    hyphenating = Vocabulary(["granskat", "bo-", "lagets", "uthyrning", "bolagets", "Sydnärke-", "kommunerna:"])
    assert hyphenating.hyphenates and not plain.hyphenates
    assert join_hyphenated("de fem Sydnärke-", "kommunerna: Laxå,", hyphenating) == "de fem Sydnärkekommunerna: Laxå,"


@pytest.mark.parametrize("pdf, printed", [
    # p15 prints "… de fem Sydnärke-" / "kommunerna: Laxå, …" (page image at 80 dpi)
    ("corpus/variants/lekeberg_forstudie-trygghet_2022.chromium.pdf", "de fem Sydnärke-kommunerna: Laxå"),
    # p8, right column: "… låg- och mellanstadiet (förskoleklass-" / "årskurs fem)." (100 dpi)
    ("corpus/variants/kungalv_social-hallbarhet_2022.chromium-twocol.pdf", "(förskoleklass-årskurs fem)."),
])
def test_a_compound_hyphen_at_a_line_end_is_kept(pdf, printed):
    from pathlib import Path

    from rapportanalys.read import read_pdf
    from rapportanalys.structure import build_report

    report = build_report(read_pdf(Path(__file__).resolve().parents[1] / pdf))
    assert any(printed in b.text for b in report.blocks)
