"""The eval page as a reviewer uses it, in headless Chromium (skipped without Chromium):
charts drawn, a cell opens its document, quotes lit, filters kept in the URL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.evals.html.fields import FIELDS
from tests.evals.html.conftest import CHOSEN, FAILED, WIRE, Runs
from tests.fakes.browser import Watched


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready]", state="attached")


def _visible_rows(page: Any, table: str = "0") -> list[str]:
    rows: list[str] = page.eval_on_selector_all(
        f"table.heatmap[data-run='{table}'] tbody tr",
        "rows => rows.filter(r => !r.hidden).map(r => r.dataset.doc)",
    )
    return rows


def test_the_overview_draws_a_bar_per_field_and_run(watched: Watched, eval_runs: Runs) -> None:
    page = watched.page
    _open(page, eval_runs.page.as_uri())
    bars = page.locator("figure.chart svg g.bars_marks path")
    assert bars.count() == len(FIELDS) * 2
    box = bars.first.bounding_box()
    assert box is not None and box["width"] > 0
    assert page.is_visible("#overview") and page.is_visible("#heatmap")
    assert _visible_rows(page) == CHOSEN


def test_a_heatmap_cell_opens_its_document_in_that_run(watched: Watched, eval_runs: Runs) -> None:
    page = watched.page
    _open(page, eval_runs.page.as_uri())
    page.click(f"table.heatmap[data-run='1'] tr[data-doc='{WIRE}'] td[data-field='parties'] a")
    page.wait_for_selector(f"body[data-ready='{WIRE}']", state="attached")
    assert not page.is_visible("#overview")
    document = page.locator(f"#doc-{WIRE}")
    assert document.locator(".run-panel[data-run='1']").is_visible()
    assert not document.locator(".run-panel[data-run='0']").is_visible()
    assert page.evaluate("location.hash") == f"#doc={WIRE}&run=1&field=parties"
    # The field filter came with the link: only the parties' alignment is shown.
    shown = document.locator(".run-panel[data-run='1'] section.field-panel:visible")
    assert shown.count() == 1 and shown.get_attribute("data-field") == "parties"
    assert "✗ misinforms" in shown.inner_text()
    page.go_back()
    page.wait_for_selector("#overview", state="visible")


def test_an_aligned_item_lights_exactly_its_evidence(watched: Watched, eval_runs: Runs) -> None:
    page = watched.page
    _open(page, f"{eval_runs.page.as_uri()}#doc={WIRE}&run=0")
    record = next(
        json.loads(line)
        for line in (eval_runs.offline / "predictions.jsonl").read_text("utf-8").splitlines()
        if json.loads(line)["id"] == WIRE
    )
    party = record["brief"]["parties"][0]
    cell = page.locator(".run-panel[data-run='0'] section[data-field='parties'] td.pred").first
    item = cell.locator("button").get_attribute("data-select")
    cell.hover()
    lit = page.eval_on_selector_all(
        ".run-panel[data-run='0'] mark.hl", "els => els.map(e => e.textContent).join('')"
    )
    quotes = [" ".join(q.split()) for q in party["evidence"]]
    assert all(q in " ".join(lit.split()) for q in quotes)
    marked = page.eval_on_selector_all(
        f"mark[data-items~='{item}']", "els => els.every(e => e.classList.contains('hl'))"
    )
    assert marked is True


def test_filters_change_the_rows_and_live_in_the_url(watched: Watched, eval_runs: Runs) -> None:
    page = watched.page
    _open(page, eval_runs.page.as_uri())
    page.check("input[name='failures']")
    assert _visible_rows(page) == [FAILED]
    assert "failures=1" in page.evaluate("location.hash")
    page.uncheck("input[name='failures']")
    page.select_option("select[name='kind']", "wire")
    assert _visible_rows(page) == [WIRE] and _visible_rows(page, "delta") == [WIRE]
    page.select_option("select[name='kind']", "")
    page.check("input[name='regressions']")
    page.select_option("select[name='field']", "parties")
    url = page.url
    rows = _visible_rows(page)
    assert FAILED in rows and len(rows) < len(CHOSEN)
    header = page.locator("table.heatmap[data-run='0'] thead th:visible")
    assert header.all_inner_texts() == ["document", "overall", "parties"]
    # The same URL, opened afresh, shows the same thing.
    page.goto("about:blank")
    _open(page, url)
    assert page.is_checked("input[name='regressions']")
    assert page.input_value("select[name='field']") == "parties"
    assert _visible_rows(page) == rows
    page.click("button[type='reset']")
    assert _visible_rows(page) == CHOSEN


def test_the_keyboard_reaches_a_document(watched: Watched, eval_runs: Runs) -> None:
    page = watched.page
    _open(page, eval_runs.page.as_uri())
    page.focus(f"table.heatmap[data-run='0'] tr[data-doc='{FAILED}'] th a")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"body[data-ready='{FAILED}']", state="attached")
    focused = page.evaluate("document.activeElement.id")
    assert focused == f"doc-{FAILED}-h"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "back to the overview"


def test_screenshots_of_the_overview_and_a_document(
    watched: Watched, eval_runs: Runs, screenshots: Path
) -> None:
    page = watched.page
    for width, name in ((1280, "desktop"), (390, "narrow")):
        page.set_viewport_size({"width": width, "height": 900})
        _open(page, eval_runs.page.as_uri())
        page.screenshot(path=str(screenshots / f"eval-overview-{name}.png"))
        _open(page, f"{eval_runs.page.as_uri()}#doc={WIRE}&run=1")
        page.screenshot(path=str(screenshots / f"eval-document-{name}.png"))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: the document is {overflow}px wider than the window"
    assert all(p.stat().st_size > 10_000 for p in screenshots.glob("eval-*.png"))


def test_print_hides_the_controls(watched: Watched, eval_runs: Runs) -> None:
    page = watched.page
    _open(page, f"{eval_runs.page.as_uri()}#doc={WIRE}&run=1")
    page.emulate_media(media="print")
    assert not page.is_visible("form.filters")
    assert page.is_visible(f"#doc-{WIRE} .run-panel[data-run='1'] section.article")
