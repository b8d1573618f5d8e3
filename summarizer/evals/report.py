"""Aggregating a run into a report (terminal table, JSON, Markdown) and comparing two runs.

Per-metric values are means over documents, failed documents included with 0 (so failures
always cost score); cost metrics are means per document. Pure functions build the report;
only :func:`write_report` and the ``print_*`` functions touch the outside world.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from rich import box
from rich.console import Console
from rich.table import Table

from summarizer.errors import InputError
from summarizer.evals.evaluators.alignment import FieldAlignment
from summarizer.evals.matching.decisions import JudgeOutcome, agreement_rate
from summarizer.evals.runner import PREDICTIONS_FILE, RUN_FILE, DocumentRecord, read_records
from summarizer.evals.scoring import METRICS, OVERALL_WEIGHTS, MetricInfo
from summarizer.sources.files import write_atomically

__all__ = [
    "COUNT_METRICS",
    "RUN_METRICS",
    "Comparison",
    "Delta",
    "RunReport",
    "build_report",
    "compare_reports",
    "is_regression",
    "load_records_and_report",
    "load_report",
    "load_run",
    "metric_info",
    "parse_thresholds",
    "print_comparison",
    "print_report",
    "render_markdown",
    "threshold_failures",
    "write_report",
]

RUN_METRICS: dict[str, MetricInfo] = {
    "failure_rate": MetricInfo("documents that failed / documents", higher_is_better=False),
    "partial_rate": MetricInfo(
        "documents whose brief was partial (ungrounded items left out) / documents",
        higher_is_better=False,
    ),
    "dropped": MetricInfo(
        "items left out of partial briefs, per document (they are scored as missed)",
        higher_is_better=False,
    ),
    "latency_s": MetricInfo(
        "model latency per successful document, seconds", higher_is_better=False
    ),
    "attempts": MetricInfo("model answers per document (1 + re-asks)", higher_is_better=False),
    "tokens": MetricInfo(
        "tokens per successful document (prompt + completion)", higher_is_better=False
    ),
    "requests": MetricInfo(
        "HTTP requests made per document in this run (cache hits make none)", higher_is_better=False
    ),
    "cache_hit_rate": MetricInfo("documents answered from the cache / documents"),
    "cost_usd": MetricInfo(
        "estimated USD per successful document (price table; unpriced models excluded)",
        higher_is_better=False,
    ),
    "judge.overall": MetricInfo(
        "overall with a model judge's answers on doubtful pairs (only with --judge)"
    ),
    "judge.agreement": MetricInfo(
        "doubtful pairs where the judge agreed with the rules / pairs asked (only with --judge)"
    ),
}
"""Run-level metrics, reported after the per-document ones (judge.* only when judged)."""

COUNT_METRICS = frozenset(
    {"attempts", "dropped", "grounding.hallucinated_numbers", "requests", "tokens"}
)
"""Metrics that are means of counts per document, shown as counts rather than scores."""

COST_TOLERANCE = 0.10
"""Cost metrics (latency, attempts, tokens, requests) are noisy: only a rise of more than
10% is marked as a regression. Quality metrics are deterministic: any drop is one."""

_SUMMARY_COLUMNS = [
    ("overall", "overall"),
    ("parties.score", "parties"),
    ("figures.score", "figures"),
    ("disputes.score", "disputes"),
    ("key_facts.score", "key facts"),
    ("grounding.score", "grounding"),
    ("misinformation.items", "misinforming"),
]


class DocumentRow(BaseModel):
    """One document in a report: status, metric values and the reasons behind them."""

    id: str
    status: str
    error: str | None = None
    cached: bool = False
    latency_s: float | None = None
    tokens: int = 0
    metrics: dict[str, float]
    reasons: dict[str, list[str]]
    alignment: dict[str, FieldAlignment] = Field(default_factory=dict)
    """Gold and prediction side by side, field by field
    (see :mod:`summarizer.evals.evaluators.alignment`)."""
    judge: JudgeOutcome | None = None


class RunReport(BaseModel):
    """A run's aggregate metrics and its documents."""

    run: dict[str, Any]
    documents: int
    failed: int
    summary: dict[str, float]
    rows: list[DocumentRow]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _judge_summary(records: Sequence[DocumentRecord]) -> dict[str, float]:
    """``judge.overall`` (mean over documents, failed ones 0, unjudged ones at their
    deterministic score) and ``judge.agreement`` (over every pair asked), when judged."""
    outcomes = [r.score.judge for r in records if r.score.judge is not None]
    if not outcomes:
        return {}
    overall = [
        r.score.judge.values["overall"] if r.score.judge else r.score.value("overall")
        for r in records
    ]
    return {
        "judge.overall": _mean(overall),
        "judge.agreement": agreement_rate(p for o in outcomes for p in o.pairs),
    }


