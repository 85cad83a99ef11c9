"""rapportanalys.present.views: what the app shows, as plain data (no Streamlit)."""
from rapportanalys import errors
from rapportanalys.compare import compare
from rapportanalys.present import corpus_views, views
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
    assert corpus_views.search_params("50%_a") == ["%50\\%\\_a%", 200]


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
    stale = views.section_stale_frame(result)
    assert (stale["Inaktuell text (%)"].between(0, 100)).all()


def test_choice_labels_are_unique_and_say_what_the_report_is():
    """A draft and its final version (same title, municipality, year) and several "Missiv till …"
    summaries: the labels must still tell them apart, by file name, then date, then sha256."""
    rows = [
        {"title": "2025 Årsbokslut", "municipality": "Simrishamn", "year": 2025, "doc_type": "årsredovisning",
         "path": "/data/utkast/arsbokslut.pdf", "date": "2026-02-01", "sha256": "a" * 64},
        {"title": "2025 Årsbokslut", "municipality": "Simrishamn", "year": 2025, "doc_type": "årsredovisning",
         "path": "/data/slutlig/arsbokslut.pdf", "date": "2026-03-15", "sha256": "b" * 64},
        {"title": "Missiv till kommunfullmäktige", "municipality": "Göteborg", "year": 2023, "doc_type": "other",
         "path": "/x/missiv.pdf", "date": None, "sha256": "c" * 64},
        {"title": "Missiv till kommunfullmäktige", "municipality": "Göteborg", "year": 2023, "doc_type": "other",
         "path": "/y/missiv.pdf", "date": None, "sha256": "d" * 64},
        {"title": None, "municipality": None, "year": float("nan"), "doc_type": None, "path": "/z/okand.pdf",
         "date": None, "sha256": "e" * 64},
    ]
    labels = views.choice_labels(rows)
    assert len(set(labels)) == len(labels)
    # what tells them apart comes right after title, municipality and year (a long label is cut off)
    assert labels[0] == "2025 Årsbokslut · Simrishamn, 2025 · daterad 2026-02-01 · årsredovisning · arsbokslut.pdf"
    assert labels[1].startswith("2025 Årsbokslut · Simrishamn, 2025 · daterad 2026-03-15")
    assert labels[2].startswith("Missiv till kommunfullmäktige · Göteborg, 2023 · sha cccccccccc")
    assert labels[3].startswith("Missiv till kommunfullmäktige · Göteborg, 2023 · sha dddddddddd")
    assert labels[4] == "okand.pdf · okänd kommun, okänt år"
    renamed = views.choice_labels([dict(rows[0]), dict(rows[1], path="/data/arsbokslut_slutlig.pdf")])
    assert renamed[1].startswith("2025 Årsbokslut · Simrishamn, 2025 · arsbokslut_slutlig.pdf")
    assert not any("/data" in label for label in labels)


def test_the_same_content_twice_is_named_not_compared(parsed):
    old = parsed(f"{K}_2022.pdf")
    assert views.identical_sv(old, parsed(f"{K}_2023.pdf")) is None
    message = views.identical_sv(old, old)
    assert message.startswith("Du har valt samma rapport två gånger") and old.source.sha256[:10] in message


def test_sections_by_their_path_and_shares_within_100(parsed):
    result = compare(parsed(f"{K}_2022.pdf"), parsed(f"{K}_2023.pdf"))
    options = dict(views.section_options(result))
    assert len(set(options.values())) == len(options)  # no two sections with the same label
    assert any(" › " in label for label in options.values())
    stale = views.section_stale_frame(result)
    assert stale["Sektion"].is_unique and stale["Inaktuell text (%)"].between(0, 100).all()
    assert views.section_path_sv("4 Mål > 4.2 Hälsa > Ett gott exempel i Kungälv") == \
        "4 Mål › 4.2 Hälsa › Ett gott exempel i Kungälv"


