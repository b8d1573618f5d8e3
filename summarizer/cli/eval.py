"""``summarizer eval``: run a backend over the fixtures, score, report and compare runs.

Exit codes follow ``summarizer`` (2 bad configuration, 3 bad input, ...), plus 1 when a
``--fail-under`` threshold is missed, ``compare --fail-on-regression`` finds a regression, or
``run`` met an unexpected error (a bug) in some document.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from summarizer.cli.common import BackendOpt, BaseUrlOpt, ModelOpt, ModeOpt, error_exit
from summarizer.config import Settings
from summarizer.engine.cache import SqliteCache
from summarizer.errors import InputError, SummarizerError
from summarizer.evals.dataset import Fixture, default_fixtures_dir, load_fixtures
from summarizer.evals.report import (
    RunReport,
    build_report,
    compare_reports,
    load_report,
    parse_thresholds,
    print_comparison,
    print_report,
    threshold_failures,
    write_report,
)
from summarizer.evals.runner import (
    PREDICTIONS_FILE,
    RUN_FILE,
    DocumentRecord,
    run_eval,
    write_records,
)
from summarizer.evals.stored import rescore_all
from summarizer.sources.files import write_atomically

__all__ = ["app"]

app = typer.Typer(
    name="eval",
    help="Score backends against the hand-labelled fixtures in evals/fixtures/.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FixturesOpt = Annotated[
    Path | None,
    typer.Option("--fixtures", help="Fixtures directory (default: evals/fixtures)."),
]
JudgeOpt = Annotated[
    str | None,
    typer.Option(
        "--judge",
        metavar="MODEL",
        help="Also ask MODEL (OpenAI-compatible; OPENAI_BASE_URL / OPENAI_API_KEY) whether "
        "each doubtful pair means the same; its score is reported beside the deterministic one.",
    ),
]
FailUnderOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--fail-under",
        metavar="METRIC=VALUE",
        help="Exit 1 when METRIC is under VALUE, e.g. overall=0.6 (repeatable).",
    ),
]


def _finish(
    report: RunReport, run_dir: Path, thresholds: dict[str, float], console: Console
) -> None:
    print_report(report, console)
    json_path, md_path = write_report(report, run_dir)
    console.print(f"wrote {json_path} and {md_path}")
    missed = threshold_failures(report, thresholds)
    for line in missed:
        typer.echo(f"summarizer: threshold missed: {line}", err=True)
    if missed:
        raise typer.Exit(1)


def _fixtures(directory: Path | None, only: list[str] | None) -> tuple[Path, list[Fixture]]:
    chosen = directory or default_fixtures_dir()
    return chosen, load_fixtures(chosen, only=only or None)


@app.command()
def run(
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    fixtures: FixturesOpt = None,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Run only this fixture id (repeatable).")
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-j", min=1, help="Documents in flight at once.")
    ] = 4,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Run directory; an existing one is resumed.")
    ] = None,
    cache: Annotated[
        Path | None, typer.Option("--cache", help="Response cache file (env SUMMARIZER_CACHE).")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the model even when a cached answer exists.")
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="When resuming, run failed documents again.")
    ] = False,
    judge: JudgeOpt = None,
    fail_under: FailUnderOpt = None,
) -> None:
    """Summarise and score every fixture; resumable, cached, concurrent."""
    console = Console()
    try:
        thresholds = parse_thresholds(fail_under or [])
        # A partial brief is scored with its dropped items as misses (and counted in the
        # report's drop rate): a fairer measure of a model than a zero for the document.
        settings = Settings.resolve(
            backend=backend, model=model, base_url=base_url, mode=mode, partial=True
        )
        fixtures_dir, chosen = _fixtures(fixtures, only)
        run_dir = out or Path("evals/runs") / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        store = None if no_cache else SqliteCache(cache)
    except SummarizerError as error:
        raise error_exit(error) from None
    console.print(f"run directory: {run_dir} (pass --out {run_dir} to resume it)")
    try:
        records = _run_with_progress(
            chosen,
            run_dir,
            settings=settings,
            concurrency=concurrency,
            cache=store,
            retry_failed=retry_failed,
            fixtures_dir=fixtures_dir,
        )
        if judge:
            judge_settings = Settings.resolve(model=judge, base_url=base_url, mode=mode)
            records = _judged(records, chosen, judge_settings, cache, cached=not no_cache)
            write_records(run_dir / PREDICTIONS_FILE, records)
    except SummarizerError as error:
        raise error_exit(error) from None
    finally:
        if store is not None:
            store.close()
    _report_run(run_dir, records, {f.id for f in chosen}, thresholds, console)


def _judged(
    records: list[DocumentRecord],
    fixtures: list[Fixture],
    settings: Settings,
    cache_path: Path | None,
    *,
    cached: bool = True,
) -> list[DocumentRecord]:
    """``records`` with a model judge's score beside each deterministic one."""
    from summarizer.evals.judge import JudgeCache, judge_records

    store = JudgeCache(cache_path) if cached else None
    try:
        return asyncio.run(judge_records(records, fixtures, settings, cache=store))
    finally:
        if store is not None:
            store.close()


