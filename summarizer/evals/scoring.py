"""Scoring one predicted brief against its gold brief: deterministic, and every number explains
itself.

:func:`score_brief` returns a :class:`DocumentScore`: a flat mapping of metric names
("parties.f1", "grounding.quotes", "overall", ...) to a :class:`Metric` holding the value and
the reasons behind it (which gold party went unmatched, which quote was not found). The
formulas, floors and weights are documented in ``evals/README.md`` ("Scoring"); change both
together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from summarizer.brief.grounding import normalise, normalise_name
from summarizer.brief.schema import Brief, DisputedFact, Figure, Party
from summarizer.evals.faithfulness import score_grounding
from summarizer.evals.gold import GoldBrief, GoldDispute, GoldFigure, GoldParty
from summarizer.evals.matching import (
    CLAIM_FLOOR,
    KEY_FACT_FLOOR,
    NAME_FLOOR,
    Match,
    assign,
    name_similarity,
    names_similarity,
    term_coverage,
    text_similarity,
)
from summarizer.evals.metric import Metric
from summarizer.evals.text import article_sentences

__all__ = [
    "METRICS",
    "OVERALL_WEIGHTS",
    "DocumentScore",
    "Metric",
    "MetricInfo",
    "score_brief",
]


class DocumentScore(BaseModel):
    """Every metric of one document, by name (see :data:`METRICS`)."""

    metrics: dict[str, Metric]
    failed: bool = False

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


METRICS: dict[str, MetricInfo] = {
    "overall": MetricInfo("weighted mean of the field scores (see OVERALL_WEIGHTS)"),
    "parties.precision": MetricInfo("matched predicted parties / predicted parties"),
    "parties.recall": MetricInfo("matched required gold parties / required gold parties"),
    "parties.f1": MetricInfo("harmonic mean of parties precision and recall"),
    "parties.type_accuracy": MetricInfo("matched parties with the gold type"),
    "parties.side_accuracy": MetricInfo("matched parties with the gold side"),
    "figures.precision": MetricInfo("matched predicted figures / predicted figures"),
    "figures.recall": MetricInfo("matched required gold figures / required gold figures"),
    "figures.f1": MetricInfo("harmonic mean of figures precision and recall"),
    "figures.qualifier_accuracy": MetricInfo("matched figures with the gold qualifier"),
    "figures.population_accuracy": MetricInfo("matched figures with the gold population"),
    "figures.source_accuracy": MetricInfo("matched figures with the gold source"),
    "disputes.precision": MetricInfo("matched predicted disputes / predicted disputes"),
    "disputes.recall": MetricInfo("matched required gold disputes / required gold disputes"),
    "disputes.f1": MetricInfo("harmonic mean of disputes precision and recall"),
    "disputes.claimed_by_accuracy": MetricInfo("matched disputes with the gold claimants"),
    "disputes.disputed_by_accuracy": MetricInfo("matched disputes with the gold disputers"),
    "disputes.status_accuracy": MetricInfo("matched disputes with the gold status"),
    "key_facts.coverage": MetricInfo("required gold key facts covered by key facts or summary"),
    "grounding.quotes": MetricInfo("predicted evidence quotes found in the article"),
    "grounding.numbers": MetricInfo("distinct predicted numbers found in the article"),
    "grounding.hallucinated_numbers": MetricInfo(
        "distinct predicted numbers found nowhere in the article", higher_is_better=False
    ),
    "grounding.score": MetricInfo(
        "mean of grounding.quotes and grounding.numbers, times the content recall"
    ),
    "schema_valid": MetricInfo("1 when the prediction validates against the Brief schema"),
}
"""Every per-document metric, in report order."""

OVERALL_WEIGHTS: dict[str, float] = {
    "parties.f1": 0.20,
    "parties.attributes": 0.05,
    "figures.f1": 0.20,
    "figures.attributes": 0.05,
    "disputes.f1": 0.15,
    "disputes.attributes": 0.05,
    "key_facts.coverage": 0.15,
    "grounding.score": 0.15,
}
"""Weights of the overall score; ``<field>.attributes`` is the mean of that field's accuracies."""


