"""Checks on a file before and after a backend reads it, each ending in a named error.

Checking the bytes first gives a precise message ("empty file", "not a PDF", "truncated") where
a PDF library would raise a generic syntax error deep inside its parser.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import signal
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

from .. import errors
from .bounds import Bounds, allow_pages, check_regular, current, remaining
from .isolated import run_isolated, tell_parent
from .page import Page, Word
from .spill import Spill, SpilledPages, Writer, pack_page, stream_from, unpack_page

TAIL = 1 << 20  # %%EOF is looked for in the last MB: data after it is common, pdftotext reads it


def sha256_of(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_file(path: str | os.PathLike, bounds: Bounds | None = None) -> None:
    """Reject what is plainly not a readable PDF before handing it to the PDF library.

    Checking the bytes first gives a precise message ("empty file", "not a PDF", "truncated")
    where the library would raise a generic syntax error deep inside its parser. ``os.stat``
    comes first (:func:`~.bounds.check_regular`): a FIFO or a device is never opened.
    """
    size = check_regular(path, bounds).st_size
    if size == 0:
        raise errors.EmptyFile(path)
    with open(path, "rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - TAIL))
        tail = fh.read()
    if b"%PDF-" not in head:
        raise errors.NotAPDF(path)
    if b"%%EOF" not in tail:
        raise errors.TruncatedPDF(path, "no end-of-file marker")


@dataclass
class FirstLook:
    """What pdfium saw, or why it saw nothing: ``status`` is ``ok``, ``unopenable`` (pdfium
    refused the file), ``crashed`` (it aborted natively) or ``timeout``. ``chars`` is the
    character count and ``words`` the set of lower-case words of each page, by pdfium's own
    text extraction: an independent reading to check pdfplumber's against (a sequence, read
    back from the child's spill file one page at a time: :mod:`.spill`)."""
    status: str
    pages: int = 0
    chars: list[int] = field(default_factory=list)
    words: Sequence[frozenset[str]] = field(default_factory=list)
    crowded: tuple[int, int] | None = None  # (page, words) of a page past the words bound
    turned: bool = False  # a page has /Rotate (shown turned)
    # (document info, pages) read by the pdfium backend in the same pass, when asked for and
    # nothing got in the way (a turned page, an error, the time budget): see first_look
    read: tuple | None = None
    # streams: whether the child scanned the file for flate bombs before pdfium opened it
    # (:func:`.prescan.check_streams`, asked with ``check``); bomb: the scan's refusal, if any
    streams: bool = False
    bomb: str | None = None
    # with ``read``, worked out in the child beside the reading, so that ``parse`` does not wait
    # for them after it: the file's SHA-256 (read before pdfium opened it) and the warnings of
    # :func:`page_warning` on the pages of ``read``, in page order
    sha256: str | None = None
    read_warnings: list[dict] | None = None

    def close(self) -> None:
        """Let go of the child's spill file (the word sets are read from it until then)."""
        if isinstance(self.words, Spill):
            self.words.close()


WORD = re.compile(r"[^\W\d_]{3,}")


