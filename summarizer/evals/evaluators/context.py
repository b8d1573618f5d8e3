"""What every field scorer needs: gold, prediction, the story's places and the parties.

Parties are matched first; claimants, figure sources and the actors named in sentences are
then resolved to gold parties through that match (:class:`PartyResolver`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.brief.schema import Brief, Party
from summarizer.evals.gold import GoldBrief, GoldParty
from summarizer.evals.matching.meaning import Actors
from summarizer.evals.matching.names import (
    NAME_FLOOR,
    Places,
    fold_name,
    names_similarity,
    place_words,
)

__all__ = ["Context", "PartyResolver", "cited_names"]


def cited_names(party: Party | GoldParty) -> list[str]:
    """Every name a party may be cited by: its name, its aliases, its representatives
    ("Vitaly Churkin" speaks for Russia)."""
    if isinstance(party, Party):
        return [*party.names(), *(r.name for r in party.representatives)]
    return [party.name, *party.aliases, *party.representatives]


class PartyResolver:
    """Resolves a name in a prediction (a claimant, a figure's source) to a gold party.

    A name is looked up among the predicted parties' names, aliases and representatives
    ("Vitaly Churkin" speaks for Russia) and follows that party's match to gold; failing
    that, it is matched directly against gold names, aliases and representatives
    (:data:`~summarizer.evals.names.NAME_FLOOR`). A name that resolves to no gold party is
    None.
    """

    def __init__(
        self,
        predicted: Sequence[Party],
        gold: Sequence[GoldParty],
        to_gold: dict[int, int],
        places: Places,
    ) -> None:
        self._places = places
        self._predicted: dict[str, int | None] = {}
        for i, party in enumerate(predicted):
            for name in cited_names(party):
                self._predicted.setdefault(fold_name(name), to_gold.get(i))
        self._gold_names = [cited_names(g) for g in gold]
        self._cache: dict[str, int | None] = {}

    def gold_party(self, name: str) -> int | None:
        """The index of the gold party ``name`` stands for, or None."""
        key = fold_name(name)
        if key not in self._cache:
            self._cache[key] = self._resolve(name, key)
        return self._cache[key]

    def _resolve(self, name: str, key: str) -> int | None:
        if self._predicted.get(key) is not None:
            return self._predicted[key]
        best, best_score = None, 0.0
        for j, names in enumerate(self._gold_names):
            score = names_similarity([name], names, self._places)
            if score > best_score:
                best, best_score = j, score
        return best if best_score >= NAME_FLOOR else None

    def gold_parties(self, names: Sequence[str]) -> frozenset[int | str]:
        """Each name's gold party index, or its folded self when it resolves to none."""
        return frozenset(
            index if (index := self.gold_party(n)) is not None else fold_name(n) for n in names
        )


@dataclass
class Context:
    """One document being scored.

    Parties are matched first (:meth:`match_parties`); what follows from the match is built
    then, once for every field scorer, and read before it fails loudly.
    """

    brief: Brief
    gold: GoldBrief
    places: Places = field(init=False)
    party_to_gold: dict[int, int] = field(init=False)
    """Predicted party index -> gold party index."""
    resolver: PartyResolver = field(init=False)
    """Names resolved to gold parties through the party match."""
    actors: Actors = field(init=False)
    """Every gold party under its names, aliases and representatives, plus the names of the
    predicted parties matched to it, for finding actors in sentences."""

    def __post_init__(self) -> None:
        self.places = place_words(self.gold.locations)

    def match_parties(self, party_to_gold: dict[int, int]) -> None:
        """Record the party match (predicted index -> gold index) and build what resolves
        names through it."""
        self.party_to_gold = party_to_gold
        self.resolver = PartyResolver(
            self.brief.parties, self.gold.parties, party_to_gold, self.places
        )
        names = [cited_names(g) for g in self.gold.parties]
        for i, j in party_to_gold.items():
            names[j] += cited_names(self.brief.parties[i])
        self.actors = Actors(names)

    def gold_party_name(self, index: int | str) -> str:
        """A resolved party for a reason: the gold name, or the unresolved name itself."""
        return self.gold.parties[index].name if isinstance(index, int) else index
