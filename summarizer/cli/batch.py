"""``summarizer batch submit|status|collect``: the Batch API from the command line.

``collect`` exits 0 when no failure is left unhandled (failures it resubmitted are being
worked on), else with the failures' code as ``brief --batch`` does: 3 input, 4 endpoint,
5 model output, 1 when they differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summarizer.cli.common import (
    BaseUrlOpt,
    ModelOpt,
    ModeOpt,
    ReportingDateOpt,
    command_group,
    exit_code,
    parse_date,
    shared_exit_code,
    stdout_errors,
)
from summarizer.config import Settings

if TYPE_CHECKING:
    from summarizer.batch.openai.state import BatchRecord

__all__ = ["batch_app"]

batch_app = command_group(
    "batch",
    help="Brief whole archives through OpenAI's Batch API (half price, results within 24 h).",
)

StateArg = Annotated[Path, typer.Argument(help="The state directory made by 'batch submit'.")]


@batch_app.command("submit")
def submit_command(
    source: Annotated[Path, typer.Argument(help="Directory of *.txt articles.")],
    out: Annotated[Path, typer.Option("--out", help="State directory to create.")],
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    mode: ModeOpt = None,
    reporting_date: ReportingDateOpt = None,
) -> None:
    """Upload one request per article and create a batch."""
    settings = Settings.resolve(model=model, base_url=base_url, mode=mode)
    date = parse_date(reporting_date)
    from summarizer.batch.openai.api import submit  # pulls in openai: only when used

    records = submit(source, out, settings, reporting_date=date)
    requests = sum(len(r.custom_ids) for r in records)
    with stdout_errors():
        if len(records) == 1:
            typer.echo(f"submitted {requests} request(s) as batch {records[0].id}")
        else:
            ids = ", ".join(r.id for r in records)
            typer.echo(f"submitted {requests} request(s) in {len(records)} batches: {ids}")
        typer.echo(f"state in {out}; check with: summarizer batch status {out}")


@batch_app.command("status")
def status_command(state: StateArg, base_url: BaseUrlOpt = None) -> None:
    """Show each batch's status and request counts."""
    from summarizer.batch.openai.api import status

    rows = status(state, Settings.resolve(base_url=base_url))
    with stdout_errors():
        _print_status(rows)


def _print_status(rows: list[tuple[BatchRecord, dict[str, int]]]) -> None:
    split_rounds = {r.round for r, _ in rows if r.part > 1}
    for record, counts in rows:
        done = "collected" if record.collected else record.status
        label = f"round {record.round}"
        if record.round in split_rounds:
            label += f" part {record.part}"
        tally = (
            f" ({counts.get('completed', 0)}/{counts.get('total', 0)} done, "
            f"{counts.get('failed', 0)} failed)"
            if counts
            else ""
        )
        typer.echo(f"{label}  {record.id}  {done}{tally}")


@batch_app.command("collect")
def collect_command(
    state: StateArg,
    resubmit: Annotated[
        bool, typer.Option("--resubmit", help="Send the failures again as a new batch.")
    ] = False,
    wait: Annotated[bool, typer.Option("--wait", help="Poll until every batch is done.")] = False,
    poll_interval: Annotated[
        float, typer.Option("--poll-interval", min=0, help="Seconds between polls with --wait.")
    ] = 30.0,
    max_rounds: Annotated[
        int, typer.Option("--max-rounds", min=1, help="Submissions per article at most.")
    ] = 3,
    base_url: BaseUrlOpt = None,
) -> None:
    """Download finished batches, validate and ground each answer, write results/.

    Exit code: 0 when nothing is left failed; else 3 input, 4 endpoint, 5 model output,
    1 when the failures differ.
    """
    from summarizer.batch.openai.api import collect

    report = collect(
        state,
        Settings.resolve(base_url=base_url),
        resubmit=resubmit,
        wait=wait,
        poll_interval=poll_interval,
        max_rounds=max_rounds,
    )
    for custom_id, failure in report.failed.items():
        typer.echo(f"summarizer: {custom_id}: {failure}", err=True)
    typer.echo(f"summarizer: {report.summary()}; results in {state / 'results'}", err=True)
    # As for 'brief --batch': 0 when nothing is left failed (resubmitted failures are being
    # worked on), else the failures' code (3 input, 4 endpoint, 5 model output), 1 if mixed.
    unresolved = report.unresolved()
    if unresolved:
        raise typer.Exit(shared_exit_code(exit_code(failure) for failure in unresolved))
