"""The runs an eval page shows: each run's report, records and fixtures (article and gold)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.errors import SummarizerError
from summarizer.evals.dataset import Fixture, default_fixtures_dir, load_fixtures
from summarizer.evals.report import RunReport, load_records_and_report
from summarizer.evals.runner import DocumentRecord

__all__ = ["LoadedRun", "load_runs", "page_runs", "run_label"]


@dataclass(frozen=True)
class LoadedRun:
    """One run on the page: its name, report, records by id and fixtures by id."""

    name: str
    path: Path
    report: RunReport
    records: dict[str, DocumentRecord]
    fixtures: dict[str, Fixture] = field(default_factory=dict)

    @property
    def description(self) -> str:
        """Backend, model and prompt version, as the run recorded them."""
        return run_label(self.report.run)


def run_label(run: dict[str, object]) -> str:
    """``offline / offline-5 / prompt brief-1`` from a run's description."""
    parts = [str(run.get(key)) for key in ("backend", "model") if run.get(key)]
    if run.get("prompt_version"):
        parts.append(f"prompt {run['prompt_version']}")
    return " / ".join(parts) or "unknown run"


def _fixtures(run: dict[str, object], cache: dict[Path, dict[str, Fixture]]) -> dict[str, Fixture]:
    """The run's fixtures (its own directory, else the bundled set); none when unreadable:
    the page still shows scores and predictions, and says the article is missing."""
    recorded = run.get("fixtures")
    directory = Path(str(recorded)) if recorded else None
    if directory is None or not directory.is_dir():
        directory = default_fixtures_dir()
    if directory not in cache:
        try:
            cache[directory] = {f.id: f for f in load_fixtures(directory)}
        except SummarizerError:
            cache[directory] = {}
    return cache[directory]


def _names(paths: Sequence[Path]) -> list[str]:
    """Short, distinct names: the directory name (``parent/rescored`` for a re-scored run)."""
    names = []
    for path in paths:
        resolved = path.resolve()
        name = resolved.name
        if name == "rescored":
            name = f"{resolved.parent.name}/{name}"
        names.append(name)
    return [n if names.count(n) == 1 else f"{n} ({i + 1})" for i, n in enumerate(names)]


def page_runs(
    paths: Sequence[Path], loaded: Sequence[tuple[Sequence[DocumentRecord], RunReport]]
) -> list[LoadedRun]:
    """The runs in ``paths`` for the page, from their records and reports already loaded
    (:func:`~summarizer.evals.report.load_records_and_report`, one per path, in order)."""
    cache: dict[Path, dict[str, Fixture]] = {}
    return [
        LoadedRun(name, path, report, {r.id: r for r in records}, _fixtures(report.run, cache))
        for name, path, (records, report) in zip(_names(paths), paths, loaded, strict=True)
    ]


def load_runs(paths: Sequence[Path]) -> list[LoadedRun]:
    """Every run in ``paths``, in order; raises :class:`~summarizer.errors.InputError` for a
    directory that is no run."""
    return page_runs(paths, [load_records_and_report(path) for path in paths])
