"""``reuse --db``: passages reused anywhere in a corpus database, in time that grows far slower
than all pairs of passages.

The same ideas as :mod:`.reuse` (file mode), cut to a corpus:

1. Passages (at ingest, :func:`passage_rows`): a block's text, a long block cut into runs of
   sentences (:func:`.text.sentences`) of at most ``corpus_passage_max_chars``. Each passage is
   stored with its text number-masked and lower-cased, the report's own municipality's name
   masked too (``norm``: a template with the name in it reads the same everywhere), a hash of
   that (equal for last year's text with new figures) and a hash of the unmasked words (equal
   for an exact copy).
2. Shingles: hashed word 5-grams of ``norm``, winnowed (the least hash of every 4 consecutive
   5-grams, about 40 % of them): two passages sharing a run of 8 words always share one.
3. Candidates (in DuckDB, :class:`~rapportanalys.store.Corpus`): passages with the same masked
   hash, or sharing ``corpus_min_shared`` shingles. Shingles found in many municipalities or
   very many passages are template text: they are set aside, never expanded into pairs, and a
   passage made mostly of them is boilerplate.
4. Verification (rapidfuzz on the masked text): the same passage (``exact``, ``figures_updated``
   or ``edited``) or one inside a longer one (``contained``, partial ratio).
5. Clusters: connected pairs (union-find), each with its earliest report as the probable
   source; boilerplate passages form clusters of their own, keyed by their template shingles,
   and are never paired.

Adding a report indexes its passages; :func:`find_corpus_reuse` with ``reports=[sha]`` then
checks only that report's candidates (``incremental``).
"""
from __future__ import annotations

import hashlib
import re
import time
import zlib
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
from rapidfuzz import fuzz, process

from .settings import ReuseSettings
from .text import sentences

CLASSES = ("exact", "figures_updated", "edited", "contained")
SCOPES = ("stale", "copying", "internal", "unknown")

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[ \u00a0.,:/]\d+)*")
_WORD_HASH: dict[str, int] = {}
# Odd 64-bit multipliers: a word n-gram's hash is sum(word hash * C[i]), then mixed.
_C = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
               0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
              dtype=np.uint64)
_MAX = np.uint64(0xFFFFFFFFFFFFFFFF)


NAME_MASK = "kommunnamn"


def normalise(text: str, name: re.Pattern | None = None) -> tuple[str, str]:
    """(masked, plain): the words of ``text`` in lower case, space-separated, with every number
    as ``0`` and the report's own municipality's name (``name``, see :func:`name_pattern`) as
    ``kommunnamn`` in ``masked``: a template with the name in it is one text everywhere."""
    lower = text.lower()
    plain = " ".join(_WORD.findall(lower))
    lower = _NUMBER.sub(" 0 ", lower)
    if name is not None:
        lower = name.sub(NAME_MASK, lower)
    masked = " ".join(_WORD.findall(lower))
    return masked, plain


def name_pattern(municipality: str | None) -> re.Pattern | None:
    """The municipality's name and its inflections ("Kungälv", "Kungälvs", "kungälvsborna")."""
    name = (municipality or "").strip().lower()
    name = re.sub(r"\s+(kommun|stad|region)$", "", name)
    if len(name) < 3:
        return None
    return re.compile(r"\b" + re.escape(name) + r"\w*")


def text_hash(text: str) -> int:
    """A stable signed 64-bit hash (DuckDB BIGINT)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little", signed=True)


def group_of(municipality: str | None, sha256: str) -> int:
    """The municipality as a small integer; a report without one is a group of its own."""
    key = (municipality or "").strip().lower() or f"\x00{sha256}"
    return zlib.crc32(key.encode()) & 0x7FFFFFFF


def passages_of_block(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) of the passages of one block: the whole block, or runs of its sentences."""
    if len(text) <= max_chars:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    start = end = None
    for s, e in sentences(text):
        if start is not None and e - start > max_chars:
            out.append((start, end))
            start = None
        if start is None:
            start = s
        end = e
    if start is not None:
        out.append((start, end))
    return out


