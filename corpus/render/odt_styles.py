"""The named styles, page layouts and master pages of the flat ODT (LibreOffice producer)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from .style import (BAR_COLOURS, BODY_PT, CM, GREY, HEADER_FILL, heading_pt, HEADING_SPACE, INK, LABEL_PT,
                    NUMBER_COLUMN, PARA_GAP, SMALL_PT, TABLE_PT)


def _cm(points: float) -> str:
    return f"{points / CM:.3f}cm"


class _OdtStyles:
    """Style sheet parts of :class:`odt._OdtWriter` (needs ``source`` and ``geometry``)."""

    def named_styles(self) -> str:
        g = self.geometry
        width = _cm(g.text_width)
        headings = "\n".join(f"""
<style:style style:name="Heading_20_{level}" style:display-name="Heading {level}" style:family="paragraph"
 style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="{level}" style:class="text">
 <style:paragraph-properties fo:margin-top="{before}pt" fo:margin-bottom="{after}pt"/>
 <style:text-properties fo:font-size="{heading_pt(self.source, level)}pt"/>
</style:style>""" for level, (before, after) in HEADING_SPACE.items())
        contents = "\n".join(f"""
<style:style style:name="Contents_20_{level}" style:display-name="Contents {level}" style:family="paragraph" style:parent-style-name="Standard" style:class="index">
 <style:paragraph-properties fo:margin-left="{_cm((level - 1) * 0.5 * CM + NUMBER_COLUMN)}" fo:text-indent="{_cm(-NUMBER_COLUMN)}" fo:margin-top="{4 if level == 1 else 1}pt" fo:margin-bottom="1pt">
  <style:tab-stops>
   <style:tab-stop style:position="0cm"/>
   <style:tab-stop style:position="{_cm(g.text_width - (level - 1) * 0.5 * CM - NUMBER_COLUMN)}" style:type="right" style:leader-style="dotted" style:leader-text="."/>
  </style:tab-stops>
 </style:paragraph-properties>
 <style:text-properties{' fo:font-weight="bold"' if level == 1 else ''}/>
</style:style>""" for level in range(1, 5))

        def list_levels(kind: str, attributes: str) -> str:
            """Four levels of a list style, each indented 0.6 cm more, the label hanging."""
            return "".join(f"""
 <text:list-level-style-{kind} text:level="{level}" {attributes}>
  <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
   <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="{0.6 * level:.1f}cm" fo:text-indent="-0.6cm" fo:margin-left="{0.6 * level:.1f}cm"/>
  </style:list-level-properties>
 </text:list-level-style-{kind}>""" for level in range(1, 5))

        bullets = list_levels("bullet", 'text:style-name="Bullet_20_Symbols" text:bullet-char="•"')
        numbers = list_levels("number", 'style:num-suffix="." style:num-format="1"')
        return f"""
<style:default-style style:family="paragraph">
 <style:paragraph-properties fo:orphans="2" fo:widows="2" style:tab-stop-distance="1.25cm"/>
 <style:text-properties style:font-name="{self.body_font}" fo:font-size="{BODY_PT}pt" fo:language="sv" fo:country="SE" fo:hyphenate="false"/>
</style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
 <style:paragraph-properties fo:margin-top="0pt" fo:margin-bottom="{PARA_GAP}pt" fo:line-height="112%"/>
</style:style>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text">
 <style:paragraph-properties fo:keep-with-next="always"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-weight="bold" fo:color="{INK}"/>
</style:style>
{headings}
<style:style style:name="List_20_Paragraph" style:display-name="List Paragraph" style:family="paragraph" style:parent-style-name="Text_20_body" style:class="list">
 <style:paragraph-properties fo:margin-bottom="2pt"/>
</style:style>
<style:style style:name="Contents_20_Heading" style:display-name="Contents Heading" style:family="paragraph" style:parent-style-name="Standard" style:class="index">
 <style:paragraph-properties fo:margin-bottom="12pt"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="{heading_pt(self.source, 1)}pt" fo:font-weight="bold" fo:color="{INK}"/>
