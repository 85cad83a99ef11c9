"""The quantities a report states, as comparison needs them: a unit, a period and the words
around each figure.

Figures are read from the text with :mod:`rapportanalys.extract.numbers`: the unit is the noun
after the number, the period the year (and month) nearest before it in the sentence (or in the
sentence before), a figure with no unit of its own ("… då motsvarande siffra var 163") measures
what the figure before it in the block measures, and the words around a figure say what it is.
When the pipeline has filled ``Report.figures`` (the figure extractor, which parses each
sentence), its unit, period, ``what`` and target flag win wherever it found the same figure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..extract.references import MONTHS
from ..model import Figure
from .passages import Document
from .text import Token, sentences

# Words that stand between a number and its counted noun ("nio nya företag") or are not nouns
# at all: the unit is looked for past the first kind and never taken from the second.
_MODIFIERS = frozenset({"nya", "nytt", "ny", "fler", "färre", "olika", "egna", "andra", "totalt",
                        "stycken", "st", "ytterligare", "unika", "aktiva", "registrerade"})
_NOT_UNITS = frozenset({
    "och", "eller", "av", "i", "på", "till", "som", "är", "var", "har", "hade", "med", "för", "per",
    "från", "under", "mellan", "jämfört", "vilket", "vilka", "det", "den", "de", "en", "ett", "samt",
    "medan", "men", "om", "efter", "innan", "sedan", "vid", "år", "inom", "mot", "än",
})
_MONTHS = frozenset(MONTHS)
_MULTIPLIERS = frozenset({"hundra", "tusen"})
_CONTEXT_WORDS = 6  # words either side of a figure that say what it measures
_TARGET_WORDS = frozenset({"innan", "senast", "målet", "mål"})


@dataclass(frozen=True)
class Mention:
    """One figure stated in a report."""
    value: float
    raw: str
    unit: str | None
    period: str | None
    context: frozenset[str]  # masked words around the figure
    what: str | None  # the figure extractor's description, or the words around the figure
    sentence: str
    block: str
    page: int


def unit_after(tokens: list[Token], i: int) -> str | None:
    """The counted noun of the number at ``tokens[i]``: "procent" for a percentage, else the
    first word after it that is not a modifier, within the sentence."""
    token = tokens[i]
    if token.number is not None and token.number.kind == "percent":
        return "procent"
    if re.search(r"[.!?:;]$", token.text):
        return None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and nxt.number is not None and nxt.number.raw.lower() in _MULTIPLIERS:
        # "740 tusen kronor": the multiplier is part of the unit
        after = unit_after(tokens, i + 1) if not re.search(r"[.!?:;,]$", nxt.text) else None
        return f"{nxt.number.raw.lower()} {after}" if after else None
    for nxt in tokens[i + 1:i + 3]:
        word = nxt.key
        if nxt.is_number or not word.isalpha() or word in _NOT_UNITS or word in _MONTHS:
            return None
        if word not in _MODIFIERS:
            return word
        if re.search(r"[.!?:;,]$", nxt.text):
            return None
    return None


def mentions(doc: Document) -> list[Mention]:
    """Every figure the report states with a unit and a period; targets ("ska vara högst 0,5
    procent innan 2027") are left out: they are not measurements."""
    extracted: dict[tuple[str, float], Figure] = {}
    for f in doc.report.figures:
        extracted.setdefault((f.block, f.value), f)
    out = []
    for unit in doc.units:
        if not any(t.is_figure for t in unit.tokens):
            continue
        block = unit.block
        for m, is_target in _from_tokens(block.text, unit.tokens, block.id, block.page):
            f = extracted.get((block.id, m.value))
            if f is not None:  # the figure extractor read the sentence: its answers win
                is_target = f.is_target
                m = replace(m, unit=f.unit or m.unit, period=f.period or m.period, what=f.what or m.what)
            if not is_target and m.unit and m.period:
                out.append(m)
    return out


def _from_tokens(text: str, block_tokens: list[Token], block_id: str, page: int) -> list[tuple[Mention, bool]]:
    """(mention, is it a target) for each figure of a block, read from the text alone."""
    out: list[tuple[Mention, bool]] = []
    period = None
    for start, end in sentences(text):
        sentence = text[start:end]
        tokens = [t for t in block_tokens if start <= t.start < end]
        for i, token in enumerate(tokens):
            if not token.is_figure or token.number.value is None:
                continue
            unit = unit_after(tokens, i)
            context = _context(tokens, i)
            what = _what(tokens, i)
            if unit is None and _ends_clause(tokens, i) and out and out[-1][0].block == block_id:
                # a figure that ends its clause with no noun of its own ("… då motsvarande
                # siffra var 163.") restates what the figure before it measures
                previous = out[-1][0]
                unit, context, what = previous.unit, previous.context, previous.what
            here = _period(tokens, i) or period
            mention = Mention(token.number.value, token.number.raw, unit, here, context, what, sentence, block_id, page)
            out.append((mention, _is_target(tokens, i)))
            # "89 (80)": the value in parentheses is the year before's
            if token.number.previous is not None and here and here.isdigit():
                out.append((replace(mention, value=token.number.previous, period=str(int(here) - 1)), False))
        period = _period(tokens, len(tokens)) or period
    return out


def _is_target(tokens: list[Token], i: int) -> bool:
    """"… ska vara högst 0,5 procent innan 2027": a figure the report aims at."""
    words = {t.key for t in tokens}
    return "ska" in words and any(t.key in _TARGET_WORDS for t in tokens[i + 1:])


def _ends_clause(tokens: list[Token], i: int) -> bool:
    return i == len(tokens) - 1 or bool(re.search(r"[.!?:;,]$", tokens[i].text))


def _period(tokens: list[Token], i: int) -> str | None:
    """The year nearest before position ``i`` (with its month: "december 2022"), else the
    nearest after it."""
    years = [j for j, t in enumerate(tokens) if t.number is not None and t.number.kind == "year"]
    before = [j for j in years if j < i]
    after = [j for j in years if j > i]
    if not before and not after:
        return None
    j = before[-1] if before else after[0]
    year = tokens[j].key
    if j > 0 and tokens[j - 1].key in _MONTHS:
        return f"{tokens[j - 1].key} {year}"
    return year


def _window(tokens: list[Token], i: int) -> list[Token]:
    return tokens[max(0, i - _CONTEXT_WORDS):i] + tokens[i + 1:i + 1 + _CONTEXT_WORDS]


def _context(tokens: list[Token], i: int) -> frozenset[str]:
    return frozenset(t.masked for t in _window(tokens, i)
                     if not t.is_number and t.key not in _NOT_UNITS and len(t.key) > 1)


def _what(tokens: list[Token], i: int) -> str:
    return " ".join(t.text for t in _window(tokens, i) if not t.is_figure).strip(" ,.;:()")
