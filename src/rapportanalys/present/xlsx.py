"""An Excel workbook of a comparison, because auditors work in Excel (Swedish).

Sheets: *Sammanfattning* (the two reports, counts per status, stale share, the settings used),
*Passager* (one row per passage, both sides, status coloured, the word changes, the sentences
carried over from last year inside edited passages, in brown italics in the text), *Siffror*
(every changed figure and every inconsistency, values as numbers for formulas) and *Sektioner*
(each section's pair and stale share) and, when both reports have activities, *Aktiviteter*
(each activity kept, added or dropped, its status in both editions, its comment's status and
changed words). Every table has a header row, a filter and frozen
panes.
"""
from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..compare.diff import STATUSES
from ..compare.result import Comparison
from .labels import (ACTIVITY_CHANGE_SV, ACTIVITY_STATUS_SV, COMMENT_SV, MOVED_SV, STATUS_COLOUR, STATUS_SV,
                     activity_status_change_sv, setting_sv)
from .printable import printable

SHEETS = ("Sammanfattning", "Passager", "Siffror", "Sektioner", "Aktiviteter")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_CARRIED_FONT = InlineFont(color="8A6A1F", i=True)
_MAX_CELL = 32767  # Excel's limit on the characters of one cell


def compare_xlsx(result: Comparison) -> bytes:
    book = Workbook()
    _summary(book.active, result)
    _passages(book.create_sheet(SHEETS[1]), result)
    _figures(book.create_sheet(SHEETS[2]), result)
    _sections(book.create_sheet(SHEETS[3]), result)
    if result.activities:
        _activities(book.create_sheet(SHEETS[4]), result)
    for ws in book.worksheets:
        _no_formulas(ws)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _summary(ws: Worksheet, result: Comparison) -> None:
    ws.title = SHEETS[0]
    old, new = result.old_report, result.new_report
    s = result.summary
    rows = [
        ("Jämförelse", None),
        ("Föregående rapport", old.metadata.title or old.source.path),
        ("  fil", old.source.path),
        ("  år", old.metadata.year),
        ("  sidor", old.source.pages),
        ("Aktuell rapport", new.metadata.title or new.source.path),
        ("  fil", new.source.path),
        ("  år", new.metadata.year),
        ("  sidor", new.source.pages),
        (None, None),
        ("Passager", None),
        *[(STATUS_SV[k], s[k]) for k in STATUSES],
        (MOVED_SV, s["moved"]),
        ("Andel inaktuell text (oförändrad eller nya siffror)", s["stale_share"]),
        ("Ändrade siffror", s["figure_changes"]),
        ("Motsägelser", s["inconsistencies"]),
        (None, None),
        ("Inställningar", None),
        *[setting_sv(k, v) for k, v in result.settings.items()],
    ]
    for r, (label, value) in enumerate(rows, start=1):
        ws.cell(r, 1, label)
        ws.cell(r, 2, _cell(value) if isinstance(value, str) else value)
        if value is None and label:
            ws.cell(r, 1).font = _BOLD
        if label in STATUS_SV.values():
            status = next(k for k, v in STATUS_SV.items() if v == label)
            ws.cell(r, 1).fill = _fill(status)
        if label and label.startswith("Andel"):
            ws.cell(r, 2).number_format = "0.0%"
    ws.column_dimensions["A"].width = 52
    ws.column_dimensions["B"].width = 70


