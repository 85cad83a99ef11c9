"""Indicators: figures grouped under keys that two reports, or a whole corpus, can share.

A figure says what it measures in the report's own words ("andelen långtidsarbetslösa (25–64
år)"); another report words the same indicator differently ("långtidsarbetslösheten 25–64 år").
An :class:`IndicatorKey` is what stays when the wording is taken away:

- the measured thing, normalised: the words of the figure's ``what`` through the project's
  spaCy pipeline (lemmas), stop words and measuring words ("andel", "antal", "nivå") removed,
  each lemma stemmed (a light Swedish suffix stripper, because the lemmatizer leaves
  "långtidsarbetslösa" and "långtidsarbetslöshet" apart), years removed (they are the period),
  age ranges kept ("25-64": the population is part of what is measured), and the stems sorted
  (word order is wording: "andel elever med behörighet" = "behörighet bland elever");
- the unit, normalised ("%" = "procent"; "mnkr" = "mkr"); a count ("147 hushåll") has unit
  ``st`` and, without a ``what`` of its own, the counted noun as what it measures.

The comparison group ("riket", "liknande kommuner") and the period are *not* part of the key:
they tell observations of one indicator apart (Kungälv 2023, riket 2023, Kungälv 2022), so that
a report's own value meets the other report's own value, and the national value stays beside it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Figure, Report

# Words that say how something is measured, not what: "andelen X" and "X" are one indicator.
MEASURE_WORDS = frozenset({
    "andel", "antal", "procentandel", "mängd", "nivå", "utfall", "värde", "resultat", "siffra",
    "genomsnitt", "snitt", "totalt", "total", "summa", "procent", "st", "stycken", "år", "ca", "cirka",
    "omkring", "drygt", "knappt", "nästan", "närmare", "över", "under", "mer", "mindre", "än",
})
_PERCENT = {"%", "procent", "procents", "procenten"}
_CURRENCY = {"kr": "kr", "kronor": "kr", "sek": "kr", "tkr": "tkr", "tusen kronor": "tkr", "mkr": "mkr",
             "mnkr": "mkr", "msek": "mkr", "mdkr": "mdkr", "miljoner kronor": "mkr", "miljarder kronor": "mdkr",
             "miljoner": "mkr", "tusen": "tkr", "miljarder": "mdkr"}
# Words of the unit that also turn up in the what ("tusen kronor"): the unit says them.
_UNIT_WORDS = frozenset({"kron", "krono", "kr", "tus", "tusen", "miljon", "miljard", "procent", "tkr", "mkr", "mnkr"})
# Words that name one thing in reports' usage (stems): the staff are "medarbetare" or
# "anställda"; försörjningsstöd is the ekonomiskt bistånd an indicator counts.
SYNONYMS = {"medarb": "anställd", "personal": "anställd", "försörjningsstöd": "bistån",
            "ekonomisk": "", "biståndsmottag": "bistån"}
_MEASURE_UNITS = {"kwh", "mwh", "gwh", "twh", "ton", "kg", "km", "m", "m2", "m²", "kvm", "ha", "liter",
                  "plats", "procentenheter", "poäng", "timmar", "dagar", "veckor", "månader", "år",
                  "kw", "mw", "gw", "meter", "kilometer", "mil"}
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_RANGE = re.compile(r"^(\d+)\s*[-–—]\s*(\d+)$")
_VOWELS = set("aeiouyåäö")
# Swedish inflection and the most common derivation, longest first (after Snowball's Swedish
# stemmer, step 1, and its "het"/"lig"/"els" step 3).
_SUFFIXES = sorted((
    "heterna", "hetens", "anden", "heten", "heter", "arnas", "ernas", "ornas", "andes", "arens",
    "andet", "arna", "erna", "orna", "ande", "arne", "aste", "aren", "ades", "erns", "ade", "are",
    "ern", "het", "ast", "ens", "lig", "els", "ig", "ad", "en", "ar", "er", "or", "as", "es", "at",
    "a", "e", "s", "t",
), key=len, reverse=True)
_S_ENDING = set("bcdfghjklmnoprtvy")  # Snowball: a final "s" goes after these only


@dataclass(frozen=True, order=True)
class IndicatorKey:
    what: str  # sorted stems, space separated: "25-64 långtidsarbetslös"
    unit: str | None  # "%", "kr", "st", "plats" ...

    def __str__(self) -> str:
        return f"{self.what} [{self.unit}]" if self.unit else self.what


@dataclass(frozen=True)
class Observation:
    """One figure as a value of an indicator: the key, and what tells it from the other
    values of the same indicator (period, comparison group, target)."""
    key: IndicatorKey
    figure: Figure
    label: str  # how the report words it ("andel långtidsarbetslöshet")

    @property
    def period(self) -> str | None:
        return self.figure.period

    @property
    def group(self) -> str | None:
        return self.figure.group


@lru_cache(maxsize=1 << 16)  # called for every word of every passage (topics of compare --across)
def stem(word: str) -> str:
    """A light Swedish stem: the longest inflectional suffix removed from the part after the
    first vowel-consonant pair, keeping at least three letters ("långtidsarbetslöshet" →
    "långtidsarbetslös", "elevernas" → "elev")."""
    word = word.lower()
    r1 = _r1(word)
    for _ in range(2):  # "långtidsarbetslösheten": "en", then "het"
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= r1:
                if suffix == "s" and word[-2:-1] not in _S_ENDING:
                    continue
                word = word[: -len(suffix)]
                break
        else:
            break
    if word.endswith(("dd", "gd", "nn", "dt", "gt", "kt", "tt")):
        word = word[:-1]
    if len(word) > 4 and word.endswith(("nd", "nt")):  # participles: "godkänd", "godkänt"
        word = word[:-1]
    return word


def _r1(word: str) -> int:
    for i in range(1, len(word)):
        if word[i - 1] in _VOWELS and word[i] not in _VOWELS:
            return max(i + 1, 3)
    return len(word)


def normalise_unit(unit: str | None) -> tuple[str | None, str | None]:
    """(unit of the key, counted noun or None): "procent" → ("%", None), "hushåll" →
    ("st", "hushåll")."""
    if not unit:
        return None, None
    u = unit.strip().lower().rstrip(".")
    if u in _PERCENT:
        return "%", None
    if u in _CURRENCY:
        return _CURRENCY[u], None
    if u in _MEASURE_UNITS:
        return u, None
    return "st", u


class Indicators:
    """Keys for figures, with the spaCy pipeline loaded once and each distinct wording parsed
    once (a report repeats its indicators in text, tables and summaries)."""

    def __init__(self, nlp=None):
        if nlp is None:
            from .. import nlp as nlp_module
            from .figures import UNUSED_COMPONENTS
            nlp = nlp_module.load(exclude=UNUSED_COMPONENTS)
        self.nlp = nlp
        self._stop = set(nlp.Defaults.stop_words)
        self._cache: dict[str, tuple[str, ...]] = {}

    def stems(self, texts: list[str]) -> list[tuple[str, ...]]:
        """The normalised words of each text, in order, without stop and measuring words."""
        todo = sorted({t for t in texts if t not in self._cache})
        # only the lemmas are used: the edit-tree lemmatizer reads tok2vec, not the tags, so the
        # tagger, morphologizer and parser need not run
        disable = [p for p in self.nlp.pipe_names if p in ("parser", "tagger", "morphologizer")]
        for text, doc in zip(todo, self.nlp.pipe(todo, disable=disable, batch_size=256)):
            self._cache[text] = tuple(self._words(doc))
        return [self._cache[t] for t in texts]

    def _words(self, doc) -> list[str]:
        out = []
        for token in doc:
            text = token.text.lower()
            if token.is_punct or not any(c.isalnum() for c in text):
                continue
            if _YEAR.match(text):
                continue
            m = _RANGE.match(text)
            if m:
                out.append(f"{m.group(1)}-{m.group(2)}")
                continue
            if text.isdigit():
                out.append(text)  # "årskurs 9": the 9 is part of the population
                continue
            lemma = (token.lemma_ or text).lower()
            if text in self._stop or lemma in self._stop or lemma in MEASURE_WORDS or text in MEASURE_WORDS:
                continue
            word = stem(lemma)
            if word and stem(text) != word and len(stem(text)) < len(word):
                word = stem(text)  # a lemmatizer slip ("elevernas" → "elevere"): the shorter stem
            word = SYNONYMS.get(word, word)
            if word and word not in MEASURE_WORDS and word not in _UNIT_WORDS:
                out.append(word)
        return out

    def keys(self, figures: list[Figure]) -> list[IndicatorKey | None]:
        """The key of each figure; None for a figure that says neither what it measures nor
        what it counts (a bare "6"). A figure without a ``what`` in a block whose figure before
        it has a key in the same unit measures the same thing ("… 2,8 %, jämfört med 5,0 % …":
        the figures are given in reading order)."""
        units = [normalise_unit(f.unit) for f in figures]
        texts = [_what_text(f, counted) for f, (_, counted) in zip(figures, units)]
        stems = self.stems([t for t in texts if t])
        it = iter(stems)
        out: list[IndicatorKey | None] = []
        last: dict[str, IndicatorKey] = {}  # block id -> the key of its last keyed figure
        for figure, text, (unit, counted) in zip(figures, texts, units):
            words = next(it) if text else ()
            if words:
                key = IndicatorKey(" ".join(sorted(set(words))), unit)
            else:
                before = last.get(figure.block)
                key = before if before is not None and before.unit == unit and not figure.what else None
            out.append(key)
            if key is not None:
                last[figure.block] = key
        return out

    def observations(self, report: Report) -> list[Observation]:
        """Every figure of the report that has a key, in report order."""
        keys = self.keys(report.figures)
        return [Observation(k, f, _label(f)) for k, f in zip(keys, report.figures) if k is not None]


def _what_text(figure: Figure, counted: str | None) -> str:
    """What the key is made of: the figure's ``what``, with the counted noun when the figure
    counts something ("147 hushåll": hushåll)."""
    what = (figure.what or "").strip()
    if counted and counted not in what.lower():
        what = f"{what} {counted}".strip()
    return what


def _label(figure: Figure) -> str:
    return (figure.what or figure.unit or "").strip()


_DEFAULT: Indicators | None = None


def indicators() -> Indicators:
    """The shared :class:`Indicators` on the project's pipeline (loaded on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Indicators()
    return _DEFAULT


