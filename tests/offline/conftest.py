"""The seed article, read from the repository (CI has only the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[2]
_CANDIDATES = (
    _ROOT / "evals" / "fixtures" / "aleppo-2016-12-14" / "article.txt",
    _ROOT / "tests" / "data" / "aleppo.txt",
)


@pytest.fixture(scope="session")
def aleppo() -> str:
    """The seed article's text."""
    for path in _CANDIDATES:
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.fail("seed article missing: evals/fixtures/aleppo-2016-12-14/article.txt")
