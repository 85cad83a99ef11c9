"""One self-contained HTML page of a comparison, to share with colleagues (Swedish).

Everything is inline (CSS, no scripts, no fonts, no images), so the file opens anywhere and
can be mailed. The page has: a summary with a count per status and the share of stale text, a
section navigation with each section's stale share, the figures that changed and the
inconsistencies, the activities of two plan follow-ups across the editions, a change list that links to each changed passage, and the two reports side by
side, passage by passage, coloured by status, with deleted words struck through in the old
column and inserted words marked in the new one; sentences carried over from last year inside an
edited passage have a shade of their own. A checkbox hides the unchanged passages (CSS
only).
"""
from __future__ import annotations

import re
from html import escape as _escape

from ..compare.diff import STATUSES
from ..compare.result import Comparison, Passage, SectionRow
from .labels import (ACTIVITY_CHANGE_SV, ACTIVITY_STATUS_SV, MOVED_SV, STATUS_COLOUR, STATUS_SV,
                     activity_status_change_sv, percent_sv)
from .printable import printable

_CSS = """
:root { --ink:#1d2733; --muted:#5b6775; --line:#d8dee5; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:#f7f8fa; }
header { background:#fff; border-bottom:1px solid var(--line); padding:18px 28px; }
header h1 { margin:0 0 4px; font-size:21px; }
header .files { color:var(--muted); font-size:13px; }
.layout { display:grid; grid-template-columns: 300px minmax(0,1fr); }
nav { position:sticky; top:0; align-self:start; max-height:100vh; overflow-y:auto; overflow-x:hidden; padding:16px 14px 40px 20px; border-right:1px solid var(--line); background:#fff; font-size:13px; }
nav h2 { font-size:13px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); margin:14px 0 6px; }
nav a { color:var(--ink); text-decoration:none; display:flex; justify-content:space-between; gap:8px; padding:3px 4px; border-radius:4px; }
nav a > span:first-child { min-width:0; overflow-wrap:anywhere; }
nav a:hover { background:#eef2f6; }
nav .l2 { padding-left:14px; } nav .l3 { padding-left:26px; } nav .l4 { padding-left:38px; }
nav .share { color:var(--muted); white-space:nowrap; flex-shrink:0; font-variant-numeric: tabular-nums; }
nav .gone { color:#c0392b; text-decoration:line-through; }
main { padding:20px 28px 80px; min-width:0; }
.cards { display:flex; flex-wrap:wrap; gap:10px; margin-bottom:8px; }
.card { background:#fff; border:1px solid var(--line); border-left:5px solid var(--accent); border-radius:6px; padding:8px 14px; min-width:120px; }
.card b { display:block; font-size:22px; }
.card span { color:var(--muted); font-size:13px; }
.stale { margin:10px 0 18px; font-size:15px; }
.bar { display:inline-block; width:220px; height:10px; background:#e6eaef; border-radius:5px; vertical-align:middle; margin-left:8px; overflow:hidden; }
.bar i { display:block; height:100%; background:#c98a00; }
section.box { background:#fff; border:1px solid var(--line); border-radius:6px; padding:12px 16px; margin:14px 0; }
section.box h2 { font-size:17px; margin:2px 0 10px; }
table.list { border-collapse:collapse; width:100%; font-size:13.5px; }
table.list th { text-align:left; color:var(--muted); font-weight:600; border-bottom:1px solid var(--line); padding:4px 8px; }
table.list td { border-bottom:1px solid #eef1f4; padding:4px 8px; vertical-align:top; overflow-wrap:anywhere; }
table.list a { color:#2f6fd6; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; white-space:nowrap; background:var(--bg); color:var(--accent); border:1px solid var(--accent); }
.filter { margin:18px 0 6px; font-size:14px; color:var(--muted); }
h3.sec { font-size:16px; margin:26px 0 8px; padding-bottom:4px; border-bottom:2px solid var(--line); }
h3.sec small { color:var(--muted); font-weight:400; }
.pair { display:grid; grid-template-columns: 1fr 1fr; gap:0; background:var(--bg); border-left:5px solid var(--accent); border-radius:4px; margin:6px 0; }
.pair > div { padding:8px 12px; min-width:0; overflow-wrap:anywhere; white-space:pre-wrap; }
.pair > div + div { border-left:1px solid rgba(0,0,0,.08); }
.pair .meta { grid-column: 1 / -1; padding:4px 12px 0; font-size:12px; color:var(--muted); white-space:normal; }
.pair .empty { color:var(--muted); font-style:italic; }
del { background:#f6c9c4; color:#7d1d12; text-decoration:line-through; }
ins { background:#bfe8c9; color:#0f5a26; text-decoration:none; border-bottom:1px solid #218a3f; }
.cols { display:grid; grid-template-columns:1fr 1fr; font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; position:sticky; top:0; background:#f7f8fa; padding:4px 0 4px 5px; z-index:1; }
.cols div { padding:0 12px; }
#hide:checked ~ .passages .unchanged { display:none; }
mark.carried { background:#e4dcc8; color:inherit; border-bottom:1px dashed #8a7a52; }
mark.carried.figures_updated { background:#f3e3b3; }
"""


