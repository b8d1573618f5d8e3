"""Documents on the eval page: the heatmap rows (documents × fields, per run and as a delta)
and each document's page (the article with the run's quotes, and the alignment)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from summarizer.brief.html.view import DocumentView, document_view
from summarizer.brief.schema import Brief
from summarizer.evals.dataset import Fixture
from summarizer.evals.html.aligned import FieldPanel, field_panels
from summarizer.evals.html.fields import FIELDS, UNALIGNED, Field
from summarizer.evals.html.runs import LoadedRun
from summarizer.evals.report import is_regression
from summarizer.evals.runner import DocumentRecord

__all__ = [
    "Cell",
    "DocumentPage",
    "HeatmapRow",
    "RunPanel",
    "document_ids",
    "document_kind",
    "document_page",
    "heatmap_rows",
]

SHORT_WIRE_WORDS = 150
LONG_REPORT_WORDS = 3000
"""Word bands of the fixture set (evals/README.md): short wire items, articles, long reports."""


def document_kind(article: str | None) -> str:
    """``wire``, ``article`` or ``long`` by the article's length; ``unknown`` without it."""
    if article is None:
        return "unknown"
    words = len(article.split())
    if words < SHORT_WIRE_WORDS:
        return "wire"
    return "long" if words >= LONG_REPORT_WORDS else "article"


def document_ids(runs: Sequence[LoadedRun]) -> list[str]:
    """Every document of any run: the first run's order, then any others."""
    return list(dict.fromkeys(doc for run in runs for doc in run.records))


@dataclass(frozen=True)
class Cell:
    """A heatmap cell: the value as text (colour only repeats it) and its colour step."""

    text: str
    step: str
    """``s0``..``s10`` for a score; ``up3``..``dn3`` for a delta; ``na`` when missing."""
    title: str


def _score_cell(value: float | None, label: str, doc: str) -> Cell:
    if value is None:
        return Cell("–", "na", f"{doc}: {label} not in this run")
    return Cell(f"{value:.2f}", f"s{round(value * 10)}", f"{doc}: {label} {value:.3f}")


def _delta_cell(before: float | None, after: float | None, label: str, doc: str) -> Cell:
    if before is None or after is None:
        return Cell("–", "na", f"{doc}: {label} not in both runs")
    change = after - before
    if abs(change) < 0.005:
        return Cell("±0", "d0", f"{doc}: {label} unchanged ({after:.3f})")
    steps = min(3, 1 + int(abs(change) / 0.15))
    arrow, step = ("▲", f"up{steps}") if change > 0 else ("▼", f"dn{steps}")
    return Cell(f"{arrow}{abs(change):.2f}", step, f"{doc}: {label} {before:.3f} → {after:.3f}")


@dataclass(frozen=True)
class HeatmapRow:
    """One document across runs: cells per run (fields in order) and the delta row."""

    id: str
    kind: str
    failed: bool
    regressed: tuple[str, ...]
    """Fields whose score fell from the first run in a later one."""
    cells: tuple[tuple[Cell, ...], ...]
    delta: tuple[Cell, ...]


def _value(run: LoadedRun, doc: str, metric: str) -> float | None:
    record = run.records.get(doc)
    return record.score.value(metric) if record is not None else None


def _regressed(runs: Sequence[LoadedRun], doc: str) -> tuple[str, ...]:
    fell = []
    for field in FIELDS:
        first = _value(runs[0], doc, field.metric)
        later = [_value(run, doc, field.metric) for run in runs[1:]]
        if first is not None and any(
            v is not None and is_regression(field.metric, first, v) for v in later
        ):
            fell.append(field.key)
    return tuple(fell)


def heatmap_rows(runs: Sequence[LoadedRun]) -> list[HeatmapRow]:
    """Every document: its score per field in each run, and last run minus first."""
    rows = []
    for doc in document_ids(runs):
        fixture = _fixture(runs, doc)
        cells = tuple(
            tuple(_score_cell(_value(run, doc, f.metric), f.label, doc) for f in FIELDS)
            for run in runs
        )
        delta = tuple(
            _delta_cell(
                _value(runs[0], doc, f.metric), _value(runs[-1], doc, f.metric), f.label, doc
            )
            for f in FIELDS
        )
        failed = any(r.records[doc].status != "ok" for r in runs if doc in r.records)
        kind = document_kind(fixture.article if fixture else None)
        rows.append(HeatmapRow(doc, kind, failed, _regressed(runs, doc), cells, delta))
    return rows


def _fixture(runs: Sequence[LoadedRun], doc: str) -> Fixture | None:
    return next((run.fixtures[doc] for run in runs if doc in run.fixtures), None)


@dataclass(frozen=True)
class RunPanel:
    """One document in one run: status, scores, the article view and the alignment."""

    index: int
    run: LoadedRun
    record: DocumentRecord | None
    view: DocumentView | None
    fields: tuple[FieldPanel, ...]
    reasons: tuple[tuple[Field, tuple[str, ...]], ...]
    """Why points were lost outside the aligned fields (grounding, misinformation, date)."""

    @property
    def answer(self) -> dict[str, Any] | None:
        """The brief the run recorded for this document."""
        return self.record.brief if self.record is not None else None


@dataclass(frozen=True)
class DocumentPage:
    """One document: its article and gold (when the fixtures are at hand), and each run."""

    id: str
    kind: str
    words: int | None
    panels: tuple[RunPanel, ...]


def _brief(record: DocumentRecord | None) -> Brief | None:
    if record is None or record.brief is None or record.status != "ok":
        return None
    try:
        return Brief.model_validate(record.brief)
    except ValidationError:
        return None


def _panel(index: int, run: LoadedRun, doc: str, doc_index: int) -> RunPanel:
    record = run.records.get(doc)
    fixture = run.fixtures.get(doc)
    brief = _brief(record)
    view = None
    fields: list[FieldPanel] = []
    if fixture is not None and brief is not None:
        view = document_view(brief, fixture.article, prefix=f"x{doc_index}r{index}")
    if fixture is not None and record is not None and record.score.alignment:
        fields = field_panels(record.score.alignment, fixture.gold, brief, view)
    reasons: list[tuple[Field, tuple[str, ...]]] = []
    if record is not None:
        metrics = record.score.metrics
        reasons = [
            (f, tuple(metrics[f.metric].reasons))
            for f in UNALIGNED
            if f.metric in metrics and metrics[f.metric].reasons
        ]
    return RunPanel(index, run, record, view, tuple(fields), tuple(reasons))


def document_page(runs: Sequence[LoadedRun], doc: str, doc_index: int) -> DocumentPage:
    """The page of document ``doc`` (the ``doc_index``-th: it keeps element ids unique)."""
    fixture = _fixture(runs, doc)
    panels = tuple(_panel(i, run, doc, doc_index) for i, run in enumerate(runs))
    words = len(fixture.article.split()) if fixture is not None else None
    return DocumentPage(doc, document_kind(fixture.article if fixture else None), words, panels)
