"""The Batch API's lines: chat requests out, answers back in, validated like one brief.

Pure functions, no I/O: :func:`build_request` writes one JSONL request line (the same
messages and structured-output schema the interactive path sends for the configured mode,
optionally as a re-ask); :func:`completion_of` reads one output line back, turning an
HTTP failure or a malformed line into a :class:`ProviderError`; :func:`parse_answer` takes
the answer's JSON out of the completion and :func:`validate_answer` checks it against the
article (schema and grounding, as instructor would). :func:`split_lines` cuts a request
file to the Batch API's per-file limits. The submit / collect state machine is in
:mod:`summarizer.batch.openai.api`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, Final

from instructor.processing.response import handle_response_model
from pydantic import ValidationError

from summarizer.brief.result import Usage
from summarizer.brief.schema import Brief
from summarizer.config import Settings
from summarizer.engine.client import INSTRUCTOR_MODES, validation_problems
from summarizer.engine.prompts import load_prompt
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
    "parse_answer",
    "serialise",
    "split_lines",
    "validate_answer",
]

CHAT_ENDPOINT: Final = "/v1/chat/completions"
MAX_REQUESTS: Final = 50_000
"""Requests one Batch API input file may hold."""
MAX_FILE_BYTES: Final = 200 * 1024 * 1024
"""Size one Batch API input file may have (200 MB)."""

Reask = tuple[str, list[str]]
"""A previous answer's text and what was wrong with it."""


def build_request(
    custom_id: str,
    text: str,
    settings: Settings,
    *,
    reporting_date: dt.date | None = None,
    reask: Reask | None = None,
) -> dict[str, Any]:
    """One JSONL line: the chat request the interactive path would send for ``text``.

    ``reask`` = (previous answer, problems) turns it into a re-ask, as instructor does.
    """
    messages = load_prompt("brief").render(text, reporting_date=reporting_date)
    if reask is not None:
        answer, problems = reask
        messages += [
            {"role": "assistant", "content": answer},
            {
                "role": "user",
                "content": "Your answer was invalid. Fix each problem and answer again:\n- "
                + "\n- ".join(problems),
            },
        ]
    _, kwargs = handle_response_model(
        Brief, mode=INSTRUCTOR_MODES[settings.mode], messages=messages
    )
    body: dict[str, Any] = {"model": settings.model, **kwargs}
    if settings.temperature is not None:
        body["temperature"] = settings.temperature
    return {"custom_id": custom_id, "method": "POST", "url": CHAT_ENDPOINT, "body": body}


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

    return Usage(
        prompt_tokens=tokens("prompt_tokens"),
        completion_tokens=tokens("completion_tokens"),
        total_tokens=tokens("total_tokens"),
    )


def parse_answer(completion: dict[str, Any]) -> str:
    """The JSON text of a chat.completion body: the tool call's arguments, or the content."""
    choices = completion.get("choices") or []
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise ModelOutputError("the answer has no choices")
    choice = choices[0]
    if choice.get("finish_reason") == "length":
        raise ModelOutputError("the model's answer was cut off by its output token limit")
    message = choice.get("message")
    message = message if isinstance(message, dict) else {}
    for call in message.get("tool_calls") or []:
        function = call.get("function") if isinstance(call, dict) else None
        arguments = function.get("arguments") if isinstance(function, dict) else None
        if isinstance(arguments, str):
            return arguments
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        raise ModelOutputError("the answer is empty")
    content = content.strip()
    if content.startswith("```"):  # md_json mode: a fenced block
        content = content.split("\n", 1)[-1].rsplit("```", 1)[0]
    return content


def validate_answer(answer: str, text: str) -> Brief:
    """``answer`` as a :class:`Brief` grounded in ``text``, else :class:`ModelOutputError`
    whose ``problems`` are the re-ask's content."""
    try:
        return Brief.model_validate_json(answer, context={"source": text})
    except ValidationError as exc:
        problems = validation_problems(exc)
        raise ModelOutputError(
            "the answer is invalid or ungrounded: " + problems[0], problems=problems
        ) from None