</style:style>
{contents}
<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
 <style:paragraph-properties fo:margin-bottom="3pt" fo:line-height="108%"/>
 <style:text-properties fo:font-size="{TABLE_PT}pt"/>
</style:style>
<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">
 <style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Table_20_List" style:display-name="Table List" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">
 <style:paragraph-properties fo:margin-bottom="1pt"/>
</style:style>
<style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
 <style:paragraph-properties fo:border-bottom="0.5pt solid {GREY}" fo:padding-bottom="3pt"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="{SMALL_PT}pt" fo:color="{GREY}"/>
</style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
 <style:paragraph-properties><style:tab-stops><style:tab-stop style:position="{width}" style:type="right"/></style:tab-stops></style:paragraph-properties>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="{SMALL_PT}pt" fo:color="{GREY}"/>
</style:style>
<style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
 <style:paragraph-properties fo:margin-left="0.4cm" fo:text-indent="-0.4cm" fo:margin-bottom="1pt"/>
 <style:text-properties fo:font-size="{SMALL_PT}pt"/>
</style:style>
<style:style style:name="Footnote_20_anchor" style:display-name="Footnote anchor" style:family="text"/>
<style:style style:name="Footnote_20_Symbol" style:display-name="Footnote Symbol" style:family="text"/>
<style:style style:name="Bullet_20_Symbols" style:display-name="Bullet Symbols" style:family="text">
 <style:text-properties style:font-name="DejaVu Sans"/>
</style:style>
<style:style style:name="Cover_20_Logo" style:display-name="Cover Logo" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:line-height="100%"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="26pt" fo:font-weight="bold" fo:color="{INK}" fo:text-transform="uppercase"/>
</style:style>
<style:style style:name="Cover_20_Title" style:display-name="Cover Title" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-bottom="10pt"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="26pt" fo:font-weight="bold" fo:color="{INK}"/>
</style:style>
<style:style style:name="Cover_20_Subtitle" style:display-name="Cover Subtitle" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-bottom="8pt"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="16pt" fo:color="{INK}"/>
</style:style>
<style:style style:name="Cover_20_Line" style:display-name="Cover Line" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-bottom="3pt"/>
 <style:text-properties fo:font-size="11pt"/>
</style:style>
<style:style style:name="Signature" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:keep-with-next="always"/>
</style:style>
<style:style style:name="Signature_20_End" style:display-name="Signature End" style:family="paragraph" style:parent-style-name="Standard"/>
<style:style style:name="Field_20_Label" style:display-name="Field Label" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-left="{_cm(g.text_width * 0.55)}" fo:margin-top="4pt"/>
 <style:text-properties style:font-name="DejaVu Sans" fo:font-size="{LABEL_PT}pt" fo:color="{GREY}"/>
</style:style>
<style:style style:name="Field_20_Value" style:display-name="Field Value" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-left="{_cm(g.text_width * 0.55)}" fo:margin-bottom="2pt"/>
</style:style>
<style:style style:name="Chart" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-align="center" fo:margin-top="6pt" fo:margin-bottom="10pt" fo:margin-left="2cm" fo:margin-right="2cm" fo:border-bottom="0.75pt solid #808080"/>
</style:style>
<style:style style:name="Figure" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-top="6pt" fo:margin-bottom="10pt"/>
</style:style>
<text:list-style style:name="List_20_Bullet" style:display-name="List Bullet">{bullets}
</text:list-style>
<text:list-style style:name="List_20_Number" style:display-name="List Number">{numbers}
</text:list-style>
<text:notes-configuration text:note-class="footnote" text:citation-style-name="Footnote_20_Symbol"
 text:citation-body-style-name="Footnote_20_anchor" style:num-format="1" text:start-value="0"
 text:footnotes-position="page" text:start-numbering-at="document"/>"""

    def page_layouts(self) -> str:
        g = self.geometry
        orientation = "landscape" if self.source.slides else "portrait"
        page = (f'fo:page-width="{_cm(g.width)}" fo:page-height="{_cm(g.height)}" style:print-orientation="{orientation}" '
                f'fo:margin-left="{_cm(g.margin_x)}" fo:margin-right="{_cm(g.margin_x)}"')
        # The header area runs from the top margin down to where the body starts, the footer
        # area from where the body ends; fixed heights keep the body where Geometry says.
        return f"""
