"""Hand-written PDFs of a few objects, byte by byte, for the special cases of the fuzz corpus.

No PDF library writes a page-tree cycle, an inverted media box or a flate bomb, so these are
assembled here: numbered objects, an xref table with the right offsets, a trailer.
"""
from __future__ import annotations

import zlib

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def assemble(objects: list[bytes], root: int = 1, tail: bytes = b"") -> bytes:
    """A PDF of ``objects`` (object i+1 is ``objects[i]``), catalog ``root``, then ``tail``."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out) + tail


def stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_content(lines: list[str], x: int = 72, y: int = 760, size: int = 12) -> bytes:
    ops = [b"BT /F1 %d Tf %d TL %d %d Td" % (size, size + 4, x, y)]
    for line in lines:
        escaped = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"(" + escaped + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


SAMPLE = [
    "Uppföljning av handlingsplan för trygghet 2023",
    "Kommunen har under året arbetat med att öka tryggheten i centrum.",
    "Andelen invånare som känner sig trygga ökade från 68 procent till 72 procent.",
    "Arbetet fortsätter under nästa år med fler insatser i bostadsområdena.",
]


def simple(pages: list[bytes], media: bytes = b"[0 0 595 842]", page_extra: list[bytes] | None = None,
           kids_override: bytes | None = None, count_override: int | None = None, tail: bytes = b"") -> bytes:
    """Catalog, page tree, font, and one page per content stream in ``pages``."""
    n = len(pages)
    page_ids = [4 + 2 * i for i in range(n)]
    kids = kids_override or b"[" + b" ".join(b"%d 0 R" % p for p in page_ids) + b"]"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids %s /Count %d >>" % (kids, n if count_override is None else count_override),
               FONT]
    for i, content in enumerate(pages):
        extra = (page_extra or [b""] * n)[i]
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R %s>>" % (media, 5 + 2 * i, extra))
        objects.append(stream(content))
    return assemble(objects, tail=tail)


def flate_bomb(megabytes: int) -> bytes:
    """One page whose content stream inflates to ``megabytes`` MB of spaces (about 1000:1)."""
    packer = zlib.compressobj(9)
    block = b" " * (1 << 20)
    data = b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", FONT,
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                     b"/Contents 5 0 R >>", content])


VOCABULARY = ("kommunen nämnden arbetet trygghet uppföljning insatser invånare skolan äldreomsorgen "
              "budget målet resultatet året planen åtgärder samverkan utveckling boende kultur "
              "fritid miljö klimat energi trafik ekonomi personal kvalitet tillgänglighet").split()


def many_pages(count: int, seed: int = 2000) -> bytes:
    """``count`` pages, each with its own few lines of seeded Swedish words (identical pages
    would be taken for running headers and left out), in about 400 bytes a page."""
    import random

    rng = random.Random(seed)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", FONT]
    kids = []
    for i in range(count):
        lines = [f"Avsnitt {i + 1}"] + [" ".join(rng.choices(VOCABULARY, k=9)).capitalize() + "."
                                        for _ in range(4)]
        kids.append(len(objects) + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % (len(objects) + 2))
        objects.append(stream(text_content(lines)))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), count)
    return assemble(objects)


def crowded_page(words: int) -> bytes:
    """One page with ``words`` words in a single text object."""
    text = b" ".join(b"ord%d" % i for i in range(words))
    content = b"BT /F1 1 Tf 10 800 Td (" + text + b") Tj ET"
    return simple([content])
