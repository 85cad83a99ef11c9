"""The units comparison aligns: a report's blocks, read once into tokens, with their section path.

A :class:`Unit` is a view of one block (paragraph, list item, table cell, footnote, caption), not
a copy: results point back at blocks by id, page and bbox. A passage of the result is one or more
units on each side (two paragraphs merged into one, one split into two).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..model import Block, Figure, Report
from .text import Token, keys, masked, tokenize

PATH_SEPARATOR = " > "


@dataclass(eq=False)
class Unit:
    index: int  # position in reading order among the report's units
    block: Block
    section: str | None  # section id
    # for a table cell that holds only numbers: its column header and row label, which say
    # what the number is ("Utfall # | Periodens resultat")
    position: str = ""
    # an entry of a list: a list item, or one of a column of short lines set one a line (the
    # members of a board); its peers are alike in form, so only shared words make two the same
    entry: bool = False

    @cached_property
    def tokens(self) -> list[Token]:
        return tokenize(self.block.text)

    @cached_property
    def key(self) -> str:
        return keys(self.tokens)

    @cached_property
    def masked(self) -> str:
        return masked(self.tokens)

    @cached_property
    def match(self) -> str:
        """The text alignment compares. Numbers are masked, so that a figure update keeps the
        passage recognisable; but a block of numbers only ("739", "-2 600") would then match
        every other one, so it is told apart by its place in its table, or by its value."""
        if any(c.isalpha() for c in self.masked):
            return self.masked
        return f"{self.position} {self.masked}" if self.position else self.key

    @property
    def chars(self) -> int:
        return len(self.block.text)


@dataclass(eq=False)
class Document:
    """A report with its units and section paths, as both alignments need them."""
    report: Report
    units: list[Unit] = field(init=False)
    paths: dict[str | None, str] = field(init=False)  # section id -> "4 … > 4.1 … > Strategi …"
    children: dict[str | None, list[str]] = field(init=False)  # parent id (None: top) -> ids
    figures: dict[str, list[Figure]] = field(init=False)  # block id -> extracted figures

    def __post_init__(self) -> None:
        # a block without a letter or a digit (a stray "." or "–" the layout left alone on a
        # line) says nothing: it is not a passage
        blocks = [b for b in self.report.blocks if any(c.isalnum() for c in b.text)]
        cells = {(b.table, b.row, b.col): b for b in blocks if b.table is not None}
        self.units = [Unit(i, b, b.section, _position(b, cells)) for i, b in enumerate(blocks)]
        for i in _entries(self.units):
            self.units[i].entry = True
        self.paths = {None: ""}
        self.children = {}
        for s in self.report.sections:
            self.paths[s.id] = PATH_SEPARATOR.join(p.label for p in self.report.section_path(s.id))
            self.children.setdefault(s.parent, []).append(s.id)
        self.figures = {}
        for f in self.report.figures:
            self.figures.setdefault(f.block, []).append(f)

    def path(self, section_id: str | None) -> str:
        return self.paths.get(section_id, "")

    def subtree(self, section_id: str) -> set[str]:
        """The section and all sections below it."""
        out, todo = set(), [section_id]
        while todo:
            sid = todo.pop()
            out.add(sid)
            todo.extend(self.children.get(sid, []))
        return out


# a line of a column of names or terms: short, no sentence (nor a lead-in) ending
ENTRY_MAX_CHARS = 60
_RUN = 3


def _entries(units: list[Unit]) -> set[int]:
    """List items, and runs of at least three consecutive short paragraphs of one section that
    end no sentence: a list the layout printed without markers."""
    out = {u.index for u in units if u.block.kind == "list_item"}

    def short_line(u: Unit) -> bool:
        t = u.block.text.rstrip()
        return u.block.kind == "paragraph" and u.block.table is None and len(t) <= ENTRY_MAX_CHARS \
            and not t.endswith((".", "!", "?", ":"))

    run: list[Unit] = []
    for u in units + [None]:
        if u is not None and short_line(u) and (not run or run[-1].section == u.section):
            run.append(u)
            continue
        if len(run) >= _RUN:
            out.update(x.index for x in run)
        run = [u] if u is not None and short_line(u) else []
    return out


def _position(block: Block, cells: dict[tuple, Block]) -> str:
    """ "column header | row label" of a table cell (first lines, numbers masked)."""
    if block.table is None:
        return ""
    labels = []
    for key in ((block.table, 0, block.col), (block.table, block.row, 0)):
        cell = cells.get(key)
        if cell is not None and cell is not block:
            labels.append(masked(tokenize(cell.text.split("\n", 1)[0])))
    return " | ".join(labels)
