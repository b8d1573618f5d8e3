"""Name and text similarity, and one-to-one assignment with a floor."""

from __future__ import annotations

import doctest

import pytest

import summarizer.evals.matching
from summarizer.brief.schema import Brief, Party, PartyType, Side, Situation
from summarizer.evals.gold import GoldBrief, GoldParty
from summarizer.evals.matching import (
    NAME_FLOOR,
    SUBSET_SIMILARITY,
    assign,
    content_terms,
    name_similarity,
    names_similarity,
    term_coverage,
    text_similarity,
)
from summarizer.evals.scoring import score_brief


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("United Nations", "the United Nations'"),
        ("U.N.", "UN"),
        ("UN", "United Nations"),
        ("United States", "U.S."),
        ("Syrian rebels", "syrian REBELS"),
    ],
)
def test_equal_names_aliases_and_initials_score_one(a: str, b: str) -> None:
    assert name_similarity(a, b) == 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [("Syrian rebels", "Syrian government"), ("Iran", "Iraq"), ("Russia", "Russian government"),
     ("UN", "US"), ("civilians", "people")],
)  # fmt: skip
def test_different_actors_stay_below_the_floor(a: str, b: str) -> None:
    assert name_similarity(a, b) < NAME_FLOOR


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Syrian army", "Free Syrian Army"),
        ("government", "anti-government rebels"),
        ("Iran", "Iran-backed militias"),
        ("UN", "UN Security Council"),
    ],
)
def test_a_name_inside_a_longer_name_is_another_actor(a: str, b: str) -> None:
    assert name_similarity(a, b) == SUBSET_SIMILARITY < NAME_FLOOR
    assert name_similarity(b, a) == SUBSET_SIMILARITY


def test_predicting_the_shorter_name_of_an_opposite_side_scores_no_party() -> None:
    gold = GoldBrief(
        origin="fictional",
        parties=[GoldParty(name="Free Syrian Army", type=PartyType.NON_STATE_ARMED_GROUP,
                           side=Side.OPPOSITION, aliases=["FSA"])],
    )  # fmt: skip
    article = "The Free Syrian Army (FSA) said it shelled the Syrian army near Aleppo on Monday."
    army = Party(name="Syrian army", type=PartyType.STATE_ARMED_FORCES, side=Side.GOVERNMENT,
                 role="was shelled", evidence=[article])  # fmt: skip
    score = score_brief(Brief(situation=Situation(summary="Shelling."), parties=[army]), gold,
                        article)  # fmt: skip
    assert score.value("parties.f1") == 0.0
    assert "closest 'Free Syrian Army' at 0.75" in score.metrics["parties.precision"].reasons[0]


@pytest.mark.parametrize(
    ("predicted", "gold"),
    [
        ("Syrian government forces", ["Syrian government", "government forces"]),
        ("government troops", ["Ilmenor government", "government"]),
        ("Estmark police forces", ["Estmark police"]),
        ("UN", ["United Nations"]),
        ("the Russian government", ["Russia", "Russian government"]),
        ("Harlund", ["Harlund government", "government", "Harlund"]),
    ],
)
def test_generic_words_initials_and_gold_aliases_still_match(
    predicted: str, gold: list[str]
) -> None:
    assert names_similarity([predicted], gold) == 1.0


def test_a_longer_name_matches_through_a_gold_alias_only() -> None:
    assert name_similarity("the Russian government", "Russia") < NAME_FLOOR
    assert names_similarity(["Shiite militias"], ["pro-Assad Shiite militias"]) < NAME_FLOOR
    assert names_similarity(["Shiite militias"], ["pro-Assad Shiite militias",
                                                  "Shiite militias"]) == 1.0  # fmt: skip


def test_content_terms_fold_numbers_stems_and_stopwords() -> None:
    assert content_terms("Forty-three civilians were killed") == content_terms("43 civilian killed")
    assert "evacu" in content_terms("the evacuation") & content_terms("they evacuated")
    assert not content_terms("the of and said")


def test_text_similarity_is_symmetric_and_bounded() -> None:
    a = "Rebels say Shiite militias are obstructing the evacuation."
    b = "Shiite militias obstruct the evacuation, rebels said."
    assert text_similarity(a, b) == text_similarity(b, a) == 1.0
    assert text_similarity(a, "The market reopened.") == 0.0
    assert term_coverage("militias block the road", "militias were seen") == pytest.approx(1 / 3)


def test_assignment_is_one_to_one_and_maximises_total_similarity() -> None:
    sims = {("a", "x"): 0.9, ("a", "y"): 0.85, ("b", "x"): 0.88, ("b", "y"): 0.1}
    matches = assign(["a", "b"], ["x", "y"], lambda p, g: sims[(p, g)], 0.5)
    # Greedy would pair a-x (0.9) and leave b unmatched; the optimum pairs a-y and b-x.
    assert [(m.predicted, m.gold) for m in matches] == [(1, 0), (0, 1)]


def test_assignment_never_matches_below_the_floor() -> None:
    matches = assign(["a", "b"], ["x"], lambda p, g: 0.79 if p == "a" else 0.2, 0.8)
    assert matches == []
    assert assign([], ["x"], lambda p, g: 1.0, 0.5) == []


def test_the_documented_examples_hold() -> None:
    result = doctest.testmod(summarizer.evals.matching)
    assert result.attempted >= 3 and result.failed == 0
