"""Figures: the quantities a report states, and what each one measures.

A figure is a number that reports a quantity: "1,7 procent", "147 hushåll", "nio nya
företag", "89 (80)". Numbers that name or locate something are not figures: years, dates,
case numbers, section and list numbers, page, law and property references, phone numbers,
grades ("årskurs 9"), the denominator of a rate ("per 100 000 invånare") and ages that define
a population ("(25 – 64 år)", "över 18 år": they qualify what is measured, they are not
measured). A duration ("i femton år") is a figure.

The work is split so that the expensive part runs as little as possible:

1. Sentences. Each block is cut into lines (a table cell or a list keeps its line breaks) and
   the lines into sentences by the project's rule splitter (:mod:`.sentences`, the one comparison
   uses too), with an abbreviation list that is the spaCy pipeline's
   own tokenizer exceptions, so "bl.a.", "t.ex.", "prop." stay inside sentences exactly where
   the pipeline keeps them as one token. (The parser's own sentence boundaries would need the
   whole text parsed, several times the work of parsing only the sentences with a number.)
2. Candidates. :func:`~rapportanalys.extract.numbers.find_numbers` finds every number-like
   span; the rules below drop identifiers by the few characters around them. This is plain
   regular expressions over the whole report.
3. Parse. Only sentences with a candidate go through spaCy (one ``nlp.pipe`` call, the entity
   recognisers disabled). Its tags and dependencies give the counted noun (the unit), the
   subject of a copula ("Långtidsarbetslösheten … var 1,7 procent"), whether a number word is
   a numeral ("sex" the number, not the word), and whether a bare number stands in a clause at
   all ("Anders Saur 50010" does not).
4. Context. Period, comparison group, previous value and target come from patterns around the
   number. A figure whose subject is a generic word ("resultatet", "motsvarande siffra") or a
   comparison group ("riket (1,11 procent)") measures the same thing as the figure before it in
   the block, and takes its ``what`` (and unit and period when it has none).

Table cells that hold only a figure ("7,8 %", "-360,5", "1,35 (2019)") never reach spaCy: their
``what`` is the row label and the column header; a year in the header is the period, "Mål 2025"
makes the figure a target for 2025, "(tkr)" or "%" in a label is the unit.

Decisions where the reading is open:

- A range with a unit ("10-15%", "1,8–2,2 mnkr") is one figure whose value is the lower bound
  (``raw`` keeps the range); a range without one ("undervisningsgrupp 6-9") is not a figure.
- A ranking is a figure with unit "plats" ("på plats 71 (2022: 89 plats)": previous 89;
  "en 18:e plats").
- A year after a figure in parentheses dates it ("218 (2020)"), it is not a previous value.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import Callable

from ..model import Block, Figure, Report
from .numbers import NumberSpan, find_numbers
from .sentences import sentence_texts

# -- what the rules know about Swedish reports ------------------------------------------------

# Components of the pipeline the extractor uses: the thousands rule (so "5 176" is one
# token), tagging, morphology, lemmas and the parse. The entity recognisers are not needed.
_COMPONENTS = ("thousands_marker", "thousands_merger", "thousands_reset", "tok2vec", "tagger",
               "morphologizer", "trainable_lemmatizer", "parser")
# Components never loaded for figures (a third of the loading time).
UNUSED_COMPONENTS = ("entity_ruler", "ner", "place_ruler")

# Number words that are also ordinary words: only the tagger can tell them apart.
_AMBIGUOUS_NUMBER_WORDS = {"sex"}

# A word right before the number that makes it a label, not a quantity ("årskurs 9", "Mål 3",
# "§ 4", "Fråga 1", "sidan 12", "vecka 14", "väg 168").
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:årskurs|åk|mål|kap\.?|kapitel|paragraf|s\.?|sid\.?|sidan|sidorna|nr\.?|nummer|bilaga|"
    r"fråga|steg|punkt|avsnitt|version|fas|etapp|del|artikel|vecka|v\.|kl\.?|klockan|lag|sfs|linje|sida|"
    r"väg|rum|agenda|vision)|§)\s*$", re.IGNORECASE)
# Numbers chained to a labelled one: "åk 5 och 9", "årskurs 7-9", "Mål 1, 3 och 5".
_CHAINED = re.compile(r"(?:\s*(?:,|och|eller|till|[-–])\s*)$")
_GOALS_BEFORE = re.compile(r"\bmål(?:en)?\b[^.;()]{0,40}$", re.IGNORECASE)  # "målen: 6 - Rent vatten"
_LABEL_AFTER = re.compile(r"^\s*(?:[a-z]\s+)?(?:kap\b\.?|kapitlet|kapitel|§)", re.IGNORECASE)  # "79 a §"
_MONTHS = ("januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec")
_MONTH_AFTER = re.compile(rf"^\s*(?:{_MONTHS})\b", re.IGNORECASE)  # "den 19 december 2019", "31 dec"
_INLINE_ITEM = re.compile(r"[:,;]\s*$")
_DENOMINATOR = re.compile(r"(?:\bper|/)\s*$", re.IGNORECASE)
_GLUED = re.compile(r"\w[-–]$")  # "F-6", "Covid-19", "P540-17" (ranges are joined before)
_URLISH = re.compile(r"(?:www\.|https?:|@|\.se\b)", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"(?:\b(?:över|under|upp till|till|från|mellan|äldre än|yngre än)|\()\s*$",
                         re.IGNORECASE)
_AGE_AFTER = re.compile(r"^\s*\)?\s*år\b")
_RANGE_JOIN = re.compile(r"^\s*(?:[-–]\s*(?:och\s+)?|och\s+)$")
_RANKING_BEFORE = re.compile(r"\bplats\s*$", re.IGNORECASE)
_RANKING_AFTER = re.compile(r"^\s+plats\b", re.IGNORECASE)
_OF_TOTAL = re.compile(r"\s+av\s*$")  # "2 av 8": 8 is the whole, not a figure
# "(2022: 89 plats)" after a figure: last year's value.
_PREVIOUS_YEAR_VALUE = re.compile(r"^\s*\(\s*(?:19|20)\d\d\s*:\s*$")
_FROM = re.compile(r"\bfrån\s*$", re.IGNORECASE)
_TO = re.compile(r"^[^.;]{0,20}?\btill\s*$", re.IGNORECASE)

# Words that measure: the noun phrase they head is what a figure measures.
_MEASURE_HEAD = re.compile(r"^(?:andel|antal|mängd|procentandel)(?:en|et|ar|arna)?$", re.IGNORECASE)
# Subjects that say nothing of their own: the figure measures what the one before it did.
_GENERIC = {"resultat", "resultatet", "genomsnitt", "genomsnittet", "snitt", "snittet", "siffra",
            "siffran", "värde", "värdet", "utfall", "utfallet", "nivå", "nivån", "det", "detta",
            "den", "andel", "andelen", "antal", "antalet", "motsvarande siffra"}
# Units of measure written as abbreviations (the tagger does not always call them nouns).
_MEASURE_UNITS = {"kr", "kronor", "tkr", "mkr", "mnkr", "mdkr", "msek", "sek", "m", "km", "cm", "mm",
                  "kvm", "m2", "m²", "m3", "ha", "ton", "kg", "g", "l", "liter", "kwh", "mwh", "gwh",
                  "twh", "st", "st.", "h", "tim", "min", "timmar", "dagar", "veckor", "månader", "år",
                  "procentenheter", "poäng", "meter", "meters", "kvadratmeter", "kubikmeter",
                  "centimeter", "millimeter", "kilometer", "mil", "db", "grader", "kilo", "kilogram",
                  "kw", "mw", "gw"}
_PERCENT_WORDS = {"%", "procent"}
_MULTIPLIERS = {"tusen", "miljon", "miljoner", "miljard", "miljarder"}

_SEASONS = "våren|sommaren|hösten|vintern|vårterminen|höstterminen"
# A year, date or year range with the month or season before it ("i december 2022", "hösten 2023").
_TIME = re.compile(
    rf"(?:\b(?P<prefix>{_MONTHS}|{_SEASONS})\.?\s+)?"
    r"(?P<time>\b(?:19|20)\d\d(?:-[01]\d-[0-3]\d|\s*[-–/]\s*(?:(?:19|20)?\d\d))?\b)", re.IGNORECASE)
# Years that bound rather than date a figure ("sedan 2022", "innan 2027" is a target year).
_BOUNDARY_BEFORE = re.compile(r"\b(?:sedan|innan|före|senast|efter|fram till)\s*$", re.IGNORECASE)
_TARGET_YEAR_BEFORE = re.compile(r"\b(?:innan|senast|före|till|till år|år|t\.o\.m\.|till och med)\s*$",
                                 re.IGNORECASE)
# A target: "ska vara högst 0,5 procent", "ska minska med minst 40 procent", "målet om 92
# procent". The modal must govern a verb of level or change that the comparator follows: a rule
# such as "ska placeras … minst 4,5 meter från tomtgränsen" or "får vara högst" is not a target.
_TARGET_BEFORE = re.compile(
    r"(?:\b(?:ska|skall|bör)(?:\s+\w+){0,3}?\s+(?:vara|ligga|uppgå|öka|minska|sjunka|nå|höjas|sänkas|"
    r"understiga|överstiga)\w*(?:\s+\w+){0,2}?\s+(?:högst|lägst|minst|max|maximalt|under|över|till|med|på)"
    r"|\bmål\w*\s+(?:om|på|är|var)(?:\s+(?:högst|lägst|minst))?)\s*$", re.IGNORECASE)

_GROUPS = [
    (re.compile(r"\b(?:rikets?|rikssnittet|riksgenomsnittet|nationellt|nationella\s+(?:snittet|"
                r"genomsnittet|nivån|statistiken|siffrorna))\b", re.IGNORECASE), "riket"),
    (re.compile(r"\b(?:strukturellt\s+)?liknande\s+kommuner(?:na)?\b|\bkommuner\s+med\s+liknande\b"
                r"(?:\s+\w+){0,3}", re.IGNORECASE), "liknande kommuner"),
    (re.compile(r"\bnärliggande\s+kommuner(?:na)?\b", re.IGNORECASE), "närliggande kommuner"),
    (re.compile(r"\b(?:länet|länssnittet|länsgenomsnittet)\b", re.IGNORECASE), "länet"),
]
# A region, a county or another municipality is a comparison group only when the sentence
# compares with it ("jämfört med Region Halland", "än Mölndal", "för Ale var andelen"): "i
# Göteborg har sektorn utbildat sex instruktörer" only says where.
_PLACES = re.compile(r"\bRegion\s+[A-ZÅÄÖ][a-zåäö]+(?:\s+län)?\b|\b[A-ZÅÄÖ][a-zåäö]+(?:\s+[A-ZÅÄÖ][a-zåäö]+)?"
                     r"\s+län\b|\bVästra Götalandsregionen\b")
_COMPARISON_BEFORE = re.compile(r"(?:jämfört med|jämförelse med|i förhållande till|\bän|\bför|\bmedan)"
                                r"\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# Municipality names that are also common words: a group only as "Mark kommun", "Vara kommun".
_AMBIGUOUS_NAMES = {"Mark", "Vara", "Kil", "Berg", "Boden", "Klippan", "Säter", "Ale", "Bjuv", "Sala"}

# A unit that a line above a table gives all its cells: "Belopp i mnkr", "… tkr", "(%)".
_CAPTION_UNIT = re.compile(r"\bbelopp\s+i\s+\w+|\b(?:tkr|mnkr|mkr|mdkr)\b|\(%\)", re.IGNORECASE)
_LONE_FIGURE = re.compile(r"^\s*[-+−]?\d[\d \u00a0,.]*\s*(?:%|procent)?\s*$")


# -- data passed between the stages ------------------------------------------------------------

@dataclass
class _Candidate:
    """A number in a sentence that may be a figure (offsets into the sentence)."""
    start: int
    end: int
    value: float
    raw: str
    kind: str
    previous: float | None = None
    ranking: bool = False  # "plats 71", "18:e plats"
    is_range: bool = False  # "10-15%", "5–10 deltagare": the value is the lower bound


@dataclass
class _Sentence:
    block: Block
    text: str
    candidates: list[_Candidate]
    doc: object = None  # the spaCy Doc, once parsed


_INHERIT = "\0inherit"  # marker: the figure measures what the one before it measured


# -- entry point -----------------------------------------------------------------------------

def extract_figures(report: Report, nlp=None, beside: bool = False,
                    finish: Callable[[list[Figure]], None] | None = None) -> list[Figure]:
    """Every figure of the report's blocks, in reading order.

    ``nlp`` is a loaded spaCy pipeline (the project's ``sv_rapportanalys``); by default the
    shared one from :func:`rapportanalys.nlp.load`. Only sentences that hold a candidate number
    are parsed, with the components the extractor does not use disabled.

    With ``beside``, a long report's later blocks are done in a forked child process while this
    one does the earlier ones (:func:`_figures_beside`): ``parse`` as a command has the second
    core to itself by then (pdfium's child is done), and this stage is its longest one after
    the structure.

    ``finish(figures)``, when given, completes the figures of a run of whole blocks in place, in
    the process that found them (:func:`rapportanalys.extract.annotate` gives them their
    indicator keys there): with ``beside``, each half is finished in its own process.
    """
    if nlp is None:
        from .. import nlp as nlp_module
        nlp = nlp_module.load(exclude=UNUSED_COMPONENTS)
    abbreviations = _abbreviations(nlp)
    tables = _TableIndex(report.blocks)
    blocks = report.blocks
    own = report.metadata.municipality
    disable = [name for name in nlp.pipe_names if name not in _COMPONENTS]

    def figures_of(lo: int, hi: int) -> list[Figure]:
        """The figures of ``blocks[lo:hi]``: each block's are found apart from any other's."""
        # per block, in order: figures found without a parse, and sentences waiting for one
        per_block = [_block_items(blocks[i], blocks[i + 1] if i + 1 < len(blocks) else None, tables,
                                  abbreviations) for i in range(lo, hi)]
        sentences = [item for items in per_block for item in items if isinstance(item, _Sentence)]
        for sentence, doc in zip(sentences, nlp.pipe((s.text for s in sentences), disable=disable,
                                                     batch_size=256)):
            sentence.doc = doc
        figures: list[Figure] = []
        for items in per_block:
            previous: Figure | None = None
            for item in items:
                for figure in _sentence_figures(item, own) if isinstance(item, _Sentence) else [item]:
                    if figure.what == _INHERIT:
                        figure = _inherit(figure, previous)
                    figures.append(figure)
                    previous = figure
        if finish is not None:
            finish(figures)
        return figures

    if beside:
        cut = _halfway(blocks)
        if cut is not None:
            return _figures_beside(figures_of, cut, len(blocks))
    return figures_of(0, len(blocks))


# Below this much block text (about 20 pages) a child process costs more than it saves.
_BESIDE_MIN_CHARS = 40_000


def _halfway(blocks: list[Block]) -> int | None:
    """The block index that splits the text in two equal halves, or None for a short report
    (or a process with one core)."""
    sizes = [len(b.text) for b in blocks]
    total = sum(sizes)
    if total < _BESIDE_MIN_CHARS or len(os.sched_getaffinity(0)) < 2:
        return None
    run = 0
    for i, size in enumerate(sizes):
        run += size
        if run >= total / 2:
            return i + 1
    return None


def _figures_beside(figures_of, cut: int, end: int) -> list[Figure]:
    """``figures_of(0, cut) + figures_of(cut, end)``, the second in a forked child meanwhile.

    Each block's figures depend on that block alone (and the next one's text), and spaCy
    analyses each sentence on its own, so the halves are exactly what one pass gives; the
    child's come back pickled (:mod:`rapportanalys.read.isolated`). Should the child fail, its
    half is done here."""
    from ..read.bounds import current, remaining
    from ..read.isolated import run_isolated

    first: list = []
    bounds = current()
    ran = run_isolated(figures_of, cut, end, timeout=remaining(bounds.seconds), bounds=bounds,
                       while_waiting=lambda: first.extend(figures_of(0, cut)))
    if ran.status != "ok":
        return first + figures_of(cut, end)
    return first + ran.value


def _block_items(block: Block, following: Block | None, tables: _TableIndex,
                 abbreviations: frozenset[str]) -> list:
    """A block's figures that need no parse (table cells holding only a figure, a slide's lone
    "56,7%") or its sentences that hold a candidate number."""
    if block.kind == "table_cell" and block.header:
        return []
    if block.kind == "table_cell" and _is_figure_cell(block.text):
        return _cell_figures(block, tables)
    if _LONE_FIGURE.match(block.text) and not _is_bare_integer(block.text):
        return _lone_figures(block, following)
    body = block.text
    if block.kind == "footnote":
        body = re.sub(r"^\s*\d{1,2}\s+", "", body)  # the footnote's own number
    items = []
    for text in _sentences(body, abbreviations):
        candidates = _candidates(text)
        if candidates:
            items.append(_Sentence(block, text, candidates))
    return items


def _inherit(figure: Figure, previous: Figure | None) -> Figure:
    """A figure about "the same" (generic subject, comparison group) takes what the figure
    before it in the block measured, and its unit and period when it has none."""
    if previous is None:
        return replace(figure, what=None)
    return replace(figure, what=previous.what, unit=figure.unit or previous.unit,
                   period=figure.period or previous.period)


# -- sentences ----------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _abbreviations(nlp) -> frozenset[str]:
    """The pipeline's tokenizer exceptions that end in a period ("bl.a.", "prop.", "t.ex."),
    lower case: the sentence splitter keeps exactly these inside sentences."""
    rules = nlp.tokenizer.rules or {}
    return frozenset(k.lower() for k in rules if k.endswith(".") and any(c.isalpha() for c in k))


def _sentences(text: str, abbreviations: frozenset[str]) -> list[str]:
    """The sentences of a block, by the project's one splitter (:mod:`.sentences`) with the
    pipeline's abbreviations."""
    return sentence_texts(text, abbreviations)


