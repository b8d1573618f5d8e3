"""``summarizer eval``: run a backend over the fixtures, score, report and compare runs.

Exit codes follow ``summarizer`` (2 bad configuration, 3 bad input or unwritable output,
...), plus 1 when a ``--fail-under`` threshold is missed, ``compare --fail-on-regression``
finds a regression, or ``run`` met an unexpected error (a bug) in some document. A ``run`` in
which documents failed (the backend gave up on them) exits with the failures' code — 3 input
or output, 4 the model endpoint, 5 the model's answers, 1 when they differ — unless
``--max-failure-rate`` accepts that share; the reasons are on stderr either way. Ctrl-C
stops a run with exit code 130 and a line saying what was recorded.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from summarizer.cli.common import (
    BackendOpt,
    BaseUrlOpt,
    ModelOpt,
    ModeOpt,
    command_group,
    stdout_errors,
    write_errors,
)
from summarizer.config import Settings
from summarizer.errors import InputError
from summarizer.sources.files import write_atomically

if TYPE_CHECKING:  # the eval machinery loads when a command runs, not for --help
    from summarizer.evals.dataset import Fixture
    from summarizer.evals.report import RunReport
    from summarizer.evals.runner import DocumentRecord

__all__ = ["app"]

app = command_group(
    "eval", help="Score backends against the hand-labelled fixtures in evals/fixtures/."
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
    """Print and write ``report``; exit 1 when a threshold is missed."""
    _publish(report, run_dir, console)
    if _missed(report, thresholds):
        raise typer.Exit(1)


def _publish(report: RunReport, run_dir: Path, console: Console) -> None:
    """The tables on stdout, report.json and report.md in ``run_dir``."""
    from summarizer.evals.report import print_report, write_report

    with stdout_errors():
        print_report(report, console)
    with write_errors(run_dir):
        json_path, md_path = write_report(report, run_dir)
    with stdout_errors():
        console.print(f"wrote {json_path} and {md_path}")


def _missed(report: RunReport, thresholds: dict[str, float]) -> bool:
    """Say each ``--fail-under`` threshold the report misses; True when there is one."""
    from summarizer.evals.report import threshold_failures

    missed = threshold_failures(report, thresholds)
    for line in missed:
        typer.echo(f"summarizer: threshold missed: {line}", err=True)
    return bool(missed)


def _fixtures(directory: Path | None, only: list[str] | None) -> tuple[Path, list[Fixture]]:
    from summarizer.evals.dataset import default_fixtures_dir, load_fixtures

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
    max_failure_rate: Annotated[
        float,
        typer.Option(
            "--max-failure-rate",
            min=0.0,
            max=1.0,
            metavar="SHARE",
            help="Exit non-zero only when more than this share of the documents failed "
            "(default 0: any failure).",
        ),
    ] = 0.0,
) -> None:
    """Summarise and score every fixture; resumable, cached, concurrent.

    Exit code: 0 when every document was scored; when documents failed (more than
    --max-failure-rate of them), the failures' code: 3 input or output, 4 the endpoint,
    5 the model's answers, 1 when they differ; 1 for a bug in a document or a missed
    --fail-under threshold. The failures' reasons are on stderr either way.
    """
    from summarizer.engine.cache import SqliteCache
    from summarizer.evals.report import parse_thresholds
    from summarizer.evals.runner import PREDICTIONS_FILE, write_records

    console = Console()
    thresholds = parse_thresholds(fail_under or [])
    # A partial brief is scored with its dropped items as misses (and counted in the
    # report's drop rate): a fairer measure of a model than a zero for the document.
    settings = Settings.resolve(
        backend=backend, model=model, base_url=base_url, mode=mode, partial=True
    )
    fixtures_dir, chosen = _fixtures(fixtures, only)
    run_dir = out or Path("evals/runs") / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    store = None if no_cache else SqliteCache(cache)
    with stdout_errors():
        _announce(run_dir, out, console)
        console.print(
            _fixtures_origin(fixtures, fixtures_dir, len(chosen)),
            soft_wrap=True,
            markup=False,
            highlight=False,
        )
    tally = _Tally(total=len(chosen), concurrency=concurrency)
    try:
        # The run appends each record to predictions.jsonl (other files name themselves).
        with write_errors(run_dir / PREDICTIONS_FILE):
            records = _run_with_progress(
                chosen,
                run_dir,
                tally,
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
    except KeyboardInterrupt:
        resume = (
            "run the same command to resume"
            if out is not None
            else f"add --out {run_dir} to the same command to resume"
        )
        typer.echo(f"summarizer: interrupted: {tally.interrupted(run_dir)}; {resume}", err=True)
        raise typer.Exit(130) from None
    finally:
        if store is not None:
            store.close()
    wanted = {f.id for f in chosen}
    _report_run(run_dir, records, wanted, thresholds, max_failure_rate, console)


def _fixtures_origin(given: Path | None, directory: Path, count: int) -> str:
    """Which fixtures the run scores: the bundled set, or the directory given."""
    if given is None:
        return f"fixtures: {count} from the set bundled with summarizer ({directory})"
    return f"fixtures: {count} from {directory}"


def _announce(run_dir: Path, out: Path | None, console: Console) -> None:
    """Say where the run goes, and how to resume it when that is not obvious."""
    from summarizer.evals.runner import RUN_FILE

    if (run_dir / RUN_FILE).is_file():
        line = f"resuming the run in {run_dir}"
    elif out is not None:
        line = f"run directory: {run_dir}"
    else:  # a new directory per run: resuming needs its name
        line = f"run directory: {run_dir} (pass --out {run_dir} to resume it)"
    console.print(line, soft_wrap=True, markup=False, highlight=False)


@dataclass
class _Tally:
    """What a run has done so far, for the line Ctrl-C prints."""

    total: int
    concurrency: int
    skipped: int = 0  # recorded by an earlier run
    recorded: int = 0

    def interrupted(self, run_dir: Path) -> str:
        """What was kept, what was in flight (lost), what had not started."""
        from summarizer.evals.runner import PREDICTIONS_FILE

        left = self.total - self.skipped - self.recorded
        in_flight = min(self.concurrency, left)
        kept = (
            f"{self.skipped + self.recorded} of {self.total} document(s) recorded in "
            f"{run_dir / PREDICTIONS_FILE}"
        )
        if self.skipped:
            kept += f" ({self.skipped} by an earlier run)"
        return f"{kept}; {in_flight} in flight, not recorded; {left - in_flight} not started"


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
    fixtures: list[Fixture], run_dir: Path, tally: _Tally, *, settings: Settings, **options: Any
) -> list[DocumentRecord]:
    """:func:`run_eval` with a progress bar on stderr naming each finished document; counts
    in ``tally`` what is done, for an interruption."""
    from summarizer.evals.runner import run_eval

    progress = Progress(
        TextColumn("[bold]eval[/bold] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    task = progress.add_task(settings.effective_backend, total=len(fixtures))

    def on_skip(count: int) -> None:
        tally.skipped = count
        progress.update(task, advance=count)

    def on_record(record: DocumentRecord) -> None:
        tally.recorded += 1
        label = record.status if record.status != "ok" else f"{record.score.value('overall'):.2f}"
        progress.update(task, advance=1, description=f"{record.id}: {label}")

    with progress:
        return asyncio.run(
            run_eval(
                fixtures,
                run_dir,
                settings=settings,
                on_skip=on_skip,
                on_record=on_record,
                **options,
            )
        )


def _report_run(
    run_dir: Path,
    records: list[DocumentRecord],
    wanted: set[str],
    thresholds: dict[str, float],
    max_failure_rate: float,
    console: Console,
) -> None:
    """Print and write the run's report, then say what failed and exit accordingly: 1 for
    a bug, else the failures' code when more than ``max_failure_rate`` failed, else 1 for a
    missed threshold."""
    from summarizer.cli.failures import judge_failures
    from summarizer.evals.report import build_report
    from summarizer.evals.runner import RUN_FILE

    run_meta = json.loads((run_dir / RUN_FILE).read_text(encoding="utf-8"))
    chosen_records = [r for r in records if r.id in wanted]
    report = build_report(chosen_records, run_meta)
    # Said after the report, so that report.md (named in each line) exists.
    _publish(report, run_dir, console)
    code = 1 if _missed(report, thresholds) else 0
    verdict = judge_failures(
        chosen_records, max_failure_rate=max_failure_rate, report=run_dir / "report.md"
    )
    if verdict is not None:
        level = "error" if verdict.over_limit else "warning"
        typer.echo(f"summarizer: {level}: {verdict.line}", err=True)
        code = verdict.code if verdict.over_limit else code
    bugs = [r.id for r in chosen_records if r.status == "error"]
    if bugs:  # a bug must never pass as a model's failure
        typer.echo(
            f"summarizer: error: unexpected error (a bug, not a model failure) in "
            f"{len(bugs)} document(s): {', '.join(bugs)}; see {run_dir / 'report.md'}; "
            "they run again on resume",
            err=True,
        )
        code = 1
    if code:
        raise typer.Exit(code)


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
    from summarizer.evals.report import build_report, parse_thresholds
    from summarizer.evals.stored import rescore_all

    console = Console()
    run_dir = out or predictions / RESCORED_DIR
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
    if unknown:
        # A --batch output directory may hold briefs of other articles: they are not
        # fixtures, so they are left out, but said, in case an id is misspelt.
        typer.echo(
            f"summarizer: warning: {predictions}: ignoring {len(unknown)} prediction(s) "
            f"for no fixture: {', '.join(unknown)}",
            err=True,
        )
    with write_errors(run_dir):
        meta = _write_scored_run(run_dir, records, predictions, fixtures_dir)
    _finish(build_report(records, meta), run_dir, thresholds, console)


def _write_scored_run(
    run_dir: Path, records: list[DocumentRecord], predictions: Path, fixtures_dir: Path
) -> dict[str, Any]:
    """The re-scored records and their run.json (the stored run's, marked as re-scored)."""
    from summarizer.evals.runner import PREDICTIONS_FILE, RUN_FILE, write_records

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


HtmlOpt = Annotated[
    Path | None,
    typer.Option(
        "--html",
        metavar="OUT.html",
        help="Also write one self-contained web page of the run(s): scores, a documents x "
        "fields heatmap, and each document with its evidence and gold beside prediction.",
    ),
]


def _write_page(
    run_dirs: list[Path], loaded: list[tuple[list[DocumentRecord], RunReport]], out: Path
) -> None:
    """The eval page of ``run_dirs`` (``loaded``: their records and reports) in ``out``;
    said on stdout."""
    from summarizer.evals.html import page_runs, write_eval_page

    with write_errors(out):
        write_eval_page(page_runs(run_dirs, loaded), out)
    with stdout_errors():
        Console().print(f"wrote {out}", soft_wrap=True, markup=False, highlight=False)


@app.command()
def report(
    run_dirs: Annotated[
        list[Path],
        typer.Argument(
            metavar="RUN [RUN ...]",
            help="Run directories; with several, --html compares them (the first is the baseline).",
        ),
    ],
    fail_under: FailUnderOpt = None,
    html: HtmlOpt = None,
) -> None:
    """Print each run's table and write its report.json and report.md (and, with --html,
    one web page of all the runs)."""
    from summarizer.evals.report import load_records_and_report, parse_thresholds

    thresholds = parse_thresholds(fail_under or [])
    loaded = [load_records_and_report(run_dir) for run_dir in run_dirs]
    built = [one for _, one in loaded]
    console = Console()
    missed = False
    for run_dir, one in zip(run_dirs, built, strict=True):
        _publish(one, run_dir, console)
        missed = _missed(one, thresholds) or missed
    if html is not None:
        _write_page(run_dirs, loaded, html)
    if missed:
        raise typer.Exit(1)


@app.command()
def compare(
    run_a: Annotated[Path, typer.Argument(metavar="RUN_A", help="The baseline run.")],
    run_b: Annotated[Path, typer.Argument(metavar="RUN_B", help="The candidate run.")],
    fail_on_regression: Annotated[
        bool, typer.Option("--fail-on-regression", help="Exit 1 when any metric regressed.")
    ] = False,
    html: HtmlOpt = None,
) -> None:
    """Per-metric deltas from RUN_A to RUN_B, regressions marked (and, with --html, the two
    runs side by side as one web page)."""
    from summarizer.evals.report import compare_reports, load_records_and_report, print_comparison

    loaded = [load_records_and_report(run_a), load_records_and_report(run_b)]
    (_, before), (_, after) = loaded
    comparison = compare_reports(before, after, before_name=str(run_a), after_name=str(run_b))
    with stdout_errors():
        print_comparison(comparison, Console())
    if html is not None:
        _write_page([run_a, run_b], loaded, html)
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
    from summarizer.evals.probes.suite import probe_table, run_probes

    _, chosen = _fixtures(fixtures, None)
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
