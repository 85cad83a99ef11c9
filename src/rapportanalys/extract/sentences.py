"""The project's one sentence splitter.

Figures are read sentence by sentence, and comparison finds carried-over sentences, reuse and the
sentence a figure stands in; all of them must agree on where a sentence ends, or a figure's
sentence in one view is half a sentence in another. So there is one splitter, by rule, over a
block's text, and it returns offsets so that every caller can point back into the block:

- a line break ends a sentence (a table cell or a list keeps its paragraphs and items on lines
  of their own), and so does a bullet inside a line ("… • Nästa punkt");
- ". ! ? …" (and closing quotes) before a capital or a digit end a sentence, except after an
  abbreviation ("bl.a.", "t.ex.": the caller's list, by default :data:`ABBREVIATIONS`), an
  initial ("A. Svensson") or a list number ("1. Tidiga insatser", "principen: 1. Tänk om").
  Abbreviations that usually end a sentence ("m.fl.", "etc.") end one before a capital.

The figure extractor passes the spaCy tokenizer's own exceptions as its abbreviations, so a
sentence ends exactly where the pipeline would not keep a period inside a token.
"""
from __future__ import annotations

import re

# Abbreviations that end with a period inside a sentence ("bl.a.", "t.ex."): a period after them
# does not end the sentence.
ABBREVIATIONS = frozenset({
    "bl.a.", "t.ex.", "m.fl.", "t.o.m.", "fr.o.m.", "m.m.", "ca.", "s.k.", "o.s.v.", "osv.",
    "d.v.s.", "dvs.", "inkl.", "exkl.", "kap.", "resp.", "jfr.", "enl.", "p.g.a.", "pga.", "f.d.",
    "nr.", "ev.", "s.", "sid.", "kl.", "prop.", "st.", "tf.", "etc.", "ang.", "fig.", "tab.",
})
# Abbreviations that often end a sentence ("… och lokala aktörer m.fl. Vidare …"): a capital
# after them starts a new sentence. After any other abbreviation ("bl.a. Polisen") it does not.
SENTENCE_FINAL = frozenset({"etc.", "osv.", "o.s.v.", "m.m.", "m.fl.", "o.d.", "e.d."})
BULLETS = "•·▪‣◦●■"
_BOUNDARY = re.compile(
    rf"(?P<end>(?<=[.!?…])(?P<close>[\"”’»')\]]*)\s+(?=[\"“«'(]?[A-ZÅÄÖÉ0-9{BULLETS}]))"
    rf"|\s*\n\s*|\s+(?=[{BULLETS}]\s)")
_LEADING = re.compile(rf"(?:\s|[{BULLETS}*](?=\s)|[{BULLETS}]|[-–](?=\s))+")


def sentences(text: str, abbreviations: frozenset[str] = ABBREVIATIONS) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, leading bullets and surrounding whitespace left
    out; empty sentences are dropped."""
    out, start = [], 0
    for m in _BOUNDARY.finditer(text):
        end = m.start() + len(m.group("close") or "")  # a closing quote stays with its sentence
        if m.group("end") and not _ends_sentence(text, start, end, abbreviations):
            continue
        out.append(_trim(text, start, end))
        start = m.end()
    out.append(_trim(text, start, len(text)))
    return [(s, e) for s, e in out if e > s]


def sentence_texts(text: str, abbreviations: frozenset[str] = ABBREVIATIONS) -> list[str]:
    return [text[s:e] for s, e in sentences(text, abbreviations)]


def _ends_sentence(text: str, start: int, end: int, abbreviations: frozenset[str]) -> bool:
    before = text[start:end]
    line = before.rsplit("\n", 1)[-1]
    word = before.rstrip("\"”’»')]").rsplit(None, 1)[-1].lower() if before.split() else ""
    if word in abbreviations and word not in SENTENCE_FINAL:
        return False
    if re.fullmatch(r"[a-zåäö]\.", word):
        return False  # an initial
    if re.fullmatch(rf"[\s{BULLETS}]*\d{{1,2}}\.", line) or re.search(r"[:,;]\s*\d{1,2}\.$", before):
        return False  # a list number, at the start of the line or inline
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    m = _LEADING.match(text, start, end)
    if m:
        start = m.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
