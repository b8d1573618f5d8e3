"""The article's headline: the first line, when it reads as one."""

from __future__ import annotations

import pytest

from summarizer.brief.text import headline


def test_the_seed_articles_first_line_is_its_headline(aleppo_text: str) -> None:
    assert headline(aleppo_text) == (
        "Syrian rebels say Shiite militias blocking evacuation as Assad and Russia win back Aleppo"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "  Floods cut the Tarn valley road  \n\nRescuers reached it on Monday.",
            "Floods cut the Tarn valley road",
        ),
        ("Floods cut the road.\nRescuers reached it on Monday.", None),  # a sentence
        ("Officials said:\nRescuers reached it.", None),
        ("[Fictional article, places invented.]\n\nFloods cut the road", None),
        ('"We have nothing left"\nRescuers reached it.', None),
        ("Floods cut the Tarn valley road", None),  # nothing follows: it is the article
        (" ".join(["word"] * 31) + "\nMore text.", None),  # too long for a headline
        ("By Ellen Marsh\nRescuers reached the valley on Monday.", None),  # a byline
        ("", None),
    ],
)
def test_a_headline_has_no_closing_punctuation_and_text_after_it(
    text: str, expected: str | None
) -> None:
    assert headline(text) == expected
