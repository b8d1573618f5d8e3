"""The eval runner against the local OpenAI-compatible server: full run, resume, a failing
document, cache hits."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import Settings
from summarizer.engine.cache import SqliteCache
from summarizer.errors import InputError
from summarizer.evals.dataset import load_fixtures
from summarizer.evals.report import build_report
from summarizer.evals.runner import PREDICTIONS_FILE, read_records, run_eval
from tests.evals.support import buggy_backend, fixture_of, oracle_responder, small_fixtures
from tests.fakes.openai_server import Answer, FakeOpenAI, RecordedRequest, Reply


def settings_for(server: FakeOpenAI, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "backend": "openai", "base_url": server.base_url, "api_key": "test", "model": "fake",
        "max_retries": 1, "backoff_initial": 0, "backoff_max": 0, "max_reasks": 0,
    }  # fmt: skip
    return Settings.resolve(env={}, **(values | overrides))


async def test_a_full_run_scores_every_document(openai_server: FakeOpenAI, tmp_path: Path) -> None:
    fixtures_dir = small_fixtures(tmp_path)
    openai_server.responder, seen = oracle_responder(fixtures_dir)
    fixtures = load_fixtures(fixtures_dir)
    records = await run_eval(fixtures, tmp_path / "run", settings=settings_for(openai_server),
                             concurrency=3)  # fmt: skip
    assert [r.id for r in records] == [f.id for f in fixtures]
    assert sorted(seen) == sorted(f.id for f in fixtures)
    for record in records:
        assert record.status == "ok"
        assert record.score.value("overall") == pytest.approx(1.0), record.score.metrics
        assert record.requests == 1 and record.attempts == 1 and record.tokens == 1200
    stored = read_records(tmp_path / "run" / PREDICTIONS_FILE)  # in order of completion
    assert sorted(stored, key=lambda r: r.id) == sorted(records, key=lambda r: r.id)


async def test_an_interrupted_run_resumes_with_the_missing_documents(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures_dir = small_fixtures(tmp_path)
    openai_server.responder, seen = oracle_responder(fixtures_dir)
    fixtures = load_fixtures(fixtures_dir)
    run_dir = tmp_path / "run"
    await run_eval(fixtures[:1], run_dir, settings=settings_for(openai_server))
    # The process died while writing the next record: half a line is left behind.
    with (run_dir / PREDICTIONS_FILE).open("a") as out:
        out.write('{"id": "' + fixtures[1].id + '", "status": "o')
    seen.clear()
    records = await run_eval(fixtures, run_dir, settings=settings_for(openai_server))
    assert sorted(seen) == sorted(f.id for f in fixtures[1:])
    assert [r.id for r in records] == [f.id for f in fixtures]
    assert all(r.status == "ok" for r in records)
    lines = (run_dir / PREDICTIONS_FILE).read_text().splitlines()
    assert len(lines) == len(fixtures)


async def test_a_document_that_always_fails_does_not_stop_the_others(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures_dir = small_fixtures(tmp_path)
    fixtures = load_fixtures(fixtures_dir)
    broken = fixtures[1].id
    openai_server.responder, seen = oracle_responder(fixtures_dir, failing={broken})
    records = await run_eval(fixtures, tmp_path / "run", settings=settings_for(openai_server),
                             concurrency=2)  # fmt: skip
    by_id = {r.id: r for r in records}
    assert by_id[broken].status == "failed"
    assert by_id[broken].error_type == "ProviderUnavailable"
    assert "HTTP 500" in (by_id[broken].error_message or "")
    assert by_id[broken].attempts == 2  # one try and one retry
    assert by_id[broken].score.value("overall") == 0.0
    assert seen.count(broken) == 2
    for fixture in fixtures:
        if fixture.id != broken:
            assert by_id[fixture.id].status == "ok"
            assert by_id[fixture.id].score.value("overall") == pytest.approx(1.0)
    # Resuming skips the failed document unless asked to retry it.
    seen.clear()
    await run_eval(fixtures, tmp_path / "run", settings=settings_for(openai_server))
    assert seen == []
    openai_server.responder, seen = oracle_responder(fixtures_dir)
    records = await run_eval(fixtures, tmp_path / "run", settings=settings_for(openai_server),
                             retry_failed=True)  # fmt: skip
    assert seen == [broken]
    assert all(r.status == "ok" for r in records)


async def test_an_ungrounded_answer_is_recorded_as_a_model_output_failure(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures_dir = small_fixtures(tmp_path, count=1)
    fixtures = load_fixtures(fixtures_dir)
    respond, _ = oracle_responder(fixtures_dir)

    def ungrounded(request):  # type: ignore[no-untyped-def]
        answer = respond(request)
        answer.payload["parties"][0]["evidence"] = ["A sentence the article never printed."]
        return answer

    openai_server.responder = ungrounded
    records = await run_eval(fixtures, tmp_path / "run", settings=settings_for(openai_server,
                             max_reasks=1))  # fmt: skip
    assert records[0].status == "failed"
    assert records[0].error_type == "ModelOutputError"
    assert len(openai_server.chat_requests) == 2  # the answer and one re-ask


async def test_a_second_identical_run_is_answered_from_the_cache(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures_dir = small_fixtures(tmp_path)
    openai_server.responder, _ = oracle_responder(fixtures_dir)
    fixtures = load_fixtures(fixtures_dir)
    settings = settings_for(openai_server)
    with SqliteCache(tmp_path / "cache.sqlite3") as cache:
        first = await run_eval(fixtures, tmp_path / "run1", settings=settings, cache=cache)
        assert len(openai_server.chat_requests) == len(fixtures)
        second = await run_eval(fixtures, tmp_path / "run2", settings=settings, cache=cache)
        assert len(openai_server.chat_requests) == len(fixtures)  # no new request
        assert all(r.cached and r.requests == 0 for r in second)
        assert [r.score for r in second] == [r.score for r in first]
        # Without the cache (--no-cache) every document is asked again.
        await run_eval(fixtures, tmp_path / "run3", settings=settings, cache=None)
        assert len(openai_server.chat_requests) == 2 * len(fixtures)
        # A different model is a different key.
        await run_eval(fixtures, tmp_path / "run4", settings=settings_for(openai_server,
                       model="other"), cache=cache)  # fmt: skip
        assert len(openai_server.chat_requests) == 3 * len(fixtures)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"model": "other"}, "model='fake'"),
        ({"mode": "json"}, "mode='tools'"),
        ({"temperature": 0.7}, "temperature=0.0"),
    ],
)
async def test_resuming_with_other_settings_is_refused(
    openai_server: FakeOpenAI, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    fixtures_dir = small_fixtures(tmp_path, count=2)
    openai_server.responder, seen = oracle_responder(fixtures_dir)
    fixtures = load_fixtures(fixtures_dir)
    await run_eval(fixtures[:1], tmp_path / "run", settings=settings_for(openai_server))
    with pytest.raises(InputError, match=message):
        await run_eval(fixtures, tmp_path / "run", settings=settings_for(openai_server, **change))
    assert seen == [fixtures[0].id]  # nothing was asked with the other settings


async def test_an_unexpected_exception_is_an_error_record_that_resuming_always_retries(
    tmp_path: Path,
) -> None:
    fixtures = load_fixtures(small_fixtures(tmp_path))
    broken = fixtures[1].id
    offline = Settings.resolve(env={}, backend="offline")
    with pytest.MonkeyPatch.context() as patch:
        buggy_backend(patch, broken)
        records = await run_eval(fixtures, tmp_path / "run", settings=offline, concurrency=2)
    by_id = {r.id: r for r in records}
    assert by_id[broken].status == "error"  # a bug, not a model failure
    assert by_id[broken].error_type == "TypeError"
    assert "support.py" in (by_id[broken].error_message or "")  # where it was raised
    assert by_id[broken].score.value("overall") == 0.0
    assert all(by_id[f.id].status == "ok" for f in fixtures if f.id != broken)
    # The bug fixed, a plain resume (no --retry-failed) runs that document again, only it.
    ran: list[str] = []
    records = await run_eval(fixtures, tmp_path / "run", settings=offline,
                             on_record=lambda r: ran.append(r.id))  # fmt: skip
    assert ran == [broken]
    assert all(r.status == "ok" for r in records)


async def test_documents_run_concurrently_within_the_bound(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures_dir = small_fixtures(tmp_path)
    openai_server.responder, _ = oracle_responder(fixtures_dir)
    latency = openai_server.latency = 0.3
    fixtures = load_fixtures(fixtures_dir)
    await run_eval(fixtures, tmp_path / "run", settings=settings_for(openai_server),
                   concurrency=2)  # fmt: skip
    arrivals = sorted(r.at for r in openai_server.chat_requests)
    # Overlap, not a stopwatch: the second request arrives while the first is still being
    # answered (one at a time it could not come before `latency`), and the third only once
    # one of them has been answered. Both hold however slow the machine is, bar a stall
    # as long as the latency itself.
    assert arrivals[1] - arrivals[0] < latency
    assert arrivals[2] - arrivals[0] >= latency - 0.01


async def test_a_partial_brief_is_scored_with_its_dropped_items_missing(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures_dir = small_fixtures(tmp_path)
    fixtures = load_fixtures(fixtures_dir)
    oracle, _ = oracle_responder(fixtures_dir)
    spoiled = fixtures[0].id

    def responder(request: RecordedRequest) -> Reply:
        reply = oracle(request)
        if fixture_of(request, fixtures).id == spoiled and isinstance(reply, Answer):
            assert isinstance(reply.payload, dict)
            reply.payload["parties"][0]["evidence"] = ["A sentence the article never printed."]
        return reply

    openai_server.responder = responder
    records = await run_eval(
        fixtures, tmp_path / "run", settings=settings_for(openai_server, partial=True)
    )
    by_id = {r.id: r for r in records}
    assert by_id[spoiled].status == "ok" and by_id[spoiled].partial
    assert by_id[spoiled].dropped >= 1
    assert by_id[spoiled].score.value("parties.recall") < 1.0  # the dropped party is a miss
    report = build_report(records)
    assert report.summary["partial_rate"] == pytest.approx(1 / len(fixtures))
    assert report.summary["dropped"] == pytest.approx(by_id[spoiled].dropped / len(fixtures))
