"""OCR (issue 15): reports without a text layer are read by Tesseract, page by page.

* The shared scanned PDF (vector-outlined text, "Microsoft: Print To PDF") against labels written
  from its page images before any OCR of it was run (``labels/ocr_hedersrelaterat.json``): every
  heading, eight whole paragraphs, and word accuracy ≥ 97 % on two fully transcribed pages.
* A corpus report printed to images and back to an image-only PDF (a "scanned twin", made here
  with pdftoppm and Pillow): ≥ 98 % of the seed's words, the same section tree as the text-layer
  original, and ``compare`` against the original finds ≥ 90 % of passages unchanged.
* ``--ocr auto|always|never``: a mixed document keeps its text layer; ``never`` refuses a scan;
  without Tesseract the error says how to install it; a page over its time cap is left empty
  with a warning; results come from the cache the second time.

OCR costs seconds per page, so the scanned files are parsed once per session (fixtures below)
and the slowest tests carry the ``slow`` marker; they stay in the default run.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, real_pdf, shared_file
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

import labels
import rapportanalys
from rapportanalys import errors
from rapportanalys.cli import main
from rapportanalys.compare import compare
from rapportanalys.read import ocr_cache, read_pdf
from rapportanalys.structure.layout import group_lines

SCANNED = "goteborg_stadsrevisionen_rapportsammandrag_arbetet_mot_hedersrelaterat_vald_och_fortryck_2023.pdf"
LABELS = json.loads((Path(__file__).parent / "labels" / "ocr_hedersrelaterat.json").read_text(encoding="utf-8"))
TWIN_OF = ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf"
TWIN_DPI = 300  # a scanner's usual resolution

needs_tesseract = pytest.mark.skipif(not shutil.which("tesseract"), reason="Tesseract is not installed "
                                     "(apt-get install tesseract-ocr tesseract-ocr-swe; .ci/run does)")
pytestmark = needs_tesseract


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def word_accuracy(expected: list[str], got: list[str]) -> float:
    """1 - word error rate: word-level edit distance against the transcription's words."""
    return 1 - Levenshtein.distance(expected, got) / len(expected)


def page_words(document, number: int) -> list[str]:
    """A page's words in reading order (lines top to bottom, words left to right)."""
    page = document.pages[number - 1]
    return [w for line in group_lines(page.words, number) for w in _norm(line.text).split()]


@pytest.fixture(scope="session")
def scanned_document():
    return read_pdf(real_pdf(SCANNED))


@pytest.fixture(scope="session")
def scanned_report(parsed):
    return parsed(real_pdf(SCANNED))


