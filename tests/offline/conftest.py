"""The seed article for the offline tests, read from the repository (CI has only the repo)."""

from __future__ import annotations

import pytest

from tests.conftest import SEED_ARTICLE


@pytest.fixture(scope="session")
def aleppo() -> str:
    """The seed article's text."""
    return SEED_ARTICLE.read_text(encoding="utf-8")
