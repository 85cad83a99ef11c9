"""The real PDFs of ../shared/real against labels written from their page images.

``labels_real.json`` was written by reading page images (pdftoppm) before any parser output was
seen (see ``labels_real_README.md``). Per PDF: its metadata, its complete heading list where the
label has one, five or more paragraphs that must each come out as exactly one block, and its
running header and footer lines, which must never stand as a block.

What the reader does not get right yet is listed in ``KNOWN`` as a strict xfail with the reason:
it fails the suite the day it starts passing, so the list only shrinks.
"""
import json
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import real_pdf

LABELS = json.loads((Path(__file__).parent / "labels_real.json").read_text(encoding="utf-8"))
TEXT_LAYER = {n: l for n, l in LABELS.items() if l.get("paragraphs")}

# (file prefix, aspect) → why it still fails. Aspects: headings, paragraphs, furniture, and
# metadata.FIELD.
KNOWN = {
}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", _norm(text))


def _case(name: str, aspect: str):
    reason = next((why for (prefix, a), why in KNOWN.items() if name.startswith(prefix) and a == aspect), None)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, marks=marks, id=f"{name[:60]}-{aspect}")


def _params(aspect: str, names) -> list:
    return [_case(n, aspect) for n in names]


@pytest.mark.parametrize("name", _params("paragraphs", TEXT_LAYER))
def test_labelled_paragraphs_are_one_block_each(parsed, name):
    report = parsed(real_pdf(name))
    blocks = {_norm(b.text) for b in report.blocks}
    missing = [p["text"][:90] for p in LABELS[name]["paragraphs"] if _norm(p["text"]) not in blocks]
    assert not missing, missing


@pytest.mark.parametrize("name", _params("headings", [n for n, l in TEXT_LAYER.items() if "headings" in l]))
def test_headings_equal_the_label(parsed, name):
    """Number and title of every heading, in order. A document title printed as the first heading
    (``is_document_title``) and the lines the label calls ambiguous may be either."""
    label = LABELS[name]
    optional = {_norm(h["title"]) for h in label["headings"] if h.get("is_document_title")}
    optional |= {_norm(h["title"] if isinstance(h, dict) else h) for h in label.get("headings_ambiguous", [])}
    want = [(h["number"], _norm(h["title"])) for h in label["headings"] if _norm(h["title"]) not in optional]
    report = parsed(real_pdf(name))
    got = [(s.number, _norm(s.title)) for s in report.sections if _norm(s.title) not in optional]
    assert got == want


@pytest.mark.parametrize("name", _params("furniture", TEXT_LAYER))
def test_running_headers_and_footers_are_not_blocks(parsed, name):
    label = LABELS[name]
    # Lines that cannot be body text: a footer with its page number, a long running header. A
    # one-word masthead ("Stadsrevisionen", "Rapportsammandrag") may be either, so is not asserted.
    keys = {_masked(f) for f in label.get("furniture", [])
            if any(ch.isalpha() for ch in f) and ("#" in _masked(f) or len(f) >= 25)}
    printed = {_masked(h["title"]) for h in label.get("headings", [])} | {_masked(p["text"]) for p in label["paragraphs"]}
    report = parsed(real_pdf(name))
    leaks = [b.text for b in report.blocks if _masked(b.text) in keys - printed]
    assert not leaks, leaks[:5]


FIELDS = ("municipality", "year", "title", "doc_type", "date")


@pytest.mark.parametrize("name", [_case(n, f"metadata.{f}") for n in TEXT_LAYER for f in FIELDS
                                  if f in LABELS[n]["metadata"]])
def test_metadata_equals_the_label(parsed, name, request):
    field = request.node.callspec.id.rsplit("metadata.", 1)[-1]
    report = parsed(real_pdf(name))
    assert getattr(report.metadata, field) == LABELS[name]["metadata"][field]
