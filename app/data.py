"""The app's one module of data access: where reports come from (the corpus database, the
bundled sample corpus, uploads) and the Streamlit caches around the library. Parsed reports and
comparisons are cached by the PDFs' content hashes, so a file is parsed once however it arrives.
Pages call these functions and only lay out what they return."""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

import rapportanalys
from rapportanalys import errors
from rapportanalys.cache import cache_dir, compare_cached, parse_cached
from rapportanalys.compare.result import Comparison
from rapportanalys.model import Report
from rapportanalys.present import corpus_views, page_images, views

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus"
DB_ENV = "RAPPORTANALYS_DB"
# uploads are kept by content hash in the user's cache (not a shared /tmp folder), so that a
# pair with an upload survives a reload; RAPPORTANALYS_CACHE=off keeps them in a temporary one
UPLOADS = (cache_dir() or Path(tempfile.mkdtemp(prefix="rapportanalys-app-"))) / "uploads"


def db_path() -> str | None:
    """The corpus database given with ``rapportanalys app --db``, or None (the sample corpus)."""
    return os.environ.get(DB_ENV) or None


@dataclass(frozen=True)
class Choice:
    """A report the user can pick: stored in the database (by sha256) or a PDF file (the
    sample corpus, or an earlier upload); ``sha256`` always names its content."""
    label: str
    sha256: str
    pdf: str | None = None
    name: str | None = None  # the file name shown for a PDF (an upload's own name)


class Unavailable(Exception):
    """A report or database that cannot be used; ``str()`` is the Swedish message."""


def _db_stamp(db: str) -> float:
    try:
        return os.stat(db).st_mtime_ns
    except OSError:
        return 0


def _open(db: str):
    try:
        return rapportanalys.Corpus(db)
    except errors.RapportanalysError as exc:
        raise Unavailable(views.error_sv(exc, Path(db).name)) from exc
    except Exception as exc:  # duckdb: another configuration in this process, a damaged file
        raise Unavailable(f"{Path(db).name}: korpusdatabasen kan inte öppnas ({type(exc).__name__}).") from exc


@st.cache_data(show_spinner=False, max_entries=8)
def _reports_frame(db: str, stamp: float):
    with _open(db) as corpus:
        return corpus.reports


def corpus_reports(db: str):
    """The database's reports table (re-read when the file changes)."""
    return _reports_frame(db, _db_stamp(db))


def choices() -> list[Choice]:
    """Every report the user can pick: the database's (or the sample corpus's PDFs), then the
    PDFs uploaded earlier; every label unique (``views.choice_labels``)."""
    db = db_path()
    if db:
        frame = corpus_reports(db).sort_values(["municipality", "year", "title"], na_position="last")
        records = frame.to_dict("records")
        found = [Choice(label, r["sha256"]) for label, r in zip(views.choice_labels(records), records)]
    else:
        found = [Choice(p.name, _sample_hash(str(p), p.stat().st_mtime_ns), pdf=str(p), name=p.name)
                 for p in sorted(SAMPLE.glob("*.pdf"))]
    known = {c.sha256 for c in found}
    return found + [c for c in uploaded() if c.sha256 not in known]


@st.cache_data(show_spinner=False, max_entries=64)
def _sample_hash(path: str, mtime_ns: int) -> str:
    return _hash(path)


def uploaded() -> list[Choice]:
    """The PDFs uploaded earlier (kept by content hash beside their own name), so that a pair
    with an upload survives a reload and can be picked again."""
    out = []
    for pdf in sorted(UPLOADS.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True):
        sha = pdf.stem
        try:
            name = (UPLOADS / f"{sha}.name").read_text(encoding="utf-8").strip() or pdf.name
        except OSError:
            name = pdf.name
        out.append(Choice(f"Uppladdad: {name} · sha {sha[:10]}", sha, pdf=str(pdf), name=name))
    return out


def _imports_paused():
    """The background imports of ``app/warm.py`` held back around a parse (``warm.paused``: a
    parse forks, and must not while another thread is inside an import); nothing to hold under
    a bare ``streamlit run`` or AppTest, where ``warm`` is not loaded."""
    warm = sys.modules.get("warm")
    return warm.paused() if warm is not None else nullcontext()


