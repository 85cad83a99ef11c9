"""Text as comparison sees it.

A reader does not see a change in whitespace, hyphenation, punctuation or letter case, and sees
"1,9 procent" and "1,9 %" as the same figure. So comparison works on tokens: each is a word as
printed (punctuation attached, for display) with a *key* that keeps only what a reader sees
(letters and digits, lower case, hyphens dropped) and a *masked* key where every number is
``#``, so that two passages that differ only in their figures have equal masked keys. Numbers
come from :mod:`rapportanalys.extract.numbers`, the one place that knows how Swedish reports
write them: a number with spaces in it ("5 176", "1,9 procent", "89 (80)") is one token.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..extract.numbers import NumberSpan, find_numbers
from ..extract.sentences import sentences

# Kinds of number spans that are figures (quantities); the others (years, dates, case numbers,
# references ...) are masked like figures but never reported as figure changes; nor is a number
# inside a date or reference ("den 24 april", "§ 59"): its change is a reference change.
FIGURE_KINDS = frozenset({"number", "percent", "word"})
MASK = "#"


@dataclass(frozen=True)
class Token:
    text: str  # as printed, with its punctuation
    start: int  # offsets into the text it came from
    end: int
    key: str  # what a reader compares: "områdesbaserat", "1.9%", "2022"
    masked: str  # the key with each number replaced by MASK
    number: NumberSpan | None = None  # the number in it, if any

    @property
    def is_number(self) -> bool:
        return self.number is not None

    @property
    def is_figure(self) -> bool:
        return self.number is not None and self.number.kind in FIGURE_KINDS and self.number.reference is None

    @property
    def reference(self):
        """The date, reference or identifier the token's number stands in ("den 24 april 2025")."""
        return self.number.reference if self.number is not None else None


def number_key(span: NumberSpan) -> str:
    """A number by its value, so "nio" = "9" and "1,9 %" = "1,9 procent"."""
    if span.value is None:
        return re.sub(r"\s+", "", span.raw).lower()
    key = f"{span.value:g}" + ("%" if span.kind == "percent" else "")
    if span.previous is not None:
        key += f"({span.previous:g})"
    return key


_NOT_WORD = re.compile(r"[\W_]+")


def _word_key(text: str) -> str:
    return _NOT_WORD.sub("", text).lower()


def tokenize(text: str) -> list[Token]:
    """Whitespace-separated words, each number span kept whole; pure punctuation ("–", "•")
    is attached to the word before it."""
    spans = find_numbers(text)
    # protect the spaces inside number spans so that "5 176" stays one chunk
    chars = list(text)
    for s in spans:
        for i in range(s.start, s.end):
            if chars[i].isspace():
                chars[i] = "\x00"
    protected = "".join(chars)
    tokens: list[Token] = []
    span_iter = iter(spans)
    span = next(span_iter, None)
    for m in re.finditer(r"\S+", protected):
        start, end = m.start(), m.end()
        key_parts, masked_parts, number, pos = [], [], None, start
        while span is not None and span.start < end:  # spans lie inside one chunk each
            key_parts.append(_word_key(text[pos:span.start]))
            masked_parts.append(key_parts[-1])
            key_parts.append(number_key(span))
            masked_parts.append(MASK)
            number = number or span
            pos = span.end
            span = next(span_iter, None)
        key_parts.append(_word_key(text[pos:end]))
        masked_parts.append(key_parts[-1])
        key, masked = "".join(key_parts), "".join(masked_parts)
        if not key:  # punctuation only
            if tokens:
                last = tokens[-1]
                tokens[-1] = Token(text[last.start:end], last.start, end, last.key, last.masked, last.number)
            continue
        tokens.append(Token(text[start:end], start, end, key, masked, number))
    return tokens


def keys(tokens: list[Token]) -> str:
    return " ".join(t.key for t in tokens)


def masked(tokens: list[Token]) -> str:
    return " ".join(t.masked for t in tokens)


__all__ = ["Token", "tokenize", "keys", "masked", "number_key", "sentences", "MASK", "FIGURE_KINDS"]
