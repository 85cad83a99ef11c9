"""The pdfplumber backend: a checked PDF file → document info and :class:`Page` objects.

pdfplumber (over pdfminer.six) is the reference backend: slower than pdfium, but its character
dicts carry everything (font name, size, matrix, colours) and its word extractor is well kept.
"""
from __future__ import annotations

import math
import os
import unicodedata

from .. import errors
from .bounds import current
from .page import BOLD_FONT, ITALIC_FONT, Box, Page, Rule, Word


def read_with_pdfplumber(path: str | os.PathLike) -> tuple[dict[str, str], list[Page]]:
    import pdfplumber

    _count_characters()
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:
        _raise_classified(path, exc)
    try:
        max_words = current().max_words_per_page
        pages = []
        for p in pdf.pages:
            pages.append(_read_page(p))
            p.close()  # drop pdfplumber's per-page caches: memory stays flat on long PDFs
            if len(pages[-1].words) > max_words:
                raise errors.TooLarge(path, f"page {p.page_number} holds {len(pages[-1].words):,} words; "
                                            f"the bound is {max_words:,}")
        info = {k: info_text(v) for k, v in (pdf.metadata or {}).items()}
    except errors.RapportanalysError:
        raise
    except _Crowded:
        raise errors.TooLarge(path, f"page {len(pages) + 1} holds more than "
                                    f"{current().max_words_per_page:,} words (the bound)") from None
    except MemoryError:
        raise errors.TooLarge(path, "out of memory within the bound") from None
    except Exception as exc:
        _raise_classified(path, exc)
    finally:
        _close(pdf)
    return info, pages


def _raise_classified(path, exc: Exception):
    error = classify_open_error(path, exc)
    if error is exc:
        raise exc
    raise error from exc


class _Crowded(Exception):
    """pdfminer met more characters on one page than the words bound allows."""


def _count_characters() -> None:
    """Stop pdfminer at the character bound of a page, *while* it interprets the page.

    A page with 100,000 words in one text object costs minutes in pdfminer before pdfplumber
    returns a single character, and pdfium's first look cannot see it (its text of one string
    stops at 32,767 characters). pdfplumber builds each page with its
    ``PDFPageAggregatorWithMarkedContent``; this swaps in a subclass (once, on first use) whose
    ``render_char`` counts and raises past ten characters per allowed word.
    """
    import pdfplumber.page as plumber_page

    base = plumber_page.PDFPageAggregatorWithMarkedContent
    if getattr(base, "_rapportanalys_counted", False):
        return

    class CountedAggregator(base):
        _rapportanalys_counted = True

        def render_char(self, *args, **kwargs):
            self._chars = getattr(self, "_chars", 0) + 1
            if self._chars > 10 * current().max_words_per_page:
                raise _Crowded(self._chars)
            return super().render_char(*args, **kwargs)

    plumber_page.PDFPageAggregatorWithMarkedContent = CountedAggregator


def _close(pdf) -> None:
    """Close without letting ``close()`` raise: on a damaged file pdfplumber's close re-reads the
    page tree and raises again, which would replace the reader's own, precise error."""
    try:
        pdf.close()
    except Exception:
        pass


LIBRARY_DIRS = ("pdfminer", "pdfplumber", "pypdfium2", "PIL")


def raised_in_library(exc: BaseException) -> bool:
    """True when ``exc`` was raised inside a PDF library (below the last frame of our own code).

    A ``TypeError`` or ``KeyError`` deep in pdfminer means a malformed object (a bounding box
    holding a name, a dictionary where a number belongs): bad input. The same error raised in
    rapportanalys's own code is a bug and stays an internal error.
    """
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_filename.replace(os.sep, "/"))
        tb = tb.tb_next
    ours = [i for i, f in enumerate(frames) if "/rapportanalys/" in f]
    after = frames[ours[-1] + 1:] if ours else frames
    return any(f"/{lib}/" in f for f in after for lib in LIBRARY_DIRS)


def classify_open_error(path, exc: Exception) -> errors.RapportanalysError | Exception:
    """Name what went wrong when the PDF library gave up on a file that looked like a PDF.

    pdfplumber wraps pdfminer's errors (``PdfminerException(PDFPasswordIncorrect())``), so the
    original is looked for in the arguments and the exception chain. An exception from our own
    code (not from a library) is returned unchanged: it is a bug, reported as an internal error.
    """
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdftypes import PDFException
    from pdfminer.psparser import PSException

    causes = [exc, *(a for a in exc.args if isinstance(a, BaseException)), exc.__cause__, exc.__context__]
    for cause in causes:
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            return errors.EncryptedPDF(path)
    library = any(isinstance(c, (PDFException, PSException)) for c in causes) or raised_in_library(exc)
    if not library and type(exc).__module__.split(".")[0] not in LIBRARY_DIRS:
        return exc
    inner = next((c for c in causes[1:] if c is not None), exc)
    detail = str(inner) or type(inner).__name__
    if type(inner).__name__ not in detail:
        detail = f"{type(inner).__name__}: {detail}"
    return errors.TruncatedPDF(path, detail[:200])


def info_text(value) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-16") if value[:2] in (b"\xfe\xff", b"\xff\xfe") else value.decode("latin-1")
        except UnicodeDecodeError:
            return ""
    return str(value)


