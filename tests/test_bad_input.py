"""Every kind of bad input gives one clear line naming the file, exit code 2, no traceback."""
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import rapportanalys
from rapportanalys import errors
from rapportanalys.cli import main
from conftest import ROOT, real_pdf

NO_TEXT = "goteborg_stadsrevisionen_rapportsammandrag_arbetet_mot_hedersrelaterat_vald_och_fortryck_2023.pdf"


def _encrypted(path: Path) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=StandardEncryption("hemligt", ownerPassword="ägare"))
    c.drawString(100, 700, "Uppföljning 2023 – konfidentiell")
    c.save()
    return path


@pytest.fixture
def bad_files(tmp_path):
    good = ROOT / "corpus" / "kungalv_social-hallbarhet_2023.pdf"
    files = {
        "not a PDF": tmp_path / "rapport.pdf",
        "empty file": tmp_path / "tom.pdf",
        "truncated": tmp_path / "avbruten.pdf",
        "encrypted": _encrypted(tmp_path / "krypterad.pdf"),
        "file not found": tmp_path / "finns-inte.pdf",
        "not a file": tmp_path,
    }
    files["not a PDF"].write_text("Detta är ingen PDF utan en textfil.\n", encoding="utf-8")
    files["empty file"].write_bytes(b"")
    data = good.read_bytes()
    files["truncated"].write_bytes(data[: len(data) // 2])
    return files


EXPECTED = {
    "not a PDF": errors.NotAPDF,
    "empty file": errors.EmptyFile,
    "truncated": errors.TruncatedPDF,
    "encrypted": errors.EncryptedPDF,
    "file not found": errors.InputNotFound,
    "not a file": errors.NotAFile,
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_library_raises_named_error(bad_files, kind):
    with pytest.raises(EXPECTED[kind]) as info:
        rapportanalys.parse(bad_files[kind])
    assert str(bad_files[kind]) in str(info.value)


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_cli_one_line_exit_2(bad_files, kind):
    result = CliRunner().invoke(main, ["parse", str(bad_files[kind])])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"rapportanalys: {bad_files[kind]}: ")
    assert "Traceback" not in result.output and result.stdout == ""


def test_no_text_layer_real_pdf():
    """With OCR turned off a scan is still refused; tests/test_ocr.py reads it by OCR."""
    path = real_pdf(NO_TEXT)
    result = CliRunner().invoke(main, ["parse", "--ocr", "never", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"rapportanalys: {path}: no text layer (scanned or outlined text; it needs OCR first)"


def test_debug_shows_traceback(bad_files):
    result = CliRunner().invoke(main, ["--debug", "parse", str(bad_files["not a PDF"])])
    assert result.exit_code == 2
    assert "Traceback" in result.stderr


def test_installed_command_has_no_traceback(bad_files):
    """The real console script, in a subprocess, as a user runs it."""
    proc = subprocess.run([sys.executable, "-m", "rapportanalys.cli", "parse", str(bad_files["truncated"])],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"rapportanalys: {bad_files['truncated']}: truncated")
    assert "Traceback" not in proc.stderr