def build_report(records: Sequence[DocumentRecord], run: dict[str, Any] | None = None) -> RunReport:
    """Aggregate records into a report (pure)."""
    if not records:
        raise InputError("the run has no recorded document yet")
    stale = sorted({r.id for r in records if set(METRICS) - set(r.score.metrics)})
    if stale:
        raise InputError(
            f"{len(stale)} document(s) were scored by an older scorer ({', '.join(stale[:3])}"
            f"{', ...' if len(stale) > 3 else ''}); score the run again with "
            "`summarizer eval score --predictions RUN`"
        )
    summary = {name: _mean([r.score.value(name) for r in records]) for name in METRICS}
    ok = [r for r in records if r.status == "ok"]
    summary["failure_rate"] = 1 - len(ok) / len(records)
    summary["partial_rate"] = _mean([float(r.partial) for r in records])
    summary["dropped"] = _mean([float(r.dropped) for r in records])
    summary["latency_s"] = _mean([r.latency_s for r in ok if r.latency_s is not None])
    summary["attempts"] = _mean([float(r.attempts) for r in records])
    summary["tokens"] = _mean([float(r.tokens) for r in ok])
    summary["requests"] = _mean([float(r.requests) for r in records])
    summary["cache_hit_rate"] = _mean([float(r.cached) for r in records])
    summary["cost_usd"] = _mean([r.cost_usd for r in ok if r.cost_usd is not None])
    summary |= _judge_summary(records)
    rows = [
        DocumentRow(
            id=r.id,
            status=r.status,
            error=f"{r.error_type}: {r.error_message}" if r.status != "ok" else None,
            cached=r.cached,
            latency_s=r.latency_s,
            tokens=r.tokens,
            metrics=r.score.values(),
            reasons={k: m.reasons for k, m in r.score.metrics.items() if m.reasons},
            alignment=r.score.alignment,
            judge=r.score.judge,
        )
        for r in records
    ]
    return RunReport(
        run=run or {},
        documents=len(records),
        failed=len(records) - len(ok),
        summary=summary,
        rows=rows,
    )


def load_run(run_dir: Path) -> tuple[list[DocumentRecord], dict[str, Any]]:
    """The records and the description (``run.json``, or {}) of the run in ``run_dir``."""
    predictions = run_dir / PREDICTIONS_FILE
    if not predictions.is_file():
        raise InputError(f"{run_dir}: not a run directory (no {PREDICTIONS_FILE})")
    run: dict[str, Any] = {}
    if (run_dir / RUN_FILE).is_file():
        try:
            run = json.loads((run_dir / RUN_FILE).read_text(encoding="utf-8"))
        except ValueError as exc:
            raise InputError(f"{run_dir / RUN_FILE}: unreadable: {exc}") from exc
    return read_records(predictions), run


def load_report(run_dir: Path) -> RunReport:
    """Build the report of the run stored in ``run_dir`` from its ``predictions.jsonl``."""
    return load_records_and_report(run_dir)[1]


def load_records_and_report(run_dir: Path) -> tuple[list[DocumentRecord], RunReport]:
    """The records of the run stored in ``run_dir`` and its report, read once (an eval page
    needs both)."""
    records, run = load_run(run_dir)
    return records, build_report(records, run)


def _meaning(name: str) -> str:
    """What a metric means, as report.md says it (the overall score with its weights)."""
    if name == "overall":
        weights = ", ".join(f"{part} {weight:.2f}" for part, weight in OVERALL_WEIGHTS.items())
        return (
            f"weighted mean of the field scores: {weights} (a field's attributes score is "
            "the mean of its attribute accuracies)"
        )
    return metric_info(name).description


def metric_info(name: str) -> MetricInfo:
    """What a per-document or run-level metric means, and which way is better."""
    return METRICS.get(name) or RUN_METRICS[name]


def _value(name: str, value: float) -> str:
    if name == "latency_s":
        return f"{value:.2f} s"
    if name == "cost_usd":
        return f"${value:.5f}"
    if name in COUNT_METRICS:
        return f"{value:.1f}" if value != int(value) else f"{int(value)}"
    return f"{value:.3f}"


def _title(report: RunReport) -> str:
    run = report.run
    what = f"{run.get('backend', '?')} / {run.get('model', '?')}"
    return f"Eval: {what} — {report.documents} documents, {report.failed} failed"


