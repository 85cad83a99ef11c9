"""Terminal summaries of ``compare`` and ``reuse`` (English, like the rest of the CLI).

Coloured with ANSI codes when ``color`` is true (the CLI passes whether stdout is a terminal);
without colour, word changes are marked ``[-deleted-]`` and ``{+inserted+}`` as wdiff does.
"""
from __future__ import annotations

import re
import textwrap

import click

from ..compare.diff import STATUSES
from ..compare.result import Comparison, Passage, Reuse
from .printable import printable

_COLOUR = {"unchanged": "white", "figures_updated": "yellow", "modified": "blue", "new": "green",
           "removed": "red"}
_WIDTH = 100


def compare_text(result: Comparison, color: bool = False) -> str:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if color else text

    old, new = result.old_report, result.new_report
    s = result.summary
    lines = [
        style(f"{_title(old)}  →  {_title(new)}", bold=True),
        f"old: {old.source.path} ({old.source.pages} pages)",
        f"new: {new.source.path} ({new.source.pages} pages)",
        "",
        "passages: " + " · ".join(style(f"{s[k]} {k.replace('_', ' ')}", fg=_COLOUR[k]) for k in STATUSES)
        + f" · {s['moved']} moved",
        f"stale text: {_pct(s['stale_share'])} of the new report is unchanged or has only new figures"
        + (f" (with {s['carried']} sentences carried over inside edited passages)" if s.get("carried") else ""),
        "",
        style("sections (new report; stale share of the section and its sub-sections)", bold=True),
    ]
    for row in result.sections:
        if row.new is None:
            lines.append(style(f"  removed: {row.old}", fg="red"))
            continue
        label = row.new.rsplit(" > ", 1)[-1]
        was = row.old.rsplit(" > ", 1)[-1] if row.old else None
        renamed = f"  (was: {was})" if was and _unnumbered(was) != _unnumbered(label) else ""
        added = style("  (new section)", fg="green") if row.old is None else ""
        lines.append(f"  {'  ' * (row.level - 1)}{label[:60]:<{62 - 2 * row.level}} {_pct(row.stale_share):>7}"
                     f"{renamed}{added}")
    figure_changes = [(p, c) for p in result.passages for c in p.figure_changes]
    if figure_changes:
        lines += ["", style(f"figure changes ({len(figure_changes)})", bold=True)]
        for p, c in figure_changes:
            unit = f" {c.unit}" if c.unit else ""
            where = f"[{c.row} | {c.column}]" if c.row else _short(c.sentence, 70)
            lines.append(f"  {c.old} → {c.new}{unit} ({_difference(c)})  (p. {p.new.page}) {where}")
    references = [(p, c) for p in result.passages for c in p.reference_changes]
    if references:  # dates and references that read differently: never counted as figures
        lines += ["", style(f"date and reference changes ({len(references)})", bold=True)]
        for p, c in references:
            lines.append(f"  {c.old} → {c.new} ({c.kind})  (p. {p.new.page}) {_short(c.sentence, 70)}")
    if result.inconsistencies:
        lines += ["", style(f"inconsistencies ({len(result.inconsistencies)})", bold=True)]
        for i in result.inconsistencies:
            lines.append(style(f"  {i.period}, {i.unit or ''}: old report {i.old_value} (p. {i.old['page']}), "
                               f"new report {i.new_value} (p. {i.new['page']})", fg="magenta"))
            lines.append(f"    old: {_short(i.old['text'], 90)}")
            lines.append(f"    new: {_short(i.new['text'], 90)}")
    if result.activities:
        a = result.summary["activities"]
        lines += ["", style(f"activities ({a['kept']} kept, {a['added']} added, {a['dropped']} dropped; "
                            f"{a['status_changed']} changed status, {a['comment_unchanged']} kept last year's comment)",
                            bold=True)]
        for act in result.activities:
            side = act.new or act.old
            if act.change == "kept":
                status = " → ".join(act.status_change) if act.status_change else side["status"]
                lines.append(f"  {status:<28} comment {act.comment.replace('_', ' '):<16} {_short(side['title'], 60)}")
            else:
                colour = "green" if act.change == "added" else "red"
                tag = f"{act.change} ({side['status']})"
                lines.append(style(f"  {tag:<28} {'':<24} {_short(side['title'], 60)}", fg=colour))
    changed = [p for p in result.passages if p.status != "unchanged" or p.moved]
    if changed:
        lines += ["", style(f"changed passages ({len(changed)})", bold=True)]
        for p in changed:
            lines += _passage_lines(p, style, color)
    return "\n".join(lines) + "\n"


