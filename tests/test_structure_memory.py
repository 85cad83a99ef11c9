"""The structure stage lets go of what it is done with (issue 14, pages streamed).

A long report's memory is mostly its words and the lines made of them. The first grouping of
each page's words into lines serves the running headers and footers; reading order groups each
region's words again and keeps a first line that comes out the same, word for word, as its own.
No other first line may live until the report is built: this shows they are gone once reading
order is done, by weak references to every line of the first grouping, checked when the last
pass starts.
"""
import gc
import sys
import weakref
from pathlib import Path

from rapportanalys.read import read_pdf
from rapportanalys.structure import build as build_module
from rapportanalys.structure import build_report

sys.path.insert(0, str(Path(__file__).parent))
from fuzz.pdfs import many_pages  # noqa: E402


def _recording_reading_order(monkeypatch) -> list[weakref.ref]:
    """Weak references to every line of every region reading order makes, from now on."""
    made: list[weakref.ref] = []
    reading_order = build_module.reading_order

    def recording(*args, **kwargs):
        regions = reading_order(*args, **kwargs)
        made.extend(weakref.ref(line) for region in regions for line in region)
        return regions

    monkeypatch.setattr(build_module, "reading_order", recording)
    return made


def test_first_grouping_lines_are_released_before_the_report_is_built(tmp_path, monkeypatch):
    """The first grouping's lines go as each page's regions are made: none is left when the last
    pass (the stream of items) starts, but those reading order kept as lines of its regions."""
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(many_pages(30))
    document = read_pdf(pdf, backend="pdfium", ocr="never")
    first: list[weakref.ref] = []
    alive_at_stream: list[int] = []
    kept_at_stream: list[int] = []
    group_lines, stream = build_module.group_lines, build_module._stream
    in_regions = _recording_reading_order(monkeypatch)

    def recording_group_lines(words, page):
        lines = group_lines(words, page)
        if not alive_at_stream:  # the first grouping (before the last pass)
            first.extend(weakref.ref(line) for line in lines)
        return lines

    def counting_stream(*args, **kwargs):
        gc.collect()
        kept = {id(ref()) for ref in in_regions if ref() is not None}
        alive = [ref() for ref in first if ref() is not None]
        alive_at_stream.append(sum(1 for line in alive if id(line) not in kept))
        kept_at_stream.append(len(alive))
        return stream(*args, **kwargs)

    monkeypatch.setattr(build_module, "group_lines", recording_group_lines)
    monkeypatch.setattr(build_module, "_stream", counting_stream)
    report = build_report(document)
    assert report.blocks and len(first) >= 30 * 5  # a heading and four lines on each page
    assert alive_at_stream == [0]
    assert kept_at_stream[0] < len(first)  # the furniture's lines, at least, are gone


def test_lines_in_reading_order_are_released_before_the_books_close(tmp_path, monkeypatch):
    """The lines of the reading-order regions live in the items made of them, and each item goes
    once it is made into blocks: when the books close (the last step over every word), none of
    those lines is left, only the report's blocks."""
    from rapportanalys.structure import accounting

    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(many_pages(30))
    document = read_pdf(pdf, backend="pdfium", ocr="never")
    alive_at_close: list[int] = []
    close = accounting.Ledger.close
    made = _recording_reading_order(monkeypatch)

    def counting_close(self):
        gc.collect()
        alive_at_close.append(sum(1 for ref in made if ref() is not None))
        return close(self)

    monkeypatch.setattr(accounting.Ledger, "close", counting_close)
    report = build_report(document)
    assert report.blocks and len(made) >= 30 * 4
    assert alive_at_close == [0]


