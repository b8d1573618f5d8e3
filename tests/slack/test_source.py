"""Reading what the user asked for out of Slack's message markup."""

from __future__ import annotations

import pytest

from summarizer.slack.source import ArticleSource, parse_source, slack_to_plain

ARTICLE = "Syrian rebels in Aleppo said on Wednesday that militias were blocking buses. " * 6


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("<https://news.example/aleppo>", "https://news.example/aleppo"),
        ("<https://news.example/aleppo|news.example/aleppo>", "https://news.example/aleppo"),
        ("<@UBOT> <https://news.example/a?x=1&amp;y=2>", "https://news.example/a?x=1&y=2"),
        ("worth a read: https://news.example/aleppo.", "https://news.example/aleppo"),
        ("https://news.example/a https://news.example/b", "https://news.example/a"),
    ],
)
def test_links_are_fetched(text: str, url: str) -> None:
    assert parse_source(text) == ArticleSource(url=url)


def test_pasted_article_is_briefed_as_text_even_with_links() -> None:
    text = f"{ARTICLE} More at <https://news.example/more|the agency site>."
    source = parse_source(text)
    assert source.url is None
    assert source.text is not None
    assert source.text.endswith("More at the agency site.")


def test_markup_becomes_plain_text() -> None:
    plain, links = slack_to_plain(
        "<@U123> see <#C42|general>: Russia &amp; Iran &lt;deny&gt; it <!here>"
    )
    assert plain == "see #general: Russia & Iran <deny> it"
    assert links == []


@pytest.mark.parametrize("text", ["", "   ", "<@UBOT>", "<@UBOT> <!channel>"])
def test_nothing_to_brief(text: str) -> None:
    assert parse_source(text).is_empty


def test_non_http_links_are_not_fetched() -> None:
    source = parse_source("<mailto:desk@news.example|desk@news.example>")
    assert source.url is None
    assert source.text == "desk@news.example"
