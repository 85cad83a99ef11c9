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
``files``
    every ingested path and the content (``sha256``) it held, with the ``size`` and
    ``mtime_ns`` seen then. The same content under two paths is **one report and two rows
    here**; ``reports.path`` is one of them (the first ingested that still holds it).
``errors``
    one row per file that could not be stored: ``path``, ``sha256`` (null when the file could
    not be read), ``kind`` (the error class, e.g. ``EncryptedPDF``), ``reason`` (the one-line
    message), ``time`` (UTC).
``reuse``
    created by ``reuse --db`` (not built yet); until then :attr:`Corpus.reuse` is an empty frame
    with :data:`REUSE_COLUMNS`.

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
import pandas as pd
import pyarrow as pa

from . import errors
from .model import Metadata, Report, Source

# The reuse results, one row per match: INTERFACE.md's `reuse` JSON flattened, reports by sha256.
REUSE_COLUMNS = ("a_report", "a_text", "a_section", "a_page", "b_report", "b_text", "b_section",
                 "b_page", "similarity", "chars", "boilerplate")

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
}
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
    def files(self) -> pd.DataFrame:
        return self._frame("files")

    @property
    def errors(self) -> pd.DataFrame:
        return self._frame("errors")

    @property
    def reuse(self) -> pd.DataFrame:
        if "reuse" not in self.tables():
            return pd.DataFrame(columns=list(REUSE_COLUMNS))
        return self._frame("reuse")

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
        data = {"source": {c.name: row[c.name] for c in _model_columns(Source)},
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
            self._link(sha, files)

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
        self._con.begin()
        try:
            yield
        except BaseException:
            self._con.rollback()
            raise
        self._con.commit()

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
