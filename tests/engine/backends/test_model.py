"""The model backend's bounds: an answer-token cap sized to the article, a deadline over the
whole brief, and partial briefs that keep what is grounded."""

from __future__ import annotations

import copy
import json
import time
from typing import Any

import pytest

from summarizer import DeadlineExceeded, ModelOutputError
from summarizer.brief.grounding import grounding_problems
from summarizer.engine.backends.model import answer_budget
from summarizer.engine.tokens import count_tokens
from tests.engine.support import cut_off, run
from tests.fakes.openai_server import (
    Answer,
    FakeOpenAI,
    RecordedRequest,
    Reply,
    Slow,
)


def test_every_request_caps_the_answer_at_a_size_fit_for_a_full_brief(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.enqueue(Answer(aleppo_answer))
    run(openai_server, aleppo_text)
    sent = openai_server.chat_requests[0].body["max_tokens"]
    assert sent == answer_budget(count_tokens(aleppo_text))
    # Room for the whole canned answer (a capable model's brief of this article).
    assert sent > 1.5 * count_tokens(str(aleppo_answer))


def test_the_deadline_bounds_the_whole_brief_across_retries(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.responder = lambda _r: Slow(5.0, Answer(aleppo_answer))
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match=r"deadline of 1 s.*SUMMARIZER_DEADLINE"):
        run(openai_server, aleppo_text, deadline=1.0, timeout=30, max_retries=5)
    assert time.monotonic() - started < 2.5  # neither the 30 s timeout nor five retries


def _with_bad_figure(answer: dict[str, Any]) -> dict[str, Any]:
    bad = copy.deepcopy(answer)
    bad["humanitarian"]["figures"][0]["count"] = 8200
    return bad


def test_a_partial_brief_keeps_what_is_grounded_when_asked(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.responder = lambda _r: Answer(_with_bad_figure(aleppo_answer))
    result = run(openai_server, aleppo_text, max_reasks=1, partial=True)
    assert result.partial and result.attempts == 2
    assert [d.path for d in result.dropped] == ["humanitarian.figures[0]"]
    assert "count 8200 does not occur" in result.dropped[0].reason
    assert (
        len(result.brief.humanitarian.figures) == len(aleppo_answer["humanitarian"]["figures"]) - 1
    )
    assert grounding_problems(result.brief, aleppo_text) == []
    assert result.notes and result.notes[0].startswith("Partial brief: 1 item(s)")


def test_without_partial_the_error_carries_the_grounded_part(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.responder = lambda _r: Answer(_with_bad_figure(aleppo_answer))
    with pytest.raises(ModelOutputError) as caught:
        run(openai_server, aleppo_text, max_reasks=1)
    kept = caught.value.partial
    assert kept is not None and kept.partial
    assert grounding_problems(kept.brief, aleppo_text) == []


def test_a_deadline_during_a_reask_keeps_the_earlier_answer(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    answers = [Answer(_with_bad_figure(aleppo_answer)), Slow(5.0, Answer(aleppo_answer))]

    def responder(request: RecordedRequest) -> Reply:
        return answers.pop(0)

    openai_server.responder = responder
    result = run(openai_server, aleppo_text, deadline=1.0, partial=True)
    assert result.partial
    assert any("deadline" in note for note in result.notes)
    assert grounding_problems(result.brief, aleppo_text) == []


def test_an_answer_that_never_parses_leaves_nothing_to_keep(
    openai_server: FakeOpenAI, aleppo_text: str
) -> None:
    openai_server.responder = lambda _r: Answer("not json at all")
    with pytest.raises(ModelOutputError) as caught:
        run(openai_server, aleppo_text, max_reasks=1, partial=True)
    assert caught.value.partial is None


@pytest.mark.parametrize("mode", ["tools", "json_schema", "md_json"])
def test_an_answer_cut_off_mid_json_keeps_its_whole_grounded_items(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any], mode: str
) -> None:
    whole = json.dumps(aleppo_answer)
    cut = whole[: whole.index('"humanitarian"') + 40]  # parties done, figures half written
    if mode == "md_json":
        cut = "```json\n" + cut

    openai_server.responder = cut_off(cut)
    result = run(openai_server, aleppo_text, mode=mode, max_reasks=0, partial=True)
    assert result.partial
    assert result.dropped[0].path == "(answer)" and "cut off" in result.dropped[0].reason
    assert [p.name for p in result.brief.parties] == [p["name"] for p in aleppo_answer["parties"]]
    assert result.brief.humanitarian.figures == []
    assert grounding_problems(result.brief, aleppo_text) == []


def test_a_cut_off_answer_with_nothing_grounded_is_still_an_error(
    openai_server: FakeOpenAI, aleppo_text: str
) -> None:
    openai_server.responder = cut_off('{"situation": {"summ')
    with pytest.raises(ModelOutputError, match="cut off"):
        run(openai_server, aleppo_text, max_reasks=0, partial=True)


def test_every_answer_and_its_problems_are_kept_in_order(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.enqueue(Answer(_with_bad_figure(aleppo_answer)), Answer(aleppo_answer))
    result = run(openai_server, aleppo_text)
    first, second = result.exchanges
    assert json.loads(first.answer)["humanitarian"]["figures"][0]["count"] == 8200
    assert any("count 8200 does not occur" in p for p in first.problems)
    assert json.loads(second.answer) == aleppo_answer and second.problems == []
