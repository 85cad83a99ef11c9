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
