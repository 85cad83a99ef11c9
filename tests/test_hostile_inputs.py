"""Issue 14: bad bytes are bad input, every file is bounded, hostile names are safe, rotated
pages are read, undecodable pages are flagged, a killed worker costs one file.

Small, fast tests on hand-made PDFs (tests/fuzz/pdfs.py); the fuzz sample through the CLI is
tests/test_fuzz.py.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from fuzz import pdfs
from fuzz.generate import special_cases

from rapportanalys import errors, parse
from rapportanalys.cli import main
from rapportanalys.ingest import find_pdfs, ingest
from rapportanalys.read import read_pdf
from rapportanalys.read.bounds import Bounds, check_regular
from rapportanalys.read.isolated import run_isolated
from rapportanalys.read.pdfplumber_backend import classify_open_error, read_with_pdfplumber
from rapportanalys.store import Corpus

GOOD = pdfs.simple([pdfs.text_content(pdfs.SAMPLE)])
CASES = {c.name: c for c in special_cases(bomb_mb=200)}


def _case(tmp_path, name):
    return CASES[name].write(tmp_path)


# -- 1. library failures are bad input -----------------------------------------------------------
def test_malformed_bbox_is_damaged_pdf_with_exit_2(tmp_path):
    path = tmp_path / "box.pdf"
    path.write_bytes(pdfs.simple([pdfs.text_content(pdfs.SAMPLE)], media=b"[0 0 /A 842]"))
    # pdfminer raises on the name in the box; pdfium reads past it (the default backend reads the file)
    result = CliRunner().invoke(main, ["parse", "--backend", "pdfplumber", str(path)])
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"rapportanalys: {path}: truncated or damaged PDF (")
    assert len(result.stderr.strip().splitlines()) == 1


def test_our_own_bug_stays_an_internal_error():
    def ours():
        raise KeyError("x")

    try:
        ours()
    except KeyError as exc:
        assert classify_open_error("f.pdf", exc) is exc
    from pdfminer.psparser import PSSyntaxError
    assert isinstance(classify_open_error("f.pdf", PSSyntaxError("bad")), errors.TruncatedPDF)


def test_close_raising_does_not_replace_the_readers_error(tmp_path, monkeypatch):
    import pdfplumber.pdf

    def bad_close(self):
        raise RuntimeError("close re-read the page tree")

    monkeypatch.setattr(pdfplumber.pdf.PDF, "close", bad_close)
    path = tmp_path / "ok.pdf"
    path.write_bytes(GOOD)
    info, pages = read_with_pdfplumber(path)  # a good file: close's error is dropped
    assert pages


def test_native_abort_in_the_first_look_costs_only_the_child():
    ran = run_isolated(os.abort, timeout=10, bounds=Bounds())
    assert ran.status == "crashed" and ran.value == signal.SIGABRT
    ran = run_isolated(time.sleep, 30, timeout=0.5, bounds=Bounds())
    assert ran.status == "timeout"


def _long_file_reader(seconds: float) -> str:
    from rapportanalys.read.isolated import tell_parent

    tell_parent("pages 5000")
    time.sleep(seconds)
    return "read"


def test_a_long_file_widens_the_childs_bound_by_its_pages():
    """The child says how many pages the file has; the parent then waits the bound for that
    many pages, so a long file is read in the isolated child (not again by the parent)."""
    heard = []

    def on_line(line):
        heard.append(line)
        return 5.0 if line == "pages 5000" else None

    ran = run_isolated(_long_file_reader, 1.5, timeout=0.5, bounds=Bounds(), on_line=on_line)
    assert (ran.status, ran.value, heard) == ("ok", "read", ["pages 5000"])
    ran = run_isolated(_long_file_reader, 1.5, timeout=0.5, bounds=Bounds())  # nobody listens
    assert ran.status == "timeout"


def test_library_logging_stays_off_stderr(tmp_path):
    path = tmp_path / "broken-xref.pdf"
    data = GOOD.replace(b"startxref\n", b"startxref\n1").replace(b"0000000", b"0000001", 3)
    path.write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "rapportanalys.cli", "parse", str(path)],
                            capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert result.returncode in (0, 2)
    assert len(result.stderr.splitlines()) == (0 if result.returncode == 0 else 1), result.stderr


def test_error_lines_are_capped_and_one_line():
    error = errors.TruncatedPDF("a\nb.pdf", "x" * 5000 + "\n" + "y")
    assert "\n" not in str(error) and len(error.message) <= errors.MAX_LINE
    assert str(error).startswith("a\\nb.pdf: ")


# -- 2. bounds -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name,error", [("fifo.pdf", errors.NotARegularFile),
                                        ("dev-zero.pdf", errors.NotARegularFile),
                                        ("symlink-loop.pdf", errors.SymlinkLoop)])
def test_non_regular_files_are_refused_before_opening(tmp_path, name, error):
    path = _case(tmp_path, name)
    with pytest.raises(error):
        check_regular(path)
    with pytest.raises(error):
        parse(path)


def test_flate_bomb_is_refused_quickly_and_small(tmp_path):
    path = _case(tmp_path, "flate-bomb.pdf")
    start = time.monotonic()
    with pytest.raises(errors.TooLargeDecompressed):
        parse(path)
    assert time.monotonic() - start < 10


_PEAK = r"""
import resource, subprocess, sys
out = subprocess.run([sys.executable, "-m", "rapportanalys.cli", "parse", sys.argv[1]], capture_output=True, text=True)
print(out.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


def test_flate_bomb_never_inflates_in_any_process(tmp_path):
    """The bomb is refused before any reader inflates it: no process of ``parse`` (pdfium's child
    included) grows by the bomb's size. Scanned beside the child, the child reached 270-500 MB
    resident on a 1 GiB bomb before the scan killed it."""
    path = _case(tmp_path, "flate-bomb.pdf")  # 200 MB inflated
    out = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    code, peak_mb = map(int, out.stdout.split())
    assert code == 2
    assert peak_mb < 150, f"a process of parse reached {peak_mb} MB"


def test_the_bomb_scan_finds_each_stream_and_no_endstream():
    """Every ``stream`` keyword opens a stream for the scan (at the file's start, with either line
    end), ``endstream`` never does: the same places as the lookbehind pattern it replaced."""
    import re

    from rapportanalys.read.prescan import stream_starts

    data = (b"stream\nA endstream\nendobj\n2 0 obj <</Filter /FlateDecode>> stream\r\nB endstream\r\n"
            b"endobj 3 0 obj<<>>stream\nendstream\nstream\n")
    found = list(stream_starts(data))
    assert found == [(m.start(), m.end()) for m in re.finditer(rb"(?<!end)stream\r?\n", data)]
    assert [data[end:end + 1] for _, end in found] == [b"A", b"B", b"e", b""]


def test_crowded_page_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("RAPPORTANALYS_MAX_WORDS_PER_PAGE", "500")
    path = tmp_path / "crowded.pdf"
    path.write_bytes(pdfs.crowded_page(3000))
    with pytest.raises(errors.TooLarge, match="words"):
        parse(path)


def test_time_bound_stops_a_slow_parse(tmp_path, monkeypatch):
    monkeypatch.setenv("RAPPORTANALYS_SECONDS", "1")
    monkeypatch.setenv("RAPPORTANALYS_SECONDS_PER_PAGE", "0")
    path = tmp_path / "long.pdf"
    # 2,000 pages take several seconds (400 no longer took 1 s once parse got faster)
    path.write_bytes(pdfs.many_pages(2000))
    start = time.monotonic()
    with pytest.raises(errors.TooSlow):
        parse(path)
    assert time.monotonic() - start < 5


def test_bounds_from_environment():
    bounds = Bounds.from_env({"RAPPORTANALYS_MAX_STREAM_MB": "5", "RAPPORTANALYS_SECONDS": "9"})
    assert bounds.max_stream_mb == 5 and bounds.seconds_for(10) == 19
    with pytest.raises(errors.RapportanalysError):
        Bounds.from_env({"RAPPORTANALYS_SECONDS": "lots"})


# -- 3. names, %%EOF -----------------------------------------------------------------------------
def test_data_after_eof_is_not_truncated(tmp_path):
    path = _case(tmp_path, "after-eof.pdf")
    assert parse(path).blocks


def test_hostile_names_are_stored_printed_and_exported_safely(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["name-newline\nrapport.pdf", "name-escape-\x1b[31mröd\x1b[0m.pdf",
             os.fsdecode(b"name-latin1-\xe5\xe4\xf6.pdf")]
    for name in names:
        CASES[name].write(folder)
    (folder / os.fsdecode(b"bad-\xff\n.pdf")).write_bytes(b"not a pdf")
    db = tmp_path / "c.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and "\x1b" not in result.stderr, result.stderr
    assert lines[0] == f"rapportanalys: {folder}/bad-\\xff\\n.pdf: not a PDF"
    again = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert again.exit_code == 0 and "0 stored, 0 duplicate, 4 unchanged" in again.stderr  # same safe names
    with Corpus(db) as corpus:
        stored = sorted(corpus.files.path)
    assert all(p.isprintable() for p in stored) and len(stored) == 3
    assert f"{folder}/name-latin1-\\xe5\\xe4\\xf6.pdf" in stored
    out = CliRunner().invoke(main, ["export", "--db", str(db), "--parquet", str(tmp_path / "pq")])
    assert out.exit_code == 0
    parsed = CliRunner().invoke(main, ["parse", str(folder / names[0])])
    assert json.loads(parsed.stdout)["source"]["path"].endswith("name-newline\\nrapport.pdf")


# -- 4. rotated pages, undecodable text ----------------------------------------------------------
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_rotated_page_reads_in_reading_direction(tmp_path, turn):
    path = _case(tmp_path, f"rotate-{turn}.pdf")
    document = read_pdf(path)
    text = " ".join(w.text for w in document.pages[0].words)
    assert text.startswith("Uppföljning av handlingsplan för trygghet 2023 Kommunen har")
    assert document.pages[0].height > document.pages[0].width  # turned back to portrait
    assert not document.warnings


def test_rotated_page_among_upright_ones(tmp_path):
    content = pdfs.text_content(pdfs.SAMPLE)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(pdfs.simple([content, content, content], page_extra=[b"", b"", b"/Rotate 90 "]))
    report = parse(path)
    assert {b.page for b in report.blocks} == {1, 2, 3}


def _page(number, texts):
    from rapportanalys.read.page import Page, Word

    return Page(number=number, width=595, height=842,
                words=[Word(t, 0, 0, 1, 1, "Helvetica", 10, False, False) for t in texts])


def test_undecodable_pages_are_flagged():
    from rapportanalys.read.checks import FirstLook, text_warnings

    words = "kommunen har under året arbetat med att öka tryggheten centrum".split()
    salad = ["xqzv", "ökkrt", "bbna", "wpqz", "tvrrk", "qqap", "zzre", "llmn", "gghv", "ppoa"]
    look = FirstLook("ok", pages=3, chars=[100] * 3, words=[frozenset(words)] * 3)
    pages = [_page(1, words), _page(2, salad), _page(3, ["(cid:12)(cid:7)"] * 5 + ["och"])]
    assert text_warnings(pages, look) == [
        {"page": 2, "warning": "text not decodable: 10 of 10 words differ from pdfium's reading of the page"},
        {"page": 3, "warning": "text not decodable: 5 of 6 words are glyph codes without a character map"}]
    many = frozenset(f"ord{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(40))
    assert text_warnings([_page(1, ["och", "att"])], FirstLook("ok", pages=1, chars=[400], words=[many])) == [
        {"page": 1, "warning": "text missing: 2 distinct words read, pdfium reads 40"}]
    assert text_warnings(pages[:1], FirstLook("ok", pages=13, chars=[100], words=[frozenset(words)])) == [
        {"page": None, "warning": "pdfium finds 13 pages, this reading 1"}]


# -- 6. workers ----------------------------------------------------------------------------------
def _tree(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    children: dict[int, list[int]] = {}
    for line in out.splitlines():
        p, pp = map(int, line.split())
        children.setdefault(pp, []).append(p)
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def test_killed_ingest_leaves_no_workers(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.pdf").write_bytes(pdfs.many_pages(3000))
    proc = subprocess.Popen([sys.executable, "-m", "rapportanalys.cli", "ingest", str(folder), "--db",
                             str(tmp_path / "c.duckdb"), "--workers", "2"],
                            env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_tree(proc.pid)) < 2 and time.monotonic() < deadline:  # fork server + a worker
        time.sleep(0.2)
    children = _tree(proc.pid)
    assert len(children) >= 2
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") and
                                              "Z" not in open(f"/proc/{p}/stat").read().split()[2]
                                              for p in children if os.path.exists(f"/proc/{p}")):
        time.sleep(0.2)
    alive = [p for p in children if os.path.exists(f"/proc/{p}")]
    assert not [p for p in alive if open(f"/proc/{p}/stat").read().split()[2] != "Z"]


def _hang_on_marked(path: str):
    """A parse task stuck where no alarm reaches it (as in native code) on one file."""
    from rapportanalys.ingest import Outcome

    if "hang" in path:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(600)
    return Outcome(path, kind="Checked", reason="fine")


def test_worker_stuck_mid_file_is_killed_and_costs_that_file(monkeypatch):
    from rapportanalys import ingest as ingest_module

    monkeypatch.setattr(ingest_module, "_watchdog_seconds", lambda: 12.0)
    paths = ["/a.pdf", "/hang.pdf", "/b.pdf", "/c.pdf"]
    start = time.monotonic()
    outcomes = {o.path: o for o in ingest_module._parse_in_processes(paths, 2, task=_hang_on_marked)}
    assert set(outcomes) == set(paths) and time.monotonic() - start < 60
    assert outcomes.pop("/hang.pdf").kind == "TooSlow"
    assert {o.reason for o in outcomes.values()} == {"fine"}


def test_ingest_records_a_file_past_its_time_bound_and_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.pdf").write_bytes(GOOD)
    (folder / "long.pdf").write_bytes(pdfs.many_pages(5000))  # about 15 s at 3 ms a page
    db = tmp_path / "c.duckdb"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), RAPPORTANALYS_SECONDS_PER_PAGE="0")
    result = subprocess.run([sys.executable, "-m", "rapportanalys.cli", "--time-limit", "6", "ingest",
                             str(folder), "--db", str(db), "--workers", "1"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"rapportanalys: {folder}/long.pdf: took too long (over 6 s)" in result.stderr
    with Corpus(db) as corpus:
        assert list(corpus.reports.path) == [str(folder / "good.pdf")]
        assert corpus.errors.kind.tolist() == ["TooSlow"]


def test_ingest_of_a_folder_mixing_special_cases_with_good_pdfs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = ["flate-bomb.pdf", "fifo.pdf", "dev-zero.pdf", "symlink-loop.pdf", "zero-pages.pdf"]
    good = ["rotate-90.pdf", "after-eof.pdf", "page-tree-cycle.pdf"]
    for name in bad + good:
        CASES[name].write(folder)
    start = time.monotonic()
    events = list(ingest(find_pdfs([folder]), tmp_path / "c.duckdb", workers=2))
    assert time.monotonic() - start < 120
    status = {Path(e.path).name: e.status for e in events}
    assert {n: status[n] for n in bad} == dict.fromkeys(bad, "failed")
    assert {status[n] for n in good} <= {"stored", "duplicate"}
    with Corpus(tmp_path / "c.duckdb") as corpus:
        assert sorted(Path(p).name for p in corpus.errors.path) == sorted(bad)


def test_a_crowded_page_past_the_words_bound_is_refused_by_either_backend(tmp_path, monkeypatch):
    path = tmp_path / "crowded.pdf"
    path.write_bytes(pdfs.crowded_page(30_000))
    monkeypatch.setenv("RAPPORTANALYS_MAX_WORDS_PER_PAGE", "2000")
    for backend in ("pdfium", "pdfplumber"):
        result = CliRunner().invoke(main, ["parse", "--backend", backend, str(path)])
        assert result.exit_code == 2, (backend, result.stderr)
        assert "words" in result.stderr and len(result.stderr.strip().splitlines()) == 1


# Mutants of the fuzz corpus that the pdfium backend read with exit 0 and no warning
# (`benchmarks/fuzz.py 300 --seed 20261203 --special`): an edited xref loses the fonts' character
# maps, so pdfium gives raw glyph codes (control characters) for every page (0023, 0279), and
# zeroed bytes in a content stream turn one page into letter salad (0061, page 4:
# 'TryeUt ochòmóSUtöd'). pdftotext reads all three.
FLAGGED_MUTANTS = {23: None, 279: None, 61: {4}}


@pytest.fixture(scope="module")
def misread_mutants(tmp_path_factory):
    from fuzz.generate import mutants

    folder = tmp_path_factory.mktemp("mutants")
    wanted = max(FLAGGED_MUTANTS) + 1
    return {i: case.write(folder) for i, case in enumerate(mutants(20261203, wanted)) if i in FLAGGED_MUTANTS}


@pytest.mark.parametrize("index", sorted(FLAGGED_MUTANTS))
def test_pdfium_misreadings_are_flagged_page_by_page(misread_mutants, index):
    from rapportanalys.read.checks import MIXED_CASE, _unmapped

    # the default backend, pdfium; without OCR, which (auto) reads a flagged page again from its
    # image and says so in source.ocr instead
    document = read_pdf(misread_mutants[index], ocr="never")
    flagged = {w["page"] for w in document.warnings}
    expected = FLAGGED_MUTANTS[index]
    if expected is not None:  # the salad is on one page: the others read well and are not flagged
        assert flagged == expected, document.warnings
    for page in document.pages:  # no page passes glyph codes or salad on unflagged
        texts = [w.text for w in page.words]
        codes = sum(1 for t in texts if _unmapped(t))
        mixed = sum(1 for t in texts if MIXED_CASE.search(t))
        if codes > 0.2 * len(texts) or mixed > 0.2 * len(texts):
            assert page.number in flagged, (page.number, texts[:20])


def test_pdfium_glyph_codes_and_letter_salad_are_flagged():
    from rapportanalys.read.checks import FirstLook, text_warnings

    words = "kommunen har under året arbetat med att öka tryggheten centrum".split() * 2
    salad = "Utbildat eUhUîa uòmtbildarei oUZiktor TryeUt ochòmóSUtöd kriîg våld reUlatior".split() * 3
    codes = ["\x0e\x0f", "\x17\x15\x17\x05", "!\x07\x15-\x05", "\ue001\ue002", "\ufffd\ufffd"]
    look = FirstLook("ok", pages=3, chars=[100] * 3, words=[frozenset()] * 3)  # pdfium reads the same
    pages = [_page(1, words), _page(2, salad), _page(3, codes + words)]
    assert text_warnings(pages, look) == [
        {"page": 2, "warning": "text not decodable: 15 of 27 words change case inside the word "
                               "(letters mapped wrongly)"},
        {"page": 3, "warning": "text not decodable: 5 of 25 words are glyph codes without a character map"}]
    # a symbol font's bullet or check mark among real words is not a damaged page
    one = FirstLook("ok", pages=1, chars=[100], words=[frozenset()])
    assert text_warnings([_page(1, ["\uf0b7", "\x02"] + words)], one) == []


def test_a_font_with_damaged_widths_is_flagged_page_by_page(tmp_path):
    """A fuzz mutant the pdfium backend read with exit 0 and no warning (``benchmarks/fuzz.py 300
    --seed 61207 --special``, case 0161): seven flipped bytes of Kungälv's 2022 report leave its
    body font's character widths wrong, so pdfium sets every glyph at the wrong place, the words
    of a line run together in the blocks and pdfium drops letters it takes for doubles
    ("Upföljnige" for "Uppföljningen"); pdftotext reads 2,807 words, the blocks held 383. Every
    page with enough text is now flagged (1, 4 and 7 hold under 10 words); no page of the corpus
    or the real PDFs is (parse_identity: their outputs are unchanged)."""
    from fuzz.generate import mutants

    case = list(mutants(61207, 162))[161]
    assert case.name.startswith("m61207-0161-flip-kungalv_social-hallb")
    document = read_pdf(case.write(tmp_path), ocr="never")
    flagged = {w["page"] for w in document.warnings if "start inside the word before them" in w["warning"]}
    assert flagged == {2, 3, 5, 6, 8, 9, 10, 11, 12, 13}, document.warnings


@pytest.mark.skipif(not shutil.which("tesseract"), reason="Tesseract is not installed")
def test_a_page_of_letter_salad_is_read_again_by_ocr_and_says_so(misread_mutants):
    """With ``--ocr auto`` (the default) the salad page of mutant 0061 is read from its image,
    and ``source.ocr`` names it: what reaches the report is never the salad, unmarked."""
    from rapportanalys.read.checks import MIXED_CASE

    document = read_pdf(misread_mutants[61])
    assert 4 in {p["page"] for p in (document.ocr or {}).get("pages", [])}
    page = document.pages[3]
    assert sum(1 for w in page.words if MIXED_CASE.search(w.text)) <= 0.2 * max(1, len(page.words))


def test_flate_bomb_is_refused_with_the_memory_cap_off(tmp_path, monkeypatch):
    """Without the child's address-space cap the bomb is refused the same way (the prescan runs
    before any reader, whatever the cap)."""
    monkeypatch.setenv("RAPPORTANALYS_MAX_MEMORY_MB", "0")
    path = _case(tmp_path, "flate-bomb.pdf")
    with pytest.raises(errors.TooLargeDecompressed, match="a stream inflates past"):
        parse(path)
