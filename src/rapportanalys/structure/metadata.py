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

from ..extract.references import parse_date, parse_month_year
from ..model import Metadata
from .headings import DOCUMENT_LABELS

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


_SIGNED = re.compile(r"^\s*[A-ZÅÄÖ][\wåäö]+(?:\s[A-ZÅÄÖ][\wåäö]+)?,?\s+den\s+\d{1,2}\s+\w+\s+(?:19|20)\d\d\b")
_DEADLINE = re.compile(r"\b(senast|före|innan|till och med|t\.o\.m\.?|inom)\b", re.I)
_DATE_LABEL = re.compile(r"^\s*(datum|date|version|reviderad|uppdaterad|fastställd|antagen)\b[:\s]", re.I)


def find_report_date(lines: list[str]) -> str | None:
    """The report's own date: a labelled one ("Datum 2020-04-21", "Version 2023-10-10"), else
    the place-and-date line of a letter ("Göteborg den 1 september 2023"), else one that stands
    on a short line of the first page ("2024-02-20", "April 2022"). Dates inside sentences
    ("antogs … den 19 december 2019") and deadlines ("senast den 21 juni 2024") are about
    something else."""
    for i, line in enumerate(lines):
        if _DATE_LABEL.match(line):
            found = find_date(line) or (find_date(lines[i + 1]) if i + 1 < len(lines) else None)
            if found:
                return found
    for line in lines:
        if _SIGNED.match(line):
            return find_date(line)
    for line in lines:
        if len(line.split()) <= 6 and not _DEADLINE.search(line):
            found = find_date(line) or find_month(line)
            if found:
                return found
    return None


def find_month(text: str) -> str | None:
    """A line that is only a month and a year ("April 2022"): ISO 8601 at the precision printed,
    "2022-04", never an invented day."""
    return parse_month_year(text)


def find_date(text: str) -> str | None:
    """The first full date of a line ("2024-02-20", "Göteborg den 9 april 2024"), read by the
    one recogniser of dates (extract/references.py)."""
    return parse_date(text)


# A document-type word after one of these in its line names another document, the subject or
# source of this one ("Samordning av mål och strategier", "Uppdrag i strategisk plan 2022-2025"),
# not the kind of this one; "Uppföljning av plan X" is typed by its head, "uppföljning".
# A numbered line ("3 Befintliga mål och strategier", a table-of-contents entry) names a chapter.
_PREPOSITION = re.compile(r"\b(?:av|i|för|enligt|inom|till|om|från|med|utifrån|kring)\b")
_NUMBERED = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+\D")


def _heads(scope: str) -> str:
    """Each line of ``scope`` up to its first preposition: the head of a title's noun phrase;
    numbered lines left out."""
    return "\n".join(_PREPOSITION.split(line, maxsplit=1)[0] for line in scope.splitlines()
                     if not _NUMBERED.match(line))


def find_doc_type(title: str, first_page: str) -> str:
    for scope in (title, first_page):
        low = _heads(scope.lower())
        for name, pattern in _DOC_TYPES:
            if re.search(pattern, low) and (scope is first_page or name != "tjänsteskrivelse"):
                return name
    return "other"


_COVER_LETTER = re.compile(r"^(missiv|följebrev|missivskrivelse)\b", re.I)
_LETTER_SUBJECT = re.compile(r"^(?:missiv|följebrev)\s+till\s+granskningen\s+av\s+(?P<subject>.+)$", re.I)
# Document labels a first page prints on a line of their own, above or beside the addressee.
_LABELS = {"tjänsteskrivelse", "revisionsberättelse", "förstudie", "granskningsrapport", "missiv", "rapportsammandrag"}
def label_row(line: str) -> tuple[str | None, str]:
    """A first-page line as (document label, the rest): the label alone on its line, or in
    capitals before the addressee on the same row ("TJÄNSTESKRIVELSE    Kommunfullmäktige");
    (None, the line) when it holds none."""
    text = line.strip()
    if text.lower() in _LABELS:
        return text.lower(), ""
    lead, _, rest = text.partition(" ")
    if lead.isupper() and lead.lower() in _LABELS:
        return lead.lower(), rest.strip()
    return None, text


# The kind of an annual document as its running header or footer names it ("Stadsrevisionens
# årsredogörelse 2022"): it outranks a title that only describes the content.
_ANNUAL_TYPES = ("delårsrapport", "årsredovisning", "verksamhetsberättelse")


def covered_title(title: str, page_titles: list[tuple[str | None, float]]) -> str:
    """The title of the report a cover letter covers.

    A letter ("Missiv till granskningen av …") is followed by the report itself, which starts on
    a later page set in type as large as the letter's heading. When that page is headed only by
    a document label ("Rapportsammandrag"), the letter's subject names the report.
    """
    size = page_titles[0][1] if page_titles else 0.0
    for text, page_size in page_titles[1:]:
        if text and page_size >= 0.9 * size and text.strip().lower() not in DOCUMENT_LABELS \
                and not _COVER_LETTER.match(text):
            return text
    m = _LETTER_SUBJECT.match(title)
    if m:
        subject = m.group("subject").strip()
        return subject[:1].upper() + subject[1:]
    return title


_CAPITALISED = re.compile(r"\b[A-ZÅÄÖ][\wåäö]{4,}\b")


