"""The pdfium backend's text: a page's characters → words, in arrays rather than per-character Python.

pdfium has no bulk call for character boxes, so three calls per character remain (its text
object, its loose box, its origin). They are made by a loop in C (``pdfium_chars.c``, built at
install when a C compiler is there), or else through ctypes, driven by ``map`` over index
ranges, writing into one ctypes buffer each, so no Python bytecode runs per character there
either (but 0.1 s of ctypes call overhead on a 108-page report, which the C loop does not pay).
Everything after that is numpy over the page's characters: the box corrections, the page
transform, the fake-bold check, the word building (pdfplumber's ``WordExtractor`` order and
cuts) and each word's box. Python runs once per text object (its style) and once per word (the
:class:`Word`).

The rules are those of the first, per-character version of this backend, kept exactly (the
same floating-point operations in the same order), so its parity with pdfplumber holds:

* pdfminer's box of a left-to-right glyph runs from its origin over its advance; pdfium's loose
  box is that box joined with the glyph's own, so it also covers an overhang (an italic f),
  which would close word gaps. The origin starts the box, and the next character of the same
  run ends it where the glyph overhangs; where only the advance reaches past the next origin
  (a space kerned back), the advance is kept, as pdfminer does;
* pdfminer's box of an upright glyph is one font size high from its descent; pdfium's reaches
  the font's ascent: the bottom is kept and the top set;
* a character drawn again within 1.5 pt (same text, line and size, another text object) is a
  fake-bold copy: the second is dropped and the word of the first marked bold;
* words: runs of one font and size in drawing order, each cut into lines by clustering the
  tops (3 pt), each line sorted left to right and cut at spaces and at gaps over 2 pt.
"""
from __future__ import annotations

import ctypes
import os
import unicodedata
from itertools import repeat

import numpy as np

from .page import Word

LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_LIGATURE_TABLE = str.maketrans(LIGATURES)
X_TOLERANCE = 2.0
Y_TOLERANCE = 3.0
_HYPHEN_MARKS = (0x02, 0xFFFE)  # FPDFText_GetUnicode and FPDFText_GetText write these at a line end


# A character's or segment's index (a C int) declared pointer-sized in the prototypes below:
# ctypes turns a Python int into a pointer argument in C (``c_void_p.from_param``) but makes a
# ctypes object for every C int argument, and the per-character calls run three times per
# character (0.8 against 1.05 µs for the three, 121,000 characters in the 108-page Helsingborg
# PDF). On these 64-bit platforms (System V x86-64, AAPCS64) such an argument travels in a 64-bit
# register, and the callee reads an int from its low 32 bits: a non-negative index below 2**31
# arrives unchanged. Anywhere else, the C int.
INDEX = (ctypes.c_void_p if ctypes.sizeof(ctypes.c_void_p) == 8
         and os.uname().machine.lower() in ("x86_64", "amd64", "aarch64", "arm64") else ctypes.c_int)


NATIVE = "RAPPORTANALYS_NATIVE"  # "off": the per-character loop through ctypes even when the C one is built


def _native_loop():
    """The C loop over a page's characters (``pdfium_chars.c``, built by ``pip install`` as the
    optional extension ``_pdfium_chars``), or None: not built (no C compiler at install), not
    loadable, or turned off with ``RAPPORTANALYS_NATIVE=off``."""
    if os.environ.get(NATIVE, "").strip().lower() == "off":
        return None
    from importlib.machinery import EXTENSION_SUFFIXES
    from pathlib import Path

    here = Path(__file__).parent
    for suffix in EXTENSION_SUFFIXES:
        path = here / f"_pdfium_chars{suffix}"
        if path.exists():
            try:
                loop = ctypes.CDLL(str(path)).rapportanalys_page_chars
            except (OSError, AttributeError):
                return None
            loop.restype = ctypes.c_int
            loop.argtypes = [ctypes.c_void_p, ctypes.c_int] + [ctypes.c_void_p] * 6
            return loop
    return None


