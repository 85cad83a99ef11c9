"""The reader's books close on every PDF we have, and the layouts that used to lose text keep it.

Invariants, run over every corpus PDF (every layout variant) and every text-layer PDF of
../shared/real: every character the page layer gives ends in exactly one place (blocks, titles,
TOC, furniture, or dropped with a reason; never ``unplaced``), and the words of blocks and titles
cover ≥ 99.5 % of pdfium's own text of the lines that are not furniture or TOC. pdfium is an
independent reader here: the page layer reads with pdfplumber.

Then the layouts of the faithful-reading issue, made with reportlab so each test shows its page:
a TOC sharing its page with the first chapter, a sub-heading that recurs at the top of some pages,
a vertical margin stamp and a rotated label inside the text area.
"""
import re
import unicodedata
from collections import Counter

import pypdfium2 as pdfium
import pytest

from conftest import REAL, ROOT
from rapportanalys.read import read_pdf
from rapportanalys.structure import build_report
from rapportanalys.structure.accounting import ACCOUNTS, Ledger
from rapportanalys.structure.layout import join_words

NO_TEXT_LAYER = {"goteborg_stadsrevisionen_rapportsammandrag_arbetet_mot_hedersrelaterat_vald_och_fortryck_2023.pdf"}
REAL_PDFS = sorted(str(p) for p in REAL.glob("*.pdf") if p.name not in NO_TEXT_LAYER) if REAL.exists() else []
CORPUS_PDFS = sorted(str(p) for p in (ROOT / "corpus").rglob("*.pdf"))


def _tokens(text: str) -> list[str]:
    """Words as compared: NFKC, lower case, letters and digits only (so "bo-lagets", the
    repaired "bolagets" and pdfium's "bo-\\r\\nlagets" are one word)."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"-\s*[\r\n]+\s*", "", text)
    out = []
    for raw in text.split():
        token = "".join(ch for ch in raw.lower() if ch.isalnum())
        if token:
            out.append(token)
    return out


def _spaced_runs_joined(tokens: list[str]) -> list[str]:
    """pdfium gives letter-spaced display text as single letters ("m å l o m r å d e"): a run of
    three or more one-character tokens is one token, its letters joined (the reader's words
    are then matched against runs of its own words, see ``_joined``)."""
    out, run = [], []
    for t in tokens + [""]:
        if len(t) == 1:
            run.append(t)
            continue
        out.extend(["".join(run)] if len(run) >= 3 else run)
        run = []
        if t:
            out.append(t)
    return out


def _joined(tokens: list[str], longest: int = 8) -> set[str]:
    """Every run of up to ``longest`` consecutive tokens, written together."""
    return {"".join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 2, min(len(tokens), i + longest) + 1)}


def _pdfium_tokens(path: str) -> list[str]:
    """pdfium's words of the whole document, in its order."""
    pdf = pdfium.PdfDocument(path)
    try:
        tokens: list[str] = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            tokens += _spaced_runs_joined(_tokens(textpage.get_text_range()))
            textpage.close()
            page.close()
        return tokens
    finally:
        pdf.close()


def _split_words_joined(tokens: list[str], found: Counter) -> Counter:
    """pdfium also splits a letter-spaced word where its letter gaps vary ("förstu die"), and a
    vertical margin stamp's reference where it breaks the rotated run ("8md2rtk5w" +
    "q2020kkalmr" of "8MD2R-TK5WQ-2020K-KALMR"): two neighbours that the reader has as one word
    (``found``: in its blocks and titles, or in its furniture), and not each on its own, are
    that word. Only the spaces may differ, never a letter."""
    out: Counter = Counter()
    i = 0
    while i < len(tokens):
        pair = tokens[i] + tokens[i + 1] if i + 1 < len(tokens) else None
        if pair and pair in found and not (tokens[i] in found and tokens[i + 1] in found):
            out[pair] += 1
            i += 2
        else:
            out[tokens[i]] += 1
            i += 1
    return out


def _lines(words) -> list[str]:
    """The words of one account joined into their printed lines, as pdfium's text shows them
    (a footnote digit set apart in its own font stays glued to its word)."""
    by_line: dict = {}
    for page, w in words:
        by_line.setdefault((page, round(w.bottom)), []).append(w)
    return [join_words(sorted(ws, key=lambda w: w.x0)) for ws in by_line.values()]


@pytest.fixture(scope="module")
def books():
    cache = {}

    def get(path):
        if path not in cache:
            doc = read_pdf(path)
            ledger = Ledger(doc.pages)
            report = build_report(doc, ledger)
            cache[path] = (report, ledger)
        return cache[path]

    return get


