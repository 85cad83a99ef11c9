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


def test_same_sections(results):
    wrong = []
    for r in results:
        ref, new = r["sections"]
        if ref != new:
            gone = [s for s in ref if s not in new]
            extra = [s for s in new if s not in ref]
            wrong.append(f"{r['name']}: only pdfplumber {gone[:5]}, only pdfium {extra[:5]}")
    assert not wrong, "\n".join(wrong)


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
def test_rotated_pages_in_pdfplumbers_coordinates(tmp_path, rotation):
    """pdfium reports a /Rotate page unturned; the backend shows it as displayed, like pdfplumber."""
    import pypdfium2 as pdfium

    from rapportanalys.read.pdfium_backend import read_with_pdfium
    from rapportanalys.read.pdfplumber_backend import read_with_pdfplumber

    pdf = pdfium.PdfDocument(ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf")
    for i in range(len(pdf)):
        pdf[i].set_rotation(rotation)
    turned = tmp_path / f"turned{rotation}.pdf"
    pdf.save(turned)
    pdf.close()
    ref, new = read_with_pdfplumber(turned)[1][1], read_with_pdfium(turned)[1][1]
    assert (round(ref.width, 2), round(ref.height, 2)) == (round(new.width, 2), round(new.height, 2))
    box = lambda o: tuple(round(v) for v in (o.x0, o.top, o.x1, o.bottom))  # noqa: E731
    assert [box(r) for r in ref.rules] == [box(r) for r in new.rules]
    assert [w.text for w in ref.words] == [w.text for w in new.words]
    assert all(max(abs(a - b) for a, b in zip(box(x), box(y))) <= 1 for x, y in zip(ref.words, new.words))
    # pdfium leaves out a text object drawn twice (fake bold); pdfplumber's rotated stream keeps
    # both copies, so the letters are compared as a set
    letters = lambda ws: set("".join(w.text for w in ws).replace(" ", ""))  # noqa: E731
    assert letters(ref.rotated) == letters(new.rotated)
