"""Is ``parse`` output unchanged? Record it once, check it after a change.

Speed work must not change what ``parse`` says: this records ``rapportanalys parse --format json``
of every corpus PDF (``corpus/*.pdf``, ``corpus/variants/*.pdf``) and every text-layer PDF of
``../shared/real`` with both page readers (``--backend pdfium`` and ``--backend pdfplumber``),
each in its own process through the CLI (exactly what a user runs), and on ``--check`` runs the
same again and lists every difference: a file whose output changed (with the first differing
JSON paths), a file that failed, and a file recorded but no longer there or new.

    python benchmarks/parse_identity.py --record DIR   # on the base commit
    python benchmarks/parse_identity.py --check DIR    # after the change; exit 1 on any difference

``--ocr never`` by default: the scanned PDF of ``../shared/real`` is left out as the parity test
leaves it out, and the few scanned pages at the end of some text-layer PDFs are not OCR'd (OCR is
seconds per page and depends on the OCR cache); ``--ocr auto`` reads them too. ``--jobs`` runs
that many parses at once (default 2, the cores of the shared machine).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
# the scan without a text layer (tests/test_backend_parity.py leaves it out too)
NO_TEXT_LAYER = {"goteborg_stadsrevisionen_rapportsammandrag_arbetet_mot_hedersrelaterat_vald_och_fortryck_2023.pdf"}
BACKENDS = ("pdfium", "pdfplumber")


def pdfs() -> list[Path]:
    corpus = sorted((ROOT / "corpus").glob("*.pdf")) + sorted((ROOT / "corpus" / "variants").glob("*.pdf"))
    real = sorted(p for p in REAL.glob("*.pdf") if p.name not in NO_TEXT_LAYER) if REAL.is_dir() else []
    return corpus + real


def key(pdf: Path, backend: str) -> str:
    """The recorded file's name: the PDF's path below the project (or shared/real) and the reader."""
    where = "real" if pdf.parent == REAL else str(pdf.parent.relative_to(ROOT)).replace("/", "_")
    return f"{where}__{pdf.stem}__{backend}.json"


def parse(pdf: Path, backend: str, ocr: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one ``parse --format json`` (the path as given, relative
    to the project where it can be, so that ``source.path`` is the same in every worktree)."""
    try:
        arg = str(pdf.relative_to(ROOT))
    except ValueError:
        arg = str(pdf)
    proc = subprocess.run([sys.executable, "-m", "rapportanalys.cli", "parse", arg, "--format", "json",
                           "--backend", backend, "--ocr", ocr], cwd=ROOT, capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def run_all(ocr: str, jobs: int) -> dict[str, tuple[int, str, str]]:
    tasks = [(pdf, backend) for pdf in pdfs() for backend in BACKENDS]
    with ThreadPoolExecutor(jobs) as pool:
        outs = list(pool.map(lambda t: parse(t[0], t[1], ocr), tasks))
    return {key(pdf, backend): out for (pdf, backend), out in zip(tasks, outs)}


def first_differences(old, new, path: str = "$", limit: int = 5) -> list[str]:
    """Up to ``limit`` JSON paths where ``old`` and ``new`` differ, with both values shortened."""
    found: list[str] = []

    def walk(a, b, where):
        if len(found) >= limit:
            return
        if type(a) is not type(b):
            found.append(f"{where}: {short(a)} -> {short(b)}")
        elif isinstance(a, dict):
            for k in list(a) + [k for k in b if k not in a]:
                if k not in a or k not in b:
                    found.append(f"{where}.{k}: {'missing' if k not in a else short(a[k])} -> "
                                 f"{'missing' if k not in b else short(b[k])}")
                else:
                    walk(a[k], b[k], f"{where}.{k}")
                if len(found) >= limit:
                    return
            if list(a) != list(b) and not found:
                found.append(f"{where}: key order {list(a)[:8]} -> {list(b)[:8]}")
        elif isinstance(a, list):
            if len(a) != len(b):
                found.append(f"{where}: {len(a)} items -> {len(b)} items")
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{where}[{i}]")
                if len(found) >= limit:
                    return
        elif a != b:
            found.append(f"{where}: {short(a)} -> {short(b)}")

    walk(old, new, path)
    return found


def short(value, width: int = 100) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[:width] + "…"


def record(folder: Path, ocr: str, jobs: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name, (code, out, err) in run_all(ocr, jobs).items():
        # a failure is recorded as what it is (exit code and message): a check must fail the same way
        (folder / name).write_text(out if code == 0 else json.dumps({"exit": code, "stderr": err}) + "\n")
        if code != 0:
            failed += 1
            print(f"{name}: exit {code}: {err.strip()[:200]}")
    total = len(list(folder.glob("*.json")))
    print(f"recorded {total} outputs in {folder} ({failed} failures recorded as such), --ocr {ocr}")
    return 0


def check(folder: Path, ocr: str, jobs: int) -> int:
    recorded = {p.name: p.read_text() for p in folder.glob("*.json")}
    if not recorded:
        print(f"{folder}: nothing recorded")
        return 2
    now = run_all(ocr, jobs)
    problems = []
    for name in sorted(set(recorded) | set(now)):
        if name not in now:
            problems.append(f"{name}: recorded, but its PDF is no longer checked")
            continue
        code, out, err = now[name]
        text = out if code == 0 else json.dumps({"exit": code, "stderr": err}) + "\n"
        if name not in recorded:
            problems.append(f"{name}: new (not recorded)")
        elif text != recorded[name]:
            try:
                where = first_differences(json.loads(recorded[name]), json.loads(text))
            except json.JSONDecodeError:
                where = []
            problems.append(f"{name}: differs" + "".join(f"\n    {w}" for w in where or ["(byte order only)"]))
    for p in problems:
        print(p)
    print(f"{len(now)} outputs checked against {folder} (--ocr {ocr}): "
          + ("all byte-identical" if not problems else f"{len(problems)} differ"))
    return 1 if problems else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--record", type=Path, metavar="DIR", help="write every output to DIR")
    mode.add_argument("--check", type=Path, metavar="DIR", help="compare every output with DIR's")
    ap.add_argument("--ocr", choices=["auto", "always", "never"], default="never")
    ap.add_argument("--jobs", type=int, default=2, help="parses at once")
    args = ap.parse_args()
    if args.record:
        sys.exit(record(args.record, args.ocr, args.jobs))
    sys.exit(check(args.check, args.ocr, args.jobs))


if __name__ == "__main__":
    main()
