"""The Batch API flow against local files and batches endpoints: submit, poll, collect,
validate and ground each answer, resubmit the failures."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import summarize
from summarizer.batch_api import Manifest, build_request, parse_answer
from summarizer.cli import app
from summarizer.config import Mode, Settings
from tests.fakes.openai_batches import FakeBatches
from tests.fakes.openai_server import Answer, Fail, FakeOpenAI, RecordedRequest, Reply

runner = CliRunner()


def variant(text: str, n: int) -> str:
    return f"Dispatch number {n}.\n\n{text}"


@pytest.fixture
def archive(tmp_path: Path, aleppo_text: str) -> Path:
    source = tmp_path / "archive"
    source.mkdir()
    for n in range(3):
        (source / f"story{n}.txt").write_text(variant(aleppo_text, n), encoding="utf-8")
    return source


def cli(*args: str, server: FakeOpenAI) -> Any:
    return runner.invoke(app, ["batch", *args, "--base-url", server.base_url])


def test_submit_poll_collect_and_resubmit_the_failures(
    openai_server: FakeOpenAI,
    openai_batches: FakeBatches,
    archive: Path,
    tmp_path: Path,
    aleppo_answer: dict[str, Any],
) -> None:
    ungrounded = copy.deepcopy(aleppo_answer)
    ungrounded["parties"][0]["evidence"] = ["The rebels promised to leave the city by noon."]
    round_one = {"0": Answer(aleppo_answer, prompt_tokens=1000, completion_tokens=500),
                 "1": Fail(500, message="the model crashed"),
                 "2": Answer(ungrounded, prompt_tokens=1000, completion_tokens=500)}  # fmt: skip

    def responder(request: RecordedRequest) -> Reply:
        n = request.text().split("Dispatch number ")[1][0]
        if len(openai_batches.batches) == 1:
            return round_one[n]
        return Answer(aleppo_answer, prompt_tokens=1000, completion_tokens=500)

    openai_server.responder = responder
    openai_batches.polls_before_done = 1
    state = tmp_path / "state"

    submitted = runner.invoke(
        app, ["batch", "submit", str(archive), "--out", str(state), "--model", "gpt-4o-mini",
              "--base-url", openai_server.base_url]
    )  # fmt: skip
    assert submitted.exit_code == 0, submitted.output
    assert "submitted 3 request(s) as batch batch_1" in submitted.stdout
    lines = openai_batches.input_lines("batch_1")
    assert [line["custom_id"] for line in lines] == ["story0", "story1", "story2"]
    assert {line["url"] for line in lines} == {"/v1/chat/completions"}
    manifest = Manifest.load(state)
    assert manifest.model == "gpt-4o-mini"
    assert set(manifest.articles) == {"story0", "story1", "story2"}

    status = cli("status", str(state), server=openai_server)
    assert status.exit_code == 0, status.output
    assert "in_progress" in status.stdout

    collected = cli("collect", str(state), "--wait", "--poll-interval", "0", "--resubmit",
                    server=openai_server)  # fmt: skip
    assert collected.exit_code == 0, collected.output
    assert "1 collected, 2 failed" in collected.stderr
    assert "resubmitted as batch_2" in collected.stderr
    results = state / "results"
    assert (results / "story0.json").exists()
    crash = json.loads((results / "story1.error.json").read_text())
    assert "HTTP 500" in crash["message"] and "the model crashed" in crash["message"]
    invalid = json.loads((results / "story2.error.json").read_text())
    assert any("does not occur in the article" in p for p in invalid["problems"])

    # Round two holds only the failures; the ungrounded one is a re-ask with its problems.
    second = {line["custom_id"]: line for line in openai_batches.input_lines("batch_2")}
    assert set(second) == {"story1", "story2"}
    assert len(second["story1"]["body"]["messages"]) == 2
    reask = second["story2"]["body"]["messages"]
    assert reask[-1]["role"] == "user" and "does not occur in the article" in reask[-1]["content"]
    assert "The rebels promised to leave the city by noon." in reask[-2]["content"]

    final = cli("collect", str(state), "--wait", "--poll-interval", "0", server=openai_server)
    assert final.exit_code == 0, final.output
    assert "2 collected, 0 failed" in final.stderr
    assert sorted(p.name for p in results.iterdir()) == [f"story{n}.json" for n in range(3)]

    story2 = json.loads((results / "story2.json").read_text())
    assert story2["brief"]["parties"][0]["evidence"] == aleppo_answer["parties"][0]["evidence"]
    assert story2["requests"] == 2
    assert story2["usage"]["prompt_tokens"] == 2000  # both rounds are counted
    # Batch price: half of gpt-4o-mini's (0.15 in, 0.60 out per 1M tokens).
    assert story2["cost_usd"] == pytest.approx((2000 * 0.15 + 1000 * 0.60) / 1e6 / 2)

    again = cli("collect", str(state), server=openai_server)
    assert "0 collected, 0 failed" in again.stderr


def test_requests_carry_the_prompt_and_schema_of_the_interactive_path(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.enqueue(Answer(aleppo_answer))
    summarize(aleppo_text, base_url=openai_server.base_url, model="m")
    sent = openai_server.chat_requests[0].body
    line = build_request("x", aleppo_text, Settings.resolve(env={}, base_url="http://h", model="m"))
    for key in ("model", "messages", "tools", "tool_choice", "temperature"):
        assert line["body"][key] == sent[key], key

    schema_mode = Settings.resolve(env={}, model="m", mode=Mode.JSON_SCHEMA)
    body = build_request("x", aleppo_text, schema_mode)["body"]
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "Brief"


def test_parse_answer_reads_tool_calls_content_and_fenced_json() -> None:
    tool = {"choices": [{"message": {"tool_calls": [{"function": {"arguments": '{"a": 1}'}}]}}]}
    assert parse_answer(tool) == '{"a": 1}'
    fenced = {"choices": [{"message": {"content": '```json\n{"a": 1}\n```'}}]}
    assert json.loads(parse_answer(fenced)) == {"a": 1}


def test_collect_without_a_submit_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", "collect", str(tmp_path), "--base-url", "http://x/v1"])
    assert result.exit_code == 3
    assert "run 'summarizer batch submit' first" in result.stderr


def test_the_batch_api_needs_an_endpoint(archive: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", "submit", str(archive), "--out", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "needs a model endpoint" in result.stderr
