"""OCR: pages without a usable text layer, read by Tesseract into the page layer's words.

A scanned report, or one whose text was turned into vector outlines ("Microsoft: Print To PDF"),
has no characters to read. Such a page is rendered with pypdfium2 and read by the ``tesseract``
command (Debian ``tesseract-ocr`` + ``tesseract-ocr-swe``) with the Swedish model. Its words
become ordinary :class:`~.page.Word` objects, so the structure stage treats a scan like any page:

* bounding boxes in PDF points, in the page coordinates the other backends give (top-left
  origin, the page as displayed);
* ``size`` from how far capitals, digits and ascenders reach above the baseline (character
  boxes: descenders and accents do not count), made equal for lines of one style across the
  document, so that headings are found by their size tier;
* ``bold`` from stroke width: the typical run of dark pixels across a word's stems, against its
  size, compared with the document's body text (Tesseract's LSTM engine reports no weight);
* ``confidence`` (0-100) per word, and a mean per page in ``source.ocr``.

Why the ``tesseract`` command (hOCR output over a pipe) and not a binding: pytesseract is itself
a wrapper around the same command, and tesserocr needs compiling against libtesseract headers.
A subprocess per page gives what the reader's bounds need: a hard per-page time cap (the process
is killed), a native crash that costs one page, not the parse, and parallel pages on all cores
without the GIL. hOCR, unlike TSV, gives each line's baseline and each character's box.
"""
from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from . import ocr_cache
from .page import Page, Word

from . import OCR_MODES as MODES  # noqa: E402 - one list, kept where read_pdf checks a mode
LANGUAGE = "swe"
FONT = "OCR"
# Text-layer sizes are the font's em; the height of capitals, digits and ascenders above the
# baseline is about this share of it in the serif and sans fonts of municipal reports.
ASCENT_PER_EM = 0.72
MIN_CONFIDENCE = 20  # words Tesseract is less sure of are dropped (see _to_words)
BOLD = 1.4  # a line this much heavier than body text (stroke width against size) is bold
INSTALL = "install Tesseract and its Swedish model: apt-get install tesseract-ocr tesseract-ocr-swe"

_LINE = re.compile(r"<span class='ocr_(?:line|header|caption|textfloat)'[^>]*title=\"([^\"]*)\"")
_WORD = re.compile(r"<span class='ocrx_word'[^>]*title='([^']*)'>")
_CHAR = re.compile(r"<span class='ocrx_cinfo' title='x_bboxes ([-\d]+) ([-\d]+) ([-\d]+) ([-\d]+)[^']*'>(.*?)</span>", re.S)
# letters whose top is the ascender or cap line in most fonts: their height above the baseline
# measures the size (an accent, a ring or a bracket reaches higher; t and i stay lower)
_ASCENDERS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789bdfhkl")
_TAG = re.compile(r"<[^>]+>")
# What Tesseract makes of a list bullet (a small filled disc) at the start of a line
_BULLET_READINGS = set("«»·•*©®°◦▪■●") | {"»«", "«»", "»»", "««", "e", "o", "°"}
_GLUED_BULLET = re.compile(r"^[«»·•*©®°◦▪■●]{1,2}(?=[A-ZÅÄÖ0-9])")


def settings() -> tuple[int, float, int]:
    """(dpi, per-page time cap in seconds, parallel pages) from the environment:
    ``RAPPORTANALYS_OCR_DPI`` (300), ``RAPPORTANALYS_OCR_SECONDS_PER_PAGE`` (120) and
    ``RAPPORTANALYS_OCR_WORKERS`` (all cores; ``ingest`` sets it to its share)."""
    def number(name, default, kind):
        raw = os.environ.get(name, "")
        try:
            return kind(float(raw)) if raw else default
        except ValueError:
            return default
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return (max(72, number("RAPPORTANALYS_OCR_DPI", 300, int)),
            max(1.0, number("RAPPORTANALYS_OCR_SECONDS_PER_PAGE", 120.0, float)),
            max(1, number("RAPPORTANALYS_OCR_WORKERS", cores, int)))


@dataclass(frozen=True)
class Engine:
    path: str
    version: str  # "5.3.0": part of the cache key