# -- candidates -------------------------------------------------------------------------------

def _candidates(sentence: str) -> list[_Candidate]:
    """The numbers of a sentence that may be figures: identifiers, ages and denominators are
    dropped, ranges joined, "(2022: 89 plats)" turned into the previous value of the figure
    before it."""
    spans = find_numbers(sentence)
    out: list[_Candidate] = []
    labelled_end = -1  # end of the last number that was a label ("åk 5"), for "åk 5 och 9"
    skip_until = -1
    for i, span in enumerate(spans):
        if span.start < skip_until:
            continue
        before, after = sentence[:span.start], sentence[span.end:]
        if span.kind not in ("number", "percent", "word", "ordinal"):
            continue
        if span.reference is not None or span.value is None:  # a date, § or case number
            continue  # (extract/references.py), or a misprinted number whose value is unknown
        ranking = bool(_RANKING_BEFORE.search(before)) or (span.kind == "ordinal"
                                                            and bool(_RANKING_AFTER.match(after)))
        if span.kind == "ordinal" and not ranking:
            continue
        if span.kind == "word" and span.raw.lower() in ("tusen", "hundra") and out \
                and not sentence[out[-1].end:span.start].strip():
            continue  # "39 926 tusen kronor": a multiplier, part of the unit
        if _is_identifier(sentence, span, labelled_end):
            labelled_end = span.end
            continue
        # "(2022: 89 plats)" right after the previous figure: its value last year
        if out and _PREVIOUS_YEAR_VALUE.match(sentence[out[-1].end:span.start]):
            out[-1].previous = span.value
            continue
        # "2 av 8": the whole of which the figure is a part
        if out and _OF_TOTAL.match(sentence[out[-1].end:span.start]):
            continue
        candidate = _Candidate(span.start, span.end, span.value, span.raw, span.kind, span.previous,
                               ranking)
        joined = _join_range(sentence, candidate, spans[i + 1] if i + 1 < len(spans) else None)
        if joined is not None:
            candidate, skip_until = joined, joined.end
            if _AGE_AFTER.match(sentence[candidate.end:]):
                continue  # "(25 – 64 år)", "12-18 år": ages that define who is counted
        elif _is_age(before, after):
            continue
        if "." in candidate.raw and candidate.kind == "number" and not _unit_word_follows(after):
            continue  # "4.1", "2.0": a section or version; a decimal point counts with a unit ("37.8%")
        out.append(candidate)
    return out


