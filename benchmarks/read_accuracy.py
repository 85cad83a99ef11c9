"""How faithfully the reader reads, against labels written by hand, next to two peer readers.

For every corpus PDF (each layout variant, labels from ``corpus/sources``; the variants that
``corpus/variants/variants.json`` holds out of tuning summed apart) and every real PDF with
labels in ``tests/labels_real.json`` (written from page images before any parser output was
read), per reader:

- heading recall and precision: (number, title) of the labelled headings among the reader's
  headings (ours: sections; pymupdf4llm: Markdown ``#`` lines; pdftotext has none). A document
  title that the label marks ``is_document_title`` counts neither way;
- paragraphs whole: the share of labelled paragraphs that come out as exactly one block
  (ours: a block; the peers: a blank-line-separated paragraph), whitespace aside;
- furniture leak: running headers and footers (the labels' own lines, digits masked) found in
  the body, as whole lines (ours: blocks and titles); only lines with words that hold a number
  or run to 25 characters, since "3 (8)" or "Stadsrevisionen" can also be body text;
- word coverage: the share of the reference words found in the body (corpus: the seed text;
  real PDFs: pdftotext's text less its furniture and table-of-contents lines, so pdftotext itself
  is 1 there by construction and shown as "ref"). pdftotext's text is mended where it differs
  from what the page prints (each case checked on a page image): its whole TOC is left out (also
  leaders it reads as U+FFFD, outline numbers on lines of their own, wrapped entries), a hyphen
  it drops before "och" is put back from its ``-raw`` text, a word it leaves broken across a
  column or page break is joined, and a page number it glues to a hyphenated word is taken off.
  Real PDFs' words are compared with hyphens inside a word aside and a glued footnote number
  split off, on both sides.

    .venv/bin/python benchmarks/read_accuracy.py [--peers] [--only NAME] [--json FILE]

``--peers`` also runs pymupdf4llm (layout mode, from the benchmark-only extra: ``pip install
pymupdf4llm==1.27.2.3 pymupdf-layout==1.27.2.3``) and pdftotext (Debian poppler-utils). Neither is
ever a runtime dependency.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import labels as corpus_labels  # noqa: E402

REAL = ROOT.parent / "shared" / "real"
REAL_LABELS = ROOT / "tests" / "labels_real.json"


# -- normalising ----------------------------------------------------------------------------------

def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"[*_`]+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def heading_key(number, title: str) -> str:
    return norm(f"{number} {title}" if number else title).lower().rstrip(".:")


def masked(text: str) -> str:
    """Digits masked, a run of them as one "#": the labels write "Sid # av ###" and "# (#)" alike."""
    return re.sub(r"#+", "#", re.sub(r"\d", "#", norm(text)))


def words(text: str) -> list[str]:
    return corpus_labels.words(unicodedata.normalize("NFKC", text))


# -- the readers: each gives headings, paragraphs, lines (for leaks) and body text ----------------

class Output:
    def __init__(self, headings: list[str] | None, paragraphs: list[str], lines: list[str], body: str):
        self.headings, self.paragraphs, self.lines, self.body = headings, paragraphs, lines, body


def ours(pdf: Path) -> Output:
    from rapportanalys.read import read_pdf
    from rapportanalys.structure import build_report

    report = build_report(read_pdf(pdf))
    headings = [heading_key(s.number, s.title) for s in report.sections]
    paragraphs = [norm(b.text) for b in report.blocks]
    lines = paragraphs + [norm(f"{s.number or ''} {s.title}") for s in report.sections]
    # the document's title is read too, into metadata (the cover's title is not a block), and a
    # list item's printed marker ("1.") into its block's marker
    body = "\n".join(lines + [report.metadata.title or ""] + [b.marker for b in report.blocks if b.marker])
    return Output(headings, paragraphs, lines, body)


def _paragraphs_of_text(text: str) -> list[str]:
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        joined = ""
        for line in chunk.splitlines():
            line = line.strip()
            if not line:
                continue
            if joined.endswith("-") and line[:1].islower():
                joined = joined[:-1] + line
            else:
                joined = f"{joined} {line}".strip()
        if joined:
            out.append(norm(joined))
    return out


def pdftotext(pdf: Path) -> Output:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout.replace("\f", "\n\n")
    return Output(None, _paragraphs_of_text(text), [norm(l) for l in text.splitlines()], text)


def pymupdf4llm(pdf: Path) -> Output:
    import pymupdf.layout  # noqa: F401  (switches pymupdf4llm to its layout mode)
    import pymupdf4llm as p4

    md = p4.to_markdown(str(pdf), header=False, footer=False, use_ocr=False, show_progress=False)
    headings, paragraphs, lines = [], [], []
    for chunk in re.split(r"\n\s*\n", md):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("#"):
            for line in chunk.splitlines():
                headings.append(heading_key(None, line.lstrip("#")))
            continue
        chunk = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", chunk)
        paragraphs += _paragraphs_of_text(chunk)
    lines = [norm(l.lstrip("#")) for l in md.splitlines()]
    return Output(headings, paragraphs, lines, md)


READERS = {"ours": ours, "pymupdf4llm": pymupdf4llm, "pdftotext": pdftotext}


# -- the material ----------------------------------------------------------------------------------

class Case:
    def __init__(self, name, pdf, headings, optional, paragraphs, furniture, reference, kind, printed=()):
        self.name, self.pdf, self.kind, self.printed = name, pdf, kind, list(printed)
        self.headings, self.optional = headings, optional
        self.paragraphs, self.furniture, self.reference = paragraphs, furniture, reference


_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|www\.)[^)\s]*\)")


def seed_as_printed(seed: str) -> str:
    """A seed's text as the corpus PDF prints it, for the corpus's coverage reference.

    Two things in a seed are its converter's, not the page's (corpus/sources say so): a link
    written in Markdown, "[kalmar.se](http://kalmar.se)", is printed as its text only ("kalmar.se",
    Kalmar's source); and a table's header row ("Aktivitet\tKommentar") stands again wherever
    the original PDF's page broke inside the table. The corpus PDF breaks its pages elsewhere, and
    the reader keeps a header row once per table (a repeat on a later page is page furniture of
    the table, ``structure/tables.py``), so the reference keeps it once per table too: a table is
    a run of lines holding tab-separated cells, and a repeat of its first line inside it is left
    out.
    """
    out: list[str] = []
    header = None
    for line in _LINK.sub(r"\1", seed).splitlines():
        if "\t" not in line:
            if line.strip():
                header = None  # a heading or paragraph ends the table
            out.append(line)
            continue
        if header is None:
            header = line
        elif line == header:
            continue
        out.append(line)
    return "\n".join(out)


def corpus_cases() -> list[Case]:
    cases = []
    listing = getattr(corpus_labels, "all_cases", None)
    pairs = listing() if listing else [(l.name, l.pdf, l) for l in corpus_labels.all_labels()]
    for name, pdf, label in pairs:
        if not Path(pdf).exists():
            continue
        headings = [heading_key(h.number, h.title) for h in label.headings]
        paragraphs = [norm(p) for p in label.paragraphs + label.cut_paragraphs]
        furniture = [masked(label.meta[k]) for k in ("header", "footer") if label.meta.get(k)]
        seed = seed_as_printed(corpus_labels.seed_body(label.seed.read_text(encoding="utf-8"))) \
            if label.seed.exists() else ""
        printed = [h.title for h in label.headings] + [f"{h.number} {h.title}" for h in label.headings if h.number]
        kind = "held-out" if getattr(label, "held_out", False) else "corpus"
        cases.append(Case(name, Path(pdf), headings, set(), paragraphs, furniture, words(seed), kind,
                          printed + label.other_text))
    return cases


_TOC_LINE = re.compile(r"[.·…_\ufffd\x08\s]{3,}\d{1,3}\s*$")
# What pdftotext makes of a table of contents, as the pages show it: dot leaders, also where their
# glyph has no Unicode and comes out as U+FFFD (Göteborg's årsredogörelse 2023 p3); the title
# "Innehåll"; the outline numbers and page numbers that pdftotext puts on lines of their own
# (Söderköping p2: "3.1.1" / "Mål 6: … ....... 5"); and the first line of an entry that wraps.
_LEADER = re.compile(r"(?:[.·…_\ufffd]\s?){3,}[\s\x08]*\d{0,3}\s*$")
_TOC_TITLE = re.compile(r"^\s*(innehåll|innehållsförteckning|contents)\s*$", re.I)
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}(?:\.\d{1,2})*\.?\s*$")


def _toc_free(page: str) -> list[str]:
    """The lines of one page of pdftotext's text that are not its table of contents."""
    lines = page.splitlines()
    leaders = [i for i, l in enumerate(lines) if _LEADER.search(l)]
    if not (any(_TOC_TITLE.match(l) for l in lines) or len(leaders) >= 5):
        return [l for l in lines if not _TOC_LINE.search(l)]
    toc = {i for i, l in enumerate(lines) if _TOC_TITLE.match(l) or _BARE_NUMBER.match(l)} | set(leaders)
    filled = [i for i, l in enumerate(lines) if l.strip()]
    for a, b in zip(filled, filled[1:]):
        # a wrapped entry's first line: inside the TOC (after one of its lines), before a leader line
        before = [i for i in filled if i < a]
        if b in leaders and a not in toc and before and before[-1] in toc:
            toc.add(a)
    return [l for i, l in enumerate(lines) if i not in toc]


# After a line-end hyphen, these words show a shortened compound ("vård-" / "och omsorgsnämnden"):
# the hyphen is printed and the words stay apart.
_CONJUNCTIONS = ("och", "eller", "samt", "respektive", "till", "som")


def _hyphens_restored(pdf: Path, text: str) -> str:
    """pdftotext joins a word broken at a line-end hyphen and drops the hyphen, also where the
    page prints a shortened compound ("vård-" / "och omsorgsnämnden" comes out "vårdoch
    omsorgsnämnden", Göteborg's årsredogörelse 2023 p10). Its ``-raw`` text keeps the line ends:
    each "X-" there before one of these words is put back as "X- och"."""
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True).stdout
    pairs = set(re.findall(rf"(\w+)-\n({'|'.join(_CONJUNCTIONS)})\b", raw))
    for head, tail in pairs:
        text = re.sub(rf"\b{re.escape(head)}{tail}\b", f"{head}- {tail}", text)
    return text


