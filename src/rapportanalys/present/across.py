"""The municipality comparison (``compare --across``) as text, HTML and an Excel workbook.

Text is English like the rest of the CLI; the HTML page and the workbook are Swedish, with numbers
in Swedish format (decimal comma), like ``compare``'s. The HTML page is self-contained (inline
CSS, no scripts) and borrows ``compare``'s style sheet. The workbook has the sheets
Sammanfattning, Ämnen, Passager, Gemensam text, Indikatorer and Aktiviteter.
"""
from __future__ import annotations

import textwrap
from io import BytesIO

import click
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..compare.across import AcrossComparison
from ..model import ACTIVITY_STATUSES
from .html import _CSS, escape
from .printable import printable
from .xlsx import _cell as _xlsx_text, _no_formulas

MISSING_SV = "saknas"
ACTIVITY_STATUS_SV = {
    "not_started": "ej påbörjad", "ongoing": "pågår", "ongoing_deviation": "pågår med avvikelse",
    "done": "klar", "done_deviation": "klar med avvikelse", "delayed": "försenad", "unknown": "okänd",
}
SHEETS = ("Sammanfattning", "Ämnen", "Passager", "Gemensam text", "Indikatorer", "Aktiviteter")
_WIDTH = 100


def number_sv(value: float | None) -> str:
    """1234.5 -> "1 234,5" (space thousands, decimal comma); None -> "–"."""
    if value is None:
        return "–"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return text.replace(",", " ").replace(".", ",")


def _name(report) -> str:
    """ "Kungälv: Uppföljning … 2023" (the year added when the title lacks it)."""
    m = report.metadata
    title = m.title or report.source.path.rsplit("/", 1)[-1]
    if m.year and str(m.year) not in title:
        title = f"{title} {m.year}"
    return f"{m.municipality}: {title}" if m.municipality else title


def _who(report) -> str:
    """The municipality, for column headings; the file when it is not known."""
    return report.metadata.municipality or report.source.path.rsplit("/", 1)[-1]


