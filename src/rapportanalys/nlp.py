"""The project's own Swedish spaCy pipeline, loaded once, offline.

The trained pipeline ships in the repository's ``models/sv_rapportanalys`` (see
``models/README.md``: how it is trained, its licence and accuracy). ``RAPPORTANALYS_MODEL``
points elsewhere. Nothing is downloaded: a missing model is an error that says how to get it.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
import types
from functools import lru_cache
from pathlib import Path

from . import regex_cache

MODEL_NAME = "sv_rapportanalys"


class ModelNotFound(RuntimeError):
    pass


def model_path() -> Path:
    env = os.environ.get("RAPPORTANALYS_MODEL")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "models" / MODEL_NAME
        if (candidate / "meta.json").exists():
            return candidate
    return here.parents[2] / "models" / MODEL_NAME


_loading = threading.Lock()


def load(exclude: tuple[str, ...] = ()):
    """The pipeline (cached), without the components named in ``exclude`` (not loaded at all:
    the entity recognisers are a third of the loading time and figures do not use them).
    Raises :class:`ModelNotFound` with the fix when it is absent. Loaded once also when several
    threads ask at the same time (the app parses the two reports of a pair side by side)."""
    with _loading:
        return _load(exclude)


@lru_cache(maxsize=4)
def _load(exclude: tuple[str, ...]):
    _select_entry_points_once()  # before spaCy's import, which asks for some already
    spacy = import_spacy()
    path = model_path()
    if not (path / "meta.json").exists():
        raise ModelNotFound(f"the Swedish pipeline is not at {path}: run `python models/train.py` "
                            f"or set RAPPORTANALYS_MODEL")
    config = {}
    saved = path / "tokenizer"
    key = None
    if saved.exists():  # built bare, then filled from the saved one
        _register_saved_tokenizer(spacy)
        config = {"nlp": {"tokenizer": {"@tokenizers": _SAVED_TOKENIZER}}}
        key = hashlib.sha256(saved.read_bytes()).hexdigest()
    # the tokenizer's expressions compiled in an earlier process (a quarter of the loading time)
    known = key is not None and bool(regex_cache.preload(key))
    nlp = spacy.load(path, exclude=list(exclude), config=config)
    if key is not None and not known:
        tokenizer = nlp.tokenizer
        found = [getattr(tokenizer, name, None) for name in ("prefix_search", "suffix_search", "infix_finditer",
                                                            "token_match", "url_match")]
        regex_cache.store(key, [(f.__self__.pattern, 0) for f in found
                                if isinstance(getattr(f, "__self__", None), re.Pattern)])
    return nlp


_SAVED_TOKENIZER = "rapportanalys.saved_tokenizer.v1"


def _register_saved_tokenizer(spacy) -> None:
    """A tokenizer factory that builds an empty tokenizer.

    The pipeline's config builds spaCy's Swedish tokenizer (compiling its prefix, suffix and
    infix expressions and adding a thousand special cases, about a fifth of the loading time),
    and loading then replaces every one of those settings with the saved tokenizer's
    (``Tokenizer.from_bytes`` resets them all first). Built empty, it ends up the same.
    """
    if _SAVED_TOKENIZER in spacy.registry.tokenizers:
        return

    def make(nlp):
        from spacy.tokenizer import Tokenizer

        return Tokenizer(nlp.vocab)

    spacy.registry.tokenizers.register(_SAVED_TOKENIZER, func=lambda: make)


def import_spacy():
    """``import spacy`` without its command line.

    spaCy's ``__init__`` imports ``spacy.cli`` for the one name ``spacy.info``, and with it typer,
    requests, jinja2, weasel and httpx: more than half of spaCy's import time (about 0.9 of 1.6 s
    on a busy machine), paid by every ``parse`` for nothing. While spaCy imports, stand-ins for
    ``spacy.cli`` and ``spacy.cli.info`` sit in ``sys.modules``; they are taken out at once, so a
    later ``import spacy.cli`` (training, ``spacy.info``) loads the real package.
    """
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, as far as the import system asks
    info_module = types.ModuleType("spacy.cli.info")

    def info(*args, **kwargs):  # spacy.info, loading the real command on first use
        import importlib

        return importlib.import_module("spacy.cli.info").info(*args, **kwargs)

    info_module.info = info
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": info_module}
    sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        del spacy.cli
    return spacy


class _EntryPointsOnce:
    """The installed entry points as catalogue holds them, each selection made once.

    catalogue (spaCy's function registries) asks ``AVAILABLE_ENTRY_POINTS.select(group=...)``
    on every registry lookup: 154 times while the pipeline loads, each a walk over every entry
    point of every installed package (23 of the load's 160 ms). catalogue reads the entry points
    once, at its import, so the answer to a selection never changes within the process: it is
    kept here. Anything else is asked of the entry points themselves."""

    def __init__(self, points):
        self._points = points
        self._selected: dict = {}

    def select(self, **params):
        key = tuple(sorted(params.items()))
        found = self._selected.get(key)
        if found is None:
            found = self._selected[key] = self._points.select(**params)
        return found

    def __getattr__(self, name):
        return getattr(self._points, name)


def _select_entry_points_once() -> None:
    """Wrap catalogue's entry points in :class:`_EntryPointsOnce` (once; a catalogue without
    them, or whose entry points cannot ``select``, is left alone)."""
    import catalogue

    points = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if points is not None and hasattr(points, "select") and not isinstance(points, _EntryPointsOnce):
        catalogue.AVAILABLE_ENTRY_POINTS = _EntryPointsOnce(points)