def _hyphens_joined(lines: list[str]) -> list[str]:
    """A word broken at a line-end hyphen and continued after a column or page break (and the
    furniture or blank lines between), which pdftotext leaves in two ("Göte-" / "borgs"), is
    written whole again, hyphen kept: coverage compares the real PDFs' words hyphens aside, as
    the text cannot tell a printed hyphen from a hyphenation."""
    out: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and line[:1].islower() and line.split()[0] not in _CONJUNCTIONS:
            # pdftotext joins "lönsam-" at a column's foot with the footer's page number on that
            # line, hyphen dropped ("lönsam4" / … / "ma", årsredogörelse 2022 p6; the page prints
            # "lönsam-" / "ma" and the page number "4" in the footer): the number is furniture
            # (not after a capital or a short word: "CO2", "m2")
            out[-1] = re.sub(r"(?<=[a-zåäöé]{3})\d{1,3}$", "-", out[-1])
        if out and re.search(r"\w-$", out[-1]) and line[:1].isalnum() and line.split()[0] not in _CONJUNCTIONS:
            out[-1] = out[-1] + line
        else:
            out.append(line)
    return out


def coverage_words(ws: list[str], kind: str) -> list[str]:
    """Words as coverage counts them. For real PDFs, hyphens inside a word aside (pdftotext's
    text cannot tell "va-taxan" printed from "bo-lagets" hyphenated), and a footnote number
    glued to its word split off (the page sets it raised: pdftotext gives "AB1" or
    "överenskommelsen 2" for the same mark)."""
    if kind != "real":
        return ws
    out = []
    for w in ws:
        w = re.sub(r"(?<=\w)-(?=\w)", "", w)
        m = re.fullmatch(r"([^\W\d_]{2,})(\d{1,2})", w)
        out += [m.group(1), m.group(2)] if m else [w]
    return out


