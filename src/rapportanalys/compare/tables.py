"""Tables cell by cell.

A table printed in both editions is one table with new figures, and an auditor reads it cell by
cell: the row "Nettokostnad" in the column "Utfall 2023" last year and this year. Aligning its
cells as loose passages can pair a figure with its neighbour (two columns of similar numbers),
so tables are aligned first, as tables:

1. Each table's cells are indexed by their row label (the first column's text) and column
   header (the header rows' text of the column; the first row when none is marked as header).
2. Two tables are the same table when many of their row labels and column headers agree and
   their sections correspond; the pairing is an optimal assignment (Hungarian algorithm).
3. Rows are matched by label, columns by header: the same words first, then the same words with
   the numbers masked ("Utfall 2022" → "Utfall 2023" when no "Utfall 2022" is left).
4. Each matched cell that holds a figure is a passage of its own, fixed before the passages are
   aligned, and a changed value is a figure change with its row, column and the table's unit.
   The header cells of matched columns and the label cells of matched rows are paired the same
   way, so a column's changed year is a reference change of that column's header.
5. A cell both editions print for the same period (the same row under a column headed by the
   same year, "Utfall 2022" last year and this year) with different values is a restated
   figure: an inconsistency of the two editions.

The unit is the table's own (a ``unit`` field, where the reader gives tables one), else the one
its labels name: a row label or column header ("Belopp (tkr)", "Andel %"), the corner cell, or
the caption or lead-in line right before the table ("Tabell 2. Driftredovisning, mnkr").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from .align_passages import Group
from .align_sections import SectionAlignment
from .passages import Document, Unit
from .text import keys, masked, tokenize

_MONEY = re.compile(r"\b(tkr|mnkr|mkr|mdkr|kr|kronor|miljoner kronor|tusen kronor|miljarder kronor)\b", re.I)
_MONEY_NAME = {"miljoner kronor": "mnkr", "tusen kronor": "tkr", "miljarder kronor": "mdkr", "mkr": "mnkr"}
_PERCENT = re.compile(r"\(%\)|%|\bprocent\b", re.I)
_MIN_TABLE_SCORE = 0.5  # share of row labels and column headers two tables must share


@dataclass
class CellInfo:
    """What a figure in a table cell is: its row and column as printed, and the table's unit."""
    row: str
    column: str
    unit: str | None


@dataclass
class _Table:
    id: str
    section: str | None
    cells: dict[tuple[int, int], Unit] = field(default_factory=dict)
    header_rows: int = 0
    row_text: dict[int, str] = field(default_factory=dict)  # row -> label as printed
    col_text: dict[int, str] = field(default_factory=dict)  # col -> header as printed
    unit: str | None = None


@dataclass(frozen=True)
class Restated:
    """A cell both editions print for the same period (the same row, a column headed by the
    same year: last year's "Utfall 2022" and this year's "Utfall 2022") with different values:
    a figure restated, which an auditor asks about."""
    old: Unit
    new: Unit
    row: str
    column: str
    period: str
    unit: str | None


@dataclass
class TableCells:
    groups: list[Group]  # the figure cells of tables both editions print, paired
    info: dict[int, CellInfo]  # new unit -> its row, column and unit
    # figure cells of paired tables left unpaired (a column dropped, a year added): removed or
    # new, never a passage with some other cell; ("old", unit index) or ("new", unit index)
    closed: set[tuple[str, int]]
    restated: list[Restated] = field(default_factory=list)


