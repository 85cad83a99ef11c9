"""Tests that fail on a known weakness of the reader, each with the reason.

``conftest.py`` runs them as strict xfails: the suite stays green while the weakness is open, and
fails the day a test starts passing, so an entry is removed as soon as it is fixed. Keyed by the
test's node id below ``tests/``. Only layout variants of the sample corpus are listed here (the
held-out ones marked so); the real PDFs' open labels are in ``test_real_labels.KNOWN``.
"""
_KBOLD = "kalmar_handlingsplaner_2020.chromium-twocol-bold"  # held out since 2026-12-03

KNOWN: dict[str, str] = {
    f"test_corpus.py::test_sections_equal_label_headings[{_KBOLD}]":
        "held out: a bold body-size question heading wrapped in a column loses its second line ('… verksamhetsår,' / '2020')",
    f"test_reader_accounting.py::test_blocks_and_titles_cover_pdfium_text[{_KBOLD}.pdf]":
        "held out: pdfium breaks the vertical stamp's reference at another place than the reader (0.991)",
    "test_corpus.py::test_paragraph_cut_by_page_break_is_one_block[kungalv_social-hallbarhet_2023.chromium-twocol-stamp]":
        "a paragraph cut by a page break inside two columns is two blocks",
}
