"""The ``rapportanalys`` command: each subcommand is a few calls into the library.

Bad input gives one line, ``rapportanalys: FILE: what is wrong``, and exit code 2; an internal
failure exit code 1; ``--debug`` shows the traceback instead.
"""
from __future__ import annotations

import sys
import traceback
from functools import wraps
from pathlib import Path

import click

from . import __version__
from .errors import RapportanalysError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def _fail(message: str, code: int) -> None:
    click.echo(f"rapportanalys: {message}", err=True)
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
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except Exception as exc:  # a bug: one line unless --debug
            if debug:
                traceback.print_exc()
            _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", EXIT_INTERNAL)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.version_option(__version__, prog_name="rapportanalys")
def main(debug: bool) -> None:
    """Read Swedish municipal follow-up reports (PDF) and show what changed."""


@main.command()
@click.argument("report", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "text"]), default="json",
              show_default=True, help="json: the full structure; markdown: the text; text: an outline.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to FILE instead of stdout.")
@handles_errors
def parse(report: Path, fmt: str, output: Path | None) -> None:
    """Parse REPORT.pdf into metadata, sections, blocks and tables.

    Example: rapportanalys parse corpus/kungalv_social-hallbarhet_2023.pdf --format text
    """
    from .pipeline import parse as parse_pdf
    from .render import to_markdown, to_text

    result = parse_pdf(report)
    text = {"json": lambda r: r.to_json() + "\n", "markdown": to_markdown, "text": to_text}[fmt](result)
    _write(text, output)


@main.command()
@click.option("--corpus", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Folder of PDFs (default: the bundled sample corpus).")
@handles_errors
def demo(corpus: Path | None) -> None:
    """Parse every PDF of the sample corpus and print each report's outline.

    Example: rapportanalys demo
    """
    from .pipeline import parse as parse_pdf
    from .render import to_text

    folder = corpus or _sample_corpus()
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        _fail(f"{folder}: no PDF files", EXIT_BAD_INPUT)
    failed = 0
    for pdf in pdfs:
        try:
            click.echo(to_text(parse_pdf(pdf)))
        except RapportanalysError as exc:
            failed += 1
            click.echo(f"rapportanalys: {exc}", err=True)
    click.echo(f"parsed {len(pdfs) - failed} of {len(pdfs)} reports in {folder}", err=True)


def _sample_corpus() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "corpus").is_dir() and (parent / "pyproject.toml").exists():
            return parent / "corpus"
    raise click.ClickException("the sample corpus is not found (run from a checkout of rapportanalys)")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


def _not_yet(name: str, issue: str):
    def command(**_kwargs):
        _fail(f"{name}: not available yet (planned: {issue})", EXIT_INTERNAL)
    return command


main.command("compare", context_settings={"ignore_unknown_options": True},
             help="Compare two reports (not available yet).")(
    click.argument("args", nargs=-1, type=click.UNPROCESSED)(_not_yet("compare", "year-over-year comparison")))
main.command("reuse", context_settings={"ignore_unknown_options": True},
             help="Find passages reused between reports (not available yet).")(
    click.argument("args", nargs=-1, type=click.UNPROCESSED)(_not_yet("reuse", "reuse detection")))
main.command("ingest", context_settings={"ignore_unknown_options": True},
             help="Ingest PDFs into a DuckDB corpus (not available yet).")(
    click.argument("args", nargs=-1, type=click.UNPROCESSED)(_not_yet("ingest", "the corpus database")))
main.command("app", context_settings={"ignore_unknown_options": True},
             help="Start the Streamlit app (not available yet).")(
    click.argument("args", nargs=-1, type=click.UNPROCESSED)(_not_yet("app", "the Streamlit app")))

if __name__ == "__main__":
    main()