def table_cells(old: Document, new: Document, sections: SectionAlignment) -> TableCells:
    o_tables, n_tables = _tables(old), _tables(new)
    groups: list[Group] = []
    info: dict[int, CellInfo] = {}
    closed: set[tuple[str, int]] = set()
    restated: list[Restated] = []
    for ot, nt in _pair_tables(o_tables, n_tables, sections):
        closed |= {("old", u.index) for u in ot.cells.values() if _is_figure_cell(u)}
        closed |= {("new", u.index) for u in nt.cells.values() if _is_figure_cell(u)}
        rows = _match(ot.row_text, nt.row_text, skip=set(range(nt.header_rows)) | set(range(ot.header_rows)))
        cols = _match(ot.col_text, nt.col_text, years=(old.report.metadata.year, new.report.metadata.year))
        unit = nt.unit or ot.unit
        for (orow, nrow) in rows.items():
            for (ocol, ncol) in cols.items():
                if ncol == 0:
                    continue
                o, n = ot.cells.get((orow, ocol)), nt.cells.get((nrow, ncol))
                if o is None or n is None or not (_is_figure_cell(o) and _is_figure_cell(n)):
                    continue
                groups.append(Group([o.index], [n.index]))
                info[n.index] = CellInfo(nt.row_text[nrow], nt.col_text[ncol], unit)
        groups += _label_cells(ot, nt, rows, cols)
        restated += _restated(ot, nt, rows, unit)
    closed -= {("old", g.old[0]) for g in groups} | {("new", g.new[0]) for g in groups}
    return TableCells(groups, info, closed, restated)


def _restated(ot: _Table, nt: _Table, rows: dict[int, int], unit: str | None) -> list[Restated]:
    """Cells of the same row under the same year's column (headers with one year, the same
    words) whose values differ."""
    out = []
    for oc, o_head in ot.col_text.items():
        years = re.findall(r"\b(?:19|20)\d\d\b", o_head)
        if len(years) != 1 or oc == 0:
            continue
        for nc, n_head in nt.col_text.items():
            if nc == 0 or _key(n_head) != _key(o_head):
                continue
            for orow, nrow in rows.items():
                o, n = ot.cells.get((orow, oc)), nt.cells.get((nrow, nc))
                if o is None or n is None or not (_is_figure_cell(o) and _is_figure_cell(n)):
                    continue
                a, b = _value(o), _value(n)
                if a is not None and b is not None and a != b:
                    out.append(Restated(o, n, nt.row_text[nrow], n_head, years[0], unit))
    return out


def _value(u: Unit) -> float | None:
    figures = [t for t in u.tokens if t.is_figure]
    return figures[0].number.value if len(figures) == 1 else None


def _label_cells(ot: _Table, nt: _Table, rows: dict[int, int], cols: dict[int, int]) -> list[Group]:
    """The header cells of matched columns and the label cells of matched rows, paired as the
    table pairs them: last year's "Utfall 2022" column is this year's "Utfall 2023" (its year a
    reference change), though this year's table also prints a column "Utfall 2022"."""
    out = []
    places = [((r, oc), (r, nc)) for oc, nc in cols.items() for r in range(min(ot.header_rows, nt.header_rows))]
    places += [((orow, 0), (nrow, 0)) for orow, nrow in rows.items()]
    for o_at, n_at in places:
        o, n = ot.cells.get(o_at), nt.cells.get(n_at)
        if o is not None and n is not None and not (_is_figure_cell(o) or _is_figure_cell(n)):
            out.append(Group([o.index], [n.index]))
    return out


def _tables(doc: Document) -> list[_Table]:
    by_id: dict[str, _Table] = {}
    previous: dict[str, Unit | None] = {}
    last: Unit | None = None
    for u in doc.units:
        b = u.block
        if b.table is None:
            last = u
            continue
        t = by_id.get(b.table)
        if t is None:
            t = by_id[b.table] = _Table(b.table, b.section)
            previous[b.table] = last if last is not None and last.section == b.section else None
        t.cells[(b.row, b.col)] = u
    declared = {getattr(t, "id", None): getattr(t, "unit", None) for t in getattr(doc.report, "tables", None) or []}
    for t in by_id.values():
        header = {r for (r, _), u in t.cells.items() if u.block.header}
        t.header_rows = (max(header) + 1) if header else 1
        for (r, c), u in t.cells.items():
            if c == 0:
                t.row_text[r] = _first_line(u.block.text)
        for c in {c for _, c in t.cells}:
            t.col_text[c] = " ".join(_first_line(t.cells[(r, c)].block.text)
                                     for r in range(t.header_rows) if (r, c) in t.cells)
        caption = previous.get(t.id)
        t.unit = declared.get(t.id) or _unit(" ".join(
            [*t.col_text.values(), *t.row_text.values(), caption.block.text if caption is not None else ""]))
    return list(by_id.values())


def _first_line(text: str) -> str:
    return " ".join(text.split("\n", 1)[0].split())