def test_exports_follow_the_filters_and_hold_no_local_path(parsed):
    import json
    from io import BytesIO

    from openpyxl import load_workbook

    from rapportanalys.present.html import compare_html
    from rapportanalys.present.xlsx import compare_xlsx

    old, new = parsed(f"{K}_2022.pdf"), parsed(f"{K}_2023.pdf")
    assert old.source.path.startswith("/")
    result = compare(old, new)
    rows = views.passage_rows(result)
    only = views.filter_passages(rows, ["modified"])
    export = views.for_export(result, only, ["modified"], None)
    assert {p.status for p in export.passages} == {"modified"} and len(export.passages) == len(only)
    assert views.export_stem(export) == "jamforelse_kungalv_social-hallbarhet_2022_kungalv_social-hallbarhet_2023"
    page = compare_html(export)
    data = json.dumps(export.to_dict(), ensure_ascii=False)
    folder = str(K.parent)
    for text in (page, data):
        assert folder not in text and "/work/" not in text
    book = load_workbook(BytesIO(compare_xlsx(export)), rich_text=True)
    cells = [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(folder in c for c in cells)
    summary = {r[0]: r[1] for r in book["Sammanfattning"].iter_rows(values_only=True)}
    assert summary["Filter: visade statusar"] == "ändrad"
    assert "Passager: lägsta likhet i motsvarande sektion" in summary and "min_similarity" not in summary
    # the changed words as rich text: deleted words struck through, new ones coloured
    header = [c.value for c in book["Passager"][1]]
    changed = book["Passager"].cell(2, header.index("Ändrade ord") + 1).value
    fonts = [block.font for block in changed if not isinstance(block, str)]
    assert any(f.strike for f in fonts) and any(f.color is not None and not f.strike for f in fonts)
    assert "[-" not in str(changed) and "{+" not in str(changed)


def test_every_setting_has_a_swedish_label():
    from rapportanalys.compare.settings import CompareSettings
    from rapportanalys.present.labels import SETTINGS_SV

    assert set(CompareSettings().to_dict()) <= set(SETTINGS_SV)


def test_swedish_numbers():
    assert views.count_sv(57378) == "57\u202f378" and views.decimal_sv(15.5) == "15,5"
    assert views.decimal_sv(12345.67) == "12\u202f345,7"
    import pandas as pd

    shown = views.swedish_frame(pd.DataFrame({"Första år": [2019.0], "Tecken": [57378], "Andel": [15.5]}))
    assert shown.iloc[0].tolist() == [2019, "57\u202f378", "15,5"] and str(shown["Första år"].dtype) == "Int64"
    assert views.not_pdf_sv("a.txt", b"hej") == "a.txt: filen är inte en PDF (en .txt-fil). Ladda upp rapporten som PDF."
    assert views.not_pdf_sv("a.pdf", b"%PDF-1.7\n") is None


def test_viewer_data_has_every_passage_with_its_boxes(parsed):
    result = compare(parsed(f"{K}_2022.pdf"), parsed(f"{K}_2023.pdf"))
    rows = views.passage_rows(result)
    data = views.viewer_data(result, views.filter_passages(rows, ["new"]))
    assert len(data["passages"]) == len(result.passages)
    assert data["shown"] and all(result.passages[i].status == "new" for i in data["shown"])
    for p, passage in zip(data["passages"], result.passages):
        for side in ("old", "new"):
            boxes = p[side]
            assert (boxes is None) == (getattr(passage, side) is None)
            for page, x0, top, x1, bottom in boxes or []:
                assert page >= 1 and x0 < x1 and top < bottom
        # carried-over sentences: counted in the change list's label, boxed on last year's pages
        assert len(p["c"]) == len(passage.carried)
        assert ("från föregående rapport" in p["sl"]) == bool(passage.carried)
    assert any(p["c"] for p in data["passages"])  # the Kungälv pair carries sentences over


def test_page_images_are_rendered_once_with_the_pages_proportions(tmp_path):
    from PIL import Image

    from rapportanalys.present import page_images

    pdf = f"{K}_2023.pdf"
    sizes = page_images.page_sizes(pdf)
    folder = tmp_path / page_images.folder_name("abc")
    page_images.ensure_rendered(pdf, folder, len(sizes), wait=True)
    assert page_images.missing(folder, len(sizes)) == []
    for n, (w, h) in enumerate(sizes, start=1):
        with Image.open(folder / f"{n}.jpg") as image:
            assert abs(image.width / image.height - w / h) < 0.01
            assert abs(image.width - w * page_images.SCALE) <= 1
    stamp = (folder / "1.jpg").stat().st_mtime_ns
    page_images.ensure_rendered(pdf, folder, len(sizes), wait=True)  # nothing missing: nothing redone
    assert (folder / "1.jpg").stat().st_mtime_ns == stamp


def test_ocr_mark_in_swedish():
    from rapportanalys.model import Report, Source

    report = Report(Source("skannad.pdf", "0" * 64, 6, ocr={"pages": [{"page": n, "words": 300, "confidence": 95.0}
                                                                   for n in (1, 2, 3, 5)], "confidence": 94.84}))
    assert views.ocr_summary_sv(report.source.ocr) == "sidorna 1–3, 5, säkerhet 94,8 %"
    assert views.ocr_note_sv(report).startswith("OCR-tolkad: sidorna 1–3, 5, säkerhet 94,8 %.")
    assert dict(views.metadata_frame(report).values)["OCR"] == "sidorna 1–3, 5, säkerhet 94,8 %"
    assert views.ocr_note_sv(Report(Source("rapport.pdf", "0" * 64, 6))) is None
