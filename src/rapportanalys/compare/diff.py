"""What changed between two corresponding passages: a status, a word-level diff and the dates
and references (which figure became which is figure_pairs.py's).

The status is the reader's view (INTERFACE.md):

- ``unchanged``: the same words, figures included; a typo-level edit (a word changed by at most
  ``typo_max_chars`` characters, two words joined) is not a change, but a word added or dropped
  is, however short ("en"), nor are whitespace,
  hyphenation, punctuation and case, which the tokens do not see.
- ``figures_updated``: the figures differ and, with every number masked, the words are the same
  but for at most ``figure_word_edits`` words and ``figure_word_share`` of them (those that agree
  with the figures, "ökat" → "minskat"; in a short line two changed words are a rewording). Numbers may move ("Uppföljning 2022 Program …" → "Uppföljning program … 2023").
- ``modified``: anything else.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from rapidfuzz.distance import Levenshtein

from ..extract.references import Reference
from .settings import CompareSettings
from .text import MASK, Token

UNCHANGED, FIGURES_UPDATED, MODIFIED, NEW, REMOVED = (
    "unchanged", "figures_updated", "modified", "new", "removed")
STATUSES = (UNCHANGED, FIGURES_UPDATED, MODIFIED, NEW, REMOVED)
STALE = frozenset({UNCHANGED, FIGURES_UPDATED})  # text carried over from last year


def status(old: list[Token], new: list[Token], settings: CompareSettings) -> str:
    if _word_edits([t.key for t in old], [t.key for t in new], settings.typo_max_chars,
                   old_numbers=[t.is_number for t in old], new_numbers=[t.is_number for t in new]) == 0:
        return UNCHANGED
    old_numbers = [t.key for t in old if t.is_number]
    new_numbers = [t.key for t in new if t.is_number]
    if old_numbers != new_numbers:
        old_words = [t.masked for t in old if t.masked != MASK]
        new_words = [t.masked for t in new if t.masked != MASK]
        edits = _word_edits(old_words, new_words, settings.typo_max_chars)
        if edits <= min(settings.figure_word_edits, settings.figure_word_share * len(new_words)):
            return FIGURES_UPDATED
    return MODIFIED


def _word_edits(a: list[str], b: list[str], typo_max_chars: int,
                old_numbers: list[bool] | None = None, new_numbers: list[bool] | None = None) -> int:
    """Words added, removed or replaced beyond typo level; a changed number counts as an edit
    that no typo tolerance excuses."""
    edits = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        numbers = (old_numbers and any(old_numbers[i1:i2])) or (new_numbers and any(new_numbers[j1:j2]))
        # a word added or dropped ("en", "nu") is a change of wording however short; a typo
        # changes a word that is there on both sides (or joins two)
        if not numbers and tag == "replace" and is_typo(a[i1:i2], b[j1:j2], typo_max_chars):
            continue
        edits += max(i2 - i1, j2 - j1)
    return edits


def is_typo(a: list[str], b: list[str], typo_max_chars: int) -> bool:
    """Words ``a`` replaced by words ``b`` at typo level: at most ``typo_max_chars`` letters
    differ, and at most half of the shorter side's letters ("Gustafsson" / "Gustavsson",
    "Kungälv bostäder" / "Kungälvsbostäder"). A short word changed is another word: the party
    "(D)" → "(M)", "en" → "ett"."""
    x, y = "".join(a), "".join(b)
    return Levenshtein.distance(x, y) <= min(typo_max_chars, min(len(x), len(y)) / 2)


def word_similarity(a: list[str], b: list[str], typo_max_chars: int) -> float:
    """Share of words two texts have in common (2 × kept / all, the Indel similarity of the
    word sequences), a word changed at typo level counting as kept."""
    if not a and not b:
        return 1.0
    kept = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            kept += i2 - i1
        elif tag == "replace" and is_typo(a[i1:i2], b[j1:j2], typo_max_chars):
            kept += min(i2 - i1, j2 - j1)
    return 2 * kept / (len(a) + len(b))


def word_diff(old: list[Token], new: list[Token]) -> list[list[str]]:
    """``[["=", "same words"], ["-", "old words"], ["+", "new words"], ...]`` as printed.

    Words are aligned by what a reader compares (case and punctuation aside), but shown as
    printed: a word whose case or punctuation changed is shown deleted and inserted, so each
    side of the diff reads exactly as its report."""
    out: list[list[str]] = []

    def add(op: str, tokens: list[Token]) -> None:
        if not tokens:
            return
        text = " ".join(t.text for t in tokens)
        if out and out[-1][0] == op:
            out[-1][1] += " " + text
        else:
            out.append([op, text])

    matcher = SequenceMatcher(None, [t.key for t in old], [t.key for t in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for o, n in zip(old[i1:i2], new[j1:j2]):
                if o.text == n.text:
                    add("=", [n])
                else:
                    add("-", [o])
                    add("+", [n])
        else:
            add("-", old[i1:i2])
            add("+", new[j1:j2])
    return out


def reference_pairs(old: list[Token], new: list[Token]) -> list[tuple[Token, Token]]:
    """Dates and references that stand in the same place of both texts and read differently:
    "den 24 april 2025" → "den 23 april 2026", "GSN 2024-03-26 § 59" → "SFN 2025-02-26 § 27".
    Aligned like figures (numbers masked); one pair per pair of references, however many of their
    numbers changed, and one per changed year ("under 2022" → "under 2023"). The first token of
    each side stands for its reference."""
    out: list[tuple[Token, Token]] = []
    if [t.key for t in old] == [t.key for t in new] or not any(reference_of(t) for t in new):
        return out  # the same words and numbers, or nothing that dates or refers
    seen: set[tuple[int, int]] = set()  # the numbers of one reference share its object
    matcher = SequenceMatcher(None, [t.masked for t in old], [t.masked for t in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs = zip(old[i1:i2], new[j1:j2])
        elif tag == "replace":
            pairs = zip([t for t in old[i1:i2] if t.reference], [t for t in new[j1:j2] if t.reference])
        else:
            continue
        for o, n in pairs:
            ro, rn = reference_of(o), reference_of(n)
            if ro is None or rn is None or ro.kind != rn.kind and not (ro.kind in _DATES and rn.kind in _DATES):
                continue
            key = (id(ro), id(rn)) if ro.kind != "year" else (id(o), id(n))
            if key in seen or _said(ro) == _said(rn):
                continue
            seen.add(key)
            out.append((o, n))
    return out


_DATES = frozenset({"date", "day_month", "month_year"})


def reference_of(token: Token) -> Reference | None:
    """The date or reference a token's number stands in; a year on its own ("under 2022") is a
    reference of kind ``year``: it dates, it does not measure."""
    if token.reference is not None:
        return token.reference
    span = token.number
    if span is not None and span.kind == "year":
        return Reference(span.start, span.end, span.raw, "year", span.raw)
    return None


def _said(reference) -> str:
    return reference.value.lower().replace(" ", "") if reference.kind in _DATES else \
        re.sub(r"\s+", "", reference.raw).lower()
