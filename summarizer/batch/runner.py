"""Many articles at once: bounded concurrency, results as they finish, failures kept apart.

:func:`summarize_many` / :func:`asummarize_many` brief a list or a mapping of texts with at
most ``concurrency`` articles in flight; one article's failure is returned in its place and
never stops the others. :func:`run_directory` is the engine of
``summarizer brief --batch DIR --out OUT``: it writes ``OUT/<stem>.json`` the moment each
article is done (atomically), ``OUT/<stem>.error.json`` when one fails, and on a rerun skips
every stem whose ``.json`` already exists, so an interrupted run loses only the articles
that were in flight.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, overload

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from summarizer.batch.records import Outcome, error_record
from summarizer.brief.render import render_json
from summarizer.brief.result import BriefResult
from summarizer.config import Settings
from summarizer.engine.backends import Backend, open_backend
from summarizer.engine.concurrency import bounded_map
from summarizer.engine.pipeline import ResultCache, asummarize, resolve_settings, run_blocking
from summarizer.errors import InputError, OutputError, SummarizerError
from summarizer.sources.files import load_article, write_atomically

__all__ = [
    "DEFAULT_CONCURRENCY",
    "ArticleInput",
    "BatchReport",
    "Outcome",
    "arun_directory",
    "asummarize_many",
    "run_directory",
    "summarize_many",
]

DEFAULT_CONCURRENCY = 4

K = TypeVar("K")
ArticleInput = str | Callable[[], str]
"""An article's text, or a function that reads it when its turn comes (keeps memory flat)."""


async def _brief_one(
    backend: Backend,
    article: ArticleInput,
    cache: ResultCache | None,
    reporting_date: dt.date | None,
) -> Outcome:
    try:
        text = article() if callable(article) else article
        return await asummarize(text, backend=backend, cache=cache, reporting_date=reporting_date)
    except SummarizerError as error:
        return error
    except Exception as exc:  # a bug on one article must not lose the others
        return SummarizerError(f"unexpected {type(exc).__name__}: {exc}", cause=exc)


async def _brief_all(
    jobs: Iterable[tuple[K, ArticleInput]],
    *,
    concurrency: int,
    settings: Settings | None,
    cache: ResultCache | None,
    reporting_date: dt.date | None,
    on_done: Callable[[K, Outcome], None] | None,
    overrides: Mapping[str, Any],
) -> dict[K, Outcome]:
    # bounded_map checks this too, but only once the settings are resolved and the backend
    # is built: checked first, the caller's own argument is the error it sees.
    if concurrency < 1:
        raise InputError("concurrency must be at least 1")
    outcomes: dict[K, Outcome] = {}
    resolved = resolve_settings(settings, overrides)
    # One backend (one connection pool) for the whole batch: building a client per article
    # costs tens of milliseconds of CPU (TLS context), which caps throughput at high
    # concurrency.
    async with open_backend(resolved) as backend:

        async def job(entry: tuple[K, ArticleInput]) -> None:
            key, article = entry
            outcome = await _brief_one(backend, article, cache, reporting_date)
            outcomes[key] = outcome
            if on_done is not None:
                on_done(key, outcome)

        await bounded_map(jobs, job, concurrency=concurrency)
    return outcomes


@overload
async def asummarize_many(
    texts: Mapping[str, str],
    *,
    concurrency: int = ...,
    settings: Settings | None = ...,
    cache: ResultCache | None = ...,
    reporting_date: dt.date | None = ...,
    on_done: Callable[[str, Outcome], None] | None = ...,
    **overrides: Any,
) -> dict[str, Outcome]: ...


@overload
async def asummarize_many(
    texts: Sequence[str],
    *,
    concurrency: int = ...,
    settings: Settings | None = ...,
    cache: ResultCache | None = ...,
    reporting_date: dt.date | None = ...,
    on_done: Callable[[int, Outcome], None] | None = ...,
    **overrides: Any,
) -> list[Outcome]: ...