def escape(text: str) -> str:
    return _escape(printable(text))


def compare_html(result: Comparison) -> str:
    old, new = result.old_report, result.new_report
    title = f"{_title(old)} → {_title(new)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="sv"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Jämförelse: {escape(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header>",
        f"<h1>Jämförelse: {escape(_title(old))} → {escape(_title(new))}</h1>",
        f'<div class="files">Föregående: {escape(old.source.path)} ({old.source.pages} sidor) · '
        f"Aktuell: {escape(new.source.path)} ({new.source.pages} sidor)</div>",
        "</header>",
        '<div class="layout">',
        _nav(result),
        "<main>",
        _summary(result),
        _figures(result),
        _inconsistencies(result),
        _activities(result),
        _change_list(result),
        _side_by_side(result),
        "</main></div></body></html>",
    ]
    return "\n".join(p for p in parts if p)


def _title(report) -> str:
    return report.metadata.title or report.source.path


def _vars(status: str) -> str:
    bg, accent = STATUS_COLOUR[status]
    return f"--bg:#{bg};--accent:#{accent}"


def badge_html(status: str, prefix: str = "") -> str:
    return f'<span class="{prefix}badge" style="{_vars(status)}">{STATUS_SV[status]}</span>'


def moved_badge_html(prefix: str = "") -> str:
    return f'<span class="{prefix}badge" style="--bg:#efe9fb;--accent:#6b4fbb">{MOVED_SV}</span>'


def _summary(result: Comparison) -> str:
    s = result.summary
    cards = "".join(
        f'<div class="card" style="{_vars(k)}"><b>{s[k]}</b><span>{STATUS_SV[k]}</span></div>' for k in STATUSES)
    cards += f'<div class="card" style="--accent:#6b4fbb"><b>{s["moved"]}</b><span>{MOVED_SV}</span></div>'
    share = s["stale_share"] or 0.0
    return (f'<div id="sammanfattning" class="cards">{cards}</div>'
            f'<div class="stale">Inaktuell text i den aktuella rapporten (oförändrad eller med bara nya siffror): '
            f'<b>{percent_sv(s["stale_share"])}</b><span class="bar"><i style="width:{share * 100:.1f}%"></i></span></div>')


def _section_anchor(row: SectionRow) -> str:
    return f"s-{row.new_id}" if row.new_id else f"old-{row.old_id}"


