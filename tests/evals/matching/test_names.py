"""Name matching: forms of one actor's name match, names of other actors do not."""

from __future__ import annotations

import pytest

from summarizer.brief.schema import Brief, Party, PartyType, Side, Situation
from summarizer.evals.gold import GoldBrief, GoldParty
from summarizer.evals.matching.names import (
    CONTAINMENT_SIMILARITY,
    NAME_FLOOR,
    SUBSET_SIMILARITY,
    name_similarity,
    name_variants,
    names_in,
    names_similarity,
    place_words,
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
        # The first class: one actor, another form of its name.
        ("Médecins Sans Frontières (MSF)", "Médecins Sans Frontières"),
        ("MSF", "Medecins Sans Frontieres"),
        ("governor of Homs", "Homs governor"),
        ("Russian Federation", "Russia"),
        ("Government of Iran", "Iran"),
        ("Syrian government", "Government of Syria"),
        ("United States of America", "US"),
    ],
)
def test_forms_of_one_name_score_one(a: str, b: str) -> None:
    assert name_similarity(a, b) == 1.0
    assert name_similarity(b, a) == 1.0


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("Syrian Observatory", "Syrian Observatory for Human Rights"),
        ("Red Crescent", "Syrian Arab Red Crescent"),
        ("World Food Programme", "UN World Food Programme"),
        ("rebels", "Syrian rebels"),
        ("Shiite militias", "pro-Assad Shiite militias"),
        ("civilians", "civilians in eastern Aleppo"),
        ("Dunmark", "Government of Dunmark"),
    ],
)
def test_a_shorter_form_with_the_same_head_matches_under_an_exact_name(
    short: str, long: str
) -> None:
    assert name_similarity(short, long) == CONTAINMENT_SIMILARITY >= NAME_FLOOR


def test_the_story_s_places_qualify_a_name() -> None:
    places = place_words(["Brannoch", "Kavasia"])
    assert name_similarity("Civil Rescue Corps", "Brannoch Civil Rescue Corps", places) == 0.9
    assert name_similarity("Lake Patrol", "Kavasian Lake Patrol", places) == 0.9
    assert name_similarity("Civil Rescue Corps", "Brannoch Civil Rescue Corps") < NAME_FLOOR


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # The second class: another actor with a close name.
        ("Iraqi government", "Iran"),
        ("anti-government militias", "pro-government militias"),
        ("Iran", "Iraq"),
        ("Serbian rebels", "Syrian rebels"),
        ("Shiite militias", "Sunni militias"),
        ("Syrian government", "Russian government"),
    ],
)
def test_names_of_other_countries_identities_or_sides_score_zero(a: str, b: str) -> None:
    assert name_similarity(a, b) == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Syrian army", "Free Syrian Army"),
        ("government", "anti-government rebels"),
        ("Iran", "Iran-backed militias"),
        ("UN", "UN Security Council"),
        ("Harlund", "Harlund Armed Forces"),
    ],
)
def test_a_name_inside_a_longer_name_of_another_actor_stays_under_the_floor(a: str, b: str) -> None:
    assert name_similarity(a, b) == SUBSET_SIMILARITY < NAME_FLOOR
    assert name_similarity(b, a) == SUBSET_SIMILARITY


def test_a_mark_left_out_of_a_gold_alias_still_tells_actors_apart() -> None:
    gold = ["Syrian rebels", "rebels", "Syrian opposition"]
    assert names_similarity(["rebels"], gold) == 1.0
    assert names_similarity(["Serbian rebels"], gold) == 0.0
    militias = ["pro-Assad Shiite militias", "Shiite militias"]
    assert names_similarity(["anti-Assad Shiite militias"], militias) == 0.0


@pytest.mark.parametrize(
    ("predicted", "gold"),
    [
        ("Syrian government forces", ["Syrian government", "government forces"]),
        ("government troops", ["Ilmenor government", "government"]),
        ("Estmark police forces", ["Estmark police"]),
        ("the Russian government", ["Russia", "Russian government"]),
        ("Harlund", ["Harlund government", "government", "Harlund"]),
    ],
)
def test_generic_words_and_gold_aliases_match(predicted: str, gold: list[str]) -> None:
    assert names_similarity([predicted], gold) == 1.0


def test_brackets_give_more_names_and_names_are_found_as_whole_words() -> None:
    assert name_variants("Joint Office (JHCO)") == ("Joint Office (JHCO)", "Joint Office", "JHCO")
    assert names_in("The UN said 82 died.", ["United Nations", "UN"])
    assert not names_in("Russia announced it.", ["UN"])  # not inside "announced"


def test_a_short_name_of_an_opposite_side_scores_no_party() -> None:
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
