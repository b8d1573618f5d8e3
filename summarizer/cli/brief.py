"""``summarizer brief``: one article (a file or stdin), or a directory with ``--batch``."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer.brief.render import render_json, render_markdown
from summarizer.cli.common import (
    BackendOpt,
    BaseUrlOpt,
    DeadlineOpt,
    MaxTokensOpt,
    ModelOpt,
    ModeOpt,
    TimeoutOpt,
    exit_code,
    fail,
    offline_notice,
    parse_date,
    partial_setting,
)
from summarizer.config import Settings
from summarizer.engine.inputs import check_article
from summarizer.engine.pipeline import summarize
from summarizer.errors import ConfigError, InputError, SummarizerError
from summarizer.sources.files import read_article, write_atomically

__all__ = ["OutputFormat", "brief_command"]


class OutputFormat(StrEnum):
    """What ``summarizer brief`` prints: a readable Markdown brief, or the JSON result."""

    MARKDOWN = "markdown"
    JSON = "json"


def brief_command(
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
    max_tokens: MaxTokensOpt = None,
    deadline: DeadlineOpt = None,
    partial: Annotated[
        bool | None,
        typer.Option(
            "--partial/--no-partial",
            help="When the model cannot ground everything, print the grounded part marked "
            "partial (default for one article) instead of failing (default with --batch, "
            "so a rerun tries again). Env SUMMARIZER_PARTIAL.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Summarise one article (FILE) or a directory of articles (--batch DIR --out DIR)."""
    limits = {"max_tokens": max_tokens, "deadline": deadline}
    if batch is not None or file is None:
        _brief_batch(file, batch, out, output, concurrency, reporting_date, model=model,
                     base_url=base_url, backend=backend, mode=mode, timeout=timeout,
                     max_reasks=max_reasks, max_retries=max_retries, partial=partial,
                     **limits)  # fmt: skip
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
            # A person at a terminal is better served by what is grounded, marked, than by
            # nothing; SUMMARIZER_PARTIAL=false or --no-partial restores the failure.
            partial=partial_setting(partial, default=True),
            max_tokens=max_tokens,
            deadline=deadline,
        )
        date = parse_date(reporting_date)
        text = check_article(read_article(file), max_chars=settings.max_input_chars)
        offline_notice(settings)
        with _working(settings):
            result = summarize(text, settings=settings, reporting_date=date)
    except SummarizerError as error:
        fail(error)
    for note in result.notes:
        typer.echo(f"summarizer: note: {note}", err=True)
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
        offline_notice(settings)
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
    if settings.effective_backend == "offline" or not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(f"briefing with {settings.model}...")


def _title(file: str) -> str:
    return "Brief" if file == "-" else f"Brief: {Path(file).name}"
