"""Compiled regular expressions kept on disk between processes: the spaCy tokenizer's.

The pipeline's tokenizer finds prefixes, suffixes, infixes and URLs with four expressions of up
to 34,000 characters, most of them long character classes. Python's ``re`` parses and compiles
them on every load (about 0.04 s, a quarter of the pipeline's loading time), and ``parse`` loads
the pipeline while pdfium's child reads the pages: the parent was the later of the two, so the
child's pages waited for it, and the parent unpacked them only afterwards.

``re`` turns an expression into a list of integers (its engine's code) and builds the pattern
with ``_sre.compile``; it keeps the patterns it built in ``re._cache``, which ``re.compile``
asks first. This module stores those lists, per set of expressions, in the user cache (keyed by
the expressions and by the Python build, whose engine the code is for; written with
:mod:`marshal`, which reads the 400 KB of ``parse``'s entry back in 4 ms where gzipped JSON
took 25, while ``parse`` waits on it), and before the pipeline
loads puts the patterns built from them into ``re._cache``: the tokenizer's own ``re.compile``
then finds them. A pattern built from a stored code is the same pattern (``==`` compares the
expression, the flags and the code); the engine checks any code it is given, and an entry that is
missing, damaged or refused is a miss, compiled as before. Like the other caches, it can make a
load faster, never change a result; ``RAPPORTANALYS_REGEX_CACHE=off`` turns it off.
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from .disk import folder, read_marshal, user_cache, write_marshal

try:  # the engine and compiler behind ``re`` (CPython); without them nothing is cached
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python
    _sre = None


def _entry(key: str) -> Path | None:
    """Where the patterns for ``key`` (a set of expressions) are stored, or None (off)."""
    base = folder("RAPPORTANALYS_REGEX_CACHE", user_cache() / "regex")
    if base is None or _sre is None:
        return None
    build = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}"
    return base / f"{hashlib.sha256(f'{build}:{key}'.encode()).hexdigest()[:24]}.marshal"


def _code(pattern: str, flags: int) -> list:
    """What ``re._compiler.compile`` hands ``_sre.compile`` for ``pattern``."""
    parsed = _parser.parse(pattern, flags)
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # plain ints (the code holds ``re``'s named opcode constants, an int subclass marshal refuses)
    return [pattern, int(flags), int(flags | parsed.state.flags), [int(v) for v in _compiler._code(parsed, flags)],
            parsed.state.groups - 1, groupindex, indexgroup]


def _built(stored: list) -> tuple[str, int, re.Pattern]:
    pattern, flags, all_flags, code, groups, groupindex, indexgroup = stored
    return pattern, flags, _sre.compile(pattern, all_flags, code, groups, groupindex, tuple(indexgroup))


def preload(key: str) -> set[tuple[str, int]]:
    """Put the stored patterns for ``key`` into ``re._cache`` (those it does not hold already);
    the expressions and flags stored, empty on a miss (:func:`store` them once compiled)."""
    path = _entry(key)
    stored = read_marshal(path)
    if not isinstance(stored, list):
        return set()
    try:
        patterns = [_built(item) for item in stored if (str, item[0], item[1]) not in re._cache]
    except (RuntimeError, TypeError, ValueError, OverflowError, IndexError):  # a code the engine refuses
        return set()
    for pattern, flags, compiled in patterns:
        re._cache[str, pattern, flags] = compiled
    return {(item[0], item[1]) for item in stored}


def compiled_now() -> set[tuple[str, int]]:
    """The expressions (and flags) that ``re`` holds compiled now, for :func:`store`."""
    try:
        return {(key[1], key[2]) for key in list(re._cache) if len(key) == 3 and key[0] is str}
    except (AttributeError, TypeError):  # an ``re`` that keeps its patterns otherwise
        return set()


def store(key: str, patterns) -> None:
    """Store the compiled code of ``patterns`` (expression, flags) under ``key``."""
    path = _entry(key)
    if path is None:
        return
    try:
        write_marshal(path, [_code(pattern, flags) for pattern, flags in sorted(patterns)])
    except Exception:  # noqa: BLE001 - an internal of ``re`` changed: nothing is cached
        pass
