"""Probes on the attributes of matched items: status, claimants, populations, sources,
sides; padding and duplicates; and attribute errors on optional items."""

from __future__ import annotations

import datetime as dt

from summarizer.brief.grounding import normalise_name
from summarizer.brief.schema import (
    DisputeStatus,
    Party,
    PartyType,
    Side,
)
from summarizer.evals.gold import GoldDispute, GoldFigure, GoldParty
from summarizer.evals.probes.cases.base import (
    Setting,
    Variant,
    dispute_edit,
    drop_party,
    probe,
)
from summarizer.evals.probes.edits import (
    map_items,
    replace_parties,
    with_disputes,
    with_figures,
    with_key_facts,
)

_STATUS_GROUP = {
    DisputeStatus.CONTESTED: "open",
    DisputeStatus.UNVERIFIED: "open",
    DisputeStatus.CONFIRMED: "established",
    DisputeStatus.RETRACTED: "withdrawn",
}

_OTHER_SIDE = {Side.GOVERNMENT: Side.OPPOSITION, Side.OPPOSITION: Side.GOVERNMENT}
"""The side a government or opposition party is flipped to (the probes' own table: a probe
must not check the scorer with the scorer's tables)."""


@probe("dispute: status confirmed/contested")
def _wrong_status(setting: Setting) -> Variant | None:
    gold = setting.gold.disputed_facts

    def edit(i: int) -> dict[str, object] | None:
        status = gold[i].status
        wrong = (
            DisputeStatus.CONTESTED
            if status is DisputeStatus.CONFIRMED
            else DisputeStatus.CONFIRMED
        )
        accepted = {status, *gold[i].status_alternatives}
        if wrong in accepted or any(_STATUS_GROUP[s] == _STATUS_GROUP[wrong] for s in accepted):
            return None
        return {"status": wrong}

    return dispute_edit(setting, edit)


@probe("dispute: claimant and disputer swapped")
def _claimant_swapped(setting: Setting) -> Variant | None:
    disputes = setting.perfect.disputed_facts

    def edit(i: int) -> dict[str, object] | None:
        d = disputes[i]
        if not d.disputed_by:
            return None
        return {"claimed_by": list(d.disputed_by), "disputed_by": list(d.claimed_by)}

    return dispute_edit(setting, edit)


# --- figures ------------------------------------------------------------------------------


def _figure_edit(setting: Setting, indexes: list[int], updates: list[dict[str, object]]) -> Variant:
    brief = setting.perfect
    figures = list(brief.humanitarian.figures)
    for i, update in zip(indexes, updates, strict=True):
        figures[i] = figures[i].model_copy(update=update)
    kept = [f for k, f in enumerate(brief.humanitarian.figures) if k not in indexes]
    note = "; ".join(f"figure {i}: {u}" for i, u in zip(indexes, updates, strict=True))
    return Variant(with_figures(brief, figures), with_figures(brief, kept), note)


def _population_key(population: str) -> str:
    return normalise_name(population)


_GENERIC = {"people", "persons", "individuals"}
_COMBATANTS = {"fighters", "soldiers", "troops", "militants", "gunmen", "armed men", "combatants"}


@probe("figure: populations swapped")
def _populations_swapped(setting: Setting) -> Variant | None:
    gold = setting.gold.figures
    for a in setting.required(gold):
        names = {_population_key(p) for p in [gold[a].population, *gold[a].population_aliases]}
        if not names & _COMBATANTS and _population_key(gold[a].population) not in _GENERIC:
            # Civilians counted as fighters: the reader learns the wrong victims.
            return _figure_edit(setting, [a], [{"population": "fighters"}])
    return None


def _opponent(setting: Setting, source: str) -> str | None:
    """Who denies what ``source`` says, else a party on the other side."""
    key = normalise_name(source)
    for dispute in setting.gold.disputed_facts:
        if any(normalise_name(c) == key for c in dispute.claimed_by) and dispute.disputed_by:
            return dispute.disputed_by[0]
    owner = next(
        (
            p
            for p in setting.gold.parties
            if key in {normalise_name(n) for n in [p.name, *p.aliases]}
        ),
        None,
    )
    if owner is not None and owner.side in _OTHER_SIDE:
        for party in setting.gold.parties:
            if party.side is _OTHER_SIDE[owner.side] and not party.optional:
                return party.name
    return None


