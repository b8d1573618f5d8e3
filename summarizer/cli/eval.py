"""``summarizer eval``: run a backend over the fixtures, score, report and compare runs.

Exit codes follow ``summarizer`` (2 bad configuration, 3 bad input, ...), plus 1 when a
``--fail-under`` threshold is missed, ``compare --fail-on-regression`` finds a regression, or
``run`` met an unexpected error (a bug) in some document.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from summarizer.brief.result import BriefResult
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
    read_records,
    record_for,
    run_eval,
    scored_prediction,
    write_records,
)
from summarizer.evals.scoring import score_brief

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
    fail_under: FailUnderOpt = None,
) -> None:
    """Summarise and score every fixture; resumable, cached, concurrent."""
    console = Console()
    try:
        thresholds = parse_thresholds(fail_under or [])
        settings = Settings.resolve(backend=backend, model=model, base_url=base_url, mode=mode)
        fixtures_dir, chosen = _fixtures(fixtures, only)
        run_dir = out or Path("evals/runs") / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        store = None if no_cache else SqliteCache(cache)
    except SummarizerError as error:
        raise error_exit(error) from None
    console.print(f"run directory: {run_dir} (pass --out {run_dir} to resume it)")
    progress = Progress(
        TextColumn("[bold]eval[/bold] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    task = progress.add_task(settings.effective_backend, total=len(chosen))

    def on_record(record: DocumentRecord) -> None:
        label = record.status if record.status != "ok" else f"{record.score.value('overall'):.2f}"
        progress.update(task, advance=1, description=f"{record.id}: {label}")

    try:
        with progress:
            records = asyncio.run(
                run_eval(
                    chosen,
                    run_dir,
                    settings=settings,
                    concurrency=concurrency,
                    cache=store,
                    retry_failed=retry_failed,
                    fixtures_dir=fixtures_dir,
                    on_skip=lambda n: progress.update(task, advance=n),
                    on_record=on_record,
                )
            )
    except SummarizerError as error:
        raise error_exit(error) from None
    finally:
        if store is not None:
            store.close()
    wanted = {f.id for f in chosen}
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


ERROR_SUFFIX = ".error.json"
"""``summarizer brief --batch`` writes ``<id>.error.json`` for a document that failed."""


@dataclass(frozen=True)
class _StoredFailure:
    """A document the stored run failed on (a ``<id>.error.json`` file)."""

    error_type: str
    message: str
    attempts: int = 0


_Stored = dict[str, object] | DocumentRecord | _StoredFailure


def _read_json_object(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object")
    return data


def _stored_failure(path: Path) -> _StoredFailure:
    data = _read_json_object(path)
    attempts = data.get("attempts")
    return _StoredFailure(
        error_type=str(data.get("error") or "Error"),
        message=str(data.get("message") or f"failed (see {path})"),
        attempts=attempts if isinstance(attempts, int) else 0,
    )


def _stored_predictions(directory: Path) -> dict[str, _Stored]:
    """Predictions by fixture id: a run's records, or ``<id>.json`` brief / result files.

    ``<id>.error.json`` (written by ``summarizer brief --batch`` for a failed document) is
    that document's failure, unless an ``<id>.json`` answer is there too.
    """
    if (directory / PREDICTIONS_FILE).is_file():
        return {r.id: r for r in read_records(directory / PREDICTIONS_FILE)}
    found: dict[str, _Stored] = {}
    failures: dict[str, _Stored] = {}
    for path in sorted(directory.glob("*.json")):
        if path.name in ("report.json", RUN_FILE):
            continue
        if path.name.endswith(ERROR_SUFFIX):
            failures[path.name.removesuffix(ERROR_SUFFIX)] = _stored_failure(path)
        else:
            found[path.stem] = _read_json_object(path)
    if not found and not failures:
        raise InputError(f"{directory}: no {PREDICTIONS_FILE} and no <fixture id>.json files")
    return failures | found


def _rescore(fixture: Fixture, stored: _Stored) -> DocumentRecord:
    """Score one stored prediction with the current scorer (cost fields are kept)."""
    if isinstance(stored, _StoredFailure):
        return DocumentRecord(
            id=fixture.id,
            status="failed",
            error_type=stored.error_type,
            error_message=stored.message,
            attempts=stored.attempts,
            score=score_brief(None, fixture.gold, fixture.article),
        )
    if isinstance(stored, DocumentRecord):
        if stored.status != "ok":
            return stored.model_copy(
                update={"score": score_brief(None, fixture.gold, fixture.article)}
            )
        return scored_prediction(fixture, stored.brief, base=stored)
    if "brief" in stored and "backend" in stored:  # a saved BriefResult, cost included
        try:
            return record_for(fixture, BriefResult.model_validate(stored))
        except ValidationError:
            pass
    return scored_prediction(fixture, stored)


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
    fail_under: FailUnderOpt = None,
) -> None:
    """Score stored predictions against the gold briefs; no model is called.

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
        stored = _stored_predictions(predictions)
        fixtures_dir, chosen = _fixtures(fixtures, None)
        # A --batch output directory may hold briefs of other articles: they are not
        # fixtures, so they are left out, but said, in case an id is misspelt.
        unknown = sorted(set(stored) - {f.id for f in chosen})
        if unknown:
            typer.echo(
                f"summarizer: warning: {predictions}: ignoring {len(unknown)} prediction(s) "
                f"for no fixture: {', '.join(unknown)}",
                err=True,
            )
        # A fixture without a prediction counts as failed: a partial run must not look better.
        records = [
            _rescore(f, stored[f.id])
            if f.id in stored
            else record_for(f, None, error=InputError(f"no prediction for {f.id}"))
            for f in chosen
        ]
    except SummarizerError as error:
        raise error_exit(error) from None
    run_dir.mkdir(parents=True, exist_ok=True)
    write_records(run_dir / PREDICTIONS_FILE, records)
    meta = {"backend": "stored", "model": str(predictions), "fixtures": str(fixtures_dir)}
    if (predictions / RUN_FILE).is_file():
        meta = json.loads((predictions / RUN_FILE).read_text(encoding="utf-8"))
        meta["rescored"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    (run_dir / RUN_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    _finish(build_report(records, meta), run_dir, thresholds, console)


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
