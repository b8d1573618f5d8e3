"""Name and text similarity, and one-to-one assignment with a floor."""

from __future__ import annotations

import pytest

from summarizer.evals.matching import (
    NAME_FLOOR,
    assign,
    content_terms,
    name_similarity,
    term_coverage,
    text_similarity,
)


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


def test_a_longer_form_matches_but_below_an_exact_name() -> None:
    partial = name_similarity("UN", "UN Security Council")
    assert NAME_FLOOR <= partial < 1.0
    assert name_similarity("Syrian government forces", "Syrian government") >= NAME_FLOOR


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
