"""List bullets drawn as shapes, given back to the text as "•".

Web browsers (Chromium's print-to-PDF) and some layout programs draw a list's bullet as a small
filled disc or square (a nested list's as a hollow circle), not as a character. Without it, the items of a list read as one
paragraph, and list items inside table cells lose their markers. A small dark shape just left of
a line's first word, centred on it, with no text over it, is such a bullet; it becomes a
synthetic "•" word that the layout stages read like any other. It is not a page-layer word, so
the reader's accounting (which counts what the page layer gave) does not count it.
"""
from __future__ import annotations

from ..read import Page, Word


def drawn_bullets(page: Page) -> list[Word]:
    out = []
    starts = sorted(page.words, key=lambda w: w.x0)
    for box in page.boxes:
        w, h = box.x1 - box.x0, box.bottom - box.top
        hollow = box.fill is None and _dark(box.stroke)  # a nested list's "◦"
        if not (1.0 <= w <= 7.0 and 1.0 <= h <= 7.0 and 0.6 <= w / h <= 1.6) or not (_dark(box.fill) or hollow):
            continue
        cy = (box.top + box.bottom) / 2
        # the word the bullet stands before: to its right, close, on the same line
        word = next((t for t in starts if 1.0 < t.x0 - box.x1 < 3.0 * t.size and t.top <= cy <= t.bottom
                     and w <= 0.6 * t.size), None)
        if word is None or any(t.x0 < box.x1 and t.x1 > box.x0 and t.top < box.bottom and t.bottom > box.top
                               for t in page.words):
            continue
        out.append(Word(text="◦" if hollow else "•", x0=box.x0, top=word.top, x1=box.x1, bottom=word.bottom, font=word.font,
                        size=word.size, bold=False, italic=False, color=box.stroke if hollow else box.fill))
    return out


def _dark(fill) -> bool:
    """Black or grey, as text is: a coloured dot is a status icon, which the activity stage reads."""
    if not fill:
        return False
    if len(fill) == 1:
        return fill[0] <= 0.5
    if len(fill) == 3:
        return max(fill) - min(fill) < 0.1 and max(fill) <= 0.5
    if len(fill) == 4:  # CMYK
        return max(fill[:3]) < 0.1 and fill[3] >= 0.5
    return False
