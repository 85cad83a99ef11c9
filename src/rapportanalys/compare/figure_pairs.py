"""Which figure of last year's text became which figure of this year's.

An auditor reads a changed figure as the same statement with a new value: "Årets resultat blev
-584 tusen kronor" → "Årets resultat blev 740 tusen kronor". So the two texts are aligned with
every number masked, and a figure is paired with the one that stands in the same place:

- **Anchored.** A figure pairs only where words around it agree on both sides: the run of equal
  (masked) tokens it stands in holds a word, or is the whole of both texts (a table cell, a
  line of figures only), or the words changed beside it only say which way it went ("ökade 5
  procent" → "minskade 3 procent"). "Under 2022 rekryterades 4 nya medarbetare" → "Under 2023 slutade tre
  medarbetare" puts 4 and tre in the same place, between changed words: a different fact, not a
  new value of the same one.
- **None becomes some.** Where last year's text said none ("föreslår … att inga medel
  återredovisas") and this year's prints one figure in the same place ("att 1 405 tusen kronor
  återredovisas"), or the other way round, the quantity changed from or to zero: the pair is
  reported with the words as printed ("inga medel") and the value 0.
- **Restated sentences.** A paragraph rewritten around its figures can be too different as a
  whole to be one passage (removed + new), while one of its sentences is plainly last year's
  sentence with new figures ("… blev # tusen kronor mot budgeterade # tusen kronor, vilket ger
  en … avvikelse …"). :func:`restated` pairs such sentences between the removed and the new
  passages of corresponding sections (words with numbers masked at least
  ``restated_min_similarity`` alike, one-to-one, most alike first), and their figures are paired
  as above: the new passage lists them as figure changes. A section that has no counterpart is
  read as part of its nearest parent that has one (:func:`same_part`): a table caption the
  reader took for a heading ("Utfall per 2022-12-31") puts the paragraphs under the table in a
  section of their own in one edition only.

Years, dates, references and identifiers are aligned like figures but never paired as figures
(their changes are reference changes, :func:`~.diff.reference_pairs`); a multiplier word after a
figure ("39 926 tusen kronor") is part of the figure's unit, not a figure of its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz.distance import Indel

from ..extract.numbers import NumberSpan
from .passages import Document, Unit
from .text import Token, sentences

# words that say "none of it" where the other edition prints a figure
_NONE = frozenset({"inga", "ingen", "inget"})
_PLACE_TOKENS = 4  # the most tokens a "none" or its figure (with multiplier and unit) takes
_MULTIPLIERS = frozenset({"hundra", "tusen"})
# words that say which way a figure went (as word beginnings: "ökade", "ökat", "ökning")
_DIRECTION = ("ök", "minsk", "sjönk", "sjunk", "steg", "stig", "högre", "lägre", "fler", "färre",
              "större", "mindre", "positiv", "negativ", "överskott", "underskott", "förbättr", "försämr")


@dataclass(frozen=True)
class FigurePair:
    old: Token
    new: Token
    # the number as the change reports it, where it is not the token's own ("inga medel" → 0)
    old_number: NumberSpan | None = None
    new_number: NumberSpan | None = None

    @property
    def old_span(self) -> NumberSpan:
        return self.old_number or self.old.number

    @property
    def new_span(self) -> NumberSpan:
        return self.new_number or self.new.number


def figure_pairs(old: list[Token], new: list[Token]) -> list[FigurePair]:
    """Figures that stand in the same, anchored place of both texts with different values."""
    out: list[FigurePair] = []
    ops = SequenceMatcher(None, [t.masked for t in old], [t.masked for t in new], autojunk=False).get_opcodes()
    whole = len(ops) == 1
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            if not whole and all(t.is_number for t in old[i1:i2]) and not _direction_beside(ops, k, old, new):
                continue  # figures between changed words: not the same statement
            for a, b in zip(range(i1, i2), range(j1, j2)):
                if _figure(old, a) and _figure(new, b) and old[a].key != new[b].key:
                    out.append(FigurePair(old[a], new[b]))
        elif tag == "replace" and 0 < k < len(ops) - 1:
            pair = _none_to_some(old, (i1, i2), new, (j1, j2))
            if pair is not None:
                out.append(pair)
    return out


def _direction_beside(ops: list[tuple], k: int, old: list[Token], new: list[Token]) -> bool:
    """The words changed right before or after the figures only say which way the figure went
    ("ökade 5 procent" → "minskade 3 procent", "positiv avvikelse" → "negativ"): they agree with
    the new figure, the statement is the same."""
    for tag, i1, i2, j1, j2 in ops[max(k - 1, 0):k] + ops[k + 1:k + 2]:
        if tag == "replace" and i2 - i1 <= 2 and j2 - j1 <= 2 and \
                all(t.key.startswith(_DIRECTION) for t in old[i1:i2] + new[j1:j2]):
            return True
    return False


def _figure(tokens: list[Token], k: int) -> bool:
    """``tokens[k]`` is a figure, and not a multiplier of the figure before it ("740 tusen
    kronor")."""
    t = tokens[k]
    if not t.is_figure:
        return False
    return not (t.number.raw.lower() in _MULTIPLIERS and k > 0 and tokens[k - 1].is_figure)


def _none_to_some(old: list[Token], old_at: tuple[int, int], new: list[Token],
                  new_at: tuple[int, int]) -> FigurePair | None:
    """"inga medel" where the other side has exactly one figure (and says no "none"): a change
    from or to zero. Only in a short replaced stretch between equal words on both sides (the
    caller's place)."""
    if max(old_at[1] - old_at[0], new_at[1] - new_at[0]) > _PLACE_TOKENS:
        return None
    for none_all, (n1, n2), some_all, (s1, s2), flip in ((old, old_at, new, new_at, False),
                                                           (new, new_at, old, old_at, True)):
        none_side, some_side = none_all[n1:n2], some_all[s1:s2]
        nones = [k for k, t in enumerate(none_side) if t.key in _NONE]
        figures = [some_all[k] for k in range(s1, s2) if _figure(some_all, k)]
        if len(nones) != 1 or any(t.is_number for t in none_side) or len(figures) != 1 \
                or any(t.key in _NONE for t in some_side):
            continue
        k = nones[0]
        words = none_side[k:k + 2]
        raw = " ".join(t.text for t in words).rstrip(".,;:!?")
        zero = NumberSpan(words[0].start, words[-1].end, raw, 0.0, "word")
        some = figures[0]
        return FigurePair(some, none_side[k], new_number=zero) if flip else \
            FigurePair(none_side[k], some, old_number=zero)
    return None


@dataclass(frozen=True)
class Restated:
    """A sentence of a removed old passage restated, with new figures, in a new passage."""
    old_unit: Unit
    new_unit: Unit
    pairs: list[FigurePair]


def restated(removed: list[Unit], added: list[Unit], corresponds, min_similarity: float) -> list[Restated]:
    """Figure pairs of sentences restated across a removed and a new passage.

    ``removed``/``added``: the units of passages with one side only; ``corresponds(old_section,
    new_section)`` says whether two sections are the same part of the report."""
    old = [s for u in removed for s in _figure_sentences(u)]
    new = [s for u in added for s in _figure_sentences(u)]
    scored = []
    for a, (ou, otok) in enumerate(old):
        for b, (nu, ntok) in enumerate(new):
            if not corresponds(ou.section, nu.section):
                continue
            sim = Indel.normalized_similarity([t.masked for t in otok], [t.masked for t in ntok])
            if sim >= min_similarity:
                scored.append((sim, a, b))
    out, used_old, used_new = [], set(), set()
    for sim, a, b in sorted(scored, key=lambda x: (-x[0], x[1], x[2])):
        if a in used_old or b in used_new:
            continue
        (ou, otok), (nu, ntok) = old[a], new[b]
        pairs = figure_pairs(otok, ntok)
        if pairs:
            used_old.add(a)
            used_new.add(b)
            out.append(Restated(ou, nu, pairs))
    return out


def same_part(sections, old: Document, new: Document):
    """``corresponds(old_section, new_section)``: the same section, or sections whose nearest
    sections with a counterpart (themselves or a parent) are each other's counterparts."""
    old_parent = {s.id: s.parent for s in old.report.sections}
    new_parent = {s.id: s.parent for s in new.report.sections}

    def up(section, parent, paired):
        while section is not None and paired(section) is None:
            section = parent.get(section)
        return section

    def corresponds(o: str | None, n: str | None) -> bool:
        if sections.corresponds(o, n):
            return True
        a, b = up(o, old_parent, sections.new_for), up(n, new_parent, sections.old_for)
        return a is not None and b is not None and sections.new_for(a) == b

    return corresponds


def _figure_sentences(unit: Unit) -> list[tuple[Unit, list[Token]]]:
    out = []
    for start, end in sentences(unit.block.text):
        tokens = [t for t in unit.tokens if start <= t.start < end]
        if any(t.is_figure for t in tokens) and any(not t.is_number for t in tokens):
            out.append((unit, tokens))
    return out


__all__ = ["FigurePair", "figure_pairs", "Restated", "restated"]
