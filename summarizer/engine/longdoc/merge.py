"""Merge the partial briefs of a long document's chunks into one brief.

Pure functions over :class:`~summarizer.brief.schema.Brief` objects; evidence quotes are carried
over untouched, so a merged brief is exactly as grounded as its parts. The rules:

- **Parties** are the same actor when any of their names or aliases match after
  :func:`~summarizer.brief.grounding.normalise_name` (transitively: A~B and B~C puts all three
  together). The first name seen stays the name; every other name becomes an alias; the
  first specific type and side win over ``other`` / ``unclear``; representatives and
  evidence are united.
- **Figures** are duplicates when category, population and source match (after
  ``normalise_name``) and their counts do not contradict (equal, or one is null); two
  different counts are two figures (e.g. a toll that rose). Of duplicates the most specific
  is kept: a count over none, then a qualifier, a source, a date, then longer evidence.
- **Disputed facts** are the same when their claims are similar (see below) *and* their
  claimants overlap once mapped onto the merged parties: "rebels accuse militias" and
  "militias accuse rebels" are a mutual accusation, two disputes. Claimants and
  disputants are united (under the merged parties' names); the strongest status wins
  (retracted > contested > confirmed > unverified), as a later chunk may report the denial.
- **Key facts and statements** are duplicates when similar; the first is kept.

Two texts are *similar* when ``rapidfuzz.fuzz.ratio`` (order-aware: swapping who did what
to whom lowers it) is >= :data:`CLAIM_SIMILARITY` and they mention the same numbers
(:func:`~summarizer.brief.numbers.numbers_in`): "82 killed" and "28 killed" are a toll that
changed, never one fact.
- **Situation**: locations and event dates are united in order of appearance; the first
  reporting date wins; the summary is the chunk summaries in order, which the long-document
  path then replaces with one written from the merged pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from rapidfuzz import fuzz

from summarizer.brief.grounding import normalise, normalise_name
from summarizer.brief.numbers import numbers_in
from summarizer.brief.schema import (
    Brief,
    DisputedFact,
    DisputeStatus,
    EventDate,
    Figure,
    HumanitarianStatus,
    KeyFact,
    Party,
    PartyType,
    Representative,
    Side,
    Situation,
    Statement,
)

__all__ = [
    "CLAIM_SIMILARITY",
    "merge_briefs",
    "merge_disputes",
    "merge_figures",
    "merge_parties",
]

CLAIM_SIMILARITY = 85.0
"""Lowest ``rapidfuzz.fuzz.ratio`` (0-100) at which two claims or facts count as the same."""

_STATUS_STRENGTH = {
    DisputeStatus.UNVERIFIED: 0,
    DisputeStatus.CONFIRMED: 1,
    DisputeStatus.CONTESTED: 2,
    DisputeStatus.RETRACTED: 3,
}

T = TypeVar("T")


def _unique(items: Iterable[T], key: Callable[[T], object]) -> list[T]:
    seen: set[object] = set()
    kept: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


def _evidence(*groups: Sequence[str]) -> list[str]:
    return _unique((q for group in groups for q in group), normalise)


def _similar(a: str, b: str) -> bool:
    # Not token_set_ratio / token_sort_ratio: both ignore word order, so "rebels accused
    # militias" scores 100 against "militias accused rebels". And a differing number is a
    # different fact however close the wording ("82 killed" vs "28 killed").
    if numbers_in(a) != numbers_in(b):
        return False
    return fuzz.ratio(normalise(a).lower(), normalise(b).lower()) >= CLAIM_SIMILARITY


# --- parties -----------------------------------------------------------------------------


def _party_groups(parties: Sequence[Party]) -> list[list[Party]]:
    """Parties grouped by shared normalised names (union-find over name keys)."""
    parent = list(range(len(parties)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, party in enumerate(parties):
        for name in party.names():
            key = normalise_name(name)
            if not key:
                continue
            if key in owner:
                parent[root(i)] = root(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[Party]] = {}
    for i, party in enumerate(parties):
        groups.setdefault(root(i), []).append(party)
    return list(groups.values())  # insertion order: by each group's first party


def _merge_party_group(group: list[Party]) -> Party:
    first = group[0]
    names = _unique((n for p in group for n in p.names()), normalise_name)
    party_type = next((p.type for p in group if p.type is not PartyType.OTHER), first.type)
    side = next((p.side for p in group if p.side is not Side.UNCLEAR), first.side)
    people: dict[str, Representative] = {}
    for person in (r for p in group for r in p.representatives):
        key = normalise_name(person.name)
        if key not in people or (person.title and not people[key].title):
            people[key] = person
    return Party(
        name=first.name,
        aliases=[n for n in names if normalise_name(n) != normalise_name(first.name)],
        type=party_type,
        side=side,
        role=first.role,
        representatives=list(people.values()),
        evidence=_evidence(*(p.evidence for p in group)),
    )


def merge_parties(parties: Sequence[Party]) -> list[Party]:
    """De-duplicate ``parties`` by alias (see the module docstring)."""
    return [_merge_party_group(group) for group in _party_groups(parties)]


# --- figures -----------------------------------------------------------------------------


def _figure_key(figure: Figure, aliases: dict[str, str]) -> tuple[str, str, str]:
    source = normalise_name(figure.source or "")
    return (figure.category.value, normalise_name(figure.population), aliases.get(source, source))


def _specificity(figure: Figure) -> tuple[int, int, int, int, int]:
    return (
        figure.count is not None,
        figure.qualifier is not None,
        figure.source is not None,
        figure.date is not None,
        sum(len(q) for q in figure.evidence),
    )


def merge_figures(figures: Sequence[Figure], parties: Sequence[Party] = ()) -> list[Figure]:
    """De-duplicate ``figures`` by (category, population, source), keeping the most specific.

    A source written as any alias of one of ``parties`` counts as that party.
    """
    aliases = {normalise_name(n): normalise_name(p.name) for p in parties for n in p.names()}
    kept: list[Figure] = []
    for figure in figures:
        for i, other in enumerate(kept):
            same_key = _figure_key(figure, aliases) == _figure_key(other, aliases)
            compatible = figure.count is None or other.count is None or figure.count == other.count
            if same_key and compatible:
                if _specificity(figure) > _specificity(other):
                    kept[i] = figure
                break
        else:
            kept.append(figure)
    return kept


# --- disputes ----------------------------------------------------------------------------


def _canonical(names: Iterable[str], parties: Sequence[Party]) -> list[str]:
    """Names mapped to their merged party's name, de-duplicated, in order."""
    lookup = {normalise_name(n): p.name for p in parties for n in p.names()}
    return _unique((lookup.get(normalise_name(n), n) for n in names), normalise_name)


