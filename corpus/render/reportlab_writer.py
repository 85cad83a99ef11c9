"""Producer 2: ReportLab (platypus)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Frame, KeepInFrame, NextPageTemplate, PageBreak as RLPageBreak,
                                PageTemplate, Paragraph as RLParagraph, Spacer, Table as RLTable,
                                TableStyle)
from reportlab.platypus.flowables import _listWrapOn

from .markup import (Block, Chart, Cover, Fields, Heading, heading_number, Image, ListItem, PageBreak,
                     Paragraph, plain, runs, Signature, Source, Table, Toc)
from .plan import Plan, elastic_range
from .readback import _contents
from .style import (BAR_COLOURS, BODY_PT, chart_bars, CHART_HEIGHT, CM, CONTENTS_TITLE, cover_gap,
                    FAKE_BOLD_OFFSET, FONT_DIR, Geometry, GREY, HEADER_FILL, heading_pt, HEADING_SPACE,
                    IMAGE_HEIGHT, INK, LABEL_PT, LEADING, MIN_SLIDE_SCALE, needs_sans, NUMBER_COLUMN,
                    geometry_of, PARA_GAP, SMALL_PT, TABLE_PT)


_FONTS_REGISTERED = False


def _register_fonts() -> None:
    global _FONTS_REGISTERED
    if _FONTS_REGISTERED:
        return
    for family in ("DejaVuSans", "DejaVuSerif"):
        faces = {"normal": family, "bold": f"{family}-Bold",
                 "italic": f"{family}-Oblique" if family == "DejaVuSans" else f"{family}-Italic",
                 "boldItalic": f"{family}-BoldOblique" if family == "DejaVuSans" else f"{family}-BoldItalic"}
        for face in faces.values():
            pdfmetrics.registerFont(TTFont(face, str(FONT_DIR / f"{face}.ttf")))
        pdfmetrics.registerFontFamily(family, **faces)
    _FONTS_REGISTERED = True


class _FakeBoldParagraph(RLParagraph):
    """A heading emboldened the way producers without a bold face do it: the same string drawn
    twice, FAKE_BOLD_OFFSET apart. Text extraction sees every glyph twice."""

    def draw(self):
        self.canv.saveState()
        self.canv.translate(FAKE_BOLD_OFFSET, 0)
        super().draw()
        self.canv.restoreState()
        super().draw()


class _BoxedTable(RLTable):
    """A table whose every piece is closed by a border, also where a page break cuts a row
    (ReportLab leaves the cut edge open; word processors draw it)."""

    def draw(self):
        super().draw()
        self.canv.saveState()
        self.canv.setLineWidth(0.5)
        self.canv.rect(0, 0, self._width, self._height, stroke=1, fill=0)
        self.canv.restoreState()


class ReportLabProducer:
    """Builds the document with platypus: running header/footer drawn on each page, footnotes
    drawn at the page bottom in room reserved from the previous pass, body text justified and
    hyphenated (pyphen, sv_SE), long table rows split across pages (splitInRow)."""

    name = "reportlab"

    def render(self, source: Source, plan: Plan, pdf: Path, workdir: Path) -> None:
        _register_fonts()
        geometry = geometry_of(source)
        styles = _ReportLabStyles(source)
        story = _ReportLabStory(source, plan, styles, geometry).flowables()
        _ReportLabDocument(pdf, source, plan, styles, geometry).build(story)


class _ReportLabStyles:
    """The paragraph styles for one source, and its inline markup in ReportLab's terms."""

    def __init__(self, source: Source):
        body_font = "DejaVuSerif" if source.meta["font"] == "serif" else "DejaVuSans"
        self.body_font = body_font
        self.body = ParagraphStyle(
            "Body", fontName=body_font, fontSize=BODY_PT, leading=BODY_PT * LEADING, spaceAfter=PARA_GAP,
            alignment=TA_JUSTIFY, hyphenationLang="sv_SE", embeddedHyphenation=1, uriWasteReduce=0.3,
            hyphenationMinWordLength=7, allowWidows=0, allowOrphans=0)
        self.relaxed = ParagraphStyle("Relaxed", parent=self.body, allowWidows=1, allowOrphans=1)
        self.headings = {
            level: ParagraphStyle(
                f"Heading{level}", fontName="DejaVuSans" if level == 1 else "DejaVuSans-Bold",
                fontSize=heading_pt(source, level), leading=heading_pt(source, level) * 1.2, textColor=INK,
                spaceBefore=HEADING_SPACE[level][0], spaceAfter=HEADING_SPACE[level][1], keepWithNext=1,
                alignment=TA_LEFT)
            for level in HEADING_SPACE}
        self.item = ParagraphStyle("Item", parent=self.body, spaceAfter=2, bulletFontName="DejaVuSans",
                                   bulletFontSize=BODY_PT)
        self.cell = ParagraphStyle("Cell", parent=self.body, fontSize=TABLE_PT, leading=TABLE_PT * 1.25,
                                   spaceAfter=3, alignment=TA_LEFT)
        self.cell_header = ParagraphStyle("CellHeader", parent=self.cell, fontName=f"{body_font}-Bold")
        self.cell_item = ParagraphStyle("CellItem", parent=self.cell, leftIndent=12, bulletIndent=2,
                                        bulletFontName="DejaVuSans", bulletFontSize=TABLE_PT, spaceAfter=1)
        self.note = ParagraphStyle("Footnote", fontName=body_font, fontSize=SMALL_PT, leading=SMALL_PT * 1.25,
                                   leftIndent=0.4 * CM, bulletIndent=0, bulletFontSize=SMALL_PT, spaceAfter=1)
        self.contents_title = ParagraphStyle("ContentsTitle", fontName="DejaVuSans-Bold", textColor=INK, spaceAfter=12,
                                             fontSize=heading_pt(source, 1), leading=heading_pt(source, 1) * 1.2)
        self.contents = {level: ParagraphStyle(
            f"Contents{level}", fontName=f"{body_font}-Bold" if level == 1 else body_font, fontSize=BODY_PT,
            leading=BODY_PT * 1.35, leftIndent=(level - 1) * 0.5 * CM + NUMBER_COLUMN,
            bulletIndent=(level - 1) * 0.5 * CM, rightIndent=1.2 * CM, spaceBefore=4 if level == 1 else 1,
            bulletFontName=f"{body_font}-Bold" if level == 1 else body_font, bulletFontSize=BODY_PT)
            for level in range(1, 5)}
        self.cover = {
            "logo": ParagraphStyle("CoverLogo", fontName="DejaVuSans-Bold", fontSize=26, leading=28, textColor=INK),
            "title": ParagraphStyle("CoverTitle", fontName="DejaVuSans-Bold", fontSize=26, leading=31,
                                    textColor=INK, spaceAfter=10),
            "subtitle": ParagraphStyle("CoverSubtitle", fontName="DejaVuSans", fontSize=16, leading=20,
                                       textColor=INK, spaceAfter=8),
            "line": ParagraphStyle("CoverLine", fontName=body_font, fontSize=11, leading=14, spaceAfter=3)}
        self.signature = ParagraphStyle("Signature", parent=self.body, spaceAfter=0, alignment=TA_LEFT)
        self.signature_kept = ParagraphStyle("SignatureKept", parent=self.signature, keepWithNext=1)
        self.label = ParagraphStyle("FieldLabel", fontName="DejaVuSans", fontSize=LABEL_PT, leading=LABEL_PT * 1.2,
                                    textColor=GREY, spaceBefore=4)
        self.value = ParagraphStyle("FieldValue", parent=self.signature, spaceAfter=2)

    def markup(self, text: str) -> str:
        """Inline markup as ReportLab paragraph markup; a footnote reference is its marker and an
        onDraw callback telling the document on which page the reference was drawn."""
        out = []
        for run in runs(text):
            content = "".join(f'<font name="DejaVuSans">{escape(ch)}</font>' if needs_sans(ch) and
                              self.body_font == "DejaVuSerif" else escape(ch) for ch in run.text)
            if run.note:
                content += f'<onDraw name="footnote" label={quoteattr(run.note)}/>'
            if run.bold:
                content = f"<b>{content}</b>"
            if run.italic:
                content = f"<i>{content}</i>"
            out.append(content)
        return "".join(out)