@pytest.mark.parametrize("path", REAL_PDFS + CORPUS_PDFS, ids=lambda p: p.rsplit("/", 1)[-1])
def test_accounting_closes(books, path):
    report, _ = books(path)
    acc = report.source.accounting
    assert set(acc) == {"chars", *ACCOUNTS}
    assert acc["chars"] == sum(acc[k] for k in ACCOUNTS)
    unplaced = [d for d in report.source.dropped if d["reason"] == "unplaced"]
    assert not unplaced, unplaced[:10]
    assert all(d["reason"] for d in report.source.dropped)
    assert acc["chars"] > 0


@pytest.mark.parametrize("path", REAL_PDFS + CORPUS_PDFS, ids=lambda p: p.rsplit("/", 1)[-1])
def test_blocks_and_titles_cover_pdfium_text(books, path):
    report, ledger = books(path)
    texts = [f"{b.marker or ''} {b.text}" for b in report.blocks] + \
        [f"{s.number or ''} {s.title}" for s in report.sections]
    found = Counter(t for text in texts for t in _tokens(text))
    elsewhere = {account: Counter(t for line in _lines(ledger.words(account)) for t in _tokens(line))
                 for account in ("furniture", "toc", "dropped")}
    expected = _split_words_joined(_pdfium_tokens(path), found + sum(elsewhere.values(), Counter()))
    for account in elsewhere.values():
        expected -= account
    joined: set = set()
    if any(len(t) >= 12 for t in expected if t not in found):
        for text in texts:
            joined |= _joined(_tokens(text))
    missing = expected - found
    missing = Counter({t: n for t, n in missing.items() if t not in joined})
    # A footnote reference glued to a heading ("Sammanfattning4") is left out of its title.
    missing = Counter({t: n for t, n in missing.items()
                       if not (re.fullmatch(r"\D+\d{1,2}", t) and t.rstrip("0123456789") in found)})
    total = sum(expected.values())
    coverage = 1 - sum(missing.values()) / total
    assert coverage >= 0.995, (f"{coverage:.4f}", missing.most_common(20))


# -- layouts that used to lose text -------------------------------------------------------------

reportlab = pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

BODY = ("Kommunen har under året arbetat vidare med de åtgärder som beslutades i planen och "
        "följer upp dem varje kvartal tillsammans med förvaltningarna och de kommunala bolagen.")


def _paragraph(c, text: str, x: float, y: float, width: float = 440, size: float = 11) -> float:
    """Set ``text`` as a left-aligned paragraph from baseline ``y`` down; return the next y."""
    c.setFont("Helvetica", size)
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if c.stringWidth(trial, "Helvetica", size) > width:
            c.drawString(x, y, line)
            y -= 1.35 * size
            line = word
        else:
            line = trial
    c.drawString(x, y, line)
    return y - 2.4 * size


def test_toc_sharing_a_page_keeps_the_chapter(tmp_path):
    path = tmp_path / "toc_and_chapter.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, h = A4
    c.setFont("Helvetica-Bold", 20)
    c.drawString(72, h - 80, "Uppföljning 2023")
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, h - 120, "Innehåll")
    c.setFont("Helvetica", 11)
    y = h - 145
    for n, (title, page) in enumerate([("Sammanfattning", 1), ("Bakgrund", 2), ("Resultat", 2), ("Analys", 3)], 1):
        c.drawString(72, y, f"{n} {title} " + "." * 60)
        c.drawRightString(520, y, str(page))
        y -= 16
    y -= 20
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, y, "1 Sammanfattning")
    y = _paragraph(c, "Under 2023 har arbetet fortsatt enligt plan " + BODY, 72, y - 24)
    y = _paragraph(c, "Kommunstyrelsen beslutade därför att fortsätta " + BODY, 72, y)
    for n, title in enumerate(["Bakgrund", "Resultat", "Analys"], 2):
        c.showPage()
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, h - 80, f"{n} {title}")
        _paragraph(c, f"Inom området {title.lower()} gäller att " + BODY, 72, h - 110)
    c.save()

    doc = read_pdf(path)
    ledger = Ledger(doc.pages)
    report = build_report(doc, ledger)
    assert [(s.number, s.title) for s in report.sections if s.number] == [
        ("1", "Sammanfattning"), ("2", "Bakgrund"), ("3", "Resultat"), ("4", "Analys")]
    texts = [b.text for b in report.blocks]
    assert texts[0].startswith("Under 2023 har arbetet fortsatt enligt plan Kommunen har")
    assert texts[1].startswith("Kommunstyrelsen beslutade därför")
    toc_text = " ".join(w.text for _, w in ledger.words("toc"))
    assert "Sammanfattning" in toc_text and "Under" not in toc_text and "Kommunstyrelsen" not in toc_text


