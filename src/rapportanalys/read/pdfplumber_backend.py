"""The pdfplumber backend: a checked PDF file → document info and :class:`Page` objects.

pdfplumber (over pdfminer.six) is the reference backend: slower than pdfium, but its character
dicts carry everything (font name, size, matrix, colours) and its word extractor is well kept.
"""
from __future__ import annotations

import os
import unicodedata

from .. import errors
from .page import BOLD_FONT, ITALIC_FONT, Box, Page, Rule, Word


def read_with_pdfplumber(path: str | os.PathLike) -> tuple[dict[str, str], list[Page]]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:
        raise classify_open_error(path, exc) from exc
    with pdf:
        try:
            pages = []
            for p in pdf.pages:
                pages.append(_read_page(p))
                p.close()  # drop pdfplumber's per-page caches: memory stays flat on long PDFs
        except Exception as exc:
            raise classify_open_error(path, exc) from exc
        info = {k: info_text(v) for k, v in (pdf.metadata or {}).items()}
    return info, pages


def classify_open_error(path, exc: Exception) -> errors.RapportanalysError:
    """Name what went wrong when the PDF library gave up on a file that looked like a PDF.

    pdfplumber wraps pdfminer's errors (``PdfminerException(PDFPasswordIncorrect())``), so the
    original is looked for in the arguments and the exception chain.
    """
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    causes = [exc, *(a for a in exc.args if isinstance(a, BaseException)), exc.__cause__, exc.__context__]
    for cause in causes:
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            return errors.EncryptedPDF(path)
    inner = next((c for c in causes[1:] if c is not None), exc)
    detail = str(inner) or type(inner).__name__
    return errors.TruncatedPDF(path, detail[:120])


def info_text(value) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-16") if value[:2] in (b"\xfe\xff", b"\xff\xfe") else value.decode("latin-1")
        except UnicodeDecodeError:
            return ""
    return str(value)