def image_only_pdf(source: Path, target: Path, dpi: int, pages: list[int] | None = None) -> Path:
    """``source`` printed to greyscale images (pdftoppm) and bound back into a PDF without any
    text (Pillow, JPEG-compressed as a scanner would)."""
    from PIL import Image

    folder = target.parent / (target.stem + "-pages")
    folder.mkdir(exist_ok=True)
    args = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
    if pages:
        args += ["-f", str(min(pages)), "-l", str(max(pages))]
    subprocess.run([*args, str(source), str(folder / "p")], check=True)
    images = [Image.open(p) for p in sorted(folder.glob("p-*.png"))]
    images[0].save(target, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return target


@pytest.fixture(scope="session")
def twin(tmp_path_factory, parsed):
    """(text-layer original, its scanned twin) as parsed reports."""
    pdf = image_only_pdf(TWIN_OF, tmp_path_factory.mktemp("twin") / "skannad_tvilling.pdf", TWIN_DPI)
    return parsed(TWIN_OF), parsed(pdf)


# -- the shared scanned PDF against its labels ----------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("page", sorted(LABELS["pages"]))
def test_word_accuracy_on_transcribed_pages(scanned_document, page):
    expected = [w for line in LABELS["pages"][page] for w in _norm(line).split()]
    got = page_words(scanned_document, int(page))
    accuracy = word_accuracy(expected, got)
    assert accuracy >= 0.97, f"page {page}: word accuracy {accuracy:.3f}"


@pytest.mark.slow
def test_every_labelled_heading_is_a_section(scanned_report):
    titles = [_norm(s.title) for s in scanned_report.sections] + [_norm(scanned_report.metadata.title or "")]
    for heading in LABELS["headings"]:
        best = max(fuzz.ratio(_norm(heading["text"]), t) for t in titles)
        assert best >= 95, (heading, titles)


@pytest.mark.slow
def test_labelled_paragraphs_come_out_as_blocks(scanned_report):
    blocks = [_norm(b.text) for b in scanned_report.blocks]
    for paragraph in LABELS["paragraphs"]:
        want = _norm(paragraph["text"])
        best = max(blocks, key=lambda b: fuzz.ratio(want, b))
        assert fuzz.ratio(want, best) >= 97, (paragraph["page"], want[:80], best[:80])


@pytest.mark.slow
def test_scanned_source_says_which_pages_were_ocrd(scanned_report):
    ocr = scanned_report.source.ocr
    assert [p["page"] for p in ocr["pages"]] == list(range(1, 7))
    assert all(p["words"] > 200 and 0 <= p["confidence"] <= 100 for p in ocr["pages"])
    assert ocr["language"] == "swe" and ocr["engine"].startswith("tesseract")
    assert 0 <= ocr["confidence"] <= 100
    assert scanned_report.metadata.municipality == "Göteborg" and scanned_report.metadata.year == 2023


@pytest.mark.slow
def test_scanned_metadata_and_footer_equal_the_real_labels(scanned_report):
    """labels_real.json labelled this file's metadata and running lines from its page images
    (before OCR existed here); the OCR'd report now meets them."""
    label = json.loads((Path(__file__).parent / "labels_real.json").read_text(encoding="utf-8"))[SCANNED]
    for field, value in label["metadata"].items():
        assert getattr(scanned_report.metadata, field) == value, field
    # page 1's footer is left out: OCR reads its "1 (6)" as "16)", so it does not repeat the other
    # pages' footer (README, Scanned reports: not done)
    footer = "Stadsrevisionen, Granskning av arbetet mot hedersrelaterat våld och förtryck"
    assert not [b.text for b in scanned_report.blocks if footer in b.text and b.page > 1]


@pytest.mark.slow
def test_ocr_words_carry_boxes_on_the_page_and_confidence(scanned_document):
    for page in scanned_document.pages:
        assert page.ocr and page.words
        for w in page.words:
            assert 0 <= w.x0 < w.x1 <= page.width + 1 and 0 <= w.top < w.bottom <= page.height + 1, w
            assert w.size > 0 and 0 <= w.confidence <= 100
    # the title is set larger than the body text, and in bold
    lines = group_lines(scanned_document.pages[1].words, 2)
    title = next(l for l in lines if l.text.startswith("Granskning av"))
    body = next(l for l in lines if l.text.startswith("Revisionskontoret har"))
    assert title.size > 1.5 * body.size and title.bold and not body.bold


def test_ocr_never_still_refuses_the_scan():
    path = real_pdf(SCANNED)
    result = CliRunner().invoke(main, ["parse", "--ocr", "never", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"rapportanalys: {path}: no text layer (scanned or outlined text; it needs OCR first)"


@pytest.mark.parametrize("missing", ["binary", "swedish model"])
def test_without_tesseract_auto_says_how_to_install_it(tmp_path, missing):
    """A missing ``tesseract`` (or one without ``swe``) is simulated with RAPPORTANALYS_TESSERACT,
    in a subprocess as a user runs the command: one line, exit 2, no traceback."""
    if missing == "binary":
        command = str(tmp_path / "no-such-tesseract")
    else:
        command = _fake_tesseract(tmp_path, langs="eng\nosd", ocr="exit 1")
    # from a deep folder: the file's name is printed in full and the install line still ends it
    deep = tmp_path / ("arkiv-" * 20) / ("inskannade-rapporter-" * 8)
    deep.mkdir(parents=True)
    path = deep / SCANNED
    path.write_bytes(real_pdf(SCANNED).read_bytes())
    proc = subprocess.run([sys.executable, "-m", "rapportanalys.cli", "parse", str(path)], capture_output=True,
                          text=True, env={**os.environ, "RAPPORTANALYS_TESSERACT": command})
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith(f"rapportanalys: {path}: no text layer (scanned or outlined text; it needs OCR first); ")
    assert "apt-get install tesseract-ocr tesseract-ocr-swe" in lines[0]


# -- the scanned twin of a corpus report ----------------------------------------------------------

def seed_coverage(scanned) -> tuple[float, list]:
    """The share of the twin's seed words found in the scan's blocks and titles, and the words
    most often missing (``benchmarks/ocr_speed.py`` reports the same figure)."""
    label = next(l for l in labels.base_labels() if l.pdf == TWIN_OF)
    seed = Counter(labels.words(labels.seed_body(shared_file(label.seed).read_text(encoding="utf-8"))))
    out = Counter()
    for b in scanned.blocks:
        out.update(labels.words(f"{b.marker or ''} {b.text}"))
    for s in scanned.sections:
        out.update(labels.words(s.label))
    coverage = sum(min(n, out[w]) for w, n in seed.items()) / sum(seed.values())
    return coverage, sorted((seed - out).items(), key=lambda kv: -kv[1])[:15]


@pytest.mark.slow
def test_scanned_twin_has_the_seed_words(twin):
    coverage, missing = seed_coverage(twin[1])
    assert coverage >= 0.98, f"coverage {coverage:.4f}; most missing: {missing}"


@pytest.mark.slow
def test_scanned_twin_has_the_same_section_tree(twin):
    original, scanned = twin
    assert scanned.source.ocr and len(scanned.source.ocr["pages"]) == original.source.pages
    tree = lambda r: [(s.level, s.number, _norm(s.title)) for s in r.sections]  # noqa: E731
    assert tree(scanned) == tree(original)


@pytest.mark.slow
def test_compare_scanned_twin_with_original_finds_it_unchanged(twin):
    original, scanned = twin
    result = compare(original, scanned)
    statuses = Counter(p.status for p in result.passages)
    share = statuses["unchanged"] / sum(statuses.values())
    assert share >= 0.90, statuses


# -- modes, mixed documents, bounds, cache ------------------------------------------------------

@pytest.fixture(scope="module")
def mixed_pdf(tmp_path_factory) -> Path:
    """The Kungälv 2022 report with its page 3 replaced by a scan of itself."""
    import pypdfium2 as pdfium

    folder = tmp_path_factory.mktemp("mixed")
    scan = image_only_pdf(TWIN_OF, folder / "sida3.pdf", TWIN_DPI, pages=[3])
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(str(TWIN_OF)), [0, 1])
    out.import_pages(pdfium.PdfDocument(str(scan)), [0])
    original = pdfium.PdfDocument(str(TWIN_OF))
    out.import_pages(original, list(range(3, len(original))))
    target = folder / "blandad.pdf"
    out.save(str(target))
    return target


def test_a_mixed_document_keeps_its_text_layer(mixed_pdf):
    original = read_pdf(TWIN_OF)
    mixed = read_pdf(mixed_pdf, ocr="auto")
    assert [p["page"] for p in mixed.ocr["pages"]] == [3]
    assert [p.number for p in mixed.pages if p.ocr] == [3]
    for a, b in zip(original.pages, mixed.pages):
        if b.number != 3:
            assert [w.text for w in a.words] == [w.text for w in b.words]
            assert all(w.confidence is None for w in b.words)
    want = [w for line in group_lines(original.pages[2].words, 3) for w in _norm(line.text).split()]
    assert word_accuracy(want, page_words(mixed, 3)) >= 0.97


def test_ocr_never_on_a_mixed_document_leaves_the_scanned_page_empty(mixed_pdf):
    report = rapportanalys.parse(mixed_pdf, ocr="never")
    assert report.source.ocr is None
    assert not any(b.page == 3 for b in report.blocks)


def test_without_tesseract_a_mixed_document_keeps_its_text_and_warns(mixed_pdf, tmp_path, monkeypatch):
    monkeypatch.setenv("RAPPORTANALYS_TESSERACT", str(tmp_path / "no-such-tesseract"))
    report = rapportanalys.parse(mixed_pdf)
    assert report.source.ocr is None
    assert [w["page"] for w in report.source.warnings if "needs OCR" in w["warning"]] == [3]
    assert "apt-get install tesseract-ocr tesseract-ocr-swe" in report.source.warnings[-1]["warning"]


def _one_page_report(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 760, "1 Trygghet i centrum")
    c.setFont("Helvetica", 11)
    c.drawString(72, 730, "Under året har arbetet med trygghet i centrum fortsatt enligt plan.")
    c.drawString(72, 715, "Andelen som känner sig trygga ökade från 71 till 74 procent.")
    c.save()
    return path


def test_ocr_always_reads_a_text_layer_page_again(tmp_path):
    pdf = _one_page_report(tmp_path / "rapport.pdf")
    text_layer = read_pdf(pdf, ocr="never")
    ocrd = read_pdf(pdf, ocr="always")
    assert text_layer.ocr is None and [p["page"] for p in ocrd.ocr["pages"]] == [1]
    want = [w.text for w in text_layer.pages[0].words]
    assert word_accuracy(want, page_words(ocrd, 1)) >= 0.95
    for a, b in zip(sorted(text_layer.pages[0].words, key=lambda w: (round(w.top), w.x0)), ocrd.pages[0].words):
        assert abs(a.x0 - b.x0) < 3 and abs(a.bottom - b.bottom) < 4  # the same place on the page


def _fake_tesseract(folder: Path, langs: str = "eng\nosd\nswe", ocr: str = "exit 1") -> str:
    """A ``tesseract`` that answers like the real one but does ``ocr`` when asked to read."""
    script = folder / "tesseract"
    script.write_text("#!/bin/sh\n"
                      'case "$1" in\n'
                      "  --version) echo 'tesseract 5.3.0' ;;\n"
                      f"  --list-langs) printf 'List of available languages (3):\\n{langs}\\n' ;;\n"
                      f"  *) {ocr} ;;\n"
                      "esac\n")
    script.chmod(0o755)
    return str(script)


def test_a_page_over_its_time_cap_is_stopped(tmp_path, monkeypatch):
    scan = image_only_pdf(_one_page_report(tmp_path / "rapport.pdf"), tmp_path / "skannad.pdf", 150)
    monkeypatch.setenv("RAPPORTANALYS_TESSERACT", _fake_tesseract(tmp_path, ocr="exec sleep 30"))
    monkeypatch.setenv("RAPPORTANALYS_OCR_SECONDS_PER_PAGE", "1")
    monkeypatch.setenv("RAPPORTANALYS_OCR_CACHE", "off")
    with pytest.raises(errors.NoTextFound) as raised:
        read_pdf(scan)
    assert "page 1: OCR stopped after 1 s" in raised.value.message


def test_second_parse_comes_from_the_cache(tmp_path, monkeypatch):
    scan = image_only_pdf(_one_page_report(tmp_path / "rapport.pdf"), tmp_path / "skannad.pdf", 200)
    monkeypatch.setenv("RAPPORTANALYS_OCR_CACHE", str(tmp_path / "cache"))
    first = read_pdf(scan)
    assert len(list((tmp_path / "cache").rglob("*.json.gz"))) == 1
    # a Tesseract that cannot read anything: the words can only come from the cache
    monkeypatch.setenv("RAPPORTANALYS_TESSERACT", _fake_tesseract(tmp_path, ocr="exit 1"))
    second = read_pdf(scan)
    assert [w.text for w in second.pages[0].words] == [w.text for w in first.pages[0].words]
    monkeypatch.setenv("RAPPORTANALYS_OCR_CACHE", "off")
    with pytest.raises(errors.NoTextFound, match="OCR failed"):
        read_pdf(scan)


def test_cache_folder_follows_xdg_and_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.delenv("RAPPORTANALYS_OCR_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert ocr_cache.folder() == tmp_path / "rapportanalys" / "ocr"
    monkeypatch.setenv("RAPPORTANALYS_OCR_CACHE", str(tmp_path / "elsewhere"))
    assert ocr_cache.folder() == tmp_path / "elsewhere"
    for off in ("off", "0", ""):
        monkeypatch.setenv("RAPPORTANALYS_OCR_CACHE", off)
        assert ocr_cache.folder() is None


def test_a_page_with_only_an_invisible_text_layer_is_read_again(tmp_path):
    """An earlier OCR's layer (text render mode 3, over the page image) is not trusted: auto reads
    the page by OCR; never keeps the invisible text."""
    from reportlab.pdfgen import canvas

    scan = image_only_pdf(_one_page_report(tmp_path / "rapport.pdf"), tmp_path / "skannad.pdf", 200)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(scan), str(tmp_path / "bild")],
                   check=True)
    pdf = tmp_path / "osynlig.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawImage(str(tmp_path / "bild.png"), 0, 0, width=c._pagesize[0], height=c._pagesize[1])
    text = c.beginText(72, 730)
    text.setTextRenderMode(3)
    text.setFont("Helvetica", 11)
    text.textLine("Urrrp glsk vvvf snörp klafs mjugg trång")
    c.drawText(text)
    c.save()
    kept = read_pdf(pdf, ocr="never")
    assert kept.pages[0].invisible_chars > 0 and "Urrrp" in [w.text for w in kept.pages[0].words]
    ocrd = read_pdf(pdf, ocr="auto")
    assert ocrd.pages[0].ocr and "Urrrp" not in [w.text for w in ocrd.pages[0].words]
    assert "Trygghet" in [w.text for w in ocrd.pages[0].words]


def test_the_files_time_bound_stops_ocr_and_leaves_no_tesseract_behind(tmp_path, monkeypatch):
    scan = image_only_pdf(_one_page_report(tmp_path / "rapport.pdf"), tmp_path / "skannad.pdf", 150)
    monkeypatch.setenv("RAPPORTANALYS_TESSERACT", _fake_tesseract(tmp_path, ocr="exec sleep 31.25"))
    monkeypatch.setenv("RAPPORTANALYS_OCR_CACHE", "off")
    monkeypatch.setenv("RAPPORTANALYS_SECONDS", "1")
    monkeypatch.setenv("RAPPORTANALYS_MAX_SECONDS", "2")
    with pytest.raises(errors.TooSlow):
        rapportanalys.parse(scan)
    left = [p for p in Path("/proc").glob("[0-9]*") if _cmdline(p) == "sleep 31.25"]
    assert not left


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def _pdftotext_words(path: Path, page: int) -> int:
    out = subprocess.run(["pdftotext", "-q", "-f", str(page), "-l", str(page), os.fspath(path), "-"],
                         capture_output=True, timeout=60).stdout.decode("utf-8", "replace")
    return len(re.findall(r"\w+", out))


@needs_tesseract
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_a_page_ocr_reads_only_in_part_is_flagged(tmp_path, monkeypatch):
    """Found by ``benchmarks/fuzz.py 300 --seed 20261205``: one flipped byte damages Kalmar's body
    font for pdfium, which then draws glyph salad while its text layer holds only glyph codes.
    ``auto`` OCRs the drawing and finds about a third of the words pdftotext reads from the same
    file. Such a page must be flagged in ``source.warnings``, not passed on as read."""
    from fuzz.generate import mutants

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    case = next(c for c in mutants(20261205, 91) if c.name.startswith("m20261205-0090-"))
    path = case.write(tmp_path)
    document = read_pdf(path)
    warned = {w["page"] for w in document.warnings if "may be read only in part" in w["warning"]}
    theirs = {p.number: _pdftotext_words(path, p.number) for p in document.pages}
    short = [p.number for p in document.pages  # (a page of a few words says nothing either way)
             if p.ocr and theirs[p.number] >= 10 and len(p.words) < 0.5 * theirs[p.number]]
    assert short, "the mutant no longer damages the font: pick another case"
    assert set(short) <= warned


def _counting_tesseract(folder: Path, tessdata: Path) -> tuple[str, Path]:
    """A ``tesseract`` that names its language folder as the real one does, lists the models
    in it, and counts how often it is started (one line per start in the file returned)."""
    calls = folder / "calls"
    script = folder / "tesseract"
    script.write_text("#!/bin/sh\n"
                      f"echo \"$1\" >> '{calls}'\n"
                      'case "$1" in\n'
                      "  --version) echo 'tesseract 5.3.0' ;;\n"
                      f"  --list-langs) echo 'List of available languages in \"{tessdata}/\" (2):';"
                      f" ls '{tessdata}' | sed 's/.traineddata$//' ;;\n"
                      "  *) exit 1 ;;\n"
                      "esac\n")
    script.chmod(0o755)
    return str(script), calls


def test_the_engine_check_is_remembered_until_the_installation_changes(tmp_path, monkeypatch):
    """Asking Tesseract its version and languages (two starts) is done once: later parses take
    the answer from beside the OCR cache, until the program or its Swedish model changes."""
    from rapportanalys.read import ocr

    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    (tessdata / "eng.traineddata").write_bytes(b"e")
    (tessdata / "swe.traineddata").write_bytes(b"s")
    command, calls = _counting_tesseract(tmp_path, tessdata)
    monkeypatch.setenv("RAPPORTANALYS_TESSERACT", command)
    monkeypatch.setenv("RAPPORTANALYS_OCR_CACHE", str(tmp_path / "cache"))

    def check():
        ocr._find_engine.cache_clear()  # a new process
        return ocr.engine()

    assert check() == ocr.Engine(command, "5.3.0")
    assert calls.read_text().split() == ["--version", "--list-langs"]
    assert check() == ocr.Engine(command, "5.3.0")
    assert calls.read_text().split() == ["--version", "--list-langs"]  # not started again
    (tessdata / "swe.traineddata").unlink()  # the Swedish model removed
    assert "no Swedish model" in check()
    assert len(calls.read_text().split()) == 4
    monkeypatch.setenv("RAPPORTANALYS_OCR_CACHE", "off")  # no cache: asked every time
    (tessdata / "swe.traineddata").write_bytes(b"s")
    assert check() == ocr.Engine(command, "5.3.0") and check() == ocr.Engine(command, "5.3.0")
    assert len(calls.read_text().split()) == 8
