"""Tables drawn without ruling lines, found from their aligned columns.

A borderless table is a run of lines whose words stand in columns: a bold header line of short
labels separated by wide gaps ("Förvaltning/Bolag   Ansvarig   Tidsplan"), then rows whose
pieces start under the header's labels (or, for figures set flush right, end under them). A row
may fill only its first column ("Miljöförbundet" with no one responsible). Without the bold
header, aligned lines are left to the paragraph rules: a memo's "Datum   2020-04-21" fields and
tab-aligned lists look alike and are no table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import Line

_GAP = 1.2  # a gap between words wider than this many font sizes parts two cells
_ALIGN = 4.0  # points within which two cells' edges are aligned
_FIGURE = re.compile(r"^[-+−–]?\s?\d[\d\s\u00a0,.]*\s?%?$")  # set flush right in its column
_INDENT = 10.0  # a header label may be indented this much from its column's left edge


@dataclass
class BorderlessTable:
    header: list[Line]  # one line per column
    rows: list[list[Line | None]]  # per row, one line (or None) per column
    cols: list[float]  # x0 of each column


def _pieces(line: Line, header: list[Line] = ()) -> list[Line]:
    """The line cut at its wide gaps, and before a word that starts where a header label does
    (a long first cell leaves a narrow gap), each piece a line of its own."""
    starts = [h.x0 for h in header[1:]]
    pieces: list[list] = [[line.words[0]]]
    for prev, w in zip(line.words, line.words[1:]):
        if w.x0 - prev.x1 > _GAP * max(line.size, 1.0) or any(abs(w.x0 - x) <= _ALIGN for x in starts):
            pieces.append([w])
        else:
            pieces[-1].append(w)
    if len(pieces) == 1:
        return [line]
    return [Line(words=ws, page=line.page, region=line.region) for ws in pieces]


def _column(piece: Line, header: list[Line]) -> int | None:
    """The header column a piece stands under: its left edge at the label's left edge, or its
    right edge at the label's right edge (figures set flush right)."""
    figure = bool(_FIGURE.match(piece.text))
    for i, h in enumerate(header):
        if abs(piece.x0 - h.x0) <= _INDENT or (figure and abs(piece.x1 - h.x1) <= _ALIGN):
            return i
    return None


def _header(line: Line) -> list[Line] | None:
    if not line.bold:
        return None
    pieces = _pieces(line)
    if len(pieces) < 2 or any(len(p.words) > 4 for p in pieces):
        return None
    return pieces


def find_tables(lines: list[Line]) -> list[tuple[int, int, BorderlessTable]]:
    """(first line, end line, table) for each borderless table in a region's lines."""
    out = []
    i = 0
    while i < len(lines):
        header = _header(lines[i])
        if header is None:
            i += 1
            continue
        rows: list[list[Line | None]] = []
        filled = 0  # rows with two or more cells
        j = i + 1
        previous = lines[i]
        while j < len(lines):
            line = lines[j]
            if line.page != previous.page or line.bold or line.top - previous.bottom > 1.5 * max(line.size, 1.0):
                break
            row: list[Line | None] = [None] * len(header)
            pieces = _pieces(line, header)
            columns = [_column(p, header) for p in pieces]
            if None in columns or len(set(columns)) != len(columns):
                break
            if len(pieces) == 1 and (columns[0] != 0 or line.x1 > header[1].x0 - _ALIGN):
                break  # a line of running text or a title under the table, not a first-column cell
            for p, c in zip(pieces, columns):
                row[c] = p
            rows.append(row)
            filled += len(pieces) >= 2
            previous = line
            j += 1
        if filled >= 2 and len(rows) >= 2 or filled >= 1 and len(rows) >= 3:
            out.append((i, j, BorderlessTable(header, rows, [h.x0 for h in header])))
            i = j
        else:
            i += 1
    return out