def _nav(result: Comparison) -> str:
    items = []
    for row in result.sections:
        label = (row.new or row.old).rsplit(" > ", 1)[-1]
        if row.new is None:
            items.append(f'<a class="l{min(row.level, 4)}" href="#{_section_anchor(row)}" title="Borttagen sektion">'
                         f'<span class="gone">{escape(label)}</span><span class="share">borttagen</span></a>')
        else:
            items.append(f'<a class="l{min(row.level, 4)}" href="#{_section_anchor(row)}">'
                         f'<span>{escape(label)}</span><span class="share">{percent_sv(row.stale_share)}</span></a>')
    return ("<nav><h2>Översikt</h2>"
            '<a href="#sammanfattning"><span>Sammanfattning</span></a>'
            '<a href="#siffror"><span>Ändrade siffror</span></a>'
            + ('<a href="#aktiviteter"><span>Aktiviteter</span></a>' if result.activities else "")
            + '<a href="#andringar"><span>Ändringslista</span></a>'
            '<a href="#passager"><span>Sida vid sida</span></a>'
            "<h2>Sektioner · andel inaktuell text</h2>" + "".join(items) + "</nav>")


def _figures(result: Comparison) -> str:
    rows = []
    for k, p in enumerate(result.passages):
        for c in p.figure_changes:
            where = escape(f"{c.row} | {c.column}") if c.row else escape(c.sentence)
            rows.append(f"<tr><td>{escape(c.old)}</td><td>{escape(c.new)}</td><td>{difference_sv(c)}</td>"
                        f"<td>{escape(c.unit or '')}</td>"
                        f"<td>{where}</td><td><a href=\"#p{k}\">s. {p.new.page}</a></td></tr>")
    if not rows:
        return '<section class="box" id="siffror"><h2>Ändrade siffror</h2><p>Inga ändrade siffror.</p></section>'
    return ('<section class="box" id="siffror"><h2>Ändrade siffror (' + str(len(rows)) + ")</h2>"
            '<table class="list"><tr><th>Föregående</th><th>Aktuell</th><th>Skillnad</th><th>Enhet</th><th>Mening eller tabellcell (rad | kolumn)</th><th>Sida</th></tr>'
            + "".join(rows) + "</table></section>")


def difference_sv(change) -> str:
    """A figure change's difference in Swedish at the precision the figures are printed with:
    "+0,004", "−0,2", "+1 200"; "–" when there is none."""
    if change.difference is None:
        return "–"
    text = f"{change.difference:+,.{change.precision}f}"
    return text.replace(",", " ").replace(".", ",").replace("-", "−")


def _inconsistencies(result: Comparison) -> str:
    if not result.inconsistencies:
        return ""
    rows = "".join(
        f"<tr><td>{escape(i.period)}</td><td>{escape(i.unit or '')}</td><td>{escape(i.old_value)}</td>"
        f"<td>{escape(i.new_value)}</td><td>s. {i.old['page']}: {escape(i.old['text'])}</td>"
        f"<td>s. {i.new['page']}: {escape(i.new['text'])}</td></tr>" for i in result.inconsistencies)
    return ('<section class="box" id="motsagelser"><h2>Motsägelser: samma uppgift, olika värden ('
            + str(len(result.inconsistencies)) + ")</h2>"
            '<table class="list"><tr><th>Period</th><th>Enhet</th><th>Föregående rapport</th><th>Aktuell rapport</th>'
            "<th>I föregående rapport</th><th>I aktuell rapport</th></tr>" + rows + "</table></section>")


