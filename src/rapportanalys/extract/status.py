"""What a status icon in an activity table means.

Follow-up reports mark each activity with a small icon and explain the icons once, in a legend
near the start ("Avslutat, grön bock = Genomförandet klart enligt plan"). The icon reaches us in
one of three ways, and this module turns each into an :class:`Icon` (its form and colour):

- a character of an ordinary font at the start of the cell: ✓ ✔ ☑ (check), ✘ ✗ ☒ (cross),
  "!" (exclamation), "–" / "-" (dash), ● ■ (dot), coloured emoji such as 🟢;
- a glyph of a symbol font, which the text layer shows as a plain letter: Wingdings "ü" is a
  check, "û" a cross; ZapfDingbats "4" is ✔, "8" is ✘ (``Block.marks`` of kind "glyph");
- a small filled shape drawn as a path, known only by its fill colour (``Block.marks`` of kind
  "shape").

The meaning then comes from the report's own legend when it has one (:func:`read_legend`,
:func:`status_of`): the same green dot means "ongoing" in one municipality and "done" in the
next, so the document's word beats any default. Without a legend, :data:`DEFAULT_BY_FORM` and
:data:`DEFAULT_BY_COLOUR` apply (a check is done, a cross done with deviation, "!" delayed, a
dash not started; a green dot ongoing, yellow ongoing with deviation, red delayed, as in the
legend of Kungälv's "Trygg i Kungälv").

``status_symbol`` (:attr:`Icon.symbol`) is the symbol as a reader sees it: the printed character
("✓", "!", "–"), the Unicode character a symbol-font glyph shows ("✔" for ZapfDingbats "4",
Wingdings "ü"), ``"glyph:<font>:<char>"`` for a symbol-font glyph with no known meaning, and
``"shape:<colour>"`` (green, yellow, red, blue, purple, grey, black, white) for a drawn icon.
"""
from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

FORMS = ("check", "cross", "exclamation", "dash", "dot")

# Unicode status characters → (form, inherent colour). Emoji carry their colour with them.
SYMBOLS: dict[str, tuple[str, str | None]] = {
    **{c: ("check", None) for c in "✓✔☑🗸🗹√"},
    "✅": ("check", "green"),
    **{c: ("cross", None) for c in "✗✘☒✕✖🗴🗵🗶🗷🗙⌧×"},
    "❌": ("cross", "red"), "❎": ("cross", "green"),
    **{c: ("exclamation", None) for c in "!❗❕‼⚠"},
    **{c: ("dash", None) for c in "–—‐‒-−"},
    **{c: ("dot", None) for c in "●■◆⬤⚫▪◼⬛"},
    "🟢": ("dot", "green"), "🟩": ("dot", "green"),
    "🟡": ("dot", "yellow"), "🟨": ("dot", "yellow"), "🟠": ("dot", "yellow"), "🟧": ("dot", "yellow"),
    "🔴": ("dot", "red"), "🟥": ("dot", "red"),
}

# Symbol fonts: the character the text layer reports → the Unicode character the glyph shows.
# Only the glyphs that serve as status icons; keys are font names without separators.
GLYPHS: dict[str, dict[str, str]] = {
    "wingdings2": {"P": "✓", "O": "✗", "Q": "☒", "R": "☑", "S": "☒", "T": "☒"},
    "wingdings": {"ü": "✔", "û": "✘", "ý": "☒", "þ": "☑", "x": "☒", "l": "●", "n": "■"},
    "zapfdingbats": {"3": "✓", "4": "✔", "5": "✕", "6": "✖", "7": "✗", "8": "✘",
                     "l": "●", "n": "■", "u": "◆"},
    "webdings": {"a": "✔", "r": "✖", "n": "●", "g": "■"},
    "symbol": {"Ö": "√"},
}

DEFAULT_BY_FORM = {"check": "done", "cross": "done_deviation", "exclamation": "delayed",
                   "dash": "not_started"}
DEFAULT_BY_COLOUR = {"green": "ongoing", "yellow": "ongoing_deviation", "red": "delayed"}

# Legend vocabulary: colour and form words as Swedish reports write them.
_COLOUR_WORDS = {
    "green": {"grön", "grönt", "gröna"},
    "yellow": {"gul", "gult", "gula", "orange", "orangea", "gulorange"},
    "red": {"röd", "rött", "röda"},
    "blue": {"blå", "blått", "blåa"},
    "grey": {"grå", "grått", "gråa"},
    "black": {"svart", "svarta"},
    "white": {"vit", "vitt", "vita"},
    "purple": {"lila"},
}
_FORM_WORDS = {
    "check": {"bock", "bocken", "bockar", "bockmarkering", "check"},
    "cross": {"kryss", "krysset", "kryssad", "x"},
    "exclamation": {"utropstecken", "utropstecknet"},
    "dash": {"streck", "strecket", "bindestreck", "tankstreck"},
    "dot": {"cirkel", "cirkeln", "prick", "pricken", "punkt", "punkten", "boll", "bollen",
            "fyrkant", "fyrkanten", "kvadrat", "ruta", "rutan"},
}
_WORD_COLOUR = {w: c for c, words in _COLOUR_WORDS.items() for w in words}
_WORD_FORM = {w: f for f, words in _FORM_WORDS.items() for w in words}

