from __future__ import annotations

import pytest

from summarizer import InputError
from summarizer.engine.inputs import check_article


def test_plain_text_passes_unchanged() -> None:
    text = "Shelling hit the port of Kessa on Monday, officials said.\n"
    assert check_article(text, max_chars=1000) == text


def test_text_full_of_control_characters_is_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        check_article("ok" + "\x07\x1b" * 20, max_chars=1000)


def test_limit_message_says_how_to_raise_it() -> None:
    with pytest.raises(InputError, match="SUMMARIZER_MAX_INPUT_CHARS"):
        check_article("word " * 50, max_chars=100)
