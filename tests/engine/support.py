"""Shared by the engine tests: one call to the local OpenAI server, with fast back-off, and
answers it can give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from summarizer import BriefResult, summarize
from tests.fakes.openai_server import (
    Answer,
    FakeOpenAI,
    Raw,
    RecordedRequest,
    Reply,
    completion_body,
)

FAST = {"backoff_initial": 0.01, "backoff_max": 0.05}
"""Back-off short enough for tests that retry."""


def run(server: FakeOpenAI, text: str, **overrides: Any) -> BriefResult:
    """``summarize`` against ``server`` (model "test-model"), overrides winning."""
    return summarize(text, base_url=server.base_url, model="test-model", **(FAST | overrides))


def cut_off(payload: str) -> Callable[[RecordedRequest], Reply]:
    """A responder answering every request with ``payload`` stopped at the answer-token cap
    (``finish_reason`` "length"), as a model that ran out of tokens mid-answer does."""

    def answer(request: RecordedRequest) -> Reply:
        body = completion_body(request.body, Answer(payload), number=1)
        body["choices"][0]["finish_reason"] = "length"
        return Raw(body)

    return answer
