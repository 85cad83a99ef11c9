"""The pdfium backend: a checked PDF file → document info and :class:`Page` objects, fast.

pypdfium2 (Google's PDF engine behind Chrome) reads a page several times faster than pdfminer.
It gives the same objects as the pdfplumber reference backend, built the same way:

* characters come from pdfium's text page, one raw call per character (its loose box, which
  spans the font's ascent and descent like pdfminer's) and one for its text object; everything
  a text object shares (font name, weight, flags, size, matrix, colour) is asked once per object;
* words are built like pdfplumber's ``WordExtractor`` (x_tolerance 2, y_tolerance 3, split on
  spaces and on a change of font or size), fake-bold duplicates dropped like
  :func:`.pdfplumber_backend._dedupe_chars`, and text not written left to right becomes the
  page's rotated stream;
* ruling lines, boxes and curves come from the page's path objects, classified like pdfminer's
  ``paint_path`` (a two-point subpath is a line, a closed axis-aligned four-point one a rect);
* coordinates are pdfplumber's: top-left origin, and a page with ``/Rotate`` seen as displayed.

pdfium's text page differs from pdfminer's characters in ways undone here: it adds generated
spaces and line breaks (dropped), writes a line-end hyphen as U+0002 or U+FFFE (read as "-"), and skips a
text object drawn again at almost the same place, which is how fake bold is made (the kept copy
is then marked bold, as pdfplumber's dedupe does).
"""
from __future__ import annotations

import ctypes
import os
import re
import unicodedata
from itertools import groupby

from .. import errors
from .page import BOLD_FONT, ITALIC_FONT, Box, Page, Rule, Word
from .pdfplumber_backend import _rotated_runs

LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
X_TOLERANCE = 2.0
Y_TOLERANCE = 3.0

_TEXT, _PATH, _IMAGE, _SHADING, _FORM = 1, 2, 3, 4, 5
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
_FORCE_BOLD, _ITALIC_FLAG = 1 << 18, 1 << 6
_STYLE_WORD = re.compile(r"oblique|italic|regular|book|light|roman|medium|normal|thin", re.I)
_HYPHEN_MARKS = ("\x02", "\ufffe")  # FPDFText_GetUnicode and FPDFText_GetText write these


class _Raw:
    """pdfium functions with plain ``c_void_p``/``c_int`` prototypes made from pypdfium2's
    own bindings: arguments pass as integers (a buffer address plus an offset), with no ctypes
    structure or pointer object made per character."""

    def __init__(self):
        import pypdfium2.raw as raw

        def proto(name, restype, *argtypes):
            address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        vp, i, d = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
        self.raw = raw
        self.text_object = proto("FPDFText_GetTextObject", vp, vp, i)
        self.loose_box = proto("FPDFText_GetLooseCharBox", i, vp, i, vp)
        self.get_text = proto("FPDFText_GetText", i, vp, i, i, vp)
        self.count_chars = proto("FPDFText_CountChars", i, vp)
        self.font_size = proto("FPDFText_GetFontSize", d, vp, i)
        self.char_matrix = proto("FPDFText_GetMatrix", i, vp, i, vp)
        self.unicode = proto("FPDFText_GetUnicode", ctypes.c_uint, vp, i)
        self.char_origin = proto("FPDFText_GetCharOrigin", i, vp, i, vp, vp)
        self.char_box = proto("FPDFText_GetCharBox", i, vp, i, vp, vp, vp, vp)


_RAW: _Raw | None = None


def _raw() -> _Raw:
    global _RAW
    if _RAW is None:
        _RAW = _Raw()
    return _RAW


