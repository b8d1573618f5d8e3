"""Answers a capable model would give, replayed: each is accepted at the first attempt.

The answers were written by hand by assistants standing in for a capable model (one pass,
reading only the request; see evals/runs/hand-written-capable/README.md). Replayed through
the real client against the local server and today's validator, a correct answer must never
be sent back: a re-ask costs a second full prompt and answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarizer import summarize
from summarizer.evals.dataset import default_fixtures_dir
from tests.fakes.openai_server import Answer, FakeOpenAI

ANSWERS = (
    Path(__file__).resolve().parents[2] / "evals" / "runs" / "hand-written-capable" / "answers"
)


def _first_answers() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(ANSWERS.glob("*.json")):
        recorded = json.loads(path.read_text(encoding="utf-8"))
        found.append((path.stem, next(a["answer"] for a in recorded if not a["reask"])))
    return found


def test_every_fixture_has_a_recorded_answer() -> None:
    fixtures = {p.name for p in default_fixtures_dir().iterdir() if (p / "gold.yaml").is_file()}
    assert {fixture for fixture, _ in _first_answers()} == fixtures


@pytest.mark.parametrize(
    ("fixture", "answer"), _first_answers(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_a_capable_models_first_answer_is_accepted(
    openai_server: FakeOpenAI, fixture: str, answer: dict[str, Any]
) -> None:
    article = (default_fixtures_dir() / fixture / "article.txt").read_text(encoding="utf-8")
    openai_server.enqueue(Answer(answer))
    result = summarize(article, base_url=openai_server.base_url, model="hand-written", max_reasks=0)
    assert result.attempts == 1 and not result.partial
    assert len(openai_server.chat_requests) == 1