class Raw:
    """pdfium functions with plain integer prototypes made from pypdfium2's own bindings:
    arguments pass as integers (a buffer address plus an offset), with no ctypes structure or
    pointer object made per character. A text object comes back as an integer, 0 for none.
    Indices are :data:`INDEX` arguments. ``char_loop(textpage, n, objects, boxes, origins)``
    is the C loop asking a page's characters for all three at once (:func:`_native_loop`,
    None without it)."""

    def __init__(self):
        import pypdfium2.raw as raw

        def address_of(name):
            return ctypes.cast(getattr(raw, name), ctypes.c_void_p).value

        def proto(name, restype, *argtypes):
            return ctypes.CFUNCTYPE(restype, *argtypes)(address_of(name))

        vp, i, d, ix = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, INDEX
        self.raw = raw
        self.text_object = proto("FPDFText_GetTextObject", ctypes.c_size_t, vp, ix)
        self.loose_box = proto("FPDFText_GetLooseCharBox", i, vp, ix, vp)
        self.get_text = proto("FPDFText_GetText", i, vp, i, i, vp)
        self.count_chars = proto("FPDFText_CountChars", i, vp)
        self.font_size = proto("FPDFText_GetFontSize", d, vp, ix)
        self.char_matrix = proto("FPDFText_GetMatrix", i, vp, ix, vp)
        self.unicode = proto("FPDFText_GetUnicode", ctypes.c_uint, vp, ix)
        self.char_origin = proto("FPDFText_GetCharOrigin", i, vp, ix, vp, vp)
        self.char_box = proto("FPDFText_GetCharBox", i, vp, ix, vp, vp, vp, vp)
        self.object_font = proto("FPDFTextObj_GetFont", ctypes.c_size_t, vp)
        self.fill_color = proto("FPDFPageObj_GetFillColor", i, vp, vp, vp, vp, vp)
        self.bounds = proto("FPDFPageObj_GetBounds", i, vp, vp, vp, vp, vp)
        self.render_mode = proto("FPDFTextObj_GetTextRenderMode", i, vp)
        self.path_segment = proto("FPDFPath_GetPathSegment", vp, vp, ix)
        self.segment_type = proto("FPDFPathSegment_GetType", i, vp)
        self.segment_point = proto("FPDFPathSegment_GetPoint", i, vp, vp, vp)
        self.segment_close = proto("FPDFPathSegment_GetClose", i, vp)
        self.char_loop = None
        loop = _native_loop()
        if loop is not None:
            askers = (address_of("FPDFText_GetTextObject"), address_of("FPDFText_GetLooseCharBox"),
                      address_of("FPDFText_GetCharOrigin"))
            self.char_loop = lambda textpage, n, objects, boxes, origins: loop(textpage, n, *askers, objects,
                                                                               boxes, origins)


class Chars:
    """A page's characters as arrays, in drawing order (pdfium's made-up spaces and line breaks
    left out): code point, box in pdfplumber's coordinates, and the index of the text object's
    style in ``styles``."""
    __slots__ = ("code", "x0", "top", "x1", "bottom", "style", "styles")

    def select(self, mask) -> "Chars":
        out = Chars()
        for name in ("code", "x0", "top", "x1", "bottom", "style"):
            setattr(out, name, getattr(self, name)[mask])
        out.styles = self.styles
        return out

    def __len__(self) -> int:
        return len(self.code)


