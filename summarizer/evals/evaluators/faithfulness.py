"""Faithfulness of a prediction to its article: are the quotes there, are the numbers there?

These metrics need only the prediction and the article, never the gold brief; the scorer
passes in how much of the gold content the prediction recalls, which scales
``grounding.score``. Formulas are in ``evals/README.md`` ("Grounding"); change both together.
"""

from __future__ import annotations

import functools

from summarizer.brief.grounding import is_evidence, normalise
from summarizer.brief.numbers import numbers_in
from summarizer.brief.schema import Brief
from summarizer.evals.evaluators.metric import Metric
from summarizer.evals.matching.lexical import stated_values

__all__ = ["predicted_numbers", "score_grounding"]


@functools.lru_cache(maxsize=64)
def _article(article: str) -> tuple[str, frozenset[int]]:
    """The article normalised for quote search, and its numbers (cached: one article is
    scored against many predictions)."""
    return normalise(article), frozenset(numbers_in(article))


@functools.lru_cache(maxsize=65536)
def _quote_found(quote: str, article: str) -> bool:
    return is_evidence(quote, article, normalised_source=_article(article)[0])


def predicted_numbers(brief: Brief) -> dict[int, str]:
    """Each distinct number in the prediction with the first place it occurs.

    Figure counts, then the numbers the free-text fields state, by the same rules the
    grounding validator applies (:func:`summarizer.brief.grounding.stated_numbers`: written-out
    dates and a prose "one" are not counts), after reading "12 000" and "12.000" as 12,000.
    """
    found: dict[int, str] = {}
    for i, figure in enumerate(brief.humanitarian.figures):
        if figure.count is not None:
            found.setdefault(figure.count, f"humanitarian.figures[{i}].count")
    for path, text in brief.free_text():
        for value in sorted(stated_values(text)):
            found.setdefault(value, path)
    return found


def score_grounding(
    brief: Brief, article: str, *, recall: float = 1.0, support: Metric | None = None
) -> dict[str, Metric]:
    """The ``grounding.*`` metrics: quotes found in ``article``, numbers found in it, and
    evidence that supports its item (``support``, computed by the scorer; 1.0 if not given).

    ``grounding.quotes``, ``grounding.numbers`` and ``grounding.support`` are rates over what
    the prediction says (1.0 when it says nothing of that kind: nothing is wrong).
    ``grounding.score`` is their mean times ``recall``, the share of the gold content the
    prediction reports (in [0, 1]; 1.0 when there is no gold to compare with): grounding is
    earned by grounded content, so an empty brief, which grounds nothing, scores 0 rather
    than a perfect 1.
    """
    support = support or Metric(value=1.0)
    quotes = list(brief.evidence_quotes())
    missing = [
        f"{path}: quote {quote[:80]!r} is not in the article"
        for path, quote in quotes
        if not _quote_found(quote, article)
    ]
    quote_rate = 1.0 - len(missing) / len(quotes) if quotes else 1.0
    in_article = _article(article)[1]
    numbers = predicted_numbers(brief)
    invented = [
        f"{path}: number {value} occurs nowhere in the article"
        for value, path in sorted(numbers.items())
        if value not in in_article
    ]
    number_rate = 1.0 - len(invented) / len(numbers) if numbers else 1.0
    weighting = [] if recall == 1.0 else [f"weighted by recall {recall:.2f} of the gold content"]
    return {
        "grounding.quotes": Metric(value=quote_rate, reasons=missing),
        "grounding.numbers": Metric(value=number_rate, reasons=invented),
        "grounding.hallucinated_numbers": Metric(value=float(len(invented)), reasons=invented),
        "grounding.support": support,
        "grounding.score": Metric(
            value=recall * (quote_rate + number_rate + support.value) / 3,
            reasons=[*missing, *invented, *support.reasons, *weighting],
        ),
    }
