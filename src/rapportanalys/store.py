"""The corpus database: one class, :class:`Corpus`, owns the DuckDB connection and every SQL
statement.

DuckDB is embedded (a single file, no server), columnar and fast at the analytical SQL that
researchers run over tens of thousands of reports, and hands results to pandas and Parquet
directly. It allows one writing process at a time, so :mod:`rapportanalys.ingest` parses in
many processes and writes from one.

Tables (``Corpus.reports`` etc. return them as pandas DataFrames):

``reports``
    one row per distinct PDF content, keyed by ``sha256``: the :class:`~.model.Source` fields
    (``path``, ``sha256``, ``pages``), the :class:`~.model.Metadata` fields, ``ingested_at``
    (UTC) and ``parser_version``.
``sections``, ``blocks``, ``figures``, ``activities``, ``plans``
    one per list of :class:`~.model.Report`, one row per item: ``report`` (the report's
    sha256), ``seq`` (its position in the list), then the item's fields. The columns are derived
    from the dataclasses in :mod:`~.model`, so whatever a report holds is stored, and a field
    added to the model becomes a column the next time the database is opened for writing.
    Bounding boxes are ``DOUBLE[]``; nested values (``spans``, ``marks``, ``answers``) are JSON.
``Corpus.indicators``
    not a table: the figures that have an indicator key with their report's municipality and
    year (issue 16; the key is ``figures.indicator``).
``files``
    every ingested path and the content (``sha256``) it held, with the ``size`` and
    ``mtime_ns`` seen then. The same content under two paths is **one report and two rows
    here**; ``reports.path`` is one of them (the first ingested that still holds it).
``errors``
    one row per file that could not be stored: ``path``, ``sha256`` (null when the file could
    not be read), ``kind`` (the error class, e.g. ``EncryptedPDF``), ``reason`` (the one-line
    message), ``time`` (UTC).
``reuse_passages``, ``reuse_shingles``
    the reuse index, written with each report (:mod:`.compare.corpus_reuse`): one row per
    passage (``pid``, ``report``, ``block``, offsets, ``text``, number-masked ``norm``, its
    ``masked_hash`` and the unmasked ``raw_hash``, ``grp`` = the municipality), and its winnowed
    word 5-gram hashes (``h``, ``pid``, ``grp``).
``reuse_pairs``, ``reuse_members``, ``reuse_clusters``, ``reuse_checked``
    written by ``reuse --db``: verified passage pairs (``a`` the earlier passage, ``b`` the
    later, ``class`` exact | figures_updated | edited | contained, ``scope`` stale | copying |
    internal | unknown), each passage's cluster, one row per cluster (``kind`` copy |
    boilerplate, the earliest report as ``source_report``), and the reports checked.
    :attr:`Corpus.reuse` is the pairs with both passages, as :data:`REUSE_COLUMNS`.

Every change is one transaction: a report appears with all its rows or not at all, so a killed
ingest leaves a consistent database and a re-run resumes.
"""
from __future__ import annotations

import json
import os
import types
import typing
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from . import errors
from .model import Metadata, Report, Source

# The reuse results, one row per match: INTERFACE.md's `reuse` JSON flattened, reports by sha256.
REUSE_COLUMNS = ("a_report", "a_text", "a_section", "a_page", "b_report", "b_text", "b_section",
                 "b_page", "similarity", "chars", "boilerplate", "class", "scope", "cluster",
                 "a_pid", "b_pid", "a_path", "b_path", "a_municipality", "b_municipality",
                 "a_year", "b_year")
REUSE_SCOPES = {"stale": ["stale"], "copying": ["copying"], "all": None}

