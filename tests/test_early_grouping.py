"""Pages grouped while pdfium's child still reads (``EarlyGrouping``) give the same report.

``parse`` groups each page the child hands over once the spaCy pipeline is loaded; whether a
page was grouped then or in ``build_report`` depends on which process finished first, so the
report must not depend on it. These tests force each case: every page grouped early, none, and
pages changed after their early grouping (OCR gives a page new words).
"""
import copy
from pathlib import Path

import pytest

from rapportanalys import pipeline
from rapportanalys.read import read_pdf
from rapportanalys.read.page import Word
from rapportanalys.structure import EarlyGrouping, build_report

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted((ROOT / "corpus").glob("*.pdf"))


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_a_report_is_the_same_with_every_page_grouped_early(pdf):
    document = read_pdf(pdf)
    early = EarlyGrouping()
    twin = copy.deepcopy(document)
    for page in twin.pages:
        early.add(page)
    assert len(early) == len(twin.pages)
    with_early = build_report(twin, early=early).to_dict()
    assert len(early) == 0  # every grouping was used
    assert with_early == build_report(document).to_dict()


def test_a_page_given_new_words_after_its_early_grouping_is_grouped_again():
    document = read_pdf(PDFS[0])
    early = EarlyGrouping()
    for page in document.pages:
        early.add(page)
    page = document.pages[0]
    # as OCR does: the page's words replaced by others
    page.words = [Word(text="Ersatt", x0=72.0, top=300.0, x1=110.0, bottom=311.0, font="Arial", size=11.0,
                       bold=False, italic=False)]
    report = build_report(document, early=early)
    assert any("Ersatt" in b.text for b in report.blocks)  # the page's words as they are now
    assert not any("Ersatt" in b.text for b in build_report(read_pdf(PDFS[0])).blocks)
    assert early.take(page) is None


def test_a_page_whose_grouping_fails_early_is_left_to_build_report():
    class Broken:
        number, words = 1, None  # no words list: grouping raises

    early = EarlyGrouping()
    early.add(Broken())
    assert len(early) == 0


def test_parse_groups_pages_early_when_it_is_ready_before_the_child(monkeypatch):
    """With nothing to do while the child reads (no pipeline to load: it is loaded already),
    parse groups the pages the child hands over as they come, takes those groupings, and the
    report is the one build_report makes on its own."""
    from rapportanalys.extract import prepare

    prepare()
    monkeypatch.setattr(pipeline, "_while_reading", lambda: None)
    taken = []
    original = EarlyGrouping.take

    def take(self, page):
        got = original(self, page)
        taken.append(got is not None)
        return got

    monkeypatch.setattr(EarlyGrouping, "take", take)
    pdf = max(PDFS, key=lambda p: p.stat().st_size)
    report = pipeline.parse(pdf)
    assert any(taken), "no page was grouped while the child read"
    alone = build_report(read_pdf(pdf))
    assert [b.text for b in report.blocks] == [b.text for b in alone.blocks]
    assert [s.title for s in report.sections] == [s.title for s in alone.sections]
