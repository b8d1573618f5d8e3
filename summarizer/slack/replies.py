"""The short texts the bot says to a user: usage, progress, and errors made safe to show.

An error message may carry text from a lower layer (an endpoint's error body, a URL), so
every message shown in Slack goes through :func:`redact`, which removes anything shaped like
a Slack or OpenAI credential and any secret the bot was configured with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarizer.errors import (
    ConfigError,
    FetchError,
    InputError,
    ModelOutputError,
    ProviderError,
    SummarizerError,
)
from summarizer.slack.source import ArticleSource

__all__ = [
    "MAX_REPLY_CHARS",
    "USAGE",
    "error_reply",
    "redact",
    "unexpected_reply",
    "working_reply",
]

MAX_REPLY_CHARS = 400

USAGE = (
    "Give me an article to brief: `/brief https://example.org/news/article` or "
    "`/brief` followed by the pasted article text."
)

_SECRET_SHAPES = re.compile(
    r"(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-[A-Za-z0-9_\-*]{6,}"
    r"|Bearer\s+\S+|api[_-]?key[=:]\s*\S+)",
    re.IGNORECASE,
)
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with known secrets and credential-shaped strings replaced by ``[redacted]``."""
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[redacted]")
    return _SECRET_SHAPES.sub("[redacted]", text)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_REPLY_CHARS else text[: MAX_REPLY_CHARS - 1] + "…"


def error_reply(exc: SummarizerError, secrets: Iterable[str] = ()) -> str:
    """One or two sentences telling the user what went wrong and what they can do."""
    detail = redact(exc.message, secrets).rstrip(".")
    if isinstance(exc, FetchError):
        text = f"I couldn't get an article from that link: {detail}."
    elif isinstance(exc, InputError):
        text = f"I can't brief that: {detail}."
    elif isinstance(exc, ProviderError):
        text = (
            f"The model service is not answering properly right now ({detail}). "
            "Please try again in a few minutes."
        )
    elif isinstance(exc, ModelOutputError):
        text = (
            "The model could not produce a brief grounded in the article "
            f"after {exc.attempts} attempt(s). Try again, or paste the article text."
        )
    elif isinstance(exc, ConfigError):
        text = f"The bot is not configured correctly ({detail}); tell whoever runs it."
    else:
        text = f"Something went wrong: {detail}."
    return _short(text)


def unexpected_reply() -> str:
    """What the user sees when the bot itself failed; the details go to the server log."""
    return "Something went wrong on my side; the error was logged. Please try again later."


def working_reply(source: ArticleSource, user_id: str | None) -> str:
    """The placeholder posted while the brief is written: safe mrkdwn, no article text."""
    who = f"<@{user_id}> asked for a brief. " if user_id and _USER_ID.match(user_id) else ""
    if source.url:
        return f"{who}Reading the linked article and writing a brief…"
    chars = len(source.text or "")
    return f"{who}Writing a brief of the pasted text ({chars:,} characters)…"
