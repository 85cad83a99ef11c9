"""Invariants of the reader that hold for every PDF, checked on every real PDF and corpus PDF.

These are not examples of one expected value: a fragment of three letters or fewer outside a
table, or a letter-spaced run ("V a r f ö r"), is a reading fault on any document, unless the page
prints that short text on a line of its own (checked with pdfium, an independent reader). Rotated
margin text (a vertical e-signature stamp) is read as its own stream and never reaches a block.
"""
import re

import pytest

from conftest import REAL, ROOT, real_pdf
from rapportanalys.structure.layout import group_lines
from rapportanalys.read import Word, read_pdf

NO_TEXT_LAYER = {"goteborg_stadsrevisionen_rapportsammandrag_arbetet_mot_hedersrelaterat_vald_och_fortryck_2023.pdf"}
REAL_PDFS = sorted(str(p) for p in REAL.glob("*.pdf") if p.name not in NO_TEXT_LAYER) if REAL.exists() else []
CORPUS_PDFS = sorted(str(p) for p in (ROOT / "corpus").rglob("*.pdf"))

# What a page may print as a short block: a lone figure, a list marker, a bracketed reference.
_PRINTED_SHORT = re.compile(r"[\d\s,.%–\-]+|\[\d+\]|[•\-–*]|[a-zåäö]\)|\(\d+\)", re.I)
_LETTER_SPACED = re.compile(r"(?:\b\w ){4,}\w\b")


def _short(text: str) -> bool:
    return sum(ch.isalnum() for ch in text) <= 3 and not _PRINTED_SHORT.fullmatch(text.strip())


def _printed_alone(path: str, page: int, bbox) -> str:
    """What pdfium (an independent reader) finds on the block's baseline band across the whole
    page width: a word the page prints on a line of its own ("JA") is that word and nothing else."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        p = pdf[page - 1]
        height = p.get_height()
        textpage = p.get_textpage()
        x0, top, x1, bottom = bbox
        return textpage.get_text_bounded(left=0, bottom=height - bottom + 1, right=p.get_width(),
                                         top=height - top - 1).strip()
    finally:
        pdf.close()


@pytest.mark.parametrize("path", REAL_PDFS + CORPUS_PDFS, ids=lambda p: p.rsplit("/", 1)[-1])
def test_no_fragments_and_no_letter_spacing(parsed, path):
    report = parsed(path)
    # a page read by OCR (Helsingborg's scanned attachments) has no text for pdfium to check against
    ocrd = {p["page"] for p in (report.source.ocr or {}).get("pages", [])}
    body = [b for b in report.blocks if b.kind != "table_cell"]
    fragments = [(b.page, b.text) for b in body if _short(b.text) and b.page not in ocrd
                 and _printed_alone(path, b.page, b.bbox) != b.text.strip()]
    spaced = [(b.page, b.text[:80]) for b in body if _LETTER_SPACED.search(b.text)]
    assert not fragments, fragments[:10]
    assert not spaced, spaced[:10]


def test_vertical_stamp_is_its_own_stream():
    doc = read_pdf(real_pdf("goteborg_revisionsberattelse_2023.pdf"))
    stamps = [w.text for p in doc.pages for w in p.rotated]
    assert stamps and all(s.startswith("Signature reference:") for s in stamps)
    assert not any("Signature" in w.text for p in doc.pages for w in p.words)


def test_stamp_never_reaches_blocks(parsed):
    report = parsed(real_pdf("goteborg_revisionsberattelse_2023.pdf"))
    assert not any("Signature reference" in b.text for b in report.blocks)


def _letters(text: str, x: float, gap: float, space: float) -> list[Word]:
    words = []
    for token in text.split(" "):
        for ch in token:
            words.append(Word(ch, x, 100, x + 6, 111, "Helvetica-Bold", 12.0, True, False))
            x += 6 + gap
        x += space
    return words


@pytest.mark.parametrize("gap,space", [(2.0, 8.0), (3.5, 12.0), (1.0, 5.0)])
def test_letter_spaced_display_text_is_joined(gap, space):
    line = group_lines(_letters("Varför en trygg kommun", 50, gap, space), 1)[0]
    assert line.text == "Varför en trygg kommun"


def test_ordinary_words_are_not_joined():
    words = [Word(t, x, 100, x + 6 * len(t), 111, "Helvetica", 12.0, False, False)
             for t, x in [("i", 50), ("en", 60), ("av", 80), ("år", 100)]]
    assert group_lines(words, 1)[0].text == "i en av år"


@pytest.mark.parametrize("path", REAL_PDFS + CORPUS_PDFS, ids=lambda p: p.rsplit("/", 1)[-1])
def test_no_line_crosses_a_column_gutter(path):
    """On every page, after reading order, no line has words on both sides of a gutter that the
    page's columns leave (two columns read straight across)."""
    from rapportanalys.structure.build import _body_style
    from rapportanalys.structure.layout import gutter_crossings, reading_order
    from rapportanalys.structure.tables import fill_grids, find_grids

    doc = read_pdf(path)
    pages = []
    for page in doc.pages:
        grids = find_grids(page)
        pages.append(group_lines(fill_grids(grids, page.words) if grids else page.words, page.number))
    body_size, _ = _body_style(pages)
    crossings = []
    for lines in pages:
        ordered = [l for region in reading_order(lines, body_size) for l in region]
        crossings += [(l.page, l.text[:80]) for l in gutter_crossings(ordered, body_size)]
    assert not crossings, crossings[:10]


_MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
_DATE_OR_REFERENCE = re.compile(rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?\b|§\s*\d+", re.I)


@pytest.mark.parametrize("path", REAL_PDFS + CORPUS_PDFS, ids=lambda p: p.rsplit("/", 1)[-1])
def test_no_figure_inside_a_date_or_reference(parsed, path):
    """The day of "den 24 april 2025", an ISO date or a "§ 59" is never a figure."""
    inside = []
    for f in parsed(path).figures:
        at = f.sentence.find(f.raw)
        if at >= 0 and any(m.start() <= at < m.end() for m in _DATE_OR_REFERENCE.finditer(f.sentence)):
            inside.append((f.page, f.raw, f.sentence[:80]))
    assert not inside, inside[:10]


@pytest.mark.parametrize("path", REAL_PDFS + CORPUS_PDFS, ids=lambda p: p.rsplit("/", 1)[-1])
def test_no_page_of_a_readable_pdf_is_flagged(parsed, path):
    """The undecodable-text flags (glyph codes, letter salad, text pdfium reads and the page
    layer does not) never fire on a well-made report: a warning means a damaged page."""
    assert parsed(path).source.warnings == []


@pytest.mark.parametrize("path", REAL_PDFS + CORPUS_PDFS, ids=lambda p: p.rsplit("/", 1)[-1])
def test_a_table_is_read_where_it_stands(parsed, path):
    """Text set above a table on its page comes before the table's cells, text below it after:
    a caption over a table and its notes under it stay on their sides of it (a region that held
    both once put the table after its notes and the caption became a heading)."""
    report = parsed(path)
    order = {b.id: k for k, b in enumerate(report.blocks)}
    tables: dict[str, list] = {}
    for b in report.blocks:
        if b.table:
            tables.setdefault(b.table, []).append(b)
    wrong = []
    for cells in tables.values():
        page = cells[0].page
        on_page = [c for c in cells if c.page == page]
        x0, top = min(c.bbox[0] for c in on_page), min(c.bbox[1] for c in on_page)
        x1, bottom = max(c.bbox[2] for c in on_page), max(c.bbox[3] for c in on_page)
        first, last = min(order[c.id] for c in cells), max(order[c.id] for c in cells)
        for b in report.blocks:
            if b.table or b.page != page or b.bbox[2] <= x0 or b.bbox[0] >= x1:
                continue
            if b.bbox[3] <= top and order[b.id] > last and b.kind not in ("footnote", "caption"):
                wrong.append(("above, read after", b.page, b.text[:60]))
            if b.bbox[1] >= bottom and order[b.id] < first:
                wrong.append(("below, read before", b.page, b.text[:60]))
    assert not wrong, wrong[:8]


def _column_line(text: str, x: float, top: float, italic: bool = False) -> list[Word]:
    words = []
    for token in text.split(" "):
        width = 5.5 * len(token)
        words.append(Word(token, x, top, x + width, top + 10.5, "Serif-BoldItalic" if italic else "Serif",
                          10.5, italic, italic))
        x += width + 3.5
    return words


def test_a_full_stop_in_its_own_font_is_no_leader_across_the_gutter():
    """A quotation set in bold italic whose full stop is roman ("… barns rättigheter\"." in
    Kalmar's twocol variants, p3) gives the stop as a word of its own, glued to the quote. It is
    the sentence's end, not the last dot of a TOC leader that leads over the gap: the lines of
    the two columns must stay apart, and the left column must be read before the right one."""
    from rapportanalys.structure.layout import reading_order

    left = ["Arbetet har precis påbörjats efter", "det första steget som varit att",
            "informera samtliga nämnder om", "handlingsplanen och dess innehåll",
            "och arbetet löper på som planerat", "\"Nämnderna redovisar årligen hur"]
    right = ["Än så länge fortskrider arbetet", "enligt plan och ett identifierat",
             "möjligt problem är att några", "nämnder har tackat nej till Rädda",
             "Barnens kompetensutveckling som", "erbjuds alla nämnder under 2020",
             "Kompetensutvecklingen är en bra"]
    words = []
    for i, text in enumerate(left):
        words += _column_line(text, 70, 100 + 14 * i, italic=i == 5)
    quote = _column_line("rättigheter\"", 70, 100 + 14 * 6, italic=True)
    stop = Word(".", quote[-1].x1 + 0.1, quote[-1].top, quote[-1].x1 + 3.4, quote[-1].bottom, "Serif", 10.5,
                False, False)
    words += quote + [stop]
    for i, text in enumerate(right):
        words += _column_line(text, 312, 100 + 14 * i)
    regions = reading_order(group_lines(words, 1), 10.5)
    lines = [l for region in regions for l in region]
    assert all(l.x1 < 300 or l.x0 > 300 for l in lines), [l.text for l in lines if l.x0 < 300 < l.x1]
    texts = [l.text for l in lines]
    assert texts.index("rättigheter\".") < texts.index("Än så länge fortskrider arbetet")


def test_a_chart_atop_the_left_column_keeps_the_columns_side_by_side():
    """Two columns where the left one opens with a chart and its caption below it, and the
    caption's sentence runs on at the top of the right column, beside the chart (Trygg i
    Kungälv's two-column variant, p6). The chart holds no text, but it fills the left column
    there: the caption is read before the right column's top, not after it."""
    from rapportanalys.read import Box
    from rapportanalys.structure.layout import figure_boxes, reading_order

    caption = ["Otrygghet vid utevistelse sent på", "kvällen i det egna bostadsområdet,",
               "enligt NTU 2017–2022. Andel (%) som", "känner sig mycket/ganska otrygga samt"]
    runs_on = ["de som avstår från att gå ut på grund", "av otrygghet, av samtliga samt av",
               "männen respektive kvinnorna i Kungälv"]
    words = []
    for i, text in enumerate(runs_on):
        words += _column_line(text, 312, 73 + 14 * i)
    for i, text in enumerate(caption):
        words += _column_line(text, 70, 211 + 14 * i)
    # a chapter title across both columns, then both columns of body text
    words += [Word(t, x, 300, x + 9 * len(t), 318, "Sans", 18.0, False, False)
              for t, x in [("4", 116), ("Uppföljning", 130), ("av", 234), ("planens", 257), ("delområden", 325)]]
    for i in range(8):
        words += _column_line("Våld i nära relationer är ett begrepp", 70, 380 + 14 * i)
        words += _column_line("som omfattar både våld och förtryck", 312, 380 + 14 * i)
    bars = [Box(143 + 14 * k, 73 + 10 * k, 153 + 14 * k, 200, (0.2, 0.4, 0.6), None) for k in range(6)]
    bars += [Box(410 + 14 * k, 145 + 5 * k, 420 + 14 * k, 290, (0.2, 0.4, 0.6), None) for k in range(5)]
    lines = group_lines(words, 6)
    figures = figure_boxes(bars, [], words, 10.5, 595, 842)
    assert len(figures) == 2  # one chart in each column, the bars of each merged
    texts = [l.text for region in reading_order(lines, 10.5, figures) for l in region]
    assert texts.index(caption[-1]) < texts.index(runs_on[0])
