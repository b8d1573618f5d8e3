from __future__ import annotations

from summarizer.offline import offline_brief
from summarizer.schema import DisputeStatus

ACCUSATION = (
    "The US accused the government of Bashar al-Assad, Russia and Iran for the mass killing "
    "of civilians. But Russia's UN ambassador denied the charges saying no one is harming "
    "the civilians in Aleppo."
)


def test_accusation_and_denial_are_contested() -> None:
    [fact] = offline_brief(ACCUSATION).disputed_facts
    assert fact.claimed_by == ["US"]
    assert fact.disputed_by == ["Russia"]
    assert fact.status is DisputeStatus.CONTESTED
    assert fact.counter_claim == "No one is harming the civilians in Aleppo."
    assert len(fact.evidence) == 2


def test_one_sided_accusing_statement_is_unverified() -> None:
    text = "Syrian rebels said on Wednesday pro-Assad Shiite militias are obstructing evacuation."
    [fact] = offline_brief(text).disputed_facts
    assert fact.claimed_by == ["Syrian rebels"]
    assert fact.status is DisputeStatus.UNVERIFIED
    assert fact.claim == "Pro-Assad Shiite militias are obstructing evacuation."


def test_plain_statements_are_not_disputes() -> None:
    text = "The United Nations said on Tuesday the convoy reached the city. Reuters reported it."
    assert offline_brief(text).disputed_facts == []


def test_seed_disputes(aleppo: str) -> None:
    facts = offline_brief(aleppo).disputed_facts
    summary = [(f.claimed_by, f.disputed_by, f.status) for f in facts]
    assert summary == [
        (["Syrian rebels"], [], DisputeStatus.UNVERIFIED),
        (["US"], ["Russia"], DisputeStatus.CONTESTED),
    ]
