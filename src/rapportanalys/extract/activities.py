"""Activities from the activity tables of a plan follow-up.

A plan follow-up reports on each activity of the plan in a table row: the activity, with its
status icon in front, then a comment ("Aktivitet | Kommentar"). A table is an activity table
when its header names activities (Aktivitet, Åtgärd, Insats, Uppdrag), or, without such a
header, when most of its first-column cells start with a status icon. Each row gives one
:class:`~rapportanalys.model.Activity`; a row cut by a page break is already one row in the
structure, so it gives one activity whose page is the row's first page.

What the icon means is :mod:`.status`'s business: the report's own legend first, a default
otherwise.
"""
from __future__ import annotations

import re
from collections import defaultdict

from ..model import Activity, Block, Report
from .status import Icon, read_icon, read_legend, status_of

_ACTIVITY_HEADER = re.compile(r"^(?:aktivitet|aktiviteter|åtgärd|åtgärder|insats|insatser|uppdrag)\b", re.I)


def extract_activities(report: Report) -> list[Activity]:
    legend = read_legend([b.text for b in report.blocks if b.kind in ("paragraph", "list_item")])
    activities: list[Activity] = []
    for rows in _tables(report):
        n_header = _header_rows(rows)
        body = [(row, *read_icon(row[0].text, row[0].marks)) for row in rows[n_header:] if row[0].col == 0]
        if not _is_activity_table(rows[0] if n_header else None, [icon for _, icon, _ in body]):
            continue
        for row, icon, title in body:
            activities.append(_activity(row, icon, title, legend))
    return activities


def _tables(report: Report) -> list[list[list[Block]]]:
    """Each table's rows in order, each row its cells from left to right."""
    cells: dict[str, dict[int, list[Block]]] = defaultdict(lambda: defaultdict(list))
    for block in report.blocks:
        if block.kind == "table_cell" and block.table is not None:
            cells[block.table][block.row].append(block)
    return [[sorted(row, key=lambda b: b.col) for _, row in sorted(rows.items())] for rows in cells.values()]


def _header_rows(rows: list[list[Block]]) -> int:
    """How many rows the header takes: the rows structure marked as header (set in bold), or a
    first row that only names the column ("Aktivitet") when the header is set like the body."""
    n = 0
    while n < len(rows) and any(cell.header for cell in rows[n]):
        n += 1
    if n == 0 and rows and len(rows[0][0].text.split()) <= 2 and _ACTIVITY_HEADER.match(rows[0][0].text):
        n = 1
    return n


def _is_activity_table(header: list[Block] | None, icons: list[Icon | None]) -> bool:
    """The header names activities, or most rows (two at least) start with a status icon."""
    if header and header[0].col == 0 and _ACTIVITY_HEADER.match(header[0].text):
        return True
    marked = sum(icon is not None for icon in icons)
    return marked >= 2 and marked * 2 >= len(icons)


def _activity(row: list[Block], icon: Icon | None, title: str, legend) -> Activity:
    return Activity(
        title=" ".join(title.split()),
        status=status_of(icon, legend),
        status_symbol=icon.symbol if icon else None,
        comment="\n".join(cell.text for cell in row[1:]),
        section=row[0].section,
        page=min(cell.page for cell in row),
    )
