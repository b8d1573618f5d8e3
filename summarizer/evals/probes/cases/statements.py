"""Probes on what the brief states in its own words: key facts, summary, claims and
counter-claims, paraphrased (the same), negated, reversed or pasted in (wrong)."""

from __future__ import annotations

from collections.abc import Callable

from summarizer.brief.schema import (
    Brief,
    KeyFact,
    Situation,
)
from summarizer.evals.probes.cases.base import (
    Setting,
    Variant,
    dispute_edit,
    mentioned_pair,
    probe,
)
from summarizer.evals.probes.edits import (
    map_items,
    negate,
    swap_mentions,
    with_disputes,
    with_key_facts,
)

# --- key facts and summary ---------------------------------------------------------------


@probe("key facts: paraphrased")
def _facts_paraphrased(setting: Setting) -> Variant | None:
    gold_facts = setting.gold.key_facts

    def edit(fact: KeyFact) -> KeyFact | None:
        i = setting.perfect.situation.key_facts.index(fact)
        if not gold_facts[i].paraphrases:
            return None
        return fact.model_copy(update={"statement": gold_facts[i].paraphrases[0]})

    facts, changed = map_items(setting.perfect.situation.key_facts, edit)
    if not changed:
        return None
    return Variant(with_key_facts(setting.perfect, facts), note=f"{len(changed)} facts")


@probe("summary: paraphrased")
def _summary_paraphrased(setting: Setting) -> Variant | None:
    if not setting.gold.summary_paraphrases:
        return None
    brief = setting.perfect
    facts = brief.situation.key_facts
    return Variant(with_key_facts(brief, facts, summary=setting.gold.summary_paraphrases[0]))


def _pasted(setting: Setting) -> KeyFact:
    return KeyFact(statement=setting.article, evidence=[setting.headline])


@probe("key facts: article pasted as one")
def _pasted_fact(setting: Setting) -> Variant:
    brief = setting.perfect
    return Variant(with_key_facts(brief, [_pasted(setting)], summary=brief.situation.summary))


def _empty() -> Brief:
    return Brief(situation=Situation(summary="Fighting continued."))


@probe("empty brief + article pasted")
def _empty_pasted(setting: Setting) -> Variant:
    prediction = Brief(
        situation=Situation(summary="Fighting continued.", key_facts=[_pasted(setting)])
    )
    return Variant(prediction, _empty())


@probe("key facts: all negated")
def _facts_negated(setting: Setting) -> Variant | None:
    brief = setting.perfect
    facts = [
        f.model_copy(update={"statement": negate(f.statement)}) for f in brief.situation.key_facts
    ]
    if not facts:
        return None
    return Variant(with_key_facts(brief, facts), with_key_facts(brief, []))


@probe("key fact: actors swapped")
def _fact_actors_swapped(setting: Setting) -> Variant | None:
    brief = setting.perfect
    facts = brief.situation.key_facts
    for i in setting.required(setting.gold.key_facts):
        pair = mentioned_pair(setting, facts[i].statement)
        if pair is None:
            continue
        a, b = pair
        swapped = swap_mentions(facts[i].statement, setting.party_names(a), setting.party_names(b))
        assert swapped is not None
        edited = list(facts)
        edited[i] = facts[i].model_copy(update={"statement": swapped})
        omitted = [f for k, f in enumerate(facts) if k != i]
        return Variant(with_key_facts(brief, edited), with_key_facts(brief, omitted), note=swapped)
    return None


# --- claims and disputes -----------------------------------------------------------------


def _each_dispute(
    setting: Setting, field: str, value: Callable[[int], str | None]
) -> Variant | None:
    """Every dispute whose ``value(i)`` is not None, with ``field`` set to it."""
    disputes = list(setting.perfect.disputed_facts)
    changed = 0
    for i, dispute in enumerate(disputes):
        new = value(i)
        if new is not None:
            disputes[i] = dispute.model_copy(update={field: new})
            changed += 1
    if not changed:
        return None
    return Variant(with_disputes(setting.perfect, disputes), note=f"{changed} {field}s")


@probe("claims: paraphrased")
def _claims_paraphrased(setting: Setting) -> Variant | None:
    gold = setting.gold.disputed_facts
    return _each_dispute(
        setting,
        "claim",
        lambda i: gold[i].claim_paraphrases[0] if gold[i].claim_paraphrases else None,
    )


@probe("counter-claims: paraphrased")
def _counter_paraphrased(setting: Setting) -> Variant | None:
    gold = setting.gold.disputed_facts

    def value(i: int) -> str | None:
        paraphrases = gold[i].counter_claim_paraphrases
        return paraphrases[0] if paraphrases else None

    return _each_dispute(setting, "counter_claim", value)


@probe("claim: negated")
def _claim_negated(setting: Setting) -> Variant | None:
    disputes = setting.perfect.disputed_facts
    return dispute_edit(setting, lambda i: {"claim": negate(disputes[i].claim, style="not")})


@probe("claim: actors swapped")
def _claim_actors_swapped(setting: Setting) -> Variant | None:
    disputes = setting.perfect.disputed_facts

    def edit(i: int) -> dict[str, object] | None:
        pair = mentioned_pair(setting, disputes[i].claim)
        if pair is None:
            return None
        a, b = pair
        return {
            "claim": swap_mentions(
                disputes[i].claim, setting.party_names(a), setting.party_names(b)
            )
        }

    return dispute_edit(setting, edit)


@probe("counter-claims: negated")
def _counter_negated(setting: Setting) -> Variant | None:
    brief = setting.perfect
    gold = setting.gold.disputed_facts
    edited, omitted, count = [], [], 0
    for i, d in enumerate(brief.disputed_facts):
        if d.counter_claim and not gold[i].optional:
            edited.append(
                d.model_copy(update={"counter_claim": negate(d.counter_claim, style="not")})
            )
            omitted.append(d.model_copy(update={"counter_claim": None}))
            count += 1
        else:
            edited.append(d)
            omitted.append(d)
    if not count:
        return None
    return Variant(with_disputes(brief, edited), with_disputes(brief, omitted), f"{count} negated")