def _passage_lines(p: Passage, style, color: bool) -> list[str]:
    side = p.new or p.old
    tag = p.status.replace("_", " ") + (", moved" if p.moved else "")
    head = f"  [{style(tag, fg=_COLOUR[p.status])}] {side.section or '(before the first heading)'}, p. {side.page}"
    if p.status in ("new", "removed"):
        body = _short(side.text, 300)
    elif p.status == "unchanged":
        body = _short(side.text, 120)
    else:
        body = "".join(_diff_piece(op, text, style, color) for op, text in p.diff)
    lines = [head] + textwrap.wrap(body, _WIDTH, initial_indent="      ", subsequent_indent="      ")
    for c in p.carried:
        how = "word for word" if c.status == "unchanged" else "new figures"
        mark = style("carried over", fg="cyan") if color else "carried over"
        lines += textwrap.wrap(f"{mark} ({how}, old p. {c.old['page']}): {_short(p.new.text[c.start:c.end], 160)}",
                               _WIDTH, initial_indent="      » ", subsequent_indent="        ")
    return lines


def _diff_piece(op: str, text: str, style, color: bool) -> str:
    text = printable(text)
    if op == "=":
        return _elide(text) + " "
    if color:
        return style(text, fg="red", strikethrough=True) + " " if op == "-" else style(text, fg="green", underline=True) + " "
    return f"[-{text}-] " if op == "-" else f"{{+{text}+}} "


def _elide(text: str, keep: int = 8) -> str:
    """Long unchanged stretches shortened to their first and last words."""
    words = text.split()
    return text if len(words) <= 2 * keep else " ".join(words[:keep] + ["…"] + words[-keep:])


def reuse_text(result: Reuse, color: bool = False) -> str:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if color else text

    copied = [m for m in result.matches if not m.boilerplate]
    template = [m for m in result.matches if m.boilerplate]
    lines = [style(f"reuse across {len(result.reports)} report(s): {len(copied)} shared passages, "
                   f"{len(template)} boilerplate", bold=True), ""]
    for m in copied:
        where = "inside one report" if m.a.report == m.b.report else "between reports"
        lines.append(style(f"{m.chars} characters, {m.sentences} sentence(s), similarity {m.similarity:.2f} ({where})",
                           fg="yellow"))
        lines.append(f"  a: {m.a.report} p. {m.a.page}, {m.a.section or '(before the first heading)'}")
        lines.append(f"  b: {m.b.report} p. {m.b.page}, {m.b.section or '(before the first heading)'}")
        lines += textwrap.wrap(_short(m.a.text, 400), _WIDTH, initial_indent="     ", subsequent_indent="     ")
        lines.append("")
    if template:
        lines.append(style("boilerplate (template text found in many places; not counted as copying)", bold=True))
        seen: dict[str, int] = {}
        for m in template:
            key = _short(m.a.text, 90)
            seen[key] = seen.get(key, 0) + 1
        for text, count in sorted(seen.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {count:4}×  {text}")
    return "\n".join(lines) + "\n"


def _difference(change) -> str:
    """The difference at the printed precision, with a decimal comma like the figures."""
    if change.difference is None:
        return "–"
    return f"{change.difference:+,.{change.precision}f}".replace(",", " ").replace(".", ",")


def _unnumbered(heading: str) -> str:
    """"4.1 Tidiga insatser" -> "Tidiga insatser": a renumbered section is not renamed."""
    return re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", heading)


def _title(report) -> str:
    return report.metadata.title or report.source.path


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.1f}%"


def _short(text: str, n: int) -> str:
    text = " ".join(printable(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
