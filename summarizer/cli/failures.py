"""What the failed documents of an eval run mean for the command: one line of reasons and
an exit code, chosen as ``brief --batch`` chooses its own.

A run whose documents failed (the backend gave up: endpoint down, answers invalid, ...)
exits with the failures' code — 3 input or output, 4 endpoint, 5 model output, 1 when they
differ — unless ``--max-failure-rate`` accepts that many; either way the reasons are said.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from summarizer import errors
from summarizer.cli.common import exit_code_of, shared_exit_code
from summarizer.evals.runner import DocumentRecord

__all__ = ["FailureVerdict", "judge_failures"]

_MESSAGE_CHARS = 200
"""Each reason's message is cut to this length: the line names, report.md details."""


@dataclass(frozen=True)
class FailureVerdict:
    """The failed documents of a run, judged: the line to print and what it means."""

    line: str
    over_limit: bool
    code: int


def _code_of(error_type: str) -> int:
    kind = getattr(errors, error_type, None)
    if isinstance(kind, type) and issubclass(kind, errors.SummarizerError):
        return exit_code_of(kind)
    return 1


def _reasons(failed: Sequence[DocumentRecord]) -> str:
    """Each kind of failure with how many documents met it and its most frequent message."""
    by_type = Counter(r.error_type or "Error" for r in failed)
    parts = []
    for error_type, count in by_type.most_common():
        messages = Counter(r.error_message or "" for r in failed if r.error_type == error_type)
        message = messages.most_common(1)[0][0]
        if len(message) > _MESSAGE_CHARS:
            message = message[: _MESSAGE_CHARS - 3] + "..."
        parts.append(f"{error_type} ({count}): {message}")
    return "; ".join(parts)


def judge_failures(
    records: Sequence[DocumentRecord], *, max_failure_rate: float, report: Path
) -> FailureVerdict | None:
    """None when no document failed; else the verdict on the ``failed`` records.

    More than ``max_failure_rate`` (a share, 0 to 1) of the documents failing is over the
    limit; the code is the failures' kind (3, 4, 5, 2), or 1 when the kinds differ.
    """
    failed = [r for r in records if r.status == "failed"]
    if not failed:
        return None
    over = len(failed) / len(records) > max_failure_rate
    counted = f"{len(failed)} of {len(records)} documents failed"
    if max_failure_rate > 0:
        within = "over" if over else "within"
        counted += f" ({within} --max-failure-rate {max_failure_rate:g})"
    return FailureVerdict(
        line=f"{counted}: {_reasons(failed)}; see {report}",
        over_limit=over,
        code=shared_exit_code(_code_of(r.error_type or "") for r in failed),
    )
