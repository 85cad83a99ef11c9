"""Activities and their statuses: the Trygg i Kungälv follow-up against its seed, the report's own
legend, and small PDFs drawn here for the icons the corpus lacks (ZapfDingbats glyphs, coloured
shapes, "!" and "–")."""
import re
from collections import Counter

import pytest

import rapportanalys
from conftest import shared_file
from labels import SEEDS, labels_of
from rapportanalys.extract.activities import extract_activities
from rapportanalys.extract.status import Icon, read_icon, read_legend, status_of

STATUS_BY_SEED_SYMBOL = {"✓": "done", "✘": "done_deviation"}


def seed_activities() -> list[tuple[str, str]]:
    """(symbol, title) of every row of the seed's "Aktivitet / Kommentar" tables. A first cell
    without a symbol continues the title of the row a page break cut; an empty one only
    continues its comment."""
    rows: list[list[str]] = []
    in_table = False
    for line in shared_file(SEEDS / "kungalv_trygg-i-kungalv_2023.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() == "Aktivitet\tKommentar":
            in_table = True
            continue
        if not line.strip():
            in_table = False
            continue
        first = re.sub(r"<[^>]+>", "", line.split("\t")[0]).strip() if in_table else ""
        if not first:
            continue
        if first[0] in STATUS_BY_SEED_SYMBOL:
            rows.append([first[0], first[1:].strip()])
        else:
            rows[-1][1] += " " + first
    return [(symbol, title) for symbol, title in rows]


TRYGG_LABELS = labels_of("kungalv_trygg-i-kungalv_2023")  # the base PDF and its layout variants


@pytest.fixture(scope="module", params=[label.pdf for label in TRYGG_LABELS], ids=[label.name for label in TRYGG_LABELS])
def trygg(request, parsed):
    report = parsed(request.param)
    return report, extract_activities(report)


# -- the Trygg i Kungälv follow-up ---------------------------------------------------------------

def test_seed_has_27_activities_26_done_one_with_deviation():
    symbols = Counter(symbol for symbol, _ in seed_activities())
    assert symbols == {"✓": 26, "✘": 1}


def test_every_activity_with_its_title_and_status(trygg):
    _, activities = trygg
    expected = seed_activities()
    assert [a.title for a in activities] == [title for _, title in expected]
    assert [a.status for a in activities] == [STATUS_BY_SEED_SYMBOL[s] for s, _ in expected]
    assert [a.status_symbol for a in activities] == [s for s, _ in expected]


def test_activities_sit_in_their_insats_sections(trygg):
    report, activities = trygg
    per_section = Counter(report.section(a.section).number for a in activities)
    assert per_section == {"4.1.1": 7, "4.2.1": 6, "4.3.1": 6, "4.4.1": 5, "4.5.1": 3}
    assert all(report.section(a.section).title.startswith("Insats:") for a in activities)


def test_comments_keep_paragraphs_and_lists(trygg):
    _, activities = trygg
    first = activities[0].comment.split("\n")
    assert first[0].startswith("Kungälv kommuns hemsida uppdateras kontinuerligt")
    assert first[1].startswith("Den 25 november uppmärksammade Kungälvs kommun")
    sammanstalla = next(a for a in activities if a.title.startswith("Sammanställa"))
    assert "• Misshandel mot man/kvinna över 18 år där offret är/har varit närstående: 89 (80)" \
        in sammanstalla.comment.split("\n")


@pytest.mark.parametrize("title_start,joined", [
    # the four rows the original cut at a page break, joined in the label (corpus/sources comments)
    ("Sammanställa de olika aktörernas", "kontakt utifrån att de utsatt en närstående för våld"),
    ("Implementera rutin och samverkan", "besökt socialtjänsten och kommunövergripande nätverk"),
    ("Fortsatt strukturerat arbete", "• Under jullovet 2023 Samverkade Trygga Ungdomsmiljöer"),
    ("Riktade och förebyggande insatser som fokuserar på de kommundelar där klanstrukturer",
     "med kommunala stiftelser angående bland annat"),
])
def test_rows_cut_in_the_original_are_one_activity(trygg, title_start, joined):
    _, activities = trygg
    found = [a for a in activities if a.title.startswith(title_start)]
    assert len(found) == 1
    assert joined in found[0].comment


def test_rows_cut_by_a_page_break_of_the_pdf_are_one_activity_on_their_first_page(trygg):
    report, activities = trygg
    cut = [b for b in report.blocks if b.kind == "table_cell" and b.col == 1 and len({s.page for s in b.spans}) > 1]
    assert len(cut) >= 3, "the sample PDF cuts several comments at a page break"
    for cell in cut:
        found = [a for a in activities if a.comment == cell.text]
        assert len(found) == 1
        assert found[0].page == cell.spans[0].page


def test_the_legend_gives_six_statuses(trygg):
    report, _ = trygg
    legend = read_legend([b.text for b in report.blocks if b.kind == "paragraph"])
    assert [(e.form, e.colour, e.status) for e in legend] == [
        ("dash", None, "not_started"),
        (None, "green", "ongoing"),
        (None, "yellow", "ongoing_deviation"),
        ("check", "green", "done"),
        ("check", "red", "done_deviation"),
        ("exclamation", "red", "delayed"),
    ]


def test_no_activities_where_there_are_no_activity_tables(parsed):
    for name in ("kalmar_handlingsplaner_2020", "kungalv_social-hallbarhet_2023", "lekeberg_forstudie-trygghet_2022"):
        for label in labels_of(name):
            assert extract_activities(parsed(label.pdf)) == [], label.name


# -- icons and legends, one by one ---------------------------------------------------------------

TRYGG_LEGEND = read_legend([
    "Streck = Ej påbörjad (startdatum ligger längre fram i mandatperioden)",
    "Pågående, grön = Arbeta med genomförandet pågår",
    "Pågående, gul = Arbeta med genomförandet pågår, med avvikelse",
    "Avslutat, grön bock = Genomförandet klart enligt plan",
    "Avslutat, röd bock = Genomförandet avslutat med avvikelse",
    "Försenat, rött utropstecken = Genomförandet inte avslutat och har passerat planerat avslutningsdatum",
])


@pytest.mark.parametrize("text,marks,symbol,status,title", [
    ("ü Ta fram en rutin.", [{"kind": "glyph", "text": "ü", "font": "Wingdings-Regular"}], "✔", "done",
     "Ta fram en rutin."),
    ("\uf0fb Ta fram en rutin.", [{"kind": "glyph", "text": "\uf0fb", "font": "Wingdings"}], "✘", "done_deviation",
     "Ta fram en rutin."),
    ("P Ta fram en rutin.", [{"kind": "glyph", "text": "P", "font": "Wingdings2"}], "✓", "done", "Ta fram en rutin."),
    ("J Ta fram en rutin.", [{"kind": "glyph", "text": "J", "font": "Wingdings"}], "glyph:Wingdings:J", "unknown",
     "Ta fram en rutin."),
    ("! Ta fram en rutin.", [{"kind": "glyph", "text": "!", "font": "ZapfDingbats"}], "glyph:ZapfDingbats:!",
     "unknown", "Ta fram en rutin."),  # "!" is a pair of scissors in ZapfDingbats
    ("✔ Ta fram en rutin.", [{"kind": "glyph", "text": "✔", "font": "SegoeUISymbol"}], "✔", "done",
     "Ta fram en rutin."),
    ("🟢 Ta fram en rutin.", [], "🟢", "ongoing", "Ta fram en rutin."),
    ("Ta fram en rutin.", [], None, "unknown", "Ta fram en rutin."),
])
def test_icons_without_a_legend(text, marks, symbol, status, title):
    icon, rest = read_icon(text, marks)
    assert (icon.symbol if icon else None, status_of(icon, []), rest) == (symbol, status, title)


@pytest.mark.parametrize("icon,status", [
    (Icon("check", None, "✓"), "done"),  # green and red checks differ by colour only: the default
    (Icon("check", "red", "✓"), "done_deviation"),
    (Icon("check", "green", "✓"), "done"),
    (Icon("cross", None, "✘"), "done_deviation"),  # not in the legend: the default
    (Icon("exclamation", None, "!"), "delayed"),
    (Icon("dash", None, "–"), "not_started"),
    (Icon("dot", "green", "shape:green"), "ongoing"),
    (Icon("dot", "yellow", "shape:yellow"), "ongoing_deviation"),
    (Icon("dot", "blue", "shape:blue"), "unknown"),
])
def test_icons_through_the_trygg_legend(icon, status):
    assert status_of(icon, TRYGG_LEGEND) == status


def test_a_coloured_glyph_over_a_drawn_disc():
    marks = [{"kind": "glyph", "text": "ü", "font": "Wingdings"}, {"kind": "shape", "fill": [0.8, 0.1, 0.1]}]
    icon, _ = read_icon("ü Ta fram en rutin.", marks)
    assert (icon.form, icon.colour) == ("check", "red")
    assert status_of(icon, TRYGG_LEGEND) == "done_deviation"


def test_a_legend_written_on_one_line():
    legend = read_legend(["Grön = genomförd, gul = påbörjad, röd = ej påbörjad"])
    assert [(e.colour, e.status) for e in legend] == [("green", "done"), ("yellow", "ongoing"), ("red", "not_started")]


def test_one_line_that_looks_like_a_legend_entry_is_no_legend():
    assert read_legend(["Röd tråd: arbetet pågår i hela kommunen.", "Syfte: att följa upp planen."]) == []


def test_a_leading_dash_recorded_as_a_coloured_mark():
    """Once structure records a leading "–" or "●" of any font as a glyph mark with its colour,
    the cell text may still show it as the list bullet "• " that cell_text writes."""
    icon, title = read_icon("• Utvärdera insatsen.", [{"kind": "glyph", "text": "–", "font": "Helvetica",
                                                       "color": [0.0, 0.0, 0.0]}])
    assert (icon.symbol, icon.form, icon.colour, title) == ("–", "dash", "black", "Utvärdera insatsen.")
    green_dot = {"kind": "glyph", "text": "●", "font": "Arial", "color": [0, 0.6, 0.2]}
    icon, _ = read_icon("• Starta samverkan.", [green_dot])
    assert status_of(icon, TRYGG_LEGEND) == "ongoing"


# -- drawn test PDFs -------------------------------------------------------------------------------

GREEN, YELLOW, RED = (0.1, 0.6, 0.2), (1.0, 0.8, 0.0), (0.85, 0.1, 0.1)


def activity_pdf(path, rows, legend=(), header_font="Helvetica-Bold"):
    """A one-page follow-up: optional legend lines, then a bordered "Aktivitet | Kommentar" table.

    Each row is (icon, title, comment); icon is ("zapf", char), ("text", char), ("circle",
    rgb), ("square", rgb) or None. reportlab writes a ZapfDingbats character given as Unicode ("✔")
    as the font's own code ("4"), which is what a PDF reader then reports.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 72
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, y, "Uppföljning av handlingsplan 2024")
    y -= 30
    c.setFont("Helvetica", 10)
    for line in legend:
        c.drawString(72, y, line)
        y -= 16
    y -= 10
    left, middle, right = 72, 260, 523
    top = y
    c.setLineWidth(0.5)
    c.setFont(header_font, 10)
    c.drawString(left + 4, y - 14, "Aktivitet")
    c.drawString(middle + 4, y - 14, "Kommentar")
    c.line(left, y, right, y)
    y -= 20
    c.line(left, y, right, y)
    for icon, title, comment in rows:
        kind, value = icon or (None, None)
        x = left + 4
        if kind in ("zapf", "text"):
            c.setFont("ZapfDingbats" if kind == "zapf" else "Helvetica", 10)
            c.drawString(x, y - 14, value)
            x += 14
        elif kind:
            c.setFillColorRGB(*value)
            if kind == "circle":
                c.circle(x + 4, y - 10.5, 4, stroke=0, fill=1)
            else:
                c.rect(x, y - 14.5, 8, 8, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
            x += 14
        c.setFont("Helvetica", 10)
        c.drawString(x, y - 14, title)
        c.drawString(middle + 4, y - 14, comment)
        y -= 40
        c.line(left, y, right, y)
    for x in (left, middle, right):
        c.line(x, top, x, y)
    c.showPage()
    c.save()
    return path


def first_cells(report):
    return [b for b in report.blocks if b.kind == "table_cell" and b.col == 0 and not b.header]


def test_zapfdingbats_glyphs(tmp_path):
    pdf = activity_pdf(tmp_path / "zapf.pdf", [
        (("zapf", "✔"), "Ta fram en rutin.", "Rutinen är antagen."),
        (("zapf", "✘"), "Utbilda personal.", "Utbildningen blev kortare än planerat."),
    ])
    report = rapportanalys.parse(pdf)
    # pdfplumber gives the font's character codes ("4", "8"), pdfium their Unicode ("✔", "✘")
    marks = [[(m["kind"], m["text"], m["font"]) for m in b.marks] for b in first_cells(report)]
    assert marks in ([[("glyph", "4", "ZapfDingbats")], [("glyph", "8", "ZapfDingbats")]],
                     [[("glyph", "✔", "ZapfDingbats")], [("glyph", "✘", "ZapfDingbats")]])
    activities = extract_activities(report)
    assert [(a.title, a.status, a.status_symbol) for a in activities] == [
        ("Ta fram en rutin.", "done", "✔"), ("Utbilda personal.", "done_deviation", "✘")]
    assert activities[1].comment == "Utbildningen blev kortare än planerat."


def test_coloured_shapes(tmp_path):
    pdf = activity_pdf(tmp_path / "shapes.pdf", [
        (("circle", GREEN), "Genomföra en kartläggning.", "Arbetet pågår."),
        (("square", YELLOW), "Revidera planen.", "Arbetet pågår med avvikelse."),
        (("circle", RED), "Starta samverkan.", "Har passerat slutdatum."),
    ])
    report = rapportanalys.parse(pdf)
    fills = [[m["fill"] for m in b.marks if m["kind"] == "shape"] for b in first_cells(report)]
    # within 1/255: pdfium gives colours in 8 bits per channel
    assert [[[round(v, 2) for v in f] for f in cell] for cell in fills] == [[list(GREEN)], [list(YELLOW)], [list(RED)]]
    assert [(a.title, a.status, a.status_symbol) for a in extract_activities(report)] == [
        ("Genomföra en kartläggning.", "ongoing", "shape:green"),
        ("Revidera planen.", "ongoing_deviation", "shape:yellow"),
        ("Starta samverkan.", "delayed", "shape:red")]


def test_coloured_shapes_read_through_the_reports_legend(tmp_path):
    pdf = activity_pdf(tmp_path / "legend.pdf", [
        (("circle", GREEN), "Genomföra en kartläggning.", "Kartläggningen är klar."),
        (("circle", YELLOW), "Revidera planen.", "Arbetet har börjat."),
        (("circle", RED), "Starta samverkan.", "Startar 2025."),
    ], legend=["Aktiviteternas status:", "Grön = Aktiviteten är genomförd", "Gul = Aktiviteten är påbörjad",
               "Röd = Aktiviteten är ej påbörjad"])
    assert [a.status for a in extract_activities(rapportanalys.parse(pdf))] == ["done", "ongoing", "not_started"]


def test_exclamation_mark(tmp_path):
    pdf = activity_pdf(tmp_path / "delayed.pdf", [
        (("text", "!"), "Inventera lokaler.", "Har passerat slutdatum."),
        (("text", "!"), "Ta fram en ny rutin.", "Försenad."),
    ])
    assert [(a.title, a.status, a.status_symbol) for a in extract_activities(rapportanalys.parse(pdf))] == [
        ("Inventera lokaler.", "delayed", "!"), ("Ta fram en ny rutin.", "delayed", "!")]


def test_a_header_set_like_the_body_and_a_row_without_icon(tmp_path):
    pdf = activity_pdf(tmp_path / "plain.pdf", [
        (None, "Ta fram en rutin.", "Ingen status angiven."),
        (("text", "!"), "Inventera lokaler.", "Försenad."),
    ], header_font="Helvetica")
    assert [(a.title, a.status, a.status_symbol) for a in extract_activities(rapportanalys.parse(pdf))] == [
        ("Ta fram en rutin.", "unknown", None), ("Inventera lokaler.", "delayed", "!")]


def test_dash(tmp_path):
    pdf = activity_pdf(tmp_path / "dash.pdf", [
        (("text", "–"), "Utvärdera insatsen.", "Startar 2025."),
        (("text", "–"), "Följa upp planen.", "Startar 2026."),
    ])
    assert [(a.title, a.status, a.status_symbol) for a in extract_activities(rapportanalys.parse(pdf))] == [
        ("Utvärdera insatsen.", "not_started", "–"), ("Följa upp planen.", "not_started", "–")]
