"""Borderless tables from aligned columns (structure/borderless.py), on lines made here."""
from rapportanalys.read import Word
from rapportanalys.structure.borderless import find_tables
from rapportanalys.structure.layout import group_lines


def _line(cells, top, bold=False):
    words = []
    for x, text in cells:
        for token in text.split():
            words.append(Word(token, x, top, x + 6 * len(token), top + 11, "Helvetica", 11.0, bold, False))
            x += 6 * len(token) + 3
    return words


def _lines(rows):
    words = [w for i, (cells, bold) in enumerate(rows) for w in _line(cells, 100 + 13 * i, bold)]
    return group_lines(words, 1)


def test_a_bold_header_over_aligned_rows_is_a_table():
    lines = _lines([
        ([(70, "Vid större åtgärder byts fönstren.")], False),
        ([(77, "Förvaltning/Bolag"), (200, "Ansvarig"), (330, "Tidsplan")], True),
        ([(70, "Kommunledningsförv"), (200, "Teknisk chef"), (330, "31 maj 2026")], False),
        ([(70, "Miljöförbundet")], False),
        ([(70, "Utbildningsförvaltningen"), (200, "Genom KLF"), (330, "31 maj 2026")], False),
        ([(70, "En mening som löper över hela bredden av spalten och är text.")], False),
    ])
    [(start, end, table)] = find_tables(lines)
    assert (start, end) == (1, 5)
    assert [h.text for h in table.header] == ["Förvaltning/Bolag", "Ansvarig", "Tidsplan"]
    assert [[c.text if c else None for c in row] for row in table.rows] == [
        ["Kommunledningsförv", "Teknisk chef", "31 maj 2026"], ["Miljöförbundet", None, None],
        ["Utbildningsförvaltningen", "Genom KLF", "31 maj 2026"]]


def test_aligned_lines_without_a_bold_header_are_no_table():
    lines = _lines([
        ([(70, "Datum"), (200, "2020-04-21")], False),
        ([(70, "Diarienummer"), (200, "KS 2020/0357")], False),
        ([(70, "Handläggare"), (200, "Anna Svensson")], False),
    ])
    assert find_tables(lines) == []
