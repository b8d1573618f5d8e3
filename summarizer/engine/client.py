"""The model client: one OpenAI-compatible endpoint, two bounded kinds of retry.

- Transport faults (429 honouring ``Retry-After``, 5xx, timeouts, dropped connections) are
  retried here by tenacity, per HTTP request, with exponential back-off and jitter. The openai
  SDK's own retries are switched off so that exactly one layer owns them.
- Invalid or ungrounded answers are re-asked by instructor, which sits on top of the
  retrying ``create`` function and appends the validation errors to the conversation.

:func:`map_error` is the one place where openai / instructor / httpx exceptions become
:class:`~summarizer.errors.SummarizerError` subclasses.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import os
import ssl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import httpx
import instructor
import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from summarizer.brief.partial import CUT_OFF, DroppedItem, cut_off_answer, is_empty, salvage
from summarizer.brief.result import Exchange, Usage
from summarizer.brief.schema import Brief
from summarizer.config import Mode, Settings
from summarizer.deadline import Deadline
from summarizer.errors import (
    DeadlineExceeded,
    ModelOutputError,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    SummarizerError,
)

__all__ = [
    "INSTRUCTOR_MODES",
    "CallStats",
    "StructuredClient",
    "for_a_person",
    "map_error",
    "problems_summary",
    "read_completion",
    "replay",
    "replaying",
    "validation_problems",
]

# Our mode names -> instructor's, for live calls and for replays (which build the Batch API's
# requests), so both send the same.
INSTRUCTOR_MODES = {
    Mode.TOOLS: instructor.Mode.TOOLS,
    Mode.JSON_SCHEMA: instructor.Mode.JSON_SCHEMA,
    Mode.JSON: instructor.Mode.JSON,
    Mode.MD_JSON: instructor.Mode.MD_JSON,
}

# Local servers (Ollama, vLLM, llama.cpp) accept any key, but the SDK insists on one.
_PLACEHOLDER_KEY = "not-needed"


@dataclass
class CallStats:
    """What one structured call cost: HTTP requests, model answers, summed token usage, and
    the answers themselves (the last well-formed one can become a partial brief)."""

    requests: int = 0
    answers: int = 0
    usage: Usage = field(default_factory=Usage)
    completions: list[Any] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)

    def add(self, other: CallStats) -> None:
        """Count ``other`` (a sub-call, e.g. one chunk) into these stats."""
        self.requests += other.requests
        self.answers += other.answers
        self.usage = self.usage + other.usage
        self.exchanges += other.exchanges

    def _answered(self, completion: Any) -> None:
        self.answers += 1
        self.usage = self.usage + _usage_of(completion)
        self.completions.append(completion)
        self.exchanges.append(Exchange(answer=_answer_text(completion, whole=True) or ""))

    def _rejected(self, error: BaseException, *_: Any, **__: Any) -> None:
        """instructor's parse-error hook: what was wrong with the latest answer."""
        if self.exchanges:
            problems = (
                validation_problems(error)
                if isinstance(error, ValidationError)
                else [_first_line(error)]
            )
            self.exchanges[-1] = self.exchanges[-1].model_copy(update={"problems": problems})

    def grounded_part(self, source: str, mode: Mode) -> tuple[Brief, list[DroppedItem]] | None:
        """The grounded part of the latest well-formed brief among the answers, and what
        was cut from it (:func:`summarizer.brief.partial.salvage`); None when no answer was
        a well-formed brief."""
        for completion in reversed(self.completions):
            lost: list[DroppedItem] = []
            candidate: BaseModel | None
            try:
                candidate = read_completion(completion, mode, Brief)  # well-formed only
            except SummarizerError:
                # An answer cut off by max_tokens may still hold whole items before the cut.
                text = _answer_text(completion)
                candidate = cut_off_answer(text) if text else None
                lost = [CUT_OFF]
            if isinstance(candidate, Brief):
                brief, dropped = salvage(candidate, source)
                if is_empty(brief):  # nothing grounded survived: no brief to show
                    continue
                return brief, lost + dropped
        return None


def _exceeded(deadline: Deadline, stats: CallStats) -> DeadlineExceeded:
    """The error to raise once the brief's budget is spent."""
    return DeadlineExceeded(
        f"the brief took longer than its deadline of {deadline.seconds:g} s "
        f"({stats.answers} answer(s), {stats.requests} request(s)); raise --deadline "
        "(SUMMARIZER_DEADLINE) or use a faster model",
        attempts=stats.requests,
    )


