"""The ``rapportanalys`` command: each subcommand is a few calls into the library.

Bad input gives one line, ``rapportanalys: FILE: what is wrong``, and exit code 2; an internal
failure exit code 1; ``--debug`` shows the traceback instead.
"""
from __future__ import annotations

import contextlib
import gc
import itertools
import json
import os
import sys
import traceback
from functools import wraps
from pathlib import Path

import click

from . import __version__
from .errors import MAX_LINE, RapportanalysError, display_name, one_line

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1

# Set by run(), the entry of the console script and of ``python -m rapportanalys.cli``: only a
# process that is nothing but this command may end without the interpreter's teardown. Called
# as a library (``main`` from Python, click's test runner) it stays False.
_process_is_ours = False


def run() -> None:
    """The ``rapportanalys`` console script and ``python -m rapportanalys.cli``."""
    global _process_is_ours
    _process_is_ours = True
    _one_blas_thread()
    main()


# The thread-pool variables of the BLAS libraries numpy may load (OpenBLAS, or MKL and others
# through OpenMP).
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


def _one_blas_thread() -> None:
    """Let numpy's BLAS start no thread pool in this process (a user's own setting wins).

    numpy's OpenBLAS starts one worker thread per core when numpy is imported, and the workers
    spin for a while: on two cores that import cost 0.09 s wall and 0.17 s CPU instead of 0.06 s
    of both, and the spinning thread takes CPU from pdfium's reading child and the spaCy import
    beside it. Nothing here multiplies large matrices with numpy's BLAS (spaCy's models multiply
    with blis, single-threaded; compare's TF-IDF products are scipy.sparse, which uses no BLAS),
    so the pool only costs. Set before numpy is first imported
    (``rapportanalys.cli`` does not import it); ``ingest``'s worker processes inherit it, which is
    also right for them: one process per core already."""
    for name in _BLAS_THREADS:
        os.environ.setdefault(name, "1")


def _fast_exit() -> None:
    """End a finished ``parse`` at once, when the process is ours (:func:`run`).

    Tearing the interpreter down after the output is written frees every object of the report,
    the page layer and the spaCy pipeline one by one, a tenth of a second or more that nobody
    waits for usefully. The output is flushed first (``os._exit`` skips buffered data); should
    that fail (a closed pipe), the normal exit reports it as it always has.
    """
    if not _process_is_ours:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - left to the interpreter's own exit
        return
    os._exit(0)

def _fewer_collections() -> None:
    """Let the garbage collector's youngest generation fill up to 10,000 objects instead of 700
    in a ``parse`` command (:func:`run`).

    Importing spaCy, loading its pipeline and building a report each make hundreds of thousands
    of objects, almost none of them in reference cycles; with the default threshold the
    collector ran some 200 times during one parse of a 108-page report and walked the older
    generations 20 times, all of it within the work the command waits for. At 10,000 the
    parent's CPU time fell by about 0.04 s (0.95-0.98 -> 0.90-0.93 s, three runs each, load 10)
    with the same peak memory (126 MB). Only in a process that is nothing but this command:
    called as a library, the caller's collector settings are its own."""
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(gen0, 10_000), gen1, gen2)


# The page readers (rapportanalys.read.BACKENDS); listed here so that --help does not import them.
BACKEND_CHOICES = ["pdfium", "pdfplumber"]


def backend_option(command):
    return click.option("--backend", type=click.Choice(BACKEND_CHOICES), default="pdfium", show_default=True,
                        help="Page reader: pdfium (fast) or pdfplumber (the reference).")(command)


OCR_CHOICES = ["auto", "always", "never"]  # rapportanalys.read.OCR_MODES


def ocr_option(command):
    return click.option("--ocr", type=click.Choice(OCR_CHOICES), default="auto", show_default=True,
                        help="Read pages by OCR (Tesseract, Swedish): auto = only pages without a usable "
                             "text layer; always = every page; never = none (a scan is refused).")(command)


def _fail(message: str, code: int, limit: int = MAX_LINE) -> None:
    """Print one line (control characters escaped, length capped) and exit with ``code``."""
    click.echo(f"rapportanalys: {one_line(message, limit)}", err=True)
    sys.exit(code)


