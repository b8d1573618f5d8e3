"""Content terms and number formats of free text."""

from __future__ import annotations

import pytest

from summarizer.evals.matching.lexical import (
    content_terms,
    normalise_number_formats,
    stated_values,
    term_coverage,
    text_similarity,
)


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


@pytest.mark.parametrize(
    "written", ["12 000", "12\u2009000", "12\u202f000", "12\u00a0000", "12.000"]
)
def test_thousands_with_spaces_or_dots_read_as_one_number(written: str) -> None:
    assert stated_values(f"Some {written} people fled.") == {12000}
    assert normalise_number_formats(f"Some {written} people") == "Some 12,000 people"


def test_decimals_and_separate_numbers_stay_as_they_are() -> None:
    assert stated_values("An estimated 1.3 million people need aid.") == {1_300_000}
    assert stated_values("12 of the 31 clinics closed.") == {12, 31}
    assert stated_values("On 14 September 2021, 212 died.") == {212}