def merge_disputes(
    facts: Sequence[DisputedFact], parties: Sequence[Party] = ()
) -> list[DisputedFact]:
    """Merge disputed facts with similar claims by overlapping claimants (names mapped onto
    ``parties``)."""

    def claimants(fact: DisputedFact) -> set[str]:
        return {normalise_name(n) for n in _canonical(fact.claimed_by, parties)}

    groups: list[list[DisputedFact]] = []
    for fact in facts:
        for group in groups:
            same_claimants = claimants(fact) & set().union(*(claimants(f) for f in group))
            if same_claimants and _similar(fact.claim, group[0].claim):
                group.append(fact)
                break
        else:
            groups.append([fact])
    merged = []
    for group in groups:
        first = group[0]
        claimed = _canonical((n for f in group for n in f.claimed_by), parties)
        claimed_keys = {normalise_name(n) for n in claimed}
        disputed = [
            n
            for n in _canonical((n for f in group for n in f.disputed_by), parties)
            if normalise_name(n) not in claimed_keys
        ]
        merged.append(
            DisputedFact(
                claim=first.claim,
                claimed_by=claimed,
                disputed_by=disputed,
                counter_claim=next((f.counter_claim for f in group if f.counter_claim), None),
                status=max((f.status for f in group), key=_STATUS_STRENGTH.__getitem__),
                evidence=_evidence(*(f.evidence for f in group)),
            )
        )
    return merged


# --- facts, statements, situation --------------------------------------------------------

_TextItem = TypeVar("_TextItem", KeyFact, Statement)


def _merge_said(items: Iterable[_TextItem], text: Callable[[_TextItem], str]) -> list[_TextItem]:
    kept: list[_TextItem] = []
    for item in items:
        if not any(_similar(text(item), text(other)) for other in kept):
            kept.append(item)
    return kept


def _merge_situation(situations: Sequence[Situation]) -> Situation:
    events: list[EventDate] = _unique(
        (e for s in situations for e in s.event_dates),
        lambda e: (e.date, normalise(e.event).lower()),
    )
    return Situation(
        summary=" ".join(s.summary.strip() for s in situations if s.summary.strip()),
        locations=_unique((loc for s in situations for loc in s.locations), normalise_name),
        reporting_date=next((s.reporting_date for s in situations if s.reporting_date), None),
        event_dates=sorted(events, key=lambda e: e.date),
        key_facts=_merge_said((f for s in situations for f in s.key_facts), lambda f: f.statement),
    )


def merge_briefs(briefs: Sequence[Brief]) -> Brief:
    """One brief from the partial briefs of a document's chunks, in document order."""
    if not briefs:
        raise ValueError("nothing to merge")
    parties = merge_parties([p for b in briefs for p in b.parties])
    humanitarian = HumanitarianStatus(
        figures=merge_figures([f for b in briefs for f in b.humanitarian.figures], parties),
        evacuation=_merge_said(
            (s for b in briefs for s in b.humanitarian.evacuation), lambda s: s.text
        ),
        access=_merge_said((s for b in briefs for s in b.humanitarian.access), lambda s: s.text),
        needs=_merge_said((s for b in briefs for s in b.humanitarian.needs), lambda s: s.text),
    )
    return Brief(
        situation=_merge_situation([b.situation for b in briefs]),
        parties=parties,
        humanitarian=humanitarian,
        disputed_facts=merge_disputes([d for b in briefs for d in b.disputed_facts], parties),
    )