def handles_errors(command):
    """Turn library errors into the one-line messages of the CLI contract."""
    @wraps(command)
    def wrapper(*args, **kwargs):
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return command(*args, **kwargs)
        except RapportanalysError as exc:
            if debug:
                traceback.print_exc()
            # the file's name in full (the user must find the file), the reason capped
            _fail(str(exc), exc.exit_code, MAX_LINE + len(display_name(exc.path)) + 2)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except MemoryError:  # past the address-space bound outside the reader's own checks
            _fail("out of memory (see RAPPORTANALYS_MAX_MEMORY_MB in the README)", EXIT_BAD_INPUT)
        except Exception as exc:  # a bug: one line unless --debug
            if debug:
                traceback.print_exc()
            _fail(f"internal error: {type(exc).__name__}: {one_line(exc, 200)} (run with --debug for details)",
                  EXIT_INTERNAL)
    return wrapper


BOUND_OPTIONS = {  # option -> the environment variable of read.bounds it sets
    "time_limit": "RAPPORTANALYS_SECONDS",
    "time_per_page": "RAPPORTANALYS_SECONDS_PER_PAGE",
    "max_stream_mb": "RAPPORTANALYS_MAX_STREAM_MB",
    "max_words_per_page": "RAPPORTANALYS_MAX_WORDS_PER_PAGE",
    "max_memory_mb": "RAPPORTANALYS_MAX_MEMORY_MB",
}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.option("--time-limit", type=click.FloatRange(min=1), default=None, metavar="SECONDS",
              help="Wall time per file before pages are counted (default 60).")
@click.option("--time-per-page", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Extra wall time per page (default 1).")
@click.option("--max-stream-mb", type=click.FloatRange(min=1), default=None, metavar="MB",
              help="Largest inflated stream; a bigger one is a flate bomb (default 128).")
@click.option("--max-words-per-page", type=click.IntRange(min=1), default=None, metavar="N",
              help="Most words on one page (default 20000).")
@click.option("--max-memory-mb", type=click.FloatRange(min=0), default=None, metavar="MB",
              help="Address space of a parse, 0 = no limit (default 4096).")
@click.version_option(__version__, prog_name="rapportanalys")
def main(debug: bool, **bounds) -> None:
    """Read Swedish municipal follow-up reports (PDF) and show what changed.

    Every file is read within bounds (time, inflated size, words per page, memory); the
    options above change them, as do the RAPPORTANALYS_* variables named in the README.
    """
    from .read.libraries import quiet_libraries

    quiet_libraries()  # stderr carries only our own lines
    for option, value in bounds.items():
        if value is not None:  # through the environment: ingest's worker processes see it too
            os.environ[BOUND_OPTIONS[option]] = str(value)


@main.command()
@click.argument("report", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "text"]), default="json",
              show_default=True, help="json: the full structure; markdown: the text; text: an outline.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to FILE instead of stdout.")
@backend_option
@ocr_option
@handles_errors
def parse(report: Path, fmt: str, output: Path | None, backend: str = "pdfium", ocr: str = "auto") -> None:
    """Parse REPORT.pdf into metadata, sections, blocks and tables.

    Example: rapportanalys parse corpus/kungalv_social-hallbarhet_2023.pdf --format text
    """
    if _process_is_ours:
        _fewer_collections()
    from .pipeline import parse as parse_pdf
    from .read.bounds import limit_memory
    from .render import to_markdown, to_text

    limit_memory()  # the address-space backstop; the wall time is the parse's own alarm
    result = parse_pdf(report, backend=backend, ocr=ocr, beside=True)
    if fmt == "json":
        _write_json(result.to_dict(), output)
    else:
        _write({"markdown": to_markdown, "text": to_text}[fmt](result), output)
    _fast_exit()


@main.command()
@click.option("--corpus", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Folder of PDFs (default: the bundled sample corpus).")
@handles_errors
def demo(corpus: Path | None) -> None:
    """Parse every PDF of the sample corpus and print each report's outline, then compare
    each report with the previous year's edition of the same series.

    Example: rapportanalys demo
    """
    from .compare import compare
    from .compare.series import series_pairs
    from .pipeline import parse as parse_pdf
    from .present.text import compare_text
    from .render import to_text

    folder = corpus or _sample_corpus()
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        _fail(f"{folder}: no PDF files", EXIT_BAD_INPUT)
    failed, reports = 0, []
    for pdf in pdfs:
        try:
            reports.append(parse_pdf(pdf))
            click.echo(to_text(reports[-1]))
        except RapportanalysError as exc:
            failed += 1
            click.echo(f"rapportanalys: {exc}", err=True)
    click.echo(f"parsed {len(pdfs) - failed} of {len(pdfs)} reports in {folder}", err=True)
    for older, newer in series_pairs(reports):
        click.echo(compare_text(compare(older, newer), color=_colour(None)))
        click.echo(f"compared {older.source.path} with {newer.source.path}", err=True)
    command = Path(sys.argv[0]).resolve() if sys.argv and Path(sys.argv[0]).name == "rapportanalys" else "rapportanalys"
    click.echo(f"next: {command} app   (the Swedish app on the sample corpus, http://127.0.0.1:8501)", err=True)


def _sample_corpus() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "corpus").is_dir() and (parent / "pyproject.toml").exists():
            return parent / "corpus"
    raise click.ClickException("the sample corpus is not found (run from a checkout of rapportanalys)")