def _activities(result: Comparison) -> str:
    if not result.activities:
        return ""
    a_sum = result.summary.get("activities", {})
    rows = []
    for a in result.activities:
        side = a.new or a.old
        status = {"kept": "unchanged", "added": "new", "dropped": "removed"}[a.change]
        change = escape(activity_status_change_sv(a)) or escape(ACTIVITY_STATUS_SV.get(side["status"], ""))
        if a.change == "kept" and a.comment != "unchanged":
            comment = badge_html(a.comment) + " " + " ".join(_op(op, t) for op, t in a.comment_diff if op != "=")
        elif a.change == "kept":
            comment = badge_html("unchanged") + " samma text som föregående år"
        else:
            comment = escape(_short(side["comment"], 140))
        rows.append(f'<tr><td><span class="badge" style="{_vars(status)}">{ACTIVITY_CHANGE_SV[a.change]}</span></td>'
                    f"<td>{escape(side['title'])}</td><td>{escape(_tail(side['section']))}</td>"
                    f"<td>{'<b>' + change + '</b>' if a.status_change else change}</td><td>{comment}</td></tr>")
    return (f'<section class="box" id="aktiviteter"><h2>Aktiviteter ({len(result.activities)})</h2>'
            f"<p>{a_sum.get('status_changed', 0)} med ändrad status · {a_sum.get('comment_unchanged', 0)} med "
            f"samma kommentar som föregående år · {a_sum.get('added', 0)} nya · {a_sum.get('dropped', 0)} borttagna</p>"
            '<table class="list"><tr><th>Förändring</th><th>Aktivitet</th><th>Sektion</th><th>Status</th>'
            "<th>Kommentar</th></tr>" + "".join(rows) + "</table></section>")


def _change_list(result: Comparison) -> str:
    counts = " · ".join(f"{result.summary[k]} {STATUS_SV[k]}" for k in STATUSES if k != "unchanged")
    rows = []
    for k, p in enumerate(result.passages):
        if p.status == "unchanged" and not p.moved:
            continue
        side = p.new or p.old
        moved = f" {moved_badge_html()}" if p.moved else ""
        rows.append(f"<tr><td>{badge_html(p.status)}{moved}</td><td title=\"{escape(side.section)}\">{escape(_tail(side.section))}</td>"
                    f"<td>s. {side.page}</td><td><a href=\"#p{k}\">{escape(_short(side.text, 110))}</a></td></tr>")
    return (f'<section class="box" id="andringar"><h2>Ändringslista ({len(rows)})</h2><p>{counts} · '
            f'{result.summary["moved"]} {MOVED_SV}</p>'
            '<table class="list"><tr><th>Status</th><th>Sektion</th><th>Sida</th><th>Text</th></tr>'
            + "".join(rows) + "</table></section>")


def _side_by_side(result: Comparison) -> str:
    anchors = {row.new_id: _section_anchor(row) for row in result.sections if row.new_id}
    anchors.update({f"old:{row.old_id}": _section_anchor(row) for row in result.sections if row.new is None})
    counterpart = {row.old_id: row.new_id for row in result.sections if row.old_id}
    out = ['<input type="checkbox" id="hide"><label for="hide" class="filter"> Dölj oförändrade passager</label>',
           '<div class="passages" id="passager"><div class="cols"><div>Föregående rapport</div><div>Aktuell rapport</div></div>']
    current = None
    for k, p in enumerate(result.passages):
        if p.new:
            section_id, heading = p.new.section_id, p.new.section
        else:
            section_id, heading = f"old:{p.old.section_id}", p.old.section
        anchor = anchors.get(section_id)
        if section_id != current:
            current = section_id
            note = " <small>(i föregående rapport)</small>" if not p.new else ""
            ident = f' id="{anchor}"' if anchor else ""
            out.append(f"<h3 class=\"sec\"{ident}>{escape(heading or 'Före första rubriken')}{note}</h3>")
        out.append(pair_html(k, p, counterpart))
    out.append("</div>")
    return "\n".join(out)


