"""Faithfulness of a prediction to its article: are the quotes there, are the numbers there?

These metrics need only the prediction and the article, never the gold brief; the scorer
passes in how much of the gold content the prediction recalls, which scales
``grounding.score``. Formulas are in ``evals/README.md`` ("Grounding"); change both together.
"""

from __future__ import annotations

import re

from summarizer.evals.metric import Metric
from summarizer.grounding import MIN_QUOTE_CHARS, normalise, quote_in_source
from summarizer.numbers import find_numbers, numbers_in
from summarizer.schema import Brief

__all__ = ["predicted_numbers", "score_grounding"]

# Dates the prediction writes out are not counts: "14 December 2016", "December 14, 2016",
# "2016-12-14" and "Dec. 14" are removed before numbers are collected.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATES = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?",
    re.IGNORECASE,
)


def _prediction_texts(brief: Brief) -> list[tuple[str, str]]:
    situation = brief.situation
    texts = [("situation.summary", situation.summary)]
    texts += [(f"situation.key_facts[{i}]", k.statement) for i, k in enumerate(situation.key_facts)]
    texts += [(f"situation.event_dates[{i}]", e.event) for i, e in enumerate(situation.event_dates)]
    texts += [(f"parties[{i}].role", p.role) for i, p in enumerate(brief.parties)]
    for group in ("evacuation", "access", "needs"):
        statements = getattr(brief.humanitarian, group)
        texts += [(f"humanitarian.{group}[{i}]", s.text) for i, s in enumerate(statements)]
    for i, d in enumerate(brief.disputed_facts):
        texts.append((f"disputed_facts[{i}].claim", d.claim))
        if d.counter_claim:
            texts.append((f"disputed_facts[{i}].counter_claim", d.counter_claim))
    return texts


def predicted_numbers(brief: Brief) -> dict[int, str]:
    """Each distinct number in the prediction with the first place it occurs."""
    found: dict[int, str] = {}
    for i, figure in enumerate(brief.humanitarian.figures):
        if figure.count is not None:
            found.setdefault(figure.count, f"humanitarian.figures[{i}].count")
    for path, text in _prediction_texts(brief):
        for mention in find_numbers(_DATES.sub(" ", text)):
            # "one" / "a" in prose ("one of the groups") is not a count anyone could check.
            if mention.value == 1 and not mention.text[:1].isdigit():
                continue
            found.setdefault(mention.value, path)
    return found


def score_grounding(brief: Brief, article: str, *, recall: float = 1.0) -> dict[str, Metric]:
    """The ``grounding.*`` metrics: quotes found in ``article``, numbers found in it.

    ``grounding.quotes`` and ``grounding.numbers`` are rates over what the prediction says
    (1.0 when it says nothing of that kind: nothing is wrong). ``grounding.score`` is their
    mean times ``recall``, the share of the gold content the prediction reports (in [0, 1];
    1.0 when there is no gold to compare with): grounding is earned by grounded content, so
    an empty brief, which grounds nothing, scores 0 rather than a perfect 1.
    """
    haystack = normalise(article)
    quotes = list(brief.evidence_quotes())
    missing = [
        f"{path}: quote {quote[:80]!r} is not in the article"
        for path, quote in quotes
        if len(normalise(quote)) < MIN_QUOTE_CHARS
        or not quote_in_source(quote, article, normalised_source=haystack)
    ]
    quote_rate = 1.0 - len(missing) / len(quotes) if quotes else 1.0
    in_article = numbers_in(article)
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
        "grounding.score": Metric(
            value=recall * (quote_rate + number_rate) / 2, reasons=missing + invented + weighting
        ),
    }
