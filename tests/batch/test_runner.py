"""Many articles: summarize_many, brief --batch, failures kept apart, resume after a stop."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import BriefResult, InputError, ProviderError, Settings
from summarizer.batch.runner import arun_directory, asummarize_many, summarize_many
from summarizer.cli.main import app
from tests.batch.support import variant, write_dispatches
from tests.cli.support import interrupt_after, run_summarizer, start_summarizer, wait_for
from tests.fakes.openai_server import Answer, Fail, FakeOpenAI, RecordedRequest, Reply, Slow
from tests.fakes.web_pages import article_html

runner = CliRunner()
FAST = {"backoff_initial": 0.01, "backoff_max": 0.05, "max_retries": 0}


def answering(answer: dict[str, Any], *, failing: str | None = None) -> Any:
    def responder(request: RecordedRequest) -> Reply:
        if failing is not None and failing in request.text():
            return Fail(400, message="scripted bad request")
        return Answer(answer)

    return responder


def test_a_concurrency_below_one_is_refused_before_the_settings_are_read() -> None:
    with pytest.raises(InputError, match=r"^concurrency must be at least 1$"):
        summarize_many(["A short text."], concurrency=0, backend="no-such-backend")


def test_a_list_gives_results_in_order_and_runs_concurrently(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.responder = answering(aleppo_answer)
    openai_server.latency = 0.3
    texts = [variant(aleppo_text, n) for n in range(6)]
    results = summarize_many(texts, concurrency=3, base_url=openai_server.base_url, **FAST)
    assert len(results) == 6 and all(isinstance(r, BriefResult) for r in results)
    # Arrival times, not wall-clock totals (which a loaded CI machine stretches): the third
    # request arrived while the first was still being answered, so they overlapped; the
    # fourth waited for a free slot.
    arrivals = sorted(r.at for r in openai_server.chat_requests)
    assert arrivals[2] - arrivals[0] < 0.3
    assert arrivals[3] - arrivals[0] >= 0.29
    seen = sorted(r.text().split("Dispatch number ")[1][0] for r in openai_server.chat_requests)
    assert seen == [str(n) for n in range(6)]


def test_concurrency_is_bounded(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.responder = answering(aleppo_answer)
    openai_server.latency = 0.15
    texts = {f"a{n}": variant(aleppo_text, n) for n in range(4)}
    started = time.perf_counter()
    summarize_many(texts, concurrency=2, base_url=openai_server.base_url, **FAST)
    assert time.perf_counter() - started >= 2 * 0.15
    arrivals = sorted(r.at for r in openai_server.chat_requests)
    assert arrivals[2] - arrivals[0] >= 0.14  # the third waited for a free slot


def test_one_failure_never_loses_the_others(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.responder = answering(aleppo_answer, failing="Dispatch number 1.")
    texts = {f"a{n}": variant(aleppo_text, n) for n in range(3)}
    texts["empty"] = "   "
    results = summarize_many(texts, concurrency=2, base_url=openai_server.base_url, **FAST)
    assert list(results) == ["a0", "a1", "a2", "empty"]
    assert isinstance(results["a0"], BriefResult) and isinstance(results["a2"], BriefResult)
    assert isinstance(results["a1"], ProviderError)
    assert "HTTP 400" in str(results["a1"])
    assert "empty" in str(results["empty"])


async def test_async_form_reports_each_result_as_it_finishes(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.responder = answering(aleppo_answer)
    done: list[int] = []
    results = await asummarize_many(
        [variant(aleppo_text, n) for n in range(3)],
        base_url=openai_server.base_url,
        on_done=lambda key, _: done.append(key),
        **FAST,
    )
    assert sorted(done) == [0, 1, 2] and len(results) == 3


@pytest.fixture
def articles(tmp_path: Path, aleppo_text: str) -> Path:
    source = write_dispatches(tmp_path / "articles", aleppo_text, 4)
    (source / "notes.md").write_text("not an article", encoding="utf-8")
    return source


def test_brief_batch_writes_each_result_and_the_failures(
    openai_server: FakeOpenAI, articles: Path, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    openai_server.responder = answering(aleppo_answer, failing="Dispatch number 2.")
    out = tmp_path / "out"
    args = ["brief", "--batch", str(articles), "--out", str(out), "-j", "3",
            "--base-url", openai_server.base_url, "--max-retries", "0"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 4, result.output  # the one failure was the endpoint's
    assert "3 briefed, 0 skipped (already done), 1 failed" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "story0.json", "story1.json", "story2.error.json", "story3.json"
    ]  # fmt: skip
    brief = json.loads((out / "story0.json").read_text())
    assert brief["brief"]["parties"][0]["name"] == "Syrian rebels"
    assert "cost_usd" in brief
    error = json.loads((out / "story2.error.json").read_text())
    assert error["error"] == "ProviderError" and "HTTP 400" in error["message"]

    # A rerun asks only for what is missing, and clears the old error.
    openai_server.responder = answering(aleppo_answer)
    before = len(openai_server.chat_requests)
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "1 briefed, 3 skipped (already done), 0 failed" in again.stderr
    assert len(openai_server.chat_requests) == before + 1
    assert "Dispatch number 2." in openai_server.chat_requests[-1].text()
    assert not (out / "story2.error.json").exists()


async def test_an_interrupted_batch_resumes_where_it_stopped(
    openai_server: FakeOpenAI, articles: Path, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    openai_server.responder = answering(aleppo_answer)
    openai_server.latency = 0.1
    out = tmp_path / "out"
    settings = Settings.resolve(env={}, base_url=openai_server.base_url, **FAST)
    run = asyncio.create_task(
        arun_directory(articles, out, concurrency=1, settings=settings, progress=False)
    )
    while not list(out.glob("*.json")):  # stop the run once the first result is on disk
        await asyncio.sleep(0.01)
    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
    finished = {p.stem for p in out.glob("*.json")}
    assert 1 <= len(finished) < 4
    assert not list(out.glob(".*.tmp"))  # no half-written files

    asked_before = len(openai_server.chat_requests)
    report = await arun_directory(articles, out, concurrency=2, settings=settings, progress=False)
    assert sorted(report.skipped) == sorted(finished)
    assert len(report.done) == 4 - len(finished)
    # The request in flight when the run was cancelled may reach the server after the count
    # above, so compare which articles were asked for, not how many requests arrived.
    new = openai_server.chat_requests[asked_before:]
    asked_for = {f"story{n}" for n in range(4) for r in new if f"Dispatch number {n}." in r.text()}
    assert asked_for == {f"story{n}" for n in range(4)} - finished
    assert sorted(p.stem for p in out.glob("*.json")) == [f"story{n}" for n in range(4)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["brief"], "give an article FILE, or --batch DIR --out DIR"),
        (["brief", "a.txt", "--batch", "."], "not both"),
        (["brief", "--batch", "."], "give --out DIR"),
    ],
)
def test_brief_needs_exactly_one_of_file_and_batch(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_batch_of_a_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["brief", "--batch", str(tmp_path / "nope"), "--out", str(tmp_path / "o"),
              "--backend", "offline"]
    )  # fmt: skip
    assert result.exit_code == 3
    assert "not a directory" in result.stderr


def test_a_second_identical_batch_is_answered_from_the_cache(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    from summarizer.engine.cache import SqliteCache

    openai_server.responder = answering(aleppo_answer)
    texts = [variant(aleppo_text, n) for n in range(3)]
    with SqliteCache(tmp_path / "cache.sqlite3") as cache:  # empty, so falsy: must still be used
        first = summarize_many(texts, cache=cache, base_url=openai_server.base_url, **FAST)
        second = summarize_many(texts, cache=cache, base_url=openai_server.base_url, **FAST)
    assert len(openai_server.chat_requests) == 3
    assert all(isinstance(r, BriefResult) and r.cached and r.requests == 0 for r in second)
    assert [r.brief.model_dump() for r in second] == [r.brief.model_dump() for r in first]


def test_a_result_that_cannot_be_written_is_that_articles_failure(
    openai_server: FakeOpenAI, articles: Path, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    answer = answering(aleppo_answer)

    def responder(request: RecordedRequest) -> Reply:
        if "Dispatch number 1." in request.text():
            # A directory where the result should go: writing it fails with a real OSError,
            # as a full disk would, after the answer has arrived.
            (out / "story1.json").mkdir(parents=True)
        return answer(request)

    openai_server.responder = responder
    args = ["brief", "--batch", str(articles), "--out", str(out), "-j", "2",
            "--base-url", openai_server.base_url, "--max-retries", "0"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 3, result.output  # an I/O problem (documented 3), not a traceback
    assert "3 briefed, 0 skipped (already done), 1 failed" in result.stderr
    for n in (0, 2, 3):
        assert (out / f"story{n}.json").is_file()
    error = json.loads((out / "story1.error.json").read_text())
    assert error["error"] == "OutputError"
    assert error["message"].startswith(f"cannot write {out / 'story1.json'}")


def test_a_batch_keeps_the_grounded_part_of_a_failure_beside_its_error(
    openai_server: FakeOpenAI, articles: Path, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    ungrounded = json.loads(json.dumps(aleppo_answer))
    ungrounded["humanitarian"]["figures"][0]["count"] = 8200

    def responder(request: RecordedRequest) -> Reply:
        return Answer(ungrounded if "Dispatch number 1." in request.text() else aleppo_answer)

    openai_server.responder = responder
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["brief", "--batch", str(articles), "--out", str(out), "--base-url",
         openai_server.base_url, "--max-reasks", "0"],
    )  # fmt: skip
    assert result.exit_code == 5, result.output  # by default a batch fails, so a rerun retries
    error = json.loads((out / "story1.error.json").read_text())
    assert error["partial"]["partial"] is True
    assert [d["path"] for d in error["partial"]["dropped"]] == ["humanitarian.figures[0]"]


def test_an_ungrounded_articles_record_lists_one_problem_per_entry(
    openai_server: FakeOpenAI, articles: Path, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    bad = json.loads(json.dumps(aleppo_answer))
    for party in bad["parties"]:
        party["evidence"] = ["The rebels surrendered their weapons at noon."]
    openai_server.responder = lambda _request: Answer(bad)
    out = tmp_path / "out"
    args = ["brief", "--batch", str(articles), "--out", str(out), "--max-reasks", "0",
            "--base-url", openai_server.base_url, "--max-retries", "0"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 5, result.output
    record = json.loads((out / "story0.error.json").read_text())
    assert record["problems"] == [
        f"parties[{i}].evidence[0]: quote 'The rebels surrendered their weapons at noon.' "
        "does not occur in the article; copy the article's exact words."
        for i in range(len(bad["parties"]))
    ]
    assert record["message"].endswith(f"; and {len(bad['parties']) - 3} more")


def test_a_web_page_in_the_batch_is_briefed_by_its_main_text(
    articles: Path, aleppo_text: str, tmp_path: Path
) -> None:
    (articles / "story1.txt").write_bytes(article_html(variant(aleppo_text, 1)))
    out = tmp_path / "out"
    args = ["brief", "--batch", str(articles), "--out", str(out), "--backend", "offline"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (
        "4 briefed, 0 skipped (already done), 0 failed (1 HTML page(s), briefed by their "
        "main text)" in result.stderr
    )
    brief = json.loads((out / "story1.json").read_text())["brief"]
    assert "<" not in brief["situation"]["summary"]
    assert "Syrian rebels" in [p["name"] for p in brief["parties"]]


def test_ctrl_c_says_what_was_kept_and_in_flight_and_the_rerun_resumes(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    source = write_dispatches(tmp_path / "articles", aleppo_text, 6)

    def responder(request: RecordedRequest) -> Reply:
        quick = any(f"Dispatch number {n}." in request.text() for n in (0, 1))
        return Answer(aleppo_answer) if quick else Slow(30, Answer(aleppo_answer))

    openai_server.responder = responder
    out = tmp_path / "out"
    args = ["brief", "--batch", source, "--out", out, "-j", "2", "--max-retries", "0"]
    env = {"OPENAI_BASE_URL": openai_server.base_url}

    def two_kept_two_in_flight() -> None:
        wait_for(lambda: len(openai_server.chat_requests) == 4, what="two slow articles")
        wait_for(lambda: len(list(out.glob("story*.json"))) == 2, what="two results")

    assert interrupt_after(start_summarizer(args, env=env), two_kept_two_in_flight) == (
        f"summarizer: interrupted: 2 briefed and kept in {out}; 2 in flight, not kept; "
        "2 not started; run the same command to resume"
    )
    assert sorted(p.name for p in out.iterdir()) == ["story0.json", "story1.json"]

    openai_server.responder = lambda _request: Answer(aleppo_answer)
    again = run_summarizer(args, env=env)
    assert again.returncode == 0, again.stderr
    assert "4 briefed, 2 skipped (already done), 0 failed" in again.stderr