def find_bare_municipality(*texts: str) -> str | None:
    """A municipality named without "kommun" or "stad" ("… i Göteborg"), at least twice, with
    its capital letter; names shorter than five letters ("Mark", "Ale") are common words.

    Several ``texts`` count as one, as if joined by line breaks (a name never spans one), and
    are not joined: the body text of a long report is its largest string, and a joined copy
    beside it was the structure stage's last peak."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(m.group(0) for m in _CAPITALISED.finditer(text))
    found = [(counts[n], n) for n in municipalities() if len(n) >= 5 and counts[n] >= 2]
    return max(found)[1] if found else None


def extract_metadata(title: str | None, first_pages: list[str], furniture: list[str],
                     info: dict[str, str], body_text: str = "",
                     page_titles: list[tuple[str | None, float]] = (), later_lines: list[str] = ()) -> Metadata:
    """Build :class:`Metadata` from the cover title, the first pages' lines and the running text.

    ``first_pages`` holds the text lines of the first page(s), in reading order; ``furniture``
    the running header/footer lines of the whole document; ``body_text`` the rest, consulted
    only for the municipality when the first pages do not name it. ``page_titles`` holds the
    largest type of each of the first pages and its size, and ``later_lines`` the lines of the
    next pages: a cover letter's report, its date and signature may stand there.
    """
    first = "\n".join(first_pages)
    meta = Metadata()
    meta.title = title or (info.get("Title") or None)
    letter = bool(meta.title and _COVER_LETTER.match(meta.title))
    if letter:
        meta.title = covered_title(meta.title, list(page_titles))
    # A labelled document type on the first page ("TJÄNSTESKRIVELSE") outranks the title's words.
    running = find_doc_type("\n".join(furniture), "")
    for line in first_pages[:40]:
        label, _ = label_row(line)
        if label:
            meta.doc_type = find_doc_type(label, label)
            break
    else:
        meta.doc_type = (running if running in _ANNUAL_TYPES
                         else find_doc_type(meta.title or "", "\n".join(first_pages[:15])))
    meta.municipality = (find_municipality([(3, first)] + [(1, t) for t in furniture] + [(2, meta.title or "")])
                         or find_municipality([(1, body_text)])
                         or find_bare_municipality(first, *furniture, body_text))
    meta.date = (find_report_date(first_pages + (list(later_lines) if letter else []))
                 or find_report_date([t for t in furniture if _DATE_LABEL.match(t)]))
    m = _DNR.search(first) or _DNR.search("\n".join(furniture))
    if m and m.start() < len(first) and first[max(0, m.start() - 1):m.start()] != "(":
        meta.diarienummer = re.sub(r"\s+", " ", m.group("dnr")).strip()
    for line in first_pages[:40]:
        _, candidate = label_row(line)
        if _BODY.match(candidate):
            meta.body = candidate
            break
    meta.series = series_key(meta)
    years = [int(y) for y in _YEAR.findall(meta.title or "")]
    if years:
        meta.year = max(years)
    elif meta.date:
        meta.year = int(meta.date[:4])
    else:
        ys = [int(y) for y in _YEAR.findall(first)]
        created = re.match(r"D:((?:19|20)\d\d)", info.get("CreationDate", ""))
        made = int(created.group(1)) if created else None
        year = Counter(ys).most_common(1)[0][0] if ys else made
        # No date printed: the first page's year is mostly the year of what it reports, and a
        # report made the next January (a review of 2022 finished in 2023) is of the year it was
        # made. A PDF made years later is a re-export, and says nothing of the report.
        meta.year = made if made is not None and year is not None and year < made <= year + 1 else year
    return meta


# Words a title uses for what kind of document it is, or for its year, never for its subject.
_TYPE_WORDS = re.compile(
    r"^(?:uppföljning(?:en)?|rapport(?:en)?|årsrapport(?:en)?|årsredogörelse(?:n)?|verksamhetsberättelse(?:n)?|"
    r"årsredovisning(?:en)?|delårsrapport(?:en)?|delårsbokslut(?:et)?|tjänsteskrivelse(?:n)?|granskning(?:en)?|"
    r"sammanfattning|sammanfattar|redovisning(?:en)?|verksamhetsår(?:et)?|år(?:et)?|helår(?:et)?|"
    r"och|av|för|i|om|med|till|på|den|det|de|en|ett|samt|-|–)$")
# The organisation that issues an annual report is its identity: "Stadsrevisionens årsredogörelse".
_ISSUER = re.compile(r"\b([a-zåäö]*(?:revisionen|nämnden|styrelsen|förvaltningen|fullmäktige)(?:\s+för\s+[a-zåäö]+)?)s?\b")


def series_key(meta: Metadata) -> str | None:
    """The key that two editions of one report share: municipality, document type and subject,
    years and months taken out. A yearly report (verksamhetsberättelse, årsredovisning,
    delårsrapport) is its issuer's: "Stadsrevisionen sammanfattar granskningen av verksamhetsåret
    2022" and "Stadsrevisionens årsredogörelse och årsrapport för 2023" are both
    ``göteborg|verksamhetsberättelse|stadsrevisionen``. Any other report is its title's subject
    words: "Uppföljning 2022 Program Social Hållbarhet" and "Uppföljning program Social
    Hållbarhet 2023" are both ``kungälv|uppföljning|hållbarhet program social``."""
    title = (meta.title or "").lower()
    if not title:
        return None
    town = (meta.municipality or "okänd").lower()
    if meta.doc_type in _ANNUAL_TYPES:
        issuer = _ISSUER.search(title) or _ISSUER.search((meta.body or "").lower())
        if issuer:
            return f"{town}|{meta.doc_type}|{re.sub(r'[^a-zåäö ]', '', issuer.group(1))}"
    words = re.findall(r"[a-zåäöéü0-9]+(?:-[a-zåäö]+)*", title)
    months = set(_month_names())
    subject = sorted({w for w in words if not _TYPE_WORDS.match(w) and w not in months
                      and not w.isdigit() and w != town and w.rstrip("s") != town})
    return f"{town}|{meta.doc_type}|{' '.join(subject)}"


def _month_names() -> tuple[str, ...]:
    from ..extract.references import MONTHS
    return tuple(MONTHS)