def test_recurring_subheading_at_a_page_top_is_a_heading(tmp_path):
    """"Koppling till Agenda 2030" heads a sub-section of every goal area; on some pages it is the
    first line. It is a heading everywhere, never a running header."""
    path = tmp_path / "recurring.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, h = A4
    for n in range(1, 7):
        c.setFont("Helvetica", 9)
        c.drawString(72, h - 40, "Uppföljning av programmet")
        c.drawRightString(520, 40, f"Sida {2 * n - 1}")
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, h - 90, f"{n} Målområde {n}")
        y = _paragraph(c, f"Målområde {n} handlar om att " + BODY, 72, h - 120)
        if n % 2:  # the sub-heading opens the next page
            c.showPage()
            c.setFont("Helvetica", 9)
            c.drawString(72, h - 40, "Uppföljning av programmet")
            c.drawRightString(520, 40, f"Sida {2 * n}")
            y = h - 90
        c.setFont("Helvetica-Bold", 12)
        c.drawString(72, y, "Koppling till Agenda 2030")
        _paragraph(c, f"Arbetet i målområde {n} bidrar till att " + BODY, 72, y - 24)
        c.showPage()
    c.save()

    report = build_report(read_pdf(path))
    assert [(s.level, s.number, s.title) for s in report.sections] == [
        item for n in range(1, 7) for item in [(1, str(n), f"Målområde {n}"), (2, None, "Koppling till Agenda 2030")]]
    assert [b.text[:15] for b in report.blocks] == [
        text for n in range(1, 7) for text in [f"Målområde {n} han", "Arbetet i målom"]]
    assert not any("Uppföljning av programmet" in b.text for b in report.blocks)
    assert report.source.accounting["furniture"] > 0


def test_a_wrapped_headings_year_at_a_page_top_is_no_page_number(tmp_path):
    """The held-out Kalmar two-column variant (p4, seen at 60 dpi) opens a column with a bold
    question heading wrapped as "3. Innevarande verksamhetsår," / "2020": the year, flush under
    its line in its style, is the heading's end, not a page number. The page numbers stay
    furniture."""
    path = tmp_path / "wrapped_year.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, h = A4
    plans = ["Barnbokslut", "Drogpolitiskt program", "Serviceplan", "Integration"]
    for n, plan in enumerate(plans, 1):
        c.setFont("Helvetica", 8)
        c.drawString(72, h - 40, "Kalmar kommun")
        c.drawRightString(520, 40, str(n))
        y = h - 75
        if n != 2:  # the question heading mid-page, after the plan's previous answer
            c.setFont("Helvetica-Bold", 13)
            c.drawString(72, y, "2. Status nuläge")
            y = _paragraph(c, f"Arbetet med {plan.lower()} började i år och " + BODY, 72, y - 24)
        c.setFont("Helvetica-Bold", 13)
        c.drawString(72, y, "3. Innevarande verksamhetsår,")
        c.drawString(72, y - 16, "2020")
        y = _paragraph(c, f"För {plan.lower()} gäller att " + BODY, 72, y - 40)
        c.setFont("Helvetica-Bold", 13)
        c.drawString(72, y, "4. Risker")
        _paragraph(c, f"Riskerna med {plan.lower()} är få, men " + BODY, 72, y - 24)
        c.showPage()
    c.save()

    report = build_report(read_pdf(path))
    wrapped = [s for s in report.sections if s.number == "3"]
    assert [(s.page, s.title) for s in wrapped] == [(n, "Innevarande verksamhetsår, 2020") for n in range(1, 5)]
    assert not any(b.text.strip() in {"1", "2", "3", "4", "2020", "Kalmar kommun"} for b in report.blocks)


