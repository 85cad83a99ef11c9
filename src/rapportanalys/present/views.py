"""What the Streamlit app shows, as plain data: tables (pandas), HTML fragments, page images
and Swedish messages. Pure functions over reports and comparison results; no Streamlit here, so
the app's pages stay thin and everything they show is tested without a browser.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from .. import errors
from ..compare.diff import STATUSES
from ..compare.result import Comparison, Passage
from ..model import Report
from . import html
from .labels import (ACTIVITY_CHANGE_SV, ACTIVITY_STATUS_SV, COMMENT_SV, MOVED_SV, STATUS_SV,
                     activity_status_change_sv, percent_sv)
from .printable import printable

UPLOAD_LIMIT_MB = 50
ACTIVITY_COLOUR = {  # background per activity status (hex with '#')
    "not_started": "#EEF1F4",
    "ongoing": "#E2F6E7",
    "ongoing_deviation": "#FFF4D6",
    "done": "#BFE8C9",
    "done_deviation": "#FFE3C2",
    "delayed": "#FBE4E4",
    "unknown": "#F4F4F4",
}

_ERRORS_SV = {
    errors.InputNotFound: "filen finns inte",
    errors.NotAFile: "det är inte en fil",
    errors.EmptyFile: "filen är tom",
    errors.NotAPDF: "filen är inte en PDF",
    errors.TruncatedPDF: "PDF-filen är trasig eller ofullständig",
    errors.EncryptedPDF: "PDF-filen är krypterad (lösenordsskyddad) och kan inte läsas",
    errors.OcrUnavailable: ("PDF-filen saknar textlager och behöver OCR-tolkas, men Tesseract med svensk "
                            "språkmodell är inte installerat (apt-get install tesseract-ocr tesseract-ocr-swe)"),
    errors.NoTextFound: "PDF-filen saknar textlager, och OCR-tolkningen hittade ingen text",
    errors.NoTextLayer: "PDF-filen saknar textlager (inskannad eller text som bilder); den behöver OCR-tolkas först",
    errors.NotADatabase: "filen är inte en korpusdatabas (DuckDB)",
    errors.DatabaseBusy: ("korpusdatabasen används av en annan process som skriver i den (t.ex. ingest). "
                          "Vänta tills den är klar och ladda om sidan"),
}


def error_sv(exc: BaseException, name: str | None = None) -> str:
    """One Swedish sentence for a user: "rapport.pdf: filen är inte en PDF."."""
    for kind, text in _ERRORS_SV.items():
        if isinstance(exc, kind):
            break
    else:
        text = "ett oväntat fel inträffade när filen lästes" + (
            f" ({type(exc).__name__})" if not isinstance(exc, errors.RapportanalysError) else "")
    return f"{name}: {text}." if name else text[0].upper() + text[1:] + "."


def too_large_sv(name: str, size: int, limit_mb: int = UPLOAD_LIMIT_MB) -> str | None:
    """The message for an upload over the limit, or None when it is within it."""
    if size <= limit_mb * 1024 * 1024:
        return None
    return f"{name}: filen är för stor ({size / 1024 / 1024:.0f} MB; högst {limit_mb} MB)."


def not_pdf_sv(name: str, data: bytes) -> str | None:
    """The message for an upload that is not a PDF at all (a .txt, a Word file), or None. The
    uploader takes any file, so that every rejected one gets a Swedish sentence rather than the
    browser's silent red icon."""
    if b"%PDF-" in data[:1024]:
        return None
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    what = f" (en .{kind}-fil)" if kind and kind != "pdf" else ""
    return f"{name}: filen är inte en PDF{what}. Ladda upp rapporten som PDF."


def report_label(report: Report) -> str:
    m = report.metadata
    title = m.title or report.source.path.rsplit("/", 1)[-1]
    return f"{title} ({m.municipality or 'okänd kommun'}, {m.year or 'okänt år'})"


def _known(value) -> bool:
    return value is not None and value == value and str(value).strip() != ""


