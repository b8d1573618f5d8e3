"""Helpers for eval tests: small fixture sets and an oracle model behind the fake server."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from summarizer.brief.grounding import normalise
from summarizer.evals import runner
from summarizer.evals.dataset import Fixture, load_fixtures
from tests.evals.oracle import gold_to_brief
from tests.fakes.openai_server import Answer, Fail, RecordedRequest, Reply

FIXTURES = Path(__file__).resolve().parents[2] / "evals" / "fixtures"
SMALL_SET = ["aleppo-2016-12-14", "brannoch-market-shelling"]


def complete_fixture_ids() -> list[str]:
    return sorted(
        p.name for p in FIXTURES.iterdir()
        if (p / "gold.yaml").is_file() and (p / "article.txt").is_file()
    )  # fmt: skip


def small_fixtures(tmp_path: Path, count: int = 3) -> Path:
    """A fixtures directory under ``tmp_path`` with the seed, the market shelling and more."""
    chosen = SMALL_SET + [i for i in complete_fixture_ids() if i not in SMALL_SET]
    target = tmp_path / "fixtures"
    for fixture_id in chosen[:count]:
        destination = target / fixture_id
        destination.mkdir(parents=True)
        for name in ("article.txt", "gold.yaml"):
            shutil.copy(FIXTURES / fixture_id / name, destination / name)
    return target


def fixture_of(request: RecordedRequest, fixtures: list[Fixture]) -> Fixture:
    """The fixture whose article the request carries."""
    text = normalise(request.text())
    for fixture in fixtures:
        if normalise(fixture.article.strip()[:300]) in text:
            return fixture
    raise AssertionError("the request carries no known fixture article")


def oracle_responder(
    fixtures_dir: Path, *, failing: set[str] | None = None
) -> tuple[Callable[[RecordedRequest], Reply], list[str]]:
    """A responder answering each article with its oracle brief (or 500 for ``failing`` ids),
    and the list it appends each requested fixture id to."""
    fixtures = load_fixtures(fixtures_dir)
    briefs = {f.id: gold_to_brief(f.gold, f.article).model_dump(mode="json") for f in fixtures}
    seen: list[str] = []

    def respond(request: RecordedRequest) -> Reply:
        fixture = fixture_of(request, fixtures)
        seen.append(fixture.id)
        if failing and fixture.id in failing:
            return Fail(500, message="model crashed on this article")
        return Answer(briefs[fixture.id], prompt_tokens=1000, completion_tokens=200)

    return respond, seen


def buggy_backend(monkeypatch: pytest.MonkeyPatch, broken: str) -> None:
    """Make the eval runner's backend raise a TypeError (a bug, not a SummarizerError) on the
    article of fixture ``broken``, and work normally on every other article."""
    fixtures = {f.id: f for f in load_fixtures(FIXTURES)}
    target = fixtures[broken].article
    real = runner.asummarize

    async def summarize(text: str, **kwargs: Any) -> Any:
        if text == target:
            raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")
        return await real(text, **kwargs)

    monkeypatch.setattr(runner, "asummarize", summarize)
