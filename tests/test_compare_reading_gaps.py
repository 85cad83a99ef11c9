"""What the compare labels of the real Göteborg pair need from the reader.

Each is a fact read off the page image (``pdftoppm -r 60``; benchmarks/labels/README.md) that the
comparison of the 2022 and 2023 årsredogörelse depends on, and that the reader once got wrong (a
table put after the page's text, its caption read as a heading, a paragraph cut at a page or
column break left as two blocks).
"""
import re

from conftest import real_pdf

OLD = "goteborg_stadsrevisionen_arsredogorelse_2022.pdf"
NEW = "goteborg_stadsrevisionen_arsredogorelse_2023.pdf"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _block(report, start: str):
    return next(b for b in report.blocks if b.text.startswith(start))


def test_a_table_above_the_text_comes_before_it(parsed):
    """2023 p.37: Tabell 1 stands under '3 Analys av årets ekonomiska utfall', above the
    paragraphs of that chapter; its cells belong to that chapter."""
    new = parsed(real_pdf(NEW))
    order = {b.id: k for k, b in enumerate(new.blocks)}
    cell = next(b for b in new.blocks if b.table is not None and b.page == 37)
    paragraph = _block(new, "Inför verksamhetsåret 2023 tilldelades")
    assert order[cell.id] < order[paragraph.id] and cell.section == paragraph.section


def test_a_paragraph_cut_by_the_page_break_under_the_table_page_is_one_block(parsed):
    """2023 p.37 → 38: 'I stadsrevisionens mål … Kostnaderna för' / 'revisorernas granskning
    påverkas också …' is one paragraph (compare labels n76: its sentence 'Kostnaderna för
    revisorernas granskning …' is carried over from 2022)."""
    new = parsed(real_pdf(NEW))
    b = _block(new, "I stadsrevisionens mål och inriktningsdokument framhålls")
    assert "Kostnaderna för revisorernas granskning påverkas också" in _norm(b.text)


def test_a_paragraph_running_on_with_a_parenthesis_is_one_block(parsed):
    """2022 p.33 (printed 31), 'Språkbruk och revisionstermer': column 1 ends '… och sammanhang',
    column 2 goes on '(bland annat förtroende). Graden av kritik …': one paragraph."""
    old = parsed(real_pdf(OLD))
    b = _block(old, "När revisorerna har granskat lämnar vi ofta")
    assert "och sammanhang (bland annat förtroende). Graden av kritik har också" in _norm(b.text)


def test_a_table_caption_is_not_a_section(parsed):
    """2022 p.43: 'Utfall per 2022-12-31' is the caption of the table (2023 prints it 'Tabell
    1Utfall per 2023-12-31', a paragraph); compare labels o56 ↔ n60."""
    old = parsed(real_pdf(OLD))
    assert not any(s.title.startswith("Utfall per 2022-12-31") for s in old.sections)
