"""Who is a party: the labelling guide's rule on news outlets and populations.

The rule (``evals/README.md``, "Parties"):

- a news outlet that only reports or relays the story ("Reuters reported", "the BBC said")
  is not a party; an outlet that is itself the source of a contested or unverified claim,
  or is accused, or retracts, is one, and so is an outlet the article presents as partisan
  ("pro-opposition Orient TV", "the state broadcaster", "the movement's station"), whose
  reports are a side's claims (the rules cannot tell an unverified claim from a report, so
  partisanship stands in for it);
- a population ("civilians", "residents", "villagers", "families") is not a party: it is a
  figure's population; an organised group of people that acts or speaks (protesters who
  march or set fire to a building, a residents' committee that issues a statement) is one.
"""

from __future__ import annotations

import re

from summarizer.brief.schema import PartyType, Side
from summarizer.offline.disputes import DisputeDraft
from summarizer.offline.parties import PartyDraft

__all__ = ["apply_party_policy", "is_party"]

# A group that acts: its mention is followed by a verb ("protesters marched", "protesters
# had set fire"), not preceded by a count ("140 protesters", a figure's population).
_ACTS = re.compile(
    r"\s+(?:(?:had|have|has|were|are|also|then|later|again)\s+)*(?:\w+ed|set|threw|took|went|"
    r"ran|fought|burnt|built|held|hit|stormed|blocked|broke|tore|sang|chanted|demanded|"
    r"say|said|says|told)\b",
    re.IGNORECASE,
)
# An outlet the article ties to a side: "Radio Saltreach, the movement's station," or "the
# state broadcaster VTV": its reports are that side's claims.
_OWNED_AFTER = re.compile(
    r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?[\w-]+['\u2019]s\s+(?:own\s+)?(?:station|channel|"
    r"broadcaster|newspaper|outlet|radio|television|mouthpiece|paper|news\s+agency|media)\b",
    re.IGNORECASE,
)
_STATE_BEFORE = re.compile(
    r"\b(?:state|state-run|state-owned|government|government-run)\s+(?:broadcaster|television|"
    r"radio|newspaper|channel|news\s+agency|media|outlet)\s+$",
    re.IGNORECASE,
)
_COUNTED = re.compile(r"(?:\d|\b(?:dozens|hundreds|thousands|many|some|several))[\w,]*\s+$", re.I)


def _in_dispute(disputes: list[DisputeDraft]) -> set[str]:
    """Parties that make, deny, confirm, retract or are named by a published claim."""
    keys: set[str] = set()
    for d in disputes:
        keys.add(d.claimed_by)
        keys.update(d.disputed_by, d.confirmed_by, d.targets)
    return keys


def _acts(draft: PartyDraft, text: str) -> bool:
    """True when a mention of the group is the subject of a verb and not a counted noun."""
    for m in draft.mentions:
        if _ACTS.match(text, m.end) and not _COUNTED.search(text, max(0, m.start - 20), m.start):
            return True
    return False


def _affiliation(draft: PartyDraft, text: str) -> Side | None:
    """The side an outlet's wording ties it to: the government for a state broadcaster,
    unclear for an outlet owned by another party ("the movement's station"); None when the
    article ties it to nobody."""
    for m in draft.mentions:
        if _STATE_BEFORE.search(text, max(0, m.start - 40), m.start):
            return Side.GOVERNMENT
        if _OWNED_AFTER.match(text, m.end):
            return Side.UNCLEAR
    return None


def is_party(draft: PartyDraft, disputed: set[str], speakers: set[str], text: str) -> bool:
    """The guide's rule for one draft: outlets and populations need a role of their own.

    An outlet the article ties to a side becomes partisan here (its side, if it had only
    the neutral default, becomes that side, or unclear when the owner's side is not read).
    """
    if draft.type is PartyType.MEDIA:
        if draft.side not in (Side.GOVERNMENT, Side.OPPOSITION):
            owned = _affiliation(draft, text)
            if owned is not None:
                draft.side = owned
                return True
        partisan = draft.side in (Side.GOVERNMENT, Side.OPPOSITION)
        return partisan or draft.key in disputed
    if draft.type is PartyType.CIVILIANS:
        if draft.key == "civilians":
            return False  # a population: it appears as the population of figures
        return draft.key in disputed or draft.key in speakers or _acts(draft, text)
    return True


def apply_party_policy(
    drafts: list[PartyDraft],
    disputes: list[DisputeDraft],
    speakers: set[str],
    text: str,
) -> list[PartyDraft]:
    """The drafts that are parties under the guide's rule, in their order.

    ``speakers`` are the keys of parties a sentence attributes a statement to. The mentions
    of a dropped draft stay where they are (places and sentence scores still read them).
    """
    disputed = _in_dispute(disputes)
    return [d for d in drafts if is_party(d, disputed, speakers, text)]