def test_a_pages_flow_is_released_once_the_stream_is_past_it(monkeypatch):
    """Each page's flow (its reading-order regions) goes once its items are made: the lines that
    no item takes, such as the table of contents' entries (posted to ``toc``), must not stay in
    memory while the later pages are made into items. Checked on a real report with a TOC, by
    weak references to its TOC lines, whenever a paragraph run of a later page is assembled."""
    pdf = Path(__file__).parents[1] / "corpus" / "kungalv_trygg-i-kungalv_2023.pdf"
    document = read_pdf(pdf, backend="pdfium", ocr="never")
    toc_lines: list[weakref.ref] = []
    alive_later: list[int] = []
    toc_pages, assemble = build_module.toc_pages, build_module.assemble

    def recording_toc_pages(pages, entries):
        for regions, ids in toc_pages(pages, entries):
            toc_lines.extend(weakref.ref(l) for r in regions for l in r if id(l) in ids)
            yield regions, ids

    def counting_assemble(lines, *args, **kwargs):
        last_toc_page = max((ref().page for ref in toc_lines if ref() is not None), default=None)
        if lines and toc_lines and (last_toc_page is None or lines[0].page > last_toc_page):
            gc.collect()
            alive_later.append(sum(1 for ref in toc_lines if ref() is not None))
        return assemble(lines, *args, **kwargs)

    monkeypatch.setattr(build_module, "toc_pages", recording_toc_pages)
    monkeypatch.setattr(build_module, "assemble", counting_assemble)
    report = build_report(document)
    assert report.source.accounting["toc"] > 0 and len(toc_lines) >= 5
    assert alive_later and set(alive_later) == {0}


def test_paragraphs_are_released_once_made_into_blocks(tmp_path, monkeypatch):
    """The last pass makes each item into blocks as soon as nothing later can change it: the
    lines of the first pages' paragraphs must be gone while the last pages are still being
    assembled, not held with every other item until the whole document is built. Checked by
    weak references to the lines of the paragraphs of pages 1-5 of 30, when page 25 and later
    are assembled."""
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(many_pages(30))
    document = read_pdf(pdf, backend="pdfium", ocr="never")
    early: list[weakref.ref] = []
    alive_late: list[int] = []
    assemble = build_module.assemble

    def recording_assemble(lines, *args, **kwargs):
        if lines and lines[0].page >= 25:
            gc.collect()
            alive_late.append(sum(1 for ref in early if ref() is not None))
        paras = assemble(lines, *args, **kwargs)
        early.extend(weakref.ref(l) for p in paras for l in p.lines if l.page <= 5)
        return paras

    monkeypatch.setattr(build_module, "assemble", recording_assemble)
    report = build_report(document)
    assert report.blocks and len(early) >= 5 * 4  # four lines of body text on each page
    assert alive_late and set(alive_late) == {0}


def test_a_toc_entry_promoted_at_the_end_takes_its_place_among_streamed_blocks():
    """The last pass makes blocks before the whole document's headings are known, so a short
    paragraph that reads as a TOC entry is made into a block and promoted to a heading only at
    the end (when no heading anywhere has the entry's title). Then its block must go and the
    blocks after it be numbered and put in their sections again, as if it had been a heading
    all along: in the Lekeberg title-line variant, "1 Bakgrund och metod" (page 2) is such an
    entry."""
    pdf = Path(__file__).parents[1] / "corpus" / "variants" / "lekeberg_forstudie-trygghet_2022.chromium-titleline.pdf"
    report = build_report(read_pdf(pdf, backend="pdfium", ocr="never"))
    promoted = next(s for s in report.sections if s.title == "Bakgrund och metod")
    assert promoted.number == "1" and promoted.page == 2
    assert not any(b.text == "1 Bakgrund och metod" for b in report.blocks)
    assert [b.id for b in report.blocks] == [f"b{n}" for n in range(1, len(report.blocks) + 1)]
    ids = [s.id for s in report.sections]
    assert all(b.section is None or b.section in ids for b in report.blocks)
    # the blocks after it on its page, up to the next section, are its own
    following = ids[ids.index(promoted.id) + 1]
    under = [b for b in report.blocks if b.section == promoted.id]
    assert under and all(b.page >= 2 for b in under)
    assert all(b.section in (promoted.id, following) for b in report.blocks if b.page == 2 and b.bbox[1] > promoted.bbox[3])


