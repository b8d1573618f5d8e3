"""Shared by the engine tests: one call to the local OpenAI server, with fast back-off."""

from __future__ import annotations

from typing import Any

from summarizer import BriefResult, summarize
from tests.fakes.openai_server import FakeOpenAI

FAST = {"backoff_initial": 0.01, "backoff_max": 0.05}
"""Back-off short enough for tests that retry."""


def run(server: FakeOpenAI, text: str, **overrides: Any) -> BriefResult:
    """``summarize`` against ``server`` (model "test-model"), overrides winning."""
    return summarize(text, base_url=server.base_url, model="test-model", **(FAST | overrides))
