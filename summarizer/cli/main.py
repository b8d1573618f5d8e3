"""The ``summarizer`` command line.

Exit codes: 0 success; 1 other summarizer error; 2 bad usage or configuration; 3 bad input;
4 the model endpoint failed; 5 the model's answer stayed invalid or ungrounded.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer.brief.render import render_json, render_markdown
from summarizer.cli.batch import batch_app
from summarizer.cli.common import (
    BackendOpt,
    BaseUrlOpt,
    ModelOpt,
    ModeOpt,
    TimeoutOpt,
    exit_code,
    fail,
    parse_date,
)
from summarizer.cli.eval import app as eval_app
from summarizer.cli.slack import slack_command
from summarizer.config import Backend, Settings
from summarizer.engine.inputs import check_article, decode_article
from summarizer.engine.pipeline import summarize
from summarizer.errors import (
    ConfigError,
    InputError,
    SummarizerError,
)
from summarizer.sources.files import write_atomically

__all__ = ["app", "main"]

app = typer.Typer(
    name="summarizer",
    help="Structured, grounded briefs of conflict and humanitarian news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    """What ``summarizer brief`` prints: a readable Markdown brief, or the JSON result."""

    MARKDOWN = "markdown"
    JSON = "json"


OFFLINE_NOTICE = (
    "summarizer: no OPENAI_API_KEY or OPENAI_BASE_URL set; using the offline extractive "
    "backend (set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server, to use a model)"
)


def _read_article(file: str) -> str:
    if file == "-":
        return decode_article(sys.stdin.buffer.read(), name="standard input")
    path = Path(file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{file}: is a directory, not an article file") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read: {exc.strerror}") from None
    return decode_article(data, name=file)


@app.callback()
def _root() -> None:
    """Structured, grounded briefs of conflict and humanitarian news articles."""


@app.command()
def brief(
    file: Annotated[
        str | None, typer.Argument(help="Article text file, or - for standard input.")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.MARKDOWN,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    backend: BackendOpt = None,
    mode: ModeOpt = None,
    timeout: TimeoutOpt = None,
    max_reasks: Annotated[
        int | None, typer.Option(help="Re-asks after invalid output (env SUMMARIZER_MAX_REASKS).")
    ] = None,
    max_retries: Annotated[
        int | None,
        typer.Option(help="Retries after transport faults (env SUMMARIZER_MAX_RETRIES)."),
    ] = None,
    reporting_date: Annotated[
        str | None,
        typer.Option(help="The article's date (YYYY-MM-DD) when its text does not state it."),
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option("--batch", help="Brief every *.txt in this directory (instead of FILE)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="With --batch: directory for <name>.json results."),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-j", min=1, help="With --batch: articles at once.")
    ] = 4,
) -> None:
    """Summarise one article (FILE) or a directory of articles (--batch DIR --out DIR)."""
    if batch is not None or file is None:
        _brief_batch(file, batch, out, output, concurrency, reporting_date, model=model,
                     base_url=base_url, backend=backend, mode=mode, timeout=timeout,
                     max_reasks=max_reasks, max_retries=max_retries)  # fmt: skip
        return
    try:
        settings = Settings.resolve(
            model=model,
            base_url=base_url,
            backend=backend,
            mode=mode,
            timeout=timeout,
            max_reasks=max_reasks,
            max_retries=max_retries,
        )
        date = parse_date(reporting_date)
        text = check_article(_read_article(file), max_chars=settings.max_input_chars)
        if settings.backend is Backend.AUTO and settings.effective_backend is Backend.OFFLINE:
            typer.echo(OFFLINE_NOTICE, err=True)
        with _working(settings):
            result = summarize(text, settings=settings, reporting_date=date)
    except SummarizerError as error:
        fail(error)
    if output_format is OutputFormat.JSON:
        rendered = render_json(result) + "\n"
    else:
        rendered = render_markdown(result, title=_title(file))
    if output is None:
        typer.echo(rendered, nl=False)
    else:
        try:
            write_atomically(output, rendered)
        except OSError as exc:
            fail(InputError(f"{output}: cannot write: {exc.strerror}"))


def _brief_batch(
    file: str | None,
    batch: Path | None,
    out: Path | None,
    output: Path | None,
    concurrency: int,
    reporting_date: str | None,
    **overrides: Any,
) -> None:
    """``brief --batch DIR --out DIR``: see :mod:`summarizer.batch.runner`."""
    from summarizer.batch.runner import run_directory

    try:
        if batch is None:
            raise ConfigError("give an article FILE, or --batch DIR --out DIR")
        if file is not None:
            raise ConfigError("give either an article FILE or --batch DIR, not both")
        if out is None or output is not None:
            raise ConfigError("--batch writes one file per article: give --out DIR (not -o)")
        settings = Settings.resolve(**overrides)
        date = parse_date(reporting_date)
        if settings.backend is Backend.AUTO and settings.effective_backend is Backend.OFFLINE:
            typer.echo(OFFLINE_NOTICE, err=True)
        report = run_directory(
            batch, out, concurrency=concurrency, settings=settings, reporting_date=date
        )
    except SummarizerError as error:
        fail(error)
    typer.echo(f"summarizer: {report.summary(out)}", err=True)
    if report.failed:
        codes = {exit_code(error) for error in report.failed.values()}
        raise typer.Exit(codes.pop() if len(codes) == 1 else 1)


def _working(settings: Settings) -> AbstractContextManager[object]:
    """A spinner on stderr while a model works, when a person is watching (stderr is a TTY).

    A long report takes several requests; silence for a minute looks like a hang.
    """
    if settings.effective_backend is Backend.OFFLINE or not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(f"briefing with {settings.model}...")


def _title(file: str) -> str:
    return "Brief" if file == "-" else f"Brief: {Path(file).name}"


app.command("slack")(slack_command)
app.add_typer(eval_app, name="eval")
app.add_typer(batch_app, name="batch")


def main() -> None:
    """Console-script entry point."""
    # instructor logs every failed attempt at ERROR; the CLI reports failures itself, in one
    # line, so keep library logs off stderr unless the user asks for them.
    if not os.environ.get("SUMMARIZER_LOG"):
        logging.getLogger("instructor").addHandler(logging.NullHandler())
        logging.getLogger("instructor").propagate = False
    else:
        logging.basicConfig(level=os.environ["SUMMARIZER_LOG"].upper(), stream=sys.stderr)
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