def _unit(labels: str) -> str | None:
    money = _MONEY.search(labels)
    if money:
        word = money.group(1).lower()
        return _MONEY_NAME.get(word, word)
    if _PERCENT.search(labels):
        return "procent"
    return None


def row_unit(info: CellInfo) -> str | None:
    """A row or column that names its own unit ("Andel elever (%)") wins over the table's."""
    return _unit(info.row) or _unit(info.column) or info.unit


def _is_figure_cell(u: Unit) -> bool:
    """A cell that holds a figure and little else ("4,823", "12 %", "-2 600 tkr")."""
    return any(t.is_figure for t in u.tokens) and len(u.tokens) <= 3


def _pair_tables(old: list[_Table], new: list[_Table], sections: SectionAlignment) -> list[tuple[_Table, _Table]]:
    if not old or not new:
        return []
    score = np.zeros((len(old), len(new)))
    for a, ot in enumerate(old):
        for b, nt in enumerate(new):
            rows = _overlap(ot.row_text, nt.row_text)
            cols = _overlap(ot.col_text, nt.col_text)
            shape = rows * cols
            if shape:
                score[a, b] = (rows + cols) / 2 + (0.1 if sections.corresponds(ot.section, nt.section) else 0.0)
    rows, cols = linear_sum_assignment(score, maximize=True)
    return [(old[a], new[b]) for a, b in zip(rows, cols) if score[a, b] >= _MIN_TABLE_SCORE]


def _overlap(a: dict[int, str], b: dict[int, str]) -> float:
    """Share of labels the two sides have in common, numbers masked."""
    ka = {_masked(t) for t in a.values() if t}
    kb = {_masked(t) for t in b.values() if t}
    return len(ka & kb) / max(len(ka), len(kb)) if ka and kb else 0.0


def _relative(text: str, year: int) -> str:
    """A header with its years relative to the edition's: "Utfall 2022" in the 2022 edition is
    "utfall y+0"; a header without a year is not matched this way."""
    if not re.search(r"\b(?:19|20)\d\d\b", text):
        return "\x00" + text  # no year: matched only by the same words
    return _key(re.sub(r"\b((?:19|20)\d\d)\b", lambda m: f"y{int(m.group(1)) - year:+d}", text))


def _key(text: str) -> str:
    return keys(tokenize(text))


def _masked(text: str) -> str:
    return masked(tokenize(text))


def _match(old: dict[int, str], new: dict[int, str], skip: set[int] | None = None,
           years: tuple[int | None, int | None] = (None, None)) -> dict[int, int]:
    """old index -> new index. Column headers with years are read relative to each edition's
    year, as a reader of two editions does: last year's "Utfall 2022" (this year's figure) is
    this year's "Utfall 2023", its "Utfall 2021" (the year before) this year's "Utfall 2022".
    Then the same label (in table order where a label repeats), then the same label with its
    numbers masked where that masked label is the only one of its kind on both sides ("Budget
    2022" → "Budget 2023")."""
    skip = skip or set()
    old = {i: t for i, t in old.items() if i not in skip and t}
    new = {j: t for j, t in new.items() if j not in skip and t}
    out: dict[int, int] = {}
    keys = [_key]
    if years[0] and years[1]:
        keys.insert(0, None)
    for key in keys:
        o_key = (lambda t: _relative(t, years[0])) if key is None else key
        n_key = (lambda t: _relative(t, years[1])) if key is None else key
        taken = set(out.values())
        free: dict[str, list[int]] = {}
        for j in sorted(new):
            if j not in taken:
                free.setdefault(n_key(new[j]), []).append(j)
        for i in sorted(old):
            if i not in out and free.get(o_key(old[i])):
                out[i] = free[o_key(old[i])].pop(0)
    taken = set(out.values())
    o_masked = {i: _masked(t) for i, t in old.items() if i not in out}
    n_masked = {j: _masked(t) for j, t in new.items() if j not in taken}
    o_all, n_all = [_masked(t) for t in old.values()], [_masked(t) for t in new.values()]
    by_masked = {m: j for j, m in n_masked.items() if n_all.count(m) == 1}
    for i, m in o_masked.items():
        if o_all.count(m) == 1 and m in by_masked:
            out[i] = by_masked[m]
    return out
