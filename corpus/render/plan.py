"""Planning the next rendering pass from the read-back: contents page numbers, footnote room and
page breaks inside blocks."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .markup import Block, Chart, Cover, Image, ListItem, PageBreak, Paragraph, Source, Toc
from .readback import Placement, Readback, Target
from .style import CM, Geometry


MAX_GAPS = 16  # gaps added space is spread over, so that no single gap looks wrong
PAGES_BACK = 1  # how many pages before a block the blocks that move it may lie


def elastic_range(block: Block) -> tuple[float, float] | None:
    """How much (pt) the height of a chart or image placeholder may change. They carry no text,
    so their size is free: moving a page break by resizing them leaves no visible trace."""
    if isinstance(block, Chart):
        return (-2.0 * CM, 2.5 * CM)
    if isinstance(block, Image):
        return (-1.5 * CM, 2.0 * CM)
    return None


@dataclass
class Move:
    """How far one target is moved (pt, + down) so that the break after ``page`` falls inside
    it, spread over ``slots``. Layout is not linear in the amount (whole lines, blocks that do
    not split, keep-with-next), so amounts that proved too little or too much are kept and the
    next one is found by bisection between them."""
    page: int
    slots: tuple[int, ...]
    amount: float = 0.0
    changes: dict[int, float] = field(default_factory=dict)  # block → pt
    too_little: float | None = None
    too_much: float | None = None


@dataclass
class Plan:
    """What a rendering pass is told, learnt from reading the previous pass back.

    A page break is moved into a block by moving the block down or up. Charts and image
    placeholders before it absorb the move first, by changing height; what they cannot absorb
    becomes space above blocks, spread over up to MAX_GAPS gaps on the same and the previous
    page, so that a page looks loosely set rather than having a hole in it."""
    heading_pages: dict[int, int] = field(default_factory=dict)
    pages: int = 0
    note_pages: dict[int, list[str]] = field(default_factory=dict)  # page → footnote ids printed there
    targets: list[Target] = field(default_factory=list)  # blocks and rows a page break must fall inside
    moves: dict[Target, Move] = field(default_factory=dict)
    relaxed: set[int] = field(default_factory=set)  # blocks allowed a single line on either page
    impossible: set[Target] = field(default_factory=set)  # targets that could not be cut

    def adjustment(self, block: int, without: Target | None = None) -> float:
        """Points added to a block: to a chart's or image's height, else as space above it."""
        return sum(move.changes.get(block, 0.0) for t, move in self.moves.items() if t != without)


def first_plan(source: Source) -> Plan:
    return Plan(targets=[Target(i) for i, b in enumerate(source.blocks) if getattr(b, "cut", False)])


def revise(plan: Plan, source: Source, rb: Readback, geometry: Geometry) -> Plan:
    """The plan for the next pass; equal to ``plan`` when the PDF already agrees with it."""
    new = copy.deepcopy(plan)
    new.heading_pages, new.pages = dict(rb.heading_pages), rb.pages
    for note_id, page in rb.note_pages.items():
        # Room once reserved stays reserved: a footnote that moves on because of its own room
        # would otherwise flip between two pages forever.
        if note_id not in new.note_pages.setdefault(page, []):
            new.note_pages[page].append(note_id)
    if not source.slides and geometry.columns == 1:
        # (in two columns a block moved down may jump a whole column: the breaks fall as they
        # fall, and the variant's label is marked from where they fell, variants.mark_cuts)
        _add_cheapest_target(new, source, rb, geometry, rows=False)
        _add_cheapest_target(new, source, rb, geometry, rows=True)
    for target in sorted(new.targets):
        placement = rb.placements.get(target)
        if target in new.impossible or placement is None or placement.cut:
            continue
        if placement.lines < 4 and target.row < 0:
            new.relaxed.add(target.block)
        if not _move_again(new, source, rb, geometry, target, placement):
            new.impossible.add(target)
        break  # a change moves everything after it: re-measure before the next target
    return new


def _move_again(plan: Plan, source: Source, rb: Readback, geometry: Geometry, target: Target,
                p: Placement) -> bool:
    """Choose the target's next amount from where it landed; False when there is none left."""
    move = plan.moves.get(target)
    if move is None:
        options = _options(plan, source, rb, geometry, target, p)
        if not options:
            return False
        _, _, amount, page = min(options)
        move = plan.moves[target] = Move(page, tuple(_slots(source, rb, target)))
    else:
        if p.last_page <= move.page:
            move.too_little = max(move.amount, move.too_little if move.too_little is not None else -1e9)
        else:
            move.too_much = min(move.amount, move.too_much if move.too_much is not None else 1e9)
        if move.too_little is not None and move.too_much is not None:
            amount = (move.too_little + move.too_much) / 2
        else:
            amount = move.amount + _distance(p, rb, geometry, move.page)
    changes = _distribute(plan, source, target, move.slots, amount)
    if changes is None or (move.changes and abs(amount - move.amount) < 0.5):
        return False  # cannot move that far, or bisected down to nothing without a cut
    move.amount, move.changes = round(amount, 1), {j: round(v, 1) for j, v in changes.items()}
    return True


