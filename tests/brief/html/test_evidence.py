"""Quotes found where the grounding check finds them, mapped back to the article as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.brief.grounding import normalise, quote_in_source
from summarizer.brief.html.evidence import Segment, Span, fold, locate, segments

FIXTURES = Path(__file__).resolve().parents[3] / "evals" / "fixtures"
ARTICLES = sorted(FIXTURES.glob("*/article.txt"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.parent.name)
def test_folding_is_the_grounding_checks_own(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert fold(text).text == normalise(text)


@pytest.mark.parametrize(
    "text",
    [
        "a - - b",
        "  lead\u00ad\u200bing — dash ",
        "war - and",
        "a\u00a0\u2014\u00a0b",
        "\u201cquoted\u201d and \u2018single\u2019",
        "line one\n\n  line two\t end",
        "",
        "   ",
    ],
)
def test_folding_matches_on_awkward_text(text: str) -> None:
    assert fold(text).text == normalise(text)


def test_a_quote_is_found_in_the_article_as_written() -> None:
    article = "The UN said \u201cat least 82\u201d civilians\nwere killed \u2014 many missing."
    span = locate('"at least 82" civilians were killed - many', article)
    assert span is not None
    assert (
        article[span.start : span.end]
        == "\u201cat least 82\u201d civilians\nwere killed \u2014 many"
    )


def test_a_quote_not_in_the_article_has_no_place() -> None:
    assert locate("at least 83 civilians", "at least 82 civilians") is None
    assert locate("   ", "anything") is None


@pytest.mark.parametrize("path", ARTICLES[:4], ids=lambda p: p.parent.name)
def test_every_sentence_of_a_fixture_is_found_where_it_is(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for line in (line for line in text.splitlines() if len(line) > 20):
        span = locate(line, text)
        assert span is not None and quote_in_source(text[span.start : span.end], line)
        assert normalise(text[span.start : span.end]) == normalise(line)


def test_overlapping_quotes_share_segments() -> None:
    article = "abcdefghij"
    cut = segments(article, [("q1", Span(2, 6)), ("q2", Span(4, 8))])
    assert cut == [
        Segment("ab"),
        Segment("cd", ("q1",), ("q1",)),
        Segment("ef", ("q1", "q2"), ("q2",)),
        Segment("gh", ("q2",)),
        Segment("ij"),
    ]
    assert "".join(s.text for s in cut) == article


def test_two_quotes_over_the_same_words_mark_them_once() -> None:
    cut = segments("xx same yy", [("a", Span(3, 7)), ("b", Span(3, 7))])
    assert cut[1] == Segment("same", ("a", "b"), ("a", "b"))
