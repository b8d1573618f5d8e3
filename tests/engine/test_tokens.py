"""Token counting: the offline estimate, and no tokenizer download ever."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.engine import tokens
from summarizer.engine.tokens import count_tokens, estimate_tokens


def test_the_estimate_follows_its_documented_rule() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("a" * 400) == 100  # one long "word": 4 characters per token
    assert estimate_tokens("an of to in " * 30) == 160  # short words: 4/3 tokens per word
    assert estimate_tokens("سوريا" * 10) == 25  # non-ASCII: 2 characters per token


def test_the_estimate_is_close_for_english_news(aleppo_text: str) -> None:
    # ~2,200 characters and 352 words: 4 chars/token would be ~550.
    assert 500 <= estimate_tokens(aleppo_text) <= 600


def test_an_empty_tiktoken_cache_means_the_estimate_not_a_download(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    tokens._exact_counter.cache_clear()
    try:
        assert count_tokens("Shelling hit the port.") == estimate_tokens("Shelling hit the port.")
        assert tokens.tokenizer_name().startswith("estimate")
    finally:
        tokens._exact_counter.cache_clear()
