"""The Batch API's lines: chat requests out, answers back in, validated like one brief.

No I/O: :func:`build_request` writes one JSONL request line and :func:`read_answer` reads
an answer back, both through instructor itself, replayed offline: instructor builds the
request (messages and structured-output schema for the configured mode, exactly as the
interactive path sends them), parses and validates the answer (schema and grounding), and
builds the re-ask for an invalid answer with its own re-ask for that mode (in tools mode a
``tool`` message answering the call). :func:`completion_of` reads one output line, turning
an HTTP failure or a malformed line into a :class:`ProviderError`; :func:`split_lines` cuts
a request file to the Batch API's per-file limits. The submit / collect state machine is in
:mod:`summarizer.batch.openai.api`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, Final

from instructor.core import InstructorRetryException
from openai.types.chat import ChatCompletion

from summarizer.brief.result import Usage
from summarizer.brief.schema import Brief
from summarizer.config import Mode, Settings
from summarizer.engine.client import read_completion, replay
from summarizer.engine.prompts import guide_for, load_prompt
from summarizer.errors import InputError, ModelOutputError, ProviderError

__all__ = [
    "CHAT_ENDPOINT",
    "MAX_FILE_BYTES",
    "MAX_REQUESTS",
    "Reask",
    "build_request",
    "check_size",
    "completion_of",
    "completion_usage",
    "custom_id_of",
    "read_answer",
    "serialise",
    "split_lines",
]

CHAT_ENDPOINT: Final = "/v1/chat/completions"
MAX_REQUESTS: Final = 50_000
"""Requests one Batch API input file may hold."""
MAX_FILE_BYTES: Final = 200 * 1024 * 1024
"""Size one Batch API input file may have (200 MB)."""

Reask = dict[str, Any]
"""The chat.completion body of a previous, invalid answer: what a re-ask answers."""


def build_request(
    custom_id: str,
    text: str,
    settings: Settings,
    *,
    reporting_date: dt.date | None = None,
    reask: Reask | None = None,
) -> dict[str, Any]:
    """One JSONL line: the chat request the interactive path would send for ``text``.

    With ``reask`` (an invalid answer's completion) it is the re-ask instructor would send
    after that answer.
    """
    messages = load_prompt("brief").render(
        text, reporting_date=reporting_date, field_guide=guide_for(settings.mode, Brief)
    )
    arguments: dict[str, Any] = {"model": settings.model, "messages": messages}
    if settings.temperature is not None:
        arguments["temperature"] = settings.temperature
    if settings.max_tokens is not None:
        arguments["max_tokens"] = settings.max_tokens
    body = _reask_request(arguments, reask, settings.mode, text) if reask is not None else None
    if body is None:  # no re-ask, or one that cannot help: the first request again
        body = _first_request(arguments, settings.mode, text)
    return {"custom_id": custom_id, "method": "POST", "url": CHAT_ENDPOINT, "body": body}


class _Captured(Exception):
    """Stops instructor once it has built a request: the Batch API sends it, not us."""


def _first_request(arguments: dict[str, Any], mode: Mode, text: str) -> dict[str, Any]:
    """The request instructor builds for ``arguments`` in ``mode``, with the validation
    context the interactive path gives it, so the two send the same bytes."""
    captured: dict[str, Any] = {}

    def capture(**kwargs: Any) -> Any:
        captured.update(kwargs)
        raise _Captured

    try:
        replay(capture, mode, Brief, context={"source": text}, **arguments)
    except Exception:  # instructor wraps our _Captured; without a capture it is real
        if not captured:
            raise
    return captured


def _reask_request(
    arguments: dict[str, Any], completion: Reask, mode: Mode, text: str
) -> dict[str, Any] | None:
    """The request instructor sends after ``completion`` failed validation (None when the
    answer is valid after all, e.g. the rules changed since)."""
    try:
        answer = ChatCompletion.model_validate(completion)
        replay(lambda **_: answer, mode, Brief, context={"source": text}, **arguments)
    except InstructorRetryException as exc:
        return dict(exc.create_kwargs or {}) or None
    except Exception:  # cut off or unreadable: a re-ask cannot fix it, ask again as before
        return None
    return None


def read_answer(completion: Reask, text: str, mode: Mode) -> Brief:
    """The answer in ``completion`` as a :class:`Brief` grounded in ``text``, read as
    instructor reads it in ``mode``; else :class:`ModelOutputError` (``problems`` say why)."""
    brief = read_completion(completion, mode, Brief, context={"source": text})
    if not isinstance(brief, Brief):  # pragma: no cover - read_completion checks the type
        raise ModelOutputError("the answer is not a brief")
    return brief


def serialise(request: dict[str, Any]) -> str:
    """One request as a JSONL line (newline included)."""
    return json.dumps(request, ensure_ascii=False) + "\n"


def check_size(line: str, max_bytes: int) -> int:
    """The size of ``line`` in bytes; :class:`InputError` when no file of ``max_bytes`` can
    hold it (a re-ask, carrying the previous answer, may no longer fit)."""
    length = len(line.encode())
    if length > max_bytes:
        custom_id = custom_id_of(json.loads(line)) or "a request"
        raise InputError(
            f"{custom_id}: the request is {length:,} bytes, over the Batch API's "
            f"{max_bytes:,}-byte file limit"
        )
    return length


def split_lines(
    lines: Sequence[str], *, max_requests: int = MAX_REQUESTS, max_bytes: int = MAX_FILE_BYTES
) -> list[list[str]]:
    """``lines`` (serialised JSONL lines, newline included) cut into consecutive files of at
    most ``max_requests`` lines and ``max_bytes`` bytes each.

    Raises :class:`InputError` for a single line over ``max_bytes``: no file can hold it.

    >>> split_lines(["a\\n", "b\\n", "c\\n"], max_requests=2)
    [['a\\n', 'b\\n'], ['c\\n']]
    """
    if max_requests < 1 or max_bytes < 1:
        raise ValueError("the limits must be positive")
    files: list[list[str]] = []
    current: list[str] = []
    size = 0
    for line in lines:
        length = check_size(line, max_bytes)
        if current and (len(current) == max_requests or size + length > max_bytes):
            files.append(current)
            current, size = [], 0
        current.append(line)
        size += length
    if current:
        files.append(current)
    return files


def custom_id_of(line: object) -> str | None:
    """The ``custom_id`` of an output line, or None when it has none (a malformed line)."""
    if isinstance(line, dict) and isinstance(line.get("custom_id"), str):
        return str(line["custom_id"])
    return None


def completion_of(line: dict[str, Any]) -> dict[str, Any]:
    """The chat.completion body of one output line.

    Raises :class:`ProviderError` when the request failed (an ``error``, a non-200 status)
    or when the line is not shaped like a batch output line.
    """
    error = line.get("error")
    if error:
        if isinstance(error, dict):
            code = error.get("code") or "error"
            raise ProviderError(f"{code}: {error.get('message') or 'request failed'}")
        raise ProviderError(f"the request failed: {error}")
    response = line.get("response")
    if not isinstance(response, dict):
        raise ProviderError("malformed batch output line: no 'response' object")
    code = response.get("status_code")
    body = response.get("body")
    if code != 200:
        message = (body.get("error") or {}).get("message") if isinstance(body, dict) else None
        raise ProviderError(f"HTTP {code}: {message or 'request failed'}")
    if not isinstance(body, dict):
        raise ProviderError("malformed batch output line: the response has no JSON 'body'")
    return body


def completion_usage(completion: dict[str, Any]) -> Usage:
    """The token usage a completion reports (zeros when it reports none)."""
    raw = completion.get("usage")
    raw = raw if isinstance(raw, dict) else {}

    def tokens(key: str) -> int:
        value = raw.get(key)
        return value if isinstance(value, int) and value >= 0 else 0

    details = raw.get("prompt_tokens_details")
    cached = details.get("cached_tokens") if isinstance(details, dict) else None
    return Usage(
        prompt_tokens=tokens("prompt_tokens"),
        completion_tokens=tokens("completion_tokens"),
        total_tokens=tokens("total_tokens"),
        cached_tokens=cached if isinstance(cached, int) and cached >= 0 else 0,
    )