# DuckDB type -> Arrow type used to hand rows to DuckDB in one INSERT per table.
_ARROW = {"VARCHAR": pa.string(), "BIGINT": pa.int64(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(),
          "BOOLEAN": pa.bool_(), "DOUBLE[]": pa.list_(pa.float64()), "JSON": pa.string(),
          "TIMESTAMP": pa.timestamp("us")}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a DuckDB type, a key of _ARROW

    @property
    def is_json(self) -> bool:
        return self.type == "JSON"


def _column_type(hint) -> str:
    """The DuckDB type for a model field's annotation: scalars map to scalars, a bounding box
    (a tuple of floats) to ``DOUBLE[]``, anything nested (lists of spans, dicts) to JSON."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):  # X | None -> X
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        hint = args[0] if len(args) == 1 else hint
    if typing.get_origin(hint) is tuple and all(a is float for a in typing.get_args(hint)):
        return "DOUBLE[]"
    return {str: "VARCHAR", bool: "BOOLEAN", int: "BIGINT", float: "DOUBLE"}.get(hint, "JSON")


def _model_columns(kind: type) -> list[Column]:
    hints = typing.get_type_hints(kind)
    return [Column(f.name, _column_type(hints[f.name])) for f in fields(kind)]


# The lists of a Report (sections, blocks, figures, ...) -> the dataclass of their items.
CHILD_TABLES: dict[str, type] = {
    name: typing.get_args(hint)[0]
    for name, hint in typing.get_type_hints(Report).items() if typing.get_origin(hint) is list
}

SCHEMA: dict[str, list[Column]] = {
    "reports": [*_model_columns(Source), *_model_columns(Metadata),
                Column("ingested_at", "TIMESTAMP"), Column("parser_version", "VARCHAR")],
    **{name: [Column("report", "VARCHAR"), Column("seq", "INTEGER"), *_model_columns(kind)]
       for name, kind in CHILD_TABLES.items()},
    "files": [Column("path", "VARCHAR"), Column("sha256", "VARCHAR"), Column("size", "BIGINT"),
              Column("mtime_ns", "BIGINT"), Column("seen_at", "TIMESTAMP")],
    "errors": [Column("path", "VARCHAR"), Column("sha256", "VARCHAR"), Column("kind", "VARCHAR"),
               Column("reason", "VARCHAR"), Column("time", "TIMESTAMP")],
    "reuse_passages": [Column("pid", "INTEGER"), Column("report", "VARCHAR"), Column("block", "VARCHAR"),
                       Column("seq", "INTEGER"), Column("start", "INTEGER"), Column("end", "INTEGER"),
                       Column("text", "VARCHAR"), Column("norm", "VARCHAR"), Column("section", "VARCHAR"),
                       Column("page", "INTEGER"), Column("chars", "INTEGER"), Column("masked_hash", "BIGINT"),
                       Column("raw_hash", "BIGINT"), Column("grp", "INTEGER"), Column("shingles", "INTEGER")],
    "reuse_shingles": [Column("h", "BIGINT"), Column("pid", "INTEGER"), Column("grp", "INTEGER")],
    "reuse_pairs": [Column("a", "INTEGER"), Column("b", "INTEGER"), Column("class", "VARCHAR"),
                    Column("similarity", "DOUBLE"), Column("chars", "INTEGER"), Column("scope", "VARCHAR")],
    "reuse_members": [Column("pid", "INTEGER"), Column("cluster", "INTEGER")],
    "reuse_clusters": [Column("cluster", "INTEGER"), Column("kind", "VARCHAR"), Column("key", "BIGINT"),
                       Column("passages", "INTEGER"), Column("reports", "INTEGER"),
                       Column("municipalities", "INTEGER"), Column("source_report", "VARCHAR"),
                       Column("source_pid", "INTEGER"), Column("first_year", "BIGINT"),
                       Column("last_year", "BIGINT"), Column("text", "VARCHAR")],
    "reuse_checked": [Column("report", "VARCHAR")],
}
REUSE_TABLES = ("reuse_passages", "reuse_shingles", "reuse_pairs", "reuse_members", "reuse_clusters",
                "reuse_checked")
_PRIMARY_KEYS = {"reports": "sha256", "files": "path"}


class FileStat(NamedTuple):
    """A file as ingest saw it. Size and modification time let a re-run skip an unchanged file
    without reading it (as git's index does); the content hash decides everything else."""
    path: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str) -> FileStat:
        st = os.stat(path)
        return cls(path, st.st_size, st.st_mtime_ns)


class Corpus:
    """A corpus database. ``Corpus(path)`` opens it read-only for analysis::

        corpus = rapportanalys.Corpus("corpus.duckdb")
        corpus.reports.groupby("municipality").size()
        corpus.sql("SELECT kind, count(*) FROM errors GROUP BY kind")

    ``Corpus(path, read_only=False)`` creates or opens it for writing (``ingest`` does this).
    DuckDB lets one process write, or any number read, at a time.
    """

    def __init__(self, path: str | os.PathLike, read_only: bool = True):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise errors.InputNotFound(str(path))
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise errors.DatabaseBusy(str(path)) from exc
            raise errors.NotADatabase(str(path), str(exc).splitlines()[0][:120]) from exc
        if not read_only:
            self._create_schema()

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------------------
    @property
    def reports(self) -> pd.DataFrame:
        return self._frame("reports")

    @property
    def sections(self) -> pd.DataFrame:
        return self._frame("sections")

    @property
    def blocks(self) -> pd.DataFrame:
        return self._frame("blocks")

    @property
    def figures(self) -> pd.DataFrame:
        return self._frame("figures")

    @property
    def activities(self) -> pd.DataFrame:
        return self._frame("activities")

    @property
    def plans(self) -> pd.DataFrame:
        return self._frame("plans")

    @property
    def indicators(self) -> pd.DataFrame:
        """Every figure with an indicator key: :meth:`indicator_values` of all indicators."""
        return self.indicator_values()

    def indicator_values(self, indicator: str | None = None, own_only: bool = False,
                         municipalities: list[str] | None = None) -> pd.DataFrame:
        """The figures with an indicator key (``Figure.indicator``, set when the report was
        parsed), a row each: municipality, year, indicator, value, unit (as printed), report
        (sha256), page, and what tells values of one indicator apart: period, group (a
        comparison group such as "riket"; null = the report's own value), is_target; then the
        report's path and the figure's own wording (``label``). ``indicator`` selects one,
        ``own_only`` drops comparison groups and targets, ``municipalities`` selects some.
        Reports stored before the key existed have none until they are ingested again."""
        where, params = ["f.indicator IS NOT NULL"], []
        if indicator is not None:
            where.append("f.indicator = ?")
            params.append(indicator)
        if own_only:
            where.append('f."group" IS NULL AND NOT coalesce(f.is_target, false)')
        if municipalities is not None:
            where.append("r.municipality IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(municipalities))
        return self._con.execute(
            f"""SELECT r.municipality, r.year, f.indicator, f.value, f.unit, f.report, f.page, f.period,
                       f."group", f.is_target, r.path, f.what AS label
                FROM figures f JOIN reports r ON r.sha256 = f.report
                WHERE {" AND ".join(where)}
                ORDER BY f.indicator, r.municipality, r.year, f.report, f.seq""", params or None).df()

    def indicator_municipalities(self, indicator: str) -> pd.DataFrame:
        """Who gives one indicator: municipality, reports, values, first and last year; most
        reports first."""
        return self._con.execute(
            """SELECT r.municipality, count(DISTINCT f.report) AS reports, count(*) AS "values",
                      min(r.year) AS first_year, max(r.year) AS last_year
               FROM figures f JOIN reports r ON r.sha256 = f.report
               WHERE f.indicator = ? GROUP BY r.municipality
               ORDER BY reports DESC, r.municipality""", [indicator]).df()

    def indicator_names(self) -> pd.DataFrame:
        """Each indicator with how many municipalities and reports give it, most widely
        reported first: what to offer when choosing one."""
        return self._con.execute(
            """SELECT f.indicator, count(DISTINCT r.municipality) AS municipalities,
                      count(DISTINCT f.report) AS reports, count(*) AS figures, any_value(f.what) AS label
               FROM figures f JOIN reports r ON r.sha256 = f.report
               WHERE f.indicator IS NOT NULL
               GROUP BY f.indicator ORDER BY municipalities DESC, reports DESC, f.indicator""").df()

    @property
    def files(self) -> pd.DataFrame:
        return self._frame("files")

    @property
    def errors(self) -> pd.DataFrame:
        return self._frame("errors")

    @property
    def reuse(self) -> pd.DataFrame:
        """Every stored reuse pair (``reuse --db``), as :data:`REUSE_COLUMNS`."""
        return self.reuse_pairs()

    def reuse_pairs(self, scope: str = "all", limit: int | None = None) -> pd.DataFrame:
        """Stored pairs, ``scope`` ``stale`` (same municipality across years), ``copying``
        (across municipalities) or ``all``; longest first."""
        if "reuse_pairs" not in self.tables():
            return pd.DataFrame(columns=list(REUSE_COLUMNS))
        scopes = REUSE_SCOPES[scope]
        where = "WHERE q.scope IN (SELECT unnest(?::VARCHAR[]))" if scopes else ""
        query = f"""
            SELECT pa.report AS a_report, pa.text AS a_text, pa.section AS a_section, pa.page AS a_page,
                   pb.report AS b_report, pb.text AS b_text, pb.section AS b_section, pb.page AS b_page,
                   q.similarity, q.chars, false AS boilerplate, q.class, q.scope, m.cluster,
                   q.a AS a_pid, q.b AS b_pid, ra.path AS a_path, rb.path AS b_path,
                   ra.municipality AS a_municipality, rb.municipality AS b_municipality,
                   ra.year AS a_year, rb.year AS b_year
            FROM reuse_pairs q JOIN reuse_passages pa ON pa.pid = q.a JOIN reuse_passages pb ON pb.pid = q.b
            JOIN reports ra ON ra.sha256 = pa.report JOIN reports rb ON rb.sha256 = pb.report
            LEFT JOIN reuse_members m ON m.pid = q.a
            {where} ORDER BY q.chars DESC, q.a, q.b {f"LIMIT {int(limit)}" if limit else ""}"""
        return self._con.execute(query, [scopes] if scopes else None).df()

    def reuse_clusters(self, kind: str | None = None) -> pd.DataFrame:
        """Stored clusters (``kind`` copy or boilerplate), biggest first, with the source's path."""
        if "reuse_clusters" not in self.tables():
            return pd.DataFrame()
        where = "WHERE c.kind = ?" if kind else ""
        return self._con.execute(
            f"SELECT c.*, r.path AS source_path, r.municipality AS source_municipality FROM reuse_clusters c "
            f"LEFT JOIN reports r ON r.sha256 = c.source_report {where} ORDER BY c.passages DESC, c.cluster",
            [kind] if kind else None).df()

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Any SQL over the tables, as a DataFrame."""
        return self._con.execute(query, params).df()

    def tables(self) -> list[str]:
        rows = self._con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' ORDER BY table_name").fetchall()
        return [name for (name,) in rows]

    def report(self, sha256: str) -> Report:
        """The stored report as a :class:`Report`, equal to the one that was parsed."""
        rows = self._dicts('SELECT * FROM reports WHERE sha256 = ?', [sha256])
        if not rows:
            raise KeyError(sha256)
        row = rows[0]
        source = {}
        for c in _model_columns(Source):
            if not c.is_json:
                source[c.name] = row[c.name]
            elif row.get(c.name) is not None:  # None: a column added after this row, the default
                source[c.name] = json.loads(row[c.name])
        data = {"source": source,
                "metadata": {c.name: row[c.name] for c in _model_columns(Metadata) if c.name in row}}
        for table in CHILD_TABLES:
            json_columns = [c.name for c in SCHEMA[table] if c.is_json]
            items = self._dicts(f'SELECT * EXCLUDE (report, seq) FROM {table} WHERE report = ? ORDER BY seq',
                                [sha256])
            for item in items:
                for name in json_columns:
                    if item.get(name) is None:
                        item.pop(name, None)  # a column added after this row was written: the default
                    else:
                        item[name] = json.loads(item[name])
            data[table] = items
        return Report.from_dict(data)

    def export_parquet(self, directory: str | os.PathLike) -> list[tuple[Path, int]]:
        """Write every table as ``DIRECTORY/<table>.parquet``; returns (file, rows) per table."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for table in self.tables():
            target = directory / f"{table}.parquet"
            quoted = str(target).replace("'", "''")
            self._con.execute(f"COPY {_ident(table)} TO '{quoted}' (FORMAT PARQUET)")
            (rows,) = self._con.execute(f"SELECT count(*) FROM {_ident(table)}").fetchone()
            written.append((target, rows))
        return written

    # -- what ingest needs to know before parsing ----------------------------------------------
    def file_states(self) -> dict[str, tuple[str, FileStat]]:
        """path -> (sha256, the size and mtime it had) of every ingested file."""
        rows = self._con.execute("SELECT path, sha256, size, mtime_ns FROM files").fetchall()
        return {path: (sha, FileStat(path, size, mtime)) for path, sha, size, mtime in rows}

    def failed_files(self) -> dict[str, str | None]:
        """path -> sha256 of every file recorded in ``errors``."""
        return dict(self._con.execute("SELECT path, sha256 FROM errors").fetchall())

    def report_hashes(self) -> set[str]:
        return {sha for (sha,) in self._con.execute("SELECT sha256 FROM reports").fetchall()}

    # -- writing: each method is one transaction -------------------------------------------------
    def add(self, report: Report | dict, files: list[FileStat]) -> None:
        """Store ``report`` (unless a report with its content is stored already) and point
        ``files`` at it; a path that held other content before has that content's rows removed
        when no other path holds it.

        ``report`` may also be its ``to_dict()`` data, as parser workers send it: turning that
        back into a Report only to turn it into rows again would double the time spent here."""
        data = report if isinstance(report, dict) else report.to_dict()
        sha = data["source"]["sha256"]
        with self._transaction():
            if not self._con.execute("SELECT 1 FROM reports WHERE sha256 = ?", [sha]).fetchone():
                self._insert_report(data)
                self._index_reuse([data])
            self._link(sha, files)

    def add_many(self, reports: list[Report | dict]) -> None:
        """Store many new reports (no files rows) in one transaction: synthetic corpora and
        benchmarks, which have no PDFs."""
        datas = [r if isinstance(r, dict) else r.to_dict() for r in reports]
        stored = self.report_hashes()
        datas = [d for d in datas if d["source"]["sha256"] not in stored]
        with self._transaction():
            from . import __version__
            now = _utcnow()
            self._insert("reports", [{**d["source"], **d["metadata"], "ingested_at": now,
                                      "parser_version": __version__} for d in datas])
            for table in CHILD_TABLES:
                self._insert(table, [{"report": d["source"]["sha256"], "seq": i, **item}
                                     for d in datas for i, item in enumerate(d[table])])
            self._index_reuse(datas)

    # -- reuse across the corpus (the algorithm is in compare/corpus_reuse.py) --------------------
    def _index_reuse(self, datas: list[dict], settings=None) -> None:
        """Passages and shingles of these reports (stored already, not indexed yet)."""
        from .compare.corpus_reuse import PassageBatch, add_report_passages, index_tables
        from .compare.settings import ReuseSettings

        if not datas:
            return
        settings = settings or ReuseSettings()
        (pid,) = self._con.execute("SELECT coalesce(max(pid) + 1, 0) FROM reuse_passages").fetchall()[0]
        batch = PassageBatch()
        for data in datas:
            pid = add_report_passages(batch, data, pid, settings)
        if not len(batch):
            return
        passages, shingles = index_tables(batch, settings)
        for table, arrow in (("reuse_passages", passages), ("reuse_shingles", shingles)):
            self._con.register("incoming_rows", arrow)
            try:
                self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
            finally:
                self._con.unregister("incoming_rows")

    def reuse_index_missing(self, settings=None) -> int:
        """Index stored reports that have no passages yet (a database made before the index)."""
        missing = [sha for (sha,) in self._con.execute(
            "SELECT sha256 FROM reports WHERE sha256 NOT IN (SELECT DISTINCT report FROM reuse_passages) "
            "ORDER BY sha256").fetchall()]
        with self._transaction():
            for sha in missing:
                self._index_reuse([self.report(sha).to_dict()], settings)
        return len(missing)

    def reuse_unchecked(self) -> list[str]:
        """Reports whose reuse has not been looked for yet."""
        return [sha for (sha,) in self._con.execute(
            "SELECT sha256 FROM reports WHERE sha256 NOT IN (SELECT report FROM reuse_checked) "
            "ORDER BY sha256").fetchall()]

    def reuse_candidates(self, settings, reports: list[str] | None) -> tuple[int, int, int]:
        """Temp tables of template shingles, boilerplate passages and candidate pairs, for the
        whole corpus (``reports=None``) or the passages of ``reports``; returns (passages in
        focus, candidate pairs, boilerplate passages in focus)."""
        con = self._con
        con.execute(f"SET threads = {int(settings.corpus_threads)}")
        con.execute(f"SET memory_limit = '{settings.corpus_memory_limit}'")
        con.execute("SET preserve_insertion_order = false")
        minm, maxp = settings.corpus_boilerplate_min_municipalities, settings.corpus_boilerplate_min_passages
        small = int(settings.corpus_small_passage_shingles)
        if reports is None:
            con.execute("CREATE OR REPLACE TEMP TABLE rf_focus AS SELECT pid FROM reuse_passages")
            src = "reuse_shingles"
            masked = "reuse_passages"
        else:
            con.execute("CREATE OR REPLACE TEMP TABLE rf_focus AS SELECT pid FROM reuse_passages "
                        "WHERE report IN (SELECT unnest(?::VARCHAR[]))", [list(reports)])
            # every row of the shingles that the focus passages have: all that can pair with them
            # (a constant pid range first: a new report's rows are the last, DuckDB skips the rest)
            lo, hi = con.execute("SELECT coalesce(min(pid), 0), coalesce(max(pid), -1) FROM rf_focus").fetchall()[0]
            con.execute(f"""CREATE OR REPLACE TEMP TABLE rf_src AS SELECT * FROM reuse_shingles WHERE h IN (
                SELECT h FROM reuse_shingles WHERE pid BETWEEN {int(lo)} AND {int(hi)}
                AND pid IN (SELECT pid FROM rf_focus))""")
            src = "rf_src"
            masked = """(SELECT * FROM reuse_passages WHERE masked_hash IN (SELECT masked_hash FROM reuse_passages
                         WHERE pid IN (SELECT pid FROM rf_focus)))"""
        # n-grams in two passages or more (the rest can pair nothing)
        con.execute(f"CREATE OR REPLACE TEMP TABLE rf_df AS SELECT h, count(*)::INTEGER AS n FROM {src} "
                    f"GROUP BY h HAVING count(*) >= 2")
        # template n-grams: in very many passages, or in many municipalities
        con.execute(f"""CREATE OR REPLACE TEMP TABLE rf_freq AS
            SELECT h FROM rf_df WHERE n >= {maxp}
            UNION ALL
            SELECT s.h FROM {src} s JOIN (SELECT h FROM rf_df WHERE n >= {minm} AND n < {maxp}) d
                ON s.h = d.h GROUP BY s.h HAVING count(DISTINCT s.grp) >= {minm}""")
        # boilerplate: a passage mostly of template n-grams whose two least template n-grams
        # (the same in every copy of a template, the municipality's name aside) recur together
        # in many municipalities; or whose whole text does
        in_focus = "" if reports is None else "WHERE s.pid IN (SELECT pid FROM rf_focus)"
        con.execute(f"""CREATE OR REPLACE TEMP TABLE rf_bcand AS
            SELECT s.pid, p.grp, min(s.h) AS k1, xor(min(s.h), coalesce(list_sort(list(s.h))[2], 0)) AS key
            FROM {src} s JOIN rf_freq f ON s.h = f.h JOIN reuse_passages p ON p.pid = s.pid
            {in_focus}
            GROUP BY s.pid, p.grp, p.shingles HAVING 2 * count(*) >= p.shingles""")
        recurring = (f"SELECT key FROM rf_bcand GROUP BY key HAVING count(DISTINCT grp) >= {minm}"
                     if reports is None else
                     f"SELECT key FROM rf_bcand GROUP BY key HAVING count(DISTINCT grp) >= {minm} "
                     "UNION ALL SELECT key FROM reuse_clusters WHERE kind = 'boilerplate'")
        # ... and a variant whose second n-gram differs joins the template of its least one
        con.execute(f"CREATE OR REPLACE TEMP TABLE rf_templates AS SELECT DISTINCT key FROM ({recurring})")
        con.execute(f"""CREATE OR REPLACE TEMP TABLE rf_boiler AS
            SELECT pid, min(key) AS key FROM (
                SELECT pid, key FROM rf_bcand WHERE key IN (SELECT key FROM rf_templates)
                UNION ALL
                SELECT b.pid, t.key FROM rf_bcand b JOIN (
                    SELECT k1, min(key) AS key FROM rf_bcand WHERE key IN (SELECT key FROM rf_templates)
                    GROUP BY k1) t ON b.k1 = t.k1
                WHERE b.key NOT IN (SELECT key FROM rf_templates)
                UNION ALL
                SELECT p.pid, p.masked_hash FROM {masked} p JOIN (
                    SELECT masked_hash FROM {masked} GROUP BY masked_hash
                    HAVING count(*) >= {maxp} OR count(DISTINCT grp) >= {minm}) g
                    ON p.masked_hash = g.masked_hash
                    WHERE p.pid IN (SELECT pid FROM rf_focus))
            GROUP BY pid""")
        boiler_all = ("SELECT pid FROM rf_boiler" if reports is None else
                      "SELECT pid FROM rf_boiler UNION ALL SELECT pid FROM reuse_members m "
                      "JOIN reuse_clusters c ON c.cluster = m.cluster WHERE c.kind = 'boilerplate'")
        con.execute(f"CREATE OR REPLACE TEMP TABLE rf_boiler_all AS {boiler_all}")
        con.execute(f"""CREATE OR REPLACE TEMP TABLE rf_post AS
            SELECT s.h, s.pid, p.shingles AS ns FROM {src} s SEMI JOIN rf_df d ON s.h = d.h
            JOIN reuse_passages p ON p.pid = s.pid
            ANTI JOIN rf_freq f ON s.h = f.h ANTI JOIN rf_boiler_all b ON s.pid = b.pid""")
        focus = "" if reports is None else "AND (x.pid IN (SELECT pid FROM rf_focus) OR y.pid IN (SELECT pid FROM rf_focus))"
        # candidates: two shared n-grams, or one for a short passage (few n-grams to share)
        con.execute(f"""CREATE OR REPLACE TEMP TABLE rf_cand AS
            SELECT a, b, max(shared) AS shared FROM (
                SELECT x.pid AS a, y.pid AS b, count(*)::INTEGER AS shared
                FROM rf_post x JOIN rf_post y ON x.h = y.h AND x.pid < y.pid
                    WHERE true {focus}
                    GROUP BY x.pid, y.pid
                    HAVING count(*) >= {int(settings.corpus_min_shared)} OR min(least(x.ns, y.ns)) <= {small}
                UNION ALL
                SELECT x.pid, y.pid, 0 FROM {masked} x JOIN {masked} y
                    ON x.masked_hash = y.masked_hash AND x.pid < y.pid
                    WHERE x.pid NOT IN (SELECT pid FROM rf_boiler_all) AND y.pid NOT IN (SELECT pid FROM rf_boiler_all)
                    {focus})
            GROUP BY a, b""")
        (n_focus,) = con.execute("SELECT count(*) FROM rf_focus").fetchall()[0]
        (n_cand,) = con.execute("SELECT count(*) FROM rf_cand").fetchall()[0]
        (n_boiler,) = con.execute("SELECT count(*) FROM rf_boiler").fetchall()[0]
        return n_focus, n_cand, n_boiler

    def reuse_candidate_batches(self, size: int = 100_000):
        """The candidate pairs with what verification needs, as Arrow record batches."""
        reader = self._con.sql("""
            SELECT c.a, c.b, x.norm AS a_norm, y.norm AS b_norm, x.masked_hash AS a_masked,
                   y.masked_hash AS b_masked, x.raw_hash AS a_raw, y.raw_hash AS b_raw,
                   x.chars AS a_chars, y.chars AS b_chars, c.shared, x.shingles AS a_ns, y.shingles AS b_ns
            FROM rf_cand c JOIN reuse_passages x ON x.pid = c.a JOIN reuse_passages y ON y.pid = c.b
        """).to_arrow_reader(size)
        yield from reader

    def reuse_store_pairs(self, pairs: pa.Table, settings, reports: list[str] | None) -> None:
        """Store verified pairs, earlier passage first, with their scope; a full run replaces
        everything, an incremental one adds."""
        con = self._con
        with self._transaction():
            if reports is None:
                for table in ("reuse_pairs", "reuse_members", "reuse_clusters", "reuse_checked"):
                    con.execute(f"DELETE FROM {table}")
            con.register("incoming_pairs", pairs)
            try:
                con.execute("""
                    INSERT INTO reuse_pairs
                    WITH v AS (
                        SELECT q.*, (coalesce(ra.year, 99999), px.report, px.pid)
                                    <= (coalesce(rb.year, 99999), py.report, py.pid) AS ordered,
                               CASE WHEN px.report = py.report THEN 'internal'
                                    WHEN ra.municipality IS NULL OR rb.municipality IS NULL THEN 'unknown'
                                    WHEN lower(ra.municipality) <> lower(rb.municipality) THEN 'copying'
                                    WHEN ra.year IS DISTINCT FROM rb.year THEN 'stale'
                                    ELSE 'internal' END AS scope
                        FROM incoming_pairs q JOIN reuse_passages px ON px.pid = q.a
                        JOIN reuse_passages py ON py.pid = q.b
                        JOIN reports ra ON ra.sha256 = px.report JOIN reports rb ON rb.sha256 = py.report)
                    SELECT CASE WHEN ordered THEN a ELSE b END, CASE WHEN ordered THEN b ELSE a END,
                           class, similarity, chars, scope FROM v""")
            finally:
                con.unregister("incoming_pairs")
            checked = (self._con.execute("SELECT sha256 FROM reports").fetchall() if reports is None
                       else [(r,) for r in reports])
            con.execute("DELETE FROM reuse_checked WHERE report IN (SELECT unnest(?::VARCHAR[]))",
                        [[r for (r,) in checked]])
            con.executemany("INSERT INTO reuse_checked VALUES (?)", checked) if len(checked) < 1000 else \
                con.execute("INSERT INTO reuse_checked SELECT sha256 FROM reports")

    def reuse_cluster(self, reports: list[str] | None) -> None:
        """Clusters of connected pairs (all of them, or those touched by ``reports``' new
        pairs), and boilerplate clusters; each with its earliest report as the probable source."""
        from .compare.corpus_reuse import components

        con = self._con
        with self._transaction():
            if reports is None:
                a, b = (con.execute("SELECT a, b FROM reuse_pairs").fetchnumpy()[k] for k in ("a", "b"))
                changed = None
                nodes, labels = components(np.asarray(a, np.int64), np.asarray(b, np.int64))
                con.register("incoming_members", pa.table({"pid": nodes.astype(np.int32),
                                                            "cluster": labels.astype(np.int32)}))
                con.execute("INSERT INTO reuse_members SELECT * FROM incoming_members")
                con.unregister("incoming_members")
                (base,) = con.execute("SELECT coalesce(max(cluster) + 1, 0) FROM reuse_members").fetchall()[0]
                con.execute(f"""INSERT INTO reuse_members SELECT pid, {base} + dense_rank() OVER (ORDER BY key) - 1
                                FROM rf_boiler""")
                con.execute(f"""INSERT INTO reuse_clusters (cluster, kind, key)
                                SELECT DISTINCT cluster, CASE WHEN cluster >= {base} THEN 'boilerplate' ELSE 'copy' END,
                                       NULL FROM reuse_members""")
                con.execute("""UPDATE reuse_clusters c SET key = k.key FROM (
                                SELECT m.cluster, min(b.key) AS key FROM rf_boiler b JOIN reuse_members m ON m.pid = b.pid
                                GROUP BY m.cluster) k WHERE c.cluster = k.cluster""")
            else:
                changed = self._reuse_merge_incremental()
            self._reuse_cluster_rows(changed)

    def _reuse_merge_incremental(self) -> list[int]:
        """Fold the focus reports' new pairs and boilerplate into the stored clusters."""
        con = self._con
        new = con.execute("""SELECT q.a, q.b FROM reuse_pairs q WHERE q.a IN (SELECT pid FROM rf_focus)
                             OR q.b IN (SELECT pid FROM rf_focus)""").fetchall()
        pids = sorted({p for pair in new for p in pair})
        existing = dict(con.execute("SELECT pid, cluster FROM reuse_members WHERE pid IN (SELECT unnest(?::INTEGER[]))",
                                    [pids]).fetchall()) if pids else {}
        parent: dict = {}

        def find(x):
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a, b in new:
            parent[find(("p", a))] = find(("p", b))
        for pid, cluster in existing.items():
            parent[find(("p", pid))] = find(("c", cluster))
        groups: dict = {}
        for node in list(parent):
            groups.setdefault(find(node), []).append(node)
        (next_id,) = con.execute("SELECT coalesce(max(cluster) + 1, 0) FROM reuse_clusters").fetchall()[0]
        changed = []
        for nodes in groups.values():
            clusters = sorted(c for kind, c in nodes if kind == "c")
            target = clusters[0] if clusters else next_id
            if not clusters:
                next_id += 1
                con.execute("INSERT INTO reuse_clusters (cluster, kind) VALUES (?, 'copy')", [target])
            if len(clusters) > 1:
                con.execute("UPDATE reuse_members SET cluster = ? WHERE cluster IN (SELECT unnest(?::INTEGER[]))",
                            [target, clusters[1:]])
                con.execute("DELETE FROM reuse_clusters WHERE cluster IN (SELECT unnest(?::INTEGER[]))", [clusters[1:]])
            fresh = [p for kind, p in nodes if kind == "p" and p not in existing]
            if fresh:
                con.execute("INSERT INTO reuse_members SELECT unnest(?::INTEGER[]), ?", [fresh, target])
            changed.append(target)
        # boilerplate of the focus reports: into the cluster of the same template, or a new one
        rows = con.execute("""SELECT b.pid, b.key, c.cluster FROM rf_boiler b
                              LEFT JOIN reuse_clusters c ON c.kind = 'boilerplate' AND c.key = b.key
                              WHERE b.pid NOT IN (SELECT pid FROM reuse_members)""").fetchall()
        made: dict[int, int] = {}
        for pid, key, cluster in rows:
            if cluster is None:
                cluster = made.get(key)
                if cluster is None:
                    cluster = made[key] = next_id
                    next_id += 1
                    con.execute("INSERT INTO reuse_clusters (cluster, kind, key) VALUES (?, 'boilerplate', ?)",
                                [cluster, key])
            con.execute("INSERT INTO reuse_members VALUES (?, ?)", [pid, cluster])
            changed.append(cluster)
        return sorted(set(changed))

    def _reuse_cluster_rows(self, clusters: list[int] | None) -> None:
        """Recompute the summary columns of these clusters (None: all)."""
        where = "" if clusters is None else "WHERE m.cluster IN (SELECT unnest(?::INTEGER[]))"
        self._con.execute(f"""
            UPDATE reuse_clusters c SET passages = s.passages, reports = s.reports,
                municipalities = s.municipalities, source_report = s.source_report,
                source_pid = s.source_pid, first_year = s.first_year, last_year = s.last_year, text = s.text
            FROM (SELECT m.cluster, count(*) AS passages, count(DISTINCT p.report) AS reports,
                         count(DISTINCT p.grp) AS municipalities,
                         first(p.report ORDER BY r.year NULLS LAST, p.report, p.pid) AS source_report,
                         first(p.pid ORDER BY r.year NULLS LAST, p.report, p.pid) AS source_pid,
                         min(r.year) AS first_year, max(r.year) AS last_year,
                         first(p.text ORDER BY r.year NULLS LAST, p.report, p.pid) AS text
                  FROM reuse_members m JOIN reuse_passages p ON p.pid = m.pid
                  JOIN reports r ON r.sha256 = p.report {where} GROUP BY m.cluster) s
            WHERE c.cluster = s.cluster""", [clusters] if clusters is not None else None)

    def remove(self, sha256: str) -> None:
        """Remove a stored report that no file holds (a synthetic one), with its reuse rows."""
        with self._transaction():
            self._forget_if_unused(sha256)

    def link(self, sha256: str, files: list[FileStat]) -> None:
        """Point ``files`` at the stored report ``sha256``: a duplicate, or a file seen again."""
        with self._transaction():
            self._link(sha256, files)

    def record_error(self, path: str, sha256: str | None, kind: str, reason: str) -> None:
        """Record that ``path`` failed. Its earlier good content, if any, is no longer there."""
        with self._transaction():
            old = self._con.execute("SELECT sha256 FROM files WHERE path = ?", [path]).fetchone()
            self._con.execute("DELETE FROM files WHERE path = ?", [path])
            if old:
                self._forget_if_unused(old[0])
            self._con.execute("DELETE FROM errors WHERE path = ?", [path])
            self._con.execute("INSERT INTO errors VALUES (?, ?, ?, ?, ?)",
                              [path, sha256, kind, reason, _utcnow()])

    # -- internals ---------------------------------------------------------------------------------
    def _create_schema(self) -> None:
        """Create missing tables, and add columns for fields the model gained since."""
        existing: dict[str, set[str]] = {}
        for table, column in self._con.execute(
                "SELECT table_name, column_name FROM duckdb_columns() "
                "WHERE database_name = current_database() AND schema_name = 'main'").fetchall():
            existing.setdefault(table, set()).add(column)
        with self._transaction():
            for table, columns in SCHEMA.items():
                if table not in existing:
                    key = _PRIMARY_KEYS.get(table)
                    spec = ", ".join(f"{_ident(c.name)} {c.type}" + (" PRIMARY KEY" if c.name == key else "")
                                     for c in columns)
                    self._con.execute(f"CREATE TABLE {table} ({spec})")
                    continue
                for c in columns:
                    if c.name not in existing[table]:
                        self._con.execute(f"ALTER TABLE {table} ADD COLUMN {_ident(c.name)} {c.type}")

    @contextmanager
    def _transaction(self):
        """One transaction; a failed write (disk full, quota) becomes :class:`DatabaseWriteFailed`
        naming the database, instead of an internal error."""
        self._con.begin()
        try:
            yield
            self._con.commit()
        except BaseException as exc:
            try:
                self._con.rollback()
            except duckdb.Error:
                pass  # a failed commit has ended the transaction already
            if isinstance(exc, duckdb.Error) and _write_failure(exc):
                raise errors.DatabaseWriteFailed(str(self.path), _write_reason(exc)) from exc
            raise

    def _insert_report(self, data: dict) -> None:
        from . import __version__

        sha = data["source"]["sha256"]
        self._insert("reports", [{**data["source"], **data["metadata"], "ingested_at": _utcnow(),
                                  "parser_version": __version__}])
        for table in CHILD_TABLES:
            self._insert(table, [{"report": sha, "seq": i, **item} for i, item in enumerate(data[table])])

    def _insert(self, table: str, rows: list[dict]) -> None:
        """Insert many rows with one statement: they go to DuckDB as one Arrow table, which is
        far faster than a parameterised INSERT per row."""
        if not rows:
            return
        columns = SCHEMA[table]
        for row in rows:
            for c in columns:
                if c.is_json and c.name in row:
                    row[c.name] = json.dumps(row[c.name], ensure_ascii=False)
        arrow = pa.Table.from_pylist(rows, schema=pa.schema([(c.name, _ARROW[c.type]) for c in columns]))
        self._con.register("incoming_rows", arrow)
        try:
            self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
        finally:
            self._con.unregister("incoming_rows")

    def _link(self, sha256: str, files: list[FileStat]) -> None:
        now = _utcnow()
        for f in files:
            old = self._con.execute("SELECT sha256 FROM files WHERE path = ?", [f.path]).fetchone()
            self._con.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                              [f.path, sha256, f.size, f.mtime_ns, now])
            self._con.execute("DELETE FROM errors WHERE path = ?", [f.path])
            if old and old[0] != sha256:
                self._forget_if_unused(old[0])

    def _forget_if_unused(self, sha256: str) -> None:
        """A path no longer holds ``sha256``: drop that report if no other path holds it, else
        make sure ``reports.path`` names a path that does."""
        holders = self._con.execute("SELECT min(path) FROM files WHERE sha256 = ?", [sha256]).fetchone()[0]
        if holders is None:
            pids = "(SELECT pid FROM reuse_passages WHERE report = ?)"
            self._con.execute(f"DELETE FROM reuse_pairs WHERE a IN {pids} OR b IN {pids}", [sha256, sha256])
            for table in ("reuse_members", "reuse_shingles"):
                self._con.execute(f"DELETE FROM {table} WHERE pid IN {pids}", [sha256])
            self._con.execute("DELETE FROM reuse_passages WHERE report = ?", [sha256])
            self._con.execute("DELETE FROM reuse_checked WHERE report = ?", [sha256])
            for table in CHILD_TABLES:
                self._con.execute(f"DELETE FROM {table} WHERE report = ?", [sha256])
            self._con.execute("DELETE FROM reports WHERE sha256 = ?", [sha256])
        else:
            self._con.execute("UPDATE reports SET path = ? WHERE sha256 = ? AND path NOT IN "
                              "(SELECT path FROM files WHERE sha256 = ?)", [holders, sha256, sha256])

    def _frame(self, table: str) -> pd.DataFrame:
        return self._con.execute(f"SELECT * FROM {table}").df()

    def _dicts(self, query: str, params: list) -> list[dict]:
        cursor = self._con.execute(query, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def _ident(name: str) -> str:
    """Quote a column name: model fields such as ``group`` and ``row`` are SQL keywords."""
    return '"' + name.replace('"', '""') + '"'


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


_WRITE_FAILURES = ("could not write", "no space left", "file too large", "disk quota", "read-only file system",
                   "input/output error")


def _write_failure(exc: Exception) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.IOException) or any(s in text for s in _WRITE_FAILURES)


def _write_reason(exc: Exception) -> str:
    """The operating system's words from DuckDB's message ("File too large", "No space left
    on device"), without DuckDB's own wrapping."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text.rsplit(": ", 1)[-1][:120] if ": " in text else text[:120]
