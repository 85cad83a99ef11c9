"""Swedish dates, references and identifiers: the numbers in a report that are not figures.

A report's numbers are mostly of two sorts. Figures measure ("1,7 procent", "162 hushåll");
dates, references and identifiers name or locate ("den 24 april 2025", "KS 2020/0357",
"SFN 2025-02-26 § 27", "bilaga 3", "031-365 00 00"). Next year's edition changes both, but a
reader who asks "which figures changed?" means the first sort only: "§ 59" → "§ 27" is a new
protocol, not a quantity that fell. This module is the one place that tells the second sort,
used by metadata (the report's date), figures (never a figure inside a reference) and comparison
(a changed reference is a ``reference_change``, not a figure change).

Each recognised span has a *kind*:

=============  ==========================================================================
``date``       a day, month and year: "2024-02-20", "den 24 april 2025", "20230427", "25/4 2024"
``day_month``  a day and month without a year: "den 1 juli", "31 dec", "24–25 maj", "den 1/5"
``month_year`` a month and a year: "april 2022", "januari – mars 2026"
``week``       "vecka 14", "v. 14"
``time``       a time of day: "kl. 9", "kl 13.00–15.00", "8.30–16.00", "17:00"
``protocol``   a minute's reference: "SFN 2025-02-26 § 27", "KS § 123"
``paragraph``  a section of a law or minutes: "§ 27", "§§ 3–5", "79 a §", "11 kap. 2–4 §§",
               "3 kap. 5 § 4p.", "PBL §8:13", "8:13" after a law's abbreviation
``law``        a statute or official print: "(2017:725)", "SFS 2023:196", "prop. 2017/18:163",
               "SOU 2017:42"
``case``       a case or file number: "KS 2020/0357", "dnr 0887/21", "SBF 2018-002559",
               "SRV-2025-00071", "mål nr P 9239-15", "403-5069-2023"
``property``   a property designation: "Katslösa 16:1", "Örby 18:1"
``page``       "sidan 277ff", "sid. 14", "s. 5–7"
``annex``      "bilaga 3", "bilagorna 1–3"
``chapter``    "kapitel 3", "avsnitt 4.1", "6 kap.", "4.1.2"
``item``       "punkt 4", "nr 5", "fråga 2", "mom. 3"
``org_number`` an organisation number: "212000-1355"
``phone``      "031-365 00 00", "0480-450167", "+46 31 365 00 00"
``identifier`` a machine's identifier: an e-signature's UUID "768a99c7-fb46-47f3-8409-1c6bcd9df967"
=============  ==========================================================================

A year on its own ("2023"), a year range ("2022–2025") and a count of votes are not references:
a year dates a figure, and the figure extractor reads it as a period.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {m: i for i, m in enumerate(
    ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
     "oktober", "november", "december"], start=1)}
_ABBREVIATED = {"jan": 1, "feb": 2, "febr": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12}
_MONTH_NUMBER = {**MONTHS, **_ABBREVIATED}
_MONTH = (r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r"|(?:"
          + "|".join(sorted(_ABBREVIATED, key=len, reverse=True)) + r")\.?)(?![\wåäö])")
_YEAR = r"(?:19|20)\d\d"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?::[ae])?"
_S = r"[ \u00a0\u202f\u2009]"  # a space inside a reference, never a line break
_DASH = r"[-–—]"
_ISO = rf"{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
_CAPS = r"(?-i:[A-ZÅÄÖ]{2,6})"
_LAW_PREFIX = r"(?-i:PBL|PBF|BBR|BS|SoL|LSS|LVU|LVM|OSL|KL|FL|MB|AB|HSL|SkolL|TF|YGL|GDPR)"
_WORDS = r"(?:ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv)(?![\wåäö])"
_NUMBERING = rf"\d{{1,4}}(?:{_S}?[a-h](?![\wåäö]))?"  # "79 a", "9:31 c" is built from this

# (kind, pattern), most specific first. Where two overlap, the one starting first wins, then
# the longer one, then the one listed first.
# Each pattern with the strings (lower case) of which a text must hold one for it to match at
# all: most texts hold no "§" or month name, and a substring test costs nothing next to a scan.
_DASHES = ("-", "–", "—")
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_PATTERNS: list[tuple[str, str, tuple[str, ...] | None]] = [
    ("identifier", r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", _DASHES),  # a UUID
    ("protocol", rf"\b{_CAPS}{_S}+(?:{_ISO}{_S}*)?§§?{_S}*\d+(?:{_S}*{_DASH}{_S}*\d+)?", ('§',)),
    ("org_number", rf"(?:\borg(?:anisations)?\.?{_S}?nr\.?:?{_S}*)?\b\d{{6}}{_DASH}\d{{4}}\b", _DASHES),
    ("phone", rf"(?:\+46{_S}?\(?0?\)?{_S}?\d{{1,3}}|\b0\d{{1,3}}){_S}?{_DASH}?{_S}?\d{{2,3}}"
              rf"(?:{_S}?\d{{2,3}}){{1,3}}\b(?![,.]\d)", _DASHES + ('+46',)),
    ("case", rf"(?:\b(?:dnr|diarienr|diarienummer|ärendenr|ärendenummer|ärendebeteckning)\.?:?{_S}*)"
             rf"(?:{_CAPS}{_S}?{_DASH}?{_S}?)?\d[\d./:\-–]*\d", ('dnr', 'diarie', 'ärende')),
    ("case", rf"\bmål{_S}+nr\.?{_S}*(?-i:[A-ZÅÄÖ]{{1,3}}){_S}*\d+{_DASH}\d+", ('mål',)),
    ("case", rf"\b(?-i:[A-ZÅÄÖ]{{1,6}}){_S}?{_DASH}?{_S}?{_YEAR}(?:/\d{{1,6}}|{_DASH}\d{{3,6}})\b(?![-–/]\d)", _DASHES + ('/',)),
    ("case", rf"(?<![\d,.])\b\d{{2,5}}{_DASH}\d{{2,6}}{_DASH}{_YEAR}\b", _DASHES),
    ("case", rf"\b{_CAPS}{_S}?{_DASH}?{_S}?\d{{3,5}}/\d{{2}}\b(?![/\d])", ('/',)),  # "SRV-0226/18"
    ("case", rf"\b(?-i:[A-ZÅÄÖ]){_S}\d{{3,5}}{_DASH}\d{{2}}\b(?![-–/]\d)", _DASHES),  # a court's "P 2307-15"
    ("case", rf"\b(?-i:[A-ZÅÄÖ]{{2,6}}{_S}+[A-Z]{{1,2}}{_S}?\d{{1,3}})\b", None),  # a standard: "RKR R16"
    ("case", rf"\b{_YEAR}{_S}+nr\.?{_S}*\d{{1,4}}\b", (' nr',)),  # a council's document: "Handling 2024 nr 63"
    ("law", rf"(?:\b(?:SFS|SOU|Ds|prop\.|proposition|bet\.|rskr\.|dir\.){_S}*)?\b{_YEAR}(?:/\d\d)?:\d{{1,4}}\b", (':',)),
    ("paragraph", rf"(?:\b{_LAW_PREFIX}{_S}*)?§§?{_S}*\d{{1,4}}(?::\d{{1,4}})?(?:{_S}?[a-h](?![\wåäö]))?"
                  rf"(?:{_S}*{_DASH}{_S}*\d{{1,4}})?", ('§',)),
    ("paragraph", rf"\b{_NUMBERING}(?:{_S}*{_DASH}{_S}*\d{{1,4}})?{_S}*§§?", ('§',)),
    ("item", rf"(?:(?<=§)|(?<=§{_S}))\d{{1,2}}{_S}?p\b\.?", ('§',)),  # "5 § 4p.": the fourth point
    ("paragraph", rf"\b{_LAW_PREFIX}{_S}+\d{{1,2}}(?::\d{{1,4}}(?:{_S}?[a-h](?![\wåäö]))?|{_S}*kap\.?)", (':', 'kap')),
    ("chapter", rf"\b\d{{1,2}}{_S}*kap(?:\.|itlet\b|itel\b)", ('kap',)),
    ("chapter", rf"\b(?:kapitel|kapitlet|kap\.|avsnitt|avsnitten|rubrik|rubriken){_S}*"
                rf"\d{{1,2}}(?:\.\d{{1,2}})*(?:{_S}*(?:{_DASH}|och){_S}*\d{{1,2}}(?:\.\d{{1,2}})*)?", ('kap', 'avsnitt', 'rubrik')),
    ("chapter", r"(?<![\d,.])\b\d{1,2}(?:\.\d{1,2}){2,}\b(?![.,]\d)", ('.',)),
    ("page", rf"\b(?:sidan|sidorna|sid\.?|s\.){_S}*(?:\d{{1,4}}|{_WORDS})(?:{_S}*{_DASH}{_S}*\d{{1,4}})?"
             rf"(?:{_S}?ff?\.?)?(?:{_S}+av{_S}+\d{{1,4}})?(?![\wåäö])", ('sid', 's.')),
    # a running footer "Revisionsberättelse 1 (2)", "1 (24)": page 1 of 2
    ("page", rf"(?:(?<=[a-zåäö]{_S})|(?<=[a-zåäö],{_S})|^)\d{{1,3}}{_S}\(\d{{1,3}}\)$", ('(',)),
    ("annex", rf"\b(?:bilaga|bilagan|bilagorna|bil\.){_S}*\d{{1,3}}(?:{_S}?[a-h](?![\wåäö]))?"
              rf"(?:{_S}*(?:{_DASH}|och|,){_S}*\d{{1,3}})*", ('bil',)),
    ("item", r"^\s*\d{1,2}[.)](?=\s)", ('.', ')')),  # a list number: "1. 1 405 tkr av …"
    ("item", rf"\b(?:mål|målen|goal){_S}+\d{{1,2}}(?:{_S}*(?:,|och|{_DASH}){_S}*\d{{1,2}})*\b"
             rf"(?!{_S}*(?:%|procent|[,.]\d))", ('mål', 'goal')),  # a goal's number, "Mål 13"
    ("item", rf"\b(?:tabell|tabellen|tab\.|figur|figuren|fig\.|diagram|diagrammet|bild|bilden)"
             rf"{_S}*\d{{1,2}}(?:\.\d{{1,2}})*\b", ('tab', 'fig', 'diagram', 'bild')),
    ("item", rf"\b(?:punkt|punkterna|p\.|moment|mom\.|nr\.?|nummer|fråga|frågorna|uppdrag|ärende)"
             rf"{_S}*\d{{1,3}}(?:{_S}?[a-h](?![\wåäö]))?(?:{_S}*(?:{_DASH}|och|,){_S}*\d{{1,3}}\b)*", ('punkt', 'p.', 'mom', 'nr', 'nummer', 'fråga', 'uppdrag', 'ärende')),
    ("date", rf"(?<![\d\-–/])\b{_ISO}\b(?![\-–/]\d)", _DASHES),
    ("date", r"(?<![\d\-–/])\b(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b", None),
    ("date", rf"(?:\bden{_S}+)?\b{_DAY}(?:{_S}*{_DASH}{_S}*{_DAY})?{_S}+{_MONTH}{_S}*,?{_S}*(?:år{_S}+)?{_YEAR}\b", _MONTH_STEMS),
    ("date", rf"(?:\bden{_S}+)?\b{_DAY}[/.](?:0?[1-9]|1[0-2])(?:[/.]|{_S}){_YEAR}\b", ('/', '.')),
    ("day_month", rf"(?:\bden{_S}+)?\b{_DAY}(?:{_S}*{_DASH}{_S}*{_DAY})?{_S}+{_MONTH}", _MONTH_STEMS),
    ("day_month", rf"\bden{_S}+{_DAY}/(?:0?[1-9]|1[0-2])\b(?!/)", ('/',)),
    ("day_month", rf"\b{_DAY}/(?:0?[1-9]|1[0-2]){_S}*{_DASH}{_S}*{_DAY}/(?:0?[1-9]|1[0-2])\b", ('/',)),
    ("month_year", rf"\b{_MONTH}(?:{_S}*{_DASH}{_S}*{_MONTH})?{_S}+(?:år{_S}+)?{_YEAR}\b", _MONTH_STEMS),
    ("week", rf"\b(?:vecka|veckorna|v\.){_S}*\d{{1,2}}(?:{_S}*{_DASH}{_S}*\d{{1,2}})?\b", ('veck', 'v.')),
    ("paragraph", rf"(?<=\(){_S}*\d{{1,2}}:\d{{1,3}}{_S}*(?=\))", (':',)),  # "(8:15)": chapter 8, § 15
    ("time", rf"\b(?:kl\.?|klockan){_S}*(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?"
             rf"(?:{_S}*{_DASH}{_S}*(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?)?\b", ('kl',)),
    ("time", rf"(?<![\d,.:])\b(?:[01]?\d|2[0-3])[.:][0-5]\d{_S}*{_DASH}{_S}*(?:[01]?\d|2[0-3])[.:][0-5]\d\b"
             r"(?![.,:]\d)", ('.', ':')),
    ("time", r"(?<![\d,.:§])\b(?:[01]?\d|2[0-3]):(?:00|15|30|45)\b(?![.,:]\d)", (':',)),
    ("property", r"(?-i:\b[A-ZÅÄÖ][a-zåäöéü]+(?:[ \-][A-ZÅÄÖ][a-zåäöéü]+)?|\b[A-ZÅÄÖ]{3,})"
                 rf"{_S}+\d{{1,4}}:\d{{1,4}}\b", (':',)),
]
_COMPILED = [(kind, re.compile(p, re.IGNORECASE), needles) for kind, p, needles in _PATTERNS]

KINDS = ("date", "day_month", "month_year", "week", "time", "protocol", "paragraph", "law", "case",
         "property", "page", "annex", "chapter", "item", "org_number", "phone", "identifier")
DATE_KINDS = frozenset({"date", "day_month", "month_year", "week", "time"})


@dataclass(frozen=True)
class Reference:
    start: int
    end: int
    raw: str
    kind: str
    value: str  # ISO 8601 for dates ("2025-04-24", "--07-01", "2022-04"), else the text normalised


def find_references(text: str) -> list[Reference]:
    """Every date, reference and identifier of ``text``, left to right, none overlapping."""
    found = []
    # any(map(str.isdigit, …)): the same test as a generator over the characters, in C
    if not any(map(str.isdigit, text)) and "sid" not in text.lower():
        return []
    low = text.lower()
    for order, (kind, pattern, needles) in enumerate(_COMPILED):
        if needles is not None and not any(n in low for n in needles):
            continue
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            raw = text[start:end]
            stripped = raw.rstrip(" ,")
            end -= len(raw) - len(stripped)
            if end > start and (any(map(str.isdigit, stripped)) or kind == "page") \
                    and _plausible(kind, stripped):
                found.append((start, -(end - start), order, kind, end))
    found.sort()
    out: list[Reference] = []
    taken_until = -1
    for start, _, _, kind, end in found:
        if start < taken_until:
            continue
        raw = text[start:end]
        out.append(Reference(start, end, raw, kind, _value(kind, raw)))
        taken_until = end
    return out


def covering(references: list[Reference], start: int, end: int) -> Reference | None:
    """The reference that a span of the same text lies in (or overlaps), if any."""
    for r in references:
        if r.start < end and start < r.end:
            return r
    return None


def parse_date(text: str) -> str | None:
    """The first full date of ``text`` as ISO 8601: "den 9 april 2024" → "2024-04-09"."""
    for r in find_references(text):
        if r.kind == "date":
            return r.value
    return None


def parse_month_year(text: str) -> str | None:
    """A text that is only a month and a year ("April 2022") → "2022-04", never an invented day."""
    refs = find_references(text.strip())
    if len(refs) == 1 and refs[0].kind == "month_year" and refs[0].raw == text.strip() \
            and "-" not in refs[0].value[5:]:
        return refs[0].value
    return None


def _plausible(kind: str, raw: str) -> bool:
    if kind == "phone":
        digits = re.sub(r"\D", "", raw)
        # a Swedish number has 8–10 digits with its area code; a dash or a known prefix says so
        return 8 <= len(digits) <= 12 and (bool(re.search(r"[-–]", raw)) or raw.startswith("+"))
    if kind == "case" and re.fullmatch(rf"{_YEAR}{_DASH}\d\d", raw):
        return False
    return True


def _value(kind: str, raw: str) -> str:
    text = re.sub(r"\s+", " ", raw.replace("\u00a0", " ")).strip()
    if kind == "date":
        m = re.search(_ISO, text)
        if m:
            return m.group(0)
        m = re.fullmatch(r"((?:19|20)\d\d)(\d\d)(\d\d)", text)
        if m:
            return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        year = re.search(_YEAR + r"\b(?!.*\d)", text).group(0)
        day, month = _day_and_month(text, "/.")
        return f"{year}-{month:02d}-{day:02d}"
    if kind == "day_month":
        day, month = _day_and_month(text, "/")
        return f"--{month:02d}-{day:02d}"
    if kind == "month_year":
        months = [_MONTH_NUMBER[w.rstrip(".")] for w in re.findall(r"[a-zåäö.]+", text.lower())
                  if w.rstrip(".") in _MONTH_NUMBER]
        year = re.search(_YEAR, text).group(0)
        value = f"{year}-{months[0]:02d}"
        return value if len(months) == 1 else f"{value}/{year}-{months[-1]:02d}"
    return text


def _day_and_month(text: str, separators: str) -> tuple[int, int]:
    """The day and month of a date: its first number, and the month by name ("4 maj") or after
    one of ``separators`` ("4/5")."""
    day = int(re.search(r"\d{1,2}", text).group(0))
    month = _month_of(text)
    if month is None:
        month = int(re.search(rf"\d{{1,2}}[{re.escape(separators)}](\d{{1,2}})", text).group(1))
    return day, month


def _month_of(text: str) -> int | None:
    for word in re.findall(r"[a-zåäö]+", text.lower()):
        if word in _MONTH_NUMBER:
            return _MONTH_NUMBER[word]
    return None
