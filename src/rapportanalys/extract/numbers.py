"""Swedish numbers in running text: where they are and what they are worth.

The one place that knows how Swedish reports write numbers, shared by the figure extractor
(which decides which numbers are figures and what they count) and by comparison (which masks
numbers to tell "figures updated" from "modified"):

- decimal comma "1,7", and a decimal point where slides use one ("37.8%");
- thousands separated by a space, a no-break space or a thin space ("5 176", "100 000");
- "%" and "procent"; a previous value in parentheses "89 (80)";
- numbers written as words ("nio", "fyra", "tjugo");
- a minus sign written before a number ("-2,7 %", "−360,5" in budget tables);
- years (1900–2099), dates ("2024-02-20", "20230427"), case numbers ("KS 2020/0357"), section numbers ("4.1.2"),
  law references ("2023:196", "prop. 2019/20:1"), ranges ("2016-2020", "2023/2024"), phone
  numbers ("0480-450167"), references ("PBL 8:13", the property "Örby 18:1", "17:00", the
  day and month "1/5") and ordinals ("18:e") are recognised as such, so that callers can leave
  them out of figures but still mask them when comparing;
- a text that is nothing but one number whose last digit group is short ("-7 73" or
  "1 234 5" in a table cell: a digit dropped in print) is that one number as printed, of unknown value (``None``), not
  two numbers "-7" and "73";
- and every number that stands in a date, reference or identifier recognised by
  :mod:`rapportanalys.extract.references` ("den 24 april 2025", "SFN 2025-02-26 § 27", "bilaga 3",
  "kl. 13.00") carries that reference: it is masked like any number but is never a figure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .references import Reference, covering, find_references

NUMBER_WORDS = {
    "noll": 0, "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14,
    "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20,
    "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "åttio": 80,
    "nittio": 90, "hundra": 100, "tusen": 1000,
}

_SEP = "[ \u00a0\u202f\u2009]"
_NUM = rf"\d{{1,3}}(?:{_SEP}\d{{3}})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_YEAR_RE = r"(?:19|20)\d\d"
_TOKEN = re.compile(
    # case-number prefixes are capitals ("KS 2020/0357"), never a word ("nyår 2023/2024")
    rf"(?P<dnr>\b(?-i:[A-ZÅÄÖ]{{1,6}}){_SEP}?\d{{4}}/\d{{1,5}}\b)"
    rf"|(?P<date>\b{_YEAR_RE}-[01]\d-[0-3]\d\b|\b{_YEAR_RE}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b)"
    rf"|(?P<law>\b{_YEAR_RE}(?:/\d\d)?:\d{{1,4}}\b)"
    rf"|(?P<phone>\b0\d{{1,3}}[-–]\d{{2,3}}(?:[ \u00a0]?\d{{2,3}}){{1,3}}\b)"
    rf"|(?P<range>\b{_YEAR_RE}(?:{_SEP}?[-–]{_SEP}?{_YEAR_RE}|/(?:19|20)?\d\d)\b)"
    rf"|(?P<section>\b\d{{1,2}}(?:\.\d{{1,2}}){{2,}}\b)"
    rf"|(?P<ordinal>\b\d{{1,3}}:[ea]\b)"
    rf"|(?P<ref>\b\d{{1,4}}:\d{{1,4}}\b|\b\d{{1,2}}/\d{{1,2}}\b)"
    # a minus sign counts when it stands before the digits, not inside "F-6" or "1/5-30/9"
    rf"|(?P<num>(?:(?<![\w.,)\-−])[-−])?(?<![\w.,])(?:{_NUM})(?![\w]|[,.]\d))"
    rf"(?P<pct>{_SEP}?%|{_SEP}procent(?![a-zåäöéA-ZÅÄÖÉ]))?"  # "procent¹" with a footnote mark
    # "89 (80)" is a previous value; "218 (2020)" is a number and the year it belongs to
    rf"(?P<prev>{_SEP}\((?!{_YEAR_RE}\))[-−]?(?:{_NUM})\))?"
    rf"|(?P<word>\b(?:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})\b)",
    re.IGNORECASE,
)
# Every kind of span but a number word holds a digit (\d, a decimal digit, is one of the characters
# str.isdigit accepts): a text without any is searched for number words alone, the same spans
# as _TOKEN finds there. Two thirds of the sentences figures asks about have no digit, and _TOKEN,
# with no literal to look for, is tried at every character.
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:(?:19|20)\d\d|2100)$")
_ENDS_COUNTS = re.compile(rf"\b(?:\d+|{'|'.join(w for w in NUMBER_WORDS if w not in ('en', 'ett'))})"
                          r"\s+[a-zåäö]+,\s+(?:\d+|\w+)\s+[a-zåäö]+\s+och\s+$", re.IGNORECASE)  # 2100: climate plans look that far ahead


@dataclass(frozen=True)
class NumberSpan:
    start: int
    end: int
    raw: str
    value: float | None  # None for dates, case numbers, ranges, law references, phone numbers, refs
    # number | percent | word | year | date | dnr | law | range | section | phone | ref | ordinal
    kind: str
    previous: float | None = None  # "89 (80)" → 80
    reference: Reference | None = None  # the date or reference the number stands in

    @property
    def is_quantity(self) -> bool:
        """A number that may be a figure: a count, an amount, a percentage, outside any reference."""
        return self.kind in ("number", "percent", "word") and self.reference is None


def parse_number(text: str) -> float:
    """"5 176" → 5176, "1,7" → 1.7, "37.8" → 37.8, "100 000,5" → 100000.5, "−2,7" → -2.7."""
    t = re.sub(_SEP, "", text.strip()).replace("−", "-")
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    return float(t)


# signed, or with a full group before the short one: "12 15" alone may be two small numbers
_MISPRINTED = re.compile(rf"^\s*(?P<num>[-−]\d{{1,3}}(?:{_SEP}\d{{3}})*{_SEP}\d{{1,2}}"
                         rf"|\d{{1,3}}(?:{_SEP}\d{{3}})+{_SEP}\d{{1,2}})\s*$")


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number-like span of ``text``, left to right, with its kind."""
    if not any(map(str.isdigit, text)):
        out = [span for m in _NUMBER_WORD.finditer(text) if (span := _word_span(text, m, m.group(0))) is not None]
        return _with_references(text, out)
    misprinted = _MISPRINTED.match(text)
    if misprinted:
        return [NumberSpan(misprinted.start("num"), misprinted.end("num"), misprinted.group("num"), None, "number")]
    out: list[NumberSpan] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup if m.group("num") is None else "number"
        if m.group("num") is not None:
            raw_num = m.group("num")
            value = parse_number(raw_num)
            if m.group("pct"):
                kind = "percent"
            elif _YEAR.match(raw_num):
                kind = "year"
            previous = None
            if m.group("prev"):
                previous = parse_number(m.group("prev").strip(" \u00a0()"))
            out.append(NumberSpan(m.start(), m.end(), m.group(0), value, kind, previous))
        elif m.group("ordinal") is not None:
            out.append(NumberSpan(m.start(), m.end(), m.group(0), float(m.group(0).split(":")[0]), "ordinal"))
        elif m.group("word") is not None:
            span = _word_span(text, m, m.group("word"))
            if span is not None:
                out.append(span)
        else:
            out.append(NumberSpan(m.start(), m.end(), m.group(0), None, kind))
    return _with_references(text, out)


def _word_span(text: str, m: re.Match, word: str) -> NumberSpan | None:
    """The span of the number word ``word`` matched by ``m``, or None for an article."""
    # "en"/"ett" are articles far more often than numbers: they count only at the end of
    # a list of counts ("tre medarbetare, två revisorer och en nämndsekreterare")
    if word.lower() in ("en", "ett") and not _ENDS_COUNTS.search(text[:m.start()]):
        return None
    return NumberSpan(m.start(), m.end(), word, float(NUMBER_WORDS[word.lower()]), "word")


def _with_references(text: str, out: list[NumberSpan]) -> list[NumberSpan]:
    """The spans, each one in a date or reference of ``text`` carrying it."""
    references = find_references(text)
    if references:
        for i, span in enumerate(out):
            reference = covering(references, span.start, span.end)
            if reference is not None:
                out[i] = replace(span, reference=reference)
    return out


def mask_numbers(text: str, token: str = "#") -> str:
    """The text with every number-like span replaced by ``token``: two passages that differ
    only in their figures mask to the same string."""
    spans = find_numbers(text)
    out, pos = [], 0
    for s in spans:
        out.append(text[pos:s.start])
        out.append(token)
        pos = s.end
    out.append(text[pos:])
    return "".join(out)
