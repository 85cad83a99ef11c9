"""A cheap scan of the raw bytes for flate bombs, without inflating a stream into memory.

pdfminer and pdfium inflate a content stream whole, in memory: a 4 MB file can hold a stream
that inflates to 4 GB. Here every ``stream`` keyword of the file is found with a regular
expression over a memory map (the file is never read into memory), and each flate stream is
inflated **in bounded steps, counting and discarding the output**, until it ends or passes the
bound. So the check costs one ``zlib`` pass over the compressed data (about a second for a
1 GB bomb, cut at the bound long before that) and constant memory. It does not parse the PDF:
``/Length`` can be an indirect or a wrong number in a damaged file, so the stream's own end
(zlib's end marker) is used instead.

Image streams (``/Subtype /Image``) are skipped: neither reader inflates them to get text.

It runs before any reader opens the file: first in pdfium's child process
(:func:`rapportanalys.read.checks.first_look`), before pdfium opens it, so that the scan overlaps
the parent's spaCy load instead of delaying the fork; in the parent when that child died or
timed out first (:func:`rapportanalys.read.read_pdf`). Run in the parent *while* pdfium read in
the child, the child, held only by its address-space cap, inflated a 1 GiB bomb to 270-500 MB
resident before the scan could kill it.
"""
from __future__ import annotations

import mmap
import os
import re
import zlib

from .. import errors
from .bounds import MB, Bounds

# the ``stream`` keyword and its line end; one right after "end" (``endstream``) is skipped by
# :func:`stream_starts`. A lookbehind ``(?<!end)`` in the pattern finds the same, but a pattern that
# starts with one is tried at every byte of the file (0.05 s for a 2.8 MB file): one that starts
# with a literal is searched for (0.002 s).
_STREAM = re.compile(rb"stream\r?\n")
_STEP = 1 << 20  # bytes of output per inflate step


def check_streams(path: str | os.PathLike, bounds: Bounds) -> None:
    """Raise :class:`~rapportanalys.errors.TooLargeDecompressed` when one flate stream inflates
    past ``max_stream_mb`` or all of them together past ``max_decompressed_mb``."""
    per_stream, total = int(bounds.max_stream_mb * MB), int(bounds.max_decompressed_mb * MB)
    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size == 0:
            return
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            inflated = 0
            for start, end in stream_starts(data):
                head = data[max(0, start - 1024):start]
                head = head[head.rfind(b"obj") + 1:]  # the stream's own dictionary
                if b"/Fl" not in head or re.search(rb"/Subtype\s*/Image", head):
                    continue
                size = inflated_size(data, end, per_stream)
                if size > per_stream:
                    raise errors.TooLargeDecompressed(
                        path, f"a stream inflates past {bounds.max_stream_mb:,.0f} MB")
                inflated += size
                if inflated > total:
                    raise errors.TooLargeDecompressed(
                        path, f"its streams inflate past {bounds.max_decompressed_mb:,.0f} MB")


def stream_starts(data):
    """(start, end) of each ``stream`` keyword with its line end in ``data``, ``endstream`` left out."""
    for match in _STREAM.finditer(data):
        start = match.start()
        if start >= 3 and data[start - 3:start] == b"end":
            continue
        yield start, match.end()


def inflated_size(data, start: int, limit: int) -> int:
    """Bytes the zlib stream at ``data[start:]`` inflates to, counted up to just past ``limit``."""
    inflater = zlib.decompressobj()
    size, pos = 0, start
    try:
        while pos < len(data) and not inflater.eof and size <= limit:
            chunk = data[pos:pos + 65536]
            pos += len(chunk)
            size += len(inflater.decompress(chunk, _STEP))
            while inflater.unconsumed_tail and size <= limit:
                size += len(inflater.decompress(inflater.unconsumed_tail, _STEP))
    except zlib.error:  # not zlib data, or damaged: the reader will say so if it matters
        pass
    return size
