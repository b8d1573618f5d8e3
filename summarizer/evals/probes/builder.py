"""Gold to brief: turn a gold brief into a grounded :class:`~summarizer.brief.schema.Brief`.

A perfect prediction, built programmatically, is where the probe suite
(:mod:`summarizer.evals.probes.suite`) starts: each probe edits it the way a model might (other
words, another name, a negation) and checks how the score moves. Tests use it as the oracle
answer of the local fake server. Evidence quotes are whole article sentences that mention the
item, so the brief passes the schema's grounding validator.
"""

from __future__ import annotations

from summarizer.brief.grounding import normalise_name, number_in_quote
from summarizer.brief.schema import (
    Brief,
    DisputedFact,
    EventDate,
    Figure,
    HumanitarianStatus,
    KeyFact,
    Party,
    Representative,
    Situation,
)
from summarizer.evals.evaluators.text import article_sentences
from summarizer.evals.gold import GoldBrief, GoldDispute, GoldFigure, GoldKeyFact, GoldParty
from summarizer.evals.matching.lexical import content_terms
from summarizer.evals.matching.names import names_in
from summarizer.evals.probes.edits import summary_of

__all__ = ["gold_to_brief"]


def _best_sentences(sentences: list[str], text: str, count: int = 2) -> list[str]:
    """The ``count`` sentences sharing most content terms with ``text`` (the earlier on a
    tie), in article order: a statement often spans two sentences (a quote, then who said
    it)."""
    wanted = content_terms(text)
    ranked = sorted(sentences, key=lambda s: -len(wanted & content_terms(s)))
    chosen = set(ranked[:count])
    return [s for s in dict.fromkeys(sentences) if s in chosen]


def _party(party: GoldParty, sentences: list[str]) -> Party:
    names = [party.name, *party.aliases]
    mentions = [s for s in sentences if names_in(s, names)]
    return Party(
        name=party.name,
        aliases=list(party.aliases),
        type=party.type,
        side=party.side,
        role=f"{party.name} in this story.",
        representatives=[Representative(name=r) for r in party.representatives],
        evidence=[(mentions or sentences)[0]],
    )


def _figure(figure: GoldFigure, sentences: list[str]) -> Figure:
    if figure.count is not None:
        quoted = [s for s in sentences if number_in_quote(figure.count, s)]
        pool = quoted or sentences
    else:
        pool = sentences
    hint = " ".join(filter(None, [figure.category.value, figure.qualifier, figure.population]))
    return Figure(
        category=figure.category,
        count=figure.count,
        qualifier=figure.qualifier,
        population=figure.population,
        source=figure.source,
        date=figure.date,
        evidence=_best_sentences(pool, hint, count=1),
    )


def _dispute(dispute: GoldDispute, sentences: list[str]) -> DisputedFact:
    return DisputedFact(
        claim=dispute.claim,
        claimed_by=list(dispute.claimed_by),
        disputed_by=list(dispute.disputed_by),
        counter_claim=dispute.counter_claim,
        status=dispute.status,
        evidence=_best_sentences(sentences, dispute.claim),
    )


def gold_to_brief(gold: GoldBrief, article: str, *, include_optional: bool = True) -> Brief:
    """A brief that says exactly what ``gold`` says, with quotes taken from ``article``.

    With ``include_optional=False`` the optional gold items are left out (the minimal brief
    that still scores 1.0).
    """
    sentences = article_sentences(article)
    if not sentences:
        raise ValueError("the article has no sentence long enough to quote")

    def keep(item: GoldParty | GoldFigure | GoldDispute | GoldKeyFact) -> bool:
        return include_optional or not item.optional

    disputes = [d for d in gold.disputed_facts if keep(d)]
    # A kept dispute must name parties of the brief, optional or not.
    named = {normalise_name(n) for d in disputes for n in [*d.claimed_by, *d.disputed_by]}
    parties = [
        p
        for p in gold.parties
        if keep(p) or any(normalise_name(n) in named for n in [p.name, *p.aliases])
    ]

    key_facts = [
        KeyFact(statement=f.fact, evidence=_best_sentences(sentences, f.fact))
        for f in gold.key_facts
        if keep(f)
    ]
    summary = summary_of(key_facts) or sentences[0]
    brief = Brief(
        situation=Situation(
            summary=summary,
            locations=list(gold.locations),
            reporting_date=gold.reporting_date,
            event_dates=[
                EventDate(date=d.date, event=d.event, expression=d.expression)
                for d in gold.event_dates
            ],
            key_facts=key_facts,
        ),
        parties=[_party(p, sentences) for p in parties],
        humanitarian=HumanitarianStatus(
            figures=[_figure(f, sentences) for f in gold.figures if keep(f)]
        ),
        disputed_facts=[_dispute(d, sentences) for d in disputes],
    )
    # Validate once more with the article so a broken oracle fails here, not in a test.
    return Brief.model_validate(brief.model_dump(), context={"source": article})
