"""Web pages given as article text: recognised, and reduced to their main text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from summarizer import InputError
from summarizer.sources.fetch import fetch_article
from summarizer.sources.files import load_article, read_article
from summarizer.sources.html import article_text, looks_like_html
from tests.fakes.web_pages import PageServer, article_html
from tests.sources.test_fetch import LOOPBACK


@pytest.mark.parametrize(
    "text",
    [
        '<!DOCTYPE html>\n<html lang="en"><head><title>x</title>',
        "  \n<html><body><p>Shelling.</p></body></html>",
        '<?xml version="1.0"?>\n<!-- saved page -->\n<html xmlns="http://www.w3.org/1999/xhtml">',
        "<head><meta charset='utf-8'></head><body>",
        "<BODY>\n<P>Shelling hit the port.</P>",
    ],
)
def test_pages_are_recognised(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "Shelling hit the port on Tuesday.",
        "The ministry's site showed <html> tags instead of a statement, officials said.",
        "<Fictional article> Rescuers reached the village.",
        "<htmlish> is not a tag we know.",
        "",
    ],
)
def test_prose_is_not_taken_for_a_page(text: str) -> None:
    assert not looks_like_html(text)


def test_a_page_is_read_as_its_main_text_with_its_title_and_date(
    tmp_path: Path, aleppo_text: str
) -> None:
    path = tmp_path / "page.txt"  # the name does not matter, the content does
    path.write_bytes(article_html(aleppo_text, title="Evacuation stalls"))
    article = load_article(path)
    assert article.html and article.title == "Evacuation stalls" and article.date == "2016-12-14"
    assert "Syrian rebels in Aleppo said on Wednesday" in article.text
    assert "<" not in article.text and "Copyright Example News" not in article.text
    assert read_article(path) == article.text
    from_stdin = load_article("-", stdin=io.BytesIO(article_html(aleppo_text)))
    assert from_stdin.html and from_stdin.text.endswith(article.text.splitlines()[-1])


def test_plain_text_is_left_as_it_is(aleppo_text: str) -> None:
    assert article_text(aleppo_text, name="a.txt").text == aleppo_text
    assert not article_text(aleppo_text, name="a.txt").html


def test_a_page_without_main_text_names_the_input() -> None:
    with pytest.raises(InputError, match=r"^menu\.html is an HTML page with no article in it"):
        article_text("<html><body><nav>Home</nav></body></html>", name="menu.html")


def test_a_page_served_as_plain_text_is_extracted_too(pages: PageServer, aleppo_text: str) -> None:
    pages.page("/raw", article_html(aleppo_text), content_type="text/plain; charset=utf-8")
    article = fetch_article(pages.url("/raw"), allowed_networks=LOOPBACK)
    assert "<" not in article.text
    assert "Syrian rebels in Aleppo said on Wednesday" in article.text
