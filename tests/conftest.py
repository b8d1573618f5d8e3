"""Shared fixtures: local stand-ins that speak the real protocols (no mocks, no internet)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = [
    "tests.fakes.openai_server",
    "tests.fakes.openai_batches",
    "tests.fakes.slack_api",
    "tests.fakes.slack_socket_mode",
    "tests.fakes.web_pages",
    "tests.fakes.browser",
]

DATA = Path(__file__).parent / "data"
SEED_ARTICLE = (
    Path(__file__).parent.parent / "evals" / "fixtures" / "aleppo-2016-12-14" / "article.txt"
)


@pytest.fixture
def aleppo_text() -> str:
    """The seed article, as bundled in the repository (the eval fixture's copy)."""
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def aleppo_answer() -> dict[str, Any]:
    """A valid, grounded model answer for the seed article (a fresh copy per test)."""
    data: dict[str, Any] = json.loads((DATA / "aleppo_brief.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may pick up a developer's real key, endpoint, settings or cache."""
    for var in list(os.environ):
        if var.startswith(("OPENAI_", "SUMMARIZER_", "SLACK_")):
            monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