def _read_page(page) -> Page:
    upright, turned = [], []
    for c in page.chars:
        (upright if c.get("upright", True) and _horizontal(c) else turned).append(c)
    chars = _dedupe_chars(upright)
    words = _chars_to_words(chars)
    rotated = _rotated_runs(turned)
    rules: list[Rule] = []
    boxes: list[Box] = []
    for obj in page.lines:
        rules.append(Rule(min(obj["x0"], obj["x1"]), obj["top"], max(obj["x0"], obj["x1"]), obj["bottom"]))
    for obj in page.rects:
        x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
        if min(x1 - x0, bottom - top) <= 2.0:  # a hairline rectangle is a rule
            rules.append(Rule(x0, top, x1, bottom))
            continue
        fill = _colour(obj.get("non_stroking_color")) if obj.get("fill") else None
        stroke = _colour(obj.get("stroking_color")) if obj.get("stroke") else None
        boxes.append(Box(x0, top, x1, bottom, fill, stroke))
        if stroke is not None:  # a stroked box also draws four rules (a bordered table cell)
            rules.extend([Rule(x0, top, x1, top), Rule(x0, bottom, x1, bottom),
                          Rule(x0, top, x0, bottom), Rule(x1, top, x1, bottom)])
    for obj in page.curves:
        pts = obj.get("pts") or []
        if len(pts) == 2 and (abs(pts[0][0] - pts[1][0]) < 1 or abs(pts[0][1] - pts[1][1]) < 1):
            rules.append(Rule(obj["x0"], obj["top"], obj["x1"], obj["bottom"]))
        elif obj.get("fill"):
            boxes.append(Box(obj["x0"], obj["top"], obj["x1"], obj["bottom"],
                             _colour(obj.get("non_stroking_color")), None))
    images = [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
    return Page(number=page.page_number, width=float(page.width), height=float(page.height),
                words=words, rules=rules, boxes=boxes, images=images, char_count=len(chars),
                rotated=rotated)


def _horizontal(char: dict) -> bool:
    """True when the glyph's text matrix writes left to right (no rotation or shear).

    pdfminer's ``upright`` only says the matrix has no rotation *term*, and is True for a glyph
    turned by a quarter (matrix 0 1 -1 0) in some producers; the matrix itself decides.
    """
    m = char.get("matrix")
    if not m:
        return True
    a, b, c, d = m[:4]
    return abs(b) <= 0.1 * abs(a) and abs(c) <= 0.1 * abs(d)


def _rotated_runs(chars: list[dict]) -> list[Word]:
    """Group rotated characters into runs along their writing direction.

    A vertical stamp's glyphs share an x band and follow each other in y; each run becomes one
    :class:`Word` (text in drawing order, which is the reading order of the stamp).
    """
    runs: list[list[dict]] = []
    for c in chars:
        if runs:
            last = runs[-1][-1]
            near = (abs(c["x0"] - last["x0"]) < 0.6 * max(c["size"], 1.0)
                    and abs(c["top"] - last["top"]) < 3.0 * max(c["size"], 1.0))
            near = near or (abs(c["top"] - last["top"]) < 0.6 * max(c["size"], 1.0)
                            and abs(c["x0"] - last["x0"]) < 3.0 * max(c["size"], 1.0))
            if near:
                runs[-1].append(c)
                continue
        runs.append([c])
    out = []
    for run in runs:
        text = unicodedata.normalize("NFC", "".join(c["text"] for c in run)).strip()
        if not text:
            continue
        font = run[0].get("fontname", "")
        out.append(Word(text=text, x0=min(c["x0"] for c in run), top=min(c["top"] for c in run),
                        x1=max(c["x1"] for c in run), bottom=max(c["bottom"] for c in run),
                        font=font, size=round(float(run[0]["size"]), 1),
                        bold=bool(BOLD_FONT.search(font)), italic=bool(ITALIC_FONT.search(font))))
    return out


def _colour(value) -> tuple | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return (float(value),)
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):  # pattern colours
        return None


def _dedupe_chars(chars: list[dict]) -> list[dict]:
    """Drop the second copy of characters drawn twice at (almost) the same place.

    Some producers fake bold type by drawing each glyph twice, slightly offset. Text extraction
    then doubles every letter ("RRaappppoorrtt"). A copy is the same character, same size, within
    1.5 pt; the kept character is marked ``fake_bold`` so the word still counts as bold.
    """
    seen: dict[tuple, list[dict]] = {}
    kept: list[dict] = []
    for c in chars:
        key = (c["text"], round(c["top"]))
        twins = seen.get(key)
        if twins:
            for t in twins:
                if abs(t["x0"] - c["x0"]) < 1.5 and abs(t["size"] - c["size"]) < 0.1 and c["text"].strip():
                    t["fake_bold"] = True
                    break
            else:
                twins.append(c)
                kept.append(c)
            continue
        seen[key] = [c]
        kept.append(c)
    return kept


def _chars_to_words(chars: list[dict]) -> list[Word]:
    from pdfplumber.utils.text import WordExtractor

    extractor = WordExtractor(x_tolerance=2.0, y_tolerance=3, keep_blank_chars=False,
                              extra_attrs=["fontname", "size"])
    words: list[Word] = []
    for w, wchars in extractor.iter_extract_tuples(chars):
        font = w["fontname"]
        text = unicodedata.normalize("NFC", w["text"])
        fake_bold = any(c.get("fake_bold") for c in wchars)
        colour = _colour(wchars[0].get("non_stroking_color"))
        words.append(Word(text=text, x0=w["x0"], top=w["top"], x1=w["x1"], bottom=w["bottom"],
                          font=font, size=round(float(w["size"]), 1),
                          bold=bool(BOLD_FONT.search(font)) or fake_bold,
                          italic=bool(ITALIC_FONT.search(font)), color=colour))
    return words

