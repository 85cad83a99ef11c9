"""Headings set as bold body-size lines: when such a line is a heading and when emphasis."""
import pytest

from conftest import REAL, real_pdf


@pytest.mark.skipif(not REAL.exists(), reason="needs ../shared/real")
def test_a_four_line_bold_heading_in_a_narrow_column_is_a_heading():
    # årsredogörelse 2022, PDF page 12 (printed 10), right column: "Kommunstyrelsens samordning" /
    # "var god men dess roll och mandat" / "upplevdes som otydliga och" / "uppföljningen brast", bold,
    # in the style of the page's other sub-headings ("Bedömning", "Mer om granskningen"), over
    # body text (page image at 70 dpi)
    from rapportanalys.read import read_pdf
    from rapportanalys.structure import build_report

    report = build_report(read_pdf(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2022.pdf")))
    titles = {s.title for s in report.sections if s.page == 12}
    assert "Kommunstyrelsens samordning var god men dess roll och mandat upplevdes som otydliga och uppföljningen brast" in titles
    assert {"Bedömning", "Mer om granskningen"} <= titles
    assert not any(b.text.startswith("Kommunstyrelsens samordning var god") for b in report.blocks)
