"""Does each item's evidence support it? A quote found in the article proves nothing about
an item it does not speak of.

- a party: some quote names it (its name, an alias, a representative, or a name of the gold
  party it matched);
- a figure: some quote carries its number ("82", "eighty-two"); a figure without a number,
  its qualifier or population ("many", "civilians");
- a disputed fact, a key fact, a humanitarian statement: some quote carries its content
  (sentence similarity at least :data:`SUPPORT_FLOOR`, or half of its content terms).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from summarizer.brief.grounding import number_in_quote
from summarizer.brief.schema import Figure, Party, Statement
from summarizer.evals.evaluators.context import Context, cited_names
from summarizer.evals.evaluators.metric import Metric
from summarizer.evals.matching.lexical import term_coverage
from summarizer.evals.matching.meaning import Actors, similarity
from summarizer.evals.matching.names import names_in

__all__ = ["SUPPORT_FLOOR", "TERM_SUPPORT", "score_support"]

_number_in_quote = functools.lru_cache(maxsize=65536)(number_in_quote)

SUPPORT_FLOOR = 0.5
"""A quote supports a statement from this sentence similarity on."""

TERM_SUPPORT = 0.5
"""... or when it holds this share of the statement's content terms."""


def _names_in(quotes: Sequence[str], names: Sequence[str]) -> bool:
    return any(names_in(q, names) for q in quotes)


def _party(party: Party, gold_names: Sequence[str]) -> bool:
    return _names_in(party.evidence, [*cited_names(party), *gold_names])


def _figure(figure: Figure) -> bool:
    if figure.count is not None:
        return any(_number_in_quote(figure.count, q) for q in figure.evidence)
    words = [w for w in [figure.qualifier, figure.population] if w]
    return _names_in(figure.evidence, words)


def _statement(text: str, quotes: Sequence[str], actors: Actors) -> bool:
    return any(
        similarity(text, q, actors) >= SUPPORT_FLOOR or term_coverage(text, q) >= TERM_SUPPORT
        for q in quotes
    )


def score_support(ctx: Context) -> Metric:
    """``grounding.support``: predicted items whose evidence supports them / items."""
    brief = ctx.brief
    actors = ctx.actors
    results: list[tuple[bool, str]] = []
    for i, party in enumerate(brief.parties):
        j = ctx.party_to_gold.get(i)
        gold_names = [] if j is None else [ctx.gold.parties[j].name, *ctx.gold.parties[j].aliases]
        results.append(
            (_party(party, gold_names), f"parties[{i}] {party.name!r}: no quote names it")
        )
    for i, figure in enumerate(brief.humanitarian.figures):
        results.append((_figure(figure), f"humanitarian.figures[{i}]: no quote gives its number"))
    for i, dispute in enumerate(brief.disputed_facts):
        results.append(
            (
                _statement(dispute.claim, dispute.evidence, actors),
                f"disputed_facts[{i}]: no quote carries the claim",
            )
        )
    for i, fact in enumerate(brief.situation.key_facts):
        results.append(
            (
                _statement(fact.statement, fact.evidence, actors),
                f"situation.key_facts[{i}]: no quote carries it",
            )
        )
    groups: list[tuple[str, list[Statement]]] = [
        ("evacuation", brief.humanitarian.evacuation),
        ("access", brief.humanitarian.access),
        ("needs", brief.humanitarian.needs),
    ]
    for group, statements in groups:
        for i, statement in enumerate(statements):
            results.append(
                (
                    _statement(statement.text, statement.evidence, actors),
                    f"humanitarian.{group}[{i}]: no quote carries it",
                )
            )
    if not results:
        return Metric(value=1.0)
    return Metric(
        value=sum(ok for ok, _ in results) / len(results),
        reasons=[why for ok, why in results if not ok],
    )
