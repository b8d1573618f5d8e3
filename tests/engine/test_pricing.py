"""Cost: the price table, overrides, and cost in results and CLI output."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import ConfigError, summarize
from summarizer.brief.result import Usage
from summarizer.cli.main import app
from summarizer.engine.pricing import check_prices, estimate_cost, load_prices
from tests.fakes.openai_server import (
    Answer,
    FakeOpenAI,
    Raw,
    RecordedRequest,
    Reply,
    completion_body,
)

USAGE = Usage(prompt_tokens=2_000_000, completion_tokens=1_000_000, total_tokens=3_000_000)


def test_the_built_in_table_prices_common_models() -> None:
    assert estimate_cost("gpt-4o-mini", USAGE) == pytest.approx(2 * 0.15 + 1 * 0.60)
    assert estimate_cost("gpt-4o", USAGE) == pytest.approx(2 * 2.50 + 1 * 10.00)


def test_dated_snapshots_are_priced_by_their_longest_prefix() -> None:
    assert estimate_cost("gpt-4o-mini-2024-07-18", USAGE) == estimate_cost("gpt-4o-mini", USAGE)
    assert estimate_cost("gpt-4o-2024-08-06", USAGE) == estimate_cost("gpt-4o", USAGE)


def test_unknown_models_have_no_estimate() -> None:
    assert estimate_cost("llama3.1", USAGE) is None
    assert estimate_cost("gpt-4ox", USAGE) is None  # a prefix must end at a '-'


def test_the_batch_api_is_half_price() -> None:
    full = estimate_cost("gpt-4o-mini", USAGE)
    assert full is not None
    assert estimate_cost("gpt-4o-mini", USAGE, batch=True) == pytest.approx(full / 2)


def test_an_override_file_replaces_and_adds_prices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override = tmp_path / "prices.yaml"
    override.write_text(
        "models:\n  gpt-4o-mini: {input: 1, output: 2}\n  llama3.1: {input: 0, output: 0}\n"
    )
    monkeypatch.setenv("SUMMARIZER_PRICES", str(override))
    assert estimate_cost("gpt-4o-mini", USAGE) == pytest.approx(2 * 1 + 1 * 2)
    assert estimate_cost("llama3.1", USAGE) == 0.0
    assert estimate_cost("gpt-4o", USAGE) == pytest.approx(15.0)  # untouched entries remain


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("models: [1, 2]", "'models' must map"),
        ("models:\n  m: {input: x}", "numeric"),
        ("models:\n  m: {input: 1, output: -2}", "non-negative"),
        ("batch_discount: half", "'batch_discount' must be a number"),
        ("batch_discount: 0", "'batch_discount' must be a number"),
        ("batch_discount: [0.5]", "'batch_discount' must be a number"),
        ("- a list", "expected a mapping"),
        ("models: {m: {input: 1", "not valid YAML"),
    ],
)
def test_a_broken_override_is_a_config_error(tmp_path: Path, content: str, message: str) -> None:
    override = tmp_path / "prices.yaml"
    override.write_text(content)
    with pytest.raises(ConfigError, match=message) as caught:
        load_prices({"SUMMARIZER_PRICES": str(override)})
    assert str(override) in str(caught.value)  # which file is wrong, and why
    with pytest.raises(ConfigError, match=message):
        check_prices({"SUMMARIZER_PRICES": str(override)})
    with pytest.raises(ConfigError, match="no such file"):
        load_prices({"SUMMARIZER_PRICES": str(tmp_path / "missing.yaml")})


def test_results_carry_their_estimated_cost(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.enqueue(Answer(aleppo_answer, prompt_tokens=3000, completion_tokens=1000))
    result = summarize(aleppo_text, base_url=openai_server.base_url, model="gpt-4o-mini")
    assert result.cost_usd == pytest.approx((3000 * 0.15 + 1000 * 0.60) / 1e6)

    openai_server.enqueue(Answer(aleppo_answer))
    local = summarize(aleppo_text, base_url=openai_server.base_url, model="llama3.1")
    assert local.cost_usd is None


def test_the_cli_shows_the_cost(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(aleppo_text)
    args = ["brief", str(article), "--base-url", openai_server.base_url, "-m", "gpt-4o-mini"]
    openai_server.enqueue(Answer(aleppo_answer, prompt_tokens=4000, completion_tokens=1000))
    markdown = CliRunner().invoke(app, args)
    assert "~$0.0012" in markdown.stdout
    openai_server.enqueue(Answer(aleppo_answer, prompt_tokens=4000, completion_tokens=1000))
    as_json = CliRunner().invoke(app, [*args, "--format", "json"])
    assert json.loads(as_json.stdout)["cost_usd"] == pytest.approx(0.0012)


@pytest.mark.parametrize("content", [None, "batch_discount: half\n", b"\xff\xfe"])
def test_a_bad_price_table_stops_a_call_before_any_paid_request(
    openai_server: FakeOpenAI,
    aleppo_text: str,
    aleppo_answer: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    content: str | bytes | None,
) -> None:
    table = tmp_path / "prices.yaml"  # missing when content is None
    if isinstance(content, str):
        table.write_text(content)
    elif content is not None:
        table.write_bytes(content)
    monkeypatch.setenv("SUMMARIZER_PRICES", str(table))
    openai_server.enqueue(Answer(aleppo_answer))
    with pytest.raises(ConfigError, match=str(table)):
        summarize(aleppo_text, base_url=openai_server.base_url, model="gpt-4o-mini")
    assert openai_server.requests == []
    # Once an answer is paid for, a cost estimate never raises: it warns and gives None.
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        assert estimate_cost("gpt-4o-mini", USAGE) is None
    assert any(str(table) in r.getMessage() for r in caplog.records)
    with pytest.raises(ConfigError, match=str(table)):
        check_prices()


def test_prompt_tokens_from_the_providers_cache_cost_the_cached_rate(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    def responder(request: RecordedRequest) -> Reply:
        body = completion_body(
            request.body,
            Answer(aleppo_answer, prompt_tokens=2000, completion_tokens=1000),
            number=1,
        )
        body["usage"]["prompt_tokens_details"] = {"cached_tokens": 1500}
        return Raw(body)

    openai_server.responder = responder
    result = summarize(aleppo_text, base_url=openai_server.base_url, model="gpt-4o-mini")
    assert result.usage.cached_tokens == 1500
    # gpt-4o-mini: 0.15 per 1M input, 0.075 cached, 0.60 output.
    expected = (500 * 0.15 + 1500 * 0.075 + 1000 * 0.60) / 1e6
    assert result.cost_usd == pytest.approx(expected)
