"""Tables compared cell by cell: aligned by row label and column header, each changed cell a
figure change with its row, column, unit and a difference at the printed precision."""
from rapportanalys.compare import compare
from rapportanalys.model import Block, Report, Section, Source
from rapportanalys.present import views
from rapportanalys.present.html import compare_html
from rapportanalys.present.text import compare_text

HEADER = ["Nämnd", "Budget 2023", "Utfall 2023", "Avvikelse"]
ROWS = [
    ["Kommunstyrelsen", "4,823", "4,823", "0,000"],
    ["Barn- och utbildningsnämnden", "12,410", "12,395", "0,015"],
    ["Socialnämnden", "8,120", "8,210", "-0,090"],
    ["Tekniska nämnden", "3,300", "3,300", "0,000"],
]


def _report(name, rows, caption="Tabell 1. Driftredovisning per nämnd, mnkr", header=HEADER, order=None):
    blocks = [Block("b0", "paragraph", "Nämndernas ekonomi följs upp varje månad under året.", "s1", 1, (0, 0, 1, 1)),
              Block("b1", "caption", caption, "s1", 1, (0, 0, 1, 1))]
    table = [header] + [rows[k] for k in (order or range(len(rows)))]
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            blocks.append(Block(f"c{r}_{c}", "table_cell", text, "s1", 1, (c, r, c + 1, r + 1),
                                table="t1", row=r, col=c, header=r == 0))
    return Report(Source(name, name * 64, 1), sections=[Section("s1", "2", "Ekonomi", 1, None, 1)], blocks=blocks)


def _changed(rows, r, c, value):
    out = [list(row) for row in rows]
    out[r][c] = value
    return out


def test_a_table_changed_in_one_cell_gives_exactly_that_cell():
    result = compare(_report("a", ROWS), _report("b", _changed(ROWS, 0, 2, "4,827")))
    changes = [c for p in result.passages for c in p.figure_changes]
    assert len(changes) == 1
    c = changes[0]
    assert (c.old, c.new, c.row, c.column, c.unit) == ("4,823", "4,827", "Kommunstyrelsen", "Utfall 2023", "mnkr")
    assert c.difference == 0.004 and c.precision == 3
    statuses = [p.status for p in result.passages if p.new and p.new.blocks[0].startswith("c")]
    assert statuses.count("figures_updated") == 1 and statuses.count("unchanged") == len(statuses) - 1


def test_the_difference_is_shown_at_the_printed_precision():
    result = compare(_report("a", ROWS), _report("b", _changed(ROWS, 0, 2, "4,827")))
    frame = views.figure_changes_frame(result)
    assert frame.iloc[0]["Skillnad"] == "+0,004" and frame.iloc[0]["Rad"] == "Kommunstyrelsen"
    assert "+0,004" in compare_html(result) and "(+0,004)" in compare_text(result)


def test_reordered_rows_are_matched_by_their_label():
    new_rows = _changed(ROWS, 2, 1, "8,150")
    result = compare(_report("a", ROWS), _report("b", new_rows, order=[3, 2, 1, 0]))
    changes = [c for p in result.passages for c in p.figure_changes]
    assert [(c.row, c.column, c.old, c.new) for c in changes] == [("Socialnämnden", "Budget 2023", "8,120", "8,150")]


def test_a_shifted_year_column_is_not_compared_with_another_year():
    """2022 | 2023 last year, 2023 | 2024 this year, the editions' years unknown: only the 2023
    column is the same column."""
    header_old = ["Nyckeltal", "2022", "2023"]
    header_new = ["Nyckeltal", "2023", "2024"]
    old_rows = [["Nettokostnad per invånare, kr", "51 200", "53 100"], ["Andel i egen regi, %", "71", "72"]]
    new_rows = [["Nettokostnad per invånare, kr", "53 400", "55 000"], ["Andel i egen regi, %", "72", "74"]]
    result = compare(_report("a", old_rows, "Nyckeltal", header_old), _report("b", new_rows, "Nyckeltal", header_new))
    changes = [(c.row, c.column, c.old, c.new, c.unit) for p in result.passages for c in p.figure_changes]
    assert changes == [("Nettokostnad per invånare, kr", "2023", "53 100", "53 400", "kr")]


def test_with_the_editions_years_a_column_is_read_relative_to_its_edition():
    """In the 2023 edition "2023" is this year's figure, in the 2024 edition "2024" is: a
    reader of two editions compares this year's with this year's."""
    header_old, header_new = ["Nyckeltal", "2022", "2023"], ["Nyckeltal", "2023", "2024"]
    old_rows = [["Nettokostnad per invånare, kr", "51 200", "53 100"]]
    new_rows = [["Nettokostnad per invånare, kr", "53 100", "55 000"]]
    old, new = _report("a", old_rows, "Nyckeltal", header_old), _report("b", new_rows, "Nyckeltal", header_new)
    old.metadata.year, new.metadata.year = 2023, 2024
    changes = [(c.column, c.old, c.new) for p in compare(old, new).passages for c in p.figure_changes]
    assert changes == [("2023", "51 200", "53 100"), ("2024", "53 100", "55 000")]


def test_the_unit_comes_from_a_header_when_the_caption_has_none():
    header = ["Nämnd", "Budget (tkr)", "Utfall (tkr)", "Avvikelse (tkr)"]
    result = compare(_report("a", ROWS, "Driftredovisning", header),
                     _report("b", _changed(ROWS, 1, 2, "12,398"), "Driftredovisning", header))
    [c] = [c for p in result.passages for c in p.figure_changes]
    assert c.unit == "tkr" and c.row == "Barn- och utbildningsnämnden"
