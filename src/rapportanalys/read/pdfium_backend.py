"""The pdfium backend: a checked PDF file → document info and :class:`Page` objects, fast.

pypdfium2 (Google's PDF engine behind Chrome) reads a page several times faster than pdfminer.
It gives the same objects as the pdfplumber reference backend, built the same way:

* characters come from pdfium's text page in arrays (:mod:`.pdfium_text`: three raw calls per
  character, the rest numpy); everything a text object shares (font name, weight, flags, size,
  matrix, colour) is asked once per object, and what a font says once per font;
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
import math
import os
import re
from functools import lru_cache
from itertools import repeat

import numpy as np

from .. import errors
from . import pdfium_text as text
from .page import BOLD_FONT, ITALIC_FONT, Box, Page, Rule, Word

_TEXT, _PATH, _IMAGE, _SHADING, _FORM = 1, 2, 3, 4, 5
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
_FORCE_BOLD, _ITALIC_FLAG = 1 << 18, 1 << 6
_STYLE_WORD = re.compile(r"oblique|italic|regular|book|light|roman|medium|normal|thin", re.I)

_RAW: text.Raw | None = None


def _raw() -> text.Raw:
    global _RAW
    if _RAW is None:
        _RAW = text.Raw()
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
                pages.append(read_page(page, index + 1))
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


@lru_cache(maxsize=1024)
def _font_style(name: str, weight: int, flags: int) -> tuple[bool, bool]:
    """(bold, italic) of a font, from its name, weight and flags: worked out once per font,
    not for each of the page's text objects in it."""
    # The weight is read only when the name says nothing of the style: producers write odd
    # weights (Chromium gives DejaVuSans-Oblique 610 and DejaVuSans-Bold 455).
    bold = (bool(BOLD_FONT.search(name)) or bool(flags & _FORCE_BOLD)
            or (weight >= 600 and not _STYLE_WORD.search(name)))
    italic = bool(ITALIC_FONT.search(name)) or bool(flags & _ITALIC_FLAG)
    return bold, italic


def _colour_of(rgba) -> tuple:
    """A fill colour as pdfplumber gives it (0-1, six decimals), made once per colour."""
    key = (rgba[0], rgba[1], rgba[2])
    colour = _COLOURS.get(key)
    if colour is None:
        colour = _COLOURS[key] = tuple(round(v / 255, 6) for v in key)
    return colour


_COLOURS: dict[tuple, tuple] = {}


