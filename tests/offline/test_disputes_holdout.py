"""Disputed facts on held-out text the dispute rules were developed against.

All three articles are FICTIONAL: the countries (Velmora, Dovania, Tessaly), towns, groups,
outlets and people are invented for this test and describe no real event. They were written
before the dispute rules were changed, and none of their wording comes from the eval
fixtures, which stay a separate, untouched measurement set.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from summarizer.brief.grounding import normalise_name
from summarizer.brief.schema import Brief, DisputedFact, DisputeStatus
from summarizer.offline import offline_brief

# FICTIONAL ARTICLE 1: an attributed assertion answered by a denial with a counter-claim, and a
# claim of responsibility nobody can check.
VELMORA = """Shelling of Sarn Ferry clinic blamed on Velmoran army

SARN FERRY, Velmora, June 9, 2033 - Eleven patients were killed when shells hit a clinic in \
the river town of Sarn Ferry on Saturday, local doctors said.

The Ashgrove Front, a rebel group that holds the eastern bank, said the shells came from army \
artillery positioned on the ridge west of the town. The Velmoran army rejected the claim, \
saying its guns had been silent all weekend and that the rebels had stored mortar rounds \
inside the clinic.

Separately, a group calling itself the Red Lantern Brigade claimed responsibility for an \
ambush on a supply column near the Orlen bridge on Friday. Its statement could not be \
independently verified.

The Velmoran government said aid would reach the town on Tuesday. The International Committee \
of the Red Cross said its team had treated 23 wounded people and called on all sides to \
protect medical workers.
"""

# FICTIONAL ARTICLE 2: a broadcaster withdraws its report, whose target also called it false,
# and the target's counter-claim is denied in turn.
DOVANIA = """Radio Kessel withdraws report of Dovan dam sabotage

PELLAR, Dovania, October 21, 2034 - Radio Kessel, a private broadcaster, on Thursday withdrew \
its report that fighters of the Stone Hand Movement had sabotaged the Dovan dam, saying its \
source had not been reliable.

The station had reported on Tuesday that the Stone Hand Movement blew up a spillway gate, \
flooding three villages. The Stone Hand Movement called the report false and said the flooding \
was caused by the Dovanian interior ministry opening the gates without warning.

The interior ministry denied opening the gates. It said heavy rain had forced water over the \
spillway.

About 4,000 people have been displaced by the flooding, the Dovanian Red Crescent said. The UN \
Development Programme said it would send engineers to inspect the dam next week.
"""

# FICTIONAL ARTICLE 3: an allegation dismissed by the accused, a battlefield boast nobody can
# verify, and a claim an independent agency confirms.
TESSALY = """Tessaly Guard accused of blocking aid at Mirrow crossing

MIRROW, Tessaly, February 2, 2035 - Aid agencies said on Wednesday that no food had reached \
the besieged town of Halden for 19 days.

The Halden Relief Committee, a local charity, alleged that the Tessaly Guard had turned back \
12 trucks at the Mirrow crossing since January. The Tessaly Guard dismissed the allegation as \
propaganda, insisting that the trucks lacked permits.

The Northern Unity Front, which controls Halden, said its fighters had shot down a Tessaly \
Guard drone over the town. The claim could not be independently verified.

The Tessaly Guard said rebels had fired rockets at the crossing on Sunday. The World Food \
Programme confirmed that two of its warehouses near the crossing were hit by rockets that day.

The Tessaly government said talks on a humanitarian corridor would open in Vell on Friday. \
Around 60,000 people remain in Halden, according to the World Food Programme.
"""


@dataclass(frozen=True)
class Expected:
    """One labelled dispute: a claim substring, who makes it, who denies it, its status."""

    claim: str
    claimed_by: str
    disputed_by: tuple[str, ...]
    status: DisputeStatus


GOLD: dict[str, tuple[str, list[Expected]]] = {
    "velmora": (
        VELMORA,
        [
            Expected(
                "shells came from army artillery",
                "Ashgrove Front",
                ("Velmoran army",),
                DisputeStatus.CONTESTED,
            ),
            Expected(
                "responsibility for an ambush", "Red Lantern Brigade", (), DisputeStatus.UNVERIFIED
            ),
        ],
    ),
    "dovania": (
        DOVANIA,
        [
            Expected(
                "sabotaged the Dovan dam",
                "Radio Kessel",
                ("Stone Hand Movement",),
                DisputeStatus.RETRACTED,
            ),
            Expected(
                "flooding was caused by",
                "Stone Hand Movement",
                ("interior ministry",),
                DisputeStatus.CONTESTED,
            ),
        ],
    ),
    "tessaly": (
        TESSALY,
        [
            Expected(
                "turned back 12 trucks",
                "Halden Relief Committee",
                ("Tessaly Guard",),
                DisputeStatus.CONTESTED,
            ),
            Expected(
                "shot down a Tessaly Guard drone",
                "Northern Unity Front",
                (),
                DisputeStatus.UNVERIFIED,
            ),
            Expected("fired rockets at the crossing", "Tessaly Guard", (), DisputeStatus.CONFIRMED),
        ],
    ),
}


def _party_names(brief: Brief, name: str) -> set[str]:
    """Every name of the brief's party that ``name`` denotes (names, aliases, people)."""
    for party in brief.parties:
        names = party.names() + [r.name for r in party.representatives]
        if any(normalise_name(name) == normalise_name(n) for n in names):
            return {normalise_name(n) for n in names}
    return set()


def _find(brief: Brief, claim: str) -> DisputedFact:
    hits = [f for f in brief.disputed_facts if claim.lower() in f.claim.lower()]
    assert hits, f"no dispute claims {claim!r}: {[f.claim for f in brief.disputed_facts]}"
    return hits[0]


def _same_party(brief: Brief, predicted: str, expected: str) -> bool:
    return normalise_name(predicted) in _party_names(brief, expected)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_holdout_disputes(name: str) -> None:
    text, expected = GOLD[name]
    brief = offline_brief(text)
    for want in expected:
        fact = _find(brief, want.claim)
        assert len(fact.claimed_by) == 1
        assert _same_party(brief, fact.claimed_by[0], want.claimed_by), fact
        assert len(fact.disputed_by) == len(want.disputed_by), fact
        for got, wanted in zip(fact.disputed_by, want.disputed_by, strict=True):
            assert _same_party(brief, got, wanted), fact
        assert fact.status is want.status, fact


@pytest.mark.parametrize("name", sorted(GOLD))
def test_holdout_has_no_extra_disputes(name: str) -> None:
    text, expected = GOLD[name]
    assert len(offline_brief(text).disputed_facts) == len(expected)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_holdout_briefs_stay_grounded(name: str) -> None:
    text, _ = GOLD[name]
    brief = offline_brief(text)
    Brief.model_validate(brief.model_dump(), context={"source": text})
    for fact in brief.disputed_facts:
        assert all(quote in text for quote in fact.evidence)


def test_denial_counter_claim_is_what_the_denier_says_instead() -> None:
    fact = _find(offline_brief(VELMORA), "shells came from army artillery")
    assert fact.counter_claim is not None
    assert "guns had been silent" in fact.counter_claim


def test_counter_claim_from_the_deniers_next_sentence() -> None:
    fact = _find(offline_brief(DOVANIA), "flooding was caused by")
    assert fact.counter_claim == "Heavy rain had forced water over the spillway."
