"""The project's one sentence splitter (extract/sentences.py), as figures and compare use it."""
import pytest

from rapportanalys.extract.sentences import sentence_texts, sentences


@pytest.mark.parametrize("text,expected", [
    ("Insatser bl.a. för unga. Arbetet t.ex. med polisen fortsätter. Nästa mening",
     ["Insatser bl.a. för unga.", "Arbetet t.ex. med polisen fortsätter.", "Nästa mening"]),
    ("Samverkan med polisen m.fl. Vidare har vi arbetat.", ["Samverkan med polisen m.fl.", "Vidare har vi arbetat."]),
    ("Enligt A. Svensson är det bra. Så är det.", ["Enligt A. Svensson är det bra.", "Så är det."]),
    ("1. Tidiga insatser för barn", ["1. Tidiga insatser för barn"]),
    ("Principen: 1. Tänk om", ["Principen: 1. Tänk om"]),
    ("• Första punkten\n• Andra punkten", ["Första punkten", "Andra punkten"]),
    ("Så här. • En punkt • Nästa punkt", ["Så här.", "En punkt", "Nästa punkt"]),
    ("Utfallet var 1,7 procent. 2023 var det 1,9 procent.", ["Utfallet var 1,7 procent.", "2023 var det 1,9 procent."]),
    ("Han sa ”Klart.” Sedan gick han.", ["Han sa ”Klart.”", "Sedan gick han."]),
    ("- 2,7 % i år", ["2,7 % i år"]),
    ("", []),
])
def test_sentences(text, expected):
    assert sentence_texts(text) == expected


def test_offsets_point_into_the_text():
    text = "  Första meningen här.  Andra meningen där.\n\n• Tredje "
    for start, end in sentences(text):
        assert text[start:end] == text[start:end].strip() and text[start:end]


def test_the_callers_abbreviations_are_used():
    text = "Se prop. Regeringen föreslår detta."
    assert len(sentence_texts(text)) == 1  # "prop." is a default abbreviation
    assert len(sentence_texts(text, frozenset())) == 2
