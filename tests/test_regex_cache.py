"""The compiled-expression cache (regex_cache.py): a pattern built from a stored code is the
pattern ``re`` compiles, ``re.compile`` finds it without compiling, and a bad entry is a miss."""
from __future__ import annotations

import marshal
import re

import pytest

from rapportanalys import regex_cache

# a tokenizer-like expression: alternatives of long character classes, a group, a lookahead
PATTERN = r"(?<=[0-9])[+\-\*^](?=[0-9-])|(?<=[a-zåäö" + "".join(chr(c) for c in range(0x400, 0x4ff)) \
    + r"])\.(?=[A-ZÅÄÖ])|(?P<dash>--+|—)|^[\[\(\"'«]"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RAPPORTANALYS_REGEX_CACHE", str(tmp_path))
    re.purge()
    yield tmp_path
    re.purge()


def _entries(folder):
    return list(folder.glob("*.marshal"))


def test_a_stored_pattern_is_the_compiled_one_and_re_finds_it(cache, monkeypatch):
    assert not regex_cache.preload("key")  # nothing stored yet: a miss
    regex_cache.store("key", [(PATTERN, 0)])
    assert len(_entries(cache)) == 1
    re.purge()
    assert regex_cache.preload("key")

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(re._compiler, "compile", no_compiling)
    found = re.compile(PATTERN)  # what spaCy's tokenizer does on loading
    monkeypatch.undo()
    compiled = re._compiler.compile(PATTERN, 0)
    assert found == compiled  # the same expression, flags and engine code
    text = "3-4 och ж.Б -- «citat»"
    assert [m.span() for m in found.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert found.groupindex == compiled.groupindex


def test_another_key_or_caching_off_is_a_miss(cache, monkeypatch):
    regex_cache.store("key", [(PATTERN, 0)])
    assert not regex_cache.preload("another key")
    monkeypatch.setenv("RAPPORTANALYS_REGEX_CACHE", "off")
    assert not regex_cache.preload("key")
    regex_cache.store("key 2", [(PATTERN, 0)])
    assert len(_entries(cache)) == 1


@pytest.mark.parametrize("damage", ["truncated", "bad code"])
def test_a_damaged_entry_is_a_miss(cache, damage):
    regex_cache.store("key", [(PATTERN, 0)])
    [path] = _entries(cache)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:40])
    else:  # a code the engine must refuse, not run
        stored = marshal.loads(path.read_bytes())
        stored[0][3] = [12345] * 7
        path.write_bytes(marshal.dumps(stored))
    re.purge()
    assert not regex_cache.preload("key")
    assert (str, PATTERN, 0) not in re._cache
    assert re.compile(PATTERN).match("--")  # compiled as before


def test_the_pipeline_loads_its_tokenizer_expressions_from_the_cache(cache, monkeypatch):
    """Two loads of the pipeline (the first stores, the second finds): the second compiles none
    of the tokenizer's expressions, and its tokenizer splits text as the first one did."""
    from rapportanalys import nlp

    exclude = ("entity_ruler", "ner", "place_ruler")
    nlp._load.cache_clear()
    try:
        first = nlp._load(exclude)
        assert len(_entries(cache)) == 1
        nlp._load.cache_clear()
        re.purge()
        compiled: list[str] = []
        original = re._compiler.compile

        def counting(p, flags=0):
            compiled.append(p if isinstance(p, str) else "")
            return original(p, flags)

        monkeypatch.setattr(re._compiler, "compile", counting)
        second = nlp._load(exclude)
        monkeypatch.undo()
        tokenizer = second.tokenizer
        for name in ("prefix_search", "suffix_search", "infix_finditer"):
            assert getattr(tokenizer, name).__self__.pattern not in compiled
        text = "Andelen ökade till 45,3 % (2022: 41 %) enl. SCB:s statistik, t.ex. i åk 9-klasserna."
        assert [t.text for t in first.tokenizer(text)] == [t.text for t in tokenizer(text)]
    finally:
        nlp._load.cache_clear()


def test_parse_keeps_what_was_compiled_before_the_pages_are_in(cache, monkeypatch):
    """``parse``'s work beside the reading child stores every expression compiled so far (its
    imports', the pipeline's), and a later process finds them, flags and all, without compiling."""
    from rapportanalys import pipeline

    re.compile(PATTERN, re.IGNORECASE)  # as a module compiles its expressions on import
    pipeline._while_reading()
    re.purge()
    known = regex_cache.preload(pipeline._COMPILED_WHILE_READING)
    assert (PATTERN, re.IGNORECASE.value) in known

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(re._compiler, "compile", no_compiling)
    assert re.compile(PATTERN, re.IGNORECASE).search("X.Ж") is None
    assert re.compile(PATTERN, re.IGNORECASE).match("--")
