"""``summarizer brief``: one article (a file or stdin), or a directory with ``--batch``."""

from __future__ import annotations

import ipaddress
import json
import sys
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from summarizer.brief.render import render_html, render_json, render_markdown
from summarizer.brief.text import headline
from summarizer.cli.common import (
    BackendOpt,
    BaseUrlOpt,
    DeadlineOpt,
    MaxTokensOpt,
    ModelOpt,
    ModeOpt,
    ReportingDateOpt,
    TimeoutOpt,
    emit,
    exit_code,
    fail,
    offline_notice,
    parse_date,
    shared_exit_code,
    write_errors,
)
from summarizer.config import Settings
from summarizer.engine.inputs import check_article
from summarizer.engine.pipeline import summarize
from summarizer.errors import ConfigError, FetchError, ModelOutputError, SummarizerError
from summarizer.sources.files import STDIN, ArticleText, load_article, write_atomically
from summarizer.sources.html import page_date

if TYPE_CHECKING:
    from summarizer.sources.fetch import IPNetwork

__all__ = ["OutputFormat", "brief_command"]


class OutputFormat(StrEnum):
    """What ``summarizer brief`` prints: a readable Markdown brief, the JSON result, or one
    self-contained HTML page with the brief beside the article."""

    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"


def brief_command(
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE|URL]",
            help="Article text file, - for standard input, or an http(s):// link to a web page.",
        ),
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
    reporting_date: ReportingDateOpt = None,
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
    fetch_allow: Annotated[
        list[str] | None,
        typer.Option(
            "--fetch-allow-network",
            hidden=True,
            metavar="CIDR",
            help="For the test suite only: let the link fetcher reach this network (e.g. "
            "127.0.0.0/8, where the tests serve pages). Never needed, never set by default.",
        ),
    ] = None,
) -> None:
    """Summarise one article (a file, - for stdin, or a URL), or a directory with --batch.

    A URL is fetched through the same guarded fetcher as the Slack bot (public addresses
    only, size and time limits) and its main text briefed; the page's date, when it has one,
    is the reporting date unless --reporting-date is given. A link that gives no article
    (refused address, not a page, too big or slow, no main text) exits 3, like other bad
    input.
    """
    overrides: dict[str, Any] = {
        "model": model,
        "base_url": base_url,
        "backend": backend,
        "mode": mode,
        "timeout": timeout,
        "max_reasks": max_reasks,
        "max_retries": max_retries,
        "partial": partial,
        "max_tokens": max_tokens,
        "deadline": deadline,
    }
    if batch is not None or file is None:
        _brief_batch(file, batch, out, output, concurrency, reporting_date, overrides)
        return
    try:
        # A person at a terminal is better served by what is grounded, marked, than by
        # nothing; SUMMARIZER_PARTIAL=false or --no-partial restores the failure.
        settings = Settings.resolve(defaults={"partial": True}, **overrides)
        date = parse_date(reporting_date)
        article = _read(file, _networks(fetch_allow or []))
        date = date or page_date(article.date)
        text = check_article(article.text, max_chars=settings.max_input_chars)
        offline_notice(settings)
        with _working(settings):
            result = summarize(text, settings=settings, reporting_date=date)
    except ModelOutputError as error:
        _fail_with_problems(error, file, output, output_format)
    for note in result.notes:
        typer.echo(f"summarizer: note: {note}", err=True)
    if output_format is OutputFormat.JSON:
        rendered = render_json(result) + "\n"
    elif output_format is OutputFormat.HTML:
        rendered = render_html(result, text, title=_title(article, file))
    else:
        rendered = render_markdown(result, title=_title(article, file))
    if output is None:
        emit(rendered)
    else:
        write_atomically(output, rendered)
        _error_path(output).unlink(missing_ok=True)  # a failure's record is stale now


