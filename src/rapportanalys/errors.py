"""Named errors with the one-line message a user sees.

The CLI prints ``rapportanalys: FILE: message`` and exits with :attr:`exit_code`; a batch
(``ingest``) records the same message in its ``errors`` table and goes on. Every bad input the
reader can meet has its own class, so callers can catch exactly what they handle.
"""
from __future__ import annotations


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
        return f"{self.reason} ({self.detail})" if self.detail else self.reason

    def __str__(self) -> str:  # "FILE: what is wrong", the form the CLI prints
        return f"{self.path}: {self.message}"


class InputNotFound(RapportanalysError):
    reason = "file not found"


class NotAFile(RapportanalysError):
    reason = "not a file"


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


class ParseFailure(RapportanalysError):
    """An unexpected failure inside rapportanalys: a bug, not the user's fault."""

    exit_code = 1
    reason = "internal error while parsing"


class NotADatabase(RapportanalysError):
    reason = "not a corpus database (a DuckDB file)"


class DatabaseBusy(RapportanalysError):
    reason = "the database is open in another process (DuckDB allows one writer, or only readers)"


class SchedulerUnreachable(RapportanalysError):
    reason = "cannot connect to the Dask scheduler"


class DaskMissing(RapportanalysError):
    reason = "--scheduler needs Dask: pip install 'rapportanalys[dask]'"