def real_cases() -> list[Case]:
    if not REAL_LABELS.exists() or not REAL.exists():
        return []
    data = json.loads(REAL_LABELS.read_text(encoding="utf-8"))
    cases = []
    for name, label in data.items():
        pdf = REAL / name
        if not label.get("paragraphs") or not pdf.exists():
            continue
        furniture = [masked(f) for f in label.get("furniture", [])]
        text = _hyphens_restored(pdf, subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                                     capture_output=True, text=True).stdout)
        kept = _hyphens_joined([l for page in text.split("\f") for l in _toc_free(page)
                                if masked(l) not in set(furniture)])
        headings = [heading_key(h["number"], h["title"]) for h in label.get("headings", [])] \
            if "headings" in label else None
        optional = {heading_key(h["number"], h["title"]) for h in label.get("headings", [])
                    if h.get("is_document_title")}
        optional |= {heading_key(h.get("number"), h["title"]) if isinstance(h, dict) else heading_key(None, h)
                     for h in label.get("headings_ambiguous", [])}
        paragraphs = [norm(p["text"]) for p in label["paragraphs"]]
        printed = [h["title"] for h in label.get("headings", label.get("headings_partial", []))]
        cases.append(Case(name, pdf, headings, optional, paragraphs, furniture, words("\n".join(kept)), "real",
                          printed))
    return cases


