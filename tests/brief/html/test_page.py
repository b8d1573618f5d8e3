"""The brief page as a file: self-contained, every quote marked and linked, notes shown.

What a browser shows (hover, selection, layout) is checked in tests/browser/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.html

from summarizer.brief.html import render_html
from summarizer.brief.result import BriefResult, DroppedItem, Usage
from summarizer.brief.schema import Brief

ALEPPO = Path(__file__).resolve().parents[3] / "evals" / "fixtures" / "aleppo-2016-12-14"


def _result(answer: dict[str, Any], **changes: Any) -> BriefResult:
    values: dict[str, Any] = {
        "brief": Brief.model_validate(answer),
        "backend": "openai",
        "model": "test-model",
        "prompt_version": "brief-1",
        "attempts": 2,
        "requests": 2,
        "usage": Usage(total_tokens=1200),
        "latency_s": 1.5,
        "cost_usd": 0.0012,
    }
    return BriefResult(**(values | changes))


def _page(answer: dict[str, Any], article: str | None = None, **changes: Any) -> Any:
    text = article if article is not None else (ALEPPO / "article.txt").read_text("utf-8")
    return lxml.html.fromstring(render_html(_result(answer, **changes), text, title="Aleppo"))


def test_the_page_loads_nothing_from_anywhere(aleppo_answer: dict[str, Any]) -> None:
    page = _page(aleppo_answer)
    policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy and policy[0].startswith("default-src 'none'")
    assert page.xpath("//@src") == []
    assert [h for h in page.xpath("//@href") if not h.startswith("#")] == []
    assert page.xpath("//link") == []


def test_every_quote_is_marked_in_the_article_and_linked(aleppo_answer: dict[str, Any]) -> None:
    page = _page(aleppo_answer)
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


def test_the_article_reads_as_written(aleppo_answer: dict[str, Any]) -> None:
    article = (ALEPPO / "article.txt").read_text("utf-8")
    page = _page(aleppo_answer, article)
    shown = page.xpath("//div[@class='article-text']")[0]
    tags = "".join(a.text_content() for a in shown.xpath(".//a[contains(@class, 'qtag')]"))
    assert len(shown.text_content()) == len(article) + len(tags)


def test_article_text_is_text_never_markup(aleppo_answer: dict[str, Any]) -> None:
    article = "<script>alert(1)</script> " + (ALEPPO / "article.txt").read_text("utf-8")
    aleppo_answer["parties"][0]["role"] = "<img src=x onerror=alert(1)>"
    html = render_html(_result(aleppo_answer), article, title="<b>T</b>")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<title>&lt;b&gt;T&lt;/b&gt;</title>" in html


def test_notes_and_what_a_partial_brief_left_out(aleppo_answer: dict[str, Any]) -> None:
    page = _page(
        aleppo_answer,
        partial=True,
        notes=["Partial brief: 1 item left out."],
        dropped=[DroppedItem(path="parties[7]", reason="quote 'x' does not occur")],
    )
    assert [n.text_content() for n in page.xpath("//p[@class='note']")] == [
        "Note: Partial brief: 1 item left out."
    ]
    left_out = page.xpath("//section[@class='dropped']//li")
    assert [li.text_content() for li in left_out] == ["parties[7]: quote 'x' does not occur"]
    assert "· partial" in page.xpath("//p[@class='provenance']")[0].text_content()


def test_a_rejected_quote_is_marked_in_words(aleppo_answer: dict[str, Any]) -> None:
    aleppo_answer["parties"][0]["evidence"].append("rebels stormed the airport")
    page = _page(aleppo_answer)
    flags = [f.text_content() for f in page.xpath("//li[@id='p1']//strong[@class='flag']")]
    assert flags == ["✗ not in the article"]
    assert "✗ 1 rejected by the grounding check" in _text(page, "//p[@class='quote-count']")


def _text(page: Any, xpath: str) -> str:
    return " ".join(page.xpath(xpath)[0].text_content().split())
