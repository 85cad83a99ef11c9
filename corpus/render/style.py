"""Page geometry and type shared by every producer; the DejaVu fonts."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from .markup import Chart, Source

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_SERIF_CMAP: set[int] | None = None


def needs_sans(char: str) -> bool:
    """DejaVu Serif has no ✓ ✘ ✔ ✗: such characters are set in DejaVu Sans, as a word
    processor's font fallback would."""
    global _SERIF_CMAP
    if _SERIF_CMAP is None:
        _SERIF_CMAP = set(TTFont("probe", str(FONT_DIR / "DejaVuSerif.ttf")).face.charToGlyph)
    return not char.isspace() and ord(char) not in _SERIF_CMAP


CM = 72 / 2.54


@dataclass(frozen=True)
class Geometry:
    """The page in points; vertical positions are measured from the top, as pdfplumber does."""
    width: float
    height: float
    margin_x: float
    body_top: float  # the body text starts here; the running header sits above
    body_bottom: float  # and ends here; the running footer sits below
    header_top: float
    footer_top: float
    columns: int = 1  # body text columns; the gutter is centred on the page
    gutter: float = 1.0 * 72 / 2.54

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin_x


PORTRAIT = Geometry(21.0 * CM, 29.7 * CM, 2.5 * CM, 2.5 * CM, 27.2 * CM, 1.2 * CM, 27.7 * CM)
SLIDES = Geometry(29.7 * CM, 21.0 * CM, 2.0 * CM, 2.5 * CM, 19.0 * CM, 1.2 * CM, 19.5 * CM)


def geometry_of(source: Source) -> Geometry:
    """The page of a source: slides or portrait, in one or two columns."""
    base = SLIDES if source.slides else PORTRAIT
    return replace(base, columns=int(source.option("columns")))


BODY_PT = 10.5
LEADING = 1.3  # body line height / font size
PARA_GAP = 6.0  # space after a body paragraph, pt
HEADING_PT = {1: 18, 2: 15, 3: 13, 4: 12}
SLIDE_HEADING_PT = {1: 26, 2: 20, 3: 16, 4: 13}  # slide titles are big
HEADING_SPACE = {1: (18, 8), 2: (14, 6), 3: (10, 4), 4: (8, 3)}  # (before, after), pt
SMALL_PT = 8.0  # running header/footer and footnotes
LABEL_PT = 8.5  # memo field labels
TABLE_PT = 9.5
INK = "#1f3864"  # headings and cover
GREY = "#404040"  # running header/footer, field labels
HEADER_FILL = "#dce6f2"  # table header rows
BAR_COLOURS = ("#2e5c8a", "#7fa6cf")
CONTENTS_TITLE = "Innehållsförteckning"
NUMBER_COLUMN = 1.2 * CM  # width of the heading-number column in the contents
FAKE_BOLD_OFFSET = 0.4  # pt between the two strokes of a fake-bold heading
MIN_SLIDE_SCALE = 0.85  # the most a slide's text shrinks to fit (10.5 pt body → 8.9 pt)
CHART_HEIGHT = 4.5 * CM  # before the page-break planning resizes it
IMAGE_HEIGHT = 3.5 * CM


def heading_pt(source: Source, level: int) -> float:
    return (SLIDE_HEADING_PT if source.slides else HEADING_PT)[level]


def cover_gap(style: str, previous: str | None) -> float:
    """Space (pt) above a cover line: the title sits about a third down the page and the other
    lines further down; lines of one kind, and a subtitle under its title, stay together."""
    if previous is None or style == previous or (style == "subtitle" and previous == "title"):
        return 0.0
    return 120.0 if style == "line" else 200.0


def chart_bars(chart: Chart, index: int) -> list[float]:
    """Bar heights as fractions of the chart height (the tallest is 1), the same on every build."""
    rng = random.Random(f"{chart.label}/{index}")
    bars = [rng.uniform(0.25, 1.0) for _ in range(rng.randint(4, 7))]
    return [bar / max(bars) for bar in bars]