def _run_with_progress(
    fixtures: list[Fixture], run_dir: Path, *, settings: Settings, **options: Any
) -> list[DocumentRecord]:
    """:func:`run_eval` with a progress bar on stderr naming each finished document."""
    progress = Progress(
        TextColumn("[bold]eval[/bold] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    task = progress.add_task(settings.effective_backend, total=len(fixtures))

    def on_record(record: DocumentRecord) -> None:
        label = record.status if record.status != "ok" else f"{record.score.value('overall'):.2f}"
        progress.update(task, advance=1, description=f"{record.id}: {label}")

    with progress:
        return asyncio.run(
            run_eval(
                fixtures,
                run_dir,
                settings=settings,
                on_skip=lambda n: progress.update(task, advance=n),
                on_record=on_record,
                **options,
            )
        )


def _report_run(
    run_dir: Path,
    records: list[DocumentRecord],
    wanted: set[str],
    thresholds: dict[str, float],
    console: Console,
) -> None:
    """Print and write the run's report; exit 1 on a missed threshold or a bug."""
    run_meta = json.loads((run_dir / RUN_FILE).read_text(encoding="utf-8"))
    chosen_records = [r for r in records if r.id in wanted]
    report = build_report(chosen_records, run_meta)
    bugs = [r.id for r in chosen_records if r.status == "error"]
    try:
        _finish(report, run_dir, thresholds, console)
    finally:
        # After the report (so the traceback location is in report.md), and even when a
        # threshold was missed too: a bug must never pass as a model's failure.
        if bugs:
            typer.echo(
                f"summarizer: error: unexpected error (a bug, not a model failure) in "
                f"{len(bugs)} document(s): {', '.join(bugs)}; see {run_dir / 'report.md'}; "
                "they run again on resume",
                err=True,
            )
    if bugs:
        raise typer.Exit(1)


RESCORED_DIR = "rescored"
"""``eval score`` writes into ``<predictions>/rescored/`` unless given ``--out``."""


@app.command()
def score(
    predictions: Annotated[
        Path,
        typer.Option(
            "--predictions",
            "-p",
            help="A run directory, or a directory of <fixture id>.json briefs.",
        ),
    ],
    fixtures: FixturesOpt = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Where to write the scored run (default: <predictions>/rescored); "
            "existing prediction files are never modified.",
        ),
    ] = None,
    judge: JudgeOpt = None,
    fail_under: FailUnderOpt = None,
) -> None:
    """Score stored predictions against the gold briefs; no model is called (unless
    ``--judge``).

    The scored run (records, run.json, reports) goes to ``--out``, by default a ``rescored``
    directory inside the predictions directory; existing prediction files are never modified,
    so a partial run can still be resumed with ``eval run --out``. Files for ids that are no
    fixture (other articles of a ``brief --batch``) are ignored with a warning.
    """
    console = Console()
    run_dir = out or predictions / RESCORED_DIR
    try:
        thresholds = parse_thresholds(fail_under or [])
        if not predictions.is_dir():
            raise InputError(f"{predictions}: not a directory")
        if run_dir.resolve() == predictions.resolve():
            raise InputError(
                f"--out {out}: the scored output must not overwrite the predictions it scores"
            )
        fixtures_dir, chosen = _fixtures(fixtures, None)
        records, unknown = rescore_all(predictions, chosen)
        if judge:
            records = _judged(records, chosen, Settings.resolve(model=judge), None)
    except SummarizerError as error:
        raise error_exit(error) from None
    if unknown:
        # A --batch output directory may hold briefs of other articles: they are not
        # fixtures, so they are left out, but said, in case an id is misspelt.
        typer.echo(
            f"summarizer: warning: {predictions}: ignoring {len(unknown)} prediction(s) "
            f"for no fixture: {', '.join(unknown)}",
            err=True,
        )
    meta = _write_scored_run(run_dir, records, predictions, fixtures_dir)
    _finish(build_report(records, meta), run_dir, thresholds, console)


