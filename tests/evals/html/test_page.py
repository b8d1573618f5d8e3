"""The eval page as a file: one self-contained page, the numbers of the runs it shows."""

from __future__ import annotations

import base64
import gzip
import json
import re
from pathlib import Path

import lxml.html
import pytest

from summarizer.errors import InputError
from summarizer.evals.html import load_runs, render_eval_page
from summarizer.evals.html.charts import field_scores_spec
from summarizer.evals.html.fields import FIELDS
from tests.evals.html.conftest import FAILED, WIRE, Runs


def _html(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def _document(page: lxml.html.HtmlElement, doc: str) -> lxml.html.HtmlElement:
    packed = page.get_element_by_id(f"doc-{doc}").get("data-packed")
    return lxml.html.fromstring(gzip.decompress(base64.b64decode(packed)).decode("utf-8"))


def test_the_page_loads_nothing_from_anywhere(eval_runs: Runs) -> None:
    page = _html(eval_runs.page)
    assert page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0].startswith(
        "default-src 'none'"
    )
    assert page.xpath("//@src") == [] and page.xpath("//link") == []
    assert [h for h in page.xpath("//@href") if not h.startswith("#")] == []


def test_the_chart_has_a_bar_per_field_and_run(eval_runs: Runs) -> None:
    page = _html(eval_runs.page)
    bars = page.xpath("//svg//g[contains(@class, 'bars_marks')]/path")
    assert len(bars) == len(FIELDS) * 2
    labels = [bar.get("aria-label") for bar in bars]
    assert any(label.startswith("offline: overall ") for label in labels)
    assert len(_html(eval_runs.single).xpath("//g[contains(@class, 'bars_marks')]/path")) == 10


def test_the_tables_say_what_the_reports_say(eval_runs: Runs) -> None:
    page = _html(eval_runs.page)
    report = json.loads((eval_runs.edited / "report.json").read_text("utf-8"))
    overall = page.xpath("//table[@class='metrics']//tr[@data-metric='overall']/td")
    assert overall[1].text_content().startswith(f"{report['summary']['overall']:.3f}")
    failure = page.xpath("//tr[@data-metric='failure_rate']/td")[1].text_content()
    assert failure.startswith("25%") and "regression" in failure
    assert page.xpath("//tr[@data-metric='partial_rate']") != []


def test_the_heatmap_has_a_row_per_document_and_a_link_per_cell(eval_runs: Runs) -> None:
    page = _html(eval_runs.page)
    tables = page.xpath("//table[contains(@class, 'heatmap')]")
    assert [t.get("data-run") for t in tables] == ["0", "1", "delta"]
    rows = tables[1].xpath("./tbody/tr")
    assert len(rows) == 4
    wire = tables[1].xpath(f"./tbody/tr[@data-doc='{WIRE}']")[0]
    assert wire.get("data-kind") == "wire"
    links = wire.xpath("./td/a/@href")
    assert links[1] == f"#doc={WIRE}&run=1&field=parties"
    failed = tables[1].xpath(f"./tbody/tr[@data-doc='{FAILED}']")[0]
    assert failed.get("data-failed") == "1"
    assert failed.get("data-regressed").split()[0] == "overall"
    assert "✗ failed" in failed.xpath("./th")[0].text_content()


def test_a_document_aligns_gold_and_prediction_with_the_scorers_reasons(eval_runs: Runs) -> None:
    doc = _document(_html(eval_runs.page), WIRE)
    panel = doc.xpath("//section[@class='run-panel' and @data-run='1']")[0]
    parties = panel.xpath(".//section[@data-field='parties']//tbody/tr")
    first = next(row for row in parties if "Pellandrian police" in row.text_content())
    assert first.get("class") == "st-misinforms"
    assert "✗ misinforms" in first.xpath("./td[@class='status']")[0].text_content()
    why = first.xpath("./td[@class='why']")[0].text_content()
    assert why.startswith("side ✗ misinforms:")
    # The predicted party links to its quotes in this run's article.
    item = first.xpath("./td[@class='pred']/button/@data-select")[0]
    assert panel.xpath(f".//mark[contains(@data-items, '{item}')]") != []


def test_a_failed_document_says_why(eval_runs: Runs) -> None:
    doc = _document(_html(eval_runs.page), FAILED)
    panel = doc.xpath("//section[@class='run-panel' and @data-run='1']")[0]
    assert "✗ failed" in panel.xpath(".//ul[@class='doc-scores']")[0].text_content()
    assert "no prediction" in panel.xpath(".//p[@class='note']")[0].text_content()


def test_documents_are_packed_to_a_fraction_of_their_size(eval_runs: Runs) -> None:
    packed = re.findall(r'data-packed="([^"]*)"', eval_runs.page.read_text("utf-8"))
    assert len(packed) == 4
    unpacked = [len(gzip.decompress(base64.b64decode(p))) for p in packed]
    assert sum(len(p) for p in packed) < sum(unpacked) / 2


def test_a_missing_run_directory_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a run directory"):
        load_runs([tmp_path])


def test_a_run_whose_fixtures_are_gone_still_shows_its_scores(
    eval_runs: Runs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = tmp_path / "offline"
    moved.mkdir()
    for name in ("predictions.jsonl", "run.json"):
        text = (eval_runs.offline / name).read_text("utf-8")
        (moved / name).write_text(text.replace('"fixtures": "', '"fixtures": "/gone'), "utf-8")
    # With the bundled set there too the run would find its articles after all.
    assert 'data-kind="unknown"' not in render_eval_page(load_runs([moved]))
    monkeypatch.setattr(
        "summarizer.evals.html.runs.default_fixtures_dir", lambda: tmp_path / "no-fixtures"
    )
    html = render_eval_page(load_runs([moved]))
    assert "aleppo-2016-12-14" in html
    assert 'data-kind="unknown"' in html


def test_the_chart_spec_lists_overall_first() -> None:
    spec = field_scores_spec([("overall", "overall"), ("parties.score", "parties")],
                             [("a", {"overall": 0.5, "parties.score": 1.0})])  # fmt: skip
    assert [row["field"] for row in spec["data"]["values"]] == ["overall", "parties"]
    assert spec["data"]["values"][0]["description"] == "a: overall 0.500"


def test_a_document_shows_each_answer_and_what_was_sent_back(
    eval_runs: Runs, tmp_path: Path
) -> None:
    run = tmp_path / "model-run"
    run.mkdir()
    for name in ("run.json", "predictions.jsonl"):
        (run / name).write_bytes((eval_runs.offline / name).read_bytes())
    lines = (run / "predictions.jsonl").read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    first["exchanges"] = [
        {"answer": '{"parties": "first try"}', "problems": ["parties: invalid list"]},
        {"answer": '{"parties": "second try"}', "problems": []},
    ]
    lines[0] = json.dumps(first)
    (run / "predictions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(render_eval_page(load_runs([run])), encoding="utf-8")
    document = _document(_html(page), first["id"])
    answers = document.xpath("//ol[@class='exchanges']/li")
    assert [a.xpath("./p")[0].text_content() for a in answers] == [
        "Answer 1: 1 problem(s), sent back to the model",
        "Answer 2: accepted",
    ]
    assert answers[0].xpath(".//pre")[0].text_content() == '{"parties": "first try"}'
