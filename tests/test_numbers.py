"""Swedish numbers in running text (extract/numbers.py)."""
import pytest

from rapportanalys.extract.numbers import find_numbers, mask_numbers, parse_number


@pytest.mark.parametrize("raw,value", [("5 176", 5176), ("1,7", 1.7), ("37.8", 37.8), ("100\u00a0000", 100000),
                                       ("1 405", 1405), ("0,67", 0.67)])
def test_parse_number(raw, value):
    assert parse_number(raw) == pytest.approx(value)


def test_kinds_and_values():
    spans = find_numbers("Under 2023 var det 1,7 procent mot riket 3,4 %, 89 (80) anmälningar, "
                         "nio nya företag (Dnr KS 2020/0357) den 2024-02-20, lag (2023:196), 2016-2020, avsnitt 4.1.2")
    got = [(s.raw, s.value, s.kind, s.previous) for s in spans]
    assert got == [
        ("2023", 2023, "year", None), ("1,7 procent", 1.7, "percent", None), ("3,4 %", 3.4, "percent", None),
        ("89 (80)", 89, "number", 80), ("nio", 9, "word", None), ("KS 2020/0357", None, "dnr", None),
        ("2024-02-20", None, "date", None), ("2023:196", None, "law", None), ("2016-2020", None, "range", None),
        ("4.1.2", None, "section", None),
    ]


def test_articles_are_not_numbers():
    assert find_numbers("en person och ett barn") == []


def test_mask_makes_figure_updates_equal():
    a = "Långtidsarbetslösheten i Kungälv under 2022 var 1,9 procent. Riket hade 3,8 procent."
    b = "Långtidsarbetslösheten i Kungälv under 2023 var 1,7 procent. Riket hade 3,4 procent."
    assert mask_numbers(a) == mask_numbers(b) != a


def test_a_text_without_digits_is_searched_for_number_words_alone(monkeypatch):
    """Only number words need no digit: a sentence without one never goes through the whole
    number pattern (two thirds of the sentences figures asks about), and gets the same spans,
    articles left out and references kept."""
    import re

    from rapportanalys.extract import numbers

    text = "Tre medarbetare, två revisorer och en nämndsekreterare; NIO nya företag, sidan fem"
    expected = [(s.start, s.end, s.raw, s.value, s.kind, s.reference) for s in find_numbers(text + " 1")][:-1]

    class Untouchable:
        def finditer(self, text):
            raise AssertionError(f"the whole pattern ran on {text!r}")

        match = finditer

    monkeypatch.setattr(numbers, "_TOKEN", Untouchable())
    monkeypatch.setattr(numbers, "_MISPRINTED", Untouchable())
    got = [(s.start, s.end, s.raw, s.value, s.kind, s.reference) for s in find_numbers(text)]
    assert got == expected
    assert [raw for _, _, raw, *_ in got] == ["Tre", "två", "en", "NIO", "fem"]
    assert re.search(r"\d", text) is None
