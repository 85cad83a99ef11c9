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


# -- sentences ---------------------------------------------------------------------------------

# Abbreviations that end with a period inside a sentence ("bl.a.", "t.ex."): a period after them
# does not end the sentence.
ABBREVIATIONS = frozenset({
    "bl.a.", "t.ex.", "m.fl.", "t.o.m.", "fr.o.m.", "m.m.", "ca.", "s.k.", "o.s.v.", "osv.",
    "d.v.s.", "dvs.", "inkl.", "exkl.", "kap.", "resp.", "jfr.", "enl.", "p.g.a.", "pga.", "f.d.",
    "nr.", "ev.", "s.", "sid.", "kl.", "prop.", "st.", "tf.", "etc.", "ang.", "fig.", "tab.",
})
_BULLETS = "•▪◦●■"
_BOUNDARY = re.compile(
    rf"(?P<end>(?<=[.!?…])[\"”’)]*\s+(?=[\"“”'(]?[A-ZÅÄÖ0-9{_BULLETS}]))"
    rf"|\s*\n\s*|\s+(?=[{_BULLETS}]\s)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``: cut after ". ! ?" before a capital or digit
    (but not after an abbreviation or an initial), at a line break (a table cell keeps its
    paragraphs and list items on lines of their own) and before a bullet."""
    out, start = [], 0
    for m in _BOUNDARY.finditer(text):
        before = text[start:m.start()].rstrip("\"”’)")
        last_word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
        if m.group("end") and (last_word in ABBREVIATIONS or re.fullmatch(r"[a-zåäö]\.", last_word)):
            continue
        out.append(_trim(text, start, m.start()))
        start = m.end()
    out.append(_trim(text, start, len(text)))
    return [(s, e) for s, e in out if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _BULLETS):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
