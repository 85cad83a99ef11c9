"""Report text written to Excel is never a formula (OWASP CSV injection), numbers stay numbers."""
from io import BytesIO

from openpyxl import load_workbook

from rapportanalys.compare import compare
from rapportanalys.model import Block, Report, Section, Source
from rapportanalys.present.xlsx import compare_xlsx

DANGEROUS = ['=1+2', '=HYPERLINK("http://x")', '+1', '-1', '@SUM(A1)']


def _report(name, texts, title):
    sec = Section("s1", None, title, 1, None, 1)
    blocks = [Block(f"b{i}", "paragraph", t, "s1", 1, (0, 0, 1, 1)) for i, t in enumerate(texts, start=1)]
    return Report(Source(name, "0" * 64, 1), sections=[sec], blocks=blocks)


def test_text_that_looks_like_a_formula_is_written_as_text():
    old = _report("=old.pdf", DANGEROUS, "=rubrik")
    new = _report("@new.pdf", [t + " nytt" for t in DANGEROUS] + ["-2 kvar"], "+rubrik")
    book = load_workbook(BytesIO(compare_xlsx(compare(old, new))))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    for text in DANGEROUS:
        assert text in values
    assert "=old.pdf" in values and "@new.pdf" in values
    numbers = [c.value for c in book["Passager"]["A"][1:]]
    assert numbers and all(isinstance(n, int) for n in numbers)
