"""The article's headline: the first line, when it reads as one; sentences of a range."""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path

import pytest

from summarizer.brief.text import (
    _BOUNDARY,
    _FOLD,
    _ends_abbreviation,
    headline,
    line_sentences,
    sentence_spans,
)


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


def _reference_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence rule as first written: the whole text folded, the range searched in it.
    Straightforward and quadratic when called per line; the splitter must agree with it."""
    folded = text.translate(_FOLD)
    cuts = [start]
    for match in _BOUNDARY.finditer(folded, start, end):
        if folded[match.start()] == "." and _ends_abbreviation(folded, cuts[-1], match.start() + 1):
            continue
        cuts.append(match.end())
    cuts.append(end)
    spans = []
    for s, e in itertools.pairwise(cuts):
        piece = text[s:e]
        s += len(piece) - len(piece.lstrip())
        e -= len(piece) - len(piece.rstrip())
        if s < e:
            spans.append((s, e))
    return spans


_ARTICLES = sorted(
    (Path(__file__).resolve().parents[2] / "evals" / "fixtures").glob("*/article.txt")
)


@pytest.mark.parametrize("article", _ARTICLES, ids=lambda p: p.parent.name)
def test_sentences_of_a_range_are_those_found_in_the_whole_text(article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    lines = [m.span() for m in re.finditer(r"[^\n]+", text)]
    # Lines, as line_sentences asks, and ranges that start and end mid-sentence.
    ranges = lines + [(s + 7, e) for s, e in lines if e - s > 7] + [(0, len(text) // 2)]
    for start, end in ranges:
        assert sentence_spans(text, start, end) == _reference_spans(text, start, end)
    assert line_sentences(text) == [
        text[s:e] for start, end in lines for s, e in _reference_spans(text, start, end)
    ]


def test_splitting_a_long_article_line_by_line_takes_linear_time() -> None:
    # Folding the whole text once per line made this about 3.5 s of CPU (90 KB, 1,000 lines
    # with curly quotes and dashes, which take the slow translation); line by line it is ~10 ms.
    text = "\n".join(
        f"Shelling hit Orlek on Tuesday, killing {i} people. \u201cAid will come,\u201d "
        "Gen. Brel said \u2014 soon."
        for i in range(1_000)
    )
    started = time.process_time()
    sentences = line_sentences(text)
    elapsed = time.process_time() - started
    assert len(sentences) == 2_000
    assert sentences[1] == "\u201cAid will come,\u201d Gen. Brel said \u2014 soon."
    assert elapsed < 1.0, f"line_sentences took {elapsed:.2f} s of CPU"
