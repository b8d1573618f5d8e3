"""What every probe builder shares: the fixture as probes see it, the prediction they
build, the registry, and edits several probes make."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from summarizer.brief.grounding import normalise_name
from summarizer.brief.schema import (
    Brief,
)
from summarizer.evals.evaluators.text import article_sentences
from summarizer.evals.gold import GoldBrief, GoldDispute, GoldFigure, GoldKeyFact, GoldParty
from summarizer.evals.matching.names import world
from summarizer.evals.probes.builder import gold_to_brief
from summarizer.evals.probes.edits import (
    rename_party,
    replace_parties,
    swap_mentions,
    with_disputes,
)

__all__ = [
    "PROBE_BUILDERS",
    "Setting",
    "Variant",
    "dispute_edit",
    "drop_party",
    "mentioned_pair",
    "place_set",
    "probe",
    "rename_each",
    "taken",
]


@dataclass(frozen=True)
class Variant:
    """A probe's prediction, and what it is compared with."""

    prediction: Brief
    reference: Brief | None = None
    """For misinform: the brief with the edited items left out; for no_credit: empty."""
    note: str = ""


@dataclass(frozen=True)
class Setting:
    """One fixture as the probes see it."""

    gold: GoldBrief
    article: str
    perfect: Brief

    @classmethod
    def of(cls, gold: GoldBrief, article: str) -> Setting:
        """The setting of one fixture, with the brief built from gold."""
        return cls(gold, article, gold_to_brief(gold, article))

    @cached_property
    def headline(self) -> str:
        """The article's first sentence that is not a bracketed marker line."""
        sentences = article_sentences(self.article)
        return next((s for s in sentences if not s.startswith("[")), sentences[0])

    def party_names(self, j: int) -> list[str]:
        """Gold party ``j``'s name and aliases."""
        party = self.gold.parties[j]
        return [party.name, *party.aliases]

    def required(
        self, items: Sequence[GoldParty | GoldFigure | GoldDispute | GoldKeyFact]
    ) -> list[int]:
        """Indexes of the required items of a gold list."""
        return [i for i, item in enumerate(items) if not item.optional]


Builder = Callable[[Setting], Variant | None]
PROBE_BUILDERS: dict[str, Builder] = {}


def probe(name: str) -> Callable[[Builder], Builder]:
    """Register a builder under a probe name."""

    def register(builder: Builder) -> Builder:
        PROBE_BUILDERS[name] = builder
        return builder

    return register


def drop_party(brief: Brief, index: int) -> Brief:
    """``brief`` without party ``index`` (references to it left as they were)."""
    return replace_parties(brief, [p for i, p in enumerate(brief.parties) if i != index])


def mentioned_pair(setting: Setting, text: str) -> tuple[int, int] | None:
    """Two gold parties both named in ``text`` whose mentions can be swapped."""
    parties = setting.gold.parties
    for a in range(len(parties)):
        for b in range(a + 1, len(parties)):
            if swap_mentions(text, setting.party_names(a), setting.party_names(b)):
                return a, b
    return None


def dispute_edit(
    setting: Setting, edit: Callable[[int], dict[str, object] | None]
) -> Variant | None:
    """The first required dispute ``edit`` applies to, changed; reference: it left out."""
    brief = setting.perfect
    disputes = brief.disputed_facts
    for i in setting.required(setting.gold.disputed_facts):
        update = edit(i)
        if update is None:
            continue
        edited = list(disputes)
        edited[i] = disputes[i].model_copy(update=update)
        omitted = [d for k, d in enumerate(disputes) if k != i]
        note = ", ".join(f"{k}={v}" for k, v in update.items())
        return Variant(with_disputes(brief, edited), with_disputes(brief, omitted), note)
    return None


def place_set(setting: Setting) -> set[str]:
    """Lower-cased words of the fixture's places, countries and demonyms."""
    words = {w.lower() for place in setting.gold.locations for w in place.split()}
    return words | {w for form in world().country_of for w in form.split()}


def taken(setting: Setting, j: int, new: str) -> bool:
    """Whether ``new`` names (or is part of a name of) another gold party than ``j``."""
    key = normalise_name(new)
    for k, party in enumerate(setting.gold.parties):
        if k == j:
            continue
        for other in [party.name, *party.aliases]:
            # The padded substring test covers the name itself and each of its words.
            if f" {key} " in f" {normalise_name(other)} ":
                return True
    return False


def rename_each(setting: Setting, rename: Callable[[int, GoldParty], str | None]) -> Variant | None:
    """Every gold party ``rename`` gives a new name to, renamed (unless the new name is
    another party\'s); None when no party was renamed."""
    brief = setting.perfect
    notes = []
    for j, party in enumerate(setting.gold.parties):
        new = rename(j, party)
        if new is None or normalise_name(new) == normalise_name(party.name):
            continue
        if taken(setting, j, new):
            continue
        brief = rename_party(brief, j, new)
        notes.append(f"{party.name} -> {new}")
    if not notes:
        return None
    return Variant(brief, note="; ".join(notes))