def _is_identifier(sentence: str, span: NumberSpan, labelled_end: int) -> bool:
    """Numbers that name or locate rather than measure, told by the characters around them."""
    before, after = sentence[:span.start], sentence[span.end:]
    if _LABEL_BEFORE.search(before) or _LABEL_AFTER.match(after) or _MONTH_AFTER.match(after):
        return True
    if labelled_end >= 0 and _CHAINED.fullmatch(sentence[labelled_end:span.start]):
        return True
    if _DENOMINATOR.search(before) or _GLUED.search(before):
        return True
    if re.match(r"^[-–]\d+[-–/]\d", after) or re.search(r"\d[-–/]\d+[-–]$", before):
        return True  # a code in three parts: "403-170-2023"
    if re.match(r"0\d", span.raw):
        return True  # "01 Byggnadsutformning": a numbering, not a quantity
    if span.kind == "number" and _GOALS_BEFORE.search(before) and not _unit_word_follows(after):
        return True  # goals by number: "Agenda 2030-målen, däribland 13, 14 och 15"
    token = re.search(r"\S*$", before).group(0) + re.match(r"\S*", after).group(0)
    if _URLISH.search(token):
        return True
    if re.match(r"^\s*[-–]\s+[A-ZÅÄÖ]", after):
        return True  # a numbered title: "6 - Rent vatten och sanitet för alla"
    # list numbering, at the start of a line or inline: "1. Tidiga insatser", "fyrstegsprincip:
    # 1. Tänk om, 2. Optimera"
    return bool(re.match(r"^[.)]\s", after)) and (not _strip_bullet(before) or _INLINE_ITEM.search(before))


