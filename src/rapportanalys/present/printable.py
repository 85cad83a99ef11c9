"""Text made safe to show: some PDFs map glyphs to control characters (a table of contents
whose dot leaders come out as backspaces), which a browser draws as boxes and Excel refuses
outright. Line breaks and tabs stay."""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")


def printable(text: str | None) -> str | None:
    if text is None:
        return None
    return _CONTROL.sub("", text)