def test_margin_stamp_is_furniture_and_rotated_label_a_caption(tmp_path):
    path = tmp_path / "rotated.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, h = A4
    c.setFont("Helvetica-Bold", 14)
    c.drawString(90, h - 80, "1 Inledning")
    y = _paragraph(c, BODY, 90, h - 110)
    y = _paragraph(c, "Vidare gäller att " + BODY, 90, y)
    c.saveState()  # the e-signature stamp up the left margin
    c.translate(30, 200)
    c.rotate(90)
    c.setFont("Helvetica", 7)
    c.drawString(0, 0, "Signature reference: 768a99c7-0d2f-4b1e")
    c.restoreState()
    c.saveState()  # an axis label inside the text area
    c.translate(300, 300)
    c.rotate(90)
    c.setFont("Helvetica", 9)
    c.drawString(0, 0, "Antal ärenden")
    c.restoreState()
    c.save()

    report = build_report(read_pdf(path))
    assert not any("Signature" in b.text for b in report.blocks)
    captions = [b for b in report.blocks if b.kind == "caption"]
    assert [b.text for b in captions] == ["Antal ärenden"]
    assert report.source.accounting["dropped"] == 0
    assert report.source.accounting["furniture"] >= len("Signature reference:768a99c7-0d2f-4b1e")


def test_a_running_headers_year_stays_furniture(tmp_path):
    """A running header set as two lines, "Årsredovisning" / "2023", flush in one style at the top
    of every page: the year ends a header line, not a body line, so it is furniture too."""
    path = tmp_path / "header_year.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, h = A4
    for n in range(1, 5):
        c.setFont("Helvetica", 8)
        c.drawString(72, h - 40, "Årsredovisning")
        c.drawString(72, h - 50, "2023")
        c.drawRightString(520, 40, str(n))
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, h - 140, f"{n} Avsnitt {n}")
        _paragraph(c, f"Avsnitt {n} handlar om att " + BODY, 72, h - 170)
        c.showPage()
    c.save()

    report = build_report(read_pdf(path))
    assert not any(b.text.strip() in {"2023", "Årsredovisning"} for b in report.blocks)
    assert [s.title for s in report.sections] == [f"Avsnitt {n}" for n in range(1, 5)]