# Status words. A negation turns "påbörjad" into not started; "passerat … datum" is late.
_NOT_STARTED = re.compile(r"\b(?:ej|inte|icke)\s+(?:påbörja\w*|starta\w*|igång\w*)", re.I)
_DELAYED = re.compile(r"\bförsen\w*|\bpasserat\b|\bförsening\w*", re.I)
_ONGOING = re.compile(r"\b(?:pågående|pågår|påbörjad|påbörjat|påbörjade|under arbete|i arbete)\b", re.I)
_DONE = re.compile(r"\b(?:avslutad|avslutat|avslutade|klar|klart|klara|genomförd|genomfört|genomförda|"
                   r"slutförd|slutfört|slutförda|färdig|färdigt|färdiga|uppnådd|uppnått)\b", re.I)
_NOT_DONE = re.compile(r"\b(?:ej|inte|icke)\s+(?:helt\s+)?(?:avslutad|avslutat|avslutade|klar|klart|"
                       r"genomförd|genomfört|genomförda|slutförd|slutfört)\b", re.I)
_DEVIATION = re.compile(r"\bavvik\w*", re.I)

_LEADING_SYMBOL = re.compile(
    "^(" + "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True)) + r")(?=\s|$)")
_LIST_BULLET = "• "  # how structure.cell_text writes a cell line that began with a list marker


@dataclass(frozen=True)
class Icon:
    """A status icon as far as the PDF shows it."""
    form: str | None  # one of FORMS; None when a symbol-font glyph has no known meaning
    colour: str | None  # green, yellow, red, …; None when the PDF does not tell
    symbol: str  # the ``status_symbol`` of the activity (see the module docstring)


@dataclass(frozen=True)
class LegendEntry:
    """One line of a report's legend: what an icon looks like and the status it stands for."""
    form: str | None
    colour: str | None
    status: str
    text: str


# -- icons -------------------------------------------------------------------------------------

def read_icon(text: str, marks: list[dict]) -> tuple[Icon | None, str]:
    """The status icon at the start of a table cell and the cell text without it.

    A symbol-font glyph gives the form (and its colour when the mark has one), a drawn shape
    gives a colour: a white check drawn on a green disc is a green check.
    """
    glyph = next((m for m in marks if m.get("kind") == "glyph"), None)
    shape = next((m for m in marks if m.get("kind") == "shape"), None)
    form = colour = symbol = None
    rest = text
    if glyph is not None:
        symbol = glyph_symbol(glyph["text"], glyph.get("font", ""))
        form, colour = SYMBOLS.get(symbol, (None, None))
        colour = colour_name(glyph.get("color")) or colour
        rest = _strip_mark(text, glyph["text"])
    else:
        m = _LEADING_SYMBOL.match(text)
        if m:
            symbol = m.group(1)
            form, colour = SYMBOLS[symbol]
            rest = text[m.end():]
    if shape is not None:
        shape_colour = colour_name(shape.get("fill"))
        if symbol is None:
            form, symbol = "dot", f"shape:{shape_colour or 'unknown'}"
        colour = colour or shape_colour
    if symbol is None:
        return None, text
    return Icon(form, colour, symbol), rest.strip()


def glyph_symbol(char: str, font: str) -> str:
    """The Unicode character a glyph shows: ZapfDingbats "4" → "✔", Wingdings "ü" → "✔"; a
    glyph of a symbol font with no known meaning → "glyph:<font>:<char>"."""
    key = re.sub(r"[^a-z0-9]", "", font.lower())
    table = next((t for name, t in GLYPHS.items() if key.startswith(name)), None)
    if table is None:
        return char if char in SYMBOLS else f"glyph:{font}:{char}"
    # Word writes symbol-font characters in the private use area (U+F0FC for Wingdings "ü").
    code = "".join(chr(ord(c) - 0xF000) if 0xF020 <= ord(c) <= 0xF0FF else c for c in char)
    if code in table:
        return table[code]
    # a symbol font whose characters the PDF maps to Unicode ("✔") shows what it says; its ASCII
    # letters and signs are pictures ("!" is scissors in ZapfDingbats)
    return char if char in SYMBOLS and not char.isascii() else f"glyph:{font}:{char}"