def _is_age(before: str, after: str) -> bool:
    """"över 18 år", "upp till 21 år", "(65 år)": an age that defines who is counted."""
    return bool(_AGE_AFTER.match(after)) and bool(_AGE_BEFORE.search(before))


def _join_range(sentence: str, first: _Candidate, nxt: NumberSpan | None) -> _Candidate | None:
    """"10-15%", "25 – 64", "65 - och 75": one candidate from the first to the second number."""
    if nxt is None or nxt.kind not in ("number", "percent") or first.kind not in ("number", "word") \
            or first.previous is not None:
        return None
    if not _RANGE_JOIN.match(sentence[first.end:nxt.start]):
        return None
    if "och" in sentence[first.end:nxt.start] and "-" not in sentence[first.end:nxt.start] \
            and not re.search(r"\bmellan\s*$", sentence[:first.start], re.IGNORECASE):
        return None  # "4 och 6" is two figures; "mellan 65 och 75" is a range
    return _Candidate(first.start, nxt.end, first.value, sentence[first.start:nxt.end],
                      nxt.kind, None, first.ranking, is_range=True)


def _unit_word_follows(after: str) -> bool:
    word = re.match(r"\s*\)?\s*([\w%²/]+\.?)", after)
    return bool(word) and (word.group(1).lower() in _MEASURE_UNITS or word.group(1) in _PERCENT_WORDS)


# -- one parsed sentence ------------------------------------------------------------------------

def _sentence_figures(sentence: _Sentence, own: str | None) -> list[Figure]:
    text, doc = sentence.text, sentence.doc
    times = _time_expressions(text)
    groups = _group_mentions(text, own)
    has_clause = any(t.pos_ in ("VERB", "AUX") for t in doc)
    figures: list[tuple[_Candidate, Figure]] = []
    for cand in sentence.candidates:
        tokens = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if tokens is None or not len(tokens):
            continue
        if cand.kind == "word" and cand.raw.lower() in _AMBIGUOUS_NUMBER_WORDS and tokens[0].pos_ != "NUM":
            continue  # "sex" the word, not the number; "nio", "fyra" are numbers whatever the tagger says
        unit, unit_token, raw = _unit(doc, cand, tokens, text)
        if cand.is_range and unit is None:
            continue  # a span of labels ("undervisningsgrupp 6-9"), not a quantity
        label = _label(text, cand)
        if unit is None and label is None and (not has_clause or _after_name(doc, tokens)):
            continue  # a phone extension, a stray page number, a property ("Glaset 12")
        what = label or _what(doc, cand, tokens, unit_token, text, groups, sentence.candidates)
        is_target = _is_target(text, cand, counted=unit_token is not None and unit not in (
            "procent", None) and unit.lower() not in _MEASURE_UNITS)
        figure = Figure(
            value=cand.value, raw=raw, unit=unit, what=what,
            period=None if is_target else _period(cand.start, cand.start + len(raw), times),
            group=None, previous=cand.previous, is_target=is_target,
            target_year=_target_year(text, cand) if is_target else None,
            sentence=text, block=sentence.block.id, page=sentence.block.page)
        figures.append((cand, figure))
    _assign_groups(text, figures, groups)
    _link_from_to(text, figures)
    return [f for _, f in figures]


def _after_name(doc, tokens) -> bool:
    """A number right after a capitalised word inside the sentence: "Gäddan 6", "Storgatan 3"."""
    if tokens.start < 2:
        return False
    word = doc[tokens.start - 1]
    return word.is_alpha and word.text[0].isupper() and not word.is_sent_start


