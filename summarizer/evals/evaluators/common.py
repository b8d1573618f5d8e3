"""The steps every list field shares: align one to one, then count."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from summarizer.evals.evaluators.alignment import (
    Check,
    FieldAlignment,
    Pair,
    accuracy,
    detection_metrics,
)
from summarizer.evals.evaluators.metric import Metric
from summarizer.evals.matching.assign import assign
from summarizer.evals.matching.lexical import content_terms
from summarizer.evals.matching.meaning import STATEMENT_FLOOR, Judgement, Verdict

__all__ = [
    "RANK_FLOOR",
    "WEAK_MARGIN",
    "align",
    "excess",
    "field_metrics",
    "short",
    "statement_ranks",
]

RANK_FLOOR = 1e-3
"""The least assignment weight of an eligible pair."""


def excess(similarity: float, floor: float) -> float:
    """The assignment weight of a pair: how far its similarity is above ``floor`` (0 under).

    Weighting by the excess rather than the similarity keeps the assignment from trading one
    strong match for two weak ones: statements A and B matched crosswise at 0.65 and 0.60
    would outweigh A matched to itself at 1.0 on similarities, not on excesses."""
    return similarity - floor + RANK_FLOOR if similarity >= floor else 0.0


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


WEAK_MARGIN = 0.05
"""How much better than its second-best gold statement a weak match must be."""


def _clear_best(scores: list[float], index: int) -> bool:
    """Whether ``scores[index]`` is the best by at least :data:`WEAK_MARGIN`."""
    best = scores[index]
    others = [s for k, s in enumerate(scores) if k != index]
    return best == max(scores) and (not others or best - max(others) >= WEAK_MARGIN)


def statement_ranks(
    verdicts: dict[tuple[int, int], Judgement],
    n_predicted: int,
    n_gold: int,
    predicted_texts: Sequence[str],
) -> list[list[float]]:
    """Assignment weights of predicted statements against gold ones.

    A ``same`` pair weighs its :func:`excess` over
    :data:`~summarizer.evals.meaning.STATEMENT_FLOOR`. A weak ``same`` (under that floor)
    weighs :data:`RANK_FLOOR` when each statement is clearly the other's best match and the
    predicted one has some content (three content terms): a paraphrase in uncommon words
    still finds its gold statement, while "Aleppo." or a statement about something else never
    fills in for a missing one. Anything else weighs 0."""
    # A pair the rules set apart (other numbers, a negation) competes with no one.
    sims = [
        [0.0 if verdicts[(i, j)].reason else verdicts[(i, j)].similarity for j in range(n_gold)]
        for i in range(n_predicted)
    ]
    ranks = [[0.0] * n_gold for _ in range(n_predicted)]
    for (i, j), verdict in verdicts.items():
        if verdict.verdict is not Verdict.SAME:
            continue
        if verdict.similarity >= STATEMENT_FLOOR:
            ranks[i][j] = excess(verdict.similarity, STATEMENT_FLOOR)
        elif (
            len(content_terms(predicted_texts[i])) >= 3
            and _clear_best(sims[i], j)
            and _clear_best([row[j] for row in sims], i)
        ):
            ranks[i][j] = RANK_FLOOR
    return ranks