@st.cache_resource(show_spinner=False, max_entries=64)
def _parse(sha256: str, pdf: str, name: str) -> Report:
    """Parsed once per content: from the disk cache (``rapportanalys.cache``) when any run
    parsed it before, named by its file name (never a local path)."""
    with _imports_paused():
        report = parse_cached(pdf)
    report.source.path = name
    return report


@st.cache_resource(show_spinner=False, max_entries=64)
def _stored(db: str, sha256: str) -> Report:
    with _open(db) as corpus:
        return corpus.report(sha256)


def _hash(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load(choice: Choice) -> tuple[Report, str | None]:
    """(the report, its PDF file for page images or None)."""
    if choice.pdf is None:
        db = db_path()
        try:
            report = _stored(db, choice.sha256)
        except KeyError as exc:
            raise Unavailable(f"{choice.label}: rapporten finns inte längre i databasen.") from exc
        pdf = report.source.path if os.path.isfile(report.source.path) else None
        return report, pdf
    name = choice.name or Path(choice.pdf).name
    try:
        return _parse(choice.sha256, choice.pdf, name), choice.pdf
    except OSError as exc:
        raise Unavailable(f"{name}: filen kan inte läsas.") from exc
    except Exception as exc:
        raise Unavailable(views.error_sv(exc, name)) from exc


def load_upload(name: str, data: bytes) -> tuple[Report, str]:
    """Parse an uploaded PDF (cached by its content hash); Unavailable with the Swedish reason
    for a file that is too large or cannot be read."""
    message = views.too_large_sv(name, len(data)) or views.not_pdf_sv(name, data)
    if message:
        raise Unavailable(message)
    sha = hashlib.sha256(data).hexdigest()
    UPLOADS.mkdir(parents=True, exist_ok=True)
    pdf = UPLOADS / f"{sha}.pdf"
    if not pdf.exists():
        tmp = UPLOADS / f".{sha}.tmp"
        tmp.write_bytes(data)
        tmp.replace(pdf)
    (UPLOADS / f"{sha}.name").write_text(name, encoding="utf-8")
    try:
        return _parse(sha, str(pdf), name), str(pdf)
    except Exception as exc:
        raise Unavailable(views.error_sv(exc, name)) from exc


def load_uploads(files: list[tuple[str, bytes] | None]) -> list[tuple[Report, str] | Unavailable | None]:
    """:func:`load_upload` of each (name, content), the two of a pair at the same time: a parse
    spends about half its time in a forked child reading the PDF, so two side by side take
    about two thirds of the time of one after the other. Each item is the result, the
    Unavailable it raised, or None (no file)."""
    from concurrent.futures import ThreadPoolExecutor

    from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

    ctx = get_script_run_ctx()

    def one(file):
        if file is None:
            return None
        add_script_run_ctx(ctx=ctx)  # the caches of this session's script run, from this thread
        try:
            return load_upload(*file)
        except Unavailable as exc:
            return exc

    given = [f for f in files if f is not None]
    if len(given) < 2:
        return [one(f) for f in files]
    with ThreadPoolExecutor(len(files), thread_name_prefix="rapportanalys-parse") as pool:
        return list(pool.map(one, files))


@st.cache_resource(show_spinner=False, max_entries=16)
def _compare(old_key: str, new_key: str, _old: Report, _new: Report) -> Comparison:
    """Compared once per pair of contents, and kept on disk (``rapportanalys.cache``): a pair
    opened again, in a new session or after a restart, is read back, not compared again."""
    return compare_cached(_old, _new)


def comparison(old: Report, new: Report) -> Comparison:
    return _compare(_key(old), _key(new), old, new)


def _key(report: Report) -> str:
    return report.source.sha256 or f"{report.source.path}:{id(report)}"


@st.cache_data(show_spinner=False, max_entries=16)
def _exports(old_key: str, new_key: str, shown: tuple, settings: str, _result: Comparison) -> dict[str, bytes]:
    import json

    from rapportanalys.present.html import compare_html
    from rapportanalys.present.xlsx import compare_xlsx

    return {"xlsx": compare_xlsx(_result), "html": compare_html(_result).encode("utf-8"),
            "json": json.dumps(_result.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")}


def export_bytes(result: Comparison, shown: tuple[int, ...]) -> dict[str, bytes]:
    """The comparison as Excel, self-contained HTML and JSON (``result`` is what the filters
    show, from ``views.for_export``; ``shown`` the indices of its passages)."""
    import json

    return _exports(_key(result.old_report), _key(result.new_report), shown,
                    json.dumps(result.settings, sort_keys=True, default=str), result)


@st.cache_data(show_spinner=False, max_entries=64)
def page_sizes(pdf: str, sha256: str) -> list:
    """Every page's size, kept on disk by content hash beside the page images."""
    root = cache_dir()
    keep = root / "viewer" / "pages" / f"{sha256}.sizes.json" if root else None
    return page_images.page_sizes(pdf, keep)


# -- the corpus page ---------------------------------------------------------------------------
def corpus_db() -> str:
    """The database for the Korpus page: --db, or the sample corpus ingested once into a
    temporary database."""
    return db_path() or _sample_db()


@st.cache_resource(show_spinner=False)
def _sample_db() -> str:
    from rapportanalys.compare.corpus_reuse import update_corpus_reuse
    from rapportanalys.ingest import find_pdfs, ingest

    db = Path(tempfile.mkdtemp(prefix="rapportanalys-sample-")) / "exempelkorpus.duckdb"
    # the sample reports and the derived editions, not the layout variants (the same reports
    # laid out again for the reader's tests: as reports they would only repeat themselves)
    pdfs = sorted(SAMPLE.glob("*.pdf")) + sorted((SAMPLE / "derived").glob("*.pdf"))
    for _event in ingest(find_pdfs(pdfs), db, workers=1):
        pass
    with rapportanalys.Corpus(db, read_only=False) as corpus:
        update_corpus_reuse(corpus)
    return str(db)


@dataclass
class CorpusView:
    """What the Korpus page shows, from SQL aggregates (``corpus_views.*_SQL``); ``reuse_done`` says
    whether ``reuse --db`` has been run on the database."""
    counts: object
    reports: object
    stale: object
    matrix: object
    boilerplate: object
    reuse_done: bool


@st.cache_data(show_spinner=False, max_entries=4)
def _corpus_view(db: str, stamp: float) -> CorpusView:
    import pandas as pd

    with _open(db) as corpus:
        tables = set(corpus.tables())
        done = "reuse_checked" in tables and int(corpus.sql("SELECT count(*) AS n FROM reuse_checked")["n"][0]) > 0
        empty = pd.DataFrame()
        series = not corpus.sql("SELECT 1 FROM duckdb_columns() WHERE table_name = 'reports' AND column_name = "
                                "'series' AND database_name = current_database()").empty
        return CorpusView(corpus.sql(corpus_views.COUNTS_SQL), corpus.sql(corpus_views.REPORTS_SQL),
                          corpus.sql(corpus_views.stale_sql(series)) if done else empty,
                          corpus.sql(corpus_views.REUSE_MATRIX_SQL) if done else empty,
                          corpus.sql(corpus_views.BOILERPLATE_SQL, [200]) if done else empty, done)


def corpus_view(db: str) -> CorpusView:
    return _corpus_view(db, _db_stamp(db))


def search(db: str, query: str, limit: int = 200):
    with _open(db) as corpus:
        return corpus.sql(corpus_views.SEARCH_SQL, corpus_views.search_params(query, limit))


def stamp(db: str) -> float:
    return _db_stamp(db)


@st.cache_resource(show_spinner=False, max_entries=8)
def _across(a_key: str, b_key: str, _a: Report, _b: Report):
    from rapportanalys.compare.across import compare_across

    return compare_across(_a, _b)


def across(a: Report, b: Report):
    """The municipality comparison of two reports (``compare --across``), once per pair."""
    return _across(_key(a), _key(b), a, b)


@st.cache_data(show_spinner=False, max_entries=8)
def _across_exports(a_key: str, b_key: str, _result) -> dict[str, bytes]:
    import json

    from rapportanalys.present.across import across_html, across_xlsx

    return {"xlsx": across_xlsx(_result), "html": across_html(_result).encode("utf-8"),
            "json": json.dumps(_result.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")}


def across_export_bytes(result) -> dict[str, bytes]:
    """The municipality comparison as Excel, self-contained HTML and JSON."""
    return _across_exports(_key(result.a_report), _key(result.b_report), result)