def page_chars(r: Raw, tp_int: int, transform, styles_of) -> tuple[Chars, dict[int, int]]:
    """The characters of a text page (``tp_int``, its address) and the text object address →
    style index map; ``styles_of(objs, first_chars)`` makes the styles of the text objects
    ``objs`` (addresses, in drawing order), given the index of each one's first character."""
    n = r.count_chars(tp_int)
    if n <= 0:
        n = 0
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = r.get_text(tp_int, 0, n, ctypes.addressof(buf)) if n else 0
    text = buf.raw[: 2 * max(got - 1, 0)].decode("utf-16-le", "surrogatepass")
    if len(text) != n:  # characters beyond the BMP: ask one by one
        text = "".join(chr(r.unicode(tp_int, i)) for i in range(n))
    code = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
    # pdfium's made-up characters (object 0) are asked too: cheaper than choosing, and dropped
    if r.char_loop is not None and n:
        objects = np.zeros(n, dtype=np.uint64)
        boxes32 = np.zeros((n, 4), dtype=np.float32)
        origin = np.zeros((n, 2), dtype=np.float64)
        r.char_loop(tp_int, n, objects.ctypes.data, boxes32.ctypes.data, origin.ctypes.data)
        box = boxes32.astype(np.float64)
    else:
        objects = np.fromiter(map(r.text_object, repeat(tp_int, n), range(n)), dtype=np.uint64, count=n)
        boxes = (ctypes.c_float * (4 * n))()
        origins = (ctypes.c_double * (2 * n))()
        base, obase = ctypes.addressof(boxes), ctypes.addressof(origins)
        for _ in map(r.loose_box, repeat(tp_int, n), range(n), range(base, base + 16 * n, 16)):
            pass
        for _ in map(r.char_origin, repeat(tp_int, n), range(n), range(obase, obase + 16 * n, 16),
                     range(obase + 8, obase + 16 * n + 8, 16)):
            pass
        box = np.frombuffer(boxes, dtype=np.float32).reshape(n, 4).astype(np.float64)
        origin = np.frombuffer(origins, dtype=np.float64).reshape(n, 2)

    real = objects != 0
    index = np.flatnonzero(real)
    styles: list = []
    style_index: dict[int, int] = {}
    sid = np.zeros(len(index), dtype=np.int64)
    if len(index):
        uniq, first, inverse = np.unique(objects[index], return_index=True, return_inverse=True)
        drawn = np.argsort(first, kind="stable")  # styles in drawing order
        rank = np.empty(len(uniq), dtype=np.int64)
        rank[drawn] = np.arange(len(uniq))
        sid = rank[inverse.reshape(-1)]
        objs = uniq[drawn].tolist()
        styles = styles_of(objs, index[first[drawn]].tolist())
        style_index = dict(zip(objs, range(len(objs))))
    sid_all = np.zeros(n, dtype=np.int64)
    sid_all[index] = sid
    ltr_style = np.array([s.ltr for s in styles], dtype=bool)

    left, top_y, right, bottom_y = box[:, 0].copy(), box[:, 1], box[:, 2].copy(), box[:, 3]
    ltr = real & ltr_style[sid_all] if styles else np.zeros(n, dtype=bool)
    left[ltr] = origin[ltr, 0]
    if n > 1:
        ox, oy = origin[:-1, 0], origin[:-1, 1]
        nx, ny = origin[1:, 0], origin[1:, 1]
        follow = (ltr[:-1] & (objects[1:] == objects[:-1]) & (ox < nx) & (nx < right[:-1])
                  & (np.abs(ny - oy) < 0.01))
        cand = np.flatnonzero(follow)
        if len(cand):
            space_next = code[cand + 1] == 32
            right[cand[~space_next]] = nx[cand[~space_next]]
            tight = (ctypes.c_double * 4)()  # left, right, bottom, top
            ta = ctypes.addressof(tight)
            for i in cand[space_next].tolist():
                r.char_box(tp_int, i, ta, ta + 8, ta + 16, ta + 24)
                if tight[1] >= right[i] - 0.01:  # the glyph itself reaches the right edge
                    right[i] = origin[i + 1, 0]

    code[(code == _HYPHEN_MARKS[0]) | (code == _HYPHEN_MARKS[1])] = ord("-")
    left, right, top_y, bottom_y = left[index], right[index], top_y[index], bottom_y[index]
    ta_, tb, tc, td, te, tf = transform
    if tb == 0.0 and tc == 0.0:
        xa, xb = ta_ * left + te, ta_ * right + te
        ya, yb = td * bottom_y + tf, td * top_y + tf  # bottom, top
        x0, x1 = np.minimum(xa, xb), np.maximum(xa, xb)
        top, bottom = np.minimum(ya, yb), np.maximum(ya, yb)
    else:  # a /Rotate page: x and y trade places
        xa, xb = ta_ * left + tc * bottom_y + te, ta_ * right + tc * top_y + te
        ya, yb = tb * left + td * bottom_y + tf, tb * right + td * top_y + tf
        x0, x1 = np.minimum(xa, xb), np.maximum(xa, xb)
        top, bottom = np.minimum(ya, yb), np.maximum(ya, yb)
    chars = Chars()
    chars.code, chars.x0, chars.top, chars.x1, chars.bottom = code[index], x0, top, x1, bottom
    chars.style, chars.styles = sid_all[index], styles
    return chars, style_index