def _distance(p: Placement, rb: Readback, geometry: Geometry, page: int) -> float:
    """How far (pt, + down) to move a block so that the break after ``page`` falls inside it,
    leaving two lines (one, for blocks under four lines) after the break."""
    over = 2 if p.lines >= 4 else 1
    column = geometry.body_bottom - geometry.body_top
    body = column * geometry.columns  # in two columns the page reads as one column twice as long
    bottom = rb.body_bottom.get(p.first_page, geometry.body_bottom) + column * (geometry.columns - 1)
    if p.first_page <= page:  # down to the break after ``page``
        return bottom - (p.lines - over + 0.5) * p.line_height - p.top + (page - p.first_page) * body
    return -((p.top - geometry.body_top) + (over + 0.5) * p.line_height + (p.first_page - page - 1) * body)


def _options(plan: Plan, source: Source, rb: Readback, geometry: Geometry, target: Target,
             p: Placement) -> list[tuple[float, float, float, int]]:
    """The ways to make a page break fall inside a block: move it down to the break after its
    page, or up to the break before it. Each comes as (cost, size, amount, page of the break);
    the cost is the visible gap space it adds."""
    if p.lines < 2:
        return []
    slots = _slots(source, rb, target)
    options = []
    for page in [p.first_page, p.first_page - 1] if p.first_page > 1 else [p.first_page]:
        amount = _distance(p, rb, geometry, page)
        if page == p.first_page:
            amount = max(amount, p.line_height / 2)  # the block is not cut: the break lies below it
        changes = _distribute(plan, source, target, slots, amount)
        if changes is not None:
            gaps = sum(v for j, v in changes.items() if not elastic_range(source.blocks[j]) and v > 0)
            options.append((gaps, abs(amount), amount, page))
    return options


def _distribute(plan: Plan, source: Source, target: Target, slots: list[int] | tuple[int, ...],
                amount: float) -> dict[int, float] | None:
    """Spread a move over the slots, nearest first. Down: grow charts and images, then add the
    rest as space over the gaps. Up: take back space other moves added and shrink charts and
    images; None when they cannot give that much."""
    changes: dict[int, float] = {}
    rest = abs(amount)
    for j in slots:
        limits = elastic_range(source.blocks[j])
        current = plan.adjustment(j, without=target)
        room = (limits[1] - current if limits else 0.0) if amount > 0 else current - (limits[0] if limits else 0.0)
        change = min(rest, max(0.0, room))
        if change:
            changes[j] = change if amount > 0 else -change
            rest -= change
    if rest > 0.1:
        if amount < 0:
            return None
        gaps = [j for j in slots if not elastic_range(source.blocks[j])][:MAX_GAPS]
        for j in gaps:
            changes[j] = changes.get(j, 0.0) + rest / len(gaps)
    return changes


def _add_cheapest_target(plan: Plan, source: Source, rb: Readback, geometry: Geometry, rows: bool) -> None:
    """Make sure a page break falls inside at least one body paragraph (or table row): if none
    does yet, pick the one that is cheapest to move."""
    def wanted(t: Target) -> bool:
        return (t.row >= 0) if rows else (t.row < 0 and isinstance(source.blocks[t.block], Paragraph))

    if any(wanted(t) for t in plan.targets) or any(wanted(t) and p.cut for t, p in rb.placements.items()):
        return
    candidates = []
    for t, p in rb.placements.items():
        if wanted(t) and not (source.cover_page and p.first_page == 1):
            for cost, size, _, _ in _options(plan, source, rb, geometry, t, p):
                candidates.append((p.lines < 4, cost, size, t))  # prefer blocks that split 2+2 lines
    if candidates:
        plan.targets.append(min(candidates)[3])


def _slots(source: Source, rb: Readback, target: Target) -> list[int]:
    """The blocks whose adjustment moves the target, nearest first: the target's block and the
    blocks before it, back to a forced page break and no further than PAGES_BACK pages. Gaps
    inside a list, above one-line paragraphs (a run of such lines would look spaced out) or at
    the top of a page after a forced break are left alone."""
    page = rb.placements[target].first_page
    chosen = [target.block]
    for j in range(target.block - 1, 0, -1):
        block, before = source.blocks[j], source.blocks[j - 1]
        placement = rb.placements.get(Target(j))
        if isinstance(block, (PageBreak, Toc, Cover)) or (placement and placement.first_page < page - PAGES_BACK):
            break
        inside_list = isinstance(block, ListItem) and isinstance(before, ListItem)
        one_line = isinstance(block, Paragraph) and placement is not None and placement.lines == 1
        at_page_top = isinstance(before, (PageBreak, Toc, Cover))
        if elastic_range(block) or not (inside_list or one_line or at_page_top):
            chosen.append(j)
    return chosen