def _short(text: str, n: int) -> str:
    text = " ".join(printable(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# -- text ----------------------------------------------------------------------------------------

def across_text(result: AcrossComparison, color: bool = False) -> str:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if color else text

    s = result.summary
    lines = [style(f"{_name(result.a_report)}  ↔  {_name(result.b_report)}", bold=True),
             f"a: {result.a_report.source.path}", f"b: {result.b_report.source.path}", "",
             f"topics: {s['topics_paired']} shared · a lacks {s['a_lacks']} · b lacks {s['b_lacks']}", "",
             style("topics (a | b; 'missing' where a report does not treat it)", bold=True)]
    for t in result.topics:
        a = t.a.rsplit(" > ", 1)[-1] if t.a else style("missing", fg="red")
        b = t.b.rsplit(" > ", 1)[-1] if t.b else style("missing", fg="red")
        lines.append(f"  {_short(t.topic, 36):<36}  {_short(a, 30):<30}  {_short(b, 30)}")
    if result.passages:
        lines += ["", style(f"closest passages ({len(result.passages)})", bold=True)]
        for p in result.passages:
            lines.append(style(f"  {p.topic} (similarity {p.similarity:.2f})", fg="yellow"))
            lines.append(f"    a p. {p.a['page']}: {_short(p.a['text'], 160)}")
            lines.append(f"    b p. {p.b['page']}: {_short(p.b['text'], 160)}")
    copied = [m for m in result.shared_text if not m.boilerplate]
    template = [m for m in result.shared_text if m.boilerplate]
    lines += ["", style(f"text shared word for word ({len(copied)}), from a template ({len(template)})", bold=True)]
    for m in copied + template:
        tag = "template" if m.boilerplate else "shared"
        lines.append(f"  [{tag}] a p. {m.a.page}, b p. {m.b.page}, {m.chars} characters")
        lines += textwrap.wrap(_short(m.a.text, 300), _WIDTH, initial_indent="      ", subsequent_indent="      ")
    lines += ["", style(f"indicators both report ({len(result.indicators)})", bold=True)]
    for i in result.indicators:
        ta, tb = (" target" if i.a_target else ""), (" target" if i.b_target else "")
        lines.append(f"  {_short(i.a_label or i.indicator, 40):<40} a: {i.a_raw}{ta} ({i.a_period or 'period ?'}, "
                     f"p. {i.a_page})   b: {i.b_raw}{tb} ({i.b_period or 'period ?'}, p. {i.b_page})")
    act = result.activities
    lines += ["", style("activities by status (a / b)", bold=True)]
    for k in ACTIVITY_STATUSES:
        if act["a"][k] or act["b"][k]:
            lines.append(f"  {k.replace('_', ' '):<20} {act['a'][k]:>4} / {act['b'][k]}")
    for p in act["pairs"]:
        lines.append(f"  ≈ {_short(p.a['title'], 45)} [{p.a['status']}]  |  {_short(p.b['title'], 45)} [{p.b['status']}]")
    return "\n".join(lines) + "\n"


# -- HTML ----------------------------------------------------------------------------------------

_EXTRA_CSS = """
td.missing { color:#c0392b; font-style:italic; }
.flag { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; border:1px solid; }
.flag.shared { color:#c0392b; background:#fbe4e4; } .flag.template { color:#8a96a3; background:#eef1f4; }
td.num { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
"""


def across_html(result: AcrossComparison) -> str:
    a, b = _who(result.a_report), _who(result.b_report)
    full_a, full_b = _name(result.a_report), _name(result.b_report)
    s = result.summary
    cards = "".join(f'<div class="card" style="--accent:{c}"><b>{v}</b><span>{escape(k)}</span></div>' for k, v, c in (
        ("gemensamma ämnen", s["topics_paired"], "#2f6fd6"), (f"saknas i {a}", s["a_lacks"], "#c0392b"),
        (f"saknas i {b}", s["b_lacks"], "#c0392b"), ("gemensam text", s["shared_text"], "#c98a00"),
        ("text ur mall", s["template_text"], "#8a96a3"), ("gemensamma indikatorer", s["indicators_shared"], "#218a3f")))
    topics = "".join(
        f"<tr><td>{escape(t.topic)}</td>{_cell(t.a, t.a_page)}{_cell(t.b, t.b_page)}</tr>" for t in result.topics)
    passages = "".join(
        f'<div class="pair" style="--bg:#e3eeff;--accent:#2f6fd6"><div class="meta">{escape(p.topic)} · '
        f'likhet {number_sv(round(p.similarity, 2))}</div><div>{escape(p.a["text"])}<div class="meta">s. {p.a["page"]}'
        f'</div></div><div>{escape(p.b["text"])}<div class="meta">s. {p.b["page"]}</div></div></div>'
        for p in result.passages)
    shared = "".join(
        f'<tr><td><span class="flag {"template" if m.boilerplate else "shared"}">'
        f'{"ur mall" if m.boilerplate else "ordagrant"}</span></td><td>{escape(_short(m.a.text, 400))}</td>'
        f"<td>s. {m.a.page}</td><td>s. {m.b.page}</td><td class=\"num\">{m.chars}</td></tr>" for m in result.shared_text)
    indicators = "".join(
        f"<tr><td>{escape(i.a_label)}</td><td>{escape(i.b_label)}</td><td class=\"num\">{number_sv(i.a_value)}{_goal(i.a_target)}</td>"
        f"<td>{escape(i.a_unit or '')}</td><td>{escape(i.a_period or '–')}</td><td class=\"num\">{number_sv(i.b_value)}{_goal(i.b_target)}</td>"
        f"<td>{escape(i.b_unit or '')}</td><td>{escape(i.b_period or '–')}</td></tr>" for i in result.indicators)
    act = result.activities
    statuses = "".join(f"<tr><td>{ACTIVITY_STATUS_SV[k]}</td><td class=\"num\">{act['a'][k]}</td>"
                       f"<td class=\"num\">{act['b'][k]}</td></tr>" for k in ACTIVITY_STATUSES)
    activity_pairs = "".join(
        f"<tr><td>{escape(p.a['title'])}</td><td>{ACTIVITY_STATUS_SV.get(p.a['status'], p.a['status'])}</td>"
        f"<td>{escape(p.b['title'])}</td><td>{ACTIVITY_STATUS_SV.get(p.b['status'], p.b['status'])}</td></tr>"
        for p in act["pairs"])
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="sv"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Jämförelse mellan kommuner: {escape(full_a)} – {escape(full_b)}</title>",
        f"<style>{_CSS}{_EXTRA_CSS}</style></head><body>",
        f"<header><h1>Jämförelse mellan kommuner: {escape(full_a)} – {escape(full_b)}</h1>",
        f'<div class="files">A: {escape(result.a_report.source.path)} · B: {escape(result.b_report.source.path)}</div></header>',
        f'<main><div class="cards">{cards}</div>',
        _box("Ämnen", f"<table class=\"list\"><tr><th>Ämne</th><th>{escape(a)}</th><th>{escape(b)}</th></tr>{topics}</table>"),
        _box("Närmaste passager per ämne", passages or "<p>Inga.</p>"),
        _box("Gemensam text (ordagrant eller ur en mall)",
             f"<table class=\"list\"><tr><th></th><th>Text</th><th>A</th><th>B</th><th>Tecken</th></tr>{shared}</table>"
             if shared else "<p>Ingen.</p>"),
        _box("Indikatorer som båda redovisar",
             f"<table class=\"list\"><tr><th>{escape(a)}</th><th>{escape(b)}</th><th>Värde A</th><th>Enhet</th>"
             f"<th>Period</th><th>Värde B</th><th>Enhet</th><th>Period</th></tr>{indicators}</table>"
             if indicators else "<p>Inga.</p>"),
        _box("Aktiviteter", f"<table class=\"list\"><tr><th>Status</th><th>{escape(a)}</th><th>{escape(b)}</th></tr>"
                            f"{statuses}</table>" + (
                                f"<h3>Liknande aktiviteter</h3><table class=\"list\"><tr><th>{escape(a)}</th><th>Status</th>"
                                f"<th>{escape(b)}</th><th>Status</th></tr>{activity_pairs}</table>" if activity_pairs else "")),
        "</main></body></html>"])


