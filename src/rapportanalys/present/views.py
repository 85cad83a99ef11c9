"""What the Streamlit app shows, as plain data: tables (pandas), HTML fragments, page images
and Swedish messages. Pure functions over reports and comparison results; no Streamlit here, so
the app's pages stay thin and everything they show is tested without a browser.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pandas as pd

from .. import errors
from ..compare.diff import STATUSES
from ..compare.result import Comparison, Passage, Reuse
from ..model import Report
from . import html
from .labels import MOVED_SV, STATUS_SV
from .printable import printable

UPLOAD_LIMIT_MB = 50

ACTIVITY_STATUS_SV = {
    "not_started": "ej påbörjad",
    "ongoing": "pågår",
    "ongoing_deviation": "pågår med avvikelse",
    "done": "klar",
    "done_deviation": "klar med avvikelse",
    "delayed": "försenad",
    "unknown": "okänd",
}
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


def report_label(report: Report) -> str:
    m = report.metadata
    title = m.title or report.source.path.rsplit("/", 1)[-1]
    return f"{title} ({m.municipality or 'okänd kommun'}, {m.year or 'okänt år'})"


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


def passage_rows(result: Comparison) -> list[PassageRow]:
    rows = []
    for k, p in enumerate(result.passages):
        side = p.new or p.old
        key = p.new.section_id if p.new else f"old:{p.old.section_id}"
        rows.append(PassageRow(k, p.status, p.moved, side.section or "Före första rubriken", str(key),
                               p.old.page if p.old else None, p.new.page if p.new else None,
                               " ".join(side.text.split())))
    return rows


def section_options(result: Comparison) -> list[tuple[str, str]]:
    """(key, label) of each section that has passages, in the order they are shown."""
    seen: dict[str, str] = {}
    for row in passage_rows(result):
        if row.section_key not in seen:
            label = row.section.rsplit(" > ", 1)[-1]
            seen[row.section_key] = label + (" (borttagen)" if row.section_key.startswith("old:") else "")
    return list(seen.items())


def filter_passages(rows: list[PassageRow], statuses: list[str] | None = None,
                    section: str | None = None) -> list[PassageRow]:
    return [r for r in rows if (not statuses or r.status in statuses)
            and (section is None or r.section_key == section)]


def summary_frame(result: Comparison) -> pd.DataFrame:
    s = result.summary
    return pd.DataFrame({"Status": [STATUS_SV[k] for k in STATUSES] + [MOVED_SV],
                         "Passager": [s[k] for k in STATUSES] + [s.get("moved", 0)]})


def section_stale_frame(result: Comparison) -> pd.DataFrame:
    """One row per section of the new report with text: its stale share in percent."""
    rows = [{"Sektion": r.new.rsplit(" > ", 1)[-1], "Nivå": r.level,
             "Inaktuell text (%)": round(r.stale_share * 100, 1), "Tecken": r.chars}
            for r in result.sections if r.new is not None and r.stale_share is not None]
    return pd.DataFrame(rows, columns=["Sektion", "Nivå", "Inaktuell text (%)", "Tecken"])


def figure_changes_frame(result: Comparison) -> pd.DataFrame:
    rows = []
    for p in result.passages:
        for c in p.figure_changes:
            diff = (c.new_value - c.old_value) if c.old_value is not None and c.new_value is not None else None
            rows.append({"Föregående": c.old, "Aktuell": c.new,
                         "Skillnad": _number_sv(diff) if diff is not None else "–",
                         "Enhet": c.unit or "", "Vad": c.what or "", "Mening (aktuell)": c.sentence,
                         "Sida": p.new.page if p.new else None})
    return pd.DataFrame(rows, columns=["Föregående", "Aktuell", "Skillnad", "Enhet", "Vad", "Mening (aktuell)", "Sida"])


def inconsistency_texts(result: Comparison) -> list[str]:
    out = []
    for i in result.inconsistencies:
        unit = f" {i.unit}" if i.unit else ""
        out.append(f"**{i.period}**: föregående rapport anger {i.old_value}{unit} (s. {i.old['page']}: "
                   f"”{printable(i.old['text'])}”), aktuell rapport anger {i.new_value}{unit} "
                   f"(s. {i.new['page']}: ”{printable(i.new['text'])}”).")
    return out


def _number_sv(value: float) -> str:
    text = f"{value:+.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",").replace("-", "−")


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


def passage_boxes(passage: Passage, side: str) -> tuple[int, list[tuple[float, float, float, float]]] | None:
    """(page, boxes on it) for one side of a passage: the first page it is on and the boxes of
    its blocks there; None when the passage has no such side."""
    s = getattr(passage, side)
    if s is None:
        return None
    spans = s.spans or [{"page": s.page, "bbox": s.bbox}]
    page = spans[0]["page"]
    return page, [tuple(sp["bbox"]) for sp in spans if sp["page"] == page]


def page_image(pdf: str, page: int, boxes: list[tuple[float, float, float, float]], scale: float = 1.4,
               colour: str = "#C0392B") -> bytes:
    """The PNG of page ``page`` (1-based) of ``pdf`` with ``boxes`` (PDF points, origin top-left)
    outlined."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[page - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        doc.close()
    draw = ImageDraw.Draw(image)
    for x0, top, x1, bottom in boxes:
        draw.rectangle([x0 * scale - 3, top * scale - 3, x1 * scale + 3, bottom * scale + 3], outline=colour, width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


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


# -- Korpus ------------------------------------------------------------------------------------
def reports_overview(reports: pd.DataFrame) -> pd.DataFrame:
    """The corpus's reports by municipality and year (a Corpus.reports frame)."""
    if reports.empty:
        return pd.DataFrame(columns=["Kommun", "År", "Titel", "Dokumenttyp", "Sidor", "OCR", "Fil"])
    ocr = reports["ocr"] if "ocr" in reports else pd.Series([None] * len(reports), index=reports.index)
    out = pd.DataFrame({"Kommun": reports["municipality"].fillna("okänd"), "År": reports["year"].astype("Int64"),
                        "Titel": reports["title"].fillna(""), "Dokumenttyp": reports["doc_type"].fillna(""),
                        "Sidor": reports["pages"],
                        "OCR": ocr.map(lambda v: ocr_summary_sv(json.loads(v) if isinstance(v, str) else v) or ""),
                        "Fil": reports["path"].map(lambda p: str(p).rsplit("/", 1)[-1])})
    return out.sort_values(["Kommun", "År", "Titel"], na_position="last").reset_index(drop=True)


def stale_over_years(pairs: list[tuple[Report, Report]], results: list[Comparison]) -> pd.DataFrame:
    """One row per compared pair of consecutive editions: municipality, series, the newer
    edition's year and its stale share in percent."""
    rows = [{"Kommun": new.metadata.municipality or "okänd", "Serie": new.metadata.title or "",
             "År": new.metadata.year, "Inaktuell text (%)": round((r.summary["stale_share"] or 0) * 100, 1)}
            for (_, new), r in zip(pairs, results)]
    return pd.DataFrame(rows, columns=["Kommun", "Serie", "År", "Inaktuell text (%)"])


def reuse_matrix(reuse: Reuse, municipality_of: dict[str, str]) -> pd.DataFrame:
    """Characters of reused (non-boilerplate) text between municipalities, long form:
    one row per (från, till) pair, both directions."""
    totals: dict[tuple[str, str], int] = {}
    for m in reuse.matches:
        if m.boilerplate:
            continue
        a = municipality_of.get(m.a.report, "okänd")
        b = municipality_of.get(m.b.report, "okänd")
        for key in {(a, b), (b, a)}:
            totals[key] = totals.get(key, 0) + m.chars
    rows = [{"Kommun A": a, "Kommun B": b, "Tecken": n} for (a, b), n in sorted(totals.items())]
    return pd.DataFrame(rows, columns=["Kommun A", "Kommun B", "Tecken"])


def boilerplate_frame(reuse: Reuse) -> pd.DataFrame:
    """The template text found in many places, most frequent first."""
    counts: dict[str, set[str]] = {}
    for m in reuse.matches:
        if m.boilerplate:
            text = " ".join(m.a.text.split())
            counts.setdefault(text, set()).update({m.a.report, m.b.report})
    rows = [{"Text": t, "Rapporter": len(r)} for t, r in counts.items()]
    frame = pd.DataFrame(rows, columns=["Text", "Rapporter"])
    return frame.sort_values(["Rapporter", "Text"], ascending=[False, True]).reset_index(drop=True)


SEARCH_SQL = """
SELECT r.municipality AS "Kommun", r.year AS "År", r.title AS "Rapport", b.page AS "Sida", b.text AS "Text"
FROM blocks b JOIN reports r ON r.sha256 = b.report
WHERE b.text ILIKE ? ESCAPE '\\'
ORDER BY r.municipality, r.year, b.report, b.seq
LIMIT ?
"""


def search_params(query: str, limit: int = 200) -> list:
    """Parameters for :data:`SEARCH_SQL`: the query as a literal substring (``%`` and ``_``
    escaped)."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [f"%{escaped}%", limit]