def choice_labels(items: list[dict]) -> list[str]:
    """A unique, informative label per report for the pickers: title, municipality and year,
    then document type and file name. Where title, municipality and year are shared (a draft and
    its final version, several "Missiv till …"), what tells them apart comes right after them
    (the file name, else the report's date, else the start of its sha256), so that it is seen
    even when a long label is cut off in the list. ``items`` are dicts with ``title,
    municipality, year, doc_type, path, date, sha256`` (a Corpus.reports row)."""
    names = [file_name(r.get("path")) for r in items]
    base = []
    for r, name in zip(items, names):
        year = r.get("year")
        where = ", ".join([str(r["municipality"]) if _known(r.get("municipality")) else "okänd kommun",
                           str(int(year)) if _known(year) else "okänt år"])
        base.append(f"{r['title'] if _known(r.get('title')) else name} · {where}")
    groups: dict[str, list[int]] = {}
    for k, label in enumerate(base):
        groups.setdefault(label, []).append(k)
    apart: dict[int, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        for key in ("file", "date", "sha256"):
            values = [names[k] if key == "file" else str(items[k].get(key)) if _known(items[k].get(key)) else None
                      for k in members]
            if None not in values and len(set(values)) == len(values):
                break
        for k, value in zip(members, values):
            apart[k] = {"file": value, "date": f"daterad {value}"}.get(key, f"sha {str(items[k]['sha256'])[:10]}")
    labels = []
    for k, (r, name) in enumerate(zip(items, names)):
        parts = [base[k]]
        if k in apart:
            parts.append(apart[k])
        if _known(r.get("doc_type")) and r.get("doc_type") != "other":
            parts.append(str(r["doc_type"]))
        if name and name not in parts[0] and apart.get(k) != name:
            parts.append(name)
        labels.append(" · ".join(parts))
    return labels


def identical_sv(old: Report, new: Report) -> str | None:
    """The message when both sides are the same content (same sha256), else None: a report
    compared with itself would show no change at all and mislead the reader into thinking two
    versions are identical."""
    if not old.source.sha256 or old.source.sha256 != new.source.sha256:
        return None
    return (f"Du har valt samma rapport två gånger ({report_label(new)}, sha256 {new.source.sha256[:10]}…). "
            "Filerna har exakt samma innehåll, så det finns inget att jämföra. Välj två olika rapporter.")


def _page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] → "1–3, 5"."""
    out, run = [], []
    for n in sorted(pages) + [None]:
        if run and (n is None or n != run[-1] + 1):
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
            run = []
        if n is not None:
            run.append(n)
    return ", ".join(out)


def ocr_summary_sv(ocr: dict | None) -> str | None:
    """"sidorna 1–6, säkerhet 94,8 %" for a report read by OCR (``source.ocr``), else None."""
    if not ocr or not ocr.get("pages"):
        return None
    pages = [p["page"] for p in ocr["pages"]]
    where = f"sidan {pages[0]}" if len(pages) == 1 else f"sidorna {_page_ranges(pages)}"
    confidence = ocr.get("confidence")
    return where + (f", säkerhet {confidence:.1f} %".replace(".", ",") if confidence is not None else "")


def ocr_note_sv(report: Report) -> str | None:
    """The app's mark on an OCR'd report: which pages were read from images, and a caution."""
    summary = ocr_summary_sv(report.source.ocr)
    if summary is None:
        return None
    return (f"OCR-tolkad: {summary}. Texten lästes från bilder av sidorna (inskannad rapport eller text "
            "utan textlager) och kan innehålla felläsningar; kontrollera citat mot PDF-sidan.")


# -- Jämför ------------------------------------------------------------------------------------
@dataclass
class PassageRow:
    index: int  # position in result.passages
    status: str
    moved: bool
    section: str  # the new side's section path, else the old side's
    section_key: str  # the section the passage is listed under (new id, or "old:" + old id)
    page_old: int | None
    page_new: int | None
    text: str


PATH_SEP = " › "


def section_path_sv(path: str | None) -> str:
    """A section by its path of headings, as users read it: "4.2 Hälsa › Ett gott exempel i
    Kungälv" (the stored path separates headings with " > "). Sub-sections of the same name
    under different parents stay apart."""
    if not path:
        return "Före första rubriken"
    return PATH_SEP.join(part.strip() for part in path.split(" > "))


def passage_rows(result: Comparison) -> list[PassageRow]:
    rows = []
    for k, p in enumerate(result.passages):
        side = p.new or p.old
        key = p.new.section_id if p.new else f"old:{p.old.section_id}"
        rows.append(PassageRow(k, p.status, p.moved, section_path_sv(side.section), str(key),
                               p.old.page if p.old else None, p.new.page if p.new else None,
                               " ".join(side.text.split())))
    return rows


def section_options(result: Comparison) -> list[tuple[str, str]]:
    """(key, label) of each section that has passages, in the order they are shown; the label
    is the section's whole path, so repeated sub-heading names are told apart."""
    seen: dict[str, str] = {}
    for row in passage_rows(result):
        if row.section_key not in seen:
            seen[row.section_key] = row.section + (" (borttagen)" if row.section_key.startswith("old:") else "")
    return list(seen.items())


