from __future__ import annotations

import pytest

from summarizer.brief.numbers import find_numbers, numbers_in, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("82", 82),
        ("12,000", 12000),
        ("1.5 million", 1_500_000),
        ("eighty-two", 82),
        ("Eighty two", 82),
        ("two hundred and fifty", 250),
        ("twelve thousand", 12_000),
        ("a dozen", 12),
        ("three million", 3_000_000),
    ],
)
def test_parse_number_reads_digits_and_words(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["many", "dozens", "hundreds", "thousands", ""])
def test_vague_quantities_are_not_numbers(text: str) -> None:
    assert parse_number(text) is None
    assert numbers_in(text) == set()


def test_find_numbers_in_a_sentence_keeps_order_and_positions() -> None:
    text = "At least 82 civilians were killed and forty-three injured; 1.5 million fled."
    mentions = find_numbers(text)
    assert [m.value for m in mentions] == [82, 43, 1_500_000]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_scale_word_after_digits_is_not_counted_twice() -> None:
    assert numbers_in("1.5 million people") == {1_500_000}


def test_unit_letters_after_a_space_are_not_scales() -> None:
    assert numbers_in("they walked 100 m to the gate") == {100}
    assert numbers_in("a 5m budget") == {5_000_000}


def test_indefinite_article_counts_only_before_a_multiplier() -> None:
    assert numbers_in("a five-day truce") == {5}
    assert numbers_in("a hundred families and a dozen trucks") == {100, 12}
