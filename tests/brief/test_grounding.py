from __future__ import annotations

import pytest

from summarizer.brief.grounding import normalise, normalise_name, number_in_quote, quote_in_source

SOURCE = (
    "Russia\u2019s UN ambassador denied the charges \u2014 saying \u201cnobody is going to "
    "harm the civilians\u201d.\nThe UN said   at least 82 civilians were killed."
)


@pytest.mark.parametrize(
    "quote",
    [
        "Russia's UN ambassador denied the charges",
        'saying "nobody is going to harm the civilians"',
        "the charges - saying",
        "the charges--saying".replace("--", "\u2013"),
        "The UN said at least 82 civilians were killed.",
        "civilians\u201d.\nThe UN",
    ],
)
def test_quotes_match_modulo_whitespace_quote_marks_and_dashes(quote: str) -> None:
    assert quote_in_source(quote, SOURCE)


@pytest.mark.parametrize(
    "quote",
    [
        "Russia's UN ambassador rejected the charges",  # one word changed
        "the un said at least 82 civilians were killed",  # case is not folded
        "at least 80 civilians were killed",
        "The UN said ... 82 civilians were killed",  # ellipsis joins are not evidence
        "",
        "   ",
    ],
)
def test_anything_looser_is_refused(quote: str) -> None:
    assert not quote_in_source(quote, SOURCE)


def test_normalise_folds_only_marks_dashes_and_space() -> None:
    assert normalise("\u201cA\u201d \u2014  b\u2019s\n c") == '"A"-b\'s c'


@pytest.mark.parametrize(
    ("count", "quote", "expected"),
    [
        (82, "at least 82 civilians were killed", True),
        (82, "eighty-two civilians were killed", True),
        (12000, "some 12,000 people fled", True),
        (83, "at least 82 civilians were killed", False),
        (8, "at least 82 civilians were killed", False),
    ],
)
def test_number_in_quote(count: int, quote: str, expected: bool) -> None:
    assert number_in_quote(count, quote) is expected


def test_normalise_name_folds_case_articles_and_possessives() -> None:
    assert normalise_name("The United Nations'") == "united nations"
    assert normalise_name("Russia's") == "russia"
    assert normalise_name("the U.N.") == normalise_name("The U.N.")


def test_invisible_characters_from_web_pages_do_not_block_a_quote() -> None:
    source = "The evac\u00aduation of eastern Alep\u200bpo was delayed.\ufeff"
    assert quote_in_source("The evacuation of eastern Aleppo was delayed.", source)
