"""pdfplumber's table-finding geometry: ruling lines → cells → tables, without pdfplumber.

These four functions are pdfplumber 0.11.10's (``pdfplumber/table.py`` and the helpers they use
from ``pdfplumber/utils``; MIT licence, © 2015 Jeremy Singer-Vine), copied with their logic
unchanged. ``import pdfplumber.table`` imports all of pdfplumber and pdfminer (about 0.2 s of
CPU), which ``parse`` with the pdfium backend otherwise never needs; the pdfplumber reference
backend still imports its library when it runs.

Edges are dicts with ``orientation`` ("h" or "v"), ``x0``, ``x1``, ``top``, ``bottom``,
``width`` and ``height``, as :func:`.tables.find_grids` builds them.
"""
from __future__ import annotations

import itertools
from operator import itemgetter

_bbox = itemgetter("x0", "top", "x1", "bottom")


def _cluster_list(xs: list[float], tolerance: float) -> list[list[float]]:
    if tolerance == 0 or len(xs) < 2:
        return [[x] for x in sorted(xs)]
    xs = sorted(xs)
    groups, current, last = [], [xs[0]], xs[0]
    for x in xs[1:]:
        if x <= last + tolerance:
            current.append(x)
        else:
            groups.append(current)
            current = [x]
        last = x
    groups.append(current)
    return groups


def _cluster_objects(xs: list[dict], key: str, tolerance: float) -> list[list[dict]]:
    get = itemgetter(key)
    clusters = _cluster_list(list(set(map(get, xs))), tolerance)
    cluster_of = {value: i for i, cluster in enumerate(clusters) for value in cluster}
    tagged = sorted(((x, cluster_of.get(get(x))) for x in xs), key=itemgetter(1))
    return [[x for x, _ in group] for _, group in itertools.groupby(tagged, key=itemgetter(1))]


def _move(obj: dict, axis: str, value: float) -> dict:
    keys = ("x0", "x1") if axis == "h" else ("top", "bottom")
    out = dict(obj)
    for k in keys:
        out[k] = obj[k] + value
    return out


def _snap(objs: list[dict], attr: str, tolerance: float) -> list[dict]:
    axis = {"x0": "h", "x1": "h", "top": "v", "bottom": "v"}[attr]
    out = []
    for cluster in _cluster_objects(objs, attr, tolerance):
        avg = sum(o[attr] for o in cluster) / len(cluster)
        out.extend(_move(o, axis, avg - o[attr]) for o in cluster)
    return out


def _resize(obj: dict, key: str, value: float) -> dict:
    """pdfplumber's ``resize_object`` for the keys edges are joined on (x1, bottom)."""
    out = dict(obj)
    diff = value - obj[key]
    out[key] = value
    if key == "x1":
        out["width"] = value - obj["x0"]
    elif key == "bottom":
        out["height"] = obj["height"] + diff
    return out


def _join_group(edges, orientation: str, tolerance: float) -> list[dict]:
    lo, hi = ("x0", "x1") if orientation == "h" else ("top", "bottom")
    ordered = sorted(edges, key=itemgetter(lo))
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[lo] <= last[hi] + tolerance:
            if e[hi] > last[hi]:
                joined[-1] = _resize(last, hi, e[hi])
        else:
            joined.append(e)
    return joined


def merge_edges(edges: list[dict], snap_x: float, snap_y: float, join_x: float, join_y: float) -> list[dict]:
    """Snap edges within the tolerances to their average position, then join collinear ones
    that touch or nearly do."""
    def group(edge):
        return ("h", edge["top"]) if edge["orientation"] == "h" else ("v", edge["x0"])

    if snap_x > 0 or snap_y > 0:
        edges = (_snap([e for e in edges if e["orientation"] == "v"], "x0", snap_x)
                 + _snap([e for e in edges if e["orientation"] == "h"], "top", snap_y))
    out = []
    for key, items in itertools.groupby(sorted(edges, key=group), key=group):
        out.extend(_join_group(items, key[0], join_x if key[0] == "h" else join_y))
    return out


def edges_to_intersections(edges: list[dict], x_tolerance: float = 1, y_tolerance: float = 1) -> dict:
    """The points where a vertical and a horizontal edge meet, with the edges that meet there."""
    intersections: dict = {}
    v_edges = [e for e in edges if e["orientation"] == "v"]
    h_edges = [e for e in edges if e["orientation"] == "h"]
    for v in sorted(v_edges, key=itemgetter("x0", "top")):
        for h in sorted(h_edges, key=itemgetter("top", "x0")):
            if (v["top"] <= h["top"] + y_tolerance and v["bottom"] >= h["top"] - y_tolerance
                    and v["x0"] >= h["x0"] - x_tolerance and v["x0"] <= h["x1"] + x_tolerance):
                vertex = (v["x0"], h["top"])
                if vertex not in intersections:
                    intersections[vertex] = {"v": [], "h": []}
                intersections[vertex]["v"].append(v)
                intersections[vertex]["h"].append(h)
    return intersections


def intersections_to_cells(intersections: dict) -> list[tuple]:
    """The smallest rectangles whose four corners are intersections joined by edges."""
    def connects(p1, p2) -> bool:
        if p1[0] == p2[0] and set(map(_bbox, intersections[p1]["v"])) & set(map(_bbox, intersections[p2]["v"])):
            return True
        return p1[1] == p2[1] and bool(set(map(_bbox, intersections[p1]["h"]))
                                       & set(map(_bbox, intersections[p2]["h"])))

    points = sorted(intersections)
    n = len(points)

    def smallest(i: int):
        if i == n - 1:
            return None
        pt = points[i]
        rest = points[i + 1:]
        below = [x for x in rest if x[0] == pt[0]]
        right = [x for x in rest if x[1] == pt[1]]
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                    return (pt[0], pt[1], corner[0], corner[1])
        return None

    return [cell for cell in (smallest(i) for i in range(n)) if cell]


def cells_to_tables(cells: list[tuple]) -> list[list[tuple]]:
    """Cells grouped into tables by shared corners, top to bottom then left to right; a table
    of one cell is dropped."""
    def corners(bbox):
        x0, top, x1, bottom = bbox
        return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))

    remaining = list(cells)
    current_corners: set = set()
    current: list = []
    tables = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            cell_corners = corners(cell)
            if not current or any(c in current_corners for c in cell_corners):
                current_corners |= set(cell_corners)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(list(current))
            current_corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    ordered = sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in ordered if len(t) > 1]
