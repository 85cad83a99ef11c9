"""The page-reading layer: fake-bold duplicates, and boxes that point at the right text."""
import random

import pdfplumber
import pytest

import labels
from rapportanalys.read import read_pdf
from rapportanalys.read.pdfplumber_backend import _dedupe_chars


def _char(text, x0, top, size=12.0):
    return {"text": text, "x0": x0, "x1": x0 + 6, "top": top, "bottom": top + size, "size": size,
            "fontname": "Sans", "upright": True}


def test_fake_bold_duplicates_are_dropped_and_marked_bold():
    chars = []
    for i, ch in enumerate("Hälsa"):
        chars += [_char(ch, 100 + 7 * i, 50), _char(ch, 100.4 + 7 * i, 50)]  # drawn twice, 0.4 pt apart
    kept = _dedupe_chars(chars)
    assert "".join(c["text"] for c in kept) == "Hälsa"
    assert all(c.get("fake_bold") for c in kept)


def test_repeated_letters_far_apart_are_kept():
    chars = [_char("l", 100, 50), _char("l", 106.5, 50)]  # "ll" in "alla": 6.5 pt apart
    assert len(_dedupe_chars(chars)) == 2


def test_reportlab_fake_bold_heading_reads_once():
    doc = read_pdf(labels.ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf")
    words = [w for p in doc.pages for w in p.words if w.text == "Målområde"]
    assert words and all(w.bold for w in words)


def test_fake_bold_copies_pdfium_leaves_out_are_found_a_few_pairs_at_a_time(monkeypatch):
    """pdfium leaves a text object drawn again at the same place out of its text page; the kept
    one is found among the objects whose left edge is within reach, the (left-out, kept) pairs
    tested in bounded batches: a batch of one pair finds exactly what one batch finds."""
    from rapportanalys.read import pdfium_backend
    from rapportanalys.read.pdfium_backend import read_with_pdfium

    pdf = labels.ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf"
    found = []
    dropped = pdfium_backend._dropped_copies
    monkeypatch.setattr(pdfium_backend, "_dropped_copies", lambda *a: found.append(dropped(*a)) or found[-1])
    _, pages = read_with_pdfium(pdf)
    assert any(found)  # the heading's copies
    at_once, found = found, []
    monkeypatch.setattr(pdfium_backend, "_PAIRS_AT_ONCE", 1)
    _, one_by_one = read_with_pdfium(pdf)
    assert len(found) == len(at_once) and [len(f) for f in found] == [len(f) for f in at_once]
    assert [[(w.text, w.bold) for w in p.words] for p in one_by_one] == [[(w.text, w.bold) for w in p.words] for p in pages]


@pytest.mark.parametrize("label", labels.all_labels(), ids=lambda l: l.name)
def test_block_boxes_point_at_their_text(parsed, label):
    """The app outlines a block on its page: the box must hold the block's first words."""
    report = parsed(label.pdf)
    rng = random.Random(7)
    blocks = rng.sample(report.blocks, min(25, len(report.blocks)))
    with pdfplumber.open(label.pdf) as pdf:
        for b in blocks:
            page = pdf.pages[b.page - 1]
            x0, top, x1, bottom = b.bbox
            crop = page.crop((max(0, x0 - 1), max(0, top - 1), min(page.width, x1 + 1), min(page.height, bottom + 1)))
            inside = " ".join((crop.extract_text() or "").split())
            first = " ".join(b.text.replace("• ", "").split()[:2]).rstrip("-")
            assert first[:8] in inside, (b.id, b.text[:60], inside[:80])


def test_glyph_code_pattern_is_the_control_and_private_use_categories():
    """``checks._unmapped`` finds glyph codes with one regular expression; its character class
    must be exactly Unicode's Cc and Co categories and U+FFFD, for every code point."""
    import sys
    import unicodedata

    from rapportanalys.read.checks import _unmapped

    wrong = [hex(c) for c in range(sys.maxunicode + 1)
             if _unmapped(chr(c)) != (unicodedata.category(chr(c)) in ("Cc", "Co") or c == 0xFFFD)]
    assert wrong == []
    assert _unmapped("ab(cid:12)") and not _unmapped("Kungälv")


def test_path_segments_read_in_bulk_as_one_at_a_time():
    """The pdfium backend reads a path's segments through buffers (``_subpaths``); the subpaths
    must be exactly those of reading them one pypdfium2 call at a time (``_subpaths_each``), for
    every path object of PDFs with tables, charts and outlined marks."""
    import pypdfium2 as pdfium

    from conftest import REAL, ROOT
    from rapportanalys.read import pdfium_backend as backend

    paths = [ROOT / "corpus" / "variants" / "kungalv_trygg-i-kungalv_2023.chromium-rowcut.pdf",
             REAL / "goteborg_stadsrevisionen_arsredogorelse_2022.pdf"]
    checked = 0
    for path in [p for p in paths if p.exists()]:
        pdf = pdfium.PdfDocument(str(path))
        raw = backend._raw().raw
        for index in range(len(pdf)):
            page = pdf[index]
            for obj, kind, _form in backend._walk(raw, page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject):
                if kind == backend._PATH:
                    matrix = (1.0, 0.0, 0.0, -1.0, 0.0, 842.0)
                    assert backend._subpaths(raw, obj, matrix) == backend._subpaths_each(raw, obj, matrix)
                    checked += 1
            page.close()
        pdf.close()
    assert checked > 1000


def test_pointer_sized_indices_reach_pdfium_unchanged():
    """The per-character calls pass a character's index as a pointer-sized argument on 64-bit
    x86 and ARM (cheaper for ctypes than a C int): every character's text object, loose box,
    origin and font size are the ones pypdfium2's own typed bindings give."""
    import ctypes
    import os

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from rapportanalys.read import pdfium_text

    if os.uname().machine.lower() in ("x86_64", "amd64", "aarch64", "arm64"):
        assert pdfium_text.INDEX is ctypes.c_void_p
    r = pdfium_text.Raw()
    pdf = pdfium.PdfDocument(str(labels.ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf"))
    try:
        page = pdf[1]
        textpage = page.get_textpage()
        tp = textpage.raw
        address = ctypes.cast(tp, ctypes.c_void_p).value
        n = raw.FPDFText_CountChars(tp)
        assert n > 100
        box, ours = raw.FS_RECTF(), (ctypes.c_float * 4)()
        x, y, ox, oy = ctypes.c_double(), ctypes.c_double(), (ctypes.c_double * 1)(), (ctypes.c_double * 1)()
        for i in range(n):
            obj = raw.FPDFText_GetTextObject(tp, i)
            assert r.text_object(address, i) == (ctypes.cast(obj, ctypes.c_void_p).value or 0)
            assert r.loose_box(address, i, ctypes.addressof(ours)) == raw.FPDFText_GetLooseCharBox(tp, i, box)
            assert list(ours) == [box.left, box.top, box.right, box.bottom]
            assert r.char_origin(address, i, ctypes.addressof(ox), ctypes.addressof(oy)) \
                == raw.FPDFText_GetCharOrigin(tp, i, x, y)
            assert (ox[0], oy[0]) == (x.value, y.value)
            assert r.font_size(address, i) == raw.FPDFText_GetFontSize(tp, i)
        textpage.close()
        page.close()
    finally:
        pdf.close()


def _pages_read(path, char_loop: bool) -> list:
    """Every page of ``path`` as the pdfium backend reads it, with or without the C loop."""
    import pypdfium2 as pdfium

    from rapportanalys.read import pdfium_backend as backend
    from rapportanalys.read import pdfium_text

    r = pdfium_text.Raw()
    if not char_loop:
        r.char_loop = None
    saved, backend._RAW = backend._RAW, r
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [backend.read_page(pdf[i], i + 1) for i in range(len(pdf))]
    finally:
        pdf.close()
        backend._RAW = saved


def test_the_c_loop_over_characters_reads_what_the_ctypes_calls_read():
    """The optional C loop (pdfium_chars.c) asks pdfium the same three things per character as
    the ctypes calls: every page of PDFs from four producers (a Chromium variant with fake bold
    and a rotated stamp, reportlab's corpus, two real reports) reads the same either way,
    words, boxes, styles and rotated text alike."""
    from conftest import REAL, ROOT
    from rapportanalys.read import pdfium_text

    if pdfium_text._native_loop() is None:
        pytest.skip("the C loop is not built here (no C compiler at install): the ctypes path reads")
    paths = [ROOT / "corpus" / "variants" / "kalmar_handlingsplaner_2020.chromium-questions-bold-stamp.pdf",
             ROOT / "corpus" / "kungalv_social-hallbarhet_2023.pdf",
             REAL / "helsingborg_samsynsguiden-bygglov_2023.pdf",
             REAL / "goteborg_stadsrevisionen_arsredogorelse_2023.pdf"]
    words = 0
    for path in [p for p in paths if p.exists()]:
        native, plain = _pages_read(path, True), _pages_read(path, False)
        assert native == plain, path.name
        words += sum(len(p.words) + len(p.rotated) for p in native)
    assert words > 20_000


def test_the_c_loop_can_be_turned_off(monkeypatch):
    from rapportanalys.read import pdfium_text

    monkeypatch.setenv(pdfium_text.NATIVE, "off")
    assert pdfium_text._native_loop() is None
    assert pdfium_text.Raw().char_loop is None
