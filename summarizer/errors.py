"""The one exception tree of summarizer.

Callers, the CLI and the Slack bot catch :class:`SummarizerError` and nothing wider.
Lower layers' exceptions (openai, instructor, httpx) are mapped onto this tree in
:mod:`summarizer.engine.client`; nothing from three libraries deep reaches a caller raw.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "FetchError",
    "InputError",
    "ModelOutputError",
    "OutputError",
    "ProviderError",
    "ProviderTimeout",
    "ProviderUnavailable",
    "RateLimited",
    "SummarizerError",
]


class SummarizerError(Exception):
    """Root of every error summarizer raises on purpose.

    ``attempts`` is how many requests were made before giving up (0 when none was sent);
    ``cause`` is the last underlying error, kept for logs, never shown with secrets.
    """

    def __init__(
        self, message: str, *, attempts: int = 0, cause: BaseException | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.attempts = attempts
        self.cause = cause

    def __str__(self) -> str:
        return self.message


class InputError(SummarizerError):
    """The article text is unusable: empty, binary, or longer than the configured limit."""


class OutputError(SummarizerError):
    """A result could not be written: a full disk, no permission, a closed output stream."""


class ConfigError(SummarizerError):
    """Settings are missing or contradictory (no model endpoint, a bad mode name, ...)."""


class ProviderError(SummarizerError):
    """The model endpoint failed and retries are exhausted (or the fault is not retryable)."""


class RateLimited(ProviderError):
    """The endpoint kept answering 429 Too Many Requests."""


class ProviderTimeout(ProviderError):
    """The endpoint did not answer within the configured timeout."""


class ProviderUnavailable(ProviderError):
    """The endpoint could not be reached, dropped the connection, or kept answering 5xx."""


class ModelOutputError(SummarizerError):
    """The model's answer stayed invalid or ungrounded after every re-ask.

    ``problems`` lists what was still wrong with the last answer.
    """

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        cause: BaseException | None = None,
        problems: list[str] | None = None,
    ) -> None:
        super().__init__(message, attempts=attempts, cause=cause)
        self.problems = problems or []


class FetchError(InputError):
    """A link gave no article: refused address, too big or slow, not a page, no main text."""