def _brief_batch(
    file: str | None,
    batch: Path | None,
    out: Path | None,
    output: Path | None,
    concurrency: int,
    reporting_date: str | None,
    overrides: dict[str, Any],
) -> None:
    """``brief --batch DIR --out DIR`` with the settings ``overrides`` (options, None when
    not given): see :mod:`summarizer.batch.runner`.

    Ctrl-C stops it with one line saying what was kept, what was in flight and that the
    same command resumes; exit 130.
    """
    from summarizer.batch.runner import BatchReport, run_directory

    if batch is None:
        raise ConfigError("give an article FILE, or --batch DIR --out DIR")
    if file is not None:
        raise ConfigError("give either an article FILE or --batch DIR, not both")
    if out is None or output is not None:
        raise ConfigError("--batch writes one file per article: give --out DIR (not -o)")
    settings = Settings.resolve(**overrides)
    date = parse_date(reporting_date)
    offline_notice(settings)
    report = BatchReport()
    try:
        with write_errors(out):
            run_directory(batch, out, concurrency=concurrency, settings=settings,
                          reporting_date=date, report=report)  # fmt: skip
    except KeyboardInterrupt:
        typer.echo(f"summarizer: interrupted: {report.interrupted(out)}", err=True)
        raise typer.Exit(130) from None
    typer.echo(f"summarizer: {report.summary(out)}", err=True)
    if report.failed:
        raise typer.Exit(shared_exit_code(exit_code(error) for error in report.failed.values()))


def is_url(argument: str) -> bool:
    """True when the article argument is a web link rather than a file name."""
    return argument.lower().startswith(("http://", "https://"))


def _networks(values: list[str]) -> list[IPNetwork]:
    try:
        return [ipaddress.ip_network(value, strict=False) for value in values]
    except ValueError as exc:
        raise ConfigError(f"--fetch-allow-network: {exc}") from None


def _fetch(url: str, allowed_networks: list[IPNetwork]) -> ArticleText:
    """The main text of the page at ``url``, through the guarded fetcher; said on stderr."""
    from summarizer.sources.fetch import fetch_article

    try:
        page = fetch_article(url, allowed_networks=allowed_networks)
    except FetchError as error:  # its message says "that link"; name it
        raise FetchError(f"{url}: {error}", cause=error) from None
    dated = f", dated {page.date}" if page.date else ""
    typer.echo(
        f"summarizer: fetched {url}: {len(page.text):,} characters of article text{dated}",
        err=True,
    )
    return ArticleText(page.text, html=True, title=page.title, date=page.date)


def _read(file: str, allowed_networks: list[IPNetwork]) -> ArticleText:
    """The article at ``file``: a link, a file or stdin; says on stderr when it was a page."""
    if is_url(file):
        return _fetch(file, allowed_networks)
    article = load_article(file)
    if article.html:
        name = "standard input" if file == STDIN else file
        typer.echo(
            f"summarizer: {name} is an HTML page; briefing its main text "
            f"({len(article.text):,} characters), not the markup",
            err=True,
        )
    return article


SHOWN_PROBLEMS = 3
"""The error line names this many problems; the rest are in the error record."""


def _error_path(output: Path) -> Path:
    """Where a failed brief's record goes with ``-o FILE``: ``FILE`` minus suffix + .error.json
    (``brief.md`` -> ``brief.error.json``), as ``brief --batch`` names its failures."""
    return output.with_name(f"{output.stem}.error.json")


def _fail_with_problems(
    error: ModelOutputError, file: str, output: Path | None, output_format: OutputFormat
) -> NoReturn:
    """Exit 5 with the error in one line, and say where the whole list of problems is: in
    ``<output>.error.json`` with ``-o``, as the JSON on stdout with ``--format json``; else
    how to get it. The record is the one ``brief --batch`` writes for a failed article."""
    from summarizer.batch.records import error_record

    record = json.dumps(error_record(error, article=file), indent=2, ensure_ascii=False) + "\n"
    hint = None
    if output is not None:
        try:
            write_atomically(_error_path(output), record)
            hint = f"full list in {_error_path(output)}"
        except SummarizerError:
            pass  # the error itself matters more than its record
    elif output_format is OutputFormat.JSON:
        emit(record)
        hint = "full list in the JSON on standard output"
    elif len(error.problems) > SHOWN_PROBLEMS:
        hint = "rerun with --format json or -o FILE for the full list"
    fail(error, hint=hint)


def _working(settings: Settings) -> AbstractContextManager[object]:
    """A spinner on stderr while a model works, when a person is watching (stderr is a TTY).

    A long report takes several requests; silence for a minute looks like a hang.
    """
    if settings.effective_backend == "offline" or not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(f"briefing with {settings.model}...")


def _title(article: ArticleText, file: str) -> str:
    """The Markdown brief's title: the article's headline, else the page's title (a link or
    an HTML file), else "Brief: <file name>" ("Brief" for stdin)."""
    found = headline(article.text) or article.title
    if found:
        return found
    if file == STDIN:
        return "Brief"
    return f"Brief: {file if is_url(file) else Path(file).name}"