def _write_json(data, output: Path | None) -> None:
    """``data`` as ``json.dumps(data, ensure_ascii=False, indent=2)`` and a line break, written
    as it is encoded: the whole text of a long report, and the list of its pieces that
    ``dumps`` joins, were the parent's largest peak (31 MB at 5,000 pages, more than the
    structure stage's)."""
    chunks = json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data)
    with (contextlib.nullcontext(sys.stdout) if output is None else output.open("w", encoding="utf-8")) as out:
        while batch := list(itertools.islice(chunks, 4096)):
            out.write("".join(batch))
        out.write("\n")
    if output is not None:
        click.echo(f"wrote {output}", err=True)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@main.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The corpus database, a DuckDB file (created when missing).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Parser processes (default: all cores; not used with --scheduler).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Parse on the Dask cluster at ADDRESS (tcp://host:8786); needs rapportanalys[dask].")
@backend_option
@ocr_option
@handles_errors
def ingest(paths: tuple[Path, ...], db: Path, workers: int | None, scheduler: str | None,
           backend: str = "pdfium", ocr: str = "auto") -> None:
    """Store the reports in PATH... (PDFs, and folders searched for *.pdf) in a corpus database.

    Only new and changed files are parsed. A bad file is reported, recorded in the errors
    table with its reason, and the batch goes on; a killed run resumes where it stopped.

    Example: rapportanalys ingest corpus/ --db corpus.duckdb
    """
    from tqdm import tqdm

    from .errors import InputNotFound
    from .ingest import STATUSES, find_pdfs, ingest as ingest_files

    # A mistyped PATH stops the run before any work, in the one-line form of every other error
    # (Click's own check would print four lines of usage).
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise InputNotFound(str(missing[0]), f"and {len(missing) - 1} more" if len(missing) > 1 else None)
    files = find_pdfs(paths)
    counts = dict.fromkeys(STATUSES, 0)
    # tqdm: rate and time left over thousands of files, and failure lines that do not break the
    # bar; it is hidden when stderr is not a terminal (logs, pipes).
    with tqdm(total=len(files), unit="file", file=sys.stderr, disable=None) as bar:
        for event in ingest_files(files, db, workers=workers, scheduler=scheduler, backend=backend, ocr=ocr):
            counts[event.status] += 1
            if event.status == "failed":  # event.path is the file's safe name (one line)
                bar.write(f"rapportanalys: {event.path}: {one_line(event.reason or '')}", file=sys.stderr)
            bar.update()
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    click.echo(f"{db}: {summary} (of {len(files)} files)", err=True)


@main.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The corpus database written by ingest.")
@click.option("--parquet", "directory", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the Parquet files (created when missing).")
@handles_errors
def export(db: Path, directory: Path) -> None:
    """Write every table of the corpus database as DIR/<table>.parquet.

    Example: rapportanalys export --db corpus.duckdb --parquet corpus-parquet/
    """
    from .store import Corpus

    with Corpus(db) as corpus:
        for path, rows in corpus.export_parquet(directory):
            click.echo(f"wrote {path} ({rows} rows)", err=True)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "html", "xlsx", "text"]), default="json",
              show_default=True,
              help="json: every passage with status, diff and figures; html: one page to share; "
                   "xlsx: a workbook for Excel; text: a terminal summary.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to FILE instead of stdout (needed for xlsx on a terminal).")
@click.option("--across/--same", "across", default=None,
              help="--across: compare two municipalities' reports (topics, shared text, indicators, "
                   "activities); --same: year over year. Default: across when the reports name "
                   "different municipalities.")