<style:page-layout style:name="Page_Body">
 <style:page-layout-properties {page} fo:margin-top="{_cm(g.header_top)}" fo:margin-bottom="{_cm(g.height - g.footer_top - 0.5 * CM)}">
  <style:footnote-sep style:width="0.5pt" style:distance-before-sep="6pt" style:distance-after-sep="3pt" style:line-style="solid" style:adjustment="left" style:rel-width="25%" style:color="#000000"/>
 </style:page-layout-properties>
 <style:header-style><style:header-footer-properties fo:min-height="{_cm(g.body_top - g.header_top)}" fo:margin-bottom="0.5cm" style:dynamic-spacing="false"/></style:header-style>
 <style:footer-style><style:header-footer-properties fo:min-height="{_cm(g.footer_top + 0.5 * CM - g.body_bottom)}" fo:margin-top="{_cm(g.footer_top - g.body_bottom)}" style:dynamic-spacing="false"/></style:footer-style>
</style:page-layout>
<style:page-layout style:name="Page_Cover">
 <style:page-layout-properties {page} fo:margin-top="{_cm(g.body_top)}" fo:margin-bottom="{_cm(g.height - g.body_bottom)}"/>
</style:page-layout>"""

    def fixed_automatic_styles(self) -> str:
        bars = "\n".join(f"""<style:style style:name="Bar{k}" style:family="graphic">
 <style:graphic-properties draw:fill="solid" draw:fill-color="{colour}" draw:stroke="none" fo:margin-left="0.15cm" fo:margin-right="0.15cm" style:vertical-pos="top" style:vertical-rel="baseline"/>
</style:style>""" for k, colour in enumerate(BAR_COLOURS))
        return f"""{bars}
<style:style style:name="Placeholder" style:family="graphic">
 <style:graphic-properties draw:fill="solid" draw:fill-color="#c8c8c8" draw:stroke="none" style:vertical-pos="top" style:vertical-rel="baseline"/>
</style:style>
<style:style style:name="Row" style:family="table-row"><style:table-row-properties fo:keep-together="auto"/></style:style>
<style:style style:name="Cell" style:family="table-cell">
 <style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.12cm"/>
</style:style>
<style:style style:name="Header_20_Cell" style:family="table-cell">
 <style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.12cm" fo:background-color="{HEADER_FILL}"/>
</style:style>
<style:style style:name="Bold" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Italic" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="Bold_Italic" style:family="text"><style:text-properties fo:font-weight="bold" fo:font-style="italic"/></style:style>
<style:style style:name="Symbol" style:family="text"><style:text-properties style:font-name="DejaVu Sans"/></style:style>"""

    def master_pages(self) -> str:
        pattern = re.split(r"(\{page\}|\{pages\})", self.source.meta["page_numbers"])
        fields = {"{page}": '<text:page-number text:select-page="current">1</text:page-number>',
                  "{pages}": "<text:page-count>1</text:page-count>"}
        number = "".join(fields.get(part, escape(part)) for part in pattern)
        return f"""
<style:master-page style:name="Standard" style:page-layout-name="Page_Body">
 <style:header><text:p text:style-name="Header">{escape(self.source.meta["header"])}</text:p></style:header>
 <style:footer><text:p text:style-name="Footer">{escape(self.source.meta["footer"])}<text:tab/>{number}</text:p></style:footer>
</style:master-page>
<style:master-page style:name="Cover" style:page-layout-name="Page_Cover" style:next-style-name="Standard"/>"""

    # -- styles made on demand ---------------------------------------------------------------