def _fmt(value: float) -> str:
    return f"{value:.2f}"


def _prf(
    prefix: str,
    n_predicted: int,
    required: Sequence[bool],
    matches: list[Match],
    unmatched_predicted: list[str],
    missed_gold: list[str],
) -> dict[str, Metric]:
    """Precision, recall and F1 with optional gold items (``required[j]`` is False)."""
    n_required = sum(required)
    matched_required = sum(1 for m in matches if required[m.gold])
    # Nothing predicted is perfectly precise only when nothing was required.
    precision = len(matches) / n_predicted if n_predicted else float(n_required == 0)
    recall = matched_required / n_required if n_required else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        f"{prefix}.precision": Metric(value=precision, reasons=unmatched_predicted),
        f"{prefix}.recall": Metric(value=recall, reasons=missed_gold),
        f"{prefix}.f1": Metric(value=f1, reasons=unmatched_predicted + missed_gold),
    }


def _accuracy(checks: list[tuple[bool, str]], f1: float) -> Metric:
    """Share of true checks; with nothing matched, the field's F1 (1.0 empty-vs-empty)."""
    if not checks:
        return Metric(value=f1, reasons=[] if f1 == 1.0 else ["no matched item to check"])
    return Metric(
        value=sum(ok for ok, _ in checks) / len(checks),
        reasons=[why for ok, why in checks if not ok],
    )


def _best_unmatched_reason(
    label: str, name: str, candidates: list[tuple[float, str]], floor: float
) -> str:
    if not candidates:
        return f"{label} {name!r} matches nothing in gold"
    score, best = max(candidates)
    if score >= floor:
        return (
            f"{label} {name!r} is a duplicate: its closest gold item {best!r} "
            f"({_fmt(score)}) went to another predicted item"
        )
    return f"{label} {name!r} matches no gold item (closest {best!r} at {_fmt(score)})"


class _GoldItem(Protocol):
    @property
    def optional(self) -> bool: ...


P = TypeVar("P")
G = TypeVar("G", bound=_GoldItem)

_Check = Callable[[P, G], tuple[bool, str]]
"""One attribute check of a matched pair: whether it is right, and what to say when not."""


def _match_field(
    prefix: str,
    predicted: Sequence[P],
    gold: Sequence[G],
    *,
    similarity: Callable[[P, G], float],
    floor: float,
    unmatched: Callable[[P], str],
    missed: Callable[[G], str],
    attributes: dict[str, _Check[P, G]],
) -> tuple[dict[str, Metric], list[Match]]:
    """Score one field: match one-to-one, then P/R/F1 and an accuracy per attribute.

    ``unmatched`` explains a predicted item that matched nothing, ``missed`` a required gold
    item nothing matched; ``attributes`` maps ``<name>_accuracy`` suffixes to the check run
    on every matched pair.
    """
    matches = assign(predicted, gold, similarity, floor)
    matched_p = {m.predicted for m in matches}
    matched_g = {m.gold for m in matches}
    metrics = _prf(
        prefix,
        len(predicted),
        [not g.optional for g in gold],
        matches,
        [unmatched(p) for i, p in enumerate(predicted) if i not in matched_p],
        [missed(g) for j, g in enumerate(gold) if j not in matched_g and not g.optional],
    )
    f1 = metrics[f"{prefix}.f1"].value
    for name, check in attributes.items():
        checks = [check(predicted[m.predicted], gold[m.gold]) for m in matches]
        metrics[f"{prefix}.{name}_accuracy"] = _accuracy(checks, f1)
    return metrics, matches


# --- parties -----------------------------------------------------------------------------


def _party_similarity(predicted: Party, gold: GoldParty) -> float:
    return names_similarity(predicted.names(), [gold.name, *gold.aliases])