def _strip_mark(text: str, mark_text: str) -> str:
    if text.startswith(mark_text):
        return text[len(mark_text):]
    if text.startswith(_LIST_BULLET) and mark_text in SYMBOLS and SYMBOLS[mark_text][0] in ("dash", "dot"):
        return text[len(_LIST_BULLET):]  # a leading "–" or "●" read as a list marker
    return text


def colour_name(colour) -> str | None:
    """A fill colour (grey, RGB or CMYK components 0–1, as pdfplumber gives them) → a name.

    Amber and orange count as yellow: they are the middle light of a traffic-light scale.
    """
    if not colour:
        return None
    if len(colour) == 1:
        r = g = b = colour[0]
    elif len(colour) == 3:
        r, g, b = colour
    elif len(colour) == 4:
        c, m, y, k = colour
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return None
    hue, saturation, value = colorsys.rgb_to_hsv(r, g, b)
    if value < 0.2:
        return "black"
    if saturation < 0.25:
        return "white" if value > 0.9 else "grey"
    degrees = hue * 360
    if degrees < 15 or degrees >= 330:
        return "red"
    if degrees < 70:
        return "yellow"
    if degrees < 170:
        return "green"
    return "blue" if degrees < 260 else "purple"


# -- the legend ---------------------------------------------------------------------------------

def read_legend(texts: list[str]) -> list[LegendEntry]:
    """Legend entries from paragraphs such as "Avslutat, röd bock = Genomförandet avslutat med
    avvikelse" or "Grön: genomförd, gul: pågående".

    An entry names an icon (a colour or form word, or the symbol itself) before "=" or ":" and
    a status in the words around it. A single match is taken for chance, not a legend.
    """
    entries = [e for text in texts for part in _legend_parts(text) if (e := _legend_entry(part))]
    return entries if len(entries) >= 2 else []


def _legend_parts(text: str) -> list[str]:
    """Split "Grön = klar, gul = pågår" into entries, but keep "Pågående, grön = …" whole: a
    comma starts a new entry only when the text before it already has its "="."""
    parts: list[str] = []
    for piece in re.split(r"[;\n]", text):
        current = ""
        for chunk in piece.split(","):
            if current and re.search(r"[=:]", current) and re.search(r"[=:]", chunk):
                parts.append(current)
                current = chunk
            else:
                current = f"{current},{chunk}" if current else chunk
        if current:
            parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _legend_entry(text: str) -> LegendEntry | None:
    m = re.match(r"^(?P<icon>[^=:]{1,60}?)\s*[=:]\s*(?P<meaning>\S.*)$", text)
    if not m or len(m.group("icon").split()) > 6:
        return None
    icon, meaning = m.group("icon"), m.group("meaning")
    form, colour = _described_icon(icon)
    if form is None and colour is None:
        return None
    status = status_from_words(icon, meaning)
    return LegendEntry(form, colour, status, text) if status else None


def _described_icon(text: str) -> tuple[str | None, str | None]:
    form = colour = None
    m = _LEADING_SYMBOL.match(text.strip())
    if m:
        form, colour = SYMBOLS[m.group(1)]
    for word in re.findall(r"\w+", text.lower()):
        form = form or _WORD_FORM.get(word)
        colour = colour or _WORD_COLOUR.get(word)
    return form, colour


def status_from_words(label: str, meaning: str = "") -> str | None:
    """The status a legend line states. Its label ("Pågående, gul", "Försenat, rött
    utropstecken") decides first, its explanation next; "avvikelse" in either marks a deviation."""
    status = _status_words(label) or _status_words(meaning)
    if status in ("ongoing", "done") and _DEVIATION.search(f"{label} {meaning}"):
        status += "_deviation"
    return status


def _status_words(text: str) -> str | None:
    if _NOT_STARTED.search(text):
        return "not_started"
    if _DELAYED.search(text):
        return "delayed"
    if _ONGOING.search(text):
        return "ongoing"
    if _NOT_DONE.search(text):
        return "not_started"
    if _DONE.search(text):
        return "done"
    return None


def status_of(icon: Icon | None, legend: list[LegendEntry]) -> str:
    """The status an icon stands for: the legend entry that matches it best (a described form or
    colour that differs rules an entry out), else the default for its form, then its colour.

    When the best legend entries disagree (a black ✓ against "grön bock" and "röd bock"), the
    PDF did not show what tells them apart and the default decides.
    """
    if icon is None:
        return "unknown"
    best, statuses = 0, set()
    for entry in legend:
        score = 0
        for seen, described in ((icon.form, entry.form), (icon.colour, entry.colour)):
            if seen and described:
                if seen != described:
                    break
                score += 1
        else:
            if score > best:
                best, statuses = score, {entry.status}
            elif score == best and score:
                statuses.add(entry.status)
    if len(statuses) == 1:
        return statuses.pop()
    return DEFAULT_BY_FORM.get(icon.form) or DEFAULT_BY_COLOUR.get(icon.colour) or "unknown"