def _unit(doc, cand: _Candidate, tokens, text: str) -> tuple[str | None, object, str]:
    """The unit and its token, and the raw text of the figure: "procent" for % and procent,
    else the noun the number counts ("147 hushåll", "10 nya företag" → "företag"), as written
    but in the indefinite form ("de tre dimensionerna" → "dimensioner")."""
    if cand.kind == "percent":
        return "procent", None, cand.raw
    if cand.ranking:
        return "plats", None, cand.raw
    i = tokens.end
    skipped = 0
    while i < len(doc) and skipped < 2 and _is_modifier(doc, i):
        i += 1
        skipped += 1
    if i >= len(doc):
        return None, None, cand.raw
    token = doc[i]
    word = token.text.lower()
    if word in _PERCENT_WORDS:
        return "procent", token, text[cand.start:token.idx + len(token)]
    if word.rstrip(".") in _MEASURE_UNITS or re.fullmatch(r"[a-zåäö]{1,4}/[a-zåäö]+", word):
        return token.text.rstrip("."), token, text[cand.start:token.idx + len(token.text.rstrip("."))]
    if word in _MULTIPLIERS and i + 1 < len(doc) and doc[i + 1].pos_ == "NOUN":
        last = doc[i + 1]  # "600 miljoner kronor": the multiplier is part of the unit
        return f"{token.text} {last.text}", last, text[cand.start:last.idx + len(last)]
    if token.pos_ == "NOUN" and re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", token.text):
        before = tokens.start - 1
        while before > 0 and doc[before].pos_ == "ADJ":  # "de senaste fem åren"
            before -= 1
        determiner = doc[before] if before >= 0 else None
        return _indefinite_plural(token, determiner), token, text[cand.start:token.idx + len(token)]
    return None, None, cand.raw


def _is_modifier(doc, i: int) -> bool:
    """An adjective or participle between a number and its noun ("10 nya företag",
    "144 registrerade ärenden", which the tagger may call a past-tense verb)."""
    token = doc[i]
    if token.pos_ == "ADJ" or token.tag_.startswith("PC"):
        return True
    return (token.pos_ == "VERB" and "PRT" in token.tag_ and i + 1 < len(doc)
            and doc[i + 1].pos_ == "NOUN")


_DEFINITE_DETERMINERS = {"de", "dessa", "alla", "samtliga", "våra", "sina", "deras", "hans", "hennes"}


def _indefinite_plural(token, determiner=None) -> str:
    """A counted noun in the indefinite form: as written, unless it is definite plural after a
    definite determiner ("de tre dimensionerna" → "dimensioner"). The determiner is required
    because the morphology alone also calls "34 samtycken" definite."""
    text = token.text
    definite = "Def" in token.morph.get("Definite") or "|DEF" in token.tag_
    after_determiner = determiner is not None and determiner.lower_ in _DEFINITE_DETERMINERS
    if after_determiner and definite and text.endswith(("na", "en")) and len(text) >= 4:
        return text[:-2]  # "dimensionerna", "åren"
    return text


def _label(text: str, cand: _Candidate) -> str | None:
    """"Misshandel mot man/kvinna över 18 år …: 89 (80)": the text before the colon."""
    head = text[:cand.start]
    if not re.search(r":\s*$", head):
        return None
    label = _strip_bullet(re.split(r"[;•]", head.rstrip(": "))[-1])
    return label if re.search(r"[A-Za-zÅÄÖåäö]{3}", label) else None


def _what(doc, cand: _Candidate, tokens, unit_token, text: str, groups,
          candidates: list[_Candidate]) -> str | None:
    """What the figure measures, as a short noun phrase with its head in the indefinite form:
    the measure phrase before it ("andelen elever … med godkänt betyg"), the phrase it stands in
    parentheses after, or the subject of its clause. Generic words and comparison groups say
    "the same as before" (:data:`_INHERIT`). A count says what it counts with its noun: its
    ``what`` is that noun's phrase when it has more words than the unit ("144 registrerade
    ärenden våld i nära relationer"), else null (the subject of "Programmet har fyra planer" is
    not what the four measures)."""
    if unit_token is not None and unit_token.lower_ not in _PERCENT_WORDS \
            and unit_token.lower_.rstrip(".") not in _MEASURE_UNITS:
        _, end = _phrase_from(doc, unit_token.i, stop=len(doc), attributes_only=True)
        counted = _phrase_text(doc, (tokens.end, end), head=unit_token.i)
        return counted if counted and counted.lower() != unit_token.lower_ else None
    anchor = unit_token if unit_token is not None else tokens[-1]
    # "(1,11 procent)" after "riket", "(0,67 procent" after "andel personer med …"
    if tokens.start > 1 and doc[tokens.start - 1].text == "(":
        phrase = _phrase_ending_at(doc, tokens.start - 2)
        if phrase is not None:
            return _INHERIT if _in_group(doc, phrase, groups) else _phrase_text(doc, phrase)
    # the nearest "andel …"/"antal …" before the figure in its clause, no other figure between
    others = [(c.start, c.end) for c in candidates if c is not cand]
    for i in range(tokens.start - 1, -1, -1):
        token = doc[i]
        if any(a <= token.idx < b for a, b in others) or token.lower_ in (";", "men", "medan"):
            break
        if _MEASURE_HEAD.match(token.text):
            return _phrase_text(doc, _phrase_from(doc, i, stop=tokens.start))
    subject = _subject(anchor)
    if subject is not None:
        if subject.lower_ in _GENERIC:
            return _INHERIT
        if subject.pos_ == "PRON":
            return None
        phrase = _phrase_around(doc, subject.i, stop=tokens.start)
        return _INHERIT if _in_group(doc, phrase, groups) else _phrase_text(doc, phrase)
    if cand.kind == "percent" and tokens.end < len(doc) and doc[tokens.end].pos_ in ("ADJ", "NOUN"):
        return _phrase_text(doc, _phrase_from(doc, tokens.end, stop=len(doc)))  # "90 procent behöriga …"
    return None


def _subject(anchor):
    """The subject of the clause the figure is the predicate of ("X var 1,7 procent"), or the
    word a relative clause hangs on ("genomsnittet för riket som var 3,4 procent")."""
    for head in (anchor, anchor.head):
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubj:pass") and child.i != anchor.i:
                if child.lower_ == "som" and head.dep_ == "acl:relcl":
                    return head.head
                return child
        if head.dep_ == "acl:relcl":
            return head.head
        if head is head.head:
            break
    return None


# Noun phrases by tags: the parse finds the subject, the tags its extent (the parser attaches
# modifiers less reliably than the tagger labels words).
_NP_INNER = {"ADJ", "NOUN", "PROPN"}


def _phrase_around(doc, head: int, stop: int) -> tuple[int, int]:
    start = head
    while start > 0 and doc[start - 1].pos_ in _NP_INNER and not doc[start - 1].like_num:
        start -= 1
    _, end = _phrase_from(doc, head, stop)
    # a measure word inside the phrase heads it: "lägre andel personer" → "andel personer"
    for i in range(start, head + 1):
        if _MEASURE_HEAD.match(doc[i].text):
            return i, end
    return start, end


