"""The first look's child hands its pages over through a spill file (read/spill.py): what the
parent gets back must be exactly what the pdfium backend reads in one process."""
import os
import pickle

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


def test_pages_of_one_document_share_equal_texts_fonts_and_colours():
    """Each page is its own record in the spill file; read back over one document, equal
    texts, font names and colours are one object (a long report's words repeat), while a
    colour holding -0.0 keeps its own (it equals 0.0 but prints otherwise)."""
    def page(number, colour):
        return Page(number=number, width=595.0, height=842.0,
                    words=[Word("och", 10.0, 5.0, 20.0, 15.0, "Sans-Bold", 10.0, True, False, colour)])

    def spilled(page):  # each page pickled on its own, as the child writes it
        return pickle.loads(pickle.dumps(pack_page(page)))

    shared: dict = {}
    one = unpack_page(spilled(page(1, (0.0, 0.5, 1.0))), shared)
    two = unpack_page(spilled(page(2, (0.0, 0.5, 1.0))), shared)
    a, b = one.words[0], two.words[0]
    assert (a.text, a.font, a.color) == (b.text, b.font, b.color)
    assert a.text is b.text and a.font is b.font and a.color is b.color
    signed = unpack_page(spilled(page(3, (-0.0, 0.5, 1.0))), shared).words[0].color
    assert signed is not a.color and str(signed[0]) == "-0.0"
    assert unpack_page(spilled(page(4, (0.0, 0.5, 1.0)))).words[0].color is not a.color  # no sharing asked


def test_pages_are_unpacked_while_the_child_still_reads(monkeypatch):
    """The child tells the parent where each page is as soon as it is written; a parent done
    with its own work unpacks it then (inside ``run_isolated``), not after the reading, when
    ``parse`` waits for it. The pages are the same."""
    from rapportanalys.read import checks

    inside, when = [], []
    run, unpack = checks.run_isolated, checks.unpack_page

    def running(*args, **kwargs):
        inside.append(True)
        try:
            return run(*args, **kwargs)
        finally:
            inside.clear()

    monkeypatch.setattr(checks, "run_isolated", running)
    monkeypatch.setattr(checks, "unpack_page", lambda *a: when.append(bool(inside)) or unpack(*a))
    pdf = PDFS[0]
    look = first_look(pdf, Bounds(), read=True)
    try:
        assert look.read == read_with_pdfium(pdf)
        assert when and all(when)  # every page, as the child went on
    finally:
        look.close()


def test_a_hint_the_parent_cannot_take_now_is_left_out():
    """An optional line to a parent busy with its own work never holds the child up: with the
    pipe full, it is dropped and the child ends while the parent is still busy."""
    import time

    from rapportanalys.read.isolated import run_isolated, tell_parent

    def child():
        for i in range(100_000):  # far more than a pipe holds
            tell_parent(f"hint {i}", optional=True)
        return time.monotonic()

    got = []
    busy_until = []
    ran = run_isolated(child, timeout=30, bounds=Bounds(), on_line=lambda line: got.append(line) and None,
                       while_waiting=lambda: time.sleep(1.5) or busy_until.append(time.monotonic()))
    assert ran.status == "ok"
    assert ran.value < busy_until[0]  # the child was done before the parent listened
    assert 0 < len(got) < 100_000


def test_the_child_works_out_the_pages_warnings_and_the_files_digest(monkeypatch, tmp_path):
    """With the pdfium backend, the first look's child works out each page's text warning and
    the file's SHA-256 beside its reading; ``parse`` does not wait for them after it. They are
    what the parent would have worked out: the document's warnings and digest are the same."""
    import rapportanalys.read as read
    from rapportanalys.read import checks

    from fuzz import pdfs

    salad = ["TryeUt oUZiktor eUhUta ochoSUtod kriUg reUlatior kommUnen"] * 4  # letters mapped wrongly
    pdf = tmp_path / "salad.pdf"
    pdf.write_bytes(pdfs.simple([pdfs.text_content(pdfs.SAMPLE), pdfs.text_content(salad)]))
    in_parent = []
    warn, digest = checks.page_warning, read.sha256_of
    monkeypatch.setattr(checks, "page_warning", lambda *a: in_parent.append(os.getpid()) or warn(*a))
    monkeypatch.setattr(read, "sha256_of", lambda p: in_parent.append(os.getpid()) or digest(p))
    document = read.read_pdf(pdf, ocr="never")
    assert os.getpid() not in in_parent  # (the child's calls are counted in the child's copy)
    _, pages = read_with_pdfium(pdf)
    look = checks.FirstLook("ok", pages=len(pages), words=[_words_of(pdf, i) for i in range(len(pages))])
    assert document.warnings == checks.text_warnings(pages, look)
    assert [w["page"] for w in document.warnings] == [2]
    assert document.sha256 == digest(pdf)


def _words_of(pdf, index):
    """pdfium's word set of one page, as the first look makes it."""
    import pypdfium2 as pdfium

    from rapportanalys.read.checks import WORD

    doc = pdfium.PdfDocument(str(pdf))
    try:
        textpage = doc[index].get_textpage()
        text = textpage.get_text_range() if textpage.count_chars() > 0 else ""
        return frozenset(WORD.findall(text.lower()))
    finally:
        doc.close()
