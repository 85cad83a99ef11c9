"""Bordered tables: ruling lines → grids of cells → rows, joined across page breaks.

The grid geometry (snapping and joining edges, intersections, cells) is pdfplumber's table
functions, copied into :mod:`.grid_geometry` (pure geometry over plain dicts, independent of the
PDF backend, and without importing pdfplumber).
A table row that a page break cuts in two becomes one row again: the fragment on the next page
continues the last row when its first cell is empty or its text carries on mid-sentence, and a
header row repeated on the new page is dropped.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .grid_geometry import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
from .layout import Line, group_lines
from ..read import Page, Word

Box = tuple[float, float, float, float]


@dataclass
class Cell:
    row: int
    col: int
    bbox: Box
    words: list[Word] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


@dataclass
class Grid:
    """A table, or the part of one that sits on one page."""
    page: int
    bbox: Box
    cols: list[float]  # x0 of each column
    cells: list[Cell]

    @property
    def n_rows(self) -> int:
        return 1 + max(c.row for c in self.cells)

    def row(self, i: int) -> list[Cell]:
        return sorted((c for c in self.cells if c.row == i), key=lambda c: c.col)


def find_grids(page: Page) -> list[Grid]:
    """Bordered tables on a page: at least two cells, with text in at least one."""
    if len(page.rules) < 4:
        return []
    edges = []
    for r in page.rules:
        if r.horizontal:
            y = (r.top + r.bottom) / 2
            edges.append({"orientation": "h", "x0": r.x0, "x1": r.x1, "top": y, "bottom": y,
                          "width": r.x1 - r.x0, "height": 0})
        else:
            x = (r.x0 + r.x1) / 2
            edges.append({"orientation": "v", "x0": x, "x1": x, "top": r.top, "bottom": r.bottom,
                          "width": 0, "height": r.bottom - r.top})
    edges = merge_edges(edges, 3, 3, 3, 3)
    hs = sum(1 for e in edges if e["orientation"] == "h")
    if hs < 2 or hs == len(edges):
        return []
    cells = intersections_to_cells(edges_to_intersections(edges, 1, 1))
    grids = []
    for table in cells_to_tables(cells):
        if len(table) < 2:
            continue
        tops = sorted({round(c[1], 1) for c in table})
        xs = sorted({round(c[0], 1) for c in table})
        grid_cells = [Cell(row=_index(tops, c[1]), col=_index(xs, c[0]), bbox=tuple(c)) for c in table]
        bbox = (min(c[0] for c in table), min(c[1] for c in table),
                max(c[2] for c in table), max(c[3] for c in table))
        grids.append(Grid(page=page.number, bbox=bbox, cols=xs, cells=grid_cells))
    return grids


def _index(values: list[float], v: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - v))


def fill_grids(grids: list[Grid], words: list[Word]) -> list[Word]:
    """Put each word into the cell that holds its centre; return the words outside every table."""
    outside: list[Word] = []
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        for g in grids:
            x0, top, x1, bottom = g.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                for c in g.cells:
                    if c.bbox[0] <= cx <= c.bbox[2] and c.bbox[1] <= cy <= c.bbox[3]:
                        c.words.append(w)
                        break
                else:
                    outside.append(w)  # inside the table's frame but in no cell: a caption, a note
                break
        else:
            outside.append(w)
    kept = []
    for g in grids:
        if any(c.words for c in g.cells):
            for c in g.cells:
                c.lines = group_lines(c.words, g.page) if c.words else []
            kept.append(g)
        else:  # a frame or chart without text: its words (none) stay outside
            pass
    grids[:] = kept
    return outside