def _phrase_from(doc, head: int, stop: int, attributes_only: bool = False) -> tuple[int, int]:
    """The noun phrase that starts at ``head`` and runs right through adjectives, nouns,
    prepositional attributes and coordinated nouns, to a verb, a punctuation mark, a time
    expression, a figure or ``stop``; a relative clause on a measure word is included
    ("andelen som känner sig otrygga …"). With ``attributes_only`` (after a counted noun) a
    bare noun does not continue the phrase: in "147 hushåll socialt kontrakt" it is the object."""
    end = head + 1
    limit = min(stop, len(doc), head + 14)
    while end < limit:
        token = doc[end]
        if token.pos_ in _NP_INNER and not _is_time_or_figure(token) and not (
                attributes_only and end == head + 1):
            end += 1
        elif _is_label_number(token):
            end += 1  # "andelen elever i årskurs 9 med …"
        elif not attributes_only and _is_modifier(doc, end):
            end += 1  # "antalet registrerade ärenden", the participle tagged as a verb
        elif token.pos_ == "ADP" and end + 1 < limit and _noun_follows(doc, end + 1, limit):
            end += 1
        elif token.pos_ == "CCONJ" and end + 1 < limit and _noun_follows(doc, end + 1, limit) \
                and (not attributes_only or end == head + 1):
            end += 1  # "stöld- och tillgreppsbrott"; after a count only "företag och föreningar"
        elif token.pos_ in ("DET", "NUM") and not _is_time_or_figure(token) and end + 1 < limit \
                and _noun_follows(doc, end + 1, limit):
            end += 1
        else:
            break
    if _MEASURE_HEAD.match(doc[head].text) and end < len(doc) and doc[end].lower_ == "som":
        relative = [c for c in doc[head].children if c.dep_ == "acl:relcl"]
        if relative:
            last = max(t.i for t in relative[0].subtree)
            if last < stop and last - head <= 20 and not any(t.like_num for t in doc[end:last + 1]):
                end = last + 1
    return head, end


def _noun_follows(doc, i: int, limit: int) -> bool:
    while i < limit and doc[i].pos_ in ("ADJ", "DET", "NUM", "ADV") and not _is_time_or_figure(doc[i]):
        i += 1
    return i < limit and doc[i].pos_ in ("NOUN", "PROPN") and not _is_time_or_figure(doc[i])


def _is_time_or_figure(token) -> bool:
    return bool(re.fullmatch(rf"(?:19|20)\d\d|{_MONTHS}", token.lower_)) or \
        (token.like_num and any(ch.isdigit() for ch in token.text) and not _is_label_number(token))


def _is_label_number(token) -> bool:
    """"9" in "årskurs 9": a number that is part of a name."""
    return token.like_num and token.i > 0 and bool(_LABEL_BEFORE.search(token.doc[token.i - 1].text))


def _phrase_ending_at(doc, last: int) -> tuple[int, int] | None:
    """The noun phrase whose last word is ``last`` (before a parenthesis)."""
    if last < 0 or doc[last].pos_ not in _NP_INNER:
        return None
    start = last
    while start > 0 and (doc[start - 1].pos_ in _NP_INNER or doc[start - 1].pos_ in ("ADP", "CCONJ")
                         and start > 1 and doc[start - 2].pos_ in _NP_INNER):
        start -= 1
    while doc[start].pos_ in ("ADP", "CCONJ"):
        start += 1
    for i in range(start, last + 1):
        if _MEASURE_HEAD.match(doc[i].text):
            return i, last + 1
    head = next(i for i in range(start, last + 1) if doc[i].pos_ in ("NOUN", "PROPN")) \
        if any(doc[i].pos_ in ("NOUN", "PROPN") for i in range(start, last + 1)) else start
    return head, last + 1


def _phrase_text(doc, phrase: tuple[int, int], head: int | None = None) -> str | None:
    """The phrase as written, its first word (a measure or subject head) in the indefinite
    form and lower case unless it is a name ("Långtidsarbetslösheten i Kungälv" →
    "långtidsarbetslöshet": a trailing place is dropped). With ``head``, the words before the
    head are kept as written (a count's adjectives: "registrerade ärenden …")."""
    start, end = phrase
    while end > start and (doc[end - 1].pos_ in ("ADP", "CCONJ", "DET", "PUNCT")):
        end -= 1
    # drop a trailing "i <place>" (the report's own place: the figure is about it anyway)
    if end - start >= 3 and doc[end - 2].pos_ == "ADP" and doc[end - 1].pos_ == "PROPN":
        end -= 2
    if end <= start:
        return None
    if head is not None:
        text = doc[start:end].text
        return text if doc[start].pos_ == "PROPN" else text[0].lower() + text[1:]
    words = [_indefinite(doc[start])] + ([doc[start + 1:end].text] if end > start + 1 else [])
    phrase_text = " ".join(words).strip()
    if phrase_text.lower() in _GENERIC:
        return _INHERIT
    return phrase_text if re.search(r"[A-Za-zÅÄÖåäö]{3}", phrase_text) else None


def _indefinite(token) -> str:
    """A noun's indefinite singular, lower case unless a name: "Andelen" → "andel",
    "Långtidsarbetslösheten" → "långtidsarbetslöshet". The lemmatizer is trusted when it
    changed the word; a definite noun it left alone loses its article suffix by rule."""
    text = token.text
    if token.pos_ == "PROPN" or (text.isupper() and len(text) > 1):
        return text
    lower = text.lower()
    lemma = token.lemma_.lower()
    if token.pos_ != "NOUN" or "Def" not in token.morph.get("Definite"):
        return lower
    if lemma != lower and lower.startswith(lemma[:max(3, len(lemma) - 2)]):
        return lemma
    if "Plur" in token.morph.get("Number"):
        return _indefinite_plural(token, token.doc[token.i - 1] if token.i else None).lower()
    for suffix, base in _DEFINITE_SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[:-len(suffix)] + base
            return stem[:-1] if stem.endswith("mm") else stem  # "programmet" → "program"
    return lower


# Definite singular endings, the ones whose stem ends in -e first ("kommunstyrelsen" →
# "kommunstyrelse", "boendet" → "boende", "läraren" → "lärare"), then the plain -en/-et.
_DEFINITE_SUFFIXES = (("elsen", "else"), ("andet", "ande"), ("endet", "ende"), ("aren", "are"),
                      ("en", ""), ("et", ""))


