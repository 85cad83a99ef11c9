"""The app's one module of data access: where reports come from (the corpus database, the
bundled sample corpus, uploads) and the Streamlit caches around the library. Parsed reports and
comparisons are cached by the PDFs' content hashes, so a file is parsed once however it arrives.
Pages call these functions and only lay out what they return."""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

import rapportanalys
from rapportanalys import errors
from rapportanalys.compare import compare, find_reuse
from rapportanalys.compare.result import Comparison, Reuse
from rapportanalys.model import Report
from rapportanalys.present import views

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus"
DB_ENV = "RAPPORTANALYS_DB"
UPLOADS = Path(tempfile.gettempdir()) / "rapportanalys-app"


def db_path() -> str | None:
    """The corpus database given with ``rapportanalys app --db``, or None (the sample corpus)."""
    return os.environ.get(DB_ENV) or None


@dataclass(frozen=True)
class Choice:
    """A report the user can pick: from the database (by sha256) or a PDF file."""
    label: str
    sha256: str | None = None
    pdf: str | None = None


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
    """Every report the user can pick: the database's, or the sample corpus's PDFs."""
    db = db_path()
    if db:
        frame = corpus_reports(db).sort_values(["municipality", "year", "title"], na_position="last")
        return [Choice(f"{r.title or Path(str(r.path)).name} ({r.municipality or 'okänd kommun'}, "
                       f"{'okänt år' if r.year is None or r.year != r.year else int(r.year)})", sha256=r.sha256)
                for r in frame.itertuples()]
    return [Choice(p.name, pdf=str(p)) for p in sorted(SAMPLE.glob("*.pdf"))]


@st.cache_resource(show_spinner=False, max_entries=64)
def _parse(sha256: str, pdf: str, name: str) -> Report:
    report = rapportanalys.parse(pdf)
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
    if choice.sha256:
        db = db_path()
        try:
            report = _stored(db, choice.sha256)
        except KeyError as exc:
            raise Unavailable(f"{choice.label}: rapporten finns inte längre i databasen.") from exc
        pdf = report.source.path if os.path.isfile(report.source.path) else None
        return report, pdf
    try:
        return _parse(_hash(choice.pdf), choice.pdf, Path(choice.pdf).name), choice.pdf
    except OSError as exc:
        raise Unavailable(f"{Path(choice.pdf).name}: filen kan inte läsas.") from exc
    except Exception as exc:
        raise Unavailable(views.error_sv(exc, Path(choice.pdf).name)) from exc


def load_upload(name: str, data: bytes) -> tuple[Report, str]:
    """Parse an uploaded PDF (cached by its content hash); Unavailable with the Swedish reason
    for a file that is too large or cannot be read."""
    message = views.too_large_sv(name, len(data))
    if message:
        raise Unavailable(message)
    sha = hashlib.sha256(data).hexdigest()
    UPLOADS.mkdir(parents=True, exist_ok=True)
    pdf = UPLOADS / f"{sha}.pdf"
    if not pdf.exists():
        pdf.write_bytes(data)
    try:
        return _parse(sha, str(pdf), name), str(pdf)
    except Exception as exc:
        raise Unavailable(views.error_sv(exc, name)) from exc


@st.cache_resource(show_spinner=False, max_entries=16)
def _compare(old_key: str, new_key: str, _old: Report, _new: Report) -> Comparison:
    return compare(_old, _new)


def comparison(old: Report, new: Report) -> Comparison:
    return _compare(_key(old), _key(new), old, new)


def _key(report: Report) -> str:
    return report.source.sha256 or f"{report.source.path}:{id(report)}"


@st.cache_data(show_spinner=False, max_entries=16)
def exports(old_key: str, new_key: str, _result: Comparison) -> dict[str, bytes]:
    """The comparison as Excel, self-contained HTML and JSON."""
    import json

    from rapportanalys.present.html import compare_html
    from rapportanalys.present.xlsx import compare_xlsx

    return {"xlsx": compare_xlsx(_result), "html": compare_html(_result).encode("utf-8"),
            "json": json.dumps(_result.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")}


def export_bytes(result: Comparison) -> dict[str, bytes]:
    return exports(_key(result.old_report), _key(result.new_report), result)


@st.cache_data(show_spinner=False, max_entries=64)
def page_png(pdf: str, page: int, boxes: tuple) -> bytes:
    return views.page_image(pdf, page, list(boxes))


# -- the corpus page ---------------------------------------------------------------------------
def corpus_db() -> str:
    """The database for the Korpus page: --db, or the sample corpus ingested once into a
    temporary database."""
    return db_path() or _sample_db()


@st.cache_resource(show_spinner=False)
def _sample_db() -> str:
    from rapportanalys.ingest import find_pdfs, ingest

    db = Path(tempfile.mkdtemp(prefix="rapportanalys-sample-")) / "exempelkorpus.duckdb"
    for _event in ingest(find_pdfs([SAMPLE]), db, workers=1):
        pass
    return str(db)


@st.cache_resource(show_spinner=False, max_entries=4)
def _all_reports(db: str, stamp: float) -> list[Report]:
    with _open(db) as corpus:
        return [corpus.report(sha) for sha in corpus.reports["sha256"]]


def all_reports(db: str) -> list[Report]:
    return _all_reports(db, _db_stamp(db))


@st.cache_data(show_spinner=False, max_entries=4)
def stale_over_years(db: str, stamp: float):
    from rapportanalys.compare.series import series_pairs

    reports = _all_reports(db, stamp)
    pairs = series_pairs(reports)
    return views.stale_over_years(pairs, [comparison(a, b) for a, b in pairs])


@st.cache_resource(show_spinner=False, max_entries=4)
def reuse(db: str, stamp: float) -> Reuse:
    return find_reuse(_all_reports(db, stamp))


def municipality_of(db: str) -> dict[str, str]:
    return {r.source.path: r.metadata.municipality or "okänd" for r in all_reports(db)}


def search(db: str, query: str, limit: int = 200):
    with _open(db) as corpus:
        return corpus.sql(views.SEARCH_SQL, views.search_params(query, limit))


def stamp(db: str) -> float:
    return _db_stamp(db)
