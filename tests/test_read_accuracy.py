"""The reference text of ``benchmarks/read_accuracy.py`` for real PDFs: pdftotext's text, mended
only where it differs from what the page prints (each case seen on a page image at 60–80 dpi)."""
import subprocess

import pytest

from conftest import REAL, benchmark_module, real_pdf


@pytest.fixture(scope="module")
def ra():
    return benchmark_module("read_accuracy")


def test_a_toc_is_left_out_whatever_pdftotext_makes_of_it(ra):
    # årsredogörelse 2023 p3: dot leaders whose glyph pdftotext reads as U+FFFD
    page = ("Innehåll\nFörord av ordförande\x08" + "\ufffd" * 40 + " 1\n"
            "Kritik riktas till förskolenämnden\x08" + "\ufffd" * 30 + " 4\n" * 1 +
            "Arbetet mot våldsbejakande extremism och radikalisering" + "\ufffd" * 20 + "11\n")
    assert ra._toc_free(page) == []
    # Söderköping p2: outline numbers and page numbers on lines of their own, a leader without its number
    page = "Innehåll\n1\n\nSammanfattning ....................\n\n2\n\nOm uppdraget .........\n\n3.1\n3.1.1\n\n" \
           "Mål 6: Rent vatten och sanitet för alla........... 5\n"
    assert [l for l in ra._toc_free(page) if l.strip()] == []
    # a wrapped entry's first line (Intraservice p2), and the body after the TOC stays
    page = ("Innehållsförteckning\n2.2.1 Personalvolymsutveckling ........... 6\n"
            "2.2.2 Årlig uppföljning av aktiva åtgärder och systematiskt\narbetsmiljöarbete ............ 6\n"
            "Kommunen har under året arbetat vidare med planen.\n")
    assert ra._toc_free(page) == ["Kommunen har under året arbetat vidare med planen."]


def test_words_broken_across_a_break_are_joined(ra):
    # årsredogörelse 2023 p22: "Göte-" at a column's foot, "borgs" at the next one's top
    assert ra._hyphens_joined(["Av balanskravsutredningen framgår att Göte-", "", "borgs Stad når upp"]) == \
        ["Av balanskravsutredningen framgår att Göte-borgs Stad når upp"]
    # årsredogörelse 2022 p6: the footer's page number glued where the hyphen was
    assert ra._hyphens_joined(["som inte varit lönsam4", "", "ma och där verksamheten"]) == \
        ["som inte varit lönsam-ma och där verksamheten"]
    # a shortened compound stays apart; "CO2" keeps its digit
    assert ra._hyphens_joined(["äldre samt vård-", "och omsorgsnämnden"]) == ["äldre samt vård-", "och omsorgsnämnden"]
    assert ra._hyphens_joined(["ton CO2", "ekvivalenter"]) == ["ton CO2", "ekvivalenter"]


@pytest.mark.skipif(not REAL.exists(), reason="needs ../shared/real")
def test_a_hyphen_pdftotext_drops_before_och_is_put_back(ra):
    # årsredogörelse 2023 p10 prints "vård-" / "och omsorgsnämnden"; pdftotext writes "vårdoch"
    pdf = real_pdf("goteborg_stadsrevisionen_arsredogorelse_2023.pdf")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "vårdoch" in text
    mended = ra._hyphens_restored(pdf, text)
    assert "vårdoch" not in mended and "vård- och omsorgsnämnden" in mended


def test_real_words_compare_hyphens_and_footnote_digits_aside(ra):
    assert ra.coverage_words(["va-taxan", "AB1", "co2", "2022"], "real") == ["vataxan", "AB", "1", "co", "2", "2022"]
    assert ra.coverage_words(["va-taxan", "AB1"], "corpus") == ["va-taxan", "AB1"]


def test_corpus_reference_is_the_seed_as_printed(ra):
    # Kalmar's seed writes a link as Markdown; the page prints "kalmar.se" only (sources/kalmar…txt)
    assert ra.seed_as_printed("Information har publicerats på [kalmar.se](http://kalmar.se) om") == \
        "Information har publicerats på kalmar.se om"
    assert ra.seed_as_printed("på [www.kalmar.se](http://www.kalmar.se) att") == "på www.kalmar.se att"
    # Trygg's seed repeats a table's header row where the original page broke; once per table
    seed = ("4.1.1 Insats\n\nAktivitet\tKommentar\n✓ A.\tB.\n\nAktivitet\tKommentar\n\tC.\n\n"
            "4.2 Narkotika\n\nAktivitet\tKommentar\n✓ D.\tE.")
    assert ra.seed_as_printed(seed).count("Aktivitet\tKommentar") == 2
    assert "\tC." in ra.seed_as_printed(seed) and "✓ D.\tE." in ra.seed_as_printed(seed)