def viewer_data(result: Comparison, rows: list[PassageRow]) -> dict:
    """What the side-by-side document viewer draws: every passage with its status and boxes
    (``[page, x0, top, x1, bottom]`` per block, PDF points), the old blocks its carried-over
    sentences stand in (``c``, drawn dashed in brown on last year's pages), and the passages the
    filters show, in order, for its change list."""
    def boxes(side) -> list | None:
        if side is None:
            return None
        spans = side.spans or [{"page": side.page, "bbox": side.bbox}]
        return [[sp["page"], *[round(v, 1) for v in sp["bbox"]]] for sp in spans]

    section = {r.index: r.section for r in rows}
    passages = []
    for k, p in enumerate(result.passages):
        side = p.new or p.old
        text = " ".join(side.text.split())
        carried = f" · {len(p.carried)} {'mening' if len(p.carried) == 1 else 'meningar'} från föregående rapport" \
            if p.carried else ""
        passages.append({"i": k, "s": p.status, "sl": STATUS_SV[p.status] + (f" · {MOVED_SV}" if p.moved else "") + carried,
                         "m": p.moved, "l": text[:140] + ("…" if len(text) > 140 else ""),
                         "sec": section.get(k) or section_path_sv(side.section),
                         "old": boxes(p.old), "new": boxes(p.new),
                         # where the carried-over sentences stand in last year's report (their blocks)
                         "c": [[c.old["page"], *[round(v, 1) for v in c.old["bbox"]]] for c in p.carried
                               if c.old.get("page") and c.old.get("bbox")]})
    return {"passages": passages, "shown": [r.index for r in rows], "statuses": dict(STATUS_SV)}


def file_name(path: str | None) -> str:
    return str(path or "").replace("\\", "/").rsplit("/", 1)[-1]


def report_json(report: Report) -> bytes:
    """A report's JSON for a download, named by its file name (never a local path)."""
    return replace(report, source=replace(report.source, path=file_name(report.source.path))).to_json().encode("utf-8")


def for_export(result: Comparison, rows: list[PassageRow], statuses: list[str] | None = None,
               section: str | None = None) -> Comparison:
    """The comparison as the page shows it, for a download: only the passages the filters show
    (the filter is written into its settings), and each report named by its file name, never
    by a local path."""
    def named(report: Report) -> Report:
        return replace(report, source=replace(report.source, path=file_name(report.source.path)))

    settings = dict(result.settings)
    if statuses and set(statuses) != set(STATUSES):
        settings["filter_statuses"] = [s for s in STATUSES if s in statuses]
    if section is not None:
        settings["filter_section"] = next((r.section for r in rows if r.section_key == section), section)
    return replace(result, old_report=named(result.old_report), new_report=named(result.new_report),
                   passages=[result.passages[r.index] for r in rows], settings=settings)


def export_stem(result: Comparison) -> str:
    """``jamforelse_<old file>_<new file>``: a download named after the two reports."""
    import re

    def stem(report: Report) -> str:
        name = file_name(report.source.path).removesuffix(".pdf").removesuffix(".PDF")
        return re.sub(r"[^\w.-]+", "-", name).strip("-.")[:60] or "rapport"

    return f"jamforelse_{stem(result.old_report)}_{stem(result.new_report)}"


def filter_passages(rows: list[PassageRow], statuses: list[str] | None = None,
                    section: str | None = None) -> list[PassageRow]:
    return [r for r in rows if (not statuses or r.status in statuses)
            and (section is None or r.section_key == section)]


def summary_frame(result: Comparison) -> pd.DataFrame:
    s = result.summary
    return pd.DataFrame({"Status": [STATUS_SV[k] for k in STATUSES] + [MOVED_SV],
                         "Passager": [s[k] for k in STATUSES] + [s.get("moved", 0)]})


def section_stale_frame(result: Comparison) -> pd.DataFrame:
    """One row per section of the new report with text: its path (so that sub-sections of the
    same name under different parents are apart, never one bar), its stale share in percent
    (0–100) and its characters; ``Andel`` and ``Tecken (text)`` are the same in Swedish format
    for tooltips."""
    rows, seen = [], {}
    for r in result.sections:
        if r.new is None or r.stale_share is None:
            continue
        label = section_path_sv(r.new)
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label += f" ({seen[label]})"
        share = round(min(max(r.stale_share, 0.0), 1.0) * 100, 1)
        rows.append({"Sektion": label, "Nivå": r.level, "Inaktuell text (%)": share, "Tecken": r.chars,
                     "Andel": percent_sv(share / 100), "Tecken (text)": count_sv(r.chars)})
    return pd.DataFrame(rows, columns=["Sektion", "Nivå", "Inaktuell text (%)", "Tecken", "Andel", "Tecken (text)"])