def _object_styles(r: text.Raw, textpage, objs: list[int], firsts: list[int], rot, name_buf, fonts: dict,
                   made: dict) -> list[_Style]:
    """The style of each text object of a page (``objs``, their addresses in drawing order, and
    the index of each one's first character, ``firsts``). What pdfium says of an object (font,
    matrix, font size, colour, render mode) is asked of all of them at once, each call driven by
    ``map`` into a buffer; what follows from that is worked out once per page for each different
    answer (``made``): a Chromium PDF draws every word as its own text object, thousands on a
    page in a handful of styles. Each object still gets its own :class:`_Style` (fake bold is
    marked on the object)."""
    n = len(objs)
    raw = r.raw
    tp = ctypes.cast(textpage, ctypes.c_void_p).value
    font_addresses = list(map(r.object_font, objs))
    matrices = (ctypes.c_float * (6 * n))()
    at = ctypes.addressof(matrices)
    matrix_ok = list(map(r.char_matrix, repeat(tp, n), firsts, range(at, at + 24 * n, 24)))
    matrix_bits = ctypes.string_at(at, 24 * n)
    matrix = matrices[:]
    sizes = list(map(r.font_size, repeat(tp, n), firsts))
    rgba = (ctypes.c_uint * (4 * n))()
    ca = ctypes.addressof(rgba)
    coloured = list(map(r.fill_color, objs, range(ca, ca + 16 * n, 16), range(ca + 4, ca + 16 * n, 16),
                        range(ca + 8, ca + 16 * n, 16), range(ca + 12, ca + 16 * n, 16)))
    colours = rgba[:]
    modes = list(map(r.render_mode, objs))
    invisible_mode = raw.FPDF_TEXTRENDERMODE_INVISIBLE
    styles = []
    # a matrix pdfium cannot give leaves the one before it (as one reused buffer did)
    bits, m = bytes(16), (0.0, 0.0, 0.0, 0.0)
    for k in range(n):
        font_address = font_addresses[k]
        name = ""
        weight, flags = 0, 0
        if font_address:
            known = fonts.get(font_address)  # the page's fonts: name, weight and flags asked once each
            if known is None:
                font = ctypes.cast(font_address, raw.FPDF_FONT)
                got = raw.FPDFFont_GetBaseFontName(font, name_buf, len(name_buf))
                known = fonts[font_address] = (name_buf.value.decode("utf-8", "replace") if got else "",
                                               raw.FPDFFont_GetWeight(font), raw.FPDFFont_GetFlags(font))
            name, weight, flags = known
        if not name:
            flag = ctypes.c_int()
            raw.FPDFText_GetFontInfo(textpage, firsts[k], name_buf, len(name_buf), ctypes.byref(flag))
            name = name_buf.value.decode("utf-8", "replace")
        if matrix_ok[k]:
            bits, m = matrix_bits[24 * k:24 * k + 16], matrix[6 * k:6 * k + 4]
        font_size = sizes[k]
        rgb = (colours[4 * k], colours[4 * k + 1], colours[4 * k + 2]) if coloured[k] else None
        mode = modes[k]
        # the matrix by its bits (a zero's sign included), the size with its sign: equal keys give
        # exactly the same style (a NaN never equals itself, so it is worked out each time)
        key = (name, weight, flags, bits, font_size, math.copysign(1.0, font_size), rgb, mode)
        values = made.get(key)
        if values is None:
            a, b, c, d = m
            ltr = a > 0 and d > 0 and abs(b) <= 0.1 * a and abs(c) <= 0.1 * d  # in PDF space
            ra, rb, rc, rd = rot  # pdfminer turns glyphs with the page's /Rotate
            a, b, c, d = a * ra + b * rc, a * rb + b * rd, c * ra + d * rc, c * rb + d * rd
            # pdfminer's size is the glyph box's height: the font size scaled by the text matrix.
            size = font_size * ((b * b + d * d) ** 0.5 if abs(d) > 1e-9 or abs(b) > 1e-9 else 1.0)
            bold, italic = _font_style(name, weight, flags)
            values = made[key] = (
                name, size, bold, italic, _colour_of(rgb) if rgb is not None else None,
                a * d > 0 and b * c <= 0,  # upright
                abs(b) <= 0.1 * abs(a) and abs(c) <= 0.1 * abs(d),  # horizontal
                ltr,
                d < 0,  # flipped: turned 180°, the descent is at the top of the box as displayed
                # text render mode 3 draws nothing: the layer an earlier OCR put over a scan (read.ocr)
                mode == invisible_mode)
        style = _Style()
        (style.font, style.size, style.bold, style.italic, style.color, style.upright, style.horizontal,
         style.ltr, style.flipped, style.invisible) = values
        style.fake_bold = False
        styles.append(style)
    return styles