# -- period, group, previous, target --------------------------------------------------------

def _time_expressions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, period) of each time expression that can date a figure: "i december 2022"
    → "december 2022", "under 2023" → "2023"; not years that bound ("sedan 2022") or name
    ("Agenda 2030"), nor a case number's or a law's."""
    taken = [(s.start, s.end) for s in find_numbers(text)
             if s.kind not in ("year", "range", "date", "number")]
    out = []
    for m in _TIME.finditer(text):
        if any(a <= m.start("time") < b for a, b in taken):
            continue
        if _BOUNDARY_BEFORE.search(text[:m.start()]) or _LABEL_BEFORE.search(text[:m.start("time")]):
            continue
        if re.match(r"\s*:", text[m.end():]):
            continue  # "(2022: 89 plats)": the year of a previous value
        period = re.sub(r"\s+", " ", m.group(0)).strip()
        period = re.sub(r"\s*([-–/])\s*", r"\1", period)
        if m.group("prefix"):
            period = period[0].lower() + period[1:]
        out.append((m.start(), m.end(), period))
    return out


def _period(start: int, end: int, times) -> str | None:
    """The time expression nearest the figure and its unit ("20 procent 2022" → 2022; "fem
    procent 2023 och sju procent 2024": 2024 for the seven)."""
    def distance(time):
        return start - time[1] if time[1] <= start else time[0] - end + 0.5
    return min(times, key=distance)[2] if times else None


def _link_from_to(text: str, figures: list) -> None:
    """"från 73 procent till 79 procent": 73 is the previous value of 79; with "mellan 2017
    och 2020" or "2020 till 2022" in the sentence the two figures get those periods."""
    for (a, fa), (b, fb) in pairwise(figures):
        if not (_FROM.search(text[:a.start]) and _TO.match(text[a.end:b.start])):
            continue
        if fa.unit != fb.unit and fa.unit is not None:
            continue
        fb.previous = fb.previous if fb.previous is not None else fa.value
        fb.what = fb.what or fa.what
        span = re.search(r"\b(?:mellan(?:\s+åren)?\s+((?:19|20)\d\d)\s+och\s+((?:19|20)\d\d)"
                         r"|((?:19|20)\d\d)\s+till\s+((?:19|20)\d\d))\b", text, re.IGNORECASE)
        if span:
            first, last = [g for g in span.groups() if g]
            fa.period, fb.period = first, last


def _group_mentions(text: str, own: str | None) -> list[tuple[int, int, str]]:
    """Comparison groups named in the sentence: riket, liknande kommuner, länet, a region, a
    county, another municipality (the report's own municipality is not a comparison)."""
    found = []
    for pattern, name in _GROUPS:
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), name))
    places = [(m.start(), m.end(), m.group(0)) for m in _PLACES.finditer(text)]
    for m in _municipality_regex().finditer(text):
        name = m.group(1)
        if name != own and (name not in _AMBIGUOUS_NAMES or m.group(2)):
            places.append((m.start(), m.end(), name))
    for start, end, name in places:
        if _COMPARISON_BEFORE.search(text[:start]) and not any(a <= start < b for a, b, _ in found):
            found.append((start, end, name))
    return sorted(found)


@lru_cache(maxsize=1)
def _municipality_regex() -> re.Pattern:
    # imported here: structure.metadata, imported at the top, made extract and structure import
    # each other (extract first, as parse's overlap with the reading does, failed)
    from ..structure.metadata import municipalities

    names = "|".join(re.escape(n) for n in municipalities())
    return re.compile(rf"\b({names})s?\b(\s+(?:kommun|stad)s?\b)?")


def _in_group(doc, phrase: tuple[int, int], groups) -> bool:
    """Whether the phrase is (part of) a comparison group mention: "riket (1,11 procent)"."""
    start, end = doc[phrase[0]].idx, doc[phrase[1] - 1].idx + len(doc[phrase[1] - 1])
    return any(a < end and start < b for a, b, _ in groups)


_GROUP_REACH = 40  # characters from a group mention to the figure it introduces


def _assign_groups(text: str, figures: list, groups) -> None:
    """A group mention belongs to the first figure after it ("riket som var 3,4 procent",
    "riket (1,11 procent)", "liknande kommuner 89 procent"), or to the figure just before it
    when it follows as "i riket"/"för riket" and no figure comes after."""
    for start, end, name in groups:
        after = [(c, f) for c, f in figures if c.start >= end]
        if after and after[0][0].start - end > _GROUP_REACH:
            continue  # too far to be the figure's group: "… i Göteborg har sektorn utbildat sex …"
        if after:
            cand, figure = after[0]
            between = [g for g in groups if end <= g[0] < cand.start]
            if not between:
                figure.group = name
                if figure.what is None or figure.what == _INHERIT or _is_group_phrase(figure.what, name):
                    figure.what = _INHERIT
            continue
        before = [(c, f) for c, f in figures if c.end <= start]
        if before and re.fullmatch(r"\s*(?:\w+\s+)?(?:i|för|inom|bland)\s+", text[before[-1][0].end:start]):
            before[-1][1].group = before[-1][1].group or name


def _is_group_phrase(what: str, group: str) -> bool:
    return group.lower() in what.lower() or what.lower() in group.lower()


def _is_target(text: str, cand: _Candidate, counted: bool) -> bool:
    """A figure the report aims at: "ska vara högst 0,5 procent", "ska minska med minst 40
    procent", "målet om 92 procent" (but a count after "mål på" is not: "mål på tre olika
    nivåer")."""
    match = _TARGET_BEFORE.search(text[max(0, cand.start - 90):cand.start])
    return bool(match) and not (counted and match.group(0).lower().startswith("mål"))


def _target_year(text: str, cand: _Candidate) -> int | None:
    """The year a target is to be met by ("innan 2027"), first after the figure, else before."""
    years = [m for m in re.finditer(r"\b(?:19|20)\d\d\b", text) if _TARGET_YEAR_BEFORE.search(text[:m.start()])]
    after = [m for m in years if m.start() >= cand.end]
    chosen = after[0] if after else (years[-1] if years else None)
    return int(chosen.group(0)) if chosen else None


# -- figures without a sentence: table cells and slide numbers -------------------------------

def _is_figure_cell(text: str) -> bool:
    """A cell that starts with a figure and has at most a unit, a year or a few words of
    qualifier ("87,5%", "-360,5", "1,35 (2019)", "17 g/port", "2 av 8"), not a sentence."""
    if not re.match(r"\s*[-+−]?\d", text):
        return False
    words = re.findall(r"[A-Za-zÅÄÖåäö]{2,}", text)
    return len(words) <= 3 and len(text) <= 40


