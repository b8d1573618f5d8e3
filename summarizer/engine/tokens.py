"""Token counting that never touches the network.

Chunking and the overhead figures need token counts before any request is sent. The exact
tokenizer (``tiktoken``) fetches its BPE tables over HTTP on first use, so it is used only
when it is installed *and* its tables are already in a local cache (``TIKTOKEN_CACHE_DIR``);
otherwise, and silently, a documented estimate stands in:

    tokens ~= max(ceil(ascii_chars / 4 + other_chars / 2), ceil(words * 4 / 3))

English news prose runs at about 4 characters and 0.75 words per token in OpenAI's
``cl100k``/``o200k`` encodings; taking the larger of the two rules makes the estimate lean
high (chunks come out a little smaller than the budget, never larger). Expect it within
about 15 % of the true count for English prose, and high for number-heavy tables. Scripts
outside ASCII (Arabic, Cyrillic, CJK) cost more tokens per character, hence 2 characters
per token for them.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

__all__ = ["CHARS_PER_TOKEN", "count_tokens", "estimate_tokens", "tokenizer_name"]

CHARS_PER_TOKEN = 4.0
"""Characters per token assumed for ASCII text (English prose)."""
_OTHER_CHARS_PER_TOKEN = 2.0
_TOKENS_PER_WORD = 4 / 3
_WORD = re.compile(r"\S+")
# tiktoken caches each table under the SHA-1 of its download URL; if that file is absent,
# get_encoding would download it, so we check first (a changed layout just means "absent").
_O200K_URL = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"


def estimate_tokens(text: str) -> int:
    """The documented offline estimate of ``text``'s token count (see the module docstring).

    >>> estimate_tokens("The UN said at least 82 civilians were killed.")
    12
    """
    if not text:
        return 0
    ascii_chars = len(text.encode("ascii", "ignore"))
    other_chars = len(text) - ascii_chars
    by_chars = ascii_chars / CHARS_PER_TOKEN + other_chars / _OTHER_CHARS_PER_TOKEN
    by_words = len(_WORD.findall(text)) * _TOKENS_PER_WORD
    return max(1, math.ceil(max(by_chars, by_words)))


@cache
def _exact_counter() -> tuple[str, Callable[[str], int]] | None:
    """tiktoken's o200k counter, only when its tables are already cached on disk."""
    cache_dir = os.environ.get("TIKTOKEN_CACHE_DIR")
    # Without an explicit, populated cache tiktoken would download: never do that.
    cached = Path(cache_dir or "") / hashlib.sha1(_O200K_URL.encode()).hexdigest()
    if not cache_dir or not cached.is_file():
        return None
    try:
        import tiktoken  # type: ignore[import-not-found, unused-ignore]

        encoding = tiktoken.get_encoding("o200k_base")
    except Exception:  # not installed, not cached, corrupt: fall back to the estimate
        return None

    def count(text: str) -> int:
        return len(encoding.encode(text, disallowed_special=()))

    return "tiktoken o200k_base", count


def count_tokens(text: str) -> int:
    """Tokens in ``text``: exact when tiktoken's tables are cached locally, else estimated."""
    exact = _exact_counter()
    return exact[1](text) if exact else estimate_tokens(text)


def tokenizer_name() -> str:
    """Which counter :func:`count_tokens` uses, for reports and benchmarks."""
    exact = _exact_counter()
    return exact[0] if exact else "estimate (max of chars/4 and words*4/3)"
