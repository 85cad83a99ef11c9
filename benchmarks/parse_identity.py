"""Is ``parse`` output unchanged? Records ``parse --format json`` of every PDF, checks it later.

    python benchmarks/parse_identity.py --record DIR   # on the code before a change
    python benchmarks/parse_identity.py --check DIR    # after it: lists every difference, exit 1 if any

A refactoring that must not change what ``parse`` returns (streaming the pages, a faster reader)
is checked against the output of the code before it, byte for byte: the JSON of every corpus PDF
(``corpus/*.pdf`` and ``corpus/variants/*.pdf``) and every real PDF of ``../shared/real`` that has a
text layer, each with both backends (``--backend pdfium`` and ``--backend pdfplumber``). A PDF that
needs OCR is skipped (its output depends on Tesseract, not on the reader): every PDF is parsed
with ``--ocr never``, and one refused as having no text layer is recorded as skipped.

Each parse is the CLI itself in a fresh process (``python -m rapportanalys.cli``) with this
checkout's ``src`` first on the path, so that a recording made in one worktree can be checked
from another and no state carries from one file to the next. ``--jobs`` runs that many at once.
``--only`` restricts to PDFs whose name contains a substring (quick checks while working; the
final check is the full set). Differences are listed per file: the first differing JSON paths,
old and new value.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
BACKENDS = ("pdfium", "pdfplumber")
MAX_LISTED = 20  # differing paths listed per file


def pdfs() -> list[Path]:
    """Every PDF the check covers, in a fixed order."""
    found = sorted((ROOT / "corpus").glob("*.pdf")) + sorted((ROOT / "corpus" / "variants").glob("*.pdf"))
    if REAL.is_dir():
        found += sorted(REAL.glob("*.pdf"))
    return found


def key(pdf: Path, backend: str) -> str:
    """The recording's file name: where the PDF lives, its name and the backend."""
    where = "real" if pdf.parent == REAL else pdf.parent.relative_to(ROOT).as_posix().replace("/", "-")
    return f"{where}__{pdf.stem}__{backend}"


def run(pdf: Path, backend: str) -> tuple[str, str]:
    """``parse --format json`` of one PDF in a fresh process: ("ok", json) or ("skip"/"error", why)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # a corpus PDF named relative to the checkout (the parse runs there), so that its JSON's
    # source.path is the same in a recording made in another worktree
    named = pdf.relative_to(ROOT).as_posix() if pdf.is_relative_to(ROOT) else str(pdf)
    done = subprocess.run(
        [sys.executable, "-m", "rapportanalys.cli", "parse", named, "--format", "json",
         "--backend", backend, "--ocr", "never"],
        capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode == 0:
        return "ok", done.stdout
    if "no text layer" in done.stderr:
        return "skip", done.stderr.strip()
    return "error", f"exit {done.returncode}: {done.stderr.strip()[-2000:]}"


def differences(old, new, path: str = "$") -> list[str]:
    """Every JSON path where ``old`` and ``new`` differ, with both values (shortened)."""
    if type(old) is not type(new):
        return [f"{path}: {_short(old)} -> {_short(new)}"]
    if isinstance(old, dict):
        found = []
        for name in list(old) + [n for n in new if n not in old]:
            if name not in new:
                found.append(f"{path}.{name}: removed")
            elif name not in old:
                found.append(f"{path}.{name}: added {_short(new[name])}")
            else:
                found += differences(old[name], new[name], f"{path}.{name}")
        return found
    if isinstance(old, list):
        found = []
        for i, (a, b) in enumerate(zip(old, new)):
            found += differences(a, b, f"{path}[{i}]")
        if len(old) != len(new):
            found.append(f"{path}: length {len(old)} -> {len(new)}")
        return found
    return [] if old == new else [f"{path}: {_short(old)} -> {_short(new)}"]


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--record", type=Path, metavar="DIR", help="write every output to DIR")
    mode.add_argument("--check", type=Path, metavar="DIR", help="compare every output with DIR")
    parser.add_argument("--jobs", type=int, default=2, help="parses at once (default 2)")
    parser.add_argument("--only", default=None, help="only PDFs whose file name contains this")
    parser.add_argument("--backend", choices=BACKENDS, default=None, help="only this backend")
    args = parser.parse_args()

    tasks = [(pdf, backend) for pdf in pdfs() for backend in BACKENDS
             if (args.only is None or args.only in pdf.name) and args.backend in (None, backend)]
    directory = args.record or args.check
    if args.record:
        directory.mkdir(parents=True, exist_ok=True)
    elif not directory.is_dir():
        parser.error(f"{directory}: no recording there (make one with --record)")
    started = time.monotonic()
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = list(pool.map(lambda task: run(*task), tasks))

    counts = {"same": 0, "different": 0, "skipped": 0, "recorded": 0, "errors": 0, "missing": 0}
    for (pdf, backend), (status, text) in zip(tasks, results):
        name = key(pdf, backend)
        label = f"{pdf.name} [{backend}]"
        if args.record:
            if status == "error":
                print(f"ERROR {label}: {text}")
            # a skip or an error is recorded too, so that a check sees a change of outcome
            for stale in directory.glob(f"{name}.*"):
                stale.unlink()
            (directory / f"{name}.{status}").write_text(text, encoding="utf-8")
            counts[{"ok": "recorded", "skip": "skipped", "error": "errors"}[status]] += 1
            continue
        before = [p for p in (directory / f"{name}.{s}" for s in ("ok", "skip", "error")) if p.exists()]
        if not before:
            counts["missing"] += 1
            print(f"MISSING {label}: not in the recording")
            continue
        old_status = before[0].suffix[1:]
        old_text = before[0].read_text(encoding="utf-8")
        if old_status == "skip" and status == "skip":
            counts["skipped"] += 1
            continue
        if (old_status, old_text) == (status, text):
            counts["same"] += 1
            continue
        counts["different"] += 1
        if old_status != status:
            print(f"DIFFERENT {label}: was {old_status}, now {status}: {text[:300]}")
            continue
        if status == "error":
            print(f"DIFFERENT {label}: the error changed: {old_text[:200]} -> {text[:200]}")
            continue
        found = differences(json.loads(old_text), json.loads(text))
        print(f"DIFFERENT {label}: {len(found)} paths" + ("" if found else " (same JSON, other bytes)"))
        for line in found[:MAX_LISTED]:
            print(f"    {line}")
        if len(found) > MAX_LISTED:
            print(f"    … and {len(found) - MAX_LISTED} more")
    seconds = time.monotonic() - started
    summary = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
    print(f"{len(tasks)} parses in {seconds:.0f} s: {summary}")
    if args.check:
        return 1 if counts["different"] or counts["missing"] else 0
    return 1 if counts["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