class _ReportLabStory:
    """The source's blocks as platypus flowables."""

    def __init__(self, source: Source, plan: Plan, styles: _ReportLabStyles, geometry: Geometry):
        self.source, self.plan, self.styles, self.geometry = source, plan, styles, geometry

    def flowables(self) -> list:
        out = []
        for i, block in enumerate(self.source.blocks):
            adjustment = self.plan.adjustment(i)
            if adjustment > 0 and not elastic_range(block):
                out.append(Spacer(1, adjustment))
            out.extend(self.block(i, block))
        return self.fit_slides(out) if self.source.slides else out

    def fit_slides(self, flowables: list) -> list:
        """One slide, one page: a slide's content shrinks to fit its page, as presentation
        software autofits text, but not below MIN_SLIDE_SCALE; beyond that it runs on."""
        g = self.geometry
        out, slide = [], []
        for flowable in flowables + [None]:
            if flowable is None or isinstance(flowable, (RLPageBreak, NextPageTemplate)):
                height = _listWrapOn(slide, g.text_width, None)[1]
                fits = height * MIN_SLIDE_SCALE <= g.body_bottom - g.body_top
                out.extend([KeepInFrame(0, 0, slide, mode="shrink")] if slide and fits else slide)
                slide = []
                if flowable is not None:
                    out.append(flowable)
            else:
                slide.append(flowable)
        return out

    def block(self, i: int, block: Block) -> list:
        s = self.styles
        match block:
            case Cover():
                return self.cover(block)
            case Toc():
                return self.contents(block)
            case Heading(level=level, text=text):
                kind = _FakeBoldParagraph if level == 1 else RLParagraph
                return [kind(self.styles.markup(text), s.headings[level])]
            case Paragraph(text=text):
                return [RLParagraph(self.styles.markup(text), s.relaxed if i in self.plan.relaxed else s.body)]
            case ListItem(depth=depth, number=number, text=text):
                indent = 0.6 * CM * (depth + 1)
                last = i + 1 == len(self.source.blocks) or not isinstance(self.source.blocks[i + 1], ListItem)
                style = ParagraphStyle(f"Item{i}", parent=s.item, leftIndent=indent, bulletIndent=indent - 0.5 * CM,
                                       spaceAfter=PARA_GAP if last else 2,
                                       bulletFontName=s.body_font if number else "DejaVuSans",
                                       **({"allowWidows": 1, "allowOrphans": 1} if i in self.plan.relaxed else {}))
                return [RLParagraph(self.styles.markup(text), style, bulletText=number or "•")]
            case Table():
                return [self.table(block)]
            case PageBreak():
                return [RLPageBreak()]
            case Chart():
                return [self.chart(block, i)]
            case Image():
                height = IMAGE_HEIGHT + self.plan.adjustment(i)
                drawing = Drawing(6 * CM, height + 16)
                drawing.add(Rect(0, 10, 6 * CM, height, fillColor=colors.HexColor("#c8c8c8"), strokeColor=None))
                drawing.hAlign = "LEFT"
                return [drawing]
            case Signature(lines=lines):
                # kept together: a name is not parted from its title
                return [Spacer(1, 10)] + [RLParagraph(s.markup(line), s.signature_kept if n < len(lines) - 1 else s.signature)
                                          for n, line in enumerate(lines)]
            case Fields(items=items):
                indent = self.geometry.text_width * 0.55
                out = []
                for label, value in items:
                    out.append(RLParagraph(escape(label), ParagraphStyle("L", parent=s.label, leftIndent=indent)))
                    out.append(RLParagraph(s.markup(value), ParagraphStyle("V", parent=s.value, leftIndent=indent)))
                return out
        raise TypeError(block)

    def cover(self, cover: Cover) -> list:
        """Logo at the top, title a third down the page, the other lines below it."""
        out, previous = [], None
        for style, text in cover.lines:
            if gap := cover_gap(style, previous):
                out.append(Spacer(1, gap))
            text = text.upper() if style == "logo" else text
            out.append(RLParagraph(self.styles.markup(text), self.styles.cover[style]))
            previous = style
        return out + [NextPageTemplate("body"), RLPageBreak()]

    def contents(self, toc: Toc) -> list:
        """One paragraph per heading: the number hangs in its column, and a callback at the end
        of the title draws the dot leader and the page number at the right margin."""
        out = [RLParagraph(CONTENTS_TITLE, self.styles.contents_title)]
        for i, heading in _contents(self.source, toc):
            number, text = heading_number(plain(heading.text))
            page = self.plan.heading_pages.get(i, 0)
            out.append(RLParagraph(f'{escape(text)}<onDraw name="leader" label="{page}"/>',
                                   self.styles.contents[heading.level], bulletText=number))
        return out + [RLPageBreak()]

    def table(self, table: Table) -> _BoxedTable:
        s = self.styles
        data = []
        for r, row in enumerate(table.rows):
            header = table.header and r == 0
            cells = []
            for paragraphs in row:
                cell = []
                for paragraph in paragraphs:
                    if paragraph.startswith("• "):
                        cell.append(RLParagraph(self.styles.markup(paragraph[2:]), s.cell_item, bulletText="•"))
                    else:
                        cell.append(RLParagraph(self.styles.markup(paragraph), s.cell_header if header else s.cell))
                cells.append(cell)
            data.append(cells)
        total = sum(table.widths)
        commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
        if table.header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_FILL)))
        flowable = _BoxedTable(data, colWidths=[self.geometry.text_width * w / total for w in table.widths],
                           # splitByRow=0: split inside the row that meets the page end, rather than
                           # first between rows and then again (which repeats the header mid-page)
                           repeatRows=1 if table.header else 0, splitByRow=0, splitInRow=1,
                           style=TableStyle(commands),
                           spaceBefore=4, spaceAfter=10, hAlign="LEFT")
        return flowable

    def chart(self, chart: Chart, index: int) -> Drawing:
        width, height = 12 * CM, CHART_HEIGHT + self.plan.adjustment(index)
        drawing = Drawing(width, height + 16)
        bars = chart_bars(chart, index)
        step = width / len(bars)
        for k, h in enumerate(bars):
            drawing.add(Rect(k * step + step * 0.2, 8, step * 0.6, h * height,
                             fillColor=colors.HexColor(BAR_COLOURS[k % 2]), strokeColor=None))
        drawing.add(Line(0, 8, width, 8, strokeColor=colors.HexColor("#808080"), strokeWidth=0.75))
        drawing.hAlign = "CENTER"
        return drawing


