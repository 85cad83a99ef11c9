"""The project's own Swedish spaCy pipeline, loaded once, offline.

The trained pipeline ships in the repository's ``models/sv_rapportanalys`` (see
``models/README.md``: how it is trained, its licence and accuracy). ``RAPPORTANALYS_MODEL``
points elsewhere. Nothing is downloaded: a missing model is an error that says how to get it.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

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


@lru_cache(maxsize=4)
def load(exclude: tuple[str, ...] = ()):
    """The pipeline (cached), without the components named in ``exclude`` (not loaded at all:
    the entity recognisers are a third of the loading time and figures do not use them).
    Raises :class:`ModelNotFound` with the fix when it is absent."""
    import spacy

    path = model_path()
    if not (path / "meta.json").exists():
        raise ModelNotFound(f"the Swedish pipeline is not at {path}: run `python models/train.py` "
                            f"or set RAPPORTANALYS_MODEL")
    return spacy.load(path, exclude=list(exclude))
