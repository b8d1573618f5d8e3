"""Parties: matched by name (aliases, acronyms, forms of one name), checked for type and
side. A side reversed between government and opposition misinforms; another side or type
is a minor error."""

from __future__ import annotations

import functools

from summarizer.brief.schema import Party, Side
from summarizer.evals.evaluators.alignment import Check, FieldAlignment, Severity, check
from summarizer.evals.evaluators.common import align, field_metrics
from summarizer.evals.evaluators.context import Context
from summarizer.evals.evaluators.metric import Metric
from summarizer.evals.gold import GoldParty
from summarizer.evals.matching.decisions import decision
from summarizer.evals.matching.names import NAME_FLOOR, Places, names_similarity

__all__ = ["SIDE_COST", "TYPE_COST", "score_parties"]

TYPE_COST = 0.25
"""Credit a party loses for a wrong type: the reader still knows who, not what kind."""

SIDE_COST = 0.25
"""Credit lost for a side that is wrong without being reversed (neutral for unclear)."""

_OPPOSED = {Side.GOVERNMENT: Side.OPPOSITION, Side.OPPOSITION: Side.GOVERNMENT}


def _checks(p: Party, g: GoldParty) -> list[Check]:
    type_severity = Severity.OK if p.type == g.type else Severity.MINOR
    if p.side == g.side:
        side_severity = Severity.OK
    elif _OPPOSED.get(p.side) == g.side:
        side_severity = Severity.MISINFORMS
    else:
        side_severity = Severity.MINOR
    return [
        check(
            "type",
            type_severity,
            f"{p.name!r}: type {p.type.value}, gold {g.type.value}",
            TYPE_COST,
        ),
        check(
            "side",
            side_severity,
            f"{p.name!r}: side {p.side.value}, gold {g.side.value}"
            + (" (the other side)" if side_severity is Severity.MISINFORMS else ""),
            SIDE_COST,
        ),
    ]


@functools.lru_cache(maxsize=65536)
def _similarity(names: tuple[str, ...], gold_names: tuple[str, ...], places: Places) -> float:
    """The best name match, with a tie-break for how many of the predicted names match: a
    party whose one alias ("government") fits another party's alias ("government forces")
    loses to the party all of whose names fit."""
    best = names_similarity(names, gold_names, places)
    if best < NAME_FLOOR:
        return best
    fitting = sum(names_similarity([n], gold_names, places) >= NAME_FLOOR for n in names)
    return 0.98 * best + 0.02 * fitting / len(names)


def _decided(similarity: float, p: Party, g: GoldParty) -> float:
    """The rules' ``similarity`` after an outside decision on the two names (a model judge's,
    :mod:`summarizer.evals.matching.decisions`), as for statements: names decided the same
    match (at least :data:`NAME_FLOOR`), names decided different never match. Kept out of
    :func:`_similarity`'s cache, which outlives one scoring's decisions."""
    same = decision(g.name, p.name)
    if same is None:
        return similarity
    return max(similarity, NAME_FLOOR) if same else 0.0


def score_parties(ctx: Context) -> tuple[dict[str, Metric], FieldAlignment]:
    """The ``parties.*`` metrics and alignment; records the party match in ``ctx``."""
    predicted, gold = ctx.brief.parties, ctx.gold.parties
    gold_names = [(g.name, *g.aliases) for g in gold]
    matrix = [
        [
            _decided(_similarity(tuple(p.names()), names, ctx.places), p, g)
            for g, names in zip(gold, gold_names, strict=True)
        ]
        for p in predicted
    ]
    alignment = align(
        len(predicted),
        [g.optional for g in gold],
        matrix,
        NAME_FLOOR,
        lambda i, j: _checks(predicted[i], gold[j]),
    )
    ctx.match_parties({p.predicted: p.gold for p in alignment.pairs})
    matched_gold = {p.gold: p.predicted for p in alignment.pairs}

    def extra(i: int) -> str:
        scores = matrix[i]
        if not scores:
            return f"predicted party {predicted[i].name!r} matches nothing in gold"
        best = max(range(len(scores)), key=lambda j: scores[j])
        if scores[best] >= NAME_FLOOR and best in matched_gold:
            return (
                f"predicted party {predicted[i].name!r} is a duplicate: its closest gold party "
                f"{gold[best].name!r} ({scores[best]:.2f}) went to another predicted party"
            )
        return (
            f"predicted party {predicted[i].name!r} matches no gold party "
            f"(closest {gold[best].name!r} at {scores[best]:.2f})"
        )

    metrics = field_metrics(
        "parties",
        alignment,
        n_predicted=len(predicted),
        gold_optional=[g.optional for g in gold],
        attributes=["type", "side"],
        extra=extra,
        missed=lambda j: f"gold party {gold[j].name!r} was not found",
    )
    return metrics, alignment