def _passages(ws: Worksheet, result: Comparison) -> None:
    header = ["Nr", "Status", "Flyttad", "Likhet", "Föregående sektion", "Föregående sida", "Föregående text",
              "Aktuell sektion", "Aktuell sida", "Aktuell text", "Ändrade ord", "Ändrade siffror",
              "Meningar från föregående rapport"]
    widths = [6, 14, 9, 8, 34, 10, 60, 34, 10, 60, 50, 26, 60]
    _header(ws, header, widths)
    for n, p in enumerate(result.passages, start=1):
        changes = None if p.status in ("new", "removed", "unchanged") else _rich_diff(p.diff)
        figures = "; ".join(f"{c.old} → {c.new}" + (f" {c.unit}" if c.unit else "") for c in p.figure_changes)
        row = [n, STATUS_SV[p.status], "ja" if p.moved else "", round(p.similarity, 3) if p.old and p.new else None,
               p.old.section if p.old else None, p.old.page if p.old else None, p.old.text if p.old else None,
               p.new.section if p.new else None, p.new.page if p.new else None, p.new.text if p.new else None,
               changes, figures, "\n".join(
                   f"{p.new.text[c.start:c.end]} (s. {c.old['page']}" + (", nya siffror)" if c.status == "figures_updated" else ")")
                   for c in p.carried) or None]
        _append(ws, row)
        r = ws.max_row
        ws.cell(r, 2).fill = _fill(p.status)
        if p.carried:
            ws.cell(r, 10).value = _carried_rich_text(p)
        for c in range(1, len(header) + 1):
            ws.cell(r, c).alignment = _WRAP
    _finish(ws, len(header))


def _figures(ws: Worksheet, result: Comparison) -> None:
    header = ["Typ", "Sektion", "Sida", "Föregående", "Aktuell", "Föregående värde", "Aktuellt värde", "Enhet",
              "Vad", "Period", "Föregående mening", "Aktuell mening", "Skillnad", "Rad", "Kolumn"]
    widths = [16, 34, 8, 12, 12, 12, 12, 14, 30, 14, 60, 60, 12, 30, 20]
    _header(ws, header, widths)
    for p in result.passages:
        for c in p.figure_changes:
            _append(ws, ["ändrad siffra", p.new.section, p.new.page, c.old, c.new, c.old_value, c.new_value,
                         c.unit, c.what, None, c.old_sentence, c.sentence, c.difference, c.row, c.column])
            if c.difference is not None:
                ws.cell(ws.max_row, 13).number_format = "+0" + ("." + "0" * c.precision if c.precision else "") + \
                    ";-0" + ("." + "0" * c.precision if c.precision else "")
    for p in result.passages:  # dates and references that read differently: never figures
        for c in p.reference_changes:
            _append(ws, ["ändrat datum eller hänvisning", p.new.section, p.new.page, c.old, c.new, c.old_value,
                         c.new_value, None, c.kind, None, c.old_sentence, c.sentence])
    for i in result.inconsistencies:
        _append(ws, ["motsägelse", None, i.new["page"], i.old_value, i.new_value, i.old_number, i.new_number,
                     i.unit, i.what, i.period, i.old["text"], i.new["text"]])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP
    _finish(ws, len(header))


def _sections(ws: Worksheet, result: Comparison) -> None:
    header = ["Föregående sektion", "Aktuell sektion", "Nivå", "Andel inaktuell text", "Tecken", "Likhet", "Flyttad"]
    widths = [60, 60, 7, 14, 10, 9, 9]
    _header(ws, header, widths)
    for s in result.sections:
        _append(ws, [s.old or "(ny sektion)", s.new or "(borttagen)", s.level, s.stale_share, s.chars,
                   s.similarity, "ja" if s.moved else ""])
        r = ws.max_row
        ws.cell(r, 4).number_format = "0.0%"
        for c in range(1, len(header) + 1):
            ws.cell(r, c).alignment = _TOP
        if s.new is None:
            ws.cell(r, 2).fill = _fill("removed")
        elif s.old is None:
            ws.cell(r, 1).fill = _fill("new")
    _finish(ws, len(header))


_DELETED = InlineFont(strike=True, color=STATUS_COLOUR["removed"][1])
_INSERTED = InlineFont(color=STATUS_COLOUR["new"][1], u="single", b=True)