def _rotated(chars: list) -> list[Word]:
    """The rotated stream, grouped exactly as the pdfplumber backend groups it (imported here:
    few pages have rotated text, and ``parse`` imports what it needs before the fork)."""
    from .pdfplumber_backend import _rotated_runs

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
    (m, l, c, h) and the end point of each, in page space.

    A page's paths can hold tens of thousands of segments (charts, outlined text): each
    segment's type, point and close flag are asked through integer prototypes driven by ``map``
    into buffers (:class:`.pdfium_text.Raw`), not through pypdfium2's ctypes wrappers one call
    at a time. Should pdfium fail to give a point, the path is read the old way
    (:func:`_subpaths_each`), which keeps the last point read."""
    n = raw.FPDFPath_CountSegments(obj)
    if n <= 0:
        return []
    r = _raw()
    address = ctypes.cast(obj, ctypes.c_void_p).value
    segments = list(map(r.path_segment, repeat(address, n), range(n)))
    kinds = list(map(r.segment_type, segments))
    xs, ys = (ctypes.c_float * n)(), (ctypes.c_float * n)()
    xa, ya = ctypes.addressof(xs), ctypes.addressof(ys)
    if not all(map(r.segment_point, segments, range(xa, xa + 4 * n, 4), range(ya, ya + 4 * n, 4))):
        return _subpaths_each(raw, obj, matrix)
    closes = list(map(r.segment_close, segments))
    return _shapes(kinds, xs[:], ys[:], closes, matrix)


def _shapes(kinds, xs, ys, closes, matrix):
    """Segments (type, point, close flag) → subpaths, as pdfminer builds them."""
    a, b, c, d, e, f = matrix
    shape: list[str] = []
    pts: list[tuple[float, float]] = []
    bezier = 0
    out = []
    for kind, x, y, close in zip(kinds, xs, ys, closes):
        p = (a * x + c * y + e, b * x + d * y + f)
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
        if close and shape:
            shape.append("h")
            pts.append(pts[0])
    if shape:
        out.append((shape, pts))
    return out


def _subpaths_each(raw, obj, matrix):
    """:func:`_subpaths` one pypdfium2 call at a time (a failed point keeps the last one read)."""
    segment = raw.FPDFPath_GetPathSegment
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    kinds, xs, ys, closes = [], [], [], []
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = segment(obj, i)
        kinds.append(raw.FPDFPathSegment_GetType(seg))
        raw.FPDFPathSegment_GetPoint(seg, px, py)
        xs.append(x.value)
        ys.append(y.value)
        closes.append(raw.FPDFPathSegment_GetClose(seg))
    return _shapes(kinds, xs, ys, closes, matrix)


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
    elif stroke and x1 - x0 <= 8 and bottom - top <= 8:  # a hollow list bullet ("◦")
        boxes.append(Box(x0, top, x1, bottom, None, stroke_colour))


def _same(p, q, eps: float = 1e-3) -> bool:
    return abs(p[0] - q[0]) < eps and abs(p[1] - q[1]) < eps


def _square(pts, eps: float = 1e-3) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
    return ((abs(x0 - x1) < eps and abs(y1 - y2) < eps and abs(x2 - x3) < eps and abs(y3 - y0) < eps)
            or (abs(y0 - y1) < eps and abs(x1 - x2) < eps and abs(y2 - y3) < eps and abs(x3 - x0) < eps))


# --- a page --------------------------------------------------------------------------------

def read_page(page, number: int, textpage=None) -> Page:
    """One page; ``textpage`` is its text page when the caller has one open (it stays open)."""
    r = _raw()
    fonts: dict = {}
    raw = r.raw
    transform = _display_transform(page)
    rot = _rotation_matrix(page.get_rotation() % 360)
    text_objects: list = []
    rules, boxes, images = _paths_and_images(raw, page, transform, text_objects)
    own_textpage = textpage is None
    if own_textpage:
        textpage = page.get_textpage()
    try:
        tp = textpage.raw
        name_buf = ctypes.create_string_buffer(256)
        made: dict = {}

        def styles_of(objs: list[int], firsts: list[int]) -> list[_Style]:
            return _object_styles(r, tp, objs, firsts, rot, name_buf, fonts, made)

        chars, style_index = text.page_chars(r, ctypes.cast(tp, ctypes.c_void_p).value, transform, styles_of)
    finally:
        if own_textpage:
            textpage.close()
    for address in _dropped_copies(r, set(style_index), text_objects):
        chars.styles[style_index[address]].fake_bold = True
    upright_style = np.array([s.upright and s.horizontal for s in chars.styles], dtype=bool)
    upright_mask = upright_style[chars.style] if chars.styles else np.zeros(len(chars), dtype=bool)
    text.fix_tops(chars, upright_mask)
    upright = chars.select(upright_mask)
    kept, twin = text.dedupe(upright)
    if not kept.all():
        upright, twin = upright.select(kept), twin[kept]
    turned = chars.select(~upright_mask) if not upright_mask.all() else None
    width, height = page.get_size()
    invisible = np.array([s.invisible for s in chars.styles], dtype=bool)
    return Page(number=number, width=round(float(width), 4), height=round(float(height), 4),
                words=text.words(upright, twin), rules=rules, boxes=boxes, images=images,
                char_count=len(upright), rotated=_rotated(text.as_lists(turned)) if turned is not None and len(turned) else [],
                invisible_chars=int(np.count_nonzero(invisible[chars.style])) if chars.styles else 0)


def _dropped_copies(r: text.Raw, in_page: set, text_objects: list) -> set[int]:
    """Text objects pdfium kept whose twin, drawn again at almost the same place (fake bold),
    it left out of the text page: the addresses of the kept ones (the first kept object within
    1.5 pt on all four sides of each left-out one)."""
    if len(text_objects) < 2:
        return set()
    address_of = ctypes.c_size_t.from_buffer
    addresses = [address_of(obj).value for obj, _form in text_objects]
    if all(a in in_page for a in addresses):
        return set()
    addresses = list(dict.fromkeys(addresses))  # one entry per object
    # every object's bounds in one pass into a buffer (a third of a page's text objects can be
    # left out: objects of spaces only, and the copies), objects pdfium has none for dropped
    n = len(addresses)
    buf = (ctypes.c_float * (4 * n))()
    at = ctypes.addressof(buf)
    found = np.fromiter(map(r.bounds, addresses, range(at, at + 16 * n, 16), range(at + 4, at + 16 * n, 16),
                            range(at + 8, at + 16 * n, 16), range(at + 12, at + 16 * n, 16)), dtype=bool, count=n)
    box = np.frombuffer(buf, dtype=np.float32).reshape(n, 4).astype(np.float64)
    inside = np.fromiter((a in in_page for a in addresses), dtype=bool, count=n)
    kept_rows = np.flatnonzero(found & inside)
    missing_rows = np.flatnonzero(found & ~inside)
    if not len(missing_rows) or not len(kept_rows):
        return set()
    kept_boxes, missing_boxes = box[kept_rows], box[missing_rows]
    # A Chromium PDF draws every word as its own object (thousands on a page, hundreds left
    # out): the kept objects are sorted by their left edge and each left-out one is tested only
    # against those whose left edge is within reach (the window a hair wider than 1.5 pt, so
    # that rounding cannot leave a match out; the test itself is the exact one). The pairs are
    # tested together, a bounded number at a time.
    by_left = np.argsort(kept_boxes[:, 0], kind="stable")
    lefts = kept_boxes[by_left, 0]
    lo = np.searchsorted(lefts, missing_boxes[:, 0] - 1.5 - 1e-6, side="left")
    hi = np.searchsorted(lefts, missing_boxes[:, 0] + 1.5 + 1e-6, side="right")
    counts = np.maximum(hi - lo, 0)
    first = np.full(len(missing_rows), len(kept_rows), dtype=np.int64)  # the first kept match of each
    row = 0
    while row < len(missing_rows):
        end = row + 1 + int(np.searchsorted(np.cumsum(counts[row + 1:]), _PAIRS_AT_ONCE - counts[row], side="right"))
        span = counts[row:end]
        rows = np.repeat(np.arange(row, end), span)
        starts = np.repeat(lo[row:end] - (np.cumsum(span) - span), span)
        candidates = by_left[starts + np.arange(len(rows))]
        near = (np.abs(kept_boxes[candidates] - missing_boxes[rows]) < 1.5).all(axis=1)
        np.minimum.at(first, rows[near], candidates[near])
        row = end
    return {addresses[kept_rows[k]] for k in first[first < len(kept_rows)].tolist()}


_PAIRS_AT_ONCE = 1 << 16  # (left-out, kept) pairs tested in one array operation
