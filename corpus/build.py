#!/usr/bin/env python3
"""Render the sample corpus: each ``corpus/sources/<stem>.txt`` becomes ``corpus/<stem>.pdf``.

The sources (markup described in ``corpus/FORMAT.md``) are hand-written labels of real Swedish
municipal reports; the PDFs rendered from them are what the parser is tested against. Two
producers render them, chosen by each source's front matter, so that the parser meets two
different sets of PDF quirks and is not tuned to one:

* ``libreoffice``: a flat ODT with real Writer styles, converted by ``soffice --headless``;
* ``reportlab``: platypus, with fake-bold chapter headings, hyphenated justified body text and
  footnotes placed by hand.

A PDF is rendered, read back with pdfplumber and rendered again until it agrees with what the
previous reading learnt: the table of contents carries the headings' real page numbers, the
page count in the footers is right, footnotes have room at the bottom of their page, and page
breaks fall where the tests need them: inside every paragraph marked ``% page break falls inside
the next paragraph`` and, in portrait documents, inside at least one paragraph and one table row.
Page breaks are moved by resizing the (textless) charts and image placeholders before a block,
and only then by spreading space over the gaps above it. The last reading is printed as a
report, with any source text that cannot be found in the PDF.

The code is in ``corpus/render/``: ``markup`` (the source format and document model), ``style``
(page geometry and type), ``readback``, ``plan``, one writer per producer (``odt``,
``reportlab_writer``, ``chromium``), ``variants`` and ``driver``.

Usage: ``python corpus/build.py [-o OUTDIR] [SOURCE.txt ...]``  (default: every
``corpus/sources/*.txt`` into ``corpus/``). Needs LibreOffice (``soffice``), the DejaVu fonts,
and reportlab, pyphen and pdfplumber.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render.driver import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
