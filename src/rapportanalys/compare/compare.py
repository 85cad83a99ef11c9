"""``compare``: last year's report next to this year's.

sections → tables cell by cell → passages → statuses, diffs and figures → moves → carried-over
sentences → stale shares → inconsistencies → activities, each a pure function over the two
reports; this module puts their answers together in report order.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..model import Figure, Report
from .align_passages import Group, align_passages
from .align_sections import SectionAlignment, align_sections
from .activities import compare_activities
from .carried import OldSentences
from .diff import NEW, REMOVED, STALE, STATUSES, reference_of, reference_pairs, status, word_diff
from .figure_pairs import FigurePair, figure_pairs, restated, same_part
from .inconsistencies import find_inconsistencies
from .moves import longest_increasing, moved
from .passages import Document, Unit
from .quantities import unit_after
from .result import Comparison, FigureChange, InconsistencyRow, Passage, ReferenceChange, SectionRow, Side
from .settings import CompareSettings
from .stale import stale_shares
from .tables import CellInfo, row_unit, table_cells
from .text import Token, sentences


def compare(old: Report, new: Report, settings: CompareSettings | None = None) -> Comparison:
    settings = settings or CompareSettings()
    o, n = Document(old), Document(new)
    sections = align_sections(o, n, settings)
    tables = table_cells(o, n, sections)
    groups = _in_report_order(align_passages(o, n, sections, settings, tables.groups, tables.closed))
    moves = moved(groups, o, n, sections)
    passages = [_passage(g, k in moves, o, n, settings, tables.info) for k, g in enumerate(groups)]
    _restated_figures(groups, passages, o, n, sections, settings, tables.info)
    old_sentences = OldSentences(o, settings)
    for g, p in zip(groups, passages):
        if p.new is not None and p.status not in STALE:
            p.carried = old_sentences.carried([n.units[j] for j in g.new], [o.units[i] for i in g.old])
    status_of = {j: p.status for g, p in zip(groups, passages) for j in g.new}
    whole, per_section = stale_shares(n, status_of, _carried_chars(groups, passages, n))
    summary = {s: sum(p.status == s for p in passages) for s in STATUSES}
    summary["stale_share"] = whole
    summary["moved"] = len(moves)
    summary["carried"] = sum(len(p.carried) for p in passages)
    summary["figure_changes"] = sum(len(p.figure_changes) for p in passages)
    summary["reference_changes"] = sum(len(p.reference_changes) for p in passages)
    inconsistencies = [
        InconsistencyRow(i.what, i.period, i.old.raw, i.new.raw,
                         {"text": i.old.sentence, "page": i.old.page, "block": i.old.block},
                         {"text": i.new.sentence, "page": i.new.page, "block": i.new.block}, i.unit,
                         i.old.value, i.new.value)
        for i in find_inconsistencies(o, n, settings)]
    inconsistencies += _restated_cells(tables.restated, inconsistencies)
    summary["inconsistencies"] = len(inconsistencies)
    summary["identical"] = is_same_file(old, new)
    activities = compare_activities(o, n, sections, settings)
    summary["activities"] = {
        "kept": sum(a.change == "kept" for a in activities),
        "added": sum(a.change == "added" for a in activities),
        "dropped": sum(a.change == "dropped" for a in activities),
        "status_changed": sum(a.status_change is not None for a in activities),
        "comment_unchanged": sum(a.change == "kept" and a.comment == "unchanged" for a in activities),
    }
    return Comparison(old, new, summary, _section_rows(o, n, sections, per_section), passages,
                      inconsistencies, settings.to_dict(), activities)


def _restated_cells(restated: list, found: list[InconsistencyRow]) -> list[InconsistencyRow]:
    """Table cells restated for the same period (compare/tables.py), as inconsistencies, unless
    the text already gave the same one."""
    seen = {(i.period, i.old_number, i.new_number) for i in found}
    out = []
    for r in restated:
        o, n = (next(t for t in u.tokens if t.is_figure) for u in (r.old, r.new))
        if (r.period, o.number.value, n.number.value) in seen:
            continue
        seen.add((r.period, o.number.value, n.number.value))
        side = [{"text": f"{r.row}, {r.column}: {u.block.text.strip()}", "page": u.block.page, "block": u.block.id}
                for u in (r.old, r.new)]
        out.append(InconsistencyRow(f"{r.row} | {r.column}", r.period, _number_text(o.number.raw),
                                    _number_text(n.number.raw), side[0], side[1], row_unit(CellInfo(r.row, r.column, r.unit)),
                                    o.number.value, n.number.value))
    return out


def _carried_chars(groups: list[Group], passages: list[Passage], n: Document) -> dict[int, int]:
    """New unit -> characters of it in carried-over sentences (offsets of a passage's side run
    over its blocks joined by a blank line)."""
    out: dict[int, int] = {}
    for g, p in zip(groups, passages):
        if not p.carried:
            continue
        base = 0
        for j in g.new:
            length = len(n.units[j].block.text)
            out[j] = sum(min(c.end, base + length) - max(c.start, base) for c in p.carried
                         if c.start < base + length and c.end > base)
            base += length + 2
    return out


def is_same_file(old: Report, new: Report) -> bool:
    """Both sides are the same file (equal sha256): a comparison of a report with itself says
    nothing, and the user most likely picked the same file twice."""
    return bool(old.source.sha256) and old.source.sha256 == new.source.sha256


def _in_report_order(groups: list[Group]) -> list[Group]:
    """The new report's order; a removed passage stands after the new place of the nearest
    carried-over passage before it in the old report."""
    carried = sorted((g.old[0], g.new[0]) for g in groups if g.old and g.new)  # in old order

    def place(g: Group) -> tuple[int, int, int]:
        if g.new:
            return (g.new[0], 0, g.old[0] if g.old else -1)
        before = [nj for oi, nj in carried if oi < g.old[0]]
        return (before[-1] if before else -1, 1, g.old[0])

    return sorted(groups, key=place)


def _passage(g: Group, is_moved: bool, o: Document, n: Document, settings: CompareSettings,
             cell_info: dict[int, CellInfo]) -> Passage:
    old_units = [o.units[i] for i in g.old]
    new_units = [n.units[j] for j in g.new]
    old_tokens = [t for u in old_units for t in u.tokens]
    new_tokens = [t for u in new_units for t in u.tokens]
    if not old_units:
        return Passage(NEW, False, 0.0, None, _side(new_units, n), [["+", _text(new_units)]])
    if not new_units:
        return Passage(REMOVED, False, 0.0, _side(old_units, o), None, [["-", _text(old_units)]])
    similarity = fuzz.ratio(" ".join(u.key for u in old_units), " ".join(u.key for u in new_units)) / 100.0
    changes = [_figure_change(pair, old_units, new_units, o, n, cell_info)
               for pair in figure_pairs(old_tokens, new_tokens)]
    references = [_reference_change(a, b, old_units, new_units) for a, b in reference_pairs(old_tokens, new_tokens)]
    return Passage(status(old_tokens, new_tokens, settings), is_moved, similarity,
                   _side(old_units, o), _side(new_units, n), word_diff(old_tokens, new_tokens), changes,
                   reference_changes=references)


def _text(units: list[Unit]) -> str:
    return "\n\n".join(u.block.text for u in units)


def _side(units: list[Unit], doc: Document) -> Side:
    first = units[0].block
    on_first_page = [u.block.bbox for u in units if u.block.page == first.page]
    bbox = [min(b[0] for b in on_first_page), min(b[1] for b in on_first_page),
            max(b[2] for b in on_first_page), max(b[3] for b in on_first_page)]
    spans = []
    for u in units:
        b = u.block
        spans += [{"page": s.page, "bbox": list(s.bbox)} for s in b.spans] or [{"page": b.page, "bbox": list(b.bbox)}]
    return Side(_text(units), doc.path(first.section), first.page, bbox, [u.block.id for u in units], spans,
                first.section)


def _restated_figures(groups: list[Group], passages: list[Passage], o: Document, n: Document,
                      sections: SectionAlignment, settings: CompareSettings, cell_info: dict[int, CellInfo]) -> None:
    """The figure changes of sentences restated with new figures in a new passage, from a
    removed one (compare/figure_pairs.py): listed with the new passage."""
    removed = [o.units[i] for g in groups if not g.new for i in g.old]
    added = {j: k for k, g in enumerate(groups) if not g.old for j in g.new}
    found = restated(removed, [n.units[j] for j in added], same_part(sections, o, n), settings.restated_min_similarity)
    for r in found:
        passage = passages[added[r.new_unit.index]]
        passage.figure_changes += [_figure_change(pair, [r.old_unit], [r.new_unit], o, n, cell_info)
                                   for pair in r.pairs]


def _figure_change(pair: FigurePair, old_units: list[Unit], new_units: list[Unit],
                   o: Document, n: Document, cell_info: dict[int, CellInfo]) -> FigureChange:
    old, new = pair.old, pair.new
    new_unit, tokens, i = _locate(new, new_units)
    old_unit, old_tokens, oi = _locate(old, old_units)
    unit = unit_after(tokens, i) or unit_after(old_tokens, oi)
    what = None
    cell = cell_info.get(new_unit.index)
    for doc, report_unit, token in ((n, new_unit, new), (o, old_unit, old)):
        figure = _extracted_figure(doc, report_unit, token)
        if figure is not None:
            # a table cell is described by this year's row and column, not last year's header
            unit, what = figure.unit, figure.what if doc is n or cell is None else None
            break
    if cell is not None:  # a table both editions print: the table's unit, its row and column
        unit = row_unit(cell) or unit
        what = what or f"{cell.row} | {cell.column}"
    old_span, new_span = pair.old_span, pair.new_span
    old_text, new_text = _number_text(old_span.raw), _number_text(new_span.raw)
    difference, precision = _difference(old_text, new_text, old_span.value, new_span.value)
    return FigureChange(old_text, new_text, unit, what, old_span.value, new_span.value,
                        _sentence_at(new_unit.block.text, new.start), _sentence_at(old_unit.block.text, old.start),
                        difference, precision, cell.row if cell else None, cell.column if cell else None)


def _difference(old_text: str, new_text: str, old: float | None, new: float | None) -> tuple[float | None, int]:
    """new - old, rounded to the most decimals either figure is printed with: 4,823 → 4,827
    is +0,004, never +0."""
    if old is None or new is None:
        return None, 0
    precision = max(_decimals(old_text), _decimals(new_text))
    return round(new - old, precision), precision


def _decimals(printed: str) -> int:
    m = re.search(r"[.,](\d+)(?!.*\d)", printed)
    return len(m.group(1)) if m and not re.search(r"\d[ .]\d{3}$", printed) else 0


def _reference_change(old: Token, new: Token, old_units: list[Unit], new_units: list[Unit]) -> ReferenceChange:
    new_unit, _, _ = _locate(new, new_units)
    old_unit, _, _ = _locate(old, old_units)
    o, n = reference_of(old), reference_of(new)
    return ReferenceChange(o.raw, n.raw, n.kind, o.value, n.value, _sentence_at(new_unit.block.text, new.start),
                           _sentence_at(old_unit.block.text, old.start))


def _locate(token: Token, units: list[Unit]) -> tuple[Unit, list[Token], int]:
    for u in units:
        for i, t in enumerate(u.tokens):
            if t is token:
                return u, u.tokens, i
    raise ValueError("token not in passage")


def _extracted_figure(doc: Document, unit: Unit, token: Token) -> Figure | None:
    """The figure extractor's figure for this number, when the pipeline filled Report.figures."""
    if token.number is None:  # "inga medel": a zero that is words
        return None
    for f in doc.figures.get(unit.block.id, []):
        if f.raw and (f.raw in token.text or token.number.raw in f.raw):
            return f
    return None


