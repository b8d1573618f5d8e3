"""The brief page as a person sees it, in headless Chromium (skipped without Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from summarizer.brief.html import render_html
from summarizer.brief.schema import Brief
from tests.brief.html.support import partial_result
from tests.fakes.browser import Watched


@pytest.fixture
def brief_page(
    tmp_path: Path, aleppo_answer: dict[str, Any], aleppo_text: str
) -> tuple[Path, Brief]:
    result = partial_result(aleppo_answer)
    path = tmp_path / "brief.html"
    path.write_text(render_html(result, aleppo_text, title="Aleppo"), encoding="utf-8")
    return path, result.brief


def _lit_text(page: Any, selector: str) -> str:
    texts: list[str] = page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")
    return " ".join("".join(texts).split())


def test_hovering_an_item_lights_exactly_its_quotes(
    watched: Watched, brief_page: tuple[Path, Brief]
) -> None:
    path, brief = brief_page
    page = watched.page
    page.goto(path.as_uri())
    for item_id, item in (("p6", brief.parties[5]), ("k2", brief.situation.key_facts[1])):
        page.hover(f"#{item_id} .item-title")
        assert _lit_text(page, "mark.hl") == " ".join(item.evidence[0].split())
        assert page.is_visible(f"a.qtag.hl[data-item='{item_id}']")
        assert "hl" in (page.get_attribute(f"#{item_id}", "class") or "")


def test_hovering_a_quote_lights_the_items_it_is_evidence_for(
    watched: Watched, brief_page: tuple[Path, Brief]
) -> None:
    page = watched.page
    page.goto(brief_page[0].as_uri())
    page.hover("mark[data-items='p6 f1 f2']")
    lit = page.eval_on_selector_all("li.item.hl", "els => els.map(e => e.id)")
    assert sorted(lit) == ["f1", "f2", "p6"]


def test_the_keyboard_selects_an_item_and_brings_its_quote_into_view(
    watched: Watched, brief_page: tuple[Path, Brief]
) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(brief_page[0].as_uri())
    button = page.locator("button[data-select='d2']")
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    first = page.locator("mark.sel").first
    assert first.is_visible()
    box, article = first.bounding_box(), page.locator("section.article").bounding_box()
    assert box is not None and article is not None
    assert article["y"] <= box["y"] <= article["y"] + article["height"]
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-pressed") == "false"
    assert page.locator("mark.sel").count() == 0


def test_notes_and_left_out_items_are_on_the_page(
    watched: Watched, brief_page: tuple[Path, Brief]
) -> None:
    page = watched.page
    page.goto(brief_page[0].as_uri())
    assert page.inner_text("p.note") == "Note: Partial brief: 1 item left out."
    assert "parties[7]: quote 'x' does not occur" in page.inner_text("section.dropped")


def test_desktop_is_two_columns_and_a_phone_one(
    watched: Watched, brief_page: tuple[Path, Brief], screenshots: Path
) -> None:
    page = watched.page
    page.goto(brief_page[0].as_uri())
    items, article = page.locator("section.items"), page.locator("section.article")
    desk_items, desk_article = items.bounding_box(), article.bounding_box()
    assert desk_items and desk_article and desk_article["x"] > desk_items["x"] + 300
    page.screenshot(path=str(screenshots / "brief-desktop.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    narrow_items, narrow_article = items.bounding_box(), article.bounding_box()
    assert narrow_items and narrow_article
    assert narrow_article["y"] > narrow_items["y"] + narrow_items["height"] - 1
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path=str(screenshots / "brief-narrow.png"))
    assert (screenshots / "brief-narrow.png").stat().st_size > 10_000


def test_print_shows_the_whole_article_without_the_hint(
    watched: Watched, brief_page: tuple[Path, Brief]
) -> None:
    page = watched.page
    page.goto(brief_page[0].as_uri())
    page.emulate_media(media="print")
    assert not page.is_visible("p.hint")
    overflow = page.eval_on_selector("section.article", "e => getComputedStyle(e).overflow")
    assert overflow == "visible"
