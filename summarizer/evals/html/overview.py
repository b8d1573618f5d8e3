"""The overview of one or several runs: field scores and run metrics, each later run's delta
from the first (the baseline), regressions marked as ``eval compare`` marks them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.evals.html.fields import FIELDS
from summarizer.evals.html.runs import LoadedRun
from summarizer.evals.report import COUNT_METRICS, Delta, compare_reports, metric_info

__all__ = ["RUN_ROWS", "DeltaCell", "MetricRow", "baseline_deltas", "field_rows", "run_rows"]

RUN_ROWS: tuple[tuple[str, str], ...] = (
    ("failure_rate", "failure rate"),
    ("partial_rate", "partial briefs"),
    ("dropped", "items dropped per document"),
    ("attempts", "attempts per document"),
    ("tokens", "tokens per document"),
    ("latency_s", "latency per document"),
    ("cost_usd", "cost per document"),
    ("requests", "requests per document"),
    ("cache_hit_rate", "cache hit rate"),
)
"""Reliability and cost, in the order a reviewer reads them."""


@dataclass(frozen=True)
class DeltaCell:
    """A later run's change from the baseline, in words and arrows as well as colour."""

    text: str
    direction: str
    """``up``, ``down`` or ``same``."""
    regression: bool
    better: bool


@dataclass(frozen=True)
class MetricRow:
    """One metric across runs: formatted values and, after the first run, deltas."""

    metric: str
    label: str
    meaning: str
    values: tuple[str, ...]
    deltas: tuple[DeltaCell | None, ...]

    @property
    def regressed(self) -> bool:
        """Whether any later run regressed on this metric."""
        return any(d is not None and d.regression for d in self.deltas)


def _format(metric: str, value: float) -> str:
    if metric == "latency_s":
        return f"{value:.2f} s"
    if metric == "cost_usd":
        return f"${value:.5f}"
    if metric == "tokens":
        return f"{value:,.0f}"
    if metric in COUNT_METRICS:
        return f"{value:.2f}"
    if metric.endswith("_rate"):
        return f"{value:.0%}"
    return f"{value:.3f}"


def _delta(metric: str, delta: Delta) -> DeltaCell:
    change = delta.delta
    if abs(change) < 1e-9:
        return DeltaCell("±0", "same", False, False)
    higher_is_better = metric_info(metric).higher_is_better
    better = (change > 0) == higher_is_better and not delta.regression
    shown = _format(metric, abs(change)).lstrip("$")
    if metric == "cost_usd":
        shown = f"${shown}"
    return DeltaCell(
        f"{'+' if change > 0 else '−'}{shown}",
        "up" if change > 0 else "down",
        delta.regression,
        better,
    )


def baseline_deltas(runs: Sequence[LoadedRun]) -> list[dict[str, Delta]]:
    """Each later run's deltas from the first, by metric: one comparison per later run."""
    base = runs[0].report
    return [{d.metric: d for d in compare_reports(base, run.report).deltas} for run in runs[1:]]


def _rows(
    runs: Sequence[LoadedRun],
    comparisons: Sequence[dict[str, Delta]],
    metrics: Sequence[tuple[str, str]],
) -> list[MetricRow]:
    rows = []
    for metric, label in metrics:
        if not all(metric in run.report.summary for run in runs):
            continue
        info = metric_info(metric)
        deltas: list[DeltaCell | None] = [None]
        deltas += [_delta(metric, c[metric]) if metric in c else None for c in comparisons]
        rows.append(
            MetricRow(
                metric,
                label,
                info.description,
                tuple(_format(metric, run.report.summary[metric]) for run in runs),
                tuple(deltas),
            )
        )
    return rows


def field_rows(runs: Sequence[LoadedRun], deltas: Sequence[dict[str, Delta]]) -> list[MetricRow]:
    """The overall score and every field score, per run (``deltas``: :func:`baseline_deltas`)."""
    return _rows(runs, deltas, [(f.metric, f.label) for f in FIELDS])


def run_rows(runs: Sequence[LoadedRun], deltas: Sequence[dict[str, Delta]]) -> list[MetricRow]:
    """Failure and partial-brief rates, dropped items, attempts, tokens, latency and cost
    (``deltas``: :func:`baseline_deltas`)."""
    return _rows(runs, deltas, RUN_ROWS)