def _read_page(page) -> Page:
    frame = _Frame.of(page)
    upright, turned = [], []
    for c in frame.chars:
        (upright if c.get("upright", True) and _horizontal(c) else turned).append(c)
    chars = _dedupe_chars(upright)
    words = _chars_to_words(chars)
    rotated = _rotated_runs(turned)
    rules: list[Rule] = []
    boxes: list[Box] = []
    for obj in frame.lines:
        rules.append(Rule(min(obj["x0"], obj["x1"]), obj["top"], max(obj["x0"], obj["x1"]), obj["bottom"]))
    for obj in frame.rects:
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
    for obj in frame.curves:
        pts = obj.get("pts") or []
        if len(pts) == 2 and (abs(pts[0][0] - pts[1][0]) < 1 or abs(pts[0][1] - pts[1][1]) < 1):
            rules.append(Rule(obj["x0"], obj["top"], obj["x1"], obj["bottom"]))
        elif obj.get("fill"):
            boxes.append(Box(obj["x0"], obj["top"], obj["x1"], obj["bottom"],
                             _colour(obj.get("non_stroking_color")), None))
        elif obj.get("stroke") and obj["x1"] - obj["x0"] <= 8 and obj["bottom"] - obj["top"] <= 8:  # a hollow bullet
            boxes.append(Box(obj["x0"], obj["top"], obj["x1"], obj["bottom"], None,
                             _colour(obj.get("stroking_color"))))
    images = [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in frame.images]
    return Page(number=page.page_number, width=float(frame.width), height=float(frame.height),
                words=words, rules=rules, boxes=boxes, images=images, char_count=len(chars),
                rotated=rotated)


class _Frame:
    """A page's objects in its reading direction.

    A page shown turned (``/Rotate 90``, a landscape table in a portrait report) or drawn
    turned (text written bottom to top, or upside down) gives pdfplumber characters whose
    matrices all point the same non-horizontal way: kept as they are, every character would
    land in the rotated stream (the page lost, or "no text layer") or, upside down, every word
    reversed. When most characters of a page point one quarter-turn ``k`` away from left to
    right, every object is turned back by ``k`` here (coordinates, matrices, page size), so
    the words come out left to right and top to bottom like on any other page. A minority of
    turned characters (a margin stamp) is left alone: that is rotated text on an upright page.
    """

    def __init__(self, page, turn: int):
        self.turn = turn
        self.width, self.height = float(page.width), float(page.height)
        self.chars = [self._char(c) for c in page.chars]
        self.lines, self.rects, self.curves, self.images = (
            [self._obj(o) for o in objs] for objs in (page.lines, page.rects, page.curves, page.images))
        if turn % 2:
            self.width, self.height = self.height, self.width

    @classmethod
    def of(cls, page) -> "_Frame":
        votes = [0, 0, 0, 0]
        for c in page.chars:
            if c.get("matrix") and c["text"].strip():
                a, b = c["matrix"][:2]
                votes[round(math.atan2(b, a) / (math.pi / 2)) % 4] += 1
        turn = max(range(4), key=votes.__getitem__)
        return cls(page, turn if votes[turn] > 0.5 * sum(votes) else 0)

    def _point(self, x: float, y: float) -> tuple[float, float]:
        w, h = self.width, self.height
        return [(x, y), (h - y, x), (w - x, h - y), (y, w - x)][self.turn]

    def _obj(self, obj: dict) -> dict:
        if not self.turn:
            return obj
        (ax, ay), (bx, by) = self._point(obj["x0"], obj["top"]), self._point(obj["x1"], obj["bottom"])
        out = dict(obj, x0=min(ax, bx), x1=max(ax, bx), top=min(ay, by), bottom=max(ay, by))
        if "doctop" in obj:
            out["doctop"] = out["top"] + (obj["doctop"] - obj["top"])
        if obj.get("pts"):
            out["pts"] = [self._point(x, y) for x, y in obj["pts"]]
        return out

    def _char(self, char: dict) -> dict:
        if not self.turn:
            return char
        out = self._obj(char)
        if char.get("matrix"):
            a, b, c, d, e, f = char["matrix"]
            a, b, c, d = [(a, b, c, d), (b, -a, d, -c), (-a, -b, -c, -d), (-b, a, -d, c)][self.turn]
            out["matrix"] = (a, b, c, d, e, f)
            out["upright"] = abs(b) < 1e-6 * max(abs(a), 1e-9) or abs(a) > 10 * abs(b)
        if self.turn % 2:  # pdfminer measured a turned glyph's "size" along its advance
            out["size"] = out["bottom"] - out["top"]
        return out


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
        text = unicodedata.normalize("NFC", _run_text(run)).strip()
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



def _run_text(run: list[dict]) -> str:
    """A rotated run's text, with a space where its glyphs stand apart along the run: a reader
    that gives no space characters (pdfium) still gives "Signature reference:", not
    "Signaturereference:"."""
    out = [run[0]["text"]]
    for prev, c in zip(run, run[1:]):
        gap = max(c["top"] - prev["bottom"], prev["top"] - c["bottom"], c["x0"] - prev["x1"], prev["x0"] - c["x1"])
        if gap > 0.2 * max(c["size"], 1.0) and c["text"].strip() and prev["text"].strip():
            out.append(" ")
        out.append(c["text"])
    return "".join(out)