def _section_paths(sections: list[dict]) -> dict[str, str]:
    by_id = {s["id"]: s for s in sections}
    out = {}
    for s in sections:
        labels, seen, cur = [], set(), s
        while cur is not None and cur["id"] not in seen:
            seen.add(cur["id"])
            labels.append(f"{cur['number']} {cur['title']}" if cur.get("number") else cur["title"])
            cur = by_id.get(cur.get("parent"))
        out[s["id"]] = " > ".join(reversed(labels))
    return out


@dataclass
class PassageBatch:
    """Passage rows and their shingles, ready for :meth:`Corpus.index_passages`."""
    rows: dict[str, list] = field(default_factory=lambda: {k: [] for k in PASSAGE_FIELDS})
    words: list[int] = field(default_factory=list)  # word hashes of every passage, one after the other
    lengths: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows["pid"])


PASSAGE_FIELDS = ("pid", "report", "block", "seq", "start", "end", "text", "norm", "section", "page",
                  "chars", "masked_hash", "raw_hash", "grp", "shingles")


def add_report_passages(batch: PassageBatch, data: dict, first_pid: int, settings: ReuseSettings) -> int:
    """Add the passages of one report (``Report.to_dict()`` data) to ``batch``, numbered from
    ``first_pid``; returns the next free pid."""
    sha = data["source"]["sha256"]
    grp = group_of(data["metadata"].get("municipality"), sha)
    paths = _section_paths(data.get("sections", []))
    own_name = name_pattern(data["metadata"].get("municipality"))
    rows, pid, seq = batch.rows, first_pid, 0
    for block in data["blocks"]:
        text = block["text"]
        for start, end in passages_of_block(text, settings.corpus_passage_max_chars):
            piece = text[start:end]
            masked, plain = normalise(piece, own_name)
            if len(masked) < settings.min_passage_chars:
                continue
            words = masked.split()
            for name, value in (("pid", pid), ("report", sha), ("block", block["id"]), ("seq", seq),
                                ("start", start), ("end", end), ("text", piece), ("norm", masked),
                                ("section", paths.get(block.get("section"), "")), ("page", block.get("page")),
                                ("chars", len(piece)), ("masked_hash", text_hash(masked)),
                                ("raw_hash", text_hash(plain)), ("grp", grp), ("shingles", 0)):
                rows[name].append(value)
            cache = _WORD_HASH
            for w in words:
                h = cache.get(w)
                if h is None:
                    h = cache[w] = zlib.crc32(w.encode()) + 1
                batch.words.append(h)
            batch.lengths.append(len(words))
            pid += 1
            seq += 1
    return pid


def fingerprints(batch: PassageBatch, settings: ReuseSettings) -> tuple[np.ndarray, np.ndarray]:
    """(passage index into the batch, shingle hash as int64) of every winnowed word n-gram,
    each once per passage; also fills the batch's ``shingles`` counts."""
    n, w = settings.corpus_shingle_words, settings.corpus_winnow_window
    lengths = np.asarray(batch.lengths, dtype=np.int64)
    words = np.asarray(batch.words, dtype=np.uint64)
    total = len(words)
    if total < n:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    m = total - n + 1
    with np.errstate(over="ignore"):
        s = np.zeros(m, dtype=np.uint64)
        for j in range(n):
            s += words[j:j + m] * _C[j]
        s ^= s >> np.uint64(29)
        s *= np.uint64(0xBF58476D1CE4E5B9)
        s ^= s >> np.uint64(32)
    ends = np.cumsum(lengths)
    owner = np.repeat(np.arange(len(lengths)), lengths)[:m]
    valid = np.arange(m) + n <= ends[owner]
    counts = np.maximum(lengths - n + 1, 0)
    chosen = []
    if m >= w:
        sv = np.where(valid, s, _MAX)
        windows = np.lib.stride_tricks.sliding_window_view(sv, w)
        first = np.arange(m - w + 1)
        ok = valid[:m - w + 1] & valid[w - 1:] & (owner[:m - w + 1] == owner[w - 1:])
        chosen.append(windows[ok].argmin(axis=1) + first[ok])
    short = (counts > 0) & (counts < w)  # passages with fewer n-grams than a window: all of them
    if short.any():
        chosen.append(np.flatnonzero(valid & short[owner]))
    pos = np.unique(np.concatenate(chosen)) if chosen else np.empty(0, np.int64)
    pidx, hashes = owner[pos], s[pos].view(np.int64)
    order = np.lexsort((hashes, pidx))
    pidx, hashes = pidx[order], hashes[order]
    keep = np.ones(len(pidx), bool)
    keep[1:] = (pidx[1:] != pidx[:-1]) | (hashes[1:] != hashes[:-1])
    pidx, hashes = pidx[keep], hashes[keep]
    batch.rows["shingles"] = np.bincount(pidx, minlength=len(lengths)).tolist()
    return pidx, hashes


