"""The steps every list field shares: align one to one, then count."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from summarizer.evals.alignment import Check, FieldAlignment, Pair, accuracy, detection_metrics
from summarizer.evals.matching import assign
from summarizer.evals.metric import Metric

__all__ = ["align", "field_metrics", "short"]


def short(text: str, limit: int = 70) -> str:
    """``text`` cut for a reason line, quoted."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def align(
    n_predicted: int,
    gold_optional: Sequence[bool],
    matrix: Sequence[Sequence[float]],
    floor: float,
    checks: Callable[[int, int], list[Check]],
    *,
    similarity: Callable[[int, int], float] | None = None,
) -> FieldAlignment:
    """Match predicted to gold one to one (``matrix[i][j]``, pairs under ``floor`` never),
    check each pair's attributes, and list what stayed unmatched on both sides.

    ``similarity`` gives the value recorded for a pair when the matrix holds a ranking
    value instead (for instance a contradiction ranked under every agreement)."""
    matches = assign(matrix, floor) if n_predicted and gold_optional else []
    pairs = [
        Pair(
            gold=m.gold,
            predicted=m.predicted,
            similarity=round(similarity(m.predicted, m.gold) if similarity else m.similarity, 4),
            optional=gold_optional[m.gold],
            checks=checks(m.predicted, m.gold),
        )
        for m in matches
    ]
    matched_p = {m.predicted for m in matches}
    matched_g = {m.gold for m in matches}
    unmatched_g = [j for j in range(len(gold_optional)) if j not in matched_g]
    return FieldAlignment(
        pairs=pairs,
        missed=[j for j in unmatched_g if not gold_optional[j]],
        missed_optional=[j for j in unmatched_g if gold_optional[j]],
        extra=[i for i in range(n_predicted) if i not in matched_p],
    )


def field_metrics(
    prefix: str,
    alignment: FieldAlignment,
    *,
    n_predicted: int,
    gold_optional: Sequence[bool],
    attributes: Sequence[str],
    extra: Callable[[int], str],
    missed: Callable[[int], str],
) -> dict[str, Metric]:
    """Precision, recall, F1, score and one accuracy per attribute, with their reasons.

    A pair that misinforms counts as an extra and as a miss in ``score`` (its credit is 0),
    and is named among the reasons of both."""
    extra_reasons = [extra(i) for i in alignment.extra]
    missed_reasons = [missed(j) for j in alignment.missed]
    metrics = detection_metrics(
        prefix,
        alignment,
        n_predicted=n_predicted,
        n_required=sum(not o for o in gold_optional),
        extra_reasons=extra_reasons,
        missed_reasons=missed_reasons,
    )
    f1 = metrics[f"{prefix}.f1"].value
    for attribute in attributes:
        metrics[f"{prefix}.{attribute}_accuracy"] = accuracy(alignment, attribute, f1)
    return metrics
