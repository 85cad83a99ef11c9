"""A sample of the seeded fuzz corpus through ``rapportanalys parse``, as a user runs it.

Every input must either be read (exit 0, nothing on stderr) or refused with exactly one line
naming the file (exit 2), with no traceback and within its time bound. The special cases say
which of the two they must give. The full run is ``benchmarks/fuzz.py N``.
"""
import json
import os
import subprocess
import sys
import time

import pytest
from conftest import ROOT
from fuzz.generate import mutants, special_cases

from rapportanalys.errors import display_name
from rapportanalys.read.bounds import Bounds

# Left out here: the 2,000 pages (45 s on its own; in ``benchmarks/fuzz.py --special``) and the
# cases tests/test_hostile_inputs.py already reads in-process (each CLI run costs ~2 s of start-up).
LEFT_OUT = {"pages-2000.pdf", "rotate-180.pdf", "rotate-270.pdf", "dev-zero.pdf", "symlink-loop.pdf",
            "inverted-mediabox.pdf"}
SAMPLE = [c for c in special_cases(bomb_mb=200) if c.name not in LEFT_OUT] + list(mutants(seed=14, count=4))


@pytest.mark.parametrize("case", SAMPLE, ids=[display_name(c.name) for c in SAMPLE])
def test_parse_reads_or_refuses_in_one_line(tmp_path, case):
    path = case.write(tmp_path)
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "rapportanalys.cli", "parse", os.fspath(path)],
                            capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
                            timeout=300)
    elapsed = time.monotonic() - start
    stderr = result.stderr.decode("utf-8")  # our lines are valid UTF-8 whatever the name
    assert "Traceback" not in stderr
    assert result.returncode in (0, 2), stderr
    if result.returncode == 0:
        assert stderr == ""
        pages = json.loads(result.stdout)["source"]["pages"]
    else:
        assert stderr.count("\n") == 1 and stderr.startswith(f"rapportanalys: {display_name(path)}: "), stderr
        pages = 0
    assert elapsed < Bounds().seconds_for(pages) + 15
    if case.expect != "any":
        assert {"ok": 0, "error": 2}[case.expect] == result.returncode, stderr
