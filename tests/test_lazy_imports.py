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
