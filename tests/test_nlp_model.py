"""The shipped Swedish pipeline `models/sv_rapportanalys` (built by models/train.py).

What rapportanalys relies on: it loads from the repository with spaCy alone (no
network, no lookups package, none of our build code), keeps municipal abbreviations
inside sentences, keeps numbers with thousands separators whole, finds municipalities,
regions and municipal bodies, and lemmatizes common words.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

MODEL = Path(__file__).resolve().parents[1] / "models" / "sv_rapportanalys"


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(MODEL)


def test_loads_with_spacy_alone_and_no_network(tmp_path):
    # A fresh interpreter whose sockets fail, outside the repository, with nothing
    # of ours importable: loading and running must still work.
    script = f"""
import socket, sys
def no_network(*args, **kwargs):
    raise RuntimeError("network access attempted")
socket.socket.connect = socket.socket.connect_ex = no_network
socket.create_connection = socket.getaddrinfo = no_network
import spacy
nlp = spacy.load({str(MODEL)!r})
doc = nlp("Kungälvs kommun har 1 250 invånare.")
print(len(doc), "spacy_lookups_data" in sys.modules, "nlp_rules" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    n_tokens, lookups_imported, our_code_imported = result.stdout.split()
    assert int(n_tokens) == 6
    assert lookups_imported == "False"
    assert our_code_imported == "False"


def test_meta_records_licence_and_sources():
    meta = json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC BY-SA 4.0"
    assert any("Talbanken" in source["name"] for source in meta["sources"])
    assert all(source.get("license") for source in meta["sources"])


@pytest.mark.parametrize(
    "first, second, abbreviation",
    [
        ("Kommunen har bl.a. genomfört utbildningar för personalen.", "Arbetet fortsätter under 2024.", "bl.a."),
        ("Nämnden ska t.ex. redovisa kostnaderna per verksamhet.", "Redovisningen sker varje år.", "t.ex."),
        ("Enligt prop. 2019/20:1 ska kommunerna redovisa kostnaderna.", "Detta gäller från 2021.", "prop."),
        ("Ärendet har Dnr KS 2020/0357 och behandlades i mars.", "Beslutet överklagades inte.", "Dnr"),
    ],
)
def test_abbreviations_stay_inside_sentences(nlp, first, second, abbreviation):
    doc = nlp(f"{first} {second}")
    assert abbreviation in [token.text for token in doc]
    assert [sent.text for sent in doc.sents] == [first, second]


@pytest.mark.parametrize(
    "text, number",
    [
        ("Under året fick 1 250 hushåll ekonomiskt bistånd.", "1 250"),
        ("Biblioteken lånade ut 5\u00a0176 exemplar.", "5\u00a0176"),
        ("Kostnaden blev 1 250 000 kronor.", "1 250 000"),
        ("Budgeten är 12 500,5 miljoner kronor.", "12 500,5"),
    ],
)
def test_numbers_with_thousands_separators_are_one_token(nlp, text, number):
    doc = nlp(text)
    assert number in [token.text for token in doc]
    # The merged number is an ordinary token: tagged, parsed, not a sentence start.
    token = next(token for token in doc if token.text == number)
    assert token.pos_ == "NUM"
    assert not token.is_sent_start
    assert len(list(doc.sents)) == 1


def test_year_followed_by_a_number_is_not_merged(nlp):
    doc = nlp("År 2023 fick 250 hushåll stöd.")
    assert ["2023", "250"] == [token.text for token in doc if token.like_num]


@pytest.mark.parametrize(
    "entity, label",
    [
        ("Kungälvs kommun", "ORG"),
        ("Region Skåne", "ORG"),
        ("Socialnämnden", "ORG"),
        ("Brottsförebyggande rådet", "ORG"),
        ("Barn- och utbildningsnämnden", "ORG"),
    ],
)
def test_municipal_entities(nlp, entity, label):
    doc = nlp(
        "Kungälvs kommun och Region Skåne har tillsammans med Socialnämnden, "
        "Barn- och utbildningsnämnden och Brottsförebyggande rådet tagit fram en ny plan."
    )
    assert (entity, label) in [(ent.text, ent.label_) for ent in doc.ents]


def test_bare_municipality_name_is_a_place(nlp):
    doc = nlp("Trygghetsvandringar genomfördes i Kungälv under hösten.")
    assert ("Kungälv", "LOC") in [(ent.text, ent.label_) for ent in doc.ents]


@pytest.mark.parametrize(
    "word, lemma",
    [
        ("Kommunerna", "kommun"),
        ("har", "ha"),
        ("genomfört", "genomföra"),
        ("åtgärder", "åtgärd"),
        ("året", "år"),
        ("barnen", "barn"),
        ("är", "vara"),
        ("skolan", "skola"),
    ],
)
def test_lemmas_of_common_words(nlp, word, lemma):
    doc = nlp("Kommunerna har genomfört flera åtgärder under året och barnen är nöjda med skolan.")
    assert {token.text: token.lemma_ for token in doc}[word] == lemma


def test_loading_walks_each_entry_point_group_once():
    """spaCy's registries ask catalogue for their entry points on every lookup (154 times per
    load, each a walk over every installed package's entry points); ``rapportanalys.nlp.load``
    answers each group once, with the same entry points, and the pipeline works the same."""
    root = Path(__file__).resolve().parents[1]
    script = """
import catalogue
from rapportanalys import nlp
walks, answers = [], {}
original = catalogue.AVAILABLE_ENTRY_POINTS
class Counting:
    def select(self, **params):
        walks.append(params["group"])
        return original.select(**params)
catalogue.AVAILABLE_ENTRY_POINTS = Counting()
pipeline = nlp.load(exclude=("entity_ruler", "ner", "place_ruler"))
same = all(list(catalogue.AVAILABLE_ENTRY_POINTS.select(group=g)) == list(original.select(group=g)) for g in set(walks))
print(len(walks), len(set(walks)), same, len(pipeline("Kungälvs kommun har 1 250 invånare.")))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env={**__import__("os").environ, "PYTHONPATH": str(root / "src")})
    walks, groups, same, n_tokens = result.stdout.split()
    assert int(walks) == int(groups) > 0
    assert same == "True"
    assert int(n_tokens) == 6