def _has_words(text: str) -> bool:
    return bool(re.search(r"[A-Za-zÅÄÖåäö]{2}", text))


def _is_bare_integer(text: str) -> bool:
    return bool(re.fullmatch(r"\s*\d{1,4}\s*", text))


class _TableIndex:
    """Row labels and column headers of every table, by (table, row, col)."""

    def __init__(self, blocks: list[Block]):
        self.cells: dict[tuple[str, int, int], Block] = {}
        self.captions: dict[str, str] = {}  # table → the unit line above it ("Belopp i mnkr")
        lines = [b for b in blocks if b.kind != "table_cell" and len(b.text.split()) <= 12
                 and _CAPTION_UNIT.search(b.text)]
        for b in blocks:
            if b.kind == "table_cell" and b.table is not None:
                self.cells[(b.table, b.row, b.col)] = b
                if b.table not in self.captions:
                    # the nearest such line that ends at most 40 pt above the table's first cell
                    # (reading order may put the page's text between them)
                    above = [p for p in lines if p.page == b.page and -2 <= b.bbox[1] - p.bbox[3] <= 40
                             and p.bbox[0] < b.bbox[2] + 300 and b.bbox[0] - 300 < p.bbox[2]]
                    above.sort(key=lambda p: b.bbox[1] - p.bbox[3])
                    self.captions[b.table] = _one_line(above[0].text) if above else ""

    def row_label(self, cell: Block) -> str | None:
        """The nearest cell to the left that is text, not a figure."""
        for col in range(cell.col - 1, -1, -1):
            left = self.cells.get((cell.table, cell.row, col))
            if left is not None and _has_words(left.text) and not _is_figure_cell(left.text):
                return _one_line(left.text)
        return None

    def column_header(self, cell: Block) -> str | None:
        """The header cells above in the same column, or the first row's cell when the table
        has no header row marked and that cell is text."""
        above = [self.cells.get((cell.table, row, cell.col)) for row in range(cell.row)]
        headers = [b for b in above if b is not None and b.header]
        if not headers and above and above[0] is not None and _has_words(above[0].text) \
                and not _is_figure_cell(above[0].text):
            headers = [above[0]]
        return " ".join(_one_line(b.text) for b in headers) or None

    def caption(self, cell: Block) -> str | None:
        """A short line right above the table that gives its unit: "Belopp i mnkr", "Utfall
        per 2022-12-31 tkr", "(tkr)"."""
        return self.captions.get(cell.table) or None

    def corner(self, cell: Block) -> str | None:
        first = self.cells.get((cell.table, 0, 0))
        return _one_line(first.text) if first is not None else None


def _one_line(text: str) -> str:
    return _strip_bullet(re.sub(r"\s+", " ", text))


def _strip_bullet(line: str) -> str:
    """The line without a leading list bullet; a minus sign before a number stays ("-2,7 %")."""
    return re.sub(r"^\s*(?:[•·▪‣◦*]\s*|[-–]\s+)", "", line).strip()


def _cell_figures(cell: Block, tables: _TableIndex) -> list[Figure]:
    """The figures of a cell that holds only a figure: what from the row label and column
    header, period/target/group/unit from them too."""
    row, column = tables.row_label(cell), tables.column_header(cell)
    labels = " ".join(x for x in (row, column, tables.corner(cell), tables.caption(cell)) if x)
    out = []
    text = _one_line(cell.text)
    spans = find_numbers(text)
    if len(spans) == 1 and spans[0].kind == "number" and spans[0].value is None and spans[0].reference is None:
        # a misprinted number ("-7 73") is the cell's figure, as printed, of unknown value
        what = " – ".join(x for x in (row, column) if x) or None
        unit = _table_unit(text[spans[0].end:], labels)
        return [Figure(value=None, raw=spans[0].raw, unit=unit, what=what, period=None, group=None,
                       previous=None, is_target=False, target_year=None, sentence=text, block=cell.id,
                       page=cell.page)]
    for cand in _candidates(text):
        after = text[cand.end:]
        unit = "procent" if cand.kind == "percent" else _table_unit(after, labels)
        period_in_cell = re.match(r"\s*\(\s*((?:[a-zåäö]+\.?\s+)?(?:19|20)\d\d)", after)
        header_year = re.search(r"\b(?:19|20)\d\d\b", column or "")
        is_target = bool(column and re.search(r"\bmål(?:värde|nivå)?\b", column, re.IGNORECASE))
        group = next((name for _, _, name in _group_mentions(column or "", None)), None)
        what = " – ".join(x for x in (row, column) if x) or None
        out.append(Figure(
            value=cand.value, raw=cand.raw, unit=unit, what=what,
            period=(period_in_cell.group(1) if period_in_cell else
                    header_year.group(0) if header_year and not is_target else None),
            group=group, previous=cand.previous, is_target=is_target,
            target_year=int(header_year.group(0)) if is_target and header_year else None,
            sentence=text, block=cell.id, page=cell.page))
    return out


def _table_unit(after: str, labels: str) -> str | None:
    """The unit written after the number in the cell ("17 g/port", "-1 400 kg"), else one the
    labels give ("(%)", "(tkr)", "Belopp i mnkr")."""
    word = re.match(r"\s*([A-Za-zåäö²/]+)", after)
    if word and word.group(1).lower() not in ("av",):
        return word.group(1)
    if re.search(r"\(%\)|%|\bprocent\b", labels):
        return "procent"
    money = re.search(r"\b(tkr|mnkr|mkr|mdkr|kr|kronor)\b", labels, re.IGNORECASE)
    return money.group(1).lower() if money else None


def _lone_figures(block: Block, caption: Block | None) -> list[Figure]:
    """A block that is only a figure ("56,7%" on a slide): what is the caption under it,
    up to the first sentence end or a label such as "Fråga 1:"."""
    text = _one_line(block.text)
    what = None
    if caption is not None and caption.section == block.section and caption.page == block.page:
        # the caption up to its first sentence end or a label that starts the next part
        first = re.split(r"(?<=[.!?])\s|\s\w+\s\d+:\s", _one_line(caption.text))[0]
        what = first.rstrip(".") or None
    return [Figure(value=c.value, raw=c.raw, unit="procent" if c.kind == "percent" else None,
                   what=what, period=None, group=None, previous=c.previous, is_target=False,
                   target_year=None, sentence=text, block=block.id, page=block.page)
            for c in _candidates(text)]