@dataclass
class _Call:
    """The structured call in progress, for :meth:`StructuredClient._send`."""

    stats: CallStats
    deadline: Deadline | None


def _is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def _retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait, from ``Retry-After`` (seconds or HTTP date)."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    raw = headers.get("retry-after-ms")
    if raw:
        try:
            return max(0.0, float(raw) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None  # unreadable: fall back to our own back-off
    if parsed.tzinfo is None:  # an HTTP date is GMT even when it forgets to say so
        parsed = parsed.replace(tzinfo=dt.UTC)
    return max(0.0, parsed.timestamp() - time.time())


class _Wait:
    """Exponential back-off with jitter, unless the server said how long to wait; never past
    the deadline."""

    def __init__(self, settings: Settings, deadline: Deadline | None) -> None:
        self._backoff = wait_random_exponential(
            multiplier=settings.backoff_initial, max=settings.backoff_max
        )
        self._cap = settings.backoff_max
        self._deadline = deadline

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = _retry_after(exc) if exc else None
        wait = min(asked, self._cap) if asked is not None else float(self._backoff(state))
        if self._deadline is not None:
            wait = min(wait, max(0.0, self._deadline.remaining()))
        return wait


def _status_message(exc: openai.APIStatusError) -> str:
    detail = ""
    try:
        body = exc.response.json()
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            detail = str(body["error"].get("message") or "")
    except (ValueError, json.JSONDecodeError):
        pass
    detail = detail or exc.response.reason_phrase or ""
    return f"HTTP {exc.status_code}" + (f": {detail}" if detail else "")


def _endpoint(exc: BaseException) -> str:
    """Where the failed request went, as ``the model endpoint <URL>``, without user name,
    password or query string (a key may sit in either), so every endpoint error says which."""
    url = getattr(getattr(exc, "request", None), "url", None)
    if url is None:
        return "the model endpoint"
    netloc = url.netloc.decode("ascii") if isinstance(url.netloc, bytes) else str(url.netloc)
    return f"the model endpoint {url.scheme}://{netloc}{url.path}"


def _provider_error(exc: BaseException, attempts: int) -> ProviderError:
    """Map one openai transport exception onto our tree."""
    endpoint = _endpoint(exc)
    if isinstance(exc, openai.APITimeoutError):
        return ProviderTimeout(
            f"{endpoint} did not answer in time after {attempts} attempt(s)",
            attempts=attempts,
            cause=exc,
        )
    if isinstance(exc, openai.APIConnectionError):
        return ProviderUnavailable(
            f"could not reach {endpoint} after {attempts} attempt(s): connection failed",
            attempts=attempts,
            cause=exc,
        )
    if isinstance(exc, openai.RateLimitError):
        return RateLimited(
            f"{endpoint} kept rate-limiting after {attempts} attempt(s) ({_status_message(exc)})",
            attempts=attempts,
            cause=exc,
        )
    if isinstance(exc, openai.AuthenticationError):
        return ProviderError(
            f"{endpoint} refused the API key (HTTP 401); check OPENAI_API_KEY",
            attempts=attempts,
            cause=exc,
        )
    if isinstance(exc, openai.NotFoundError):
        return ProviderError(
            f"{endpoint} answered 404 ({_status_message(exc)}); check the model name "
            "and the base URL (it usually ends in /v1)",
            attempts=attempts,
            cause=exc,
        )
    if isinstance(exc, openai.APIStatusError):
        kind = ProviderUnavailable if exc.status_code >= 500 else ProviderError
        return kind(
            f"{endpoint} failed after {attempts} attempt(s) ({_status_message(exc)})",
            attempts=attempts,
            cause=exc,
        )
    return ProviderError(f"{endpoint} failed: {type(exc).__name__}", attempts=attempts, cause=exc)


def validation_problems(exc: ValidationError) -> list[str]:
    """One readable line per problem, each starting with its path.

    A validator that finds several problems at once (the grounding check) writes a heading
    and then one ``- path: problem`` line each; every such line is one entry here. Any other
    error is ``path: message``.
    """
    problems = []
    for err in exc.errors():
        msg = str(err["msg"]).removeprefix("Value error, ")
        listed = [line[2:] for line in msg.splitlines()[1:] if line.startswith("- ")]
        if listed:
            problems += listed
        else:
            loc = ".".join(str(p) for p in err["loc"]) or "brief"
            problems.append(f"{loc}: {msg}")
    return problems


_INSTRUCTIONS = ("copy ", "quote ", "state ", "list ", "give ", "use ", "set ")
"""How the grounding rules' advice to the model begins (after the problem and a '; ')."""


def for_a_person(problem: str) -> str:
    """``problem`` without the advice addressed to the model ("; copy the article's exact
    words."): what is wrong, for a person reading an error.

    >>> for_a_person("parties[0].evidence[0]: quote 'x' does not occur in the article; "
    ...              "copy the article's exact words.")
    "parties[0].evidence[0]: quote 'x' does not occur in the article"
    """
    head, sep, advice = problem.rpartition("; ")
    return head if sep and advice.startswith(_INSTRUCTIONS) else problem


def problems_summary(problems: list[str], *, shown: int = 3) -> str:
    """The first ``shown`` problems for a person, numbered, then how many more there are."""
    if len(problems) == 1:
        return for_a_person(problems[0])
    listed = "; ".join(f"({i}) {for_a_person(p)}" for i, p in enumerate(problems[:shown], 1))
    more = f"; and {len(problems) - shown} more" if len(problems) > shown else ""
    return f"{len(problems)} problems: {listed}{more}"


def map_error(exc: BaseException, stats: CallStats) -> SummarizerError:
    """Turn whatever instructor or openai raised into one :class:`SummarizerError`."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in chain:
        if isinstance(item, SummarizerError):
            return item
    for item in chain:
        if isinstance(item, openai.LengthFinishReasonError) or type(item).__name__ == (
            "IncompleteOutputException"
        ):
            return ModelOutputError(
                "the model's answer was cut off by its output token limit; raise max_tokens "
                "(SUMMARIZER_MAX_TOKENS) or use a model with a larger output limit",
                attempts=stats.answers,
                cause=item,
            )
        if isinstance(item, openai.APIError):
            return _provider_error(item, stats.requests)
    for item in chain:
        if isinstance(item, ValidationError):
            problems = validation_problems(item)
            state = "ungrounded" if _is_grounding(item) else "invalid"
            return ModelOutputError(
                f"the model's answer was still {state} after {stats.answers} attempt(s): "
                + (problems_summary(problems) if problems else "validation failed"),
                attempts=stats.answers,
                cause=item,
                problems=problems,
            )
        if isinstance(item, json.JSONDecodeError | ValueError):
            return ModelOutputError(
                f"the model's answer could not be parsed after {stats.answers} attempt(s): "
                f"{_first_line(item)}",
                attempts=stats.answers,
                cause=item,
            )
    last = chain[-1]
    return ModelOutputError(
        f"the model call failed: {type(last).__name__}: {_first_line(last)}",
        attempts=stats.answers,
        cause=exc,
    )


def _is_grounding(exc: ValidationError) -> bool:
    """True when the answer was well-formed and only failed the grounding check (a list of
    problems under one heading, on the brief as a whole)."""
    return all(not err["loc"] and "\n- " in str(err["msg"]) for err in exc.errors()) and bool(
        exc.errors()
    )


def _first_line(exc: BaseException, limit: int = 200) -> str:
    # instructor's messages embed every failed attempt (whole completions): keep the CLI's
    # error to one readable line.
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


class StructuredClient:
    """An async OpenAI-compatible client that returns validated pydantic models.

    It holds one HTTP connection pool (and TLS context, which costs tens of milliseconds to
    build) and one instructor client around it, so code that makes many calls opens one and
    shares it: ``async with StructuredClient(settings) as client: ...``.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        api_key = settings.api_key.get_secret_value() if settings.api_key else None
        self._openai = openai.AsyncOpenAI(
            api_key=api_key or _PLACEHOLDER_KEY,
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=0,  # tenacity below owns transport retries
            http_client=openai.DefaultAsyncHttpxClient(verify=_tls_context(*_tls_env())),
        )
        mode = INSTRUCTOR_MODES[settings.mode]
        # instructor re-asks on top of our retrying create; built once per client, so each
        # call only pays for its own request.
        self._instructor = instructor.AsyncInstructor(
            client=self._openai, create=instructor.patch(create=self._send, mode=mode), mode=mode
        )
        # Its wait is set per call (_send): it needs that call's deadline.
        self._retrying = AsyncRetrying(
            stop=stop_after_attempt(settings.max_retries + 1),
            retry=retry_if_exception(_is_retryable),
            reraise=True,
        )
        self._extra: dict[str, Any] = {}
        if settings.temperature is not None:
            self._extra["temperature"] = settings.temperature
        if settings.max_tokens is not None:
            self._extra["max_tokens"] = settings.max_tokens

    async def aclose(self) -> None:
        """Close the connection pool; the client cannot be used afterwards."""
        await self._openai.close()

    async def __aenter__(self) -> StructuredClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _send(self, **kwargs: Any) -> Any:
        """One model answer: the request, retried on transport faults within the deadline,
        counted in the current call's stats."""
        call = _CURRENT_CALL.get()
        stats, deadline = call.stats, call.deadline
        try:
            async for attempt in self._retrying.copy(wait=_Wait(self.settings, deadline)):
                with attempt:
                    if deadline is not None:
                        # No single request may outlive the brief's budget.
                        kwargs["timeout"] = deadline.bound(
                            self.settings.timeout, lambda: _exceeded(deadline, stats)
                        )
                    stats.requests += 1
                    completion = await self._openai.chat.completions.create(**kwargs)
        except openai.APIError as exc:
            if deadline is not None and deadline.remaining() <= 0:
                raise _exceeded(deadline, stats) from exc
            raise _provider_error(exc, stats.requests) from exc
        stats._answered(completion)
        return completion

    async def create(
        self,
        response_model: type[BaseModel],
        messages: list[dict[str, Any]],
        *,
        context: dict[str, Any] | None = None,
        stats: CallStats | None = None,
        max_tokens: int | None = None,
        deadline: Deadline | None = None,
    ) -> BaseModel:
        """Ask for ``response_model``; re-ask on invalid output; retry transport faults.

        Raises a :class:`SummarizerError` subclass when either kind of retry is exhausted,
        or :class:`DeadlineExceeded` once ``deadline`` has passed. ``stats`` (if given) is
        filled in with requests, answers, usage and the answers, also on failure.
        ``max_tokens`` caps each answer (else the setting, if any).
        """
        stats = stats if stats is not None else CallStats()
        token = _CURRENT_CALL.set(_Call(stats, deadline))
        extra = dict(self._extra)
        if max_tokens is not None:
            extra["max_tokens"] = max_tokens
        hooks = instructor.hooks.Hooks()
        hooks.on("parse:error", stats._rejected)
        messages, context = _verbatim(messages, context)
        try:
            result = await self._instructor.create(
                model=self.settings.model,
                messages=messages,  # type: ignore[arg-type]
                response_model=_wrapped(response_model),
                context=context,
                max_retries=self.settings.max_reasks,
                hooks=hooks,
                **extra,
            )
        except Exception as exc:  # instructor wraps everything; map_error unwraps it
            raise map_error(exc, stats) from exc
        finally:
            _CURRENT_CALL.reset(token)
        if not isinstance(result, response_model):
            raise ModelOutputError(
                f"the model returned {type(result).__name__}, not {response_model.__name__}",
                attempts=stats.answers,
            )
        return _unwrapped(result, response_model)


def _tls_env() -> tuple[str | None, str | None]:
    return os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")


@cache
def _tls_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """httpx's default TLS context, built once per CA setting: loading the CA bundle costs
    tens of milliseconds, which every new client would otherwise pay again."""
    del cert_file, cert_dir  # the cache key; httpx reads the same variables
    return httpx.create_ssl_context()


_WRAPPED: dict[type[BaseModel], type[BaseModel]] = {}
"""Response models as instructor wants them (its schema mixin added), built once each."""


def _wrapped(model: type[BaseModel]) -> type[BaseModel]:
    """``model`` with instructor's response-schema mixin, made once: left to instructor,
    every call builds a new pydantic class (its validators and schema) for the same model."""
    wrapped = _WRAPPED.get(model)
    if wrapped is None:
        wrapped = _WRAPPED[model] = instructor.response_schema(model)
    return wrapped


def _unwrapped(answer: BaseModel, model: type[BaseModel]) -> BaseModel:
    """The validated answer as an instance of ``model`` itself (no second validation)."""
    if type(answer) is model:
        return answer
    return model.model_construct(_fields_set=answer.model_fields_set, **dict(answer))


_CURRENT_CALL: ContextVar[_Call] = ContextVar("summarizer_call")
"""The structured call in progress: instructor calls :meth:`StructuredClient._send` without
a way to pass it, and each asyncio task has its own context, so concurrent calls never mix."""


_REPLAYING: ContextVar[bool] = ContextVar("summarizer_replaying", default=False)


class _ReplayQuiet(logging.Filter):
    """Drops instructor's log records while we replay an answer through it offline: a
    replay that fails is how we learn an answer is invalid, not an error to log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _REPLAYING.get()


logging.getLogger("instructor").addFilter(_ReplayQuiet())
for _name in ("instructor.v2.retry", "instructor.v2.core.retry"):
    logging.getLogger(_name).addFilter(_ReplayQuiet())


@contextmanager
def replaying() -> Iterator[None]:
    """Run instructor on a recorded answer (no request) without its failure logs."""
    token = _REPLAYING.set(True)
    try:
        yield
    finally:
        _REPLAYING.reset(token)


def read_completion(
    completion: Any,
    mode: Mode,
    response_model: type[BaseModel],
    *,
    context: dict[str, Any] | None = None,
) -> BaseModel:
    """An answer read exactly as instructor reads it in ``mode`` (a tool call's arguments,
    JSON content or a fenced block), validated with ``context``; no request is made.

    ``completion`` is a chat.completion object or its JSON. Raises a
    :class:`SummarizerError` (:class:`ModelOutputError` with ``problems`` when invalid).
    """
    if isinstance(completion, dict):
        try:
            completion = ChatCompletion.model_validate(completion)
        except ValidationError as exc:
            raise ProviderError(f"malformed chat completion: {exc.errors()[0]['msg']}") from None
    try:
        return replay(lambda **_: completion, mode, response_model, messages=[], context=context)
    except Exception as exc:
        raise map_error(exc, CallStats(requests=1, answers=1)) from None


def replay(
    create: Callable[..., Any], mode: Mode, response_model: type[BaseModel], **arguments: Any
) -> BaseModel:
    """Run instructor in ``mode`` over ``create`` (which stands in for the request: it
    returns a recorded answer, or captures the request and raises), with no re-ask and
    without instructor's failure logs; ``arguments`` are the request's.

    The response model goes through :func:`_wrapped` as on the interactive path: a replay
    builds no pydantic class of its own, and its schema is the one a live call sends.
    Whatever instructor raises (an invalid answer's :class:`InstructorRetryException`, what
    ``create`` raised) propagates unmapped.
    """
    messages, context = _verbatim(arguments.pop("messages"), arguments.pop("context", None))
    patched = instructor.patch(create=create, mode=INSTRUCTOR_MODES[mode])
    with replaying():
        result = patched(
            response_model=_wrapped(response_model),
            messages=messages,
            context=context,
            max_retries=0,
            **arguments,
        )
    if not isinstance(result, response_model):  # pragma: no cover - instructor returns it
        raise ModelOutputError(f"the answer is not a {response_model.__name__}")
    return _unwrapped(result, response_model)


def _verbatim(
    messages: list[dict[str, Any]], context: dict[str, Any] | None
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """``messages`` and ``context`` such that instructor sends every message as written.

    Given a validation context, instructor renders each message as a Jinja template; ours
    are finished text, and an article may well hold ``{{``, ``{%`` or ``{#`` (which would be
    evaluated, or fail the call). So each text becomes a template that prints it from the
    context, unchanged. Without a context nothing is rendered and nothing changes.

    >>> messages, context = _verbatim([{"role": "user", "content": "{{ x }}"}], {"source": "s"})
    >>> messages[0]["content"], context["summarizer_message_0"], context["source"]
    ('{{ summarizer_message_0 }}', '{{ x }}', 's')
    """
    if not context:
        return messages, context
    context = dict(context)
    quoted = []
    for number, message in enumerate(messages):
        content = message.get("content")
        if isinstance(content, str):
            name = f"summarizer_message_{number}"
            context[name] = content
            message = {**message, "content": "{{ " + name + " }}"}
        quoted.append(message)
    return quoted, context


def _answer_text(completion: Any, *, whole: bool = False) -> str | None:
    """The raw text of an answer: a tool call's arguments, else the content from its first
    ``{`` (past a Markdown fence; what instructor would parse) or, with ``whole``, all of it."""
    choices = getattr(completion, "choices", None) or []
    message = getattr(choices[0], "message", None) if choices else None
    for call in getattr(message, "tool_calls", None) or []:
        arguments = getattr(getattr(call, "function", None), "arguments", None)
        if isinstance(arguments, str):
            return arguments
    content = getattr(message, "content", None)
    if not isinstance(content, str):
        return None
    if whole:
        return content
    start = content.find("{")
    return content[start:] if start >= 0 else None


def _usage_of(completion: Any) -> Usage:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return Usage()
    prompt = usage.prompt_tokens or 0
    answer = usage.completion_tokens or 0
    details = getattr(usage, "prompt_tokens_details", None)
    cached = getattr(details, "cached_tokens", None) or 0
    # Some servers leave the total out (or null): it is the sum by definition.
    return Usage(
        prompt_tokens=prompt,
        completion_tokens=answer,
        total_tokens=usage.total_tokens or prompt + answer,
        cached_tokens=cached,
    )