def _number_text(raw: str) -> str:
    """The number as printed, without its "%"/"procent" or previous value: "1,9"."""
    return re.sub(r"\s*(%|procent)?\s*(\([^)]*\))?$", "", raw, flags=re.IGNORECASE) or raw


def _sentence_at(text: str, offset: int) -> str:
    for start, end in sentences(text):
        if start <= offset < end:
            return text[start:end]
    return text


def _section_rows(o: Document, n: Document, sections: SectionAlignment,
                  per_section: dict[str, tuple[float | None, int]]) -> list[SectionRow]:
    """Every new section in order with its old counterpart; removed old sections after the
    row of the old section before them."""
    new_order = {s.id: k for k, s in enumerate(n.report.sections)}
    old_pos = {s.id: k for k, s in enumerate(o.report.sections)}
    carried = [new_order[sections.new_for(s.id)] for s in o.report.sections if sections.new_for(s.id)]
    in_order = {carried[p] for p in longest_increasing(carried)}
    rows: list[tuple[tuple, SectionRow]] = []
    for s in n.report.sections:
        old_id = sections.old_for(s.id)
        share, chars = per_section.get(s.id, (None, 0))
        rows.append(((new_order[s.id], 0, 0), SectionRow(
            o.path(old_id) if old_id else None, n.path(s.id), share, old_id, s.id, s.level, chars,
            sections.scores.get(old_id) if old_id else None,
            bool(old_id) and new_order[s.id] not in in_order)))
    for s in o.report.sections:
        if sections.new_for(s.id):
            continue
        before = [new_order[sections.new_for(p.id)] for p in o.report.sections[:old_pos[s.id]] if sections.new_for(p.id)]
        rows.append(((before[-1] if before else -1, 1, old_pos[s.id]), SectionRow(
            o.path(s.id), None, None, s.id, None, s.level, 0, None, False)))
    rows.sort(key=lambda r: r[0])
    return [r for _, r in rows]
