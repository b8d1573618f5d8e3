"""Figures: matched on category and count (null = null); checked for qualifier, population,
source and date.

What misinforms: another population than the one counted ("fighters" for civilians), and a
figure attributed to another party than the one that gave it (or to a party when the article
gives it in its own voice). What is a minor error: a missing or different qualifier, a less
specific population ("people" for "civilians"), a missing or unknown source, a missing or
wrong date.
"""

from __future__ import annotations

import re

from summarizer.brief.grounding import normalise
from summarizer.brief.schema import Figure
from summarizer.evals.evaluators.alignment import Check, FieldAlignment, Severity, check
from summarizer.evals.evaluators.common import align, field_metrics
from summarizer.evals.evaluators.context import Context, PartyResolver
from summarizer.evals.evaluators.metric import Metric
from summarizer.evals.gold import GoldFigure
from summarizer.evals.matching.names import NAME_FLOOR, fold_name, names_similarity

__all__ = [
    "DATE_COST",
    "MISSING_DATE_COST",
    "POPULATION_COST",
    "QUALIFIER_COST",
    "SOURCE_COST",
    "describe_figure",
    "score_figures",
]

QUALIFIER_COST = 0.15
"""Credit lost for a wrong or missing hedge ("at least 82" read as exactly 82)."""

POPULATION_COST = 0.15
"""Credit lost for a less specific population ("people" for "civilians")."""

SOURCE_COST = 0.2
"""Credit lost when the attribution is missing or names no party of the story."""

DATE_COST = 0.25
"""Credit lost for a wrong "as of" date: the reader dates the figure wrongly."""

MISSING_DATE_COST = 0.1
"""Credit lost for a missing "as of" date: the reader cannot date the figure."""

_GENERIC = frozenset(["people", "persons", "individuals", "residents", "inhabitants", "population"])
_CIVILIAN_GENERIC = _GENERIC | {"civilians", "civilian"}
_COMBATANTS = frozenset(
    [
        "fighters",
        "fighter",
        "soldiers",
        "soldier",
        "troops",
        "militants",
        "militant",
        "gunmen",
        "combatants",
        "rebels",
        "militiamen",
        "insurgents",
        "armed",
    ]
)


def describe_figure(figure: Figure | GoldFigure) -> str:
    """A figure in a few words, for reasons: "killed 82 civilians"."""
    count = "no number" if figure.count is None else str(figure.count)
    return f"{figure.category.value} {count} {figure.population}"


def _qualifier(text: str | None) -> str:
    return re.sub(r"^(an?|the)\s+", "", normalise(text or "").lower()).strip()


def _words(population: str) -> set[str]:
    return set(fold_name(population).split())


def _population(p: Figure, g: GoldFigure, ctx: Context) -> Check:
    label = describe_figure(g)
    reason = f"{label!r}: population {p.population!r}, gold {g.population!r}"
    gold_names = [g.population, *g.population_aliases]
    if names_similarity([p.population], gold_names, ctx.places) >= NAME_FLOOR:
        return check("population", Severity.OK)
    predicted = _words(p.population)
    gold = set().union(*(_words(n) for n in gold_names))
    vague = predicted <= _GENERIC or gold <= _GENERIC
    if bool(predicted & _COMBATANTS) != bool(gold & _COMBATANTS) and not vague:
        return check("population", Severity.MISINFORMS, reason + " (combatants vs civilians)")
    if vague or predicted <= _CIVILIAN_GENERIC:
        return check("population", Severity.MINOR, reason + " (less specific)", POPULATION_COST)
    return check("population", Severity.MISINFORMS, reason)


def _source(p: Figure, g: GoldFigure, resolver: PartyResolver, ctx: Context) -> Check:
    label = describe_figure(g)
    reason = f"{label!r}: source {p.source!r}, gold {g.source!r}"
    if p.source is None and g.source is None:
        return check("source", Severity.OK)
    if p.source is None:
        return check("source", Severity.MINOR, reason + " (attribution left out)", SOURCE_COST)
    got = resolver.gold_party(p.source)
    if g.source is None:
        if got is not None:
            return check("source", Severity.MISINFORMS, reason + " (the article gives it itself)")
        return check("source", Severity.MINOR, reason, SOURCE_COST)
    want = resolver.gold_party(g.source)
    if got is not None and want is not None:
        if got == want:
            return check("source", Severity.OK)
        return check("source", Severity.MISINFORMS, reason + " (another party)")
    if names_similarity([p.source], [g.source], ctx.places) >= NAME_FLOOR:
        return check("source", Severity.OK)
    return check("source", Severity.MINOR, reason + " (names no party of the story)", SOURCE_COST)


def _date(p: Figure, g: GoldFigure) -> Check:
    if g.date is None or p.date == g.date:
        return check("date", Severity.OK)
    got = p.date.isoformat() if p.date else None
    return check(
        "date",
        Severity.MINOR,
        f"{describe_figure(g)!r}: date {got}, gold {g.date.isoformat()}",
        DATE_COST if p.date else MISSING_DATE_COST,
    )


def _checks(p: Figure, g: GoldFigure, resolver: PartyResolver, ctx: Context) -> list[Check]:
    qualifier_ok = _qualifier(p.qualifier) == _qualifier(g.qualifier)
    return [
        check(
            "qualifier",
            Severity.OK if qualifier_ok else Severity.MINOR,
            f"{describe_figure(g)!r}: qualifier {p.qualifier!r}, gold {g.qualifier!r}",
            QUALIFIER_COST,
        ),
        _population(p, g, ctx),
        _source(p, g, resolver, ctx),
        _date(p, g),
    ]


def score_figures(ctx: Context) -> tuple[dict[str, Metric], FieldAlignment]:
    """The ``figures.*`` metrics and alignment."""
    predicted, gold = ctx.brief.humanitarian.figures, ctx.gold.figures
    resolver = ctx.resolver
    checks = {
        (i, j): _checks(p, g, resolver, ctx)
        for i, p in enumerate(predicted)
        for j, g in enumerate(gold)
        if p.category == g.category and p.count == g.count
    }
    # Category and count decide whether two figures match; among eligible pairs the one with
    # fewer wrong attributes wins (two "killed, no number" figures).
    matrix = [
        [
            0.5 + sum(c.ok for c in checks[(i, j)]) / 8 if (i, j) in checks else 0.0
            for j in range(len(gold))
        ]
        for i in range(len(predicted))
    ]
    alignment = align(
        len(predicted), [g.optional for g in gold], matrix, 0.5, lambda i, j: checks[(i, j)]
    )
    metrics = field_metrics(
        "figures",
        alignment,
        n_predicted=len(predicted),
        gold_optional=[g.optional for g in gold],
        attributes=["qualifier", "population", "source", "date"],
        extra=lambda i: (
            f"predicted figure {describe_figure(predicted[i])!r} matches no gold figure "
            "(category and count)"
        ),
        missed=lambda j: f"gold figure {describe_figure(gold[j])!r} was not found",
    )
    return metrics, alignment
