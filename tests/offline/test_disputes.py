from __future__ import annotations

from summarizer.brief.schema import DisputeStatus
from summarizer.offline import offline_brief

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


# Rule checks on single invented sentences (Marovia, the Kestrel Front, Radio Ostrel and Brask
# are fictional).


def _facts(text: str) -> list[tuple[str, list[str], list[str], DisputeStatus]]:
    return [(f.claim, f.claimed_by, f.disputed_by, f.status)
            for f in offline_brief(text).disputed_facts]  # fmt: skip


def test_strong_claim_verb_on_a_contested_event_is_unverified() -> None:
    text = "The Kestrel Front claimed that Marovian troops massacred 30 villagers near Dunmere."
    [(claim, by, against, status)] = _facts(text)
    assert claim == "Marovian troops massacred 30 villagers near Dunmere."
    assert by == ["Kestrel Front"]
    assert (against, status) == ([], DisputeStatus.UNVERIFIED)


def test_statement_placing_blame_after_its_content_is_attributed() -> None:
    text = "The shells were fired by Marovian troops, the Kestrel Front said on Monday."
    [(claim, by, _, _)] = _facts(text)
    assert claim == "The shells were fired by Marovian troops."
    assert by == ["Kestrel Front"]


def test_calling_a_report_false_is_a_denial() -> None:
    text = (
        "The Kestrel Front accused the Marovian army of shelling the market. "
        "The Marovian army said the report was false."
    )
    [(_, by, against, status)] = _facts(text)
    assert by == ["Kestrel Front"]
    assert len(against) == 1
    assert status is DisputeStatus.CONTESTED


def test_negated_statement_by_the_accused_answers_the_accusation() -> None:
    text = (
        "The Kestrel Front accused the Marovian army of shelling the market. "
        "The Marovian army said its units had not fired on the market."
    )
    [fact] = offline_brief(text).disputed_facts
    assert fact.status is DisputeStatus.CONTESTED
    assert fact.counter_claim == "Its units had not fired on the market."
    assert len(fact.evidence) == 2


def test_denial_turns_a_held_statement_into_a_contested_claim() -> None:
    text = (
        "The Marovian army said Kestrel Front fighters had attacked a checkpoint in Brask. "
        "The Kestrel Front dismissed the claim as propaganda, saying it had no fighters in "
        "the town."
    )
    [(claim, _, against, status)] = _facts(text)
    assert claim == "Kestrel Front fighters had attacked a checkpoint in Brask."
    assert against == ["Kestrel Front"]
    assert status is DisputeStatus.CONTESTED


def test_retracting_an_earlier_report_marks_it_retracted() -> None:
    text = (
        "Radio Ostrel reported that the Kestrel Front had burned the granary at Brask. "
        "On Friday, Radio Ostrel retracted the report."
    )
    [fact] = offline_brief(text).disputed_facts
    assert fact.claimed_by == ["Radio Ostrel"]
    assert fact.status is DisputeStatus.RETRACTED
    assert fact.evidence[-1] == "On Friday, Radio Ostrel retracted the report."


def test_no_comment_is_not_a_denial() -> None:
    text = (
        "The Kestrel Front said Ferros militiamen were blocking the road to Brask. "
        "The Ferros militia did not comment."
    )
    [(_, _, against, status)] = _facts(text)
    assert (against, status) == ([], DisputeStatus.UNVERIFIED)


def test_unverifiable_figure_statement_becomes_unverified_claim() -> None:
    text = (
        "The Marovian health ministry said 30 people were killed in the raid on Brask. "
        "The figure could not be independently verified."
    )
    [(claim, _, _, status)] = _facts(text)
    assert claim == "30 people were killed in the raid on Brask."
    assert status is DisputeStatus.UNVERIFIED


def test_independent_confirmation_marks_a_claim_confirmed() -> None:
    text = (
        "The Marovian army said Kestrel Front fighters had attacked a checkpoint in Brask. "
        "The United Nations confirmed that a checkpoint in Brask was attacked on Monday."
    )
    [(_, _, against, status)] = _facts(text)
    assert (against, status) == ([], DisputeStatus.CONFIRMED)


def test_plain_figures_and_adjectives_are_not_disputes() -> None:
    assert _facts("The Norwegian Refugee Council said 12,000 people had fled Dunmere.") == []
    text = (
        "The Marovian army moved into the disputed border district. "
        "The United Nations said talks would resume."
    )
    assert _facts(text) == []


def test_counter_claim_comes_only_from_the_denier() -> None:
    text = (
        "The Kestrel Front accused the Marovian army of shelling the market. "
        "The Marovian army denied the accusation. "
        "Residents said they heard shells all night."
    )
    [fact] = offline_brief(text).disputed_facts
    assert fact.status is DisputeStatus.CONTESTED
    assert fact.counter_claim is None
