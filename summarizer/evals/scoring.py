"""Scoring one predicted brief against its gold brief: deterministic, and every number explains
itself.

:func:`score_brief` returns a :class:`DocumentScore`: a flat mapping of metric names
("parties.f1", "grounding.quotes", "overall", ...) to a :class:`Metric` holding the value and
the reasons behind it, plus the alignment of gold and prediction field by field
(:class:`~summarizer.evals.alignment.FieldAlignment`). Each field is scored by its own module
in :mod:`summarizer.evals.evaluators`. The formulas, floors and weights are documented in
``evals/README.md`` ("Scoring"); change both together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from summarizer.brief.schema import Brief
from summarizer.evals.evaluators.alignment import FieldAlignment
from summarizer.evals.evaluators.context import Context
from summarizer.evals.evaluators.disputes import score_disputes
from summarizer.evals.evaluators.evidence import score_support
from summarizer.evals.evaluators.faithfulness import score_grounding
from summarizer.evals.evaluators.figures import score_figures
from summarizer.evals.evaluators.key_facts import score_key_facts
from summarizer.evals.evaluators.metric import Metric
from summarizer.evals.evaluators.parties import score_parties
from summarizer.evals.evaluators.situation import (
    score_event_dates,
    score_locations,
    score_reporting_date,
)
from summarizer.evals.gold import GoldBrief
from summarizer.evals.matching.decisions import Decisions, JudgeOutcome, decided

__all__ = [
    "METRICS",
    "MISINFORMATION_SCALE",
    "OVERALL_WEIGHTS",
    "DocumentScore",
    "Metric",
    "MetricInfo",
    "score_brief",
]


class DocumentScore(BaseModel):
    """Every metric of one document, by name (see :data:`METRICS`), and the alignment of
    gold and prediction by field ("parties", "figures", "disputes", "key_facts",
    "locations", "event_dates")."""

    metrics: dict[str, Metric]
    alignment: dict[str, FieldAlignment] = Field(default_factory=dict)
    failed: bool = False
    judge: JudgeOutcome | None = None
    """The same document scored with a model judge's answers on doubtful pairs, when
    ``--judge`` ran (the deterministic metrics above stay the document's score)."""

    def value(self, name: str) -> float:
        """The value of metric ``name`` (a key of :data:`METRICS`)."""
        return self.metrics[name].value

    def values(self) -> dict[str, float]:
        """Every metric's value by name, without the reasons."""
        return {name: metric.value for name, metric in self.metrics.items()}


@dataclass(frozen=True)
class MetricInfo:
    """What a metric means and which direction is better."""

    description: str
    higher_is_better: bool = True


def _field_metrics(field: str, noun: str, attributes: dict[str, str]) -> dict[str, MetricInfo]:
    metrics = {
        f"{field}.precision": MetricInfo(f"matched predicted {noun} / predicted {noun}"),
        f"{field}.recall": MetricInfo(f"matched required gold {noun} / required gold {noun}"),
        f"{field}.f1": MetricInfo(f"harmonic mean of {noun} precision and recall"),
        f"{field}.score": MetricInfo(
            f"{noun} F1 with each match counted by its credit (minor errors cost part of it; "
            "an item that misinforms counts as missed and extra)"
        ),
    }
    for attribute, meaning in attributes.items():
        metrics[f"{field}.{attribute}_accuracy"] = MetricInfo(f"matched {noun} with {meaning}")
    return metrics


METRICS: dict[str, MetricInfo] = {
    "overall": MetricInfo("weighted mean of the field scores (see OVERALL_WEIGHTS)"),
    **_field_metrics("parties", "parties", {"type": "the gold type", "side": "the gold side"}),
    **_field_metrics(
        "figures",
        "figures",
        {
            "qualifier": "the gold qualifier",
            "population": "the gold population",
            "source": "the gold source",
            "date": "the gold date",
        },
    ),
    **_field_metrics(
        "disputes",
        "disputes",
        {
            "claimed_by": "the gold claimants",
            "disputed_by": "the gold disputers",
            "status": "a gold status",
            "counter_claim": "the gold counter-claim",
        },
    ),
    "key_facts.coverage": MetricInfo("required gold key facts stated by key facts or summary"),
    "key_facts.precision": MetricInfo("predicted key facts that state a gold key fact"),
    "key_facts.score": MetricInfo("key_facts.coverage (contradictions count in misinformation)"),
    "locations.precision": MetricInfo("predicted places that are gold locations"),
    "locations.recall": MetricInfo("gold locations found"),
    "locations.f1": MetricInfo("harmonic mean of locations precision and recall"),
    "dates.reporting": MetricInfo("1 when the reporting date is the gold one"),
    **_field_metrics("event_dates", "events", {"date": "the gold date"}),
    "misinformation.items": MetricInfo(
        "required items that tell the reader something false", higher_is_better=False
    ),
    "misinformation.score": MetricInfo(
        "content recall x (1 - misinforming items / MISINFORMATION_SCALE), at least 0"
    ),
    "grounding.quotes": MetricInfo("predicted evidence quotes found in the article"),
    "grounding.numbers": MetricInfo("distinct predicted numbers found in the article"),
    "grounding.hallucinated_numbers": MetricInfo(
        "distinct predicted numbers found nowhere in the article", higher_is_better=False
    ),
    "grounding.support": MetricInfo("predicted items whose evidence quotes support them"),
    "grounding.score": MetricInfo(
        "mean of grounding.quotes, .numbers and .support, times the content recall"
    ),
    "schema_valid": MetricInfo("1 when the prediction validates against the Brief schema"),
}
"""Every per-document metric, in report order."""

OVERALL_WEIGHTS: dict[str, float] = {
    "parties.score": 0.15,
    "figures.score": 0.17,
    "disputes.score": 0.15,
    "key_facts.score": 0.14,
    "locations.f1": 0.03,
    "dates.reporting": 0.02,
    "event_dates.score": 0.04,
    "grounding.score": 0.15,
    "misinformation.score": 0.15,
}
"""Weights of the overall score (their reasons are in ``evals/README.md``)."""

MISINFORMATION_SCALE = 5
"""Misinforming items that take ``misinformation.score`` to 0: each costs a fifth of it."""


def _content_recall(
    metrics: dict[str, Metric], alignment: dict[str, FieldAlignment], gold: GoldBrief
) -> float:
    """Mean recall of right content over the fields where gold requires something (1.0 when
    none does): required items found and not misinforming, and key facts covered.

    It scales ``grounding.score`` and ``misinformation.score``: a brief earns them for the
    gold content it reports, so an empty or near-empty brief cannot collect them for free,
    and an item that misinforms earns nothing there either. Fields with nothing required
    are left out, or leaving them empty would count as recall.
    """
    recalls = []
    for field, items in (
        ("parties", gold.parties),
        ("figures", gold.figures),
        ("disputes", gold.disputed_facts),
    ):
        required = sum(not item.optional for item in items)
        if required:
            right = [p for p in alignment[field].pairs if not p.optional and not p.misinforms]
            recalls.append(len(right) / required)
    if any(not k.optional for k in gold.key_facts):
        recalls.append(metrics["key_facts.coverage"].value)
    return sum(recalls) / len(recalls) if recalls else 1.0


def _misinformation(
    alignment: dict[str, FieldAlignment], extra: list[str], recall: float
) -> dict[str, Metric]:
    reasons = [
        c.reason
        for name, field in alignment.items()
        if name != "key_facts"
        for pair in field.misinforming()
        for c in pair.checks
        if c.severity == "misinforms"
    ]
    reasons += extra
    items = sum(len(f.misinforming()) for n, f in alignment.items() if n != "key_facts")
    items += len(extra)
    value = recall * max(0.0, 1.0 - items / MISINFORMATION_SCALE)
    weighting = [] if recall == 1.0 else [f"weighted by recall {recall:.2f} of the gold content"]
    return {
        "misinformation.items": Metric(value=float(items), reasons=reasons),
        "misinformation.score": Metric(value=value, reasons=[*reasons, *weighting]),
    }


def _overall(metrics: dict[str, Metric]) -> Metric:
    total = 0.0
    reasons = []
    for name, weight in OVERALL_WEIGHTS.items():
        value = metrics[name].value
        total += weight * value
        if value < 1.0:
            reasons.append(f"{name} = {value:.2f} (weight {weight})")
    return Metric(value=total, reasons=reasons)


def _failed(reason: str) -> DocumentScore:
    metrics = {
        name: Metric(value=0.0, reasons=[] if not METRICS[name].higher_is_better else [reason])
        for name in METRICS
    }
    return DocumentScore(metrics=metrics, failed=True)


def _validated(prediction: Brief | dict[str, Any]) -> Brief | str:
    if isinstance(prediction, Brief):
        return prediction
    try:
        return Brief.model_validate(prediction)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "brief"
        return f"invalid prediction: {where}: {first['msg']}"


def score_brief(
    prediction: Brief | dict[str, Any] | None,
    gold: GoldBrief,
    article: str,
    *,
    decisions: Decisions | None = None,
) -> DocumentScore:
    """Score one prediction against its gold brief and article.

    ``prediction`` is a :class:`Brief`, raw brief data (validated here against the schema),
    or None for a failed document. A failed or schema-invalid prediction scores 0 on every
    metric (and 0 hallucinated numbers and misinforming items): a run that fails must never
    look better. Grounding is measured, not enforced: an ungrounded but well-formed brief is
    scored, and its ``grounding.*`` metrics say what is wrong. ``decisions`` (a model judge's
    answers on doubtful pairs, :mod:`summarizer.evals.judge`) override the sentence and name
    rules on those pairs.
    """
    if prediction is None:
        return _failed("no prediction: the document failed")
    brief = _validated(prediction)
    if isinstance(brief, str):
        return _failed(brief)
    with decided(decisions):
        return _score(brief, gold, article)


def _score(brief: Brief, gold: GoldBrief, article: str) -> DocumentScore:
    ctx = Context(brief, gold)
    metrics, parties = score_parties(ctx)  # first: the others resolve names through it
    alignment = {"parties": parties}
    for name, scorer in (
        ("figures", score_figures),
        ("disputes", score_disputes),
        ("locations", score_locations),
        ("event_dates", score_event_dates),
    ):
        field_metrics, alignment[name] = scorer(ctx)
        metrics |= field_metrics
    key_metrics, alignment["key_facts"], contradicted = score_key_facts(ctx)
    metrics |= key_metrics
    metrics["dates.reporting"], wrong_date = score_reporting_date(ctx)
    recall = _content_recall(metrics, alignment, gold)
    extra = [*contradicted, *metrics["dates.reporting"].reasons[:1]] if wrong_date else contradicted
    metrics |= _misinformation(alignment, extra, recall)
    metrics |= score_grounding(brief, article, recall=recall, support=score_support(ctx))
    metrics["schema_valid"] = Metric(value=1.0)
    metrics["overall"] = _overall(metrics)
    return DocumentScore(metrics={name: metrics[name] for name in METRICS}, alignment=alignment)
