"""The Batch API flow against local files and batches endpoints: submit, poll, collect,
validate and ground each answer, resubmit the failures."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import summarize
from summarizer.batch.openai.api import Manifest, build_request, collect, submit
from summarizer.batch.openai.requests import read_answer, serialise
from summarizer.cli.main import app
from summarizer.config import Mode, Settings
from summarizer.errors import ModelOutputError, ProviderError
from tests.batch.support import variant, write_dispatches
from tests.cli.support import file_size_limit, one_error_line, run_summarizer
from tests.fakes.openai_batches import FakeBatches
from tests.fakes.openai_server import Answer, Fail, FakeOpenAI, RecordedRequest, Reply

runner = CliRunner()


@pytest.fixture
def archive(tmp_path: Path, aleppo_text: str) -> Path:
    return write_dispatches(tmp_path / "archive", aleppo_text, 3)


def cli(*args: str, server: FakeOpenAI) -> Any:
    return runner.invoke(app, ["batch", *args, "--base-url", server.base_url])


def test_submit_poll_collect_and_resubmit_the_failures(
    openai_server: FakeOpenAI,
    openai_batches: FakeBatches,
    archive: Path,
    tmp_path: Path,
    aleppo_answer: dict[str, Any],
) -> None:
    good = Answer(aleppo_answer, prompt_tokens=1000, completion_tokens=500)
    ungrounded = Answer(ungrounded_copy(aleppo_answer), prompt_tokens=1000, completion_tokens=500)
    round_one = by_dispatch({"1": Fail(500, message="the model crashed"), "2": ungrounded}, good)

    def responder(request: RecordedRequest) -> Reply:
        return round_one(request) if len(openai_batches.batches) == 1 else good

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
    # instructor's own tools-mode re-ask: the answer's tool call, then a tool message.
    assert reask[-1]["role"] == "tool" and "does not occur in the article" in reask[-1]["content"]
    assert "The rebels promised to leave the city by noon." in json.dumps(reask[-2])

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


@pytest.mark.parametrize("mode", list(Mode))
def test_a_first_request_is_the_request_the_interactive_path_sends(
    mode: Mode, openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.enqueue(Answer(aleppo_answer))
    options = {"model": "m", "mode": mode, "temperature": 0.0, "max_tokens": 3000}
    summarize(aleppo_text, base_url=openai_server.base_url, **options)
    sent = openai_server.chat_requests[0].body
    line = build_request("x", aleppo_text, Settings.resolve(env={}, base_url="http://h", **options))
    assert json.dumps(line["body"], sort_keys=True) == json.dumps(sent, sort_keys=True)


def _completion(message: dict[str, Any]) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop", "message": message}]}  # fmt: skip


def _message(mode: Mode, answer: str) -> dict[str, Any]:
    if mode is Mode.TOOLS:
        call = {"id": "1", "type": "function", "function": {"name": "Brief", "arguments": answer}}
        return {"role": "assistant", "tool_calls": [call]}
    if mode is Mode.MD_JSON:
        return {"role": "assistant", "content": f"```json\n{answer}\n```"}
    return {"role": "assistant", "content": answer}


@pytest.mark.parametrize("mode", [Mode.TOOLS, Mode.JSON, Mode.MD_JSON])
def test_answers_are_read_as_instructor_reads_them_in_each_mode(
    mode: Mode, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    completion = _completion(_message(mode, json.dumps(aleppo_answer)))
    brief = read_answer(completion, aleppo_text, mode)
    assert brief.parties[0].name == aleppo_answer["parties"][0]["name"]
    with pytest.raises(ModelOutputError) as invalid:
        read_answer(completion, "A different article altogether, about floods.", mode)
    assert any("does not occur in the article" in p for p in invalid.value.problems)


@pytest.mark.parametrize("mode", list(Mode))
def test_a_batch_reask_is_the_reask_the_interactive_path_sends(
    mode: Mode,
    openai_server: FakeOpenAI,
    openai_batches: FakeBatches,
    archive: Path,
    tmp_path: Path,
    aleppo_text: str,
    aleppo_answer: dict[str, Any],
) -> None:
    bad = ungrounded_copy(aleppo_answer)
    # The interactive path: an ungrounded answer, then a good one; its second request is
    # instructor's re-ask for this mode.
    openai_server.enqueue(Answer(bad), Answer(aleppo_answer))
    text = variant(aleppo_text, 1)
    summarize(text, base_url=openai_server.base_url, model="gpt-4o-mini", mode=mode)
    interactive = openai_server.chat_requests[1].body

    openai_server.responder = by_dispatch({"1": Answer(bad)}, Answer(aleppo_answer))
    state = tmp_path / "state"
    settings = settings_for(openai_server).merged({"mode": mode})
    submit(archive, state, settings)
    collect(state, settings, resubmit=True)
    resent = {line["custom_id"]: line for line in openai_batches.input_lines("batch_2")}
    body = resent["story1"]["body"]
    for key in ("model", "messages", "temperature", "tools", "tool_choice", "response_format"):
        # The fake server numbers its tool calls; everything else must be the same bytes.
        assert _same_calls(body.get(key)) == _same_calls(interactive.get(key)), key


def _same_calls(value: Any) -> str:
    return re.sub(r'"call_\d+"', '"call"', json.dumps(value, sort_keys=True))


def test_collect_without_a_submit_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", "collect", str(tmp_path), "--base-url", "http://x/v1"])
    assert result.exit_code == 3
    assert "run 'summarizer batch submit' first" in result.stderr


def test_the_batch_api_needs_an_endpoint(archive: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", "submit", str(archive), "--out", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "needs a model endpoint" in result.stderr


def ungrounded_copy(answer: dict[str, Any]) -> dict[str, Any]:
    bad = copy.deepcopy(answer)
    bad["parties"][0]["evidence"] = ["The rebels promised to leave the city by noon."]
    return bad


def by_dispatch(replies: dict[str, Reply], default: Reply) -> Any:
    """A responder answering each article (by its dispatch number) with its own reply."""

    def responder(request: RecordedRequest) -> Reply:
        return replies.get(request.text().split("Dispatch number ")[1][0], default)

    return responder


def settings_for(server: FakeOpenAI) -> Settings:
    return Settings.resolve(env={}, base_url=server.base_url, model="gpt-4o-mini", max_retries=0)


def test_a_later_collect_resubmit_sends_the_failures_an_earlier_collect_found(
    openai_server: FakeOpenAI,
    openai_batches: FakeBatches,
    archive: Path,
    tmp_path: Path,
    aleppo_answer: dict[str, Any],
) -> None:
    bad = ungrounded_copy(aleppo_answer)
    openai_server.responder = by_dispatch(
        {"1": Fail(500, message="the model crashed"), "2": Answer(bad)}, Answer(aleppo_answer)
    )
    state = tmp_path / "state"
    settings = settings_for(openai_server)
    submit(archive, state, settings)

    first = cli("collect", str(state), server=openai_server)
    assert "1 collected, 2 failed" in first.stderr
    assert first.exit_code == 1  # an endpoint failure and a model-output failure: mixed

    # The upload of the resubmission fails: nothing is recorded, the failures stay on disk.
    openai_batches.upload_statuses = [400]
    before = Manifest.load(state)
    report = collect(state, settings, resubmit=True)
    assert isinstance(report.resubmit_error, ProviderError)
    assert report.resubmitted == []
    assert Manifest.load(state) == before
    assert {p.name for p in (state / "results").glob("*.error.json")} == {
        "story1.error.json", "story2.error.json"
    }  # fmt: skip

    openai_server.responder = by_dispatch({}, Answer(aleppo_answer))
    again = cli("collect", str(state), "--resubmit", server=openai_server)
    assert again.exit_code == 0, again.output
    assert "0 collected, 0 failed; 2 failure(s) resubmitted as batch_2" in again.stderr
    second = {line["custom_id"]: line for line in openai_batches.input_lines("batch_2")}
    assert set(second) == {"story1", "story2"}
    assert len(second["story1"]["body"]["messages"]) == 2  # sent as it was
    reask = second["story2"]["body"]["messages"]  # rebuilt from story2.error.json
    assert "The rebels promised to leave the city by noon." in json.dumps(reask[-2])
    assert "does not occur in the article" in reask[-1]["content"]

    final = cli("collect", str(state), "--wait", "--poll-interval", "0", server=openai_server)
    assert final.exit_code == 0, final.output
    assert sorted(p.name for p in (state / "results").iterdir()) == [
        f"story{n}.json" for n in range(3)
    ]
    assert Manifest.load(state).articles["story2"].rounds == 2


def test_an_article_edited_since_submit_is_its_own_failure(
    openai_server: FakeOpenAI,
    openai_batches: FakeBatches,
    archive: Path,
    tmp_path: Path,
    aleppo_answer: dict[str, Any],
) -> None:
    openai_server.responder = by_dispatch({}, Answer(aleppo_answer))
    state = tmp_path / "state"
    submit(archive, state, settings_for(openai_server))
    edited = archive / "story1.txt"
    edited.write_text(edited.read_text() + "\n\nCorrection: a late edit.", encoding="utf-8")

    result = cli("collect", str(state), "--resubmit", server=openai_server)
    assert result.exit_code == 3, result.output  # an input failure
    assert "2 collected, 1 failed" in result.stderr
    error = json.loads((state / "results" / "story1.error.json").read_text())
    assert error["error"] == "InputError"
    assert error["message"] == f"{edited.resolve()}: article changed since submit"
    assert len(openai_batches.batches) == 1  # not resubmitted: it would not help


def test_malformed_output_lines_are_recorded_failures_not_tracebacks(
    openai_server: FakeOpenAI,
    openai_batches: FakeBatches,
    archive: Path,
    tmp_path: Path,
    aleppo_answer: dict[str, Any],
) -> None:
    def mangle(line: dict[str, Any]) -> object:
        if line["custom_id"] == "story1":
            del line["response"]["body"]
        if line["custom_id"] == "story2":
            del line["custom_id"]
        return line

    openai_server.responder = by_dispatch({}, Answer(aleppo_answer))
    openai_batches.mangle = mangle
    state = tmp_path / "state"
    submit(archive, state, settings_for(openai_server))

    result = cli("collect", str(state), server=openai_server)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 4, result.output  # both are the endpoint's failures
    assert "1 collected, 2 failed" in result.stderr
    results = state / "results"
    no_body = json.loads((results / "story1.error.json").read_text())
    assert no_body["error"] == "ProviderError" and "malformed" in no_body["message"]
    no_id = json.loads((results / "story2.error.json").read_text())
    assert "missing from the output" in no_id["message"]
    assert "1 malformed line(s) without a custom_id" in no_id["message"]


def test_an_archive_over_the_limits_is_split_into_several_batches(
    openai_server: FakeOpenAI,
    openai_batches: FakeBatches,
    archive: Path,
    tmp_path: Path,
    aleppo_answer: dict[str, Any],
) -> None:
    bad = Answer(ungrounded_copy(aleppo_answer))
    openai_server.responder = by_dispatch({"1": bad, "2": bad}, Answer(aleppo_answer))
    state = tmp_path / "state"
    settings = settings_for(openai_server)
    records = submit(archive, state, settings, max_requests=2)
    assert [(r.round, r.part, r.custom_ids) for r in records] == [
        (1, 1, ["story0", "story1"]), (1, 2, ["story2"])
    ]  # fmt: skip
    assert [b.id for b in Manifest.load(state).batches] == ["batch_1", "batch_2"]
    assert sorted(p.name for p in state.glob("requests-*.jsonl")) == [
        "requests-1-1.jsonl", "requests-1-2.jsonl"
    ]  # fmt: skip
    assert [len(openai_batches.input_lines(b)) for b in ("batch_1", "batch_2")] == [2, 1]

    # The resubmission is split too: here by a byte limit that holds one re-ask per file
    # (a re-ask carries the request, the answer it repeats and the problems found).
    plain = max(len(serialise(line).encode()) for line in openai_batches.input_lines("batch_1"))
    reask_bytes = plain + 2 * len(json.dumps(ungrounded_copy(aleppo_answer))) + 4_000
    report = collect(state, settings, resubmit=True, max_bytes=reask_bytes)
    assert report.done == ["story0"]
    assert report.resubmitted == ["batch_3", "batch_4"]
    assert [(b.round, b.part, b.custom_ids) for b in Manifest.load(state).batches[2:]] == [
        (2, 1, ["story1"]), (2, 2, ["story2"])
    ]  # fmt: skip

    status = cli("status", str(state), server=openai_server)
    assert "round 1 part 2  batch_2  collected" in status.stdout
    assert "round 2 part 1  batch_3" in status.stdout


def test_a_reask_too_big_for_a_batch_file_is_that_articles_failure(
    openai_server: FakeOpenAI,
    openai_batches: FakeBatches,
    archive: Path,
    tmp_path: Path,
    aleppo_answer: dict[str, Any],
) -> None:
    openai_server.responder = by_dispatch({"1": Answer(ungrounded_copy(aleppo_answer))},
                                          Answer(aleppo_answer))  # fmt: skip
    state = tmp_path / "state"
    settings = settings_for(openai_server)
    submit(archive, state, settings)
    plain = max(len(serialise(line).encode()) for line in openai_batches.input_lines("batch_1"))
    limit = plain + 1_000  # room for any plain request, not for one carrying an answer
    report = collect(state, settings, resubmit=True, max_bytes=limit)
    assert report.resubmitted == []
    assert f"over the Batch API's {limit:,}-byte file limit" in str(report.failed["story1"])
    error = json.loads((state / "results" / "story1.error.json").read_text())
    assert error["error"] == "InputError"
    assert error["reask"]["choices"]  # the answer, kept for a later try with a larger limit


def test_when_a_later_part_cannot_be_sent_the_earlier_ones_are_kept(
    openai_server: FakeOpenAI,
    openai_batches: FakeBatches,
    archive: Path,
    tmp_path: Path,
    aleppo_answer: dict[str, Any],
) -> None:
    openai_server.responder = by_dispatch({}, Answer(aleppo_answer))
    openai_batches.upload_statuses = [200, 400]
    state = tmp_path / "state"
    settings = settings_for(openai_server)
    with pytest.raises(ProviderError, match="1 article\\(s\\) were not sent"):
        submit(archive, state, settings, max_requests=2)
    manifest = Manifest.load(state)
    assert [b.id for b in manifest.batches] == ["batch_1"]
    assert manifest.articles["story2"].rounds == 0
    assert (state / "results" / "story2.error.json").exists()

    report = collect(state, settings, resubmit=True)
    assert report.done == ["story0", "story1"] and report.resubmitted_ids == ["story2"]
    report = collect(state, settings)
    assert report.done == ["story2"]


def test_a_failed_first_upload_leaves_no_manifest(
    openai_server: FakeOpenAI, openai_batches: FakeBatches, archive: Path, tmp_path: Path
) -> None:
    openai_batches.upload_statuses = [400]
    state = tmp_path / "state"
    with pytest.raises(ProviderError, match="upload rejected"):
        submit(archive, state, settings_for(openai_server))
    assert not (state / "manifest.json").exists()  # the same submit can simply be run again
    assert submit(archive, state, settings_for(openai_server))[0].id == "batch_1"


def test_collect_exit_code_is_the_failures_kind(
    openai_server: FakeOpenAI,
    openai_batches: FakeBatches,
    archive: Path,
    tmp_path: Path,
    aleppo_answer: dict[str, Any],
) -> None:
    openai_server.responder = by_dispatch({"1": Answer(ungrounded_copy(aleppo_answer))},
                                          Answer(aleppo_answer))  # fmt: skip
    state = tmp_path / "state"
    submit(archive, state, settings_for(openai_server))
    result = cli("collect", str(state), "--max-rounds", "1", "--resubmit", server=openai_server)
    assert result.exit_code == 5, result.output  # max rounds reached: left failed
    assert "resubmitted" not in result.stderr


def test_state_that_cannot_be_written_is_one_line_and_exit_3(
    openai_server: FakeOpenAI, openai_batches: FakeBatches, archive: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    proc = run_summarizer(
        ["batch", "submit", archive, "--out", state, "--base-url", openai_server.base_url],
        env={"OPENAI_API_KEY": "t"},
        preexec_fn=file_size_limit(2000),  # an article's request line is larger
    )
    assert proc.returncode == 3
    assert one_error_line(proc.stderr) == (
        f"summarizer: error: cannot write {state / 'requests-1-1.jsonl'}: File too large"
    )
    assert openai_batches.batches == {}
    assert not (state / "manifest.json").exists()
