"""The brief page as a file: self-contained, every quote marked and linked, notes shown.

What a browser shows (hover, selection, layout) is checked in test_page_in_browser.py.
"""

from __future__ import annotations

from typing import Any

import lxml.html

from summarizer.brief.html import render_html
from summarizer.brief.result import BriefResult
from summarizer.brief.schema import Brief
from tests.brief.html.support import brief_result, partial_result


def _page(result: BriefResult, article: str) -> Any:
    return lxml.html.fromstring(render_html(result, article, title="Aleppo"))


def test_the_page_loads_nothing_from_anywhere(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    page = _page(brief_result(aleppo_answer), aleppo_text)
    policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy and policy[0].startswith("default-src 'none'")
    assert page.xpath("//@src") == []
    assert [h for h in page.xpath("//@href") if not h.startswith("#")] == []
    assert page.xpath("//link") == []


def test_every_quote_is_marked_in_the_article_and_linked(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    page = _page(brief_result(aleppo_answer), aleppo_text)
    brief = Brief.model_validate(aleppo_answer)
    assert len(page.xpath("//li[contains(@class, 'item')]")) == 7 + 2 + 2 + 1 + 2
    for item_id, quote in (("p6", brief.parties[5].evidence[0]), ("f1", quote_of_figure(brief))):
        marked = page.xpath(f"//mark[contains(concat(' ', @data-items, ' '), ' {item_id} ')]")
        assert " ".join("".join(m.text_content() for m in marked).split()) == quote
        tag = page.get_element_by_id(f"{item_id}-q1")
        assert tag.get("href") == f"#{item_id}" and tag.text_content() == item_id.upper()
        link = page.xpath(f"//li[@id='{item_id}']//ul[@class='quotes']//a")[0]
        assert link.get("href") == f"#{item_id}-q1"
        assert link.text_content() == f"“{quote}”"


def quote_of_figure(brief: Brief) -> str:
    return brief.humanitarian.figures[0].evidence[0]


def test_the_article_reads_as_written(aleppo_answer: dict[str, Any], aleppo_text: str) -> None:
    page = _page(brief_result(aleppo_answer), aleppo_text)
    shown = page.xpath("//div[@class='article-text']")[0]
    tags = "".join(a.text_content() for a in shown.xpath(".//a[contains(@class, 'qtag')]"))
    assert len(shown.text_content()) == len(aleppo_text) + len(tags)


def test_article_text_is_text_never_markup(aleppo_answer: dict[str, Any], aleppo_text: str) -> None:
    article = "<script>alert(1)</script> " + aleppo_text
    aleppo_answer["parties"][0]["role"] = "<img src=x onerror=alert(1)>"
    html = render_html(brief_result(aleppo_answer), article, title="<b>T</b>")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<title>&lt;b&gt;T&lt;/b&gt;</title>" in html


def test_notes_and_what_a_partial_brief_left_out(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    page = _page(partial_result(aleppo_answer), aleppo_text)
    assert [n.text_content() for n in page.xpath("//p[@class='note']")] == [
        "Note: Partial brief: 1 item left out."
    ]
    left_out = page.xpath("//section[@class='dropped']//li")
    assert [li.text_content() for li in left_out] == ["parties[7]: quote 'x' does not occur"]
    assert "· partial" in page.xpath("//p[@class='provenance']")[0].text_content()


def test_a_rejected_quote_is_marked_in_words(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    aleppo_answer["parties"][0]["evidence"].append("rebels stormed the airport")
    page = _page(brief_result(aleppo_answer), aleppo_text)
    flags = [f.text_content() for f in page.xpath("//li[@id='p1']//strong[@class='flag']")]
    assert flags == ["✗ not in the article"]
    assert "✗ 1 rejected by the grounding check" in _text(page, "//p[@class='quote-count']")


def _text(page: Any, xpath: str) -> str:
    return " ".join(page.xpath(xpath)[0].text_content().split())
