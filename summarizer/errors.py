"""The one exception tree of summarizer.

Callers, the CLI and the Slack bot catch :class:`SummarizerError` and nothing wider.
Lower layers' exceptions (openai, instructor, httpx) are mapped onto this tree in
:mod:`summarizer.engine.client`; nothing from three libraries deep reaches a caller raw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarizer.brief.result import BriefResult

__all__ = [
    "ConfigError",
    "DeadlineExceeded",
    "FetchError",
    "InputError",
    "ModelOutputError",
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
    ``partial`` is the grounded part of the model's last answer, when one could be kept
    (a :class:`~summarizer.brief.result.BriefResult` marked ``partial``; see
    ``summarize(..., partial=True)`` to get it as the result instead of an error).
    """

    def __init__(
        self, message: str, *, attempts: int = 0, cause: BaseException | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.attempts = attempts
        self.cause = cause
        self.partial: BriefResult | None = None

    def __str__(self) -> str:
        return self.message


class InputError(SummarizerError):
    """The article text is unusable: empty, binary, or longer than the configured limit."""


class ConfigError(SummarizerError):
    """Settings are missing or contradictory (no model endpoint, a bad mode name, ...)."""


class ProviderError(SummarizerError):
    """The model endpoint failed and retries are exhausted (or the fault is not retryable)."""


class RateLimited(ProviderError):
    """The endpoint kept answering 429 Too Many Requests."""


class ProviderTimeout(ProviderError):
    """The endpoint did not answer within the configured timeout."""


class DeadlineExceeded(ProviderTimeout):
    """The brief took longer than its deadline, over all attempts and chunks."""


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