@lru_cache(maxsize=4)
def _find_engine(command: str) -> Engine | str:
    path = shutil.which(command)
    if not path:
        return f"Tesseract is not installed ({INSTALL})"
    known = ocr_cache.engines()
    remembered = _known_engine(known, path)
    if remembered is not None:
        return remembered
    try:
        version = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
        langs = subprocess.run([path, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract cannot be run: {type(exc).__name__} ({INSTALL})"
    found = re.search(r"tesseract\s+v?([\d.]+\S*)", version.stdout + version.stderr)
    if LANGUAGE not in (langs.stdout + langs.stderr).split():
        return f"Tesseract has no Swedish model ({INSTALL})"
    tess = Engine(path, found.group(1) if found else "unknown")
    tessdata = re.search(r'languages in "([^"]+)"', langs.stdout + langs.stderr)
    if tessdata:
        _remember_engine(known, tess, tessdata.group(1))
    return tess


# -- the engine check, remembered -------------------------------------------------------------
# Asking Tesseract its version and languages starts it twice (0.02 s), in every parse of a
# document with a page to OCR, even when every page comes from the OCR cache. What it answered
# is kept beside that cache, with what the answer depends on: the program file, the folder of
# its language models (TESSDATA_PREFIX and the folder Tesseract named) and the Swedish model's
# file. Any of them changed (a new Tesseract, a model added or removed) and it is asked again.

def _stat(path: str) -> list | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def _engine_stamp(path: str, tessdata: str) -> list:
    return [_stat(path), os.environ.get("TESSDATA_PREFIX"), tessdata, _stat(tessdata),
            _stat(os.path.join(tessdata, f"{LANGUAGE}.traineddata"))]


def _known_engine(known: dict, path: str) -> Engine | None:
    entry = known.get(path)
    try:
        if entry and entry["stamp"] == _engine_stamp(path, entry["tessdata"]):
            return Engine(path, str(entry["version"]))
    except (KeyError, TypeError):
        pass
    return None


def _remember_engine(known: dict, tess: Engine, tessdata: str) -> None:
    stamp = _engine_stamp(tess.path, tessdata)
    if stamp[0] is None or stamp[-1] is None:
        return  # nothing to tell a changed installation by
    known[tess.path] = {"version": tess.version, "tessdata": tessdata, "stamp": stamp}
    ocr_cache.put_engines(known)


def engine() -> Engine | str:
    """The Tesseract to use, or why there is none (one line naming the Debian packages).
    ``RAPPORTANALYS_TESSERACT`` names another command (tests point it at a missing one)."""
    return _find_engine(os.environ.get("RAPPORTANALYS_TESSERACT") or "tesseract")


def needs_ocr(page: Page, warnings: list[dict]) -> bool:
    """A page ``auto`` reads by OCR: no characters, only invisible text (an earlier OCR's
    layer), or text the reader flagged as undecodable (glyph codes, letter salad)."""
    words = [*page.words, *page.rotated]
    if not words:
        return True
    if page.invisible_chars > 0.5 * max(1, sum(len(w.text) for w in words)):
        return True
    cid = sum(1 for w in words if "(cid:" in w.text)
    if cid > 0.5 * len(words):
        return True
    return any(w.get("page") == page.number and str(w.get("warning", "")).startswith("text not decodable")
               for w in warnings)


# -- one page ---------------------------------------------------------------------------------

def _read_image(image, tess: Engine, cap: float, live: set, stop: threading.Event) -> list[dict] | str:
    """Run Tesseract on one rendered page (a greyscale PIL image): its lines as plain data,
    or a reason string when it failed or overran ``cap`` seconds."""
    if stop.is_set():
        return "OCR stopped"
    buffer = io.BytesIO()
    image.save(buffer, "PPM")  # greyscale: PGM, which Tesseract reads from stdin
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per page; pages run in parallel
    proc = subprocess.Popen([tess.path, "stdin", "stdout", "-l", LANGUAGE, "--psm", "3", "-c", "hocr_char_boxes=1", "--dpi",
                             str(image.info.get("dpi", (300,))[0]), "hocr"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    live.add(proc)
    if stop.is_set():  # the parse was stopped while this process started
        proc.kill()
    try:
        out, _ = proc.communicate(buffer.getvalue(), timeout=cap)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return f"OCR stopped after {cap:.0f} s (RAPPORTANALYS_OCR_SECONDS_PER_PAGE); page left empty"
    finally:
        live.discard(proc)
    if proc.returncode != 0:
        return f"OCR failed (tesseract exit code {proc.returncode}); page left empty"
    return _with_strokes(_parse_hocr(out.decode("utf-8", "replace")), image)


def _numbers(title: str, key: str) -> list[float]:
    m = re.search(rf"\b{key}\s+([-\d.\s]+)", title)
    return [float(v) for v in m.group(1).split()] if m else []


def _parse_hocr(text: str) -> list[dict]:
    """hOCR (with character boxes) → ``[{"bbox", "baseline", "x_size", "descent", "words":
    [{"text", "bbox", "conf", "tops"}]}]`` in pixels, in Tesseract's reading order; ``tops`` are
    the top edges of the word's ascender letters (:data:`_ASCENDERS`)."""
    lines = []
    starts = [(m.start(), m.group(1)) for m in _LINE.finditer(text)]
    for i, (start, title) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        words = []
        heads = list(_WORD.finditer(text, start, end))
        for k, m in enumerate(heads):
            chars = list(_CHAR.finditer(text, m.end(), heads[k + 1].start() if k + 1 < len(heads) else end))
            letters = [(html.unescape(c.group(5)), int(c.group(2))) for c in chars]
            word = "".join(ch for ch, _ in letters).strip()
            if word:
                words.append({"text": word, "bbox": _numbers(m.group(1), "bbox")[:4],
                              "conf": (_numbers(m.group(1), "x_wconf") or [0.0])[0],
                              "tops": [top for ch, top in letters if ch in _ASCENDERS]})
        if words:
            bbox = _numbers(title, "bbox")[:4]
            slope, offset = (_numbers(title, "baseline") + [0.0, 0.0])[:2]
            lines.append({"bbox": bbox, "baseline": [slope, offset],
                          "x_size": (_numbers(title, "x_size") or [bbox[3] - bbox[1]])[0],
                          "descent": (_numbers(title, "x_descenders") or [0.0])[0], "words": words})
    return lines


def _with_strokes(lines: list[dict], image) -> list[dict]:
    """Add each word's stroke width in pixels: the mean of the middle half of the lengths of the
    dark runs along its rows, which is the width of its vertical stems (the middle half leaves
    out the thin joins and the long horizontal bars). Bold type has stems about 1.5 times as
    wide as regular type of the same size."""
    import numpy as np

    dark = np.asarray(image) < 128
    for line in lines:
        for w in line["words"]:
            x0, y0, x1, y1 = (int(v) for v in w["bbox"])
            crop = dark[y0:y1, x0:x1]
            w["stroke"] = 0.0
            if crop.size == 0 or not crop.any():
                continue
            edges = np.diff(np.pad(crop, ((0, 0), (1, 1))).astype(np.int8), axis=1)
            runs = np.sort(np.nonzero(edges == -1)[1] - np.nonzero(edges == 1)[1])
            if runs.size:
                middle = runs[runs.size // 4: max(runs.size // 4 + 1, 3 * runs.size // 4)]
                w["stroke"] = round(float(middle.mean()), 2)
    return lines


# -- many pages -------------------------------------------------------------------------------

@dataclass
class OcrResult:
    """What OCR gave for the pages it read: their words, and per page a confidence or a problem."""
    words: dict[int, list[Word]]
    pages: list[dict]  # [{"page", "words", "confidence"}]
    problems: list[dict]  # [{"page", "warning"}]
    engine: str
    dpi: int


def read_pages(path: str | os.PathLike, sha256: str, numbers: list[int], tess: Engine) -> OcrResult:
    """OCR the 1-based pages ``numbers`` of ``path``: rendered one by one (pdfium is not
    thread-safe), read by Tesseract processes in parallel, each page capped in time; results
    come from and go to the OCR cache (:mod:`.ocr_cache`) by content hash, page and dpi."""
    import pypdfium2 as pdfium

    dpi, cap, workers = settings()
    raw: dict[int, list[dict] | str] = {}
    geometry: dict[int, tuple] = {}
    live: set = set()  # running tesseract processes: killed if the parse is stopped
    stop = threading.Event()
    pdf = pdfium.PdfDocument(str(path))
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {}
            try:
                for number in numbers:
                    page = pdf[number - 1]
                    geometry[number] = _geometry(page)
                    key = ocr_cache.key(sha256, number, dpi, tess.version)
                    cached = ocr_cache.get(key)
                    if cached is not None:
                        raw[number] = cached
                        page.close()
                        continue
                    while sum(not f.done() for f, _ in futures.values()) > workers:
                        next(f for f, _ in futures.values() if not f.done()).exception()
                    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
                    image.info["dpi"] = (dpi, dpi)
                    page.close()
                    futures[number] = (pool.submit(_read_image, image, tess, cap, live, stop), key)
                for number, (future, key) in futures.items():
                    raw[number] = future.result()
                    if not isinstance(raw[number], str):
                        ocr_cache.put(key, raw[number])
            except BaseException:  # the file's time bound, Ctrl-C: no tesseract left behind
                stop.set()
                for f, _ in futures.values():
                    f.cancel()
                for proc in list(live):
                    proc.kill()
                raise
    finally:
        pdf.close()
    return _to_words(raw, geometry, dpi, tess.version)


def _geometry(page) -> tuple[float, float, float, float]:
    """(width, height, x offset, y offset) in points: rendering shows the crop box as displayed,
    the other backends measure from the media box's top-left corner."""
    width, height = page.get_size()
    mx0, _, _, my1 = page.get_mediabox()
    cx0, _, _, cy1 = page.get_cropbox()
    if page.get_rotation() % 360:
        return width, height, 0.0, 0.0
    return width, height, cx0 - mx0, my1 - cy1


def _to_words(raw: dict, geometry: dict, dpi: int, version: str) -> OcrResult:
    scale = 72 / dpi
    result = OcrResult({}, [], [], f"tesseract {version}", dpi)
    lines = [(n, line) for n, got in sorted(raw.items()) if not isinstance(got, str) for line in got]
    for _, line in lines:
        _typography(line["words"])
        # what Tesseract itself doubts this much is a picture read as letters ("N& de 2" from an
        # icon), not text; a bullet is often read with low confidence, and kept
        line["words"] = [w for w in line["words"] if w["conf"] >= MIN_CONFIDENCE or w["text"] == "•"]
    lines = [(n, line) for n, line in lines if line["words"]]
    previous = None
    for number, line in lines:
        line["size"] = _size(line, scale)
        line["samples"] = sum(len(w.get("tops", ())) for w in line["words"])
        if previous is not None and previous[0] == number and _runs_on(previous[1], line):
            line["size"] = previous[1]["size"]
        previous = (number, line)
        for w in line["words"]:  # stroke width against the size in pixels
            w["weight"] = w.get("stroke", 0.0) * scale / line["size"]
    tiers = _size_tiers([line["size"] for _, line in lines])
    body = _body_weight(lines)
    for number, got in sorted(raw.items()):
        result.words[number] = []
        if isinstance(got, str):
            result.problems.append({"page": number, "warning": got})
            continue
        _, _, dx, dy = geometry[number]
        confidences = []
        for line in got:
            if not line["words"]:
                continue
            size = tiers[line["size"]]
            bold_line = body > 0 and _line_weight(line) > BOLD * body
            for w in line["words"]:
                x0, _, x1, _ = w["bbox"]
                bottom = (_baseline(line, w) + line["descent"]) * scale + dy
                bold = bold_line or (body > 0 and len(w["text"]) >= 3 and w["weight"] > 1.15 * BOLD * body)
                result.words[number].append(Word(
                    text=w["text"], x0=x0 * scale + dx, top=bottom - size, x1=x1 * scale + dx, bottom=bottom,
                    font=FONT, size=size, bold=bold,
                    italic=False, confidence=w["conf"]))
                confidences.append(w["conf"])
        mean = round(sum(confidences) / len(confidences), 1) if confidences else None
        result.pages.append({"page": number, "words": len(confidences), "confidence": mean})
    return result


def _typography(words: list[dict]) -> None:
    """Undo what Tesseract does to Swedish typography, in place: a bullet at the start of a line
    read as "«", "»" or "·" (alone, or glued to the first word: "«Andelen") is "•"; a hyphen
    standing alone between words is the en dash Swedish sets there ("2022 – 2023")."""
    if not words:
        return
    first = words[0]
    if first["text"] in _BULLET_READINGS and len(words) > 1:
        first["text"] = "•"
    elif (m := _GLUED_BULLET.match(first["text"])) and len(first["text"]) > m.end() + 1:
        x0, y0, x1, y1 = first["bbox"]
        cut = x0 + (x1 - x0) * m.end() / len(first["text"])
        words.insert(1, {**first, "text": first["text"][m.end():], "bbox": [cut, y0, x1, y1]})
        first.update(text="•", bbox=[x0, y0, (x0 + cut) / 2, y1])  # a gap: two words on the line
    for w in words:
        if w["text"] == "-":
            w["text"] = "–"


def _size(line: dict, scale: float) -> float:
    """The line's font size in points, from how far its capitals, digits and ascender letters
    reach above the baseline (descenders and accents do not count: a line without a g, or
    with an Å, has the same size), else from Tesseract's line height less its descenders."""
    heights = sorted(_baseline(line, w) - top for w in line["words"] for top in w.get("tops", ()))
    # the upper quartile: a glyph box Tesseract cut short (the second f of "ff") is lower, rarely higher
    ascent = heights[(3 * len(heights)) // 4] if heights else line["x_size"] - line["descent"]
    return round(max(ascent, 1.0) * scale / ASCENT_PER_EM, 2)


def _runs_on(above: dict, line: dict) -> bool:
    """A short line measured on a letter or two ("sätt." ending a list item) that runs on from
    the well-measured line just above it at a similar size: it takes that line's size."""
    height = above["bbox"][3] - above["bbox"][1]
    return (line["samples"] < 3 <= above["samples"] and 0.5 < line["size"] / above["size"] < 2
            and line["bbox"][1] - above["bbox"][3] < 0.6 * height and abs(line["bbox"][0] - above["bbox"][0]) < 2 * height)


def _baseline(line: dict, word: dict) -> float:
    """The baseline's y in pixels under the middle of ``word`` (hOCR: slope and offset from the
    line box's bottom-left corner)."""
    slope, offset = line["baseline"]
    x0, _, x1, _ = word["bbox"]
    return line["bbox"][3] + offset + slope * ((x0 + x1) / 2 - line["bbox"][0])


def _size_tiers(sizes: list[float]) -> dict[float, float]:
    """Each line size → the size of its tier: sorted sizes less than 7 % apart are one tier,
    given the tier's median. Line heights of one style vary by a few percent with the letters a
    line holds; the structure stage compares styles exactly."""
    out: dict[float, float] = {}
    ordered = sorted(sizes)
    tier: list[float] = []
    for s in ordered + [float("inf")]:
        if tier and s > 1.07 * tier[-1]:
            value = round(median(tier) * 2) / 2
            out.update((t, value) for t in tier)
            tier = []
        tier.append(s)
    return out


def _line_weight(line: dict) -> float:
    """A line's stroke width against its size: its words' weights, by their letters."""
    pairs = [(w["weight"], sum(ch.isalnum() for ch in w["text"])) for w in line["words"]]
    letters = sum(n for _, n in pairs)
    return sum(v * n for v, n in pairs) / letters if letters else 0.0


def _body_weight(lines: list[tuple[int, dict]]) -> float:
    """The stroke width against size of most of the document's letters: its body text."""
    weighted = sorted((w["weight"], len(w["text"])) for _, line in lines for w in line["words"] if w["weight"])
    total = sum(n for _, n in weighted)
    run = 0
    for value, n in weighted:
        run += n
        if run >= total / 2:
            return value
    return 0.0