def _goal(target: bool) -> str:
    return " <small>(mål)</small>" if target else ""


def _cell(path: str | None, page: int | None) -> str:
    if path is None:
        return f'<td class="missing">{MISSING_SV}</td>'
    return f"<td>{escape(path.rsplit(' > ', 1)[-1])} <small>(s. {page})</small></td>"


def _box(title: str, body: str) -> str:
    return f'<section class="box"><h2>{escape(title)}</h2>{body}</section>'


# -- the app's tables (the Jämför page's "Jämför kommuner" mode) ----------------------------------

def named_by_file(result: AcrossComparison) -> AcrossComparison:
    """The comparison for a download from the app: each report named by its file name, never by
    a local path."""
    from dataclasses import replace

    from .views import file_name

    def named(report):
        return replace(report, source=replace(report.source, path=file_name(report.source.path)))

    def side(s):
        return replace(s, report=file_name(s.report))

    return replace(result, a_report=named(result.a_report), b_report=named(result.b_report),
                   shared_text=[replace(m, a=side(m.a), b=side(m.b)) for m in result.shared_text])


def side_names(result: AcrossComparison) -> tuple[str, str]:
    """Column names for the two sides: "A: Olofström", "B: Söderköping" (told apart when both
    reports are one municipality's)."""
    return f"A: {_who(result.a_report)}", f"B: {_who(result.b_report)}"


def _section_sv(path: str | None, page: int | None) -> str:
    return MISSING_SV if path is None else f"{path.rsplit(' > ', 1)[-1]} (s. {page})"


def topic_rows(result: AcrossComparison) -> list[dict]:
    """The topic table: the topic, its section on each side or "saknas", the pair's similarity."""
    a, b = side_names(result)
    return [{"Ämne": t.topic, a: _section_sv(t.a, t.a_page), b: _section_sv(t.b, t.b_page),
             "Likhet": number_sv(round(t.similarity, 2)) if t.similarity is not None else "–"} for t in result.topics]


def passages_html(result: AcrossComparison) -> str:
    """The closest passages of each paired topic, side by side (uses views.COMPARE_CSS)."""
    a, b = side_names(result)
    head = f'<div class="ra-cols"><div>{escape(a)}</div><div>{escape(b)}</div></div>'
    out, topic = [head], None
    for p in result.passages:
        if p.topic != topic:
            topic = p.topic
            out.append(f'<div class="ra-sec">{escape(topic)}</div>')
        out.append(f'<div class="ra-pair" style="--bg:#e3eeff;--accent:#2f6fd6"><div>{escape(p.a["text"])}'
                   f'<div class="ra-meta">s. {p.a["page"]} · {escape(p.a["section"].rsplit(" > ", 1)[-1])}</div></div>'
                   f'<div>{escape(p.b["text"])}<div class="ra-meta">s. {p.b["page"]} · '
                   f'{escape(p.b["section"].rsplit(" > ", 1)[-1])} · likhet {number_sv(round(p.similarity, 2))}'
                   f"</div></div></div>")
    return "".join(out)


def shared_text_rows(result: AcrossComparison) -> list[dict]:
    """Text both reports have word for word ("ordagrant") or from a template ("ur mall")."""
    return [{"Slag": "ur mall" if m.boilerplate else "ordagrant", "Text": _short(m.a.text, 400),
             "Sida A": m.a.page, "Sida B": m.b.page, "Tecken": m.chars} for m in result.shared_text]


def indicator_rows(result: AcrossComparison) -> list[dict]:
    """The indicators both report, each side's own value (Swedish numbers), unit and period."""
    rows = []
    for i in result.indicators:
        rows.append({"Indikator A": i.a_label or i.indicator, "Värde A": number_sv(i.a_value) + (" (mål)" if i.a_target else ""),
                     "Enhet A": i.a_unit or "", "Period A": i.a_period or "–",
                     "Indikator B": i.b_label or i.indicator, "Värde B": number_sv(i.b_value) + (" (mål)" if i.b_target else ""),
                     "Enhet B": i.b_unit or "", "Period B": i.b_period or "–"})
    return rows


