"""Report metadata from the first pages and the running header and footer.

Municipality, year, title, document type, date, case number (diarienummer) and the body that
issued the report. Each is looked for where such documents print it (the cover, the memo's
header fields, the running header), never guessed: unknown stays ``None``.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from ..model import Metadata

_MONTHS = {m: i for i, m in enumerate(
    ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
     "oktober", "november", "december"], start=1)}
_ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_LONG_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d\d)\b", re.I)
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_DNR = re.compile(
    r"(?:\bdnr\b|diarienr|diarienummer|ärendebeteckning|ärendenummer|vårt dnr|ärende)[:.]?\s*"
    r"(?P<dnr>[A-ZÅÄÖ]{1,6}[ -]?\d{4}[/:.-]\d{1,5}(?:[/:.-]\d{1,5})?|\d{4}[/:.-]\d{1,5}(?:-\d+)?)",
    re.I,
)
_BODY = re.compile(
    r"^(kommunstyrelsen?|kommunfullmäktige|stadsrevisionen|kommunrevisionen|revisorerna(?: i [\wåäöÅÄÖ ]+)?"
    r"|regionstyrelsen|regionfullmäktige|[\wåäöÅÄÖ -]*nämnd(?:en)?(?: för [\wåäöÅÄÖ ]+)?|[\wåäöÅÄÖ-]*styrelsen)$",
    re.I,
)
# Document-type words, most specific first: a memo labelled TJÄNSTESKRIVELSE that follows up
# plans is a tjänsteskrivelse; a title "Uppföljning av plan X" is an uppföljning, not a plan.
_DOC_TYPES = [
    ("tjänsteskrivelse", r"\btjänsteskrivelse"),
    ("revisionsberättelse", r"\brevisionsberättelse"),
    ("förstudie", r"\bförstudie"),
    ("delårsrapport", r"\bdelårsrapport|\bdelårsbokslut"),
    ("årsredovisning", r"\bårsredovisning"),
    ("verksamhetsberättelse", r"\bverksamhetsberättelse|\bårsredogörelse|\bårsrapport"),
    ("granskning", r"\bgranskning|\brevisionsrapport|\brapportsammandrag|\bmissiv"),
    ("uppföljning", r"\buppföljning"),
    ("plan", r"\bhandlingsplan|\bplan\b|\bstrategi|\briktlinjer"),
    ("program", r"\bprogram(?:met)?\b"),
]


@lru_cache(maxsize=1)
def municipalities() -> tuple[str, ...]:
    """The 290 Swedish municipalities (``data/municipalities.txt``), longest first."""
    try:
        text = resources.files("rapportanalys").joinpath("data/municipalities.txt").read_text("utf-8")
    except FileNotFoundError:
        return ()
    names = [n.strip() for n in text.splitlines() if n.strip() and not n.startswith("#")]
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def _municipality_pattern() -> re.Pattern:
    alts = "|".join(re.escape(n) for n in municipalities())
    # "Kungälvs kommun", "KUNGÄLV KOMMUN", "Göteborgs Stad", "Borås stad", "Kalmar kommun"
    return re.compile(rf"\b({alts})s?\s+(kommun|stad)s?\b", re.I)


_MUNICIPALITY_WORD = re.compile(r"\s+(kommun|stad)s?\b", re.I)
_LONGEST_NAME = 40  # characters before the word: the longest name, its genitive s, a margin


def find_municipality(texts: list[str]) -> str | None:
    if not municipalities():
        return None
    canonical = {n.lower(): n for n in municipalities()}
    counts: Counter = Counter()
    pattern = _municipality_pattern()
    for weight, text in texts:
        # The 290-name alternation is tried only just before each "kommun"/"stad" (a scan of
        # the whole text with it took 0.15 s on a 108-page report); ``pos`` keeps its \b honest.
        for hit in _MUNICIPALITY_WORD.finditer(text):
            for m in pattern.finditer(text, max(0, hit.start() - _LONGEST_NAME), hit.end()):
                if m.end() == hit.end():
                    counts[canonical[m.group(1).lower()]] += weight
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def find_report_date(lines: list[str]) -> str | None:
    """The report's own date: a labelled one ("Datum 2020-04-21"), else one that stands on a
    short line of the first page ("2024-02-20", "Göteborg den 9 april 2024"). Dates inside
    sentences ("antogs … den 19 december 2019") are about something else."""
    for i, line in enumerate(lines):
        if re.match(r"^\s*(datum|date)\b", line, re.I):
            found = find_date(line) or (find_date(lines[i + 1]) if i + 1 < len(lines) else None)
            if found:
                return found
    for line in lines:
        if len(line.split()) <= 6:
            found = find_date(line)
            if found:
                return found
    return None


def find_date(text: str) -> str | None:
    m = _ISO_DATE.search(text)
    if m:
        return m.group(0)
    m = _LONG_DATE.search(text)
    if m:
        day, month, year = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
        if 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def find_doc_type(title: str, first_page: str) -> str:
    for scope in (title, first_page):
        low = scope.lower()
        for name, pattern in _DOC_TYPES:
            if re.search(pattern, low) and (scope is first_page or name != "tjänsteskrivelse"):
                return name
    return "other"


def extract_metadata(title: str | None, first_pages: list[str], furniture: list[str],
                     info: dict[str, str], body_text: str = "") -> Metadata:
    """Build :class:`Metadata` from the cover title, the first pages' lines and the running text.

    ``first_pages`` holds the text lines of the first page(s), in reading order; ``furniture``
    the running header/footer lines of the whole document; ``body_text`` the rest, consulted
    only for the municipality when the first pages do not name it.
    """
    first = "\n".join(first_pages)
    meta = Metadata()
    meta.title = title or (info.get("Title") or None)
    # A labelled document type on the first page ("TJÄNSTESKRIVELSE") outranks the title's words.
    for line in first_pages[:40]:
        low = line.strip().lower()
        if low in {"tjänsteskrivelse", "revisionsberättelse", "förstudie", "granskningsrapport", "missiv"}:
            meta.doc_type = find_doc_type(low, low)
            break
    else:
        meta.doc_type = find_doc_type(meta.title or "", "\n".join(first_pages[:15]))
    meta.municipality = (find_municipality([(3, first)] + [(1, t) for t in furniture] + [(2, meta.title or "")])
                         or find_municipality([(1, body_text)]))
    meta.date = find_report_date(first_pages)
    m = _DNR.search(first) or _DNR.search("\n".join(furniture))
    if m and m.start() < len(first) and first[max(0, m.start() - 1):m.start()] != "(":
        meta.diarienummer = re.sub(r"\s+", " ", m.group("dnr")).strip()
    for line in first_pages[:40]:
        if _BODY.match(line.strip()):
            meta.body = line.strip()
            break
    years = [int(y) for y in _YEAR.findall(meta.title or "")]
    if years:
        meta.year = max(years)
    elif meta.date:
        meta.year = int(meta.date[:4])
    else:
        ys = [int(y) for y in _YEAR.findall(first)]
        created = re.match(r"D:((?:19|20)\d\d)", info.get("CreationDate", ""))
        # the first page names no year: the year the PDF was made is the year it was published
        meta.year = Counter(ys).most_common(1)[0][0] if ys else (int(created.group(1)) if created else None)
    return meta