def _score_parties(
    predicted: list[Party], gold: list[GoldParty]
) -> tuple[dict[str, Metric], list[Match]]:
    def unmatched(p: Party) -> str:
        candidates = [(_party_similarity(p, g), g.name) for g in gold]
        return _best_unmatched_reason("predicted party", p.name, candidates, NAME_FLOOR)

    def type_ok(p: Party, g: GoldParty) -> tuple[bool, str]:
        return p.type == g.type, f"{p.name!r}: type {p.type.value}, gold {g.type.value}"

    def side_ok(p: Party, g: GoldParty) -> tuple[bool, str]:
        return p.side == g.side, f"{p.name!r}: side {p.side.value}, gold {g.side.value}"

    return _match_field(
        "parties",
        predicted,
        gold,
        similarity=_party_similarity,
        floor=NAME_FLOOR,
        unmatched=unmatched,
        missed=lambda g: f"gold party {g.name!r} was not found",
        attributes={"type": type_ok, "side": side_ok},
    )


class _PartyResolver:
    """Resolves a name in a prediction (a claimant, a figure's source) to a gold party.

    A name is looked up among the predicted parties' names, aliases and representatives
    ("Vitaly Churkin" speaks for Russia) and follows that party's match to gold; failing
    that, it is matched directly against gold names, aliases and representatives. A name
    that resolves to no gold party stands for itself (normalised).
    """

    def __init__(self, predicted: list[Party], gold: list[GoldParty], matches: list[Match]):
        self._gold = gold
        to_gold = {m.predicted: m.gold for m in matches}
        self._predicted: dict[str, int | None] = {}
        for i, party in enumerate(predicted):
            names = [*party.names(), *(r.name for r in party.representatives)]
            for name in names:
                self._predicted.setdefault(normalise_name(name), to_gold.get(i))
        self._gold_names = [[g.name, *g.aliases, *g.representatives] for g in gold]

    def gold_party(self, name: str) -> str:
        """The gold party's name, or the normalised name when it is no gold party."""
        key = normalise_name(name)
        if key in self._predicted and self._predicted[key] is not None:
            index = self._predicted[key]
            assert index is not None
            return self._gold[index].name
        best, best_score = None, 0.0
        for j, names in enumerate(self._gold_names):
            score = names_similarity([name], names)
            if score > best_score:
                best, best_score = j, score
        if best is not None and best_score >= NAME_FLOOR:
            return self._gold[best].name
        return key

    def gold_parties(self, names: list[str]) -> frozenset[str]:
        return frozenset(self.gold_party(n) for n in names)


# --- figures -----------------------------------------------------------------------------


def _qualifier(text: str | None) -> str:
    return re.sub(r"^(an?|the)\s+", "", normalise(text or "").lower()).strip()


def _population_ok(predicted: Figure, gold: GoldFigure) -> bool:
    return (
        names_similarity([predicted.population], [gold.population, *gold.population_aliases])
        >= NAME_FLOOR
    )


def _source_ok(predicted: Figure, gold: GoldFigure, resolver: _PartyResolver) -> bool:
    if predicted.source is None or gold.source is None:
        return predicted.source is None and gold.source is None
    if resolver.gold_party(predicted.source) == resolver.gold_party(gold.source):
        return True
    return name_similarity(predicted.source, gold.source) >= NAME_FLOOR


def _figure_similarity(predicted: Figure, gold: GoldFigure) -> float:
    if predicted.category != gold.category or predicted.count != gold.count:
        return 0.0
    # Among eligible pairs, prefer the one that also agrees on who and how: this only breaks
    # ties (two "killed, count null" figures), eligibility alone decides whether they match.
    agreement = (
        (_qualifier(predicted.qualifier) == _qualifier(gold.qualifier))
        + _population_ok(predicted, gold)
        + (normalise_name(predicted.source or "") == normalise_name(gold.source or ""))
    )
    return 0.5 + agreement / 6