def index_tables(batch: PassageBatch, settings: ReuseSettings) -> tuple[pa.Table, pa.Table]:
    """Arrow tables for ``reuse_passages`` and ``reuse_shingles``."""
    pidx, hashes = fingerprints(batch, settings)
    rows = batch.rows
    passages = pa.table({
        "pid": pa.array(rows["pid"], pa.int32()), "report": pa.array(rows["report"], pa.string()),
        "block": pa.array(rows["block"], pa.string()), "seq": pa.array(rows["seq"], pa.int32()),
        "start": pa.array(rows["start"], pa.int32()), "end": pa.array(rows["end"], pa.int32()),
        "text": pa.array(rows["text"], pa.string()), "norm": pa.array(rows["norm"], pa.string()),
        "section": pa.array(rows["section"], pa.string()), "page": pa.array(rows["page"], pa.int32()),
        "chars": pa.array(rows["chars"], pa.int32()),
        "masked_hash": pa.array(rows["masked_hash"], pa.int64()),
        "raw_hash": pa.array(rows["raw_hash"], pa.int64()), "grp": pa.array(rows["grp"], pa.int32()),
        "shingles": pa.array(rows["shingles"], pa.int32())})
    pids = np.asarray(rows["pid"], dtype=np.int32)
    grps = np.asarray(rows["grp"], dtype=np.int32)
    shingles = pa.table({"h": hashes, "pid": pids[pidx] if len(pidx) else np.empty(0, np.int32),
                         "grp": grps[pidx] if len(pidx) else np.empty(0, np.int32)})
    return passages, shingles


# -- verification ---------------------------------------------------------------------------------

def verify(batch: pa.RecordBatch, settings: ReuseSettings) -> dict[str, list]:
    """Candidate pairs -> accepted pairs with class and similarity. ``batch`` has columns a, b,
    a_norm, b_norm (masked text), a_masked, b_masked, a_raw, b_raw (hashes), a_chars, b_chars,
    shared (n-grams), a_ns, b_ns (n-grams of each). rapidfuzz compares the pairs in C++ on
    ``corpus_threads`` threads (``process.cpdist``)."""
    col = {name: batch.column(name).to_numpy(zero_copy_only=False) for name in
           ("a", "b", "a_masked", "b_masked", "a_raw", "b_raw", "a_chars", "b_chars", "shared", "a_ns", "b_ns")}
    a_norm, b_norm = batch.column("a_norm").to_pylist(), batch.column("b_norm").to_pylist()
    n = len(a_norm)
    kind = np.full(n, -1, np.int8)  # index into CLASSES
    sim = np.zeros(n)
    same = col["a_masked"] == col["b_masked"]
    kind[same] = np.where(col["a_raw"][same] == col["b_raw"][same], 0, 1)
    sim[same] = 1.0
    rest = np.flatnonzero(~same)
    workers = max(1, int(settings.corpus_threads))
    if len(rest):
        ratio = process.cpdist([a_norm[i] for i in rest], [b_norm[i] for i in rest], scorer=fuzz.ratio,
                               score_cutoff=settings.corpus_min_similarity * 100, workers=workers)
        edited = ratio > 0
        kind[rest[edited]] = 2
        sim[rest[edited]] = ratio[edited] / 100.0
        # one inside the other: clearly shorter, long enough, and nearly all its n-grams shared
        la = np.fromiter((len(a_norm[i]) for i in rest), np.int64, len(rest))
        lb = np.fromiter((len(b_norm[i]) for i in rest), np.int64, len(rest))
        short_ns = np.minimum(col["a_ns"][rest], col["b_ns"][rest])
        maybe = (~edited & (np.minimum(la, lb) >= settings.containment_min_chars)
                 & (np.abs(la - lb) > 0.15 * np.maximum(la, lb)) & (2 * col["shared"][rest] >= short_ns))
        idx = rest[maybe]
        if len(idx):
            shorter = [a_norm[i] if len(a_norm[i]) <= len(b_norm[i]) else b_norm[i] for i in idx]
            longer = [b_norm[i] if len(a_norm[i]) <= len(b_norm[i]) else a_norm[i] for i in idx]
            part = process.cpdist(shorter, longer, scorer=fuzz.partial_ratio,
                                  score_cutoff=settings.containment_min * 100, workers=workers)
            hit = part > 0
            kind[idx[hit]] = 3
            sim[idx[hit]] = part[hit] / 100.0
    keep = np.flatnonzero(kind >= 0)
    return {"a": col["a"][keep].tolist(), "b": col["b"][keep].tolist(),
            "class": [CLASSES[k] for k in kind[keep]], "similarity": sim[keep].tolist(),
            "chars": np.minimum(col["a_chars"], col["b_chars"])[keep].tolist()}


