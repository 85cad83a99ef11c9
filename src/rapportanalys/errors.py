"""Named errors with the one-line message a user sees.

The CLI prints ``rapportanalys: FILE: message`` and exits with :attr:`exit_code`; a batch
(``ingest``) records the same message in its ``errors`` table and goes on. Every bad input the
reader can meet has its own class, so callers can catch exactly what they handle.
"""
from __future__ import annotations

import os
import unicodedata

MAX_LINE = 300  # characters of one error line: a raw PDF object in a message stays short


def display_name(path: str | bytes | os.PathLike) -> str:
    """``path`` as one safe line of valid UTF-8: what error lines print and the database stores.

    A file name is bytes on Linux. Bytes that are not UTF-8 (kept by Python as lone surrogates)
    would make DuckDB, JSON and the terminal fail, and a newline or an escape sequence in a name
    would split an error line or reach the terminal. Each such character is written as a
    backslash escape (``\\x80``, ``\\n``, ``\\x1b``); every other name is unchanged, so the
    same file always gets the same safe name.
    """
    text = os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else str(path)
    if text.isprintable():  # the usual case; lone surrogates and controls are not printable
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as surrogateescape keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(repr(ch)[1:-1] if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """``text`` with control characters escaped and cut to ``limit`` characters (with "…")."""
    text = display_name(" ".join(str(text).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RapportanalysError(Exception):
    """Base class. ``exit_code`` 2 = bad input or usage, 1 = internal failure."""

    exit_code = 2
    reason = "cannot be read"

    def __init__(self, path: str, detail: str | None = None):
        self.path = str(path)
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The reason, one line of at most :data:`MAX_LINE` characters (library details can
        quote raw PDF objects of any length)."""
        return one_line(f"{self.reason} ({self.detail})" if self.detail else self.reason)

    def __str__(self) -> str:  # "FILE: what is wrong", the form the CLI prints
        name = display_name(self.path)  # in full: the user must be able to find the file
        return f"{name}: {self.message}"


class InputNotFound(RapportanalysError):
    reason = "file not found"


class NotAFile(RapportanalysError):
    reason = "not a file"


class NotARegularFile(RapportanalysError):
    """A FIFO, device or socket: reading it could block or never end, so it is never opened."""
    reason = "not a regular file"


class SymlinkLoop(RapportanalysError):
    reason = "symlink loop"


class TooLarge(RapportanalysError):
    """Past a bound of :mod:`rapportanalys.read.bounds` (file size, decompressed size, words)."""
    reason = "too large"


class TooLargeDecompressed(TooLarge):
    reason = "too large when decompressed"


class TooSlow(RapportanalysError):
    """Past the wall-time bound for its page count (see :mod:`rapportanalys.read.bounds`)."""
    reason = "took too long"


class EmptyFile(RapportanalysError):
    reason = "empty file"


class NotAPDF(RapportanalysError):
    reason = "not a PDF"


class TruncatedPDF(RapportanalysError):
    reason = "truncated or damaged PDF"


class EncryptedPDF(RapportanalysError):
    reason = "encrypted PDF (a password is needed)"


class NoTextLayer(RapportanalysError):
    reason = "no text layer (scanned or outlined text; it needs OCR first)"


class OcrUnavailable(NoTextLayer):
    """A page needs OCR and Tesseract (or its Swedish model) is missing; ``detail`` says how to
    install it."""

    @property
    def message(self) -> str:
        return one_line(f"{self.reason}; {self.detail}" if self.detail else self.reason)


class NoTextFound(NoTextLayer):
    reason = "no text layer, and OCR found no text on any page"


class ParseFailure(RapportanalysError):
    """An unexpected failure inside rapportanalys: a bug, not the user's fault."""

    exit_code = 1
    reason = "internal error while parsing"


class NotADatabase(RapportanalysError):
    reason = "not a corpus database (a DuckDB file)"


class DatabaseBusy(RapportanalysError):
    reason = "the database is open in another process (DuckDB allows one writer, or only readers)"


class DatabaseWriteFailed(RapportanalysError):
    """The disk is full, a quota or file-size limit is reached, or the file system failed: the
    transaction in progress is rolled back, and what was committed before stays whole (DuckDB's
    write-ahead log), so a re-run after freeing space goes on from there."""
    reason = "could not write the database; reports stored before are kept"


class SchedulerUnreachable(RapportanalysError):
    reason = "cannot connect to the Dask scheduler"


class DaskMissing(RapportanalysError):
    reason = "--scheduler needs Dask: pip install 'rapportanalys[dask]'"