def test_a_rotated_photo_credit_by_the_page_edge_is_a_caption(tmp_path):
    """Göteborg's årsredogörelser (2023 p25, seen at 60 dpi) run "Foto: Frida Winter" up the
    right edge of a photo, outside the text columns' extent, where a margin stamp would stand.
    It is the photo's caption, not furniture: it says what it is, or it stands on the picture.
    The e-signature stamp in the left margin stays furniture."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    path = tmp_path / "credit.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    c.drawImage(ImageReader(Image.new("RGB", (60, 30), (40, 90, 160))), 0, h - 300, width=w - 30, height=240)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(90, h - 340, "1 Inledning")
    y = _paragraph(c, BODY, 90, h - 370)
    _paragraph(c, "Vidare gäller att " + BODY, 90, y)
    for x, y0, size, text in [(w - 40, h - 290, 6, "Anna Andersson"),  # on the photo: no "Foto:"
                              (w - 12, 120, 6, "Foto: Lo Birgersson"),  # by the edge, off any picture
                              (30, 200, 7, "Signature reference: 768a99c7-0d2f-4b1e")]:
        c.saveState()
        c.translate(x, y0)
        c.rotate(90)
        c.setFont("Helvetica", size)
        c.drawString(0, 0, text)
        c.restoreState()
    c.save()

    doc = read_pdf(path)
    assert len(doc.pages[0].images) == 1
    report = build_report(doc)
    assert sorted(b.text for b in report.blocks if b.kind == "caption") == ["Anna Andersson", "Foto: Lo Birgersson"]
    assert not any("Signature" in b.text for b in report.blocks)
    assert report.source.accounting["furniture"] >= len("Signature reference:768a99c7-0d2f-4b1e")


def test_two_fields_set_over_the_two_columns_stay_apart(tmp_path):
    """Kalmar's two-column variants (p1, seen at 60 dpi) print "TJÄNSTESKRIVELSE" at the left
    column's start and the addressee "Kommunfullmäktige" where the right column starts, on one
    baseline above the columns: two blocks, not one line read across the gutter."""
    path = tmp_path / "fields.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, h = A4
    c.setFont("Helvetica", 10)
    for i, field in enumerate(["Handläggare", "Anders Saur 50010", "Datum", "2020-04-21"]):
        c.drawString(70, h - 60 - 13 * i, field)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(70, h - 120, "TJÄNSTESKRIVELSE")
    c.setFont("Helvetica", 10)
    c.drawString(312, h - 120, "Kommunfullmäktige")
    c.setFont("Helvetica-Bold", 18)
    c.drawString(70, h - 160, "Uppföljning av handlingsplaner och program 2020")
    for x, start in [(70, "Den vänstra spalten säger att "), (312, "Den högra spalten säger att ")]:
        y = _paragraph(c, start + BODY, x, h - 200, width=215, size=10)
        _paragraph(c, "Vidare gäller att " + BODY, x, y, width=215, size=10)
    c.save()

    texts = [b.text for b in build_report(read_pdf(path)).blocks]
    assert "TJÄNSTESKRIVELSE" in texts and "Kommunfullmäktige" in texts, texts[:3]


def test_two_columns_with_a_narrow_gutter_never_interleave(tmp_path):
    """Two justified columns 7 pt apart (less than a word space of a wide justified line): every
    line is read within its column, and a paragraph runs on from the foot of the left column to
    the top of the right one."""
    from rapportanalys.structure.layout import group_lines, gutter_crossings, reading_order

    path = tmp_path / "twocol.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, h = A4
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, h - 70, "1 Resultat")
    left = ("Vänster spalt börjar här och " + BODY + " ") * 3 + "Sista meningen i vänster spalt fortsätter"
    right = "i höger spalt utan avbrott. " + ("Höger spalt har egen text och " + BODY + " ") * 3
    width = (475 - 7) / 2

    def column(text: str, x: float) -> None:
        words, line, y = text.split(), [], h - 110
        rows = []
        for word in words:
            if c.stringWidth(" ".join(line + [word]), "Helvetica", 10) > width and line:
                rows.append(line)
                line = []
            line.append(word)
        rows.append(line)
        for i, row in enumerate(rows):
            if i < len(rows) - 1 and len(row) > 1:  # justify: spread the words over the width
                gap = (width - sum(c.stringWidth(w, "Helvetica", 10) for w in row)) / (len(row) - 1)
                xx = x
                for w in row:
                    c.drawString(xx, y, w)
                    xx += c.stringWidth(w, "Helvetica", 10) + gap
            else:
                c.drawString(x, y, " ".join(row))
            y -= 13

    c.setFont("Helvetica", 10)
    column(left, 60)
    column(right, 60 + width + 7)
    c.save()

    doc = read_pdf(path)
    page = doc.pages[0]
    lines = [l for r in reading_order(group_lines(page.words, 1), 10.0) for l in r]
    assert not [l.text for l in gutter_crossings(lines, 10.0)]
    report = build_report(doc)
    texts = [b.text for b in report.blocks]
    assert texts[0].startswith("Vänster spalt börjar här")
    assert "fortsätter i höger spalt utan avbrott." in texts[0]
    assert not any("Höger" in t for t in texts[:1]) or texts[0].index("Höger") > texts[0].index("avbrott")


def test_outline_numbered_headings_in_body_type(tmp_path):
    """Action headings set as a multilevel numbered list in body type ("1.1 Tilläggsisolera …",
    indented, a long one wrapping under its own text) are headings nested under their goal; a
    numbered list whose items follow one another stays a list; a paragraph that opens with an
    already used number ("1.2 Kartera …") is text; an italic label above body text is a heading."""
    path = tmp_path / "outline.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, h = A4

    def item(number: str, lines: list[str], y: float, font: str = "Helvetica") -> float:
        c.setFont(font, 11)
        c.drawString(90, y, number)
        for k, text in enumerate(lines):
            c.drawString(108, y - 13 * k, text)
        return y - 13 * len(lines)

    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, h - 70, "Handlingsplan för klimat")
    c.setFont("Helvetica-Oblique", 11)
    c.drawString(72, h - 110, "Arbetsgrupp")
    y = _paragraph(c, "Planen har tagits fram av en arbetsgrupp där " + BODY, 72, h - 123)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, y, "Åtgärdsplan")
    y = _paragraph(c, "Planen har fyra rubriker:", 72, y - 20)
    c.setFont("Helvetica", 11)
    for n, goal in enumerate(["Minskad energianvändning", "Förnybar energi", "Transporter"], 1):
        c.drawString(90, y, f"{n}. {goal}")
        y -= 13
    y -= 20
    for g, goal in enumerate(["Minskad energianvändning", "Förnybar energi", "Transporter"], 1):
        if g == 3:
            c.showPage()
            y = h - 80
        y = item(f"{g}.", [goal], y, "Helvetica-Oblique")
        y = _paragraph(c, f"Målet {goal.lower()} innebär att " + BODY, 72, y - 1)
        for a in range(1, 4):
            lines = (["Ta fram en lista över lämpliga tak för solceller på de kommunala"] +
                     ["fastigheterna och prioritera dem."]) if a == 2 else [f"Åtgärd nummer {a} inom målet"]
            y = item(f"{g}.{a}", lines, y)
            y = _paragraph(c, f"Åtgärden {g}.{a} genomförs så att " + BODY, 72, y - 1)
        if g == 1:
            y = _paragraph(c, "1.2 Kartera och identifiera områden som passar för solcellsparker, " + BODY, 72, y)
    c.save()

    report = build_report(read_pdf(path))
    by_id = {s.id: s for s in report.sections}
    got = [(s.number, s.title, by_id[s.parent].title if s.parent else None) for s in report.sections]
    title = "Handlingsplan för klimat"
    want = [(None, title, None), (None, "Arbetsgrupp", title), (None, "Åtgärdsplan", title)]
    for g, goal in enumerate(["Minskad energianvändning", "Förnybar energi", "Transporter"], 1):
        want.append((str(g), goal, "Åtgärdsplan"))
        want += [(f"{g}.{a}", "Ta fram en lista över lämpliga tak för solceller på de kommunala fastigheterna "
                  "och prioritera dem." if a == 2 else f"Åtgärd nummer {a} inom målet", goal) for a in range(1, 4)]
    assert got == want
    assert [b.text for b in report.blocks if b.kind == "list_item"] == [
        "Minskad energianvändning", "Förnybar energi", "Transporter"]
    assert any(b.text.startswith("1.2 Kartera och identifiera") for b in report.blocks)


def test_title_of_a_framed_card_is_not_a_section(tmp_path):
    """Cards of the environmental goals ("Frisk luft" in a framed box over its text) name the
    card, not a section: the card titles and texts stay in the section that holds the cards, while
    the same bold line outside a frame is a heading."""
    path = tmp_path / "cards.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, h = A4
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, h - 80, "Sveriges miljömål")
    y = _paragraph(c, "Nedan redovisas vad kommunen har gjort för miljömålen. " + BODY, 72, h - 105)
    for goal in ["Begränsad klimatpåverkan", "Frisk luft", "Giftfri miljö"]:
        c.setStrokeColorRGB(0.2, 0.4, 0.7)
        c.rect(160, y - 62, 370, 78, stroke=1, fill=0)
        c.setFont("Helvetica-Bold", 11)
        c.drawString(168, y, goal)
        _paragraph(c, f"Arbetet med {goal.lower()} har fortsatt under året.", 168, y - 20, width=350)
        y -= 100
    c.setFont("Helvetica-Bold", 11)
    c.drawString(72, y, "Fortsatt arbete")
    _paragraph(c, "Kommunen fortsätter arbetet nästa år. " + BODY, 72, y - 16)
    c.save()

    report = build_report(read_pdf(path))
    assert [(s.number, s.title) for s in report.sections] == [(None, "Sveriges miljömål"), (None, "Fortsatt arbete")]
    in_first = [b.text for b in report.blocks if b.section == report.sections[0].id]
    assert "Frisk luft" in in_first and any(t.startswith("Arbetet med frisk luft") for t in in_first)


def test_a_column_of_short_lines_is_one_block_a_line(tmp_path):
    """The members of a board listed one per line in a box of their own (no marker, no
    punctuation; the widest name sets the box's right edge): each name is a block of its own,
    though a wrapped paragraph's lines would read the same way."""
    path = tmp_path / "names.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _, h = A4
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, h - 80, "Förtroendevalda revisorer")
    names = ["Jonas Ransgård, ordförande (M)", "Torbjörn Rigemar, vice ordförande (S)", "Bengt Bivall (V)",
             "Sven Andersson (M)", "Birgitta Adler (S)", "Jan Fridén (SD)"]
    c.setFont("Helvetica", 11)
    y = h - 110
    for name in names:
        c.drawString(90, y, name)
        y -= 15
    c.showPage()
    _paragraph(c, "Revisorerna granskar nämnder och styrelser varje år. " + BODY, 72, h - 80)
    c.save()

    texts = [b.text for b in build_report(read_pdf(path)).blocks]
    assert texts[:-1] == names and texts[-1].startswith("Revisorerna granskar")


def test_split_words_are_joined_only_where_the_letters_agree():
    found = Counter(["förstudie", "om", "trygghet"])
    tokens = ["förstu", "die", "om", "tryg", "het", "om"]
    assert _split_words_joined(tokens, found) == Counter({"förstudie": 1, "om": 2, "tryg": 1, "het": 1})