def fix_tops(chars: Chars, upright_mask) -> None:
    """pdfminer's height for upright glyphs: one font size from the descent (from the top when
    the glyph is turned 180°, its descent then at the top as displayed)."""
    size = np.array([s.size for s in chars.styles], dtype=np.float64)[chars.style]
    flipped = np.array([s.flipped for s in chars.styles], dtype=bool)[chars.style]
    down = upright_mask & flipped
    up = upright_mask & ~flipped
    chars.bottom[down] = chars.top[down] + size[down]
    chars.top[up] = chars.bottom[up] - size[up]


def _space_mask(code) -> np.ndarray:
    uniq, inverse = np.unique(code, return_inverse=True)
    return np.array([chr(c).isspace() for c in uniq.tolist()], dtype=bool)[inverse]


def dedupe(chars: Chars) -> tuple[np.ndarray, np.ndarray]:
    """Fake bold: (kept, twin) masks. A character is dropped when an earlier kept one has the
    same text and line (rounded top), lies within 1.5 pt in x, has a size within 0.1 and
    another text object; that one is a twin (its word turns bold). Pairs are first looked for
    in arrays (sorted by line, text and x, neighbours within 1.5 pt); only the lines and texts
    that have one are walked in drawing order."""
    n = len(chars)
    kept = np.ones(n, dtype=bool)
    twin = np.zeros(n, dtype=bool)
    if n < 2:
        return kept, twin
    line = np.rint(chars.top)
    ink = ~_space_mask(chars.code)
    idx = np.flatnonzero(ink)
    if len(idx) < 2:
        return kept, twin
    order = idx[np.lexsort((chars.x0[idx], chars.code[idx], line[idx]))]
    near = ((line[order[1:]] == line[order[:-1]]) & (chars.code[order[1:]] == chars.code[order[:-1]])
            & (np.abs(chars.x0[order[1:]] - chars.x0[order[:-1]]) < 1.5))
    if not near.any():
        return kept, twin
    keys = set(zip(line[order[1:]][near].tolist(), chars.code[order[1:]][near].tolist()))
    size = [s.size for s in chars.styles]
    seen: dict[tuple, list] = {}
    lines, codes, xs, sids = line.tolist(), chars.code.tolist(), chars.x0.tolist(), chars.style.tolist()
    for i in idx.tolist():
        if (lines[i], codes[i]) not in keys:
            continue
        x0, sid = xs[i], sids[i]
        bucket = int(x0 // 1.5)
        found = -1
        for k in (bucket - 1, bucket, bucket + 1):
            for t in seen.get((codes[i], lines[i], k), ()):
                if abs(xs[t] - x0) < 1.5 and abs(size[sids[t]] - size[sid]) < 0.1 and sids[t] != sid:
                    found = t  # pdfium gives a ligature's letters one place in one object
                    break
            if found >= 0:
                break
        if found >= 0:
            twin[found] = True
            kept[i] = False
            continue
        seen.setdefault((codes[i], lines[i], bucket), []).append(i)
    return kept, twin


def words(chars: Chars, twin) -> list[Word]:
    """pdfplumber's ``WordExtractor`` (x_tolerance 2, y_tolerance 3, split on a change of font
    or size) over the characters, in its order: runs, then lines by clustered tops, then x."""
    n = len(chars)
    if n == 0:
        return []
    styles = chars.styles
    font_ids: dict[str, int] = {}
    font_of = np.array([font_ids.setdefault(s.font, len(font_ids)) for s in styles], dtype=np.int64)
    size_of = np.array([s.size for s in styles], dtype=np.float64)
    fid, size = font_of[chars.style], size_of[chars.style]
    run = np.cumsum(np.concatenate(([False], (fid[1:] != fid[:-1]) | (size[1:] != size[:-1]))))
    top, x0, x1 = chars.top, chars.x0, chars.x1
    # lines: a run's distinct tops, sorted; a new line where one is more than 3 pt below the last
    by_top = np.lexsort((top, run))
    t_sorted, r_sorted = top[by_top], run[by_top]
    new_line = np.concatenate(([True], (r_sorted[1:] != r_sorted[:-1]) | (t_sorted[1:] > t_sorted[:-1] + Y_TOLERANCE)))
    cluster = np.empty(n, dtype=np.int64)
    cluster[by_top] = np.cumsum(new_line)
    order = np.lexsort((np.arange(n), x0, cluster))
    space = _space_mask(chars.code)[order]
    c_x0, c_x1, c_top, c_cl = x0[order], x1[order], top[order], cluster[order]
    start = np.ones(n, dtype=bool)
    start[1:] = ((c_cl[1:] != c_cl[:-1]) | space[:-1] | (c_x0[1:] < c_x0[:-1])
                 | (c_x0[1:] > c_x1[:-1] + X_TOLERANCE) | (np.abs(c_top[1:] - c_top[:-1]) > Y_TOLERANCE))
    ink = ~space
    order, start = order[ink], start[ink]
    if not len(order):
        return []
    bounds = np.flatnonzero(start)
    text = chars.code[order].astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    wx0 = np.minimum.reduceat(x0[order], bounds).tolist()
    wtop = np.minimum.reduceat(top[order], bounds).tolist()
    wx1 = np.maximum.reduceat(x1[order], bounds).tolist()
    wbottom = np.maximum.reduceat(chars.bottom[order], bounds).tolist()
    fake_style = np.array([s.fake_bold for s in styles], dtype=bool)[chars.style]
    wfake = np.logical_or.reduceat((fake_style | twin)[order], bounds).tolist()
    first = chars.style[order[bounds]].tolist()
    starts = bounds.tolist()
    texts = [text[b:e] for b, e in zip(starts, starts[1:] + [len(order)])]
    if any(c in text for c in LIGATURES):
        texts = [w.translate(_LIGATURE_TABLE) for w in texts]
    if not text.isascii():
        normalize = unicodedata.normalize
        texts = [w if w.isascii() else normalize("NFC", w) for w in texts]
    # what a word takes from its text object's style, worked out once per style
    looks = [(s.font, round(s.size, 1), s.bold, s.italic, s.color) for s in styles]
    out = []
    for w, x0_, top_, x1_, bottom_, fake, sid in zip(texts, wx0, wtop, wx1, wbottom, wfake, first):
        font, size_, bold, italic, color = looks[sid]
        out.append(Word(w, x0_, top_, x1_, bottom_, font, size_, bold or fake, italic, color))
    return out


def as_lists(chars: Chars) -> list[list]:
    """The characters as [text, x0, top, x1, bottom, style] lists (the rotated stream's input)."""
    return [[chr(c), a, b, d, e, chars.styles[s]] for c, a, b, d, e, s in
            zip(chars.code.tolist(), chars.x0.tolist(), chars.top.tolist(), chars.x1.tolist(),
                chars.bottom.tolist(), chars.style.tolist())]