def _pdfium_look(path: str, max_words: int, read: bool = False, budget: float = 0.0,
                 spill: int | None = None, bounds: Bounds | None = None, check: bool = False) -> FirstLook:
    """In the child: each page's word set, and its reading when ``read``, written to the file
    open as ``spill`` as soon as the page is done (:mod:`.spill`); the look returned holds their
    offsets (``words``, and ``read`` as ``(info, offsets)``), so the child's memory does not grow
    with the page count. With ``check``, the file is first scanned for flate bombs (before pdfium
    inflates anything), and a bomb ends the look there."""
    if check:
        from .prescan import check_streams

        try:
            check_streams(path, bounds or current())
        except errors.TooLargeDecompressed as exc:
            return FirstLook("ok", streams=True, bomb=exc.detail)
    import pypdfium2 as pdfium

    try:
        sha = sha256_of(path) if read else None
    except OSError:  # the parent's own reading names the problem
        sha = None
    try:
        pdf = pdfium.PdfDocument(path)
    except Exception:
        return FirstLook("unopenable", streams=check)
    look = FirstLook("ok", pages=len(pdf), streams=check, sha256=sha)
    if bounds is not None:
        # the file's time bound grows with its pages: the parent is told, and reading in this
        # child gets half of it (a 5,000-page file is read here, isolated, not by the parent)
        allowed = bounds.seconds_for(look.pages)
        tell_parent(f"pages {look.pages}")
        signal.setitimer(signal.ITIMER_REAL, allowed + 2)  # the child's own end, moved with it
        budget = max(budget, allowed / 2)
    out = Writer(spill) if spill is not None else None
    pages = [] if read else None  # offsets in the spill file (the pages themselves without one)
    warnings: list[dict] | None = []  # None: left to the parent
    start = time.monotonic()
    for i in range(look.pages):
        page = pdf[i]
        look.turned = look.turned or page.get_rotation() != 0
        textpage = page.get_textpage()
        count = textpage.count_chars()
        text = textpage.get_text_range() if count > 0 else ""
        words = text.split()
        if len(words) > max_words:
            look.crowded = (i + 1, len(words))
            textpage.close()
            page.close()
            break
        look.chars.append(count)
        seen = frozenset(WORD.findall(text.lower()))
        look.words.append(out.write(seen) if out is not None else seen)
        if pages is not None:  # the pdfium backend's reading of this page, from the same text page
            if look.turned or time.monotonic() - start > budget:
                pages = None  # the parent reads (pdfplumber turns pages; a long file gets its bound)
            else:
                got = _read_page(page, i + 1, textpage)
                if got is not None and warnings is not None:
                    try:
                        warning = page_warning(got, seen)
                    except Exception:  # noqa: BLE001 - the parent works them out itself
                        warnings = None
                    else:
                        if warning is not None:
                            warnings.append(warning)
                if got is None:
                    pages = None
                elif out is None:
                    pages.append(got)
                else:
                    at = out.write(pack_page(got))
                    pages.append(at)
                    # a parent done with its own work unpacks the page while this one reads on
                    tell_parent(f"page {at} {out.flush()}", optional=True)
        textpage.close()
        page.close()
    if out is not None:
        out.close()
    if pages is not None and not look.crowded:
        try:
            info = {k: str(v) for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
            look.read = (info, pages)
            look.read_warnings = warnings
        except Exception:  # noqa: BLE001 - the parent's own reading names the problem
            pass
    pdf.close()
    return look


def _read_page(page, number: int, textpage):
    """The pdfium backend's page, or ``None`` when it fails on it (the parent then reads the
    file itself, and its error names the problem)."""
    from .pdfium_backend import read_page

    try:
        return read_page(page, number, textpage)
    except Exception:  # noqa: BLE001
        return None


def first_look(path: str | os.PathLike, bounds: Bounds | None = None, read: bool = False,
               while_waiting: Callable[[], object] | None = None, check: bool = False,
               on_page: Callable[[Page], object] | None = None) -> FirstLook:
    """pdfium's quick look at every page, **in a forked child process** (:mod:`.isolated`).

    pdfium is native code: on some damaged files it aborts the process, and no Python signal can
    stop a native loop. In a child, an abort or a hang costs only the child: the parent gets
    ``crashed`` or ``timeout`` and leaves the file to pdfplumber (pure Python, bounded by the
    alarm). The child's stderr goes to /dev/null, so pdfium's own messages never reach ours.

    With ``read``, the child also reads every page with the pdfium backend from the text page it
    has open (``FirstLook.read``): the file is parsed by pdfium once, not twice, and the whole
    native reading is isolated. It stops reading (leaving it to the parent) on a turned page,
    on an error, or past half the time bound. ``while_waiting()`` runs in the parent meanwhile.

    The child hands its pages and word sets over page by page through an unlinked temporary
    file (:mod:`.spill`): the parent reads the pages back one at a time into the document's
    list, and the word sets when :func:`text_warnings` asks for each. A page the parent unpacks
    while the child reads on (its own ``while_waiting`` done) is given to ``on_page`` then: the
    caller's next stage may start on it (``parse`` groups its lines).

    With ``check``, the child first scans the file for flate bombs (:func:`.prescan.check_streams`)
    and pdfium opens it only when none is found (``FirstLook.streams``; ``FirstLook.bomb`` is the
    refusal). The scan is then part of the child's time, beside the parent's ``while_waiting``,
    instead of a serial step before the fork, and it still comes before any inflating.
    """
    bounds = bounds or current()
    timeout = min(bounds.seconds, remaining(bounds.seconds))

    spill = tempfile.TemporaryFile()
    shared: dict = {}  # equal texts, fonts and colours of all pages as one object each
    ready: dict[int, Page] = {}  # pages unpacked while the child read on, by their offset
    counted: list[int] = []  # the child's page count, once it has said it

    def on_line(line: str) -> float | None:
        """``pages N`` from the child: the bound for N pages, for the child and the parse.
        ``page START END``: the child has written a page there; unpacked now, while the child
        reads the next ones, it is not left for after the reading (when ``parse`` waits for it)."""
        if line.startswith("pages ") and line[6:].isdigit():
            pages = int(line[6:])
            allow_pages(pages)
            counted.append(pages)
            return remaining(bounds.seconds_for(pages))
        if line.startswith("page ") and not (counted and counted[-1] >= stream_from()):
            # (a long document's pages stay in the spill file: :class:`.spill.SpilledPages`)
            start, end = (int(v) for v in line[5:].split())
            try:
                ready[start] = unpack_page(pickle.loads(os.pread(spill.fileno(), end - start, start)), shared)
            except Exception:  # noqa: BLE001 - read again after the child, where a damaged record raises
                return None
            if on_page is not None:
                on_page(ready[start])
        return None

    try:
        ran = run_isolated(_pdfium_look, os.fspath(path), bounds.max_words_per_page, read, timeout / 2,
                           spill.fileno(), bounds, check, timeout=timeout, bounds=bounds, while_waiting=while_waiting,
                           on_line=on_line)
    except BaseException:
        spill.close()
        raise
    if ran.status != "ok":
        spill.close()
        return FirstLook("unopenable" if ran.status == "error" else ran.status)
    look = ran.value
    look.words = Spill(spill, look.words)
    if look.read is not None:
        info, offsets = look.read
        if len(offsets) >= stream_from():
            # a long document: its pages stay in the file, read back on each pass over them
            # (through a file object of their own: the look's is closed after the reading)
            pages = SpilledPages(os.fdopen(os.dup(spill.fileno()), "rb"), offsets, shared)
        else:
            records = Spill(spill, offsets)
            pages = [ready[at] if at in ready else unpack_page(records[i], shared) for i, at in enumerate(offsets)]
        look.read = (info, pages)
    return look


def no_characters(path: str | os.PathLike, look: FirstLook | None = None) -> bool:
    """True when no page has a single character: a scan, or text drawn as outlines.

    Asked of pdfium because it answers in milliseconds, where reading every vector outline of
    such a PDF with pdfplumber takes half a minute. Any doubt (pdfium cannot open the file, or
    its child process died) leaves the answer to the full reader and its error messages.
    """
    if look is None:
        look = first_look(path)
        look.close()  # only the character counts are asked
    return look.status == "ok" and look.pages > 0 and not look.crowded and sum(look.chars) == 0


def text_layer_missing(pages: list[Page]) -> bool:
    """True when the PDF has no usable text: no characters at all, or only unmapped glyphs."""
    words = [w.text for p in pages for w in p.words]
    if not words:
        return True
    unmapped = sum(1 for w in words if "(cid:" in w)
    return unmapped > 0.5 * len(words)


# pdfminer's "(cid:12)", or one character of Unicode category Cc (control) or Co (private use),
# or U+FFFD: the same set as unicodedata.category(c) in ("Cc", "Co") (checked over every code
# point by tests/test_read.py), in one search instead of a Python call per character
_GLYPH_CODE = re.compile("\\(cid:|[\x00-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def _unmapped(text: str) -> bool:
    """A word holding a glyph code instead of a letter: pdfminer's ``(cid:12)``, or what pdfium
    gives for a font whose character map is lost (the raw code as a control character, a
    private-use code point, or U+FFFD)."""
    return _GLYPH_CODE.search(text) is not None


# a lower-case letter followed by an upper-case one inside a word: "TryeUt", "oUZiktor"
MIXED_CASE = re.compile(r"[a-zà-öø-ÿ][A-ZÀ-ÖØ-Þ]")


def _mixed_case(found: list[str]) -> int:
    """How many of the words ``found`` change from lower to upper case inside the word."""
    if MIXED_CASE.search(" ".join(found)) is None:
        return 0
    return sum(1 for w in found if MIXED_CASE.search(w))


def text_warnings(pages: Sequence[Page], look: FirstLook, known: list[dict] | None = None) -> list[dict]:
    """Pages whose text the page layer could not decode, as ``{"page", "warning"}`` (page
    ``None`` for the whole file): :func:`page_warning` of each page against pdfium's reading of
    it in the first look. ``known``: those page warnings, worked out already (the first look's
    child does so for the pages it read: ``FirstLook.read_warnings``)."""
    warnings = text_warnings_head(pages, look)
    if known is not None:
        return warnings + known
    for page in pages:
        warning = page_warning_against(page, look)
        if warning is not None:
            warnings.append(warning)
    return warnings


def text_warnings_head(pages: Sequence[Page], look: FirstLook) -> list[dict]:
    """The warning of :func:`text_warnings` about the whole file: pdfium counts other pages."""
    if look.status == "ok" and look.pages and look.pages != len(pages):
        return [{"page": None, "warning": f"pdfium finds {look.pages} pages, this reading {len(pages)}"}]
    return []


def page_warning_against(page: Page, look: FirstLook) -> dict | None:
    """:func:`page_warning` of the page against pdfium's reading of it in the first look."""
    theirs = look.words[page.number - 1] if look.status == "ok" and page.number <= len(look.words) else frozenset()
    return page_warning(page, theirs)


def page_warning(page: Page, theirs: frozenset[str]) -> dict | None:
    """The page's warning when the page layer could not decode its text, or None; ``theirs``
    is the set of words of pdfium's own reading of the page.

    A font without a usable character map gives glyph codes (``(cid:12)`` from pdfminer,
    control characters from pdfium), and a damaged font or content stream maps glyphs to the
    wrong letters ("letter salad"); both pass every structural check and would reach the output
    as if they were text; a damaged page can also lose most of its text. A page is flagged:

    * when over 10 % of its words (and at least 3) hold glyph codes (at most 0.7 % on a page
      of the real PDFs: a symbol font's bullet or check mark);
    * when over 20 % of its words (of at least 20) switch from lower to upper case inside the
      word, which real text almost never does (at most 2.4 % on a page of the real and corpus
      PDFs, where damaged fonts give 57 %): this catches salad that pdfium's own text shares,
      so comparing with it cannot;
    * against pdfium's independent reading (the first look): when pdfium reads four times as
      many different words there, or when few of the page's words are among pdfium's (these
      two catch the pdfplumber backend; on the pdfium backend both readings are pdfium's);
    * when over 10 % of the words that follow another on its line (of at least 20) start well
      inside it (:func:`_overlapping`): a font whose widths are damaged sets every glyph at
      the wrong place, the lines' words then run together and pdfium drops letters it takes for
      doubles ("Upföljnige" for "Uppföljningen"). No page of the corpus or the real PDFs has
      one such word; the seven bytes a fuzzed Kungälv report had flipped gave 20-54 %.
    """
    texts = [w.text for w in (*page.words, *page.rotated)]
    # Each pattern runs once over the page's words joined by spaces (a space is in neither
    # pattern, so no match spans two words, and WORD finds the same words in the same
    # order); only a page where one matches is counted word by word: once per word it was
    # 0.01-0.02 s of a 108-page report.
    joined = " ".join(texts)
    unmapped = sum(1 for t in texts if _unmapped(t)) if _unmapped(joined) else 0
    found = WORD.findall(joined)
    ours = [w.lower() for w in found]
    if unmapped >= 3 and unmapped > 0.1 * len(texts):
        return {"page": page.number, "warning": f"text not decodable: {unmapped} of {len(texts)} "
                "words are glyph codes without a character map"}
    if len(found) >= 20 and (mixed := _mixed_case(found)) > 0.2 * len(found):
        return {"page": page.number, "warning": f"text not decodable: {mixed} of {len(found)} "
                "words change case inside the word (letters mapped wrongly)"}
    if len(theirs) >= 20 and len(set(ours)) < 0.25 * len(theirs):
        return {"page": page.number, "warning": f"text missing: {len(set(ours))} distinct words "
                f"read, pdfium reads {len(theirs)}"}
    if len(theirs) >= 10 and ours:
        known = sum(1 for w in ours if w in theirs)
        if known < 0.5 * len(ours):
            return {"page": page.number, "warning": f"text not decodable: {len(ours) - known} of "
                    f"{len(ours)} words differ from pdfium's reading of the page"}
    overlapping, followers = _overlapping(page.words)
    if followers >= 20 and overlapping > 0.1 * followers:
        return {"page": page.number, "warning": f"text not decodable: {overlapping} of {followers} "
                "words start inside the word before them (the font's character widths are damaged)"}
    return None


def _overlapping(words: Sequence[Word]) -> tuple[int, int]:
    """(overlapping, followers): of the words that follow another on its line in the page
    layer's order (the same baseline within 1 pt, a size within 0.5 pt), how many start more
    than half their size before that one ends."""
    followers = overlapping = 0
    for a, b in zip(words, words[1:]):
        if abs(a.bottom - b.bottom) < 1 and abs(a.size - b.size) < 0.5:
            followers += 1
            if b.x0 < a.x1 - 0.5 * a.size:
                overlapping += 1
    return overlapping, followers