@backend_option
@ocr_option
@handles_errors
def compare(old: Path, new: Path, fmt: str, output: Path | None, backend: str = "pdfium",
            across: bool | None = None, ocr: str = "auto") -> None:
    """Compare last year's report OLD.pdf with this year's NEW.pdf.

    Every passage gets a status (unchanged, figures_updated, modified, new, removed), a
    word-level diff and its changed figures (tables cell by cell); sentences carried over
    inside edited passages are marked; each section gets its share of stale text; the
    activities of two plan follow-ups are compared. The same file twice gives a warning.

    Example: rapportanalys compare corpus/kungalv_social-hallbarhet_2022.pdf
    corpus/kungalv_social-hallbarhet_2023.pdf --format html -o jamforelse.html
    """
    # both reports and the comparison from the cache when this pair was compared before (by this
    # command or the app): then neither the parser nor scikit-learn is even imported
    from .cache import compare_cached, parse_cached
    from .compare.which import different_municipalities

    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise click.UsageError("xlsx is a binary format: give -o FILE (or redirect stdout)")
    a, b = parse_cached(old, backend=backend, ocr=ocr), parse_cached(new, backend=backend, ocr=ocr)
    if across or (across is None and different_municipalities(a, b)):
        from .present.across import write_across
        write_across(a, b, fmt, output, _write, _write_bytes, _colour(output))
        return
    result = compare_cached(a, b, backend=backend, ocr=ocr)
    if result.summary["identical"]:
        click.echo(f"warning: {old} and {new} are the same file (equal sha256): nothing to compare", err=True)
    if fmt == "xlsx":
        from .present.xlsx import compare_xlsx
        _write_bytes(compare_xlsx(result), output)
    elif fmt == "html":
        from .present.html import compare_html
        _write(compare_html(result), output)
    elif fmt == "text":
        from .present.text import compare_text
        _write(compare_text(result, color=_colour(output)), output)
    else:
        _write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", output)