# -- the run --------------------------------------------------------------------------------------

@dataclass
class CorpusReuseStats:
    mode: str  # "full" or "incremental"
    passages: int = 0
    candidates: int = 0
    pairs: int = 0
    boilerplate_passages: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def find_corpus_reuse(corpus, settings: ReuseSettings | None = None,
                      reports: list[str] | None = None) -> CorpusReuseStats:
    """Find reuse in ``corpus`` (a writable :class:`~rapportanalys.store.Corpus`) and store it.

    ``reports=None``: everything, from scratch. ``reports=[sha, ...]``: only pairs with a passage
    of these reports (which must be indexed already, as ``Corpus.add`` does), added to the
    stored results: the cost of one report is its candidates, not the corpus."""
    settings = settings or ReuseSettings()
    stats = CorpusReuseStats("full" if reports is None else "incremental")
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stats.seconds[name] = stats.seconds.get(name, 0.0) + now - clock
        clock = now

    corpus.reuse_index_missing(settings)
    lap("index")
    counts = corpus.reuse_candidates(settings, reports)
    stats.passages, stats.candidates, stats.boilerplate_passages = counts
    lap("candidates")
    verified = []
    for batch in corpus.reuse_candidate_batches():
        found = verify(batch, settings)
        if found["a"]:
            verified.append(pa.table({"a": pa.array(found["a"], pa.int32()), "b": pa.array(found["b"], pa.int32()),
                                      "class": pa.array(found["class"], pa.string()),
                                      "similarity": pa.array(found["similarity"], pa.float64()),
                                      "chars": pa.array(found["chars"], pa.int32())}))
    pairs = pa.concat_tables(verified) if verified else pa.table({
        "a": pa.array([], pa.int32()), "b": pa.array([], pa.int32()), "class": pa.array([], pa.string()),
        "similarity": pa.array([], pa.float64()), "chars": pa.array([], pa.int32())})
    stats.pairs = len(pairs)
    lap("verify")
    corpus.reuse_store_pairs(pairs, settings, reports)
    lap("store")
    corpus.reuse_cluster(reports)
    lap("cluster")
    return stats


