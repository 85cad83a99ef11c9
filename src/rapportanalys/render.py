"""Human-readable views of a parsed report: Markdown and an indented plain-text outline."""
from __future__ import annotations

from .model import Report


def to_markdown(report: Report) -> str:
    out: list[str] = []
    m = report.metadata
    out.append(f"<!-- {report.source.path}: {m.municipality or '?'} {m.year or '?'}, {m.doc_type} -->")
    if m.title:
        out += [f"# {m.title}", ""]
    by_section: dict[str | None, list] = {}
    for b in report.blocks:
        by_section.setdefault(b.section, []).append(b)
    _blocks_md(by_section.get(None, []), out)
    for s in report.sections:
        out += [f"{'#' * min(6, s.level + 1)} {s.label}", ""]
        _blocks_md(by_section.get(s.id, []), out)
    return "\n".join(out).rstrip() + "\n"


def _blocks_md(blocks, out: list[str]) -> None:
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "table_cell":
            table = [c for c in blocks[i:] if c.table == b.table]
            i += len(table)
            out += _table_md(table) + [""]
            continue
        if b.kind == "list_item":
            out.append("  " * (b.list_level or 0) + f"- {b.text}")
            if i + 1 >= len(blocks) or blocks[i + 1].kind != "list_item":
                out.append("")
        elif b.kind == "footnote":
            out += [f"> {b.text}", ""]
        elif b.kind == "caption":
            out += [f"*{b.text}*", ""]
        else:
            out += [b.text, ""]
        i += 1


def _table_md(cells) -> list[str]:
    n_cols = 1 + max(c.col for c in cells)
    rows: dict[int, list[str]] = {}
    for c in cells:
        rows.setdefault(c.row, [""] * n_cols)[c.col] = c.text.replace("\n", "<br>").replace("|", "\\|")
    lines = []
    for n, r in enumerate(sorted(rows)):
        lines.append("| " + " | ".join(rows[r]) + " |")
        if n == 0:
            lines.append("|" + "---|" * n_cols)
    return lines


def to_text(report: Report, width: int = 100) -> str:
    """An outline: metadata, then the section tree with each section's block counts."""
    m = report.metadata
    out = [
        f"{report.source.path}  ({report.source.pages} pages)",
        f"  municipality: {m.municipality}  year: {m.year}  type: {m.doc_type}  date: {m.date}",
        f"  title: {m.title}",
        f"  diarienummer: {m.diarienummer}  body: {m.body}",
        f"  {len(report.sections)} sections, {len(report.blocks)} blocks",
        "",
    ]
    counts: dict[str | None, dict[str, int]] = {}
    for b in report.blocks:
        kinds = counts.setdefault(b.section, {})
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    for s in report.sections:
        kinds = counts.get(s.id, {})
        summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(kinds.items()))
        head = f"{'  ' * (s.level - 1)}{s.label}"
        out.append(f"{head[:width - 24]:<{width - 24}} p.{s.page:<4} {summary}")
    return "\n".join(out) + "\n"