@main.command()
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path))
@click.option("--db", type=click.Path(path_type=Path), default=None,
              help="Read the reports of a corpus database (see ingest) instead of PDFs.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="json: every shared passage; text: a summary, boilerplate listed apart.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to FILE instead of stdout.")
@click.option("--scope", type=click.Choice(["all", "stale", "copying"]), default="all", show_default=True,
              help="With --db: stale = same municipality across years; copying = across municipalities.")
@click.option("--rebuild", is_flag=True, help="With --db: recompute all reuse, not only for new reports.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="With --db: at most N pairs, longest first.")
@handles_errors
def reuse(reports: tuple[Path, ...], db: Path | None, fmt: str, output: Path | None, scope: str = "all",
          rebuild: bool = False, limit: int | None = None) -> None:
    """Find passages shared between REPORT.pdf files, or repeated inside one.

    A folder stands for the PDFs in it. A file that cannot be read is reported on stderr and
    left out; the others are compared. Template text found in many places is flagged
    boilerplate.

    Example: rapportanalys reuse corpus/ --format text
    """
    from .cache import parse_cached as parse_pdf
    from .compare import find_reuse

    if db is not None:
        return _reuse_db(db, reports, fmt, output, scope, rebuild, limit)
    pdfs = [p for path in reports for p in (sorted(path.glob("*.pdf")) if path.is_dir() else [path])]
    if not pdfs:
        raise click.UsageError("give one or more REPORT.pdf (or a folder of them)")
    parsed = []
    for pdf in pdfs:
        try:
            parsed.append(parse_pdf(pdf))
        except RapportanalysError as exc:
            if exc.exit_code != EXIT_BAD_INPUT:
                raise
            click.echo(f"rapportanalys: {exc} (left out)", err=True)
    if not parsed:
        _fail("no readable report among the inputs", EXIT_BAD_INPUT)
    result = find_reuse(parsed)
    if fmt == "text":
        from .present.text import reuse_text
        _write(reuse_text(result, color=_colour(output)), output)
    else:
        _write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", output)


def _reuse_db(db: Path, reports: tuple[Path, ...], fmt: str, output: Path | None, scope: str,
              rebuild: bool, limit: int | None) -> None:
    """``reuse --db``: brings the stored reuse up to date (only new reports' candidates when
    few are new), then prints it."""
    from .compare.corpus_reuse import corpus_reuse_dict, corpus_reuse_text, update_corpus_reuse
    from .errors import InputNotFound
    from .store import Corpus

    if reports:
        raise click.UsageError("give either REPORT.pdf files or --db, not both")
    if not db.exists():
        raise InputNotFound(str(db))
    with Corpus(db, read_only=False) as corpus:
        stats = update_corpus_reuse(corpus, rebuild=rebuild)
        if stats is not None:
            click.echo(f"{db}: reuse {stats.mode}: {stats.passages} passages checked, {stats.candidates} "
                       f"candidates, {stats.pairs} pairs ({sum(stats.seconds.values()):.1f} s)", err=True)
        result = corpus_reuse_dict(corpus, scope, limit)
    if fmt == "text":
        _write(corpus_reuse_text(result), output)
    else:
        _write(json.dumps(result, ensure_ascii=False, indent=2) + "\n", output)


@main.command("cache")
@click.option("--clear", is_flag=True, help="Delete every cached report and page image.")
def cache_command(clear: bool) -> None:
    """Show where parsed reports are cached (and how much), or clear the cache.

    compare, reuse and the app keep each parsed report, keyed by its sha256, the backend, the OCR
    mode and the parser version, so a known PDF is never parsed twice; compare and the app keep
    each comparison too, so a known pair is never compared twice. RAPPORTANALYS_CACHE=DIR moves
    the cache, RAPPORTANALYS_CACHE=off turns it off; the default is
    $XDG_CACHE_HOME/rapportanalys (~/.cache/rapportanalys).

    Example: rapportanalys cache --clear
    """
    from . import cache

    if clear:
        root = cache.clear()
        click.echo(f"cleared {root}" if root else "the cache is off (RAPPORTANALYS_CACHE=off)")
        return
    root, files, size = cache.size()
    if root is None:
        click.echo("the cache is off (RAPPORTANALYS_CACHE=off)")
    else:
        click.echo(f"{root}: {files} files, {size / 1024 / 1024:.1f} MB (parser version {cache.parser_version()})")


def _colour(output: Path | None) -> bool:
    """ANSI colours only on a terminal, and never when NO_COLOR is set."""
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _write_bytes(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(data)
        click.echo(f"wrote {output}", err=True)


def app_command(db: Path | None, port: int | None) -> list[str]:
    """The Streamlit command line ``rapportanalys app`` runs (through ``app/serve.py``, which
    imports the pages' libraries while the server starts): bound to 127.0.0.1, headless, no
    usage statistics, uploads up to 200 MB at the server (the app refuses over 50 MB with a Swedish message), no tracebacks shown to users.
    No "magic" (Streamlit rewriting each page's syntax tree to show bare expressions): no page
    uses it, and rewriting the Jämför page took 50 ms of a freshly started app's first visit.
    No watching of the app's source files (``server.fileWatcherType none``): that is for someone
    editing the app, and after every page run Streamlit walked every loaded module (pandas and
    the library, over a thousand) on the server's event loop to choose the files to watch, holding
    back the page's last messages (the document viewer among them) by 0.2–0.5 s. No full garbage
    collection after each page run (``runner.postScriptGC false``; Python's own collection still
    runs as objects are made): with two parsed reports in memory it held the interpreter for
    about 0.1 s while those last messages waited to be sent."""
    command = [sys.executable, str(_app_dir() / "serve.py"), "run", str(_app_dir() / "main.py"),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.maxUploadSize", "200",
               "--client.showErrorDetails", "none", "--client.toolbarMode", "minimal",
               "--global.developmentMode", "false", "--runner.magicEnabled", "false",
               "--server.fileWatcherType", "none", "--runner.postScriptGC", "false"]
    if port is not None:
        command += ["--server.port", str(port)]
    return command


def _app_dir() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "app" / "main.py").is_file() and (parent / "pyproject.toml").exists():
            return parent / "app"
    raise click.ClickException("the app is not found (run from a checkout of rapportanalys)")


@main.command("app")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A corpus database written by ingest (default: the bundled sample corpus).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default: 8501).")
@ocr_option
@handles_errors
def app(db: Path | None, port: int | None, ocr: str = "auto") -> None:
    """Start the Swedish web app (Streamlit) on http://127.0.0.1:PORT: compare two reports side by
    side, look at one report, explore the corpus.

    Example: rapportanalys app --db corpus.duckdb --port 8501
    """
    import signal
    import subprocess

    try:
        import streamlit  # noqa: F401
    except ImportError:
        _fail("app: needs Streamlit: pip install -e '.[app]'", EXIT_BAD_INPUT)
    env = dict(os.environ)
    env.pop("RAPPORTANALYS_DB", None)
    env["RAPPORTANALYS_OCR"] = ocr  # how the app parses uploads and the sample corpus
    if db is not None:
        if not db.is_file():
            _fail(f"{db}: file not found", EXIT_BAD_INPUT)
        env["RAPPORTANALYS_DB"] = str(db.resolve())
    command = app_command(db, port)
    click.echo(f"rapportanalys app: http://127.0.0.1:{port or 8501} (Ctrl+C stops it)", err=True)
    server = subprocess.Popen(command, env=env)
    # a SIGTERM to this command (a service manager, a benchmark) stops the server as well: it
    # is a child process, which went on running (holding the port) when only this one ended
    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: (stopped.append(True), server.terminate()))
    try:
        code = server.wait()
    except KeyboardInterrupt:  # Ctrl+C reached the server too (one process group): it stops itself
        server.wait()
        sys.exit(0)
    sys.exit(0 if stopped else code)


if __name__ == "__main__":
    run()