def _describe_figure(figure: Figure | GoldFigure) -> str:
    count = "no number" if figure.count is None else str(figure.count)
    return f"{figure.category.value} {count} {figure.population}"


def _score_figures(
    predicted: list[Figure], gold: list[GoldFigure], resolver: _PartyResolver
) -> dict[str, Metric]:
    def qualifier_ok(p: Figure, g: GoldFigure) -> tuple[bool, str]:
        return (
            _qualifier(p.qualifier) == _qualifier(g.qualifier),
            f"{_describe_figure(g)!r}: qualifier {p.qualifier!r}, gold {g.qualifier!r}",
        )

    def population_ok(p: Figure, g: GoldFigure) -> tuple[bool, str]:
        return (
            _population_ok(p, g),
            f"{_describe_figure(g)!r}: population {p.population!r}, gold {g.population!r}",
        )

    def source_ok(p: Figure, g: GoldFigure) -> tuple[bool, str]:
        return (
            _source_ok(p, g, resolver),
            f"{_describe_figure(g)!r}: source {p.source!r}, gold {g.source!r}",
        )

    metrics, _ = _match_field(
        "figures",
        predicted,
        gold,
        similarity=_figure_similarity,
        floor=0.5,
        unmatched=lambda f: (
            f"predicted figure {_describe_figure(f)!r} matches no gold figure (category and count)"
        ),
        missed=lambda g: f"gold figure {_describe_figure(g)!r} was not found",
        attributes={"qualifier": qualifier_ok, "population": population_ok, "source": source_ok},
    )
    return metrics


# --- disputed facts ----------------------------------------------------------------------


def _dispute_similarity(predicted: DisputedFact, gold: GoldDispute) -> float:
    return text_similarity(predicted.claim, gold.claim)


def _claim_label(gold: GoldDispute) -> str:
    return repr(gold.claim if len(gold.claim) <= 60 else gold.claim[:57] + "...")


def _score_disputes(
    predicted: list[DisputedFact], gold: list[GoldDispute], resolver: _PartyResolver
) -> dict[str, Metric]:
    def unmatched(d: DisputedFact) -> str:
        candidates = [(_dispute_similarity(d, g), g.claim) for g in gold]
        return _best_unmatched_reason("predicted claim", d.claim, candidates, CLAIM_FLOOR)

    def claimed_ok(p: DisputedFact, g: GoldDispute) -> tuple[bool, str]:
        got, want = resolver.gold_parties(p.claimed_by), resolver.gold_parties(g.claimed_by)
        return got == want, f"{_claim_label(g)}: claimed by {sorted(got)}, gold {sorted(want)}"

    def disputed_ok(p: DisputedFact, g: GoldDispute) -> tuple[bool, str]:
        got, want = resolver.gold_parties(p.disputed_by), resolver.gold_parties(g.disputed_by)
        return got == want, f"{_claim_label(g)}: disputed by {sorted(got)}, gold {sorted(want)}"

    def status_ok(p: DisputedFact, g: GoldDispute) -> tuple[bool, str]:
        return (
            p.status == g.status,
            f"{_claim_label(g)}: status {p.status.value}, gold {g.status.value}",
        )

    metrics, _ = _match_field(
        "disputes",
        predicted,
        gold,
        similarity=_dispute_similarity,
        floor=CLAIM_FLOOR,
        unmatched=unmatched,
        missed=lambda g: f"gold claim {g.claim!r} was not found",
        attributes={"claimed_by": claimed_ok, "disputed_by": disputed_ok, "status": status_ok},
    )
    return metrics


# --- key facts ---------------------------------------------------------------------------