def indicator_keys(figures: list[Figure]) -> list[IndicatorKey | None]:
    return indicators().keys(figures)


@dataclass(frozen=True)
class SharedIndicator:
    """An indicator both reports give: the own values (no comparison group) of each side,
    latest period first, and how the key was matched."""
    key: IndicatorKey
    a: list[Observation]
    b: list[Observation]
    exact: bool  # the same key; False: one's words contain the other's (same unit)


def shared_indicators(a: list[Observation], b: list[Observation], min_words: int = 2) -> list[SharedIndicator]:
    """Indicators found in both lists of observations. The same key pairs; failing that, a key
    whose words all appear in a key of the other side with the same unit ("långtidsarbetslös"
    in "25-64 långtidsarbetslös") pairs when it has ``min_words`` words or more, or when the
    shorter side's one word is the longer side's only word but for an age range or a grade."""
    by_a, by_b = _by_key(a), _by_key(b)
    out = [SharedIndicator(k, by_a[k], by_b[k], True) for k in by_a if k in by_b]
    used_a, used_b = {s.key for s in out}, {s.key for s in out}
    candidates = []
    for ka in by_a:
        if ka in used_a:
            continue
        wa = set(ka.what.split())
        for kb in by_b:
            if kb in used_b or ka.unit != kb.unit:
                continue
            wb = set(kb.what.split())
            small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
            if not small <= large:
                continue
            rest = large - small
            if len(small) >= min_words or all(w[0].isdigit() for w in rest):
                candidates.append((len(small) / len(large), ka, kb))
    for _, ka, kb in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if ka in used_a or kb in used_b:
            continue
        used_a.add(ka)
        used_b.add(kb)
        out.append(SharedIndicator(ka, by_a[ka], by_b[kb], False))
    return sorted(out, key=lambda s: (s.a[0].figure.page, s.key))


def _by_key(observations: list[Observation]) -> dict[IndicatorKey, list[Observation]]:
    out: dict[IndicatorKey, list[Observation]] = {}
    for o in observations:
        out.setdefault(o.key, []).append(o)
    return out
