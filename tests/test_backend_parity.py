"""The pdfium backend reads like the pdfplumber reference: the same sections, and at least
99.5 % of blocks with identical text, over every corpus PDF and every text-layer real PDF.

Every block that differs is printed (``pytest -s``) and listed in the assertion message, so a
change in either backend shows exactly what it moved.
"""
import difflib
from pathlib import Path

import pytest

from conftest import REAL, ROOT
from rapportanalys.read import read_pdf
from rapportanalys.structure import build_report

NO_TEXT_LAYER = {"goteborg_stadsrevisionen_rapportsammandrag_arbetet_mot_hedersrelaterat_vald_och_fortryck_2023.pdf"}
CORPUS_PDFS = sorted((ROOT / "corpus").rglob("*.pdf"))
REAL_PDFS = sorted(p for p in REAL.glob("*.pdf") if p.name not in NO_TEXT_LAYER) if REAL.exists() else []
MIN_SAME = 0.995


def _structure(path: Path, backend: str):
    report = build_report(read_pdf(path, backend=backend))
    sections = [(s.number, s.title, s.level) for s in report.sections]
    return sections, [b.text for b in report.blocks]


def compare(path: Path) -> dict:
    """Sections of both backends, and the blocks aligned by text: identical ones counted, every
    other pair (or a block only one backend has) listed."""
    ref_sections, ref_blocks = _structure(path, "pdfplumber")
    new_sections, new_blocks = _structure(path, "pdfium")
    matcher = difflib.SequenceMatcher(None, ref_blocks, new_blocks, autojunk=False)
    same, diffs = 0, []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same += i2 - i1
            continue
        left, right = ref_blocks[i1:i2], new_blocks[j1:j2]
        for k in range(max(len(left), len(right))):
            diffs.append((left[k] if k < len(left) else None, right[k] if k < len(right) else None))
    return {"name": path.name, "sections": (ref_sections, new_sections), "same": same,
            "total": max(len(ref_blocks), len(new_blocks)), "diffs": diffs}


@pytest.fixture(scope="module")
def results():
    return [compare(p) for p in CORPUS_PDFS + REAL_PDFS]


def _report(results) -> str:
    lines = []
    for r in results:
        for ref, new in r["diffs"]:
            lines.append(f"{r['name']}:\n  pdfplumber: {ref!r}\n  pdfium:     {new!r}")
    return "\n".join(lines)


# Documents whose sections the two backends read differently, with the reason; strict: the
# test fails when one of them comes to agree (remove it then), as known_failures.KNOWN does.
KNOWN_DIFFERENT: dict[str, str] = {}


def test_same_sections(results):
    wrong, agree = [], []
    for r in results:
        ref, new = r["sections"]
        if ref != new and r["name"] not in KNOWN_DIFFERENT:
            gone = [s for s in ref if s not in new]
            extra = [s for s in new if s not in ref]
            wrong.append(f"{r['name']}: only pdfplumber {gone[:5]}, only pdfium {extra[:5]}")
        elif ref == new and r["name"] in KNOWN_DIFFERENT:
            agree.append(r["name"])
    assert not wrong, "\n".join(wrong)
    assert not agree, f"now read alike, remove from KNOWN_DIFFERENT: {agree}"


def test_blocks_identical(results):
    same = sum(r["same"] for r in results)
    total = sum(r["total"] for r in results)
    report = _report(results)
    print(f"\nbackend parity: {same} of {total} blocks identical ({same / total:.2%}) in {len(results)} PDFs")
    print(report)
    assert total > 0
    assert same / total >= MIN_SAME, f"{same}/{total} blocks identical ({same / total:.2%})\n{report}"


def test_every_pdf_read_by_both(results):
    assert len(results) == len(CORPUS_PDFS) + len(REAL_PDFS)
    assert all(r["total"] > 0 for r in results)


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_pages_read_alike_by_either_backend(tmp_path, rotation):
    """A /Rotate page: the pdfplumber backend turns its objects back to reading direction, and
    ``read_pdf`` with the pdfium backend hands such a document to it (pdfium does not turn pages
    yet), so both paths give the same words in reading order."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf")
    for i in range(len(pdf)):
        pdf[i].set_rotation(rotation)
    turned = tmp_path / f"turned{rotation}.pdf"
    pdf.save(turned)
    pdf.close()
    ref, new = read_pdf(turned, backend="pdfplumber").pages[1], read_pdf(turned, backend="pdfium").pages[1]
    assert [w.text for w in ref.words] == [w.text for w in new.words]
    assert " ".join(w.text for w in ref.words[:6]) in " ".join(
        w.text for w in read_pdf(ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf").pages[1].words)