def activity_status_rows(result: AcrossComparison) -> list[dict]:
    """Activities by status, the two reports side by side."""
    a, b = side_names(result)
    act = result.activities
    return [{"Status": ACTIVITY_STATUS_SV[k], a: act["a"][k], b: act["b"][k]} for k in ACTIVITY_STATUSES
            if act["a"][k] or act["b"][k]]


def activity_pair_rows(result: AcrossComparison) -> list[dict]:
    a, b = side_names(result)
    return [{a: p.a["title"], f"Status {a[:1]}": ACTIVITY_STATUS_SV.get(p.a["status"], p.a["status"]),
             b: p.b["title"], f"Status {b[:1]}": ACTIVITY_STATUS_SV.get(p.b["status"], p.b["status"])}
            for p in result.activities["pairs"]]


# -- Excel ---------------------------------------------------------------------------------------

def across_xlsx(result: AcrossComparison) -> bytes:
    a, b = _name(result.a_report), _name(result.b_report)
    book = Workbook()
    ws = book.active
    ws.title = SHEETS[0]
    summary = [("Jämförelse mellan kommuner", None), ("A", a), ("  fil", result.a_report.source.path),
               ("B", b), ("  fil", result.b_report.source.path), (None, None),
               *[(k, v) for k, v in result.summary.items()]]
    _rows(ws, None, summary)
    _rows(book.create_sheet(SHEETS[1]), ("Ämne", "Avsnitt i A", "Sida A", "Avsnitt i B", "Sida B", "Likhet"),
          [(t.topic, t.a or MISSING_SV, t.a_page, t.b or MISSING_SV, t.b_page, t.similarity) for t in result.topics])
    _rows(book.create_sheet(SHEETS[2]), ("Ämne", "Likhet", "Text i A", "Sida A", "Text i B", "Sida B"),
          [(p.topic, p.similarity, p.a["text"], p.a["page"], p.b["text"], p.b["page"]) for p in result.passages])
    _rows(book.create_sheet(SHEETS[3]), ("Slag", "Text i A", "Sida A", "Text i B", "Sida B", "Tecken"),
          [("ur mall" if m.boilerplate else "ordagrant", m.a.text, m.a.page, m.b.text, m.b.page, m.chars)
           for m in result.shared_text])
    _rows(book.create_sheet(SHEETS[4]), ("Indikator (nyckel)", "Benämning A", "Värde A", "Enhet A", "Period A", "Mål A",
                                         "Sida A", "Benämning B", "Värde B", "Enhet B", "Period B", "Mål B", "Sida B"),
          [(i.indicator, i.a_label, i.a_value, i.a_unit, i.a_period, "mål" if i.a_target else "", i.a_page,
            i.b_label, i.b_value, i.b_unit, i.b_period, "mål" if i.b_target else "", i.b_page)
           for i in result.indicators])
    act = result.activities
    _rows(book.create_sheet(SHEETS[5]), ("Status", "Antal A", "Antal B", "Aktivitet A", "Status A", "Aktivitet B", "Status B"),
          [(ACTIVITY_STATUS_SV[k], act["a"][k], act["b"][k], None, None, None, None) for k in ACTIVITY_STATUSES]
          + [(None, None, None, p.a["title"], ACTIVITY_STATUS_SV.get(p.a["status"]), p.b["title"],
              ACTIVITY_STATUS_SV.get(p.b["status"])) for p in act["pairs"]])
    for sheet in book.worksheets:
        _no_formulas(sheet)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(ws, header, rows) -> None:
    start = 1
    if header:
        for c, h in enumerate(header, start=1):
            ws.cell(1, c, h).font = Font(bold=True)
        start = 2
        ws.freeze_panes = "A2"
    for r, row in enumerate(rows, start=start):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, _safe(value))
            if isinstance(value, str) and len(value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if header and rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for c in range(1, (len(header) if header else 2) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 40 if c in (1, 2, 3, 4) else 14


def _safe(value):
    """Text through the workbook's own rules (printable, within Excel's cell limit); numbers as
    numbers. Formula-like text is stored as text by ``_no_formulas``."""
    return _xlsx_text(value) if isinstance(value, str) else value


def write_across(a, b, fmt: str, output, write_text, write_bytes, color: bool) -> None:
    """``compare --across``: the comparison in the CLI's format ``fmt`` (json, html, xlsx, text)."""
    import json

    from ..compare.across import compare_across

    result = compare_across(a, b)
    if fmt == "xlsx":
        write_bytes(across_xlsx(result), output)
    elif fmt == "html":
        write_text(across_html(result), output)
    elif fmt == "text":
        write_text(across_text(result, color=color), output)
    else:
        write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", output)
