"""What one article of a batch came to, and the record a failure leaves on disk.

Shared by the local runner (``summarizer brief --batch``) and the Batch API
(``summarizer batch``), which write the same ``<name>.error.json``.
"""

from __future__ import annotations

from typing import Any

from summarizer.brief.result import BriefResult
from summarizer.errors import ModelOutputError, SummarizerError

__all__ = ["Outcome", "error_record"]

Outcome = BriefResult | SummarizerError
"""What one article of a batch came to: its result, or the error that stopped it."""


def error_record(error: SummarizerError, *, article: str) -> dict[str, Any]:
    """The JSON written for a failed article: what failed, why, after how many attempts."""
    record: dict[str, Any] = {
        "article": article,
        "error": type(error).__name__,
        "message": str(error),
        "attempts": error.attempts,
    }
    if isinstance(error, ModelOutputError) and error.problems:
        record["problems"] = error.problems
    if error.partial is not None:
        # Nothing the model answered is lost: the grounded part stays with the failure,
        # and a rerun still tries for the whole brief.
        record["partial"] = error.partial.model_dump(mode="json")
    return record
