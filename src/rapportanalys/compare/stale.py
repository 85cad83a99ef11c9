"""The share of stale text: how much of the new report was carried over from the old one.

A strategist asks how much of this year's text is last year's, word for word or with only the
figures changed, whether it stands in a passage of its own or as a sentence carried over inside
an edited one. The share is counted in characters of the new report's text, per section (the
section with its sub-sections, so a chapter's share covers its goal areas) and for the whole.
"""
from __future__ import annotations

from .diff import STALE
from .passages import Document


def stale_shares(new: Document, status_of: dict[int, str], carried_chars: dict[int, int] | None = None
                 ) -> tuple[float | None, dict[str, tuple[float | None, int]]]:
    """(whole report, {section id: (share, characters)}); ``status_of`` maps each new unit to
    the status of its passage, ``carried_chars`` to its characters in sentences carried over
    inside an edited passage. A section without text has no share (None)."""
    carried_chars = carried_chars or {}
    stale_chars: dict[str | None, int] = {}
    all_chars: dict[str | None, int] = {}
    for u in new.units:
        all_chars[u.section] = all_chars.get(u.section, 0) + u.chars
        if status_of.get(u.index) in STALE:
            stale_chars[u.section] = stale_chars.get(u.section, 0) + u.chars
        elif u.index in carried_chars:
            stale_chars[u.section] = stale_chars.get(u.section, 0) + carried_chars[u.index]
    total = sum(all_chars.values())
    whole = round(sum(stale_chars.values()) / total, 3) if total else None
    per_section = {}
    for s in new.report.sections:
        ids = new.subtree(s.id)
        chars = sum(all_chars.get(i, 0) for i in ids)
        share = round(sum(stale_chars.get(i, 0) for i in ids) / chars, 3) if chars else None
        per_section[s.id] = (share, chars)
    return whole, per_section
