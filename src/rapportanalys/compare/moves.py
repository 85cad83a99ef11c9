"""Which passages changed place.

A passage moved when it left the section that corresponds to its old one (a sub-heading added
above it in that section is no move), or when its order
relative to the other carried-over passages changed. The passages that kept their order are the
longest increasing subsequence of new positions taken in old order; the others moved (of two
swapped neighbours, one is marked). A list is read as a whole: when its items are reordered,
every item whose rank among the list's carried-over items changed is marked, since a reader
compares a list item by item, not by the fewest items to lift out.
"""
from __future__ import annotations

from bisect import bisect_left

from .align_passages import Group
from .align_sections import SectionAlignment
from .passages import Document


def moved(groups: list[Group], old: Document, new: Document, sections: SectionAlignment) -> set[int]:
    """Indices (into ``groups``) of the passages that moved."""
    paired = sorted((g.old[0], g.new[0], k) for k, g in enumerate(groups) if g.old and g.new)
    in_order = {paired[p][2] for p in longest_increasing([n for _, n, _ in paired])}
    out = set()
    for _, _, k in paired:
        g = groups[k]
        old_section, new_section = old.units[g.old[0]].section, new.units[g.new[0]].section
        counterpart = sections.new_for(old_section)
        left_section = counterpart is not None and not sections.within(old_section, new_section)
        if left_section or k not in in_order:
            out.add(k)
    return out | _reordered_list_items(paired, old, new)


def _reordered_list_items(paired: list[tuple[int, int, int]], old: Document, new: Document) -> set[int]:
    """Passages of list items whose rank among the carried-over items of their list changed."""
    old_list, new_list = _lists(old), _lists(new)
    by_list: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for i, j, k in paired:
        if i in old_list and j in new_list:
            by_list.setdefault((old_list[i], new_list[j]), []).append((i, j, k))
    out = set()
    for items in by_list.values():
        new_rank = {j: r for r, j in enumerate(sorted(j for _, j, _ in items))}
        for rank, (_, j, k) in enumerate(sorted(items)):
            if new_rank[j] != rank:
                out.add(k)
    return out


def _lists(doc: Document) -> dict[int, int]:
    """Unit index -> the index of the first item of its list (consecutive list items of one
    section)."""
    out: dict[int, int] = {}
    first = None
    for u in doc.units:
        if u.block.kind != "list_item":
            first = None
            continue
        if first is None or doc.units[first].section != u.section:
            first = u.index
        out[u.index] = first
    return out


def longest_increasing(values: list[int]) -> list[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []  # values
    tail_pos: list[int] = []  # positions of those values
    parent = [-1] * len(values)
    for pos, v in enumerate(values):
        k = bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_pos.append(pos)
        else:
            tails[k] = v
            tail_pos[k] = pos
        parent[pos] = tail_pos[k - 1] if k else -1
    out, pos = [], tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        out.append(pos)
        pos = parent[pos]
    return out[::-1]