def pair_html(k: int, p: Passage, counterpart: dict[str | None, str | None] | None = None,
              prefix: str = "", number: bool = False) -> str:
    """One passage: both sides in two columns, coloured by status, deleted words struck
    through on the old side and inserted words marked on the new side.

    Shared by this page and the app, whose stylesheet prefixes its classes (``prefix="ra-"``)
    so they cannot clash with Streamlit's own. ``counterpart`` maps old section ids to new ones,
    to say when a passage left its section.
    """
    meta = ([f"#{k + 1}"] if number else []) + [badge_html(p.status, prefix)]
    if p.moved:
        meta.append(moved_badge_html(prefix))
    if p.old and p.new:
        meta.append(f"likhet {p.similarity:.2f}".replace(".", ","))
        if counterpart is not None and p.old.section_id and counterpart.get(p.old.section_id) != p.new.section_id:
            meta.append(f"tidigare under: {escape(p.old.section or '–')}")
    meta.append(" · ".join(f"{label} s. {side.page}" for label, side in (("föregående", p.old), ("aktuell", p.new))
                           if side))
    if p.figure_changes:
        meta.append("siffror: " + ", ".join(escape(f"{c.old} → {c.new}" + (f" {c.unit}" if c.unit else ""))
                                           for c in p.figure_changes))
    if p.reference_changes:
        meta.append("datum och hänvisningar: " + ", ".join(escape(f"{c.old} → {c.new}") for c in p.reference_changes))
    empty = f'<span class="{prefix}empty">(finns inte)</span>'
    if p.carried:
        meta.append(f'<mark class="{prefix}carried">{len(p.carried)} '
                    f'{"mening" if len(p.carried) == 1 else "meningar"} från föregående rapport</mark>')
    if p.old and p.new:
        old_html = " ".join(_op(op, text) for op, text in p.diff if op in "=-")
        new_html = _new_side_html(p, prefix) if p.carried else " ".join(_op(op, text) for op, text in p.diff if op in "=+")
    else:
        old_html = escape(p.old.text) if p.old else empty
        new_html = (_new_side_html(p, prefix) if p.carried else escape(p.new.text)) if p.new else empty
    return (f'<div class="{prefix}pair {prefix}{p.status}" id="p{k}" style="{_vars(p.status)}">'
            f'<div class="{prefix}meta">{" · ".join(meta)}</div><div>{old_html}</div><div>{new_html}</div></div>')


def _new_side_html(p: Passage, prefix: str = "") -> str:
    """The new side with inserted words marked (as in the diff) and the sentences carried over
    from last year in a shade of their own, each with the old page in its tooltip.

    The diff gives words, the carried sentences give offsets into the side's text: each word of
    the diff is found in the text in order, which places it."""
    text = p.new.text
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
    ops = [("+", p.new.text)] if p.old is None else [(op, t) for op, t in p.diff if op in "=+"]
    placed: list[tuple[str, str, int | None]] = []  # (op, word, offset)
    k = 0
    for op, piece in ops:
        for word in piece.split():
            at = next((x for x in range(k, len(words)) if words[x][1] == word), None)
            if at is not None:
                k = at + 1
            placed.append((op, word, words[at][0] if at is not None else None))

    def carried_at(offset: int | None):
        if offset is None:
            return None
        return next((c for c in p.carried if c.start <= offset < c.end), None)

    out, run, run_key = [], [], None

    def flush():
        if not run:
            return
        op, c = run_key
        body = " ".join(run)
        body = f"<ins>{body}</ins>" if op == "+" and p.old is not None else body
        if c is not None:
            title = escape(f"Från föregående rapport, s. {c.old['page']}"
                           + (" (med andra siffror)" if c.status == "figures_updated" else ""))
            body = f'<mark class="{prefix}carried {c.status}" title="{title}">{body}</mark>'
        out.append(body)
        run.clear()

    for op, word, offset in placed:
        key = (op, carried_at(offset))
        if key != run_key:
            flush()
            run_key = key
        run.append(escape(word))
    flush()
    return " ".join(out)


def _op(op: str, text: str) -> str:
    if op == "-":
        return f"<del>{escape(text)}</del>"
    if op == "+":
        return f"<ins>{escape(text)}</ins>"
    return escape(text)


def _tail(path: str) -> str:
    """The last two headings of a section path: enough to find it, short enough for a list."""
    parts = path.split(" > ") if path else []
    return " > ".join(parts[-2:]) if parts else "–"


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
