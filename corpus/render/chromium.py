"""Producer 3: headless Chromium's print-to-PDF, from generated HTML and CSS.

Web-exported reports are made this way. The page is set with CSS paged media: ``@page`` margin
boxes carry the running header, footer and page number ("Sida " counter(page) " av "
counter(pages)), a named page ``cover`` has none, and the body flows through the page area (in
two columns with ``columns: 2``). Fonts are the system's DejaVu faces; no web assets.

Chromium has no page footnotes: a footnote is printed in small type under the paragraph that
refers to it, as web exports do. The layout options of the front matter (FORMAT.md) are all
implemented here: ``cover``, ``toc``, ``columns``, ``display``, ``plain_headings``,
``table_widths`` and ``stamp``.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

import pdfplumber

from .markup import (Block, Chart, Cover, Fields, Heading, heading_number, Image, ListItem, PageBreak,
                     Paragraph, plain, runs, Signature, Source, Table, Toc)
from .plan import Plan, elastic_range
from .readback import _contents
from .style import (BAR_COLOURS, BODY_PT, chart_bars, CHART_HEIGHT, CM, CONTENTS_TITLE, cover_gap, geometry_of,
                    GREY, HEADER_FILL, HEADING_SPACE, heading_pt, IMAGE_HEIGHT, INK, LABEL_PT, LEADING,
                    NUMBER_COLUMN, PARA_GAP, SMALL_PT, TABLE_PT)

STAMP_PT = 7.0


class ChromiumProducer:
    """Writes the source as one HTML file with its CSS and prints it with headless Chromium."""

    name = "chromium"

    def render(self, source: Source, plan: Plan, pdf: Path, workdir: Path) -> None:
        html = workdir / f"{pdf.stem}.html"
        html.write_text(_HtmlWriter(source, plan).document(), encoding="utf-8")
        produced = workdir / f"{pdf.stem}.chromium.pdf"
        produced.unlink(missing_ok=True)
        command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   f"--user-data-dir={workdir / 'chromium-profile'}", f"--print-to-pdf={produced}", html.as_uri()]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if not produced.exists():
            raise RuntimeError(f"chromium did not print {html}: {result.stderr.strip()[-500:]}")
        _check_scale(produced)
        produced.replace(pdf)


def _check_scale(pdf: Path) -> None:
    """Chromium shrinks the content to fit when something is too wide for the page or a column:
    the body text is then no longer BODY_PT anywhere. That is a layout error here, not a variant."""
    with pdfplumber.open(pdf) as document:
        sizes = Counter(round(c["size"], 1) for page in document.pages for c in page.chars)
    if not sizes[round(BODY_PT, 1)]:
        raise RuntimeError(f"chromium shrank {pdf.name} to fit: no {BODY_PT} pt body text; sizes "
                           f"{sorted(sizes)} (something is wider than the page or column)")


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _HtmlWriter:
    def __init__(self, source: Source, plan: Plan):
        self.source, self.plan = source, plan
        self.geometry = geometry_of(source)
        self.body_font = "DejaVu Serif" if source.meta["font"] == "serif" else "DejaVu Sans"
        self.pending_notes: list[str] = []
        self.in_columns = False
        self.break_next = False  # the next block starts a new page

    # -- document ----------------------------------------------------------------------------

    def document(self) -> str:
        parts = []
        for i, block in enumerate(self.source.blocks):
            parts.append(self.block(i, block))
            parts.extend(self.flush_notes())
        if self.in_columns:
            parts.append("</div>")
        return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8">
<title>{escape(self.source.title)}</title>
<meta name="author" content="{escape(self.source.author)}">
<style>
{self.css()}
</style></head>
<body>
{chr(10).join(p for p in parts if p)}
</body></html>
"""

    def css(self) -> str:
        g, s = self.geometry, self.source
        number = " ".join(_css_string(part) if part not in ("{page}", "{pages}") else
                          f"counter({part[1:-1]})" for part in _split_fields(s.meta["page_numbers"]) if part)
        small = f'font: {SMALL_PT}pt "DejaVu Sans"; color: {GREY};'
        stamp = s.option("stamp")
        stamp_box = (f"@left-middle {{ content: {_css_string(stamp)}; font: {STAMP_PT}pt \"DejaVu Sans\"; "
                     f"color: #606060; writing-mode: sideways-lr; text-align: center; }}") if stamp else ""
        # The footer's rule runs along the bottom of the page area: it closes the cells of a table
        # row cut by the page break, which Chromium leaves open.
        footer_box = f"vertical-align: top; padding-top: {g.footer_top - g.body_bottom:.1f}pt; border-top: 0.5pt solid {GREY};"
        cover_boxes = "@top-left { content: none; } @bottom-left { content: none; } @bottom-right { content: none; }"
        headings = "\n".join(
            f"h{level} {{ font: bold {heading_pt(s, level)}pt/1.2 \"DejaVu Sans\"; color: {INK}; "
            f"margin: {before}pt 0 {after}pt 0; break-after: avoid; break-inside: avoid; }}"
            for level, (before, after) in HEADING_SPACE.items())
        plain_level = int(s.option("plain_headings"))
        if plain_level:
            headings += (f"\nh{plain_level} {{ font: bold {BODY_PT}pt/{LEADING} \"{self.body_font}\"; color: #000; "
                         f"margin: 0 0 {PARA_GAP}pt 0; }}")
        if s.option("display") == "letterspaced":
            headings += "\nh1 { letter-spacing: 0.32em; font-weight: normal; text-transform: none; }"
        # memo fields run across both columns, flush left (a header block above the columns)
        columns = (f".columns {{ column-count: 2; column-gap: {g.gutter:.1f}pt; column-fill: auto; }}\n"
                   ".columns .fields { column-span: all; margin-left: 0; }\n"
                   # tables run across both columns (a Swedish compound is wider than half a column's cell)
                   ".columns table { column-span: all; }\n"
                   # chapter titles run across both columns, centred (a letter-spaced one would not fit a column)
                   ".columns h1 { column-span: all; text-align: center; }"
                   if g.columns == 2 else "")
        return f"""@page {{ size: {g.width:.2f}pt {g.height:.2f}pt;
  margin: {g.body_top:.2f}pt {g.margin_x:.2f}pt {g.height - g.body_bottom:.2f}pt {g.margin_x:.2f}pt;
  @top-left {{ content: {_css_string(s.meta["header"])}; {small} vertical-align: top; padding-top: {g.header_top:.1f}pt;
              border-bottom: 0.5pt solid {GREY}; }}
  @bottom-left {{ content: {_css_string(s.meta["footer"])}; {small} {footer_box} width: 60%; }}
  @bottom-right {{ content: {number}; {small} {footer_box} width: 40%; text-align: right; }}
  {stamp_box}
}}
@page cover {{ {cover_boxes} }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; font: {BODY_PT}pt/{LEADING} "{self.body_font}"; orphans: 2; widows: 2; }}
p {{ margin: 0 0 {PARA_GAP}pt 0; }}
{headings}
{columns}
.cover {{ page: cover; break-after: page; }}
.cover .logo {{ font: bold 26pt/1.1 "DejaVu Sans"; color: {INK}; text-transform: uppercase; margin: 0; }}
.cover .title {{ font: bold 26pt/1.2 "DejaVu Sans"; color: {INK}; margin: 0 0 10pt 0; }}
.cover .subtitle {{ font: 16pt/1.25 "DejaVu Sans"; color: {INK}; margin: 0 0 8pt 0; }}
.cover .line {{ font: 11pt/1.3 "{self.body_font}"; margin: 0 0 3pt 0; }}
.titleblock {{ margin: 0 0 14pt 0; border-bottom: 0.5pt solid {GREY}; padding-bottom: 6pt; }}
.titleblock p {{ margin: 0; font-size: 9pt; }}
.titleblock .title {{ font: bold 12pt/1.3 "DejaVu Sans"; color: {INK}; }}
.titleblock .logo {{ text-transform: uppercase; font-weight: bold; }}
.contents-title {{ font: bold {heading_pt(s, 1)}pt/1.2 "DejaVu Sans"; color: {INK}; margin: 0 0 12pt 0; }}
.toc {{ display: flex; align-items: baseline; margin: 1pt 0; }}
.toc .p, .toc .fill {{ align-self: last baseline; }}
.toc.l1 {{ font-weight: bold; margin-top: 4pt; }}
.toc .n {{ flex: 0 0 {NUMBER_COLUMN:.1f}pt; }}
.toc .fill {{ flex: 1; border-bottom: 1pt dotted #000; margin: 0 4pt; }}
.toc-end {{ margin-bottom: 18pt; }}
ul, ol {{ margin: 0 0 {PARA_GAP}pt 0; padding-left: 0.6cm; }}
ul ul, ol ol, ul ol, ol ul {{ margin: 0; }}
li {{ margin: 0 0 2pt 0; }}
li > p {{ margin: 0; }}
table {{ border-collapse: collapse; width: 100%; margin: 4pt 0 10pt 0; font-size: {TABLE_PT}pt; line-height: 1.25; }}
th, td {{ border: 0.5pt solid #000; padding: 0.12cm; vertical-align: top; text-align: left; }}
th {{ background: {HEADER_FILL}; }}
tr {{ break-inside: auto; }}
td p, th p {{ margin: 0 0 3pt 0; }}
td ul {{ margin: 0 0 3pt 0; padding-left: 0.45cm; }}
td li {{ margin: 0 0 1pt 0; }}
.note {{ font-size: {SMALL_PT}pt; line-height: 1.25; border-top: 0.5pt solid #000; padding-top: 2pt;
        margin: 0 0 {PARA_GAP}pt 0; width: 60%; }}
.chart {{ margin: 6pt 2cm 10pt 2cm; border-bottom: 0.75pt solid #808080; display: flex; align-items: flex-end;
          justify-content: center; gap: 0.3cm; break-inside: avoid; }}
.chart div {{ width: 1.1cm; }}
.image {{ width: 6cm; background: #c8c8c8; margin: 6pt 0 10pt 0; }}
.signature p {{ margin: 0; }}
.signature {{ margin: 10pt 0 {PARA_GAP}pt 0; break-inside: avoid; }}
.fields {{ margin-left: 55%; }}
.fields .label {{ font: {LABEL_PT}pt "DejaVu Sans"; color: {GREY}; margin: 4pt 0 0 0; }}
.fields .value {{ margin: 0 0 2pt 0; }}"""

    # -- blocks ------------------------------------------------------------------------------

    def attributes(self, i: int, block: Block, cls: str = "", first: bool = True) -> str:
        """class and style of a block's first element: a pending page break, the space the plan
        adds above it, relaxed widows/orphans."""
        style = []
        if first and self.break_next:
            style.append("break-before: page")
            self.break_next = False
        space = self.plan.adjustment(i)
        if space > 0 and not elastic_range(block):
            style.append(f"padding-top: {space:.1f}pt")
        if i in self.plan.relaxed:
            style.append("orphans: 1; widows: 1")
        out = f' class="{cls}"' if cls else ""
        return out + (f' style="{"; ".join(style)}"' if style else "")

    def open_columns(self) -> str:
        """The body after the cover and contents runs in two columns (``columns: 2``)."""
        if self.geometry.columns == 2 and not self.in_columns:
            self.in_columns = True
            style = ' style="break-before: page"' if self.break_next else ""
            self.break_next = False
            return f'<div class="columns"{style}>'
        return ""

    def block(self, i: int, block: Block) -> str:
        match block:
            case Cover():
                return self.cover(block)
            case Toc():
                return self.contents(block)
            case PageBreak():
                self.break_next = True
                return ""
        opening = self.open_columns()
        match block:
            case Heading(level=level, text=text):
                return f"{opening}<h{level}{self.attributes(i, block)}>{self.inline(text)}</h{level}>"
            case Paragraph(text=text):
                return f"{opening}<p{self.attributes(i, block)}>{self.inline(text)}</p>"
            case ListItem():
                return opening + self.list_items(i)
            case Table():
                return opening + self.table(i, block)
            case Chart():
                height = CHART_HEIGHT + self.plan.adjustment(i)
                bars = "".join(f'<div style="height: {h * height:.1f}pt; background: {BAR_COLOURS[k % 2]}"></div>'
                               for k, h in enumerate(chart_bars(block, i)))
                return f'{opening}<div{self.attributes(i, block, "chart")}>{bars}</div>'
            case Image():
                height = IMAGE_HEIGHT + self.plan.adjustment(i)
                return f'{opening}<div{self.attributes(i, block, "image")}><div style="height: {height:.1f}pt"></div></div>'
            case Signature(lines=lines):
                inner = "".join(f"<p>{self.inline(line)}</p>" for line in lines)
                return f'{opening}<div{self.attributes(i, block, "signature")}>{inner}</div>'
            case Fields(items=items):
                inner = "".join(f'<p class="label">{escape(label)}</p><p class="value">{self.inline(value)}</p>'
                                for label, value in items)
                return f'{opening}<div{self.attributes(i, block, "fields")}>{inner}</div>'
        raise TypeError(block)

    def cover(self, cover: Cover) -> str:
        """``cover: page``: logo at the top, title a third down a page of its own. ``cover: line``:
        the same lines, small, as a title block at the top of page 1."""
        if not self.source.cover_page:
            lines = "".join(f'<p class="{style}">{self.inline(text)}</p>' for style, text in cover.lines)
            return f'<div class="titleblock">{lines}</div>'
        out, previous = [], None
        for style, text in cover.lines:
            gap = cover_gap(style, previous)
            space = f' style="margin-top: {gap:.0f}pt"' if gap else ""
            out.append(f'<p class="{style}"{space}>{self.inline(text)}</p>')
            previous = style
        return f'<div class="cover">{"".join(out)}</div>'

    def contents(self, toc: Toc) -> str:
        """Dot leaders drawn as a dotted rule; ``toc: shared``: the first chapter follows on the
        same page."""
        style = ' style="break-before: page"' if self.break_next else ""
        self.break_next = False
        out = [f'<div class="contents"{style}><p class="contents-title">{CONTENTS_TITLE}</p>']
        for i, heading in _contents(self.source, toc):
            number, text = heading_number(plain(heading.text))
            indent = (heading.level - 1) * 0.5 * CM
            out.append(f'<div class="toc l{heading.level}" style="padding-left: {indent:.1f}pt">'
                       f'<span class="n">{escape(number or "")}</span><span class="t">{escape(text)}</span>'
                       f'<span class="fill"></span><span class="p">{self.plan.heading_pages.get(i, 0)}</span></div>')
        out.append('<div class="toc-end"></div></div>')
        if self.source.option("toc") == "page":
            self.break_next = True
        return "".join(out)

    def list_items(self, i: int) -> str:
        blocks = self.source.blocks
        if i > 0 and isinstance(blocks[i - 1], ListItem):
            return ""
        end = i
        while end < len(blocks) and isinstance(blocks[end], ListItem):
            end += 1
        return self.list_level(list(range(i, end)), 0)

    def list_level(self, indices: list[int], depth: int) -> str:
        items = self.source.blocks
        tag = "ol" if items[indices[0]].number else "ul"
        first = items[indices[0]]
        start = f' start="{int(first.number[:-1])}"' if first.number and first.number != "1." else ""
        out, position = [f"<{tag}{start}{self.attributes(indices[0], first) if depth == 0 else ''}>"], 0
        while position < len(indices):
            i = indices[position]
            children = []
            position += 1
            while position < len(indices) and items[indices[position]].depth > depth:
                children.append(indices[position])
                position += 1
            own = "" if (depth == 0 and i == indices[0]) else self.attributes(i, items[i], first=False)
            nested = self.list_level(children, depth + 1) if children else ""
            value = f' value="{int(items[i].number[:-1])}"' if items[i].number else ""
            out.append(f"<li{value}{own}>{self.inline(items[i].text)}{nested}</li>")
        out.append(f"</{tag}>")
        return "".join(out)

    def table(self, i: int, table: Table) -> str:
        widths = table.widths
        override = self.source.option("table_widths")
        if override and len(override.split(",")) == len(widths):
            widths = tuple(float(w) for w in override.split(","))
        total = sum(widths)
        columns = "".join(f'<col style="width: {100 * w / total:.1f}%">' for w in widths)
        rows = [self.table_row(row, header=table.header and r == 0) for r, row in enumerate(table.rows)]
        head = f"<thead>{rows.pop(0)}</thead>" if table.header else ""
        return f'<table{self.attributes(i, table)}><colgroup>{columns}</colgroup>{head}<tbody>{"".join(rows)}</tbody></table>'

    def table_row(self, row: tuple[tuple[str, ...], ...], header: bool) -> str:
        cells = []
        tag = "th" if header else "td"
        for paragraphs in row:
            content, bullets = [], []
            for paragraph in paragraphs + ("",):  # the sentinel flushes a trailing list
                if paragraph.startswith("• "):
                    bullets.append(f"<li>{self.inline(paragraph[2:])}</li>")
                    continue
                if bullets:
                    content.append(f"<ul>{''.join(bullets)}</ul>")
                    bullets = []
                if paragraph:
                    content.append(f"<p>{self.inline(paragraph)}</p>")
            cells.append(f"<{tag}>{''.join(content)}</{tag}>")
        return f"<tr>{''.join(cells)}</tr>"

    def inline(self, text: str) -> str:
        out = []
        for run in runs(text):
            content = escape(run.text)
            if run.note:
                self.pending_notes.append(run.note)
                # a footnote reference: superscript digits stand as they are, any other marker ("*")
                # is raised and small, as a word processor sets it
                out.append(content if all(ch in "⁰¹²³⁴⁵⁶⁷⁸⁹" for ch in run.text) else f"<sup>{content}</sup>")
                continue
            if run.bold:
                content = f"<b>{content}</b>"
            if run.italic:
                content = f"<i>{content}</i>"
            out.append(content)
        return "".join(out)

    def flush_notes(self) -> list[str]:
        """Footnotes referred to in the block just written, under it in small type."""
        out = []
        for note_id in self.pending_notes:
            marker = next((run.text for block in self.source.blocks for run in runs(getattr(block, "text", ""))
                           if run.note == note_id), note_id)
            out.append(f'<p class="note">{escape(marker)} {self.inline(self.source.notes.get(note_id, ""))}</p>')
        self.pending_notes = []
        return out


def _split_fields(pattern: str) -> list[str]:
    return re.split(r"(\{page\}|\{pages\})", pattern)
