"""Hand-written rules of the `sv_rapportanalys` pipeline: tokenizer exceptions, the
thousands-separator rule and the entity patterns.

Why rules at all: the statistical components are trained on novels, textbooks, news
and Wikipedia (UD Talbanken, UD PUD, a news NER corpus). Municipal follow-up reports
write things those corpora rarely show: "prop. 2019/20:1", "Dnr KS 2020/0357",
"5 176 exemplar", "Socialnämnden", "Kungälvs kommun". These rules cover them
deterministically.

Everything here is applied while the pipeline is *built* (`models/train.py`) and then
saved inside the pipeline (tokenizer special cases, attribute_ruler and entity_ruler
patterns). Loading the shipped pipeline needs only spaCy: no code from this file,
no download.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

REPO = Path(__file__).resolve().parents[1]
MUNICIPALITIES_FILE = REPO / "src" / "rapportanalys" / "data" / "municipalities.txt"

# --------------------------------------------------------------------------------------
# Tokenizer exceptions
# --------------------------------------------------------------------------------------

# Abbreviations that end in a period but do not end a sentence. spaCy's Swedish
# tokenizer already keeps some of them whole ("bl.a.", "t.ex.", "m.fl."); adding them
# all explicitly makes the behaviour independent of spaCy's built-in list. Without a
# special case, "prop." becomes "prop" + "." and the period looks like a sentence end.
ABBREVIATIONS = [
    "bl.a.", "t.ex.", "prop.", "kap.", "resp.", "m.fl.", "t.o.m.", "fr.o.m.",
    "ca.", "st.", "s.k.", "dnr.", "m.m.", "o.s.v.", "osv.", "d.v.s.", "dvs.",
    "etc.", "inkl.", "exkl.", "jfr.", "enl.", "p.g.a.", "pga.", "f.d.", "nr.", "ev.",
    "milj.", "mdr.", "forts.", "s.", "sid.", "kl.", "tf.",
]
# Abbreviations written without a final period: one token even without a special
# case, listed so that the whole set the reports use is in one place.
ABBREVIATIONS_NO_PERIOD = ["ca", "dnr", "jfr", "tkr", "mnkr", "mdkr", "nr"]
# Written in capitals by convention ("Dnr KS 2019/0202").
CASED_ABBREVIATIONS = ["Dnr", "Dnr.", "DNR"]


def abbreviation_forms() -> list[str]:
    """Every abbreviation in lower case and with its first letter capitalised
    (sentence-initial "Bl.a." and "T.ex." are common)."""
    forms: list[str] = []
    for abbreviation in ABBREVIATIONS + ABBREVIATIONS_NO_PERIOD:
        for form in (abbreviation, abbreviation[0].upper() + abbreviation[1:]):
            if form not in forms:
                forms.append(form)
    return forms + [f for f in CASED_ABBREVIATIONS if f not in forms]


# spaCy's Swedish exceptions keep "kr." whole. Reports write "kr" without a period
# ("1 250 kr"), so "kr." is nearly always "kr" at the end of a sentence: splitting the
# period off lets it end the sentence.
REMOVED_SPECIAL_CASES = ["kr.", "Kr."]


def add_tokenizer_exceptions(nlp: Language) -> None:
    """Keep each abbreviation as one token (a special case is stored with the
    tokenizer, so it is saved and loaded with the pipeline)."""
    rules = nlp.tokenizer.rules or {}
    nlp.tokenizer.rules = {k: v for k, v in rules.items() if k not in REMOVED_SPECIAL_CASES}
    for form in abbreviation_forms():
        nlp.tokenizer.add_special_case(form, [{ORTH: form}])


# --------------------------------------------------------------------------------------
# Numbers with thousands separators: "1 250", "5 176", "1 250 000", "12 500,50"
# --------------------------------------------------------------------------------------
#
# spaCy's tokenizer always splits at whitespace, so "1 250" cannot be one token by a
# tokenizer rule. The treebanks write such numbers as one token ("5 000"), and so must
# we. Only spaCy's own components survive `spacy.load` without our code, so the rule
# is built from three of them, placed first in the pipeline:
#
#   thousands_marker (attribute_ruler): marks every part of such a number but the last
#       with the dependency label "subtok", and every other token with "dep". (The
#       label on every token is needed because `merge_subtokens` refuses to run on a
#       document without any dependency labels.)
#   thousands_merger (merge_subtokens): merges each run of "subtok" tokens with the
#       token after it.
#   thousands_reset (attribute_ruler): clears the placeholder labels and the sentence
#       starts the merge derived from them, so the parser starts from a clean document.
#
# The components are declared in the training configs (models/config_*.cfg); their
# patterns are added by the `[initialize.after_init]` callback below.

# The space between groups may be a plain space (then it is the token's trailing
# whitespace) or a no-break/thin space, which spaCy makes a token of its own.
GROUP_SPACES = ["\u00a0", "\u202f", "\u2009"]
_FIRST_GROUP = {"TEXT": {"REGEX": r"^[-\u2212]?\d{1,3}$"}, "SPACY": True}
_NEXT_GROUP = {"TEXT": {"REGEX": r"^\d{3}$"}, "SPACY": True}
_LAST_GROUP = {"TEXT": {"REGEX": r"^\d{3}(,\d+)?$"}}
_GROUP_SPACE = {"ORTH": {"IN": GROUP_SPACES}}


def thousands_marker_patterns() -> list[dict]:
    """attribute_ruler patterns for `thousands_marker` (later patterns win)."""
    patterns: list[dict] = [{"patterns": [[{}]], "attrs": {"DEP": "dep"}}]
    # Plain spaces: "1 250", "1 250 000" (each group followed by a space and a group).
    for first in (_FIRST_GROUP, _NEXT_GROUP):
        patterns.append({"patterns": [[first, _LAST_GROUP]], "attrs": {"DEP": "subtok"}, "index": 0})
    # No-break or thin spaces: "5\u00a0176" is three tokens, mark the first two.
    first_nb = {"TEXT": _FIRST_GROUP["TEXT"]}
    next_nb = {"TEXT": _NEXT_GROUP["TEXT"]}
    for first in (first_nb, next_nb):
        for index in (0, 1):
            patterns.append(
                {"patterns": [[first, _GROUP_SPACE, _LAST_GROUP]], "attrs": {"DEP": "subtok"}, "index": index}
            )
    return patterns


def thousands_reset_patterns() -> list[dict]:
    """attribute_ruler patterns for `thousands_reset`: no dependency label, no
    sentence start on any token."""
    return [{"patterns": [[{}]], "attrs": {"DEP": "", "SENT_START": 0}}]


def fill_thousands_components(nlp: Language) -> None:
    """Give the thousands components created from a training config their patterns
    (attribute_ruler.initialize() empties them, so this runs after initialisation)."""
    nlp.get_pipe("thousands_marker").add_patterns(thousands_marker_patterns())
    nlp.get_pipe("thousands_reset").add_patterns(thousands_reset_patterns())


@spacy.registry.callbacks("rapportanalys.pipeline_rules.v1")
def create_pipeline_rules_callback():
    """`[initialize.after_init]` callback of the training configs: the same tokenizer
    exceptions and thousands rule at training time as in the shipped pipeline."""

    def apply_rules(nlp: Language) -> Language:
        add_tokenizer_exceptions(nlp)
        if "thousands_marker" in nlp.pipe_names:
            fill_thousands_components(nlp)
        return nlp

    return apply_rules


# --------------------------------------------------------------------------------------
# Entity patterns
# --------------------------------------------------------------------------------------
#
# Labels follow the NER training corpus (PER, ORG, LOC, MISC). The municipality as an
# authority ("Kungälvs kommun", "Göteborgs Stad") is ORG; the place ("Kungälv") is LOC.
#
# Two rulers: `entity_ruler` runs before the statistical NER with multi-word or
# unambiguous names, which the NER then respects. Bare place names are ambiguous
# ("Lund" is also a surname, "Mora" a word in "Anders Mora"), so they go to
# `place_ruler` after the NER, which only fills in what the NER left unlabelled.

# Official genitives that do not follow the rule below ("Falu kommun", "Kalmar kommun").
IRREGULAR_GENITIVES = {"Falun": "Falu", "Kalmar": "Kalmar"}
# Municipality names that are also ordinary Swedish words ("mark", "vara", "kil",
# "berg", "boden", "klippan", "säter"): as bare words they are not marked as places.
AMBIGUOUS_PLACE_NAMES = {"Mark", "Vara", "Kil", "Berg", "Boden", "Klippan", "Säter"}

REGIONS = [
    "Region Stockholm", "Region Uppsala", "Region Sörmland", "Region Östergötland",
    "Region Jönköpings län", "Region Kronoberg", "Region Kalmar län", "Region Gotland",
    "Region Blekinge", "Region Skåne", "Region Halland", "Västra Götalandsregionen",
    "Region Värmland", "Region Örebro län", "Region Västmanland", "Region Dalarna",
    "Region Gävleborg", "Region Västernorrland", "Region Jämtland Härjedalen",
    "Region Västerbotten", "Region Norrbotten",
]
COUNTIES = [
    "Stockholms län", "Uppsala län", "Södermanlands län", "Östergötlands län",
    "Jönköpings län", "Kronobergs län", "Kalmar län", "Gotlands län", "Blekinge län",
    "Skåne län", "Hallands län", "Västra Götalands län", "Värmlands län", "Örebro län",
    "Västmanlands län", "Dalarnas län", "Gävleborgs län", "Västernorrlands län",
    "Jämtlands län", "Västerbottens län", "Norrbottens län",
]
# Provinces and regions named without "län"/"Region" ("i Skåne", "i Västra Götaland").
PROVINCES = [
    "Sörmland", "Södermanland", "Östergötland", "Kronoberg", "Blekinge", "Skåne",
    "Halland", "Västra Götaland", "Värmland", "Västmanland", "Dalarna", "Gävleborg",
    "Västernorrland", "Jämtland", "Västerbotten", "Norrbotten", "Uppland", "Småland",
    "Bohuslän", "Dalsland", "Hälsingland", "Medelpad", "Ångermanland", "Lappland",
    "Närke", "Gästrikland", "Västergötland",
]
# Government agencies and national bodies that municipal reports cite, full name and
# abbreviation.
AGENCIES = [
    "Polisen", "Polismyndigheten", "Brå", "BRÅ", "Brottsförebyggande rådet", "SKR",
    "Sveriges Kommuner och Regioner", "SKL", "Sveriges Kommuner och Landsting", "MSB",
    "Myndigheten för samhällsskydd och beredskap", "Socialstyrelsen", "SCB",
    "Statistiska centralbyrån", "Skolverket", "Skolinspektionen", "Försäkringskassan",
    "Arbetsförmedlingen", "Länsstyrelsen", "Länsstyrelserna", "Folkhälsomyndigheten",
    "Boverket", "Naturvårdsverket", "Trafikverket", "Kriminalvården", "Migrationsverket",
    "Skatteverket", "Energimyndigheten", "Inspektionen för vård och omsorg", "IVO",
    "Kronofogden", "Kronofogdemyndigheten", "Tillväxtverket", "Jämställdhetsmyndigheten",
    "Riksdagen", "Regeringen", "Regeringskansliet", "Riksrevisionen",
    "Ekonomistyrningsverket", "ESV", "Upphandlingsmyndigheten",
    "Myndigheten för digital förvaltning", "DIGG", "Statens institutionsstyrelse", "SiS",
    "Åklagarmyndigheten", "Tullverket", "Kustbevakningen", "Försvarsmakten",
    "Lantmäteriet", "Livsmedelsverket", "Konsumentverket", "Barnombudsmannen",
    "Diskrimineringsombudsmannen", "Myndigheten för ungdoms- och civilsamhällesfrågor",
    "MUCF", "Arbetsmiljöverket", "Havs- och vattenmyndigheten", "Kammarkollegiet",
    "Pensionsmyndigheten", "E-hälsomyndigheten", "Läkemedelsverket",
    "Specialpedagogiska skolmyndigheten", "SPSM", "Vinnova", "Sametinget",
    "Kommuninvest", "Räddningsverket", "Länsförsäkringar",
]


def load_municipalities(path: Path = MUNICIPALITIES_FILE) -> list[str]:
    """The 290 municipality names, one per line in `path`."""
    names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(names) != 290 or len(set(names)) != 290:
        raise ValueError(f"{path}: expected 290 distinct municipality names, found {len(names)}")
    return names


def genitive(name: str) -> str:
    """Swedish genitive of a proper name: "Kungälv" → "Kungälvs", but no extra s
    after s, x, z or a vowel ("Borås kommun", "Umeå kommun"), as in the official
    municipality names."""
    if name in IRREGULAR_GENITIVES:
        return IRREGULAR_GENITIVES[name]
    return name if name[-1].lower() in "sxzaeiouyåäö" else name + "s"


def genitive_of_phrase(phrase: str) -> str:
    """Genitive of a multi-word name: on its last word, ":s" after an abbreviation
    ("SKR:s", "Brå:s", "SiS:s"), otherwise as `genitive` ("Region Skånes")."""
    head, _, last = phrase.rpartition(" ")
    if last.isupper() or (len(last) <= 4 and last[0].isupper() and not head):
        last_gen = last + ":s"
    elif last[-1].lower() in "sxz":
        last_gen = last
    else:
        last_gen = last + "s"
    return f"{head} {last_gen}".strip()


def _token_pattern_for_suffix(suffix: str) -> list[dict]:
    # A compound ending in the suffix, with at least two letters before it, so that
    # "Socialnämnden" and "kommunstyrelsens" match but plain "nämnden" does not.
    return [{"LOWER": {"REGEX": rf"^[a-zåäöéü][a-zåäöéü-]+{suffix}s?$"}}]


def _orth_pattern(tokens: list[str]) -> list[dict]:
    return [{"ORTH": token} for token in tokens]


def entity_ruler_patterns(names: list[str], tokenize: Callable[[str], list[str]]) -> list[dict]:
    """Patterns for the `entity_ruler` that runs before the statistical NER.

    All are token patterns, none are phrase patterns: spaCy builds phrase patterns by
    running the pipeline on them, which would make loading the pipeline slow."""
    patterns: list[dict] = []

    def names_then(label: str, forms: Iterable[str], last: list[dict]) -> None:
        # One pattern for all single-token forms, one per multi-token form.
        single, multi = [], []
        for form in dict.fromkeys(forms):
            tokens = tokenize(form)
            (single if len(tokens) == 1 else multi).append(tokens)
        if single:
            patterns.append({"label": label, "pattern": [{"ORTH": {"IN": [t[0] for t in single]}}] + last})
        for tokens in multi:
            patterns.append({"label": label, "pattern": _orth_pattern(tokens) + last})

    def phrase(label: str, text: str) -> None:
        patterns.append({"label": label, "pattern": _orth_pattern(tokenize(text))})

    # "Kungälvs kommun", "Kungälvs kommuns", "Göteborgs Stad", "Malmö stad", and the
    # forms without the genitive s, which are written too ("Kungälv kommun").
    municipal_nouns = [{"LOWER": {"IN": ["kommun", "kommuns", "stad", "stads"]}}]
    names_then("ORG", [form for name in names for form in (genitive(name), name)], municipal_nouns)
    for region in REGIONS:
        phrase("ORG", region)
        phrase("ORG", genitive_of_phrase(region))
    for county in COUNTIES:
        phrase("LOC", county)
        phrase("ORG", f"Länsstyrelsen i {county}")
        phrase("ORG", f"Länsstyrelsen i {genitive_of_phrase(county)}")
    for province in PROVINCES:
        phrase("ORG", f"Länsstyrelsen {province}")
        phrase("ORG", f"Region {province}")
    for agency in AGENCIES:
        phrase("ORG", agency)
        phrase("ORG", genitive_of_phrase(agency))
    # Municipal bodies: "Socialnämnden", "Kommunstyrelsen", "Miljöförvaltningen",
    # "Barn- och utbildningsnämnden", "Kommunfullmäktige", "Nämnden för Intraservice".
    for suffix in ("nämnden", "förvaltningen", "styrelsen"):
        patterns.append({"label": "ORG", "pattern": _token_pattern_for_suffix(suffix)})
        patterns.append(
            {
                "label": "ORG",
                "pattern": [{"TEXT": {"REGEX": r"^\w+-$"}}, {"LOWER": "och"}] + _token_pattern_for_suffix(suffix),
            }
        )
    patterns.append({"label": "ORG", "pattern": [{"LOWER": {"REGEX": r"^(kommun|region)fullmäktiges?$"}}]})
    patterns.append(
        {"label": "ORG", "pattern": [{"LOWER": "nämnden"}, {"LOWER": "för"}, {"IS_TITLE": True, "OP": "+"}]}
    )
    return patterns


def place_ruler_patterns(names: list[str], tokenize: Callable[[str], list[str]]) -> list[dict]:
    """Patterns for the `place_ruler` after the NER: bare municipality and province
    names (and their genitives) as LOC, where the NER found nothing."""
    forms = [
        form
        for name in names + PROVINCES
        if name not in AMBIGUOUS_PLACE_NAMES
        for form in (name, genitive(name))
    ]
    single, patterns = [], []
    for form in dict.fromkeys(forms):
        tokens = tokenize(form)
        if len(tokens) == 1:
            single.append(tokens[0])
        else:
            patterns.append({"label": "LOC", "pattern": _orth_pattern(tokens)})
    return [{"label": "LOC", "pattern": [{"ORTH": {"IN": single}}]}] + patterns


def add_entity_rulers(nlp: Language, names: list[str]) -> None:
    """Add `entity_ruler` before and `place_ruler` after the `ner` component."""
    def tokenize(text: str) -> list[str]:
        return [token.text for token in nlp.make_doc(text)]

    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False, "validate": True})
    ruler.add_patterns(entity_ruler_patterns(names, tokenize))
    places = nlp.add_pipe(
        "entity_ruler", name="place_ruler", after="ner", config={"overwrite_ents": False, "validate": True}
    )
    places.add_patterns(place_ruler_patterns(names, tokenize))