@probe("figure: source given to the denier")
def _source_to_denier(setting: Setting) -> Variant | None:
    gold = setting.gold.figures
    for i in setting.required(gold):
        source = gold[i].source
        opponent = _opponent(setting, source) if source else None
        if opponent is not None:
            return _figure_edit(setting, [i], [{"source": opponent}])
    return None


@probe("figure dates: off by a day")
def _figure_dates(setting: Setting) -> Variant | None:
    brief = setting.perfect
    figures, changed = map_items(
        brief.humanitarian.figures,
        lambda f: f.model_copy(update={"date": f.date + dt.timedelta(days=1)}) if f.date else None,
    )
    required = [i for i in changed if not setting.gold.figures[i].optional]
    if not required:
        return None
    return Variant(with_figures(brief, figures), note=f"{len(changed)} dates")


# --- parties ------------------------------------------------------------------------------


@probe("party: side flipped")
def _side_flipped(setting: Setting) -> Variant | None:
    for j in setting.required(setting.gold.parties):
        side = setting.gold.parties[j].side
        if side in _OTHER_SIDE:
            parties = list(setting.perfect.parties)
            parties[j] = parties[j].model_copy(update={"side": _OTHER_SIDE[side]})
            return Variant(
                replace_parties(setting.perfect, parties),
                drop_party(setting.perfect, j),
                f"{parties[j].name}: {side.value} -> {_OTHER_SIDE[side].value}",
            )
    return None


@probe("30 extra parties")
def _extra_parties(setting: Setting) -> Variant:
    brief = setting.perfect
    extra = [
        Party(
            name=f"{word} Committee {n}",
            type=PartyType.OTHER,
            side=Side.UNCLEAR,
            role="Mentioned in passing.",
            evidence=[setting.headline],
        )
        for n, word in enumerate(["Relief", "Unity", "Harbour", "Valley", "Citizens"] * 6, 1)
    ]
    return Variant(replace_parties(brief, [*brief.parties, *extra]))


@probe("every item twice")
def _duplicated(setting: Setting) -> Variant:
    brief = setting.perfect
    doubled = replace_parties(brief, [p for p in brief.parties for _ in range(2)])
    doubled = with_disputes(doubled, [d for d in brief.disputed_facts for _ in range(2)])
    doubled = with_figures(doubled, [f for f in brief.humanitarian.figures for _ in range(2)])
    facts = [f for f in brief.situation.key_facts for _ in range(2)]
    return Variant(with_key_facts(doubled, facts, summary=brief.situation.summary))


# --- optional items -----------------------------------------------------------------------


@probe("optional items: wrong attributes")
def _optional_attributes(setting: Setting) -> Variant | None:
    brief = setting.perfect
    gold = setting.gold
    parties = [
        p.model_copy(
            update={
                "type": PartyType.OTHER if p.type is not PartyType.OTHER else PartyType.MEDIA,
                "side": _OTHER_SIDE.get(p.side, Side.UNCLEAR),
            }
        )
        if gold.parties[i].optional
        else p
        for i, p in enumerate(brief.parties)
    ]
    # A figure without a number keeps its qualifier and population: they are what its
    # evidence is checked against, and evidence support is not an attribute.
    figures = [
        f.model_copy(
            update={"source": None, "date": None}
            | ({"qualifier": "about", "population": "fighters"} if f.count is not None else {})
        )
        if gold.figures[i].optional
        else f
        for i, f in enumerate(brief.humanitarian.figures)
    ]
    disputes = [
        d.model_copy(
            update={
                "status": DisputeStatus.CONTESTED
                if d.status is not DisputeStatus.CONTESTED
                else DisputeStatus.CONFIRMED,
                "counter_claim": None,
            }
        )
        if gold.disputed_facts[i].optional
        else d
        for i, d in enumerate(brief.disputed_facts)
    ]
    items: list[GoldParty | GoldFigure | GoldDispute] = [
        *gold.parties,
        *gold.figures,
        *gold.disputed_facts,
    ]
    count = sum(x.optional for x in items)
    if not count:
        return None
    edited = with_disputes(with_figures(replace_parties(brief, parties), figures), disputes)
    return Variant(edited, note=f"{count} optional items")