class _ReportLabDocument(BaseDocTemplate):
    """Pages with the running header (text and a thin rule) and footer (text left, page number
    right), no decoration on the cover, and footnotes at the page bottom."""

    def __init__(self, pdf: Path, source: Source, plan: Plan, styles: _ReportLabStyles, geometry: Geometry):
        self.source, self.plan, self.styles, self.geometry = source, plan, styles, geometry
        g = geometry
        super().__init__(str(pdf), pagesize=(g.width, g.height), leftMargin=g.margin_x, rightMargin=g.margin_x,
                         topMargin=g.body_top, bottomMargin=g.height - g.body_bottom,
                         title=source.title, author=source.author, lang="sv-SE")

        def frame(name):
            return Frame(g.margin_x, g.height - g.body_bottom, g.text_width, g.body_bottom - g.body_top,
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name)
        templates = [PageTemplate("cover", [frame("cover")]),
                     PageTemplate("body", [frame("body")], onPage=self.decorate, onPageEnd=self.footnotes)]
        self.addPageTemplates(templates if source.has_cover else templates[::-1])  # the first is page 1's
        self.drawn_notes: dict[int, list[str]] = defaultdict(list)

    def handle_documentBegin(self):
        super().handle_documentBegin()
        self.canv.setNamedCB("footnote", self.note_drawn)
        self.canv.setNamedCB("leader", self.leader)

    def note_drawn(self, canvas, kind, note_id):
        self.drawn_notes[canvas.getPageNumber()].append(note_id)

    def leader(self, canvas, kind, page):
        """Dots from the end of a contents title to its page number at the right margin."""
        info = canvas._curr_tx_info
        style = info["xs"].style
        x, y, right = info["cur_x"], info["cur_y"], self.geometry.text_width
        number_width = pdfmetrics.stringWidth(page, style.fontName, style.fontSize)
        dot = pdfmetrics.stringWidth(".", style.fontName, style.fontSize) * 1.6
        dots = int((right - number_width - x - 8) / dot)
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        for k in range(dots):
            canvas.drawString(right - number_width - 4 - (dots - k) * dot, y, ".")
        canvas.drawRightString(right, y, page)
        canvas.restoreState()

    def note_paragraphs(self, note_ids: list[str]) -> list[RLParagraph]:
        out = []
        for note_id in note_ids:
            marker = next((run.text for block in self.source.blocks for run in runs(getattr(block, "text", ""))
                           if run.note == note_id), note_id)
            text = self.styles.markup(self.source.notes.get(note_id, ""))
            out.append(RLParagraph(text, self.styles.note, bulletText=marker))
        return out

    def note_height(self, note_ids: list[str]) -> float:
        paragraphs = self.note_paragraphs(note_ids)
        heights = [p.wrap(self.geometry.text_width, self.geometry.height)[1] + 1 for p in paragraphs]
        return sum(heights) + 12 if heights else 0.0  # 12: the separator rule and its spacing

    def beforePage(self):
        """Reserve room at the page bottom for the footnotes the previous pass found here."""
        self.pageTemplate.frames[0].bottomPadding = self.note_height(self.plan.note_pages.get(self.page, []))

    def decorate(self, canvas, doc):
        g = self.geometry
        canvas.saveState()
        canvas.setFont("DejaVuSans", SMALL_PT)
        canvas.setFillColor(colors.HexColor(GREY))
        baseline = g.height - g.header_top - SMALL_PT
        canvas.drawString(g.margin_x, baseline, self.source.meta["header"])
        canvas.setStrokeColor(colors.HexColor(GREY))
        canvas.setLineWidth(0.5)
        canvas.line(g.margin_x, baseline - 4, g.width - g.margin_x, baseline - 4)
        footer = g.height - g.footer_top - SMALL_PT
        canvas.drawString(g.margin_x, footer, self.source.meta["footer"])
        number = self.source.meta["page_numbers"].format(page=doc.page, pages=self.plan.pages or "?")
        canvas.drawRightString(g.width - g.margin_x, footer, number)
        canvas.restoreState()

    def footnotes(self, canvas, doc):
        """Draw the footnotes whose references were drawn on this page, above the footer."""
        paragraphs = self.note_paragraphs(self.drawn_notes.get(doc.page, []))
        if not paragraphs:
            return
        g = self.geometry
        heights = [p.wrap(g.text_width, g.height)[1] for p in paragraphs]
        y = g.height - g.body_bottom + sum(heights) + len(heights)
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.line(g.margin_x, y + 6, g.margin_x + g.text_width / 4, y + 6)
        for paragraph, height in zip(paragraphs, heights):
            y -= height + 1
            paragraph.drawOn(canvas, g.margin_x, y)
        canvas.restoreState()


