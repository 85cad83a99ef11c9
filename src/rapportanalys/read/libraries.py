"""Keep the PDF libraries' own logging and warnings off stderr.

The CLI promises one stderr line per problem. pdfminer logs a warning for every damaged object
it steps over (hundreds for one damaged file), and Python's last-resort handler prints them to
stderr when the application configured no logging. Those loggers get a null handler and stop
propagating; what they report, the reader turns into its own named errors or page warnings.
"""
from __future__ import annotations

import logging
import warnings

LIBRARIES = ("pdfminer", "pdfplumber", "pypdfium2", "PIL", "fontTools")


def quiet_libraries() -> None:
    """Silence the PDF libraries' loggers and Python warnings (idempotent; called on import of
    :mod:`rapportanalys.read`, so in the CLI and in every ingest worker)."""
    for name in LIBRARIES:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False
        logger.setLevel(logging.CRITICAL + 1)
    for module in LIBRARIES:
        warnings.filterwarnings("ignore", module=module + r"(\..*)?")
