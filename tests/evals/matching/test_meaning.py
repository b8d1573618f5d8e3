"""Sentence judgements: paraphrases agree; negations, reversed actors and other numbers do
not, whatever the similarity says."""

from __future__ import annotations

import pytest

from summarizer.evals.matching.meaning import (
    CONTRADICTION_FLOOR,
    STATEMENT_FLOOR,
    Actors,
    Verdict,
    judge,
    polarity,
)
from summarizer.evals.matching.similarity import sentence_model

ACTORS = Actors(
    [
        ["Syrian rebels", "rebels"],
        ["pro-Assad Shiite militias", "Shiite militias"],
        ["Russia", "Russian government", "Vitaly Churkin"],
        ["United Nations", "UN"],
        ["US", "United States"],
        ["Assad government", "Syrian government"],
    ]
)
GOLD = (
    "Syrian rebels said pro-Assad Shiite militias are obstructing the evacuation of eastern Aleppo."
)


@pytest.mark.parametrize(
    "paraphrase",
    [
        "Rebel groups accused Shiite militias loyal to Assad of blocking the evacuation from "
        "east Aleppo.",
        "According to Syrian rebels, the evacuation of eastern Aleppo is being obstructed by "
        "pro-Assad Shiite militias.",
    ],
)
def test_a_paraphrase_says_the_same(paraphrase: str) -> None:
    assert judge(GOLD, paraphrase, ACTORS).verdict is Verdict.SAME


@pytest.mark.parametrize(
    ("predicted", "why"),
    [
        ("It is false that Syrian rebels said pro-Assad Shiite militias are obstructing the "
         "evacuation of eastern Aleppo.", "negates"),
        ("Syrian rebels said pro-Assad Shiite militias are not obstructing the evacuation of "
         "eastern Aleppo.", "negates"),
        ("Pro-Assad Shiite militias said Syrian rebels are obstructing the evacuation of eastern "
         "Aleppo.", "swapped"),
    ],
)  # fmt: skip
def test_a_negated_or_reversed_sentence_contradicts_despite_its_similarity(
    predicted: str, why: str
) -> None:
    judgement = judge(GOLD, predicted, ACTORS)
    assert judgement.similarity >= CONTRADICTION_FLOOR
    assert judgement.verdict is Verdict.CONTRADICTS
    assert why in judgement.reason


def test_another_number_contradicts_and_a_number_format_does_not() -> None:
    gold = "The UN said at least 82 civilians were killed."
    assert (
        judge(gold, "The UN said at least 28 civilians were killed.").verdict is Verdict.CONTRADICTS
    )
    assert judge("Some 12,000 people fled.", "Some 12 000 people fled.").verdict is Verdict.SAME


def test_the_accuser_reversed_in_other_words_contradicts() -> None:
    gold = "The US accused Russia of the mass killing of civilians."
    predicted = "Russia was accused by the US of the mass killing of civilians."
    assert judge(gold, predicted, ACTORS).verdict is Verdict.SAME
    reversed_ = "The US was accused by Russia of the mass killing of civilians."
    assert judge(gold, reversed_, ACTORS).verdict is Verdict.CONTRADICTS


def test_a_trailing_attribution_names_the_same_speaker() -> None:
    gold = "The UN said at least 82 civilians were killed."
    assert (
        judge(gold, "At least 82 civilians were killed, the UN said.", ACTORS).verdict
        is Verdict.SAME
    )


def test_quantities_are_not_negations() -> None:
    assert polarity("No more than nine people died.") == polarity("At most nine people died.") == 0
    assert polarity("Russia denied the charges and said nobody is going to harm them.") == 0
    assert polarity("Neither account could be verified.") == 1


def test_unrelated_sentences_are_different() -> None:
    judgement = judge(GOLD, "The harvest festival drew record crowds this year.", ACTORS)
    assert judgement.verdict is Verdict.DIFFERENT
    assert judgement.similarity < STATEMENT_FLOOR
    assert sentence_model().similarity("", GOLD) == 0.0
