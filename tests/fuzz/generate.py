"""The seeded fuzz corpus: mutants of the sample PDFs and hand-made special cases.

``mutants(seed, n)`` and ``special_cases()`` give :class:`Case` objects; ``Case.write(folder)``
puts one on disk (a file, or a FIFO, a link to /dev/zero, a symlink loop) and returns its path.
The same seed gives the same corpus, so a failure found by ``benchmarks/fuzz.py`` can be
replayed by name. Used by ``tests/test_fuzz.py`` (a small sample) and ``benchmarks/fuzz.py``.
"""
from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

from . import pdfs

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "corpus").glob("*.pdf"))


@dataclass
class Case:
    name: str  # file name, may hold any bytes but "/" and NUL (as os.fsdecode gives them)
    data: bytes = b""
    special: str = "file"  # file | fifo | devzero | loop
    expect: str = "any"  # ok (must read) | error (must refuse) | any

    def write(self, folder: Path) -> Path:
        path = Path(os.fsdecode(os.path.join(os.fsencode(str(folder)), os.fsencode(self.name))))
        if self.special == "fifo":
            os.mkfifo(path)
        elif self.special == "devzero":
            os.symlink("/dev/zero", path)
        elif self.special == "loop":
            os.symlink(path.name, path)
        else:
            path.write_bytes(self.data)
        return path


# -- mutants -------------------------------------------------------------------------------------
def _truncate(rng, data):
    return data[: rng.randrange(len(data) // 10, len(data))] + (b"\n%%EOF\n" if rng.random() < 0.5 else b"")


def _flip(rng, data):
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _zero(rng, data):
    out = bytearray(data)
    start, size = rng.randrange(len(out)), rng.choice([16, 64, 512, 4096])
    out[start:start + size] = bytes(min(size, len(out) - start))
    return bytes(out)


def _duplicate(rng, data):
    objects = [m.span() for m in re.finditer(rb"\n\d+ 0 obj.{0,20000}?endobj", data, re.S)]
    if not objects:
        return _flip(rng, data)
    start, end = rng.choice(objects)
    at = rng.choice(objects)[0]
    return data[:at] + data[start:end] + data[at:]


def _extreme(rng, data):
    numbers = [m.span() for m in re.finditer(rb"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])", data[:2_000_000])]
    if not numbers:
        return _flip(rng, data)
    out = data
    for start, end in sorted(rng.sample(numbers, min(len(numbers), rng.randint(1, 3))), reverse=True):
        value = rng.choice([b"99999999999999999999", b"-2147483649", b"1e308", b"0", b"-1", b"4294967296",
                            b"3.4e38", b"-0.0000001", b"65536"])
        out = out[:start] + value + out[end:]
    return out


def _xref(rng, data):
    at = data.rfind(b"startxref")
    if at < 0:
        return _flip(rng, data)
    choice = rng.random()
    if choice < 0.4:  # startxref points elsewhere
        return data[:at] + b"startxref\n%d\n%%%%EOF\n" % rng.randrange(len(data))
    xref = data.rfind(b"xref", 0, at)
    region = slice(max(0, xref), at) if xref >= 0 else slice(at - 2000, at)
    out = bytearray(data)
    for _ in range(rng.randint(1, 10)):
        i = rng.randrange(region.start, max(region.start + 1, region.stop))
        if i < len(out) and chr(out[i]).isdigit():
            out[i] = ord(str(rng.randrange(10)))
    return bytes(out)


MUTATIONS = {"truncate": _truncate, "flip": _flip, "zero": _zero, "duplicate": _duplicate,
             "extreme": _extreme, "xref": _xref}


def mutants(seed: int, count: int, sources: list[Path] | None = None):
    """``count`` mutants, each of one source PDF by one or two mutations, from ``seed``."""
    rng = random.Random(seed)
    sources = sources or SOURCES
    cache: dict[Path, bytes] = {}
    for i in range(count):
        source = rng.choice(sources)
        data = cache.setdefault(source, source.read_bytes())
        kinds = rng.sample(sorted(MUTATIONS), rng.choice([1, 1, 2]))
        for kind in kinds:
            data = MUTATIONS[kind](rng, data)
        yield Case(f"m{seed}-{i:04d}-{'+'.join(kinds)}-{source.stem[:20]}.pdf", data)


# -- special cases -------------------------------------------------------------------------------
def special_cases(bomb_mb: int = 600) -> list[Case]:
    text = pdfs.text_content(pdfs.SAMPLE)
    good = pdfs.simple([text])
    deep = b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 50000 + b"]" * 50000 + b" >>"
    cases = [
        Case("flate-bomb.pdf", pdfs.flate_bomb(bomb_mb), expect="error"),
        Case("deep-nesting.pdf", pdfs.assemble([deep, b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", pdfs.FONT,
                                                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                                                b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
                                                pdfs.stream(text)])),
        Case("page-tree-cycle.pdf", pdfs.simple([text], kids_override=b"[2 0 R 4 0 R]")),
        Case("huge-mediabox.pdf", pdfs.simple([text], media=b"[0 0 1e30 1e30]")),
        Case("inverted-mediabox.pdf", pdfs.simple([text], media=b"[595 842 0 0]")),
        Case("zero-pages.pdf", pdfs.simple([], kids_override=b"[]"), expect="error"),
        Case("pages-2000.pdf", pdfs.many_pages(2000), expect="ok"),
        # pdfplumber sees all 100,000 words (refused: past the words bound); pdfium's text page
        # keeps those near the page (read), so either outcome is right, within the bounds
        Case("crowded-page.pdf", pdfs.crowded_page(100_000), expect="any"),
        Case("after-eof.pdf", good + b"x" * 5000, expect="ok"),
        Case("rotate-90.pdf", pdfs.simple([text], page_extra=[b"/Rotate 90 "]), expect="ok"),
        Case("rotate-180.pdf", pdfs.simple([text], page_extra=[b"/Rotate 180 "]), expect="ok"),
        Case("rotate-270.pdf", pdfs.simple([text], page_extra=[b"/Rotate 270 "]), expect="ok"),
        Case("name-newline\nrapport.pdf", good, expect="ok"),
        Case("name-escape-\x1b[31mröd\x1b[0m.pdf", good, expect="ok"),
        Case(os.fsdecode(b"name-latin1-\xe5\xe4\xf6.pdf"), good, expect="ok"),
        Case("fifo.pdf", special="fifo", expect="error"),
        Case("dev-zero.pdf", special="devzero", expect="error"),
        Case("symlink-loop.pdf", special="loop", expect="error"),
    ]
    return cases