# -- scoring ----------------------------------------------------------------------------------------

def score(case: Case, out: Output, reader: str) -> dict:
    row: dict = {}
    if case.headings is not None and out.headings is not None:
        want = Counter(h for h in case.headings if h not in case.optional)
        got = Counter(h for h in out.headings if h not in case.optional)
        hit = sum((want & got).values())
        row["h_recall"] = hit / max(1, sum(want.values()))
        row["h_precision"] = hit / max(1, sum(got.values()))
    found = Counter(out.paragraphs)
    row["para_whole"] = sum(1 for p in case.paragraphs if found[p]) / max(1, len(case.paragraphs))
    # whole furniture lines that cannot be body text: a page-number line with words, or a long one
    keys = [k for k in case.furniture if any(ch.isalpha() for ch in k) and ("#" in k or len(k) >= 25)]
    # a header that repeats the title may stand once as the title heading itself
    allowed = Counter(masked(t) for t in case.printed if masked(t) in keys)
    if case.headings is None and out.headings:
        # no heading labels: a part's title on its own cover page that its footer repeats
        # ("Årsrapport för 2023", the årsredogörelse 2023 p30, checked on the page image) may
        # stand once as a heading
        allowed |= Counter(k for k in keys if any(masked(h) == k.lower() for h in out.headings))
    row["leak"] = sum((Counter(masked(l) for l in out.lines if masked(l) in keys) - allowed).values())
    if reader == "pdftotext" and case.kind == "real":
        row["coverage"] = None  # the reference itself
    else:
        ref, got = Counter(coverage_words(case.reference, case.kind)), Counter(coverage_words(words(out.body), case.kind))
        row["coverage"] = sum((ref & got).values()) / max(1, sum(ref.values()))
    return row


def _fmt(v) -> str:
    if v is None:
        return "   ref"
    if isinstance(v, int):
        return f"{v:6d}"
    return f"{100 * v:6.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--peers", action="store_true", help="also run pymupdf4llm and pdftotext")
    ap.add_argument("--only", help="only cases whose name contains this")
    ap.add_argument("--json", help="write every row to this file")
    args = ap.parse_args()
    readers = list(READERS) if args.peers else ["ours"]
    cases = [c for c in corpus_cases() + real_cases() if not args.only or args.only in c.name]
    rows = []
    cols = ["h_recall", "h_precision", "para_whole", "leak", "coverage"]
    print(f"{'document':58} {'reader':11} " + " ".join(f"{c[:6]:>6}" for c in cols) + "   secs")
    for case in cases:
        for reader in readers:
            t = time.perf_counter()
            try:
                out = READERS[reader](case.pdf)
            except Exception as exc:  # a peer that fails on a file is reported, not fatal
                print(f"{case.name[:58]:58} {reader:11} failed: {type(exc).__name__}: {exc}"[:160])
                continue
            row = {"document": case.name, "kind": case.kind, "reader": reader, **score(case, out, reader),
                   "secs": time.perf_counter() - t}
            rows.append(row)
            print(f"{case.name[:58]:58} {reader:11} " + " ".join(
                _fmt(row.get(c)) if c in row else "     –" for c in cols) + f" {row['secs']:6.1f}")
    print()
    for kind in ("corpus", "held-out", "real"):
        for reader in readers:
            rs = [r for r in rows if r["kind"] == kind and r["reader"] == reader]
            if not rs:
                continue
            summary = []
            for c in cols:
                vals = [r[c] for r in rs if r.get(c) is not None]
                if not vals:
                    summary.append("     –")
                elif c == "leak":
                    summary.append(f"{sum(vals):6d}")
                else:
                    summary.append(f"{100 * sum(vals) / len(vals):6.1f}")
            print(f"{'MEAN ' + kind + f' ({len(rs)} documents)':58} {reader:11} " + " ".join(summary))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
