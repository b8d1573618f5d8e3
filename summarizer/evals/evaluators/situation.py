"""Where and when: locations, the reporting date, and the dates of events.

Locations are matched one to one by name (``eastern Aleppo`` is a form of ``Aleppo`` only
when gold has no closer place). The reporting date is right or wrong; a wrong one (not a
missing one) misinforms, since every relative date of the story shifts with it. Events are
matched on what happened (their descriptions, as statements) and then checked for the date:
an event on the wrong day misinforms.
"""

from __future__ import annotations

from summarizer.evals.evaluators.alignment import Check, FieldAlignment, Severity, check
from summarizer.evals.evaluators.common import RANK_FLOOR, align, excess, field_metrics, short
from summarizer.evals.evaluators.context import Context
from summarizer.evals.evaluators.metric import Metric
from summarizer.evals.matching.meaning import STATEMENT_FLOOR
from summarizer.evals.matching.names import NAME_FLOOR, name_similarity
from summarizer.evals.matching.similarity import sentence_model

__all__ = ["score_event_dates", "score_locations", "score_reporting_date"]


def score_locations(ctx: Context) -> tuple[dict[str, Metric], FieldAlignment]:
    """``locations.precision``, ``.recall`` and ``.f1``: every gold place is required."""
    predicted, gold = ctx.brief.situation.locations, ctx.gold.locations
    matrix = [[name_similarity(p, g, ctx.places) for g in gold] for p in predicted]
    alignment = align(len(predicted), [False] * len(gold), matrix, NAME_FLOOR, lambda i, j: [])
    metrics = field_metrics(
        "locations",
        alignment,
        n_predicted=len(predicted),
        gold_optional=[False] * len(gold),
        attributes=[],
        extra=lambda i: f"predicted place {predicted[i]!r} is not a gold location",
        missed=lambda j: f"gold location {gold[j]!r} was not found",
    )
    del metrics["locations.score"]  # no attribute to check: the score is the F1
    return metrics, alignment


def score_reporting_date(ctx: Context) -> tuple[Metric, bool]:
    """``dates.reporting`` (1 when equal, null = null) and whether a wrong date misinforms."""
    got, want = ctx.brief.situation.reporting_date, ctx.gold.reporting_date
    if got == want:
        return Metric(value=1.0), False
    shown = got.isoformat() if got else None
    reason = f"reporting date {shown}, gold {want.isoformat() if want else None}"
    return Metric(value=0.0, reasons=[reason]), got is not None and want is not None


def score_event_dates(ctx: Context) -> tuple[dict[str, Metric], FieldAlignment]:
    """``event_dates.*``: events matched by description; a wrong date misinforms."""
    predicted, gold = ctx.brief.situation.event_dates, ctx.gold.event_dates
    model = sentence_model()
    similarity = [[model.similarity(g.event, p.event) for g in gold] for p in predicted]
    # An event on the right day pairs before one on another day with a closer description.
    matrix = [
        [
            excess(s, STATEMENT_FLOOR) + (0.5 if predicted[i].date == gold[j].date else 0.0)
            if s >= STATEMENT_FLOOR
            else 0.0
            for j, s in enumerate(row)
        ]
        for i, row in enumerate(similarity)
    ]

    def checks(i: int, j: int) -> list[Check]:
        p, g = predicted[i], gold[j]
        return [
            check(
                "date",
                Severity.OK if p.date == g.date else Severity.MISINFORMS,
                f"event {short(g.event, 50)}: {p.date.isoformat()}, gold {g.date.isoformat()}",
            )
        ]

    alignment = align(
        len(predicted),
        [False] * len(gold),
        matrix,
        RANK_FLOOR,
        checks,
        similarity=lambda i, j: similarity[i][j],
    )
    metrics = field_metrics(
        "event_dates",
        alignment,
        n_predicted=len(predicted),
        gold_optional=[False] * len(gold),
        attributes=["date"],
        extra=lambda i: f"predicted event {short(predicted[i].event, 50)} matches no gold event",
        missed=lambda j: f"gold event {short(gold[j].event, 50)} ({gold[j].date}) was not found",
    )
    return metrics, alignment
