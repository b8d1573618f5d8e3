"""Input checks: refuse unusable article text before any request is sent.

Reading files and decoding bytes is :mod:`summarizer.sources.files`; this checks the text.
"""

from __future__ import annotations

from summarizer.errors import InputError

__all__ = ["check_article"]

# Control characters other than tab, newline and carriage return do not occur in articles;
# more than a few of them means we were handed a binary file.
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_MAX_CONTROL_SHARE = 0.01


def check_article(text: object, *, max_chars: int) -> str:
    """Return ``text`` if it is usable article text, else raise :class:`InputError`.

    >>> check_article("  ", max_chars=100)
    Traceback (most recent call last):
    ...
    summarizer.errors.InputError: the article is empty (only whitespace)
    """
    if isinstance(text, bytes | bytearray):
        raise InputError("the article must be str, not bytes; decode it first (UTF-8)")
    if not isinstance(text, str):
        raise InputError(f"the article must be str, not {type(text).__name__}")
    if not text.strip():
        raise InputError("the article is empty" + (" (only whitespace)" if text else ""))
    if "\x00" in text:
        raise InputError("the article looks like binary data (it contains NUL characters)")
    controls = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)
    replacements = text.count("\ufffd")
    if (controls + replacements) > max(3, _MAX_CONTROL_SHARE * len(text)):
        raise InputError(
            "the article looks like binary data (control or undecodable characters); "
            "pass plain text"
        )
    if len(text) > max_chars:
        raise InputError(
            f"the article is {len(text):,} characters, over the limit of {max_chars:,} "
            "(raise max_input_chars / SUMMARIZER_MAX_INPUT_CHARS to allow it)"
        )
    return text