def read_with_pdfium(path: str | os.PathLike) -> tuple[dict[str, str], list[Page]]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # PdfiumError, or an OSError reading the file
        raise classify_pdfium_error(path, exc) from exc
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                pages.append(_read_page(page, index + 1))
            finally:
                page.close()
        info = {k: str(v) for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
    except errors.RapportanalysError:
        raise
    except Exception as exc:
        raise classify_pdfium_error(path, exc) from exc
    finally:
        pdf.close()
    return info, pages


def classify_pdfium_error(path, exc: Exception) -> errors.RapportanalysError:
    """Name what went wrong when pdfium gave up on a file that looked like a PDF.

    pypdfium2 raises ``PdfiumError`` with pdfium's own error code (``FPDF_ERR_PASSWORD`` for a
    file that needs a password); anything else is a damaged file.
    """
    import pypdfium2.raw as raw

    code = getattr(exc, "err_code", None)
    text = str(exc) or type(exc).__name__
    if code == raw.FPDF_ERR_PASSWORD or code == raw.FPDF_ERR_SECURITY or "password" in text.lower():
        return errors.EncryptedPDF(path)
    return errors.TruncatedPDF(path, f"damaged: {text}"[:120])


# --- coordinates ---------------------------------------------------------------------------

def _display_transform(page) -> tuple[float, float, float, float, float, float]:
    """The affine map (a, b, c, d, e, f) from PDF user space to pdfplumber's view of the page:
    origin top left, y down, and a ``/Rotate`` page turned as it is displayed (pdfminer's page
    CTM for the rotation, then y flipped). ``X = a*x + c*y + e``, ``top = b*x + d*y + f``."""
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page.get_rotation() % 360
    if rotation == 90:
        return 0.0, 1.0, 1.0, 0.0, -y0, -x0
    if rotation == 180:
        return -1.0, 0.0, 0.0, 1.0, x1, -y0
    if rotation == 270:
        return 0.0, -1.0, -1.0, 0.0, y1, x1
    return 1.0, 0.0, 0.0, -1.0, -x0, y1


def _rotation_matrix(rotation: int) -> tuple[float, float, float, float]:
    """The linear part of pdfminer's page CTM for ``/Rotate`` (applied to glyph matrices)."""
    return {90: (0.0, -1.0, 1.0, 0.0), 180: (-1.0, 0.0, 0.0, -1.0),
            270: (0.0, 1.0, -1.0, 0.0)}.get(rotation, (1.0, 0.0, 0.0, 1.0))


# --- text ----------------------------------------------------------------------------------

class _Style:
    """What the characters of one text object share."""
    __slots__ = ("font", "size", "bold", "italic", "color", "upright", "horizontal", "ltr", "flipped", "fake_bold",
                 "invisible")


def _object_style(r: _Raw, textpage, obj: int, first_char: int, rot, matrix_buf, name_buf) -> _Style:
    raw = r.raw
    handle = ctypes.cast(obj, raw.FPDF_PAGEOBJECT)
    font = raw.FPDFTextObj_GetFont(handle)
    name = ""
    weight, flags = 0, 0
    if font:
        n = raw.FPDFFont_GetBaseFontName(font, name_buf, len(name_buf))
        name = name_buf.value.decode("utf-8", "replace") if n else ""
        weight = raw.FPDFFont_GetWeight(font)
        flags = raw.FPDFFont_GetFlags(font)
    if not name:
        flag = ctypes.c_int()
        raw.FPDFText_GetFontInfo(textpage, first_char, name_buf, len(name_buf), ctypes.byref(flag))
        name = name_buf.value.decode("utf-8", "replace")
    r.char_matrix(textpage, first_char, ctypes.addressof(matrix_buf))
    a, b, c, d = matrix_buf[0], matrix_buf[1], matrix_buf[2], matrix_buf[3]
    ltr = a > 0 and d > 0 and abs(b) <= 0.1 * a and abs(c) <= 0.1 * d  # in PDF space
    ra, rb, rc, rd = rot  # pdfminer turns glyphs with the page's /Rotate
    a, b, c, d = a * ra + b * rc, a * rb + b * rd, c * ra + d * rc, c * rb + d * rd
    style = _Style()
    style.font = name
    # pdfminer's size is the glyph box's height: the font size scaled by the text matrix.
    style.size = r.font_size(textpage, first_char) * ((b * b + d * d) ** 0.5 if abs(d) > 1e-9 or abs(b) > 1e-9 else 1.0)
    # The weight is read only when the name says nothing of the style: producers write odd
    # weights (Chromium gives DejaVuSans-Oblique 610 and DejaVuSans-Bold 455).
    style.bold = (bool(BOLD_FONT.search(name)) or bool(flags & _FORCE_BOLD)
                  or (weight >= 600 and not _STYLE_WORD.search(name)))
    style.italic = bool(ITALIC_FONT.search(name)) or bool(flags & _ITALIC_FLAG)
    rgba = [ctypes.c_uint() for _ in range(4)]
    if raw.FPDFPageObj_GetFillColor(handle, *(ctypes.byref(v) for v in rgba)):
        style.color = tuple(round(v.value / 255, 6) for v in rgba[:3])
    else:
        style.color = None
    style.upright = a * d > 0 and b * c <= 0
    style.horizontal = abs(b) <= 0.1 * abs(a) and abs(c) <= 0.1 * abs(d)
    style.ltr = ltr
    style.flipped = d < 0  # turned 180°: the descent is at the top of the box as displayed
    style.fake_bold = False
    # text render mode 3 draws nothing: the layer an earlier OCR put over a scan (read.ocr)
    style.invisible = raw.FPDFTextObj_GetTextRenderMode(handle) == raw.FPDF_TEXTRENDERMODE_INVISIBLE
    return style


def _page_chars(r: _Raw, page, textpage, transform, rotation: int, text_objects: list):
    """The page's characters as lists [text, x0, top, x1, bottom, style], in drawing order."""
    tp = textpage.raw
    tp_int = ctypes.cast(tp, ctypes.c_void_p).value
    n = r.count_chars(tp_int)
    if n <= 0:
        return []
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = r.get_text(tp_int, 0, n, ctypes.addressof(buf))
    text = buf.raw[: 2 * max(got - 1, 0)].decode("utf-16-le", "surrogatepass")
    if len(text) != n:  # characters beyond the BMP: ask one by one
        text = "".join(chr(r.unicode(tp_int, i)) for i in range(n))
    boxes = (ctypes.c_float * (4 * n))()
    origins = (ctypes.c_double * (2 * n))()
    base, obase = ctypes.addressof(boxes), ctypes.addressof(origins)
    text_object, loose_box, char_origin, char_box = r.text_object, r.loose_box, r.char_origin, r.char_box
    tight = (ctypes.c_double * 4)()  # left, right, bottom, top
    tight_address = ctypes.addressof(tight)
    objects = [text_object(tp_int, i) for i in range(n)]
    dropped_objects = _dropped_copies(r.raw, set(objects), text_objects)
    for i in range(n):
        if objects[i]:
            loose_box(tp_int, i, base + 16 * i)
            char_origin(tp_int, i, obase + 16 * i, obase + 16 * i + 8)
    flat = boxes[:]  # left, top, right, bottom (PDF y up) per character
    origin = origins[:]
    styles: dict[int, _Style] = {}
    matrix_buf = (ctypes.c_float * 6)()
    name_buf = ctypes.create_string_buffer(256)
    rot = _rotation_matrix(rotation)
    ta, tb, tc, td, te, tf = transform
    plain = tb == 0.0 and tc == 0.0
    chars = []
    append = chars.append
    for i, obj in enumerate(objects):
        if not obj:  # a space or line break pdfium made up
            continue
        style = styles.get(obj)
        if style is None:
            style = styles[obj] = _object_style(r, tp, obj, i, rot, matrix_buf, name_buf)
        ch = text[i]
        if ch in _HYPHEN_MARKS:  # pdfium's mark for a hyphen at a line end
            ch = "-"
        k = 4 * i
        left, top_y, right, bottom_y = flat[k], flat[k + 1], flat[k + 2], flat[k + 3]
        if style.ltr:
            # pdfminer's box runs from the origin over the advance; pdfium's loose box is that
            # box joined with the glyph's own, so it also covers an overhang (an italic f, a j's
            # tail), which closes word gaps. The origin starts the box, and the next character
            # of the same run ends it where the glyph overhangs; where only the advance reaches
            # past the next origin (a space kerned back), the advance is kept, as pdfminer does.
            ox = origin[2 * i]
            left = ox
            if i + 1 < n and objects[i + 1] == obj:
                nx = origin[2 * i + 2]
                if ox < nx < right and abs(origin[2 * i + 3] - origin[2 * i + 1]) < 0.01:
                    if text[i + 1] != " ":
                        right = nx
                    else:
                        char_box(tp_int, i, tight_address, tight_address + 8, tight_address + 16, tight_address + 24)
                        if tight[1] >= right - 0.01:  # the glyph itself reaches the right edge
                            right = nx
        if plain:
            x0, x1 = ta * left + te, ta * right + te
            if x0 > x1:
                x0, x1 = x1, x0
            bottom = td * bottom_y + tf
            top_ = td * top_y + tf
            if top_ > bottom:
                top_, bottom = bottom, top_
        else:  # a /Rotate page: x and y trade places
            xs = (ta * left + tc * bottom_y + te, ta * right + tc * top_y + te)
            ys = (tb * left + td * bottom_y + tf, tb * right + td * top_y + tf)
            x0, x1 = min(xs), max(xs)
            top_, bottom = min(ys), max(ys)
        append([ch, x0, top_, x1, bottom, style])
    for obj, style in styles.items():
        if obj in dropped_objects:
            style.fake_bold = True
    # pdfminer's box of an upright glyph is one font size high, from its descent up; pdfium's
    # loose box reaches the font's ascent (and a tall glyph's top). Keep the bottom, set the top.
    for c in chars:
        s = c[5]
        if s.upright and s.horizontal:
            if s.flipped:
                c[4] = c[2] + s.size
            else:
                c[2] = c[4] - s.size
    return chars


def _dedupe(chars: list) -> tuple[list, set]:
    """:func:`.pdfplumber_backend._dedupe_chars` on character lists: the second copy of a
    character drawn again within 1.5 pt (same text, line and size, another text object) is
    dropped, and the ids of the kept copies returned. Copies are looked up in 1.5 pt buckets
    of x, not in a list per line, so a long line costs no more than a short one."""
    seen: dict[tuple, list] = {}
    kept, fake = [], set()
    for c in chars:
        text, x0 = c[0], c[1]
        line = round(c[2])
        bucket = int(x0 // 1.5)
        if text.strip():
            twin = None
            for k in (bucket - 1, bucket, bucket + 1):
                for t in seen.get((text, line, k), ()):
                    if abs(t[1] - x0) < 1.5 and abs(t[5].size - c[5].size) < 0.1 and t[5] is not c[5]:
                        twin = t  # pdfium gives a ligature's letters one place in one object
                        break
                if twin is not None:
                    break
            if twin is not None:
                fake.add(id(twin))
                continue
        seen.setdefault((text, line, bucket), []).append(c)
        kept.append(c)
    return kept, fake


def _cluster_tops(tops: list[float]) -> dict[float, int]:
    """pdfplumber's ``cluster_list``: sorted distinct values, a new cluster when a value is more
    than the tolerance above the previous one."""
    out, cluster, last = {}, -1, None
    for t in sorted(set(tops)):
        if last is None or t > last + Y_TOLERANCE:
            cluster += 1
        out[t] = cluster
        last = t
    return out


def _words(chars: list, fake: set) -> list[Word]:
    """pdfplumber's ``WordExtractor`` (x_tolerance 2, y_tolerance 3, extra_attrs fontname and
    size) on character tuples: runs of one font and size in drawing order, each cut into lines
    by the tops of its characters, each line sorted left to right and cut at spaces and gaps."""
    words: list[Word] = []
    for (font, size), run in groupby(chars, key=lambda c: (c[5].font, c[5].size)):
        run = list(run)
        if len(run) == 1:
            lines = [run]
        else:
            cluster_of = _cluster_tops([c[2] for c in run])
            run.sort(key=lambda c: cluster_of[c[2]])
            lines = [sorted(line, key=lambda c: c[1]) for _, line in groupby(run, key=lambda c: cluster_of[c[2]])]
        for line in lines:
            current: list = []
            for c in line:
                if c[0].isspace():
                    if current:
                        words.append(_word(current, fake))
                    current = []
                    continue
                if current:
                    p = current[-1]
                    if c[1] < p[1] or c[1] > p[3] + X_TOLERANCE or abs(c[2] - p[2]) > Y_TOLERANCE:
                        words.append(_word(current, fake))
                        current = []
                current.append(c)
            if current:
                words.append(_word(current, fake))
    return words


def _word(chars: list, fake: set) -> Word:
    first = chars[0]
    style = first[5]
    text = "".join(LIGATURES.get(c[0], c[0]) for c in chars)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    fake_bold = any(c[5].fake_bold or id(c) in fake for c in chars)
    return Word(text=text, x0=min(c[1] for c in chars), top=min(c[2] for c in chars),
                x1=max(c[3] for c in chars), bottom=max(c[4] for c in chars), font=style.font,
                size=round(style.size, 1), bold=style.bold or fake_bold, italic=style.italic,
                color=style.color)


def _rotated(chars: list) -> list[Word]:
    """The rotated stream, grouped exactly as the pdfplumber backend groups it."""
    dicts = [{"text": c[0], "x0": c[1], "top": c[2], "x1": c[3], "bottom": c[4], "size": c[5].size,
              "fontname": c[5].font} for c in chars]
    words = _rotated_runs(dicts)
    styles = {c[5].font: c[5] for c in chars}
    for w in words:  # the weight and flags know more than the name
        s = styles.get(w.font)
        if s is not None:
            w.bold, w.italic = w.bold or s.bold, w.italic or s.italic
    return words


# --- paths and images ----------------------------------------------------------------------

def _walk(raw, container, count, get, matrix=None):
    """Every page object, descending into form XObjects; yields (object, form matrix)."""
    for i in range(count(container)):
        obj = get(container, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == _FORM:
            m = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, m)
            inner = (m.a, m.b, m.c, m.d, m.e, m.f)
            if matrix is not None:
                inner = _compose(inner, matrix)
            yield from _walk(raw, obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, inner)
        else:
            yield obj, kind, matrix


def _compose(m, n):
    """The matrix ``m`` then ``n`` (row vectors, as PDF writes them)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _colour(raw, obj, getter) -> tuple | None:
    rgba = [ctypes.c_uint() for _ in range(4)]
    if not getter(obj, *(ctypes.byref(v) for v in rgba)):
        return None
    return tuple(round(v.value / 255, 6) for v in rgba[:3])


def _subpaths(raw, obj, matrix):
    """The path's subpaths as (shape, points) like pdfminer's: one letter per operator
    (m, l, c, h) and the end point of each, in page space."""
    a, b, c, d, e, f = matrix
    point = raw.FPDFPathSegment_GetPoint
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    shape: list[str] = []
    pts: list[tuple[float, float]] = []
    bezier = 0
    out = []
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        kind = raw.FPDFPathSegment_GetType(seg)
        point(seg, px, py)
        p = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == _MOVETO:
            if shape:
                out.append((shape, pts))
            shape, pts, bezier = ["m"], [p], 0
        elif kind == _BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # pdfium gives both control points and the end as segments
                shape.append("c")
                pts.append(p)
        else:
            if not shape:
                shape, pts = ["m"], [p]
            else:
                shape.append("l")
                pts.append(p)
        if raw.FPDFPathSegment_GetClose(seg) and shape:
            shape.append("h")
            pts.append(pts[0])
    if shape:
        out.append((shape, pts))
    return out


def _paths_and_images(raw, page, transform, dropped_text: list) -> tuple[list[Rule], list[Box], list[tuple]]:
    ta, tb, tc, td, te, tf = transform
    view = (ta, tb, tc, td, te, tf)
    rules: list[Rule] = []
    boxes: list[Box] = []
    images: list[tuple] = []
    fill_mode, stroke_flag = ctypes.c_int(), ctypes.c_int()
    m = raw.FS_MATRIX()
    l, b_, r_, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for obj, kind, form in _walk(raw, page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject):
        if kind == _TEXT:
            dropped_text.append((obj, form))
            continue
        if kind == _IMAGE:
            if raw.FPDFPageObj_GetBounds(obj, l, b_, r_, t):
                full = view if form is None else _compose(form, view)
                images.append(_bbox([(l.value, b_.value), (r_.value, t.value), (l.value, t.value), (r_.value, b_.value)], full))
            continue
        if kind != _PATH:
            continue
        if not raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke_flag):
            continue
        fill, stroke = fill_mode.value != 0, bool(stroke_flag.value)
        if not fill and not stroke:
            continue
        raw.FPDFPageObj_GetMatrix(obj, m)
        own = (m.a, m.b, m.c, m.d, m.e, m.f)
        if form is not None:
            own = _compose(own, form)
        full = _compose(own, view)
        fill_colour = _colour(raw, obj, raw.FPDFPageObj_GetFillColor) if fill else None
        stroke_colour = _colour(raw, obj, raw.FPDFPageObj_GetStrokeColor) if stroke else None
        for shape, pts in _subpaths(raw, obj, full):
            _classify(shape, pts, fill_colour if fill else None, fill, stroke_colour, stroke, rules, boxes)
    return rules, boxes, images


def _bbox(points, matrix):
    a, b, c, d, e, f = matrix
    xs = [a * x + c * y + e for x, y in points]
    ys = [b * x + d * y + f for x, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _classify(shape, pts, fill_colour, fill, stroke_colour, stroke, rules, boxes) -> None:
    """pdfminer's ``paint_path`` and the pdfplumber backend's use of its lines, rects and curves."""
    if len(shape) > 3 and shape[-2:] == ["l", "h"] and _same(pts[-2], pts[0]):
        shape = shape[:-2] + ["h"]
        pts = pts[:-2] + [pts[-1]]
    key = "".join(shape)
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, top, x1, bottom = min(xs), min(ys), max(xs), max(ys)
    if key in ("ml", "mlh"):
        rules.append(Rule(x0, top, x1, bottom))
        return
    if key in ("mlllh", "mllll") and _same(pts[0], pts[4]) and _square(pts):
        if min(x1 - x0, bottom - top) <= 2.0:  # a hairline rectangle is a rule
            rules.append(Rule(x0, top, x1, bottom))
            return
        boxes.append(Box(x0, top, x1, bottom, fill_colour if fill else None, stroke_colour if stroke else None))
        if stroke:
            rules.extend([Rule(x0, top, x1, top), Rule(x0, bottom, x1, bottom),
                          Rule(x0, top, x0, bottom), Rule(x1, top, x1, bottom)])
        return
    # a curve: pdfminer's points are the operators' end points
    if len(pts) == 2 and (abs(pts[0][0] - pts[1][0]) < 1 or abs(pts[0][1] - pts[1][1]) < 1):
        rules.append(Rule(x0, top, x1, bottom))
    elif fill:
        boxes.append(Box(x0, top, x1, bottom, fill_colour, None))


def _same(p, q, eps: float = 1e-3) -> bool:
    return abs(p[0] - q[0]) < eps and abs(p[1] - q[1]) < eps


def _square(pts, eps: float = 1e-3) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
    return ((abs(x0 - x1) < eps and abs(y1 - y2) < eps and abs(x2 - x3) < eps and abs(y3 - y0) < eps)
            or (abs(y0 - y1) < eps and abs(x1 - x2) < eps and abs(y2 - y3) < eps and abs(x3 - x0) < eps))


# --- a page --------------------------------------------------------------------------------

def _read_page(page, number: int) -> Page:
    r = _raw()
    raw = r.raw
    transform = _display_transform(page)
    rotation = page.get_rotation() % 360
    text_objects: list = []
    rules, boxes, images = _paths_and_images(raw, page, transform, text_objects)
    textpage = page.get_textpage()
    try:
        chars = _page_chars(r, page, textpage, transform, rotation, text_objects)
    finally:
        textpage.close()
    upright = [c for c in chars if c[5].upright and c[5].horizontal]
    turned = [c for c in chars if not (c[5].upright and c[5].horizontal)]
    kept, fake = _dedupe(upright)
    width, height = page.get_size()
    return Page(number=number, width=round(float(width), 4), height=round(float(height), 4), words=_words(kept, fake),
                rules=rules, boxes=boxes, images=images, char_count=len(kept),
                rotated=_rotated(turned) if turned else [],
                invisible_chars=sum(1 for c in chars if c[5].invisible))


def _dropped_copies(raw, in_page: set, text_objects: list) -> set[int]:
    """Text objects pdfium kept whose twin, drawn again at almost the same place (fake bold),
    it left out of the text page: the addresses of the kept ones."""
    if len(text_objects) < 2:
        return set()
    addresses = [(ctypes.cast(obj, ctypes.c_void_p).value, obj) for obj, _form in text_objects]
    if all(a in in_page for a, _ in addresses):
        return set()
    l, b, r_, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    bounds = {}
    for address, obj in addresses:
        if raw.FPDFPageObj_GetBounds(obj, l, b, r_, t):
            bounds[address] = (l.value, b.value, r_.value, t.value)
    missing = [a for a in bounds if a not in in_page]
    if not missing:
        return set()
    kept = [a for a in bounds if a in in_page]
    out = set()
    for a in missing:
        x0, y0, x1, y1 = bounds[a]
        for k in kept:
            kx0, ky0, kx1, ky1 = bounds[k]
            if abs(kx0 - x0) < 1.5 and abs(ky0 - y0) < 1.5 and abs(kx1 - x1) < 1.5 and abs(ky1 - y1) < 1.5:
                out.add(k)
                break
    return out