def count_sv(n: int | float | None) -> str:
    """12345 -> "12 345" (a narrow no-break space between thousands, as Swedish prints them)."""
    if n is None or n != n:
        return "–"
    return f"{int(n):,}".replace(",", "\u202f")


def decimal_sv(x: float | None, digits: int = 1) -> str:
    """15.5 -> "15,5"; 12345.67 -> "12 345,7"."""
    if x is None or x != x:
        return "–"
    return f"{x:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def swedish_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as shown: floats with a decimal comma, integers with spaces between thousands
    (years and page numbers, which are labels, are left alone)."""
    out = frame.copy()
    for col in out.columns:
        if col in {"Sida", "Nivå"} or str(col).lower().endswith("år"):  # years are labels: "2019"
            if pd.api.types.is_float_dtype(out[col]):
                out[col] = out[col].astype("Int64")
            continue
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].map(decimal_sv)
        elif pd.api.types.is_integer_dtype(out[col]) and out[col].abs().max() >= 1000:
            out[col] = out[col].map(count_sv)
    return out


VEGA_LOCALE_SV = {"number": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", " kr"]},
                  "time": {"dateTime": "%A %e %B %Y %X", "date": "%Y-%m-%d", "time": "%H:%M:%S",
                           "periods": ["fm", "em"],
                           "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
                           "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
                           "months": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                                      "september", "oktober", "november", "december"],
                           "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt",
                                           "nov", "dec"]}}


def swedish_chart(chart):
    """An Altair chart formatting numbers the Swedish way (decimal comma, thin space between
    thousands) in axes, labels and tooltips."""
    return chart.configure(locale=VEGA_LOCALE_SV)


def figure_changes_frame(result: Comparison) -> pd.DataFrame:
    rows = []
    for p in result.passages:
        for c in p.figure_changes:
            rows.append({"Föregående": c.old, "Aktuell": c.new, "Skillnad": difference_sv(c),
                         "Enhet": c.unit or "", "Vad": c.what or "", "Rad": c.row or "", "Kolumn": c.column or "",
                         "Mening (aktuell)": c.sentence, "Sida": p.new.page if p.new else None})
    return pd.DataFrame(rows, columns=["Föregående", "Aktuell", "Skillnad", "Enhet", "Vad", "Rad", "Kolumn",
                                       "Mening (aktuell)", "Sida"])


def activity_changes_frame(result: Comparison) -> pd.DataFrame:
    """One row per activity of the two plan follow-ups: kept, added or dropped, its status in
    both editions and what became of its comment."""
    rows = []
    for a in result.activities:
        side = a.new or a.old
        rows.append({
            "Aktivitet": side["title"], "Förändring": ACTIVITY_CHANGE_SV[a.change],
            "Status föregående": ACTIVITY_STATUS_SV.get(a.old["status"], "") if a.old else "",
            "Status aktuell": ACTIVITY_STATUS_SV.get(a.new["status"], "") if a.new else "",
            "Statusändring": activity_status_change_sv(a),
            "Kommentar": COMMENT_SV.get(a.comment, a.comment) if a.change == "kept" else "",
            "Sektion": side["section"].rsplit(" > ", 1)[-1], "Sida": side["page"],
        })
    return pd.DataFrame(rows, columns=["Aktivitet", "Förändring", "Status föregående", "Status aktuell",
                                       "Statusändring", "Kommentar", "Sektion", "Sida"])


def inconsistency_texts(result: Comparison) -> list[str]:
    out = []
    for i in result.inconsistencies:
        unit = f" {i.unit}" if i.unit else ""
        out.append(f"**{i.period}**: föregående rapport anger {i.old_value}{unit} (s. {i.old['page']}: "
                   f"”{printable(i.old['text'])}”), aktuell rapport anger {i.new_value}{unit} "
                   f"(s. {i.new['page']}: ”{printable(i.new['text'])}”).")
    return out


def difference_sv(change) -> str:
    return html.difference_sv(change)


COMPARE_CSS = """
<style>
.ra-cols{display:grid;grid-template-columns:1fr 1fr;font-size:12px;color:#5b6775;text-transform:uppercase;letter-spacing:.04em;padding:2px 0 4px 5px}
.ra-cols div{padding:0 12px}
.ra-sec{font-size:16px;font-weight:600;margin:22px 0 6px;padding-bottom:3px;border-bottom:2px solid #d8dee5}
.ra-pair{display:grid;grid-template-columns:1fr 1fr;background:var(--bg);border-left:5px solid var(--accent);border-radius:4px;margin:6px 0;color:#1d2733;font-size:15px;line-height:1.45}
.ra-pair>div{padding:6px 12px;min-width:0;overflow-wrap:anywhere;white-space:pre-wrap}
.ra-pair>div+div{border-left:1px solid rgba(0,0,0,.08)}
.ra-pair .ra-meta{grid-column:1/-1;padding:4px 12px 0;font-size:12px;color:#5b6775;white-space:normal}
.ra-pair .ra-empty{color:#5b6775;font-style:italic}
.ra-badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:600;background:var(--bg);color:var(--accent);border:1px solid var(--accent)}
.ra-pair del{background:#f6c9c4;color:#7d1d12;text-decoration:line-through}
.ra-pair ins{background:#bfe8c9;color:#0f5a26;text-decoration:none;border-bottom:1px solid #218a3f}
.ra-pair mark.ra-carried,.ra-meta mark.ra-carried{background:#e4dcc8;color:inherit;border-bottom:1px dashed #8a7a52}
.ra-pair mark.ra-carried.figures_updated{background:#f3e3b3}
</style>
"""


def badge_html(status: str) -> str:
    return html.badge_html(status, prefix="ra-")


def passage_html(k: int, p: Passage) -> str:
    """One passage as the app shows it: the export page's rendering with the app's classes."""
    return html.pair_html(k, p, prefix="ra-", number=True)


def side_by_side_html(result: Comparison, rows: list[PassageRow]) -> str:
    """The two texts side by side, passage against passage, with a heading per section."""
    out = [COMPARE_CSS, '<div class="ra-cols"><div>Föregående rapport</div><div>Aktuell rapport</div></div>']
    current = None
    for row in rows:
        if row.section_key != current:
            current = row.section_key
            note = " (i föregående rapport)" if row.section_key.startswith("old:") else ""
            out.append(f'<div class="ra-sec" id="s-{html.escape(row.section_key)}">{html.escape(row.section)}{note}</div>')
        out.append(passage_html(row.index, result.passages[row.index]))
    if not rows:
        out.append("<p>Inga passager matchar filtret.</p>")
    return "\n".join(out)


# -- Rapport -----------------------------------------------------------------------------------
def metadata_frame(report: Report) -> pd.DataFrame:
    m = report.metadata
    rows = [("Kommun", m.municipality), ("År", m.year), ("Titel", m.title), ("Dokumenttyp", m.doc_type),
            ("Datum", m.date), ("Diarienummer", m.diarienummer), ("Organ", m.body),
            ("Fil", report.source.path.rsplit("/", 1)[-1]), ("Sidor", report.source.pages),
            ("SHA-256", report.source.sha256), ("OCR", ocr_summary_sv(report.source.ocr) or "nej")]
    return pd.DataFrame([(k, "–" if v is None else str(v)) for k, v in rows], columns=["Uppgift", "Värde"])


def section_tree_markdown(report: Report) -> str:
    lines = [f"{'  ' * (s.level - 1)}- {s.label} *(s. {s.page})*" for s in report.sections]
    return "\n".join(lines) if lines else "*Inga rubriker hittades.*"


def activities_frame(report: Report) -> pd.DataFrame:
    rows = [{"Aktivitet": a.title, "Status": ACTIVITY_STATUS_SV.get(a.status, a.status),
             "Kommentar": a.comment, "Sektion": _section_label(report, a.section), "Sida": a.page}
            for a in report.activities]
    return pd.DataFrame(rows, columns=["Aktivitet", "Status", "Kommentar", "Sektion", "Sida"])


def activity_status_css(label: str) -> str:
    """The cell style for a Swedish activity status label (for a pandas Styler)."""
    for key, sv in ACTIVITY_STATUS_SV.items():
        if sv == label:
            return f"background-color: {ACTIVITY_COLOUR[key]}"
    return ""


def figures_frame(report: Report, targets: bool = False) -> pd.DataFrame:
    rows = [{"Värde": f.raw, "Tal": f.value, "Enhet": f.unit or "", "Vad": f.what or "", "Period": f.period or "",
             "Grupp": f.group or "", **({"Målår": f.target_year} if targets else {}),
             "Mening": f.sentence, "Sida": f.page}
            for f in report.figures if f.is_target == targets]
    columns = ["Värde", "Tal", "Enhet", "Vad", "Period", "Grupp", *(["Målår"] if targets else []), "Mening", "Sida"]
    return pd.DataFrame(rows, columns=columns)


def _section_label(report: Report, section_id: str | None) -> str:
    s = report.section(section_id)
    return s.label if s else ""