def _rich_diff(diff: list[list[str]]) -> CellRichText:
    """The word diff as Excel shows it: deleted words struck through in red, new words
    underlined in green, the rest plain (one cell, within Excel's character limit)."""
    parts, room = [], _MAX_CELL - 1
    for op, text in diff:
        text = printable(text) or ""
        if room <= 0:
            break
        if len(text) > room:
            text = text[:room] + "…"
        room -= len(text) + 1
        if parts:
            parts.append(" ")
        parts.append(text if op == "=" else TextBlock(_DELETED if op == "-" else _INSERTED, text))
    return CellRichText(*parts)

def _carried_rich_text(p) -> CellRichText:
    """The new text with the sentences carried over from last year in a shade of their own
    (brown italics: a cell's text has one background, but its runs can differ in font). The
    text is cut at the offsets first and made printable piece by piece, so offsets hold."""
    text, parts, at = p.new.text[:_MAX_CELL - 1], [], 0
    for c in sorted(p.carried, key=lambda c: c.start):
        if c.start >= len(text):
            break
        if c.start > at:
            parts.append(printable(text[at:c.start]))
        parts.append(TextBlock(_CARRIED_FONT, printable(text[c.start:min(c.end, len(text))])))
        at = min(c.end, len(text))
    if at < len(text):
        parts.append(printable(text[at:]))
    return CellRichText(*[x for x in parts if x and (not isinstance(x, TextBlock) or x.text)])


def _activities(ws: Worksheet, result: Comparison) -> None:
    header = ["Förändring", "Aktivitet (aktuell)", "Aktivitet (föregående)", "Sektion", "Status föregående",
              "Status aktuell", "Statusändring", "Kommentar", "Ändrade ord i kommentaren", "Föregående sida",
              "Aktuell sida"]
    widths = [12, 50, 50, 40, 18, 18, 30, 22, 60, 10, 10]
    _header(ws, header, widths)
    for a in result.activities:
        words = _rich_diff(a.comment_diff) if a.change == "kept" and a.comment != "unchanged" else None
        _append(ws, [ACTIVITY_CHANGE_SV[a.change], a.new["title"] if a.new else None, a.old["title"] if a.old else None,
                     (a.new or a.old)["section"], ACTIVITY_STATUS_SV.get(a.old["status"]) if a.old else None,
                     ACTIVITY_STATUS_SV.get(a.new["status"]) if a.new else None, activity_status_change_sv(a) or None,
                     COMMENT_SV.get(a.comment, a.comment) if a.change == "kept" else None, words or None,
                     a.old["page"] if a.old else None, a.new["page"] if a.new else None])
        r = ws.max_row
        ws.cell(r, 1).fill = _fill({"kept": "unchanged", "added": "new", "dropped": "removed"}[a.change])
        if a.status_change:
            ws.cell(r, 7).fill = _fill("figures_updated")
        if a.change == "kept":
            ws.cell(r, 8).fill = _fill(a.comment)
        for c in range(1, len(header) + 1):
            ws.cell(r, c).alignment = _WRAP
    _finish(ws, len(header))


def _header(ws: Worksheet, header: list[str], widths: list[int]) -> None:
    ws.append(header)
    for c, width in enumerate(widths, start=1):
        ws.cell(1, c).font = _BOLD
        ws.column_dimensions[get_column_letter(c)].width = width


def _finish(ws: Worksheet, columns: int) -> None:
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(ws.max_row, 1)}"


def _fill(status: str) -> PatternFill:
    return PatternFill("solid", fgColor=STATUS_COLOUR[status][0])


def _append(ws: Worksheet, values: list) -> None:
    ws.append([_cell(v) if isinstance(v, str) else v for v in values])


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _no_formulas(ws: Worksheet) -> None:
    """Report text is data, never a formula (OWASP CSV injection): a cell whose text starts
    with ``= + - @``, tab or CR is stored as a string. Numbers stay numbers."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                cell.data_type = "s"


def _cell(text: str | None) -> str | None:
    text = printable(text)
    return text if text is None or len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"

