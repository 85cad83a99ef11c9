"""rapportanalys.present.views: what the app shows, as plain data (no Streamlit)."""
from rapportanalys import errors
from rapportanalys.compare import compare
from rapportanalys.present import views
from conftest import ROOT

K = ROOT / "corpus" / "kungalv_social-hallbarhet"


def test_swedish_messages_for_bad_files():
    assert views.error_sv(errors.NotAPDF("x.pdf"), "x.pdf") == "x.pdf: filen är inte en PDF."
    assert "krypterad" in views.error_sv(errors.EncryptedPDF("x.pdf"), "x.pdf")
    assert "textlager" in views.error_sv(errors.NoTextLayer("x.pdf"), "x.pdf")
    assert "annan process" in views.error_sv(errors.DatabaseBusy("k.duckdb"))
    assert views.error_sv(ValueError("boom"), "x.pdf") == "x.pdf: ett oväntat fel inträffade när filen lästes (ValueError)."
    assert views.too_large_sv("a.pdf", 50 * 1024 * 1024) is None
    assert views.too_large_sv("a.pdf", 51 * 1024 * 1024) == "a.pdf: filen är för stor (51 MB; högst 50 MB)."


def test_search_params_take_the_query_literally():
    assert views.search_params("50%_a") == ["%50\\%\\_a%", 200]


def test_views_of_the_kungalv_comparison(parsed):
    result = compare(parsed(f"{K}_2022.pdf"), parsed(f"{K}_2023.pdf"))
    figures = views.figure_changes_frame(result)
    assert {"Föregående": "1,9", "Aktuell": "1,7", "Skillnad": "−0,2"}.items() <= figures.iloc[0].to_dict().items()
    rows = views.passage_rows(result)
    assert len(rows) == len(result.passages)
    only = views.filter_passages(rows, ["figures_updated"])
    assert only and {r.status for r in only} == {"figures_updated"}
    html = views.side_by_side_html(result, only)
    assert html.count('class="ra-pair') == len(only) and "<del>" in html and "<ins>" in html
    page, boxes = views.passage_boxes(result.passages[only[0].index], "new")
    png = views.page_image(f"{K}_2023.pdf", page, boxes)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    stale = views.section_stale_frame(result)
    assert (stale["Inaktuell text (%)"].between(0, 100)).all()


def test_ocr_mark_in_swedish():
    from rapportanalys.model import Report, Source

    report = Report(Source("skannad.pdf", "0" * 64, 6, ocr={"pages": [{"page": n, "words": 300, "confidence": 95.0}
                                                                   for n in (1, 2, 3, 5)], "confidence": 94.84}))
    assert views.ocr_summary_sv(report.source.ocr) == "sidorna 1–3, 5, säkerhet 94,8 %"
    assert views.ocr_note_sv(report).startswith("OCR-tolkad: sidorna 1–3, 5, säkerhet 94,8 %.")
    assert dict(views.metadata_frame(report).values)["OCR"] == "sidorna 1–3, 5, säkerhet 94,8 %"
    assert views.ocr_note_sv(Report(Source("rapport.pdf", "0" * 64, 6))) is None