def _write_scored_run(
    run_dir: Path, records: list[DocumentRecord], predictions: Path, fixtures_dir: Path
) -> dict[str, Any]:
    """The re-scored records and their run.json (the stored run's, marked as re-scored)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    write_records(run_dir / PREDICTIONS_FILE, records)
    meta: dict[str, Any] = {
        "backend": "stored",
        "model": str(predictions),
        "fixtures": str(fixtures_dir),
    }
    if (predictions / RUN_FILE).is_file():
        meta = json.loads((predictions / RUN_FILE).read_text(encoding="utf-8"))
        meta["rescored"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    write_atomically(run_dir / RUN_FILE, json.dumps(meta, indent=2) + "\n")
    return meta


@app.command()
def report(
    run_dir: Annotated[Path, typer.Argument(metavar="RUN", help="A run directory.")],
    fail_under: FailUnderOpt = None,
) -> None:
    """Print a run's table and write its report.json and report.md."""
    try:
        thresholds = parse_thresholds(fail_under or [])
        built = load_report(run_dir)
    except SummarizerError as error:
        raise error_exit(error) from None
    _finish(built, run_dir, thresholds, Console())


@app.command()
def compare(
    run_a: Annotated[Path, typer.Argument(metavar="RUN_A", help="The baseline run.")],
    run_b: Annotated[Path, typer.Argument(metavar="RUN_B", help="The candidate run.")],
    fail_on_regression: Annotated[
        bool, typer.Option("--fail-on-regression", help="Exit 1 when any metric regressed.")
    ] = False,
) -> None:
    """Per-metric deltas from RUN_A to RUN_B, regressions marked."""
    try:
        before, after = load_report(run_a), load_report(run_b)
    except SummarizerError as error:
        raise error_exit(error) from None
    comparison = compare_reports(before, after, before_name=str(run_a), after_name=str(run_b))
    print_comparison(comparison, Console())
    if fail_on_regression and comparison.regressions:
        raise typer.Exit(1)


@app.command()
def probes(
    fixtures: FixturesOpt = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also print every probe on every fixture.")
    ] = False,
) -> None:
    """Check the scorer on a fixture set: predictions built from gold that must score as
    correct (other words) or lose points (errors). Exits 1 when a probe fails."""
    from summarizer.evals.probes import probe_table, run_probes

    try:
        _, chosen = _fixtures(fixtures, None)
    except SummarizerError as error:
        raise error_exit(error) from None
    rows = run_probes(chosen)
    table = probe_table(rows)
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    # Plain aligned text: the table is read whole, and copied into notes as it stands.
    typer.echo(f"Scorer probes on {len(chosen)} fixtures")
    for line in table:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
    if verbose:
        for row in rows:
            for outcome in row.applied:
                reference = f" vs {outcome.reference:.3f}" if outcome.reference is not None else ""
                mark = "ok" if outcome.passed else "FAIL"
                typer.echo(
                    f"{mark:4} {row.probe.name} | {outcome.fixture}: {outcome.score:.3f}"
                    f"{reference} {outcome.note}"
                )
    failed = [row.probe.name for row in rows if row.passed is False]
    if failed:
        typer.echo(f"summarizer: {len(failed)} probe(s) failed: {', '.join(failed)}", err=True)
        raise typer.Exit(1)