def _score_key_facts(brief: Brief, gold: GoldBrief) -> Metric:
    candidates = [k.statement for k in brief.situation.key_facts]
    candidates += article_sentences(brief.situation.summary) or [brief.situation.summary]
    candidates = [c for c in candidates if c.strip()]
    required = [f for f in gold.key_facts if not f.optional]
    if not required:
        return Metric(value=1.0)
    reasons = []
    covered = 0
    for fact in required:
        scored = [(term_coverage(fact.fact, c), c) for c in candidates]
        best, text = max(scored, default=(0.0, ""))
        if best >= KEY_FACT_FLOOR:
            covered += 1
        else:
            closest = f" (closest {text!r} at {_fmt(best)})" if text else ""
            reasons.append(f"gold key fact {fact.fact!r} is not covered{closest}")
    return Metric(value=covered / len(required), reasons=reasons)


# --- the document score ------------------------------------------------------------------


def _content_recall(metrics: dict[str, Metric], gold: GoldBrief) -> float:
    """Mean recall over the fields where gold requires something (1.0 when none does).

    It scales ``grounding.score``: a brief earns grounding for the gold content it reports,
    so an empty or near-empty brief cannot collect the grounding weight for free. Fields
    with nothing required are left out, or leaving them empty would count as recall.
    """
    required = {
        "parties.recall": any(not p.optional for p in gold.parties),
        "figures.recall": any(not f.optional for f in gold.figures),
        "disputes.recall": any(not d.optional for d in gold.disputed_facts),
        "key_facts.coverage": any(not k.optional for k in gold.key_facts),
    }
    recalls = [metrics[name].value for name, needed in required.items() if needed]
    return sum(recalls) / len(recalls) if recalls else 1.0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _overall(metrics: dict[str, Metric]) -> Metric:
    parts = {
        "parties.attributes": _mean(
            [metrics[f"parties.{a}_accuracy"].value for a in ("type", "side")]
        ),
        "figures.attributes": _mean(
            [metrics[f"figures.{a}_accuracy"].value for a in ("qualifier", "population", "source")]
        ),
        "disputes.attributes": _mean(
            [
                metrics[f"disputes.{a}_accuracy"].value
                for a in ("claimed_by", "disputed_by", "status")
            ]
        ),
    }
    total = 0.0
    reasons = []
    for name, weight in OVERALL_WEIGHTS.items():
        value = parts[name] if name in parts else metrics[name].value
        total += weight * value
        if value < 1.0:
            reasons.append(f"{name} = {_fmt(value)} (weight {weight})")
    return Metric(value=total, reasons=reasons)


def _failed(reason: str) -> DocumentScore:
    metrics = {
        name: Metric(
            value=0.0, reasons=[reason] if name != "grounding.hallucinated_numbers" else []
        )
        for name in METRICS
    }
    return DocumentScore(metrics=metrics, failed=True)


def score_brief(
    prediction: Brief | dict[str, Any] | None, gold: GoldBrief, article: str
) -> DocumentScore:
    """Score one prediction against its gold brief and article.

    ``prediction`` is a :class:`Brief`, raw brief data (validated here against the schema),
    or None for a failed document. A failed or schema-invalid prediction scores 0 on every
    metric (and 0 hallucinated numbers): a run that fails must never look better. Grounding
    is measured, not enforced: an ungrounded but well-formed brief is scored, and its
    ``grounding.*`` metrics say what is wrong.
    """
    if prediction is None:
        return _failed("no prediction: the document failed")
    if isinstance(prediction, Brief):
        brief = prediction
    else:
        try:
            brief = Brief.model_validate(prediction)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "brief"
            return _failed(f"invalid prediction: {where}: {first['msg']}")
    metrics, party_matches = _score_parties(brief.parties, gold.parties)
    resolver = _PartyResolver(brief.parties, gold.parties, party_matches)
    metrics |= _score_figures(brief.humanitarian.figures, gold.figures, resolver)
    metrics |= _score_disputes(brief.disputed_facts, gold.disputed_facts, resolver)
    metrics["key_facts.coverage"] = _score_key_facts(brief, gold)
    metrics |= score_grounding(brief, article, recall=_content_recall(metrics, gold))
    metrics["schema_valid"] = Metric(value=1.0)
    metrics["overall"] = _overall(metrics)
    return DocumentScore(metrics={name: metrics[name] for name in METRICS})
