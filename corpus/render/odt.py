"""Producer 1: LibreOffice, from a flat ODT."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .markup import (Block, Chart, Cover, Fields, Heading, heading_number, Image, ListItem, PageBreak,
                     Paragraph, plain, runs, Signature, Source, Table, Toc)
from .odt_styles import _OdtStyles, _cm
from .plan import Plan, elastic_range
from .readback import _contents
from .style import (chart_bars, CHART_HEIGHT, CONTENTS_TITLE, cover_gap, HEADING_SPACE, IMAGE_HEIGHT,
                    geometry_of, needs_sans, PARA_GAP)

LO_PROFILE = Path(tempfile.gettempdir()) / "rapportanalys-corpus-lo-profile"


class LibreOfficeProducer:
    """Writes the source as a flat ODT (.fodt, plain XML) with real Writer styles and converts
    it with ``soffice --headless --convert-to pdf``."""

    name = "libreoffice"

    def render(self, source: Source, plan: Plan, pdf: Path, workdir: Path) -> None:
        fodt = workdir / f"{pdf.stem}.fodt"
        fodt.write_text(_OdtWriter(source, plan).document(), encoding="utf-8")
        command = ["soffice", f"-env:UserInstallation={LO_PROFILE.as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(workdir), str(fodt)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        produced = workdir / f"{pdf.stem}.pdf"
        if not produced.exists():
            raise RuntimeError(f"soffice did not convert {fodt}: {result.stderr.strip() or result.stdout.strip()}")
        produced.replace(pdf)


class _OdtWriter(_OdtStyles):
    """One flat ODT document. Paragraphs that need a page break, extra space above or relaxed
    widow/orphan control get automatic styles derived from the named style they use."""

    # the space above paragraphs of these named styles (fo:margin-top), pt
    SPACE_ABOVE = {f"Heading_20_{level}": before for level, (before, _) in HEADING_SPACE.items()} | {
        "Chart": 6.0, "Figure": 6.0, "Field_20_Label": 4.0}

    def __init__(self, source: Source, plan: Plan):
        self.source, self.plan = source, plan
        self.geometry = geometry_of(source)
        self.body_font = "DejaVu Serif" if source.meta["font"] == "serif" else "DejaVu Sans"
        self.automatic: dict[tuple, tuple[str, str]] = {}  # key → (name, XML)
        self.break_before = False  # the next block starts a new page
        self.master: str | None = None  # ... with this page style
        self.tables = 0
        self.notes = 0

    # -- document ----------------------------------------------------------------------------

    def document(self) -> str:
        body = "\n".join(self.block(i, block) for i, block in enumerate(self.source.blocks))
        automatic = "\n".join(xml for _, xml in self.automatic.values())
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta>
 <dc:title>{escape(self.source.title)}</dc:title>
 <meta:initial-creator>{escape(self.source.author)}</meta:initial-creator>
 <dc:creator>{escape(self.source.author)}</dc:creator>
 <dc:language>sv-SE</dc:language>
</office:meta>
<office:font-face-decls>
 <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'" style:font-family-generic="swiss" style:font-pitch="variable"/>
 <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'" style:font-family-generic="roman" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
{self.named_styles()}
</office:styles>
<office:automatic-styles>
{self.page_layouts()}
{self.fixed_automatic_styles()}
{automatic}
</office:automatic-styles>
<office:master-styles>
{self.master_pages()}
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body>
</office:document>
"""

    def paragraph_style(self, parent: str, *, space: float = 0.0, relaxed: bool = False, first: bool = False) -> str:
        """The named style, or an automatic style derived from it when the paragraph is the
        first of its block (``first``: it takes a pending page break), gets ``space`` above it
        in addition to the style's own, or may leave single lines at a page break."""
        master, break_before = (self.master, self.break_before) if first else (None, False)
        if first:
            self.break_before, self.master = False, None
        if not (master or break_before or space or relaxed):
            return parent
        top = self.SPACE_ABOVE.get(parent, 0.0) + space
        key = ("P", parent, master, break_before, round(top, 1), relaxed)
        if key not in self.automatic:
            name = f"P{len(self.automatic) + 1}"
            properties = [f'fo:margin-top="{top:.1f}pt"'] if space else []
            if break_before and not master:
                properties.append('fo:break-before="page"')
            if relaxed:
                properties.append('fo:orphans="1" fo:widows="1"')
            master_attribute = f' style:master-page-name="{master}"' if master else ""
            self.automatic[key] = (name, f'<style:style style:name="{name}" style:family="paragraph" '
                                         f'style:parent-style-name="{parent}"{master_attribute}>'
                                         f'<style:paragraph-properties {" ".join(properties)}/></style:style>')
        return self.automatic[key][0]

    # -- blocks ------------------------------------------------------------------------------

    def block(self, i: int, block: Block) -> str:
        adjustment = self.plan.adjustment(i)
        space = 0.0 if elastic_range(block) else max(0.0, adjustment)
        match block:
            case Cover():
                return self.cover(block)
            case Toc():
                return self.contents(block)
            case Heading(level=level, text=text):
                style = self.paragraph_style(f"Heading_20_{level}", space=space, first=True)
                return f'<text:h text:style-name="{style}" text:outline-level="{level}">{self.inline(text)}</text:h>'
            case Paragraph(text=text):
                style = self.paragraph_style("Text_20_body", space=space, relaxed=i in self.plan.relaxed, first=True)
                return f'<text:p text:style-name="{style}">{self.inline(text)}</text:p>'
            case ListItem():
                return self.list_items(i)
            case Table():
                return self.table(block, space)
            case PageBreak():
                self.break_before = True
                return ""
            case Chart():
                # bars standing on the paragraph's bottom border, the axis
                bars = "".join(f'<draw:rect draw:style-name="Bar{k % 2}" text:anchor-type="as-char" svg:width="1.1cm" '
                               f'svg:height="{_cm(h * (CHART_HEIGHT + adjustment))}" draw:z-index="0"/>'
                               for k, h in enumerate(chart_bars(block, i)))
                return f'<text:p text:style-name="{self.paragraph_style("Chart", first=True)}">{bars}</text:p>'
            case Image():
                box = (f'<draw:rect draw:style-name="Placeholder" text:anchor-type="as-char" svg:width="6cm" '
                       f'svg:height="{_cm(IMAGE_HEIGHT + adjustment)}" draw:z-index="0"/>')
                return f'<text:p text:style-name="{self.paragraph_style("Figure", first=True)}">{box}</text:p>'
            case Signature(lines=lines):
                out = []
                for n, line in enumerate(lines):  # kept together: a name is not parted from its title
                    style = "Signature" if n < len(lines) - 1 else "Signature_20_End"
                    if n == 0:
                        style = self.paragraph_style(style, space=space + 10, first=True)
                    out.append(f'<text:p text:style-name="{style}">{self.inline(line)}</text:p>')
                return "\n".join(out)
            case Fields(items=items):
                out = []
                for n, (label, value) in enumerate(items):
                    style = "Field_20_Label" if n else self.paragraph_style("Field_20_Label", space=space, first=True)
                    out.append(f'<text:p text:style-name="{style}">{escape(label)}</text:p>'
                               f'<text:p text:style-name="Field_20_Value">{self.inline(value)}</text:p>')
                return "\n".join(out)
        raise TypeError(block)

    def cover(self, cover: Cover) -> str:
        """Logo at the top, title a third down the page, the other lines below it."""
        styles = {"logo": "Cover_20_Logo", "title": "Cover_20_Title", "subtitle": "Cover_20_Subtitle",
                  "line": "Cover_20_Line"}
        out, previous = [], None
        self.master = "Cover"
        for n, (style, text) in enumerate(cover.lines):
            name = self.paragraph_style(styles[style], space=cover_gap(style, previous), first=n == 0)
            out.append(f'<text:p text:style-name="{name}">{self.inline(text)}</text:p>')
            previous = style
        self.master = "Standard"
        return "\n".join(out)

    def contents(self, toc: Toc) -> str:
        title = self.paragraph_style("Contents_20_Heading", first=True)
        out = [f'<text:p text:style-name="{title}">{CONTENTS_TITLE}</text:p>']
        for i, heading in _contents(self.source, toc):
            number, text = heading_number(plain(heading.text))
            page = self.plan.heading_pages.get(i, 0)
            lead = f"{escape(number)}<text:tab/>" if number else "<text:tab/>"
            out.append(f'<text:p text:style-name="Contents_20_{heading.level}">'
                       f'{lead}{escape(text)}<text:tab/>{page}</text:p>')
        self.break_before = True
        return "\n".join(out)

    def list_items(self, i: int) -> str:
        """A run of list items becomes one text:list (nested by depth); emitted at its first item."""
        if i > 0 and isinstance(self.source.blocks[i - 1], ListItem):
            return ""
        end = i
        while end < len(self.source.blocks) and isinstance(self.source.blocks[end], ListItem):
            end += 1
        return self.list_level(list(range(i, end)), 0, end - 1)

    def list_level(self, indices: list[int], depth: int, last: int) -> str:
        items = self.source.blocks
        style = "List_20_Number" if items[indices[0]].number else "List_20_Bullet"
        out, position, expected = [f'<text:list text:style-name="{style}">'], 0, 1
        while position < len(indices):
            i = indices[position]
            children = []
            position += 1
            while position < len(indices) and items[indices[position]].depth > depth:
                children.append(indices[position])
                position += 1
            item = items[i]
            start = ""
            if item.number:
                value = int(item.number[:-1])
                start = f' text:start-value="{value}"' if value != expected else ""
                expected = value + 1
            paragraph = self.paragraph_style("List_20_Paragraph", space=max(0.0, self.plan.adjustment(i)), first=True,
                                             relaxed=i in self.plan.relaxed)
            if i == last and paragraph == "List_20_Paragraph":
                paragraph = self.last_item_style()
            nested = self.list_level(children, depth + 1, last) if children else ""
            out.append(f'<text:list-item{start}><text:p text:style-name="{paragraph}">{self.inline(item.text)}</text:p>'
                       f'{nested}</text:list-item>')
        out.append("</text:list>")
        return "".join(out)

    def last_item_style(self) -> str:
        """The last item of a list keeps a paragraph's distance to what follows."""
        key = ("last item",)
        if key not in self.automatic:
            self.automatic[key] = ("List_Last", '<style:style style:name="List_Last" style:family="paragraph" '
                                                'style:parent-style-name="List_20_Paragraph">'
                                                f'<style:paragraph-properties fo:margin-bottom="{PARA_GAP}pt"/></style:style>')
        return "List_Last"

    def table(self, table: Table, space: float) -> str:
        self.tables += 1
        name = f"Tabell{self.tables}"
        total = sum(table.widths)
        width = self.geometry.text_width
        master = f' style:master-page-name="{self.master}"' if self.master else ""
        breaks = ' fo:break-before="page"' if self.break_before and not self.master else ""
        self.break_before, self.master = False, None
        # rows may break across pages: the table's may-break-between-rows, the rows' keep-together="auto"
        styles = [f'<style:style style:name="{name}" style:family="table"{master}><style:table-properties '
                  f'style:width="{_cm(width)}" table:align="margins" fo:margin-top="{4 + space:.1f}pt" '
                  f'fo:margin-bottom="10pt" style:may-break-between-rows="true"{breaks}/></style:style>']
        columns = []
        for c, w in enumerate(table.widths):
            styles.append(f'<style:style style:name="{name}.C{c}" style:family="table-column">'
                          f'<style:table-column-properties style:column-width="{_cm(width * w / total)}" '
                          f'style:rel-column-width="{round(1000 * w / total)}*"/></style:style>')
            columns.append(f'<table:table-column table:style-name="{name}.C{c}"/>')
        self.automatic[("table", name)] = (name, "\n".join(styles))
        rows = [self.table_row(row, header=table.header and r == 0) for r, row in enumerate(table.rows)]
        if table.header:
            rows[0] = f"<table:table-header-rows>{rows[0]}</table:table-header-rows>"
        return (f'<table:table table:name="{name}" table:style-name="{name}">'
                f'{"".join(columns)}{"".join(rows)}</table:table>')

    def table_row(self, row: tuple[tuple[str, ...], ...], header: bool) -> str:
        cells = []
        for paragraphs in row:
            content, bullets = [], []
            for paragraph in paragraphs + ("",):  # the sentinel flushes a trailing list
                if paragraph.startswith("• "):
                    bullets.append(f'<text:list-item><text:p text:style-name="Table_20_List">'
                                   f'{self.inline(paragraph[2:])}</text:p></text:list-item>')
                    continue
                if bullets:
                    content.append(f'<text:list text:style-name="List_20_Bullet">{"".join(bullets)}</text:list>')
                    bullets = []
                if paragraph or not content:
                    style = "Table_20_Heading" if header else "Table_20_Contents"
                    content.append(f'<text:p text:style-name="{style}">{self.inline(paragraph)}</text:p>')
            cell_style = "Header_20_Cell" if header else "Cell"
            cells.append(f'<table:table-cell table:style-name="{cell_style}" office:value-type="string">'
                         f'{"".join(content)}</table:table-cell>')
        return f'<table:table-row table:style-name="Row">{"".join(cells)}</table:table-row>'

    def inline(self, text: str) -> str:
        out = []
        for run in runs(text):
            if run.note:
                self.notes += 1
                note = self.inline(self.source.notes.get(run.note, ""))
                out.append(f'<text:note text:id="ftn{self.notes}" text:note-class="footnote">'
                           f'<text:note-citation text:label={quoteattr(run.text)}>{escape(run.text)}'
                           f'</text:note-citation><text:note-body><text:p text:style-name="Footnote">{note}</text:p>'
                           '</text:note-body></text:note>')
                continue
            content = self.symbols(run.text) if self.body_font == "DejaVu Serif" else escape(run.text)
            style = {(True, True): "Bold_Italic", (True, False): "Bold",
                     (False, True): "Italic"}.get((run.bold, run.italic))
            out.append(f'<text:span text:style-name="{style}">{content}</text:span>' if style else content)
        return "".join(out)

    @staticmethod
    def symbols(text: str) -> str:
        """Set the characters DejaVu Serif lacks in DejaVu Sans."""
        return "".join(f'<text:span text:style-name="Symbol">{escape(ch)}</text:span>' if needs_sans(ch)
                       else escape(ch) for ch in text)