async def asummarize_many(
    texts: Mapping[str, str] | Sequence[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    settings: Settings | None = None,
    cache: ResultCache | None = None,
    reporting_date: dt.date | None = None,
    on_done: Callable[[Any, Outcome], None] | None = None,
    **overrides: Any,
) -> dict[str, Outcome] | list[Outcome]:
    """Summarise many articles, at most ``concurrency`` at a time.

    ``texts`` is a mapping (id -> text; the answer is a dict with the same keys) or a
    sequence (the answer is a list in the same order). Each entry is a
    :class:`~summarizer.brief.result.BriefResult` or the :class:`~summarizer.errors.SummarizerError`
    that stopped that article; nothing is raised for one article's failure. ``on_done(key,
    outcome)`` is called as each article finishes (key = the id, or the index). Other
    arguments are as for :func:`~summarizer.engine.pipeline.asummarize`.
    """
    options: dict[str, Any] = {
        "concurrency": concurrency,
        "settings": settings,
        "overrides": overrides,
        "cache": cache,
        "reporting_date": reporting_date,
        "on_done": on_done,
    }
    if isinstance(texts, Mapping):
        by_id = await _brief_all(list(texts.items()), **options)
        return {key: by_id[key] for key in texts}
    if isinstance(texts, str):
        raise InputError("summarize_many takes a list or a mapping of texts, not one str")
    by_index = await _brief_all(list(enumerate(texts)), **options)
    return [by_index[i] for i in range(len(texts))]


@overload
def summarize_many(
    texts: Mapping[str, str], *, concurrency: int = ..., **kwargs: Any
) -> dict[str, Outcome]: ...


@overload
def summarize_many(
    texts: Sequence[str], *, concurrency: int = ..., **kwargs: Any
) -> list[Outcome]: ...


def summarize_many(
    texts: Mapping[str, str] | Sequence[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    **kwargs: Any,
) -> dict[str, Outcome] | list[Outcome]:
    """Blocking form of :func:`asummarize_many` (same arguments, same answer).

    >>> results = summarize_many({"a": text_a, "b": text_b}, concurrency=8)  # doctest: +SKIP
    >>> [k for k, r in results.items() if isinstance(r, SummarizerError)]  # doctest: +SKIP
    []
    """
    if isinstance(texts, Mapping):
        return run_blocking(asummarize_many(texts, concurrency=concurrency, **kwargs))
    return run_blocking(asummarize_many(texts, concurrency=concurrency, **kwargs))


# --- the directory runner -----------------------------------------------------------------


@dataclass
class BatchReport:
    """What a directory run did: stems briefed now, skipped as already done, and failed;
    ``html``: articles that were web pages, briefed by their main text. Filled in as the run
    goes, so it also tells what an interrupted run kept (see :meth:`interrupted`)."""

    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, SummarizerError] = field(default_factory=dict)
    html: list[str] = field(default_factory=list)
    started: list[str] = field(default_factory=list)
    pending: int = 0
    cost_usd: float = 0.0

    @property
    def in_flight(self) -> int:
        """Articles started and not finished (what an interruption drops)."""
        return len(self.started) - len(self.done) - len(self.failed)

    def interrupted(self, out: Path) -> str:
        """One line for a run stopped part way: what was kept, what was lost, what is next."""
        line = f"{len(self.done)} briefed and kept in {out}"
        if self.failed:
            line += f", {len(self.failed)} failed (see {out}/<name>.error.json)"
        if self.skipped:
            line += f", {len(self.skipped)} already done before"
        not_started = self.pending - len(self.started)
        return (
            f"{line}; {self.in_flight} in flight, not kept; {not_started} not started; "
            "run the same command to resume"
        )

    def summary(self, out: Path) -> str:
        """One line for the end of a run."""
        line = (
            f"{len(self.done)} briefed, {len(self.skipped)} skipped (already done), "
            f"{len(self.failed)} failed"
        )
        if self.html:
            line += f" ({len(self.html)} HTML page(s), briefed by their main text)"
        if self.cost_usd:
            line += f"; estimated cost ${self.cost_usd:.4f}"
        if self.failed:
            line += f"; see {out}/<name>.error.json"
        return line


def _write(path: Path, text: str) -> OutputError | None:
    """Write ``path`` atomically; the error instead of raising it (a full disk must not stop
    the articles still in flight, nor print a traceback)."""
    try:
        write_atomically(path, text)
    except OutputError as error:
        return error
    return None


def _reader(path: Path, report: BatchReport) -> Callable[[], str]:
    """Read ``path`` when its turn comes; note it in ``report`` when it was a web page."""

    def read() -> str:
        report.started.append(path.stem)
        article = load_article(path)
        if article.html:
            report.html.append(path.stem)
        return article.text

    return read


async def arun_directory(
    source: Path,
    out: Path,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    settings: Settings | None = None,
    cache: ResultCache | None = None,
    reporting_date: dt.date | None = None,
    console: Console | None = None,
    progress: bool = True,
    report: BatchReport | None = None,
) -> BatchReport:
    """Brief every ``*.txt`` in ``source`` into ``out`` (see the module docstring).

    ``report``, when given, is filled in as articles finish, so a caller still has it when
    the run is interrupted (Ctrl-C) or cancelled.
    """
    articles = _articles(source)
    out.mkdir(parents=True, exist_ok=True)
    report = report if report is not None else BatchReport()
    pending: list[tuple[str, ArticleInput]] = []
    for path in articles:
        if (out / f"{path.stem}.json").exists():
            report.skipped.append(path.stem)
        else:
            pending.append((path.stem, _reader(path, report)))
    report.pending = len(pending)
    by_stem = {path.stem: path for path in articles}
    bar = _progress_bar(console or Console(stderr=True), enabled=progress)
    task = bar.add_task("brief", total=len(pending), failed=0)

    def on_done(stem: str, outcome: Outcome) -> None:
        _keep(out, stem, outcome, str(by_stem[stem]), report)
        bar.update(task, advance=1, failed=len(report.failed))

    with bar:
        await _brief_all(
            pending,
            concurrency=concurrency,
            settings=settings,
            cache=cache,
            reporting_date=reporting_date,
            on_done=on_done,
            overrides={},
        )
    return report


def _articles(source: Path) -> list[Path]:
    if not source.is_dir():
        raise InputError(f"{source}: not a directory")
    articles = sorted(source.glob("*.txt"))
    if not articles:
        raise InputError(f"{source}: no .txt articles in it")
    return articles


def _progress_bar(console: Console, *, enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]briefing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
    )


def _keep(out: Path, stem: str, outcome: Outcome, article: str, report: BatchReport) -> None:
    """Write ``outcome`` the moment it is known: ``<stem>.json``, or ``<stem>.error.json``."""
    error_path = out / f"{stem}.error.json"
    if isinstance(outcome, BriefResult):
        written = _write(out / f"{stem}.json", render_json(outcome) + "\n")
        if written is None:
            error_path.unlink(missing_ok=True)
            report.done.append(stem)
            report.cost_usd += outcome.cost_usd or 0.0
            return
        outcome = written
    record = error_record(outcome, article=article)
    # Best effort: when the disk is full this fails too, and the report still has it.
    _write(error_path, json.dumps(record, indent=2) + "\n")
    report.failed[stem] = outcome


def run_directory(source: Path, out: Path, **kwargs: Any) -> BatchReport:
    """Blocking form of :func:`arun_directory`."""
    return run_blocking(arun_directory(source, out, **kwargs))
