"""Read the hand-written labels of the sample corpus (``corpus/sources/*.txt``, see FORMAT.md).

The source files are what the sample PDFs were rendered from, written by reading the seed
texts; here they are the expected answer: the section tree, the paragraphs and list items, the
table rows, and the running header/footer that must not appear in any block.

Every layout variant (``corpus/variants/variants.json``, corpus/README.md) is labelled by its
effective source ``corpus/variants/<base>.<variant>.txt``, which the build writes from the base
source: the same words, read by the same rules. Layout options never change a label; the one
change of markup (the Kalmar template questions as numbered list items) makes them list items in
that label, exactly as a ``1. …`` line is in any source.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "corpus" / "sources"
VARIANTS = ROOT / "corpus" / "variants"
SEEDS = ROOT.parent / "shared" / "seeds"

_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
_LIST = re.compile(r"^(\s*)(?:- |\d{1,2}\. )(.*)$")


@dataclass
class Heading:
    level: int
    number: str | None
    title: str


@dataclass
class Label:
    name: str
    meta: dict[str, str]
    path: Path | None = None
    headings: list[Heading] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # body paragraphs and list items
    cut_paragraphs: list[str] = field(default_factory=list)  # forced across a page break
    table_rows: list[list[str]] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    other_text: list[str] = field(default_factory=list)  # cover, memo fields, signatures

    @property
    def pdf(self) -> Path:
        """Beside corpus/ for a base source; beside its source for a variant."""
        if self.path is None or self.path.parent == SOURCES:
            return ROOT / "corpus" / f"{self.name}.pdf"
        return self.path.with_suffix(".pdf")

    @property
    def base(self) -> str:
        """The base source a variant is rendered from (a base source is its own)."""
        return self.meta.get("base", self.name)

    @property
    def variant(self) -> str | None:
        return self.meta.get("variant")

    @property
    def held_out(self) -> bool:
        """A variant kept out of tuning the reader (variants.json)."""
        return bool(self.variant) and _held_out().get(f"{self.base}.{self.variant}", False)

    @property
    def seed(self) -> Path:
        return SEEDS / self.meta["seed"]


def plain(text: str) -> str:
    """Markup → printed text: emphasis marks dropped, footnote references as printed. The
    renderer prints a reference as the superscript digits written before it ("procent¹[^1]"),
    else as its id in superscript (Lekeberg's "medborgarlöften*[^1]" prints "medborgarlöften*¹")."""
    text = re.sub(r"(?<![⁰¹²³⁴⁵⁶⁷⁸⁹])\[\^(\d+)\]", lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
    text = re.sub(r"\[\^\d+\]", "", text)
    text = text.replace("**", "").replace("*", "") if "*" in text else text
    return re.sub(r"\s+", " ", text).strip()


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def load(path: Path) -> Label:
    lines = path.read_text(encoding="utf-8").splitlines()
    meta: dict[str, str] = {}
    i = 0
    if lines and lines[0].strip() == "---":
        i = 1
        while lines[i].strip() != "---":
            key, _, value = lines[i].partition(":")
            meta[key.strip()] = value.strip()
            i += 1
        i += 1
    label = Label(name=path.stem, meta=meta, path=path)
    block: list[str] = []
    cut_next = False
    in_table = in_special = False

    def flush():
        nonlocal block, cut_next
        if not block:
            return
        if all(_LIST.match(l) for l in block):
            label.paragraphs += [plain(_LIST.match(l).group(2)) for l in block]
        else:
            text = plain(" ".join(block))
            label.paragraphs.append(text)
            if cut_next:
                label.cut_paragraphs.append(text)
        cut_next = False
        block = []

    for raw in lines[i:]:
        line = raw.rstrip()
        if line.startswith("%"):
            if "page break falls inside the next paragraph" in line:
                cut_next = True
            continue
        if in_table:
            if line.startswith("[/table]"):
                in_table = False
            elif line.startswith("|"):
                label.table_rows.append([plain(c) for c in line.strip().strip("|").split(" | ")])
            continue
        if in_special:
            if line.startswith("[/"):
                in_special = False
            elif line.strip():
                label.other_text.append(plain(line.split(":", 1)[-1] if in_special != "signature" else line))
            continue
        if line.startswith("[table"):
            flush()
            in_table = True
            continue
        if line.startswith(("[cover]", "[fields]", "[signature]")):
            flush()
            in_special = line[1:line.index("]")]
            continue
        if line.startswith("[^"):
            flush()
            label.footnotes.append(plain(line.split(":", 1)[1]))
            continue
        if line.startswith("["):
            flush()
            continue
        m = _HEADING.match(line)
        if m:
            flush()
            text = plain(m.group(2))
            n = _NUMBER.match(text)
            number, title = (n.group(1), n.group(2)) if n and int(n.group(1).split(".")[0]) <= 40 else (None, text)
            label.headings.append(Heading(len(m.group(1)), number, title))
            continue
        if not line.strip():
            flush()
            continue
        if block and _LIST.match(line) and not all(_LIST.match(l) for l in block):
            flush()
        block.append(line)
    flush()
    return label


def base_labels() -> list[Label]:
    return [load(p) for p in sorted(SOURCES.glob("*.txt"))]


def variant_labels() -> list[Label]:
    return [load(p) for p in sorted(VARIANTS.glob("*.txt"))]


def all_labels() -> list[Label]:
    """Every corpus PDF's label: the five base sources, then every layout variant."""
    return base_labels() + variant_labels()


def labels_of(base: str) -> list[Label]:
    """The base source's label and its variants'."""
    return [label for label in all_labels() if label.base == base]


def _held_out() -> dict[str, bool]:
    manifest = VARIANTS / "variants.json"
    if not manifest.exists():
        return {}
    entries = json.loads(manifest.read_text(encoding="utf-8"))["variants"]
    return {f"{e['base']}.{e['name']}": bool(e.get("held_out")) for e in entries}


_TOC_TITLE = re.compile(r"^[#\s]*(innehåll|innehållsförteckning)\s*$", re.I)
_TOC_LINE = re.compile(r"(\d{1,3}\s*$)|^\s*\*.*\*\s*$|^\s*-{3,}\s*$|^\s*$")
_ENGLISH = {"the", "is", "of", "with", "are", "an", "a", "on"}


def seed_body(text: str) -> str:
    """The seed's document text: without its table of contents (not body text, INTERFACE.md)
    and without the converter's English descriptions of images ("A large, white, stylized …")."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if _TOC_TITLE.match(line):
            i += 1
            while i < len(lines) and _TOC_LINE.search(lines[i]):
                i += 1
            continue
        if sum(w in _ENGLISH for w in line.lower().split()) >= 4:
            i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


_WORD = re.compile(r"[\wåäöÅÄÖéü]+(?:[-–/][\wåäöÅÄÖéü]+)*", re.U)


def words(text: str) -> list[str]:
    """Words for coverage counts: lower case, punctuation and superscript markers dropped."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]", " ", text)
    return [w.lower() for w in _WORD.findall(text)]
