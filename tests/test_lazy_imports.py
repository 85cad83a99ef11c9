"""``parse`` imports only what reading and extracting need.

pdfplumber (with pdfminer), pandas, scikit-learn and DuckDB each cost a tenth of a second to a
second of start-up; a ``parse`` with the default pdfium backend uses none of them, and spaCy's
command line (typer, requests, jinja2) is not imported with spaCy. Checked in a fresh
interpreter, since the test process itself has imported everything.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pdfplumber", "pdfminer", "pandas", "sklearn", "duckdb", "spacy.cli", "typer", "requests")

_SCRIPT = r"""
import json, sys
from rapportanalys import parse
report = parse(sys.argv[1])
print(json.dumps({"sections": len(report.sections), "figures": len(report.figures),
                  "modules": sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2].split(",")
                                    or m in sys.argv[2].split(","))}))
"""


def test_parse_imports_no_unused_library():
    pdf = ROOT / "corpus" / "kungalv_social-hallbarhet_2023.pdf"
    out = subprocess.run([sys.executable, "-c", _SCRIPT, str(pdf), ",".join(HEAVY)], capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["sections"] > 0 and result["figures"] > 0  # it did parse, figures and all
    assert result["modules"] == []


_READER = r"""
import json, sys
import rapportanalys.cache
from rapportanalys.compare import STATUSES, Comparison
from rapportanalys.present import views
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("sklearn", "scipy"))
import rapportanalys.compare.compare  # the submodule by name first (as app/warm.py does)
from rapportanalys.compare import compare, find_reuse
from rapportanalys.compare import compare as again
import rapportanalys.compare as package
print(json.dumps({"modules": loaded, "function": callable(again) and again is compare is package.compare,
                  "reuse": callable(find_reuse)}))
"""


def test_reading_a_stored_comparison_imports_neither_scikit_learn_nor_scipy():
    """The app opens a pair it compared before from the cache (``cache.compare_cached``) with
    the result classes and ``present.views``; ``compare`` itself loads on first use and is the
    function, also after its module was imported by name."""
    out = subprocess.run([sys.executable, "-c", _READER], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"modules": [], "function": True, "reuse": True}


_CLI_COMPARE = r"""
import json, sys
from click.testing import CliRunner
from rapportanalys.cli import main
out = CliRunner().invoke(main, ["compare", sys.argv[1], sys.argv[2], "--format", "json"])
assert out.exit_code == 0, out.output
print(json.dumps({"passages": len(json.loads(out.stdout)["passages"]),
                  "modules": sorted(m for m in sys.modules if m.split(".")[0] in ("sklearn", "scipy", "spacy")
                                    or m in ("rapportanalys.pipeline", "rapportanalys.compare.compare"))}))
"""


def test_a_second_cli_compare_of_a_pair_imports_neither_parser_nor_scikit_learn(tmp_path):
    """``compare`` run again on a pair reads both reports and the comparison from the cache
    (``cache.compare_cached``): it parses nothing, compares nothing, and so imports neither the
    parser (spaCy) nor scikit-learn and SciPy, which are most of a first run's start-up."""
    old, new = (ROOT / "corpus" / f"kungalv_social-hallbarhet_{year}.pdf" for year in (2022, 2023))
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "RAPPORTANALYS_CACHE": str(tmp_path)}
    runs = [json.loads(subprocess.run([sys.executable, "-c", _CLI_COMPARE, str(old), str(new)], capture_output=True,
                                      text=True, check=True, env=env).stdout.strip().splitlines()[-1])
            for _ in range(2)]
    assert "rapportanalys.pipeline" in runs[0]["modules"]  # the first run did parse and compare
    assert runs[1] == {"passages": runs[0]["passages"], "modules": []}


_APP_REOPEN = r"""
import hashlib, json, sys
from pathlib import Path
from streamlit.testing.v1 import AppTest
old, new = (hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in sys.argv[1:3])
at = AppTest.from_file(sys.argv[3], default_timeout=240)
at.query_params["gammal"], at.query_params["ny"] = old, new
at.run()
assert not at.exception, at.exception
print(json.dumps({"viewer": len(at.get("component_instance")),
                  "modules": sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[4].split(",")
                                    or m in sys.argv[4].split(","))}))
"""
REOPEN_UNUSED = ("sklearn", "scipy", "openpyxl", "spacy", "altair", "duckdb", "rapportanalys.pipeline",
                 "rapportanalys.structure", "rapportanalys.compare.compare", "rapportanalys.compare.across",
                 "rapportanalys.present.across")


def test_the_app_reopening_a_known_pair_imports_no_parser_comparer_or_exporter(tmp_path):
    """A freshly started app opening a pair it compared before (reports and comparison from the
    disk cache) lays out the Jämför page without importing the parser, scikit-learn, SciPy, the
    municipality comparison, openpyxl, DuckDB or the chart library: their start-up (seconds on
    this machine) was most of the server's share of opening a known pair again."""
    old, new = (ROOT / "corpus" / f"kungalv_social-hallbarhet_{year}.pdf" for year in (2022, 2023))
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "RAPPORTANALYS_CACHE": str(tmp_path),
           "HOME": str(tmp_path)}
    warm = ("from rapportanalys.cache import parse_cached, compare_cached; import sys; "
            "compare_cached(parse_cached(sys.argv[1]), parse_cached(sys.argv[2]))")
    subprocess.run([sys.executable, "-c", warm, str(old), str(new)], check=True, env=env, capture_output=True)
    out = subprocess.run([sys.executable, "-c", _APP_REOPEN, str(old), str(new), str(ROOT / "app" / "main.py"),
                          ",".join(REOPEN_UNUSED)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"viewer": 1, "modules": []}


_BEFORE_READING = r"""
import json, sys
import rapportanalys, rapportanalys.pipeline, rapportanalys.read
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "spacy"
                        or m.startswith(("rapportanalys.structure", "rapportanalys.extract")))))
"""


def test_structure_and_extraction_load_while_the_pdf_is_read():
    """Importing ``parse`` loads only the reader: the structure and extraction code and spaCy are
    imported by ``parse`` itself once pdfium's child is reading (pipeline._while_reading), so
    their import overlaps the reading instead of delaying the fork (the test above checks that
    ``parse`` does load them and runs)."""
    out = subprocess.run([sys.executable, "-c", _BEFORE_READING], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
