"""Run ``rapportanalys parse`` on N inputs of the seeded fuzz corpus and count the outcomes.

    python benchmarks/fuzz.py 200 [--seed 7] [--special] [--show]

Each input runs as its own CLI process (the user's view: exit code, stderr), one at a time.
Counted per input: the exit code; ``over-time`` (wall time past its bound, from
:mod:`rapportanalys.read.bounds`, plus 15 s for the interpreter); ``over-memory`` (the process's
peak resident memory, from ``wait4``, above 500 MB); ``bad-stderr`` (an error that is not
exactly one line naming the file, or a success that printed anything); ``traceback``; and
``silent-garbage`` (exit 0 with fewer than half the words pdftotext reads and no
``source.warnings``). The issue's goal is 0 of each but exit 0 and exit 2.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from fuzz.generate import mutants, special_cases  # noqa: E402
from rapportanalys.read.bounds import Bounds  # noqa: E402

WORD = re.compile(r"[^\W\d_]{2,}")


def run_one(path: Path, bounds: Bounds) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "rapportanalys.cli", "parse", os.fspath(path)],
                                stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - start
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read().decode("utf-8", "replace")
    result = {"code": proc.returncode, "seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime,
              "rss_mb": usage.ru_maxrss / 1024, "stderr": stderr}
    pages, warned, words = 0, False, 0
    if proc.returncode == 0:
        try:
            report = json.loads(stdout)
            pages = report["source"]["pages"]
            warned = bool(report["source"].get("warnings"))
            texts = [b["text"] for b in report["blocks"]] + [s["title"] for s in report["sections"]]
            words = sum(len(WORD.findall(t)) for t in texts)
        except (ValueError, KeyError):
            result["unparsable_json"] = True
    result.update(pages=pages, warned=warned, words=words)
    # the bound the parse itself applied: from its page count, or the one a "took too long
    # (over N s)" error names (the page count it was widened to), plus interpreter start-up
    named = re.search(r"took too long \(over (\d+) s\)", stderr)
    result["bound"] = (float(named.group(1)) if named else bounds.seconds_for(pages)) + 15
    return result


def pdftotext_words(path: Path) -> int:
    if not shutil.which("pdftotext") or not path.is_file():
        return 0
    try:
        text = subprocess.run(["pdftotext", "-q", os.fspath(path), "-"], capture_output=True, timeout=60).stdout
    except subprocess.TimeoutExpired:
        return 0
    return len(WORD.findall(text.decode("utf-8", "replace")))


def outcomes(result: dict, name: str, path: Path) -> list[str]:
    found = [f"exit {result['code']}"]
    lines = result["stderr"].strip().splitlines()
    if result["seconds"] > result["bound"]:
        found.append("over-time")
    if result["rss_mb"] > 500:
        found.append("over-memory")
    if "Traceback" in result["stderr"]:
        found.append("traceback")
    if result["code"] == 0 and lines or result["code"] != 0 and (
            len(lines) != 1 or not lines[0].startswith("rapportanalys: ")):
        found.append("bad-stderr")
    if result["code"] == 0 and not result["warned"]:
        theirs = pdftotext_words(path)
        if theirs >= 20 and result["words"] < 0.5 * theirs:
            found.append("silent-garbage")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="number of mutants")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--special", action="store_true", help="also the hand-made special cases")
    parser.add_argument("--show", action="store_true", help="print every input that is not a clean outcome")
    args = parser.parse_args()
    bounds = Bounds.from_env()
    cases = list(mutants(args.seed, args.n)) + (special_cases(1024) if args.special else [])
    counts: collections.Counter = collections.Counter()
    worst = []
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        for case in cases:
            path = case.write(Path(folder))
            result = run_one(path, bounds)
            found = outcomes(result, case.name, path)
            counts.update(found)
            if args.show and (len(found) > 1 or result["code"] not in (0, 2)):
                # CPU seconds beside wall seconds: on a shared machine a run can pass its wall
                # bound while waiting for a core, not while working
                print(f"{found} {result['seconds']:.1f}s (cpu {result['cpu']:.1f}s) {result['rss_mb']:.0f}MB {case.name!r}: "
                      f"{result['stderr'].strip()[:300]!r}", flush=True)
            if path.is_file() or path.is_symlink() or path.exists():
                path.unlink()
            worst.append((result["seconds"], result["rss_mb"]))
            if len(worst) % 100 == 0:  # partial counts, for a run stopped before its end
                print(f"after {len(worst)} of {len(cases)}: {dict(sorted(counts.items()))}", flush=True)
    print(f"seed {args.seed}: {len(cases)} inputs")
    for key in sorted(counts):
        print(f"  {key:16} {counts[key]}")
    print(f"  max wall {max(w[0] for w in worst):.1f} s, max RSS {max(w[1] for w in worst):.0f} MB")


if __name__ == "__main__":
    main()
