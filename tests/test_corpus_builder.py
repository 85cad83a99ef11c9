"""The corpus builder's own rules (corpus/render/): a layout variant may only print what a real
report's template could."""
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "corpus"))
from render.markup import SourceError, parse_source  # noqa: E402

_FRONT = """---
producer: chromium
layout: slides
font: sans
header: Förstudie
footer: Revisorerna
page_numbers: {{page}}
plain_headings: {plain}
---

# 1 Bakgrund

## Offentlig statistik

{deeper}Brottsstatistiken visar en minskning.
"""


def _source(tmp_path, plain: str, deeper: bool):
    path = tmp_path / "source.txt"
    path.write_text(_FRONT.format(plain=plain, deeper="### Anmälda våldsbrott\n\n" if deeper else ""),
                    encoding="utf-8")
    return parse_source(path)


def test_a_plain_level_above_a_larger_one_is_refused(tmp_path):
    """``plain_headings: 2`` over level-3 headings would print every level-3 heading larger than
    the level-2 heading it belongs to: an upside-down hierarchy that no report's template prints,
    and whose labelled levels no reader could tell from the page."""
    with pytest.raises(SourceError, match="larger than the level-2"):
        _source(tmp_path, "2", deeper=True)


@pytest.mark.parametrize("plain,deeper", [("3", True), ("2", False)])
def test_the_deepest_level_may_be_printed_plain(tmp_path, plain, deeper):
    source = _source(tmp_path, plain, deeper)
    assert source.option("plain_headings") == plain