def test_a_long_documents_pages_are_read_back_and_let_go_in_every_pass(tmp_path, monkeypatch):
    """A long document's pages are not kept (issue 14, pages streamed): each pass over them reads
    every page back from the pdfium child's spill file and lets it go before the next. Checked
    with the bound lowered to 10 pages, on 30: by weak references to every Word read of pages
    1-5, in any pass, whenever a page from 20 on is grouped into lines (every pass groups each
    page), none is alive. The headings alone are kept to the end, as their text and box."""
    from rapportanalys.read.spill import SpilledPages

    monkeypatch.setenv("RAPPORTANALYS_STREAM_PAGES", "10")
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(many_pages(30))
    document = read_pdf(pdf, backend="pdfium", ocr="never")
    assert isinstance(document.pages, SpilledPages) and len(document.pages) == 30
    report, early, alive_late = _build_watching_early_words(monkeypatch, document, late_from=20)
    assert report.blocks and len(early) >= 5 * 5 * 20  # five passes over ~45 words on each of five pages
    assert len(alive_late) == 5 * 11  # pages 20-30, in each of the five passes
    assert set(alive_late) == {0}


def test_a_long_document_parses_alike_read_back_or_kept(monkeypatch):
    """Reading the pages back on every pass changes nothing in the report: a real report with a
    table of contents, running headers and footers, tables and rotated text, parsed with its
    pages kept and with them read back (the bound lowered to 1 page), gives the same JSON."""
    from rapportanalys.read.spill import SpilledPages

    pdf = Path(__file__).parents[1] / "corpus" / "variants" / "kungalv_trygg-i-kungalv_2023.chromium-twocol-titleline-tocshared-stamp.pdf"
    kept = read_pdf(pdf, backend="pdfium", ocr="never")
    monkeypatch.setenv("RAPPORTANALYS_STREAM_PAGES", "1")
    spilled = read_pdf(pdf, backend="pdfium", ocr="never")
    assert isinstance(kept.pages, list) and isinstance(spilled.pages, SpilledPages)
    old, new = build_report(kept), build_report(spilled)
    assert old.sections and old.source.accounting["toc"] and old.source.accounting["furniture"]
    assert new.to_dict() == old.to_dict()


def test_headings_kept_to_the_end_let_go_of_their_words(monkeypatch):
    """The headings are kept to the end (their numbering, levels and parents come from all of
    them), as their lines' text and box only: the words of a long report's early headings must
    not keep their pages' words alive. Checked on a real report read back page by page (the
    bound lowered to 1 page): no word of pages 1-5 is alive when the last three pages are
    grouped, in any pass, the last included."""
    pdf = Path(__file__).parents[1] / "corpus" / "kungalv_trygg-i-kungalv_2023.pdf"
    monkeypatch.setenv("RAPPORTANALYS_STREAM_PAGES", "1")
    document = read_pdf(pdf, backend="pdfium", ocr="never")
    last = len(document.pages)
    report, early, alive_late = _build_watching_early_words(monkeypatch, document, late_from=last - 2)
    assert len([s for s in report.sections if s.page <= 5]) >= 3
    assert len(alive_late) == 5 * 3 and set(alive_late) == {0}


def _build_watching_early_words(monkeypatch, document, late_from: int):
    """Build the report, watching the words of pages 1-5 through weak references: returns the
    report, those references, and how many of them were alive (after a collection) each time a
    pass grouped a page from ``late_from`` on."""
    early: list[weakref.ref] = []
    alive_late: list[int] = []
    first_grouping = build_module._first_grouping

    def recording_first_grouping(page):
        if page.number >= late_from:
            gc.collect()
            alive_late.append(sum(1 for ref in early if ref() is not None))
        if page.number <= 5:
            early.extend(weakref.ref(w) for w in page.words)
        return first_grouping(page)

    monkeypatch.setattr(build_module, "_first_grouping", recording_first_grouping)
    return build_report(document), early, alive_late
