"""The first look's child hands its pages over through a spill file (read/spill.py): what the
parent gets back must be exactly what the pdfium backend reads in one process."""
import pytest

import labels
from rapportanalys.read.bounds import Bounds
from rapportanalys.read.checks import first_look
from rapportanalys.read.page import Box, Page, Rule, Word
from rapportanalys.read.pdfium_backend import read_with_pdfium
from rapportanalys.read.spill import pack_page, unpack_page

PDFS = sorted((labels.ROOT / "corpus").glob("*.pdf"))


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_pages_through_the_child_equal_the_backend_in_process(pdf):
    look = first_look(pdf, Bounds(), read=True)
    try:
        assert look.status == "ok" and look.read is not None
        info, pages = look.read
        assert (info, pages) == read_with_pdfium(pdf)  # every field of every word, rule and box
        assert len(look.words) == len(pages) == look.pages
        assert all(isinstance(words, frozenset) for words in look.words)
    finally:
        look.close()


def test_a_page_round_trips_with_every_field():
    letters = tuple(Word(ch, 10.0 + i, 5.0, 14.0 + i, 15.0, "Sans", 10.0, False, False) for i, ch in enumerate("ABC"))
    page = Page(number=3, width=595.3, height=841.9,
                words=[Word("ABC", 10.0, 5.0, 16.0, 15.0, "Sans-Bold", 10.0, True, False, (0.1, 0.2, 0.3), letters),
                       Word("ord", 20.5, -0.0, 30.25, 9.5, "Sans", 9.0, False, True, None, (), 87.5)],
                rules=[Rule(0.0, 1.0, 100.0, 1.0)], boxes=[Box(1.0, 2.0, 3.0, 4.0, (1.0, 0.0, 0.0), None)],
                images=[(1.0, 2.0, 3.0, 4.0)], char_count=6,
                rotated=[Word("stämpel", 5.0, 100.0, 15.0, 200.0, "Serif", 8.0, False, False)],
                invisible_chars=2, ocr=True)
    back = unpack_page(pack_page(page))
    assert back == page
    assert back.words[0].parts == letters and isinstance(back.words[0].parts[0], Word)