def _setting(key: str, value: Any, run: dict[str, Any]) -> str:
    if key == "cache" and isinstance(value, bool):
        # The offline backend is never cached, whatever the run was given.
        if run.get("backend") == "offline":
            return "off (offline)"
        return "on" if value else "off"
    return str(value)


def _cell(name: str, value: float) -> str:
    """A per-document cell: counts as integers, scores to two decimals."""
    return f"{value:.0f}" if name == "misinformation.items" else f"{value:.2f}"


def print_report(report: RunReport, console: Console) -> None:
    """The summary table and the per-document table, on ``console``.

    Meanings are left to the Markdown report, so the tables fit an 80-column terminal.
    """
    table = Table(title=_title(report))
    table.add_column("metric", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    for name, value in report.summary.items():
        table.add_row(name, _value(name, value))
    console.print(table)
    docs = Table(title="Per document", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    docs.add_column("document", no_wrap=True, overflow="ellipsis", max_width=20)
    docs.add_column("status", min_width=6)
    # Short headers keep the table inside 80 columns; report.md spells them out.
    for label in ("overall", "party", "figs", "disp", "facts", "ground", "mis"):
        docs.add_column(label, justify="right", min_width=len(label))
    for row in report.rows:
        status = "cached" if row.cached else row.status
        docs.add_row(row.id, status, *(_cell(k, row.metrics[k]) for k, _ in _SUMMARY_COLUMNS))
    console.print(docs)
    for row in report.rows:
        if row.error:
            console.print(f"[red]{row.status}[/red] {row.id}: {row.error}")


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: RunReport, *, max_reasons: int = 12) -> str:
    """The report as Markdown: summary, per-document table, failures, and reasons."""
    lines = [f"# {_title(report)}", ""]
    settings = ", ".join(
        f"{k}: `{_setting(k, v, report.run)}`" for k, v in report.run.items() if v is not None
    )
    if settings:
        lines += [settings, ""]
    lines += ["| metric | value | meaning |", "|---|---:|---|"]
    for name, value in report.summary.items():
        lines.append(f"| `{name}` | {_value(name, value)} | {_meaning(name)} |")
    lines += ["", "## Per document", ""]
    lines.append("| document | status | " + " | ".join(lb for _, lb in _SUMMARY_COLUMNS) + " |")
    lines.append("|---|---|" + "---:|" * len(_SUMMARY_COLUMNS))
    for row in report.rows:
        cells = " | ".join(f"{row.metrics[k]:.3f}" for k, _ in _SUMMARY_COLUMNS)
        lines.append(f"| {row.id} | {'cached' if row.cached else row.status} | {cells} |")
    lines += _judge_markdown(report)
    failures = [row for row in report.rows if row.error]
    if failures:
        lines += ["", "## Failures", ""]
        lines += [f"- **{row.id}**: {_md_escape(row.error or '')}" for row in failures]
    lines += ["", "## Why points were lost", ""]
    for row in report.rows:
        if row.error:
            continue
        reasons = [
            f"`{name}`: {_md_escape(reason)}"
            for name, items in row.reasons.items()
            if name != "overall" and not name.endswith((".f1", ".score"))
            for reason in items
        ]
        lines.append(f"### {row.id}")
        lines.append("")
        lines += [f"- {r}" for r in reasons[:max_reasons]] or ["- nothing: a perfect score"]
        if len(reasons) > max_reasons:
            lines.append(f"- ... and {len(reasons) - max_reasons} more (see report.json)")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _judge_markdown(report: RunReport) -> list[str]:
    """The judge's section: judged next to deterministic scores, and where they disagreed."""
    judged = [row for row in report.rows if row.judge is not None]
    if not judged:
        return []
    model = judged[0].judge.model if judged[0].judge else "?"
    agreement = report.summary.get("judge.agreement", 1.0)
    lines = [
        "",
        f"## Model judge ({model})",
        "",
        f"Doubtful pairs were asked of the judge; it agreed with the rules on "
        f"{agreement:.0%} of them. The deterministic score stays the score.",
        "",
        "| document | overall | judged | pairs asked | agreement |",
        "|---|---:|---:|---:|---:|",
    ]
    disagreements: list[str] = []
    for row in judged:
        assert row.judge is not None
        outcome = row.judge
        lines.append(
            f"| {row.id} | {row.metrics['overall']:.3f} | {outcome.values['overall']:.3f} | "
            f"{len(outcome.pairs)} | {outcome.agreement:.0%} |"
        )
        disagreements += [
            f"- {row.id}, {p.field}: rules {'same' if p.rules_same else 'not same'}, judge "
            f"{'same' if p.judge_same else 'not same'}: {_md_escape(p.gold)} / "
            f"{_md_escape(p.predicted)}" + (f" ({_md_escape(p.reason)})" if p.reason else "")
            for p in outcome.pairs
            if p.rules_same != p.judge_same
        ]
    if disagreements:
        lines += ["", "Where they disagreed:", "", *disagreements]
    return lines


def write_report(report: RunReport, run_dir: Path) -> tuple[Path, Path]:
    """Write ``report.json`` and ``report.md`` into ``run_dir``; return both paths."""
    json_path, md_path = run_dir / "report.json", run_dir / "report.md"
    write_atomically(json_path, report.model_dump_json(indent=2) + "\n")
    write_atomically(md_path, render_markdown(report))
    return json_path, md_path


# --- thresholds and comparison -----------------------------------------------------------


def parse_thresholds(items: Sequence[str]) -> dict[str, float]:
    """``["overall=0.6", "parties.f1=0.8"]`` -> ``{"overall": 0.6, "parties.f1": 0.8}``."""
    thresholds: dict[str, float] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or (name not in METRICS and name not in RUN_METRICS):
            known = ", ".join([*METRICS, *RUN_METRICS])
            raise InputError(
                f"--fail-under {item!r}: expected METRIC=VALUE with METRIC one of {known}"
            )
        try:
            thresholds[name] = float(raw)
        except ValueError:
            raise InputError(f"--fail-under {item!r}: {raw!r} is not a number") from None
    return thresholds


def threshold_failures(report: RunReport, thresholds: dict[str, float]) -> list[str]:
    """One line per metric below its threshold (``--fail-under``)."""
    return [
        f"{name} = {report.summary[name]:.3f} is under {minimum:.3f}"
        for name, minimum in thresholds.items()
        if report.summary[name] < minimum
    ]


class Delta(BaseModel):
    """One metric in both runs."""

    metric: str
    before: float
    after: float
    delta: float
    regression: bool


class Comparison(BaseModel):
    """Per-metric deltas between two runs, plus documents whose overall score dropped."""

    before: str
    after: str
    deltas: list[Delta]
    worse_documents: list[tuple[str, float, float]]

    @property
    def regressions(self) -> list[Delta]:
        """The deltas marked as regressions (see :data:`COST_TOLERANCE`)."""
        return [d for d in self.deltas if d.regression]


def is_regression(name: str, before: float, after: float) -> bool:
    """Whether ``name`` going from ``before`` to ``after`` is a regression: any fall of a
    quality metric, a rise of a cost metric beyond :data:`COST_TOLERANCE`."""
    info = metric_info(name)
    if name in ("latency_s", "attempts", "tokens", "requests", "cost_usd"):
        return after > before * (1 + COST_TOLERANCE) and after - before > 1e-9
    if name == "cache_hit_rate":
        return False  # a colder cache is not a worse model
    if info.higher_is_better:
        return after < before - 1e-9
    return after > before + 1e-9


def compare_reports(
    before: RunReport, after: RunReport, *, before_name: str = "A", after_name: str = "B"
) -> Comparison:
    """Deltas ``after - before`` for every metric both runs have; marks regressions."""
    deltas = [
        Delta(
            metric=name,
            before=before.summary[name],
            after=after.summary[name],
            delta=after.summary[name] - before.summary[name],
            regression=is_regression(name, before.summary[name], after.summary[name]),
        )
        for name in before.summary
        if name in after.summary
    ]
    old = {row.id: row.metrics["overall"] for row in before.rows}
    worse = [
        (row.id, old[row.id], row.metrics["overall"])
        for row in after.rows
        if row.id in old and row.metrics["overall"] < old[row.id] - 1e-9
    ]
    return Comparison(before=before_name, after=after_name, deltas=deltas, worse_documents=worse)


def print_comparison(comparison: Comparison, console: Console) -> None:
    """The comparison as a table, regressions marked in red."""
    table = Table(title=f"{comparison.before} -> {comparison.after}")
    for column in ("metric", "before", "after", "delta", ""):
        table.add_column(column, justify="left" if column in ("metric", "") else "right")
    for d in comparison.deltas:
        mark = "[red]REGRESSION[/red]" if d.regression else ""
        sign = "+" if d.delta > 0 else ""
        table.add_row(
            d.metric,
            _value(d.metric, d.before),
            _value(d.metric, d.after),
            f"{sign}{d.delta:.3f}",
            mark,
        )
    console.print(table)
    for doc, was, now in comparison.worse_documents:
        console.print(f"[yellow]worse[/yellow] {doc}: overall {was:.3f} -> {now:.3f}")
    count = len(comparison.regressions)
    console.print(f"{count} regression(s)" if count else "no regression")