def components(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(node, component label) of the graph with edges a-b (pids)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    nodes, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    k = len(a)
    graph = coo_matrix((np.ones(k, np.int8), (inverse[:k], inverse[k:])), shape=(len(nodes), len(nodes)))
    _, labels = connected_components(graph, directed=False)
    return nodes, labels


# -- what ``reuse --db`` runs and prints -------------------------------------------------------------

def update_corpus_reuse(corpus, settings: ReuseSettings | None = None, rebuild: bool = False,
                        incremental_max: int = 20) -> CorpusReuseStats | None:
    """Bring the stored reuse up to date: from scratch when nothing is stored yet, when
    ``rebuild``, or when more than ``incremental_max`` reports are new; else only the new
    reports' candidates. None when every report is checked already."""
    unchecked = corpus.reuse_unchecked()
    fresh = corpus.sql("SELECT count(*) AS n FROM reuse_checked")["n"][0] == 0
    if rebuild or fresh or len(unchecked) > incremental_max:
        return find_corpus_reuse(corpus, settings)
    if unchecked:
        return find_corpus_reuse(corpus, settings, reports=unchecked)
    return None


def corpus_reuse_dict(corpus, scope: str = "all", limit: int | None = None) -> dict:
    """The ``reuse`` JSON of INTERFACE.md for a corpus: ``matches`` (copies only, never
    boilerplate; ``a`` is the earlier passage), plus ``clusters`` of copies with their probable
    source, ``boilerplate`` clusters listed apart, and a ``summary``."""
    pairs = corpus.reuse_pairs(scope, limit)
    matches = []
    for row in pairs.itertuples(index=False):
        side = {}
        for s in ("a", "b"):
            side[s] = {"report": getattr(row, f"{s}_path"), "text": getattr(row, f"{s}_text"),
                       "section": getattr(row, f"{s}_section") or "", "page": _int(getattr(row, f"{s}_page")),
                       "municipality": getattr(row, f"{s}_municipality"), "year": _int(getattr(row, f"{s}_year")),
                       "sha256": getattr(row, f"{s}_report"), "passage": int(getattr(row, f"{s}_pid"))}
        matches.append({"a": side["a"], "b": side["b"], "similarity": round(float(row.similarity), 3),
                        "chars": int(row.chars), "boilerplate": False, "class": row[11], "scope": row.scope,
                        "cluster": _int(row.cluster)})
    clusters = corpus.reuse_clusters()

    def cluster_rows(kind: str) -> list[dict]:
        out = []
        for c in clusters[clusters["kind"] == kind].itertuples(index=False):
            out.append({"cluster": int(c.cluster), "passages": _int(c.passages), "reports": _int(c.reports),
                        "municipalities": _int(c.municipalities), "source": c.source_path,
                        "source_municipality": c.source_municipality, "first_year": _int(c.first_year),
                        "last_year": _int(c.last_year), "text": c.text})
        return out

    counts = corpus.sql("SELECT scope, class, count(*) AS n FROM reuse_pairs GROUP BY ALL ORDER BY ALL")
    summary = {"pairs": int(counts["n"].sum()) if len(counts) else 0,
               "by_scope": {k: int(v) for k, v in counts.groupby("scope")["n"].sum().items()},
               "by_class": {k: int(v) for k, v in counts.groupby("class")["n"].sum().items()}}
    return {"database": str(corpus.path), "scope": scope, "summary": summary, "matches": matches,
            "clusters": cluster_rows("copy"), "boilerplate": cluster_rows("boilerplate")}


def corpus_reuse_text(result: dict, top: int = 20) -> str:
    s = result["summary"]
    lines = [f"reuse in {result['database']}: {s['pairs']} passage pairs "
             f"({', '.join(f'{k} {v}' for k, v in s['by_scope'].items()) or 'none'}; "
             f"{', '.join(f'{k} {v}' for k, v in s['by_class'].items()) or '-'}), "
             f"{len(result['clusters'])} clusters, {len(result['boilerplate'])} boilerplate clusters"]
    if result["scope"] != "all":
        lines.append(f"showing scope: {result['scope']} ({len(result['matches'])} pairs)")
    lines.append("")
    for m in result["matches"][:top]:
        a, b = m["a"], m["b"]
        lines.append(f"[{m['scope']}, {m['class']}, {m['similarity']:.2f}, {m['chars']} chars] "
                     f"{a['report']} p.{a['page']} -> {b['report']} p.{b['page']}")
        lines.append("    " + _short(b["text"]))
    if len(result["matches"]) > top:
        lines.append(f"... and {len(result['matches']) - top} more pairs (--format json for all)")
    if result["boilerplate"]:
        lines.append("")
        lines.append("boilerplate (template text, not counted as copying):")
        for c in result["boilerplate"][:top]:
            lines.append(f"  {c['passages']} passages in {c['reports']} reports, {c['municipalities']} "
                         f"municipalities: {_short(c['text'])}")
    return "\n".join(lines) + "\n"


def _short(text: str, n: int = 110) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _int(value) -> int | None:
    try:
        if value is None or value != value:
            return None
        return int(value)
    except (TypeError, ValueError):
        return None
