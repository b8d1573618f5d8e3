"""The summarise pipeline: text -> input checks -> prompt -> model (or offline) -> result."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import hashlib
import json
import time
from collections.abc import AsyncIterator, Coroutine, Mapping
from contextlib import asynccontextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from summarizer.brief.result import BriefResult
from summarizer.brief.schema import Brief
from summarizer.config import Backend, Settings
from summarizer.engine.inputs import check_article
from summarizer.engine.pricing import check_prices, estimate_cost
from summarizer.engine.prompts import load_prompt
from summarizer.engine.tokens import count_tokens
from summarizer.errors import ConfigError, ModelOutputError

if TYPE_CHECKING:
    # The model client pulls in openai and instructor (~0.5 s): imported only when a model
    # is actually called, so the offline backend and `summarizer --help` start fast.
    from summarizer.engine.client import StructuredClient

T = TypeVar("T")

__all__ = [
    "ResultCache",
    "asummarize",
    "cache_key",
    "resolve_settings",
    "run_blocking",
    "schema_hash",
    "shared_client",
    "summarize",
]

PROMPT_NAME = "brief"


class ResultCache(Protocol):
    """Anything that stores results by key (:mod:`summarizer.engine.cache` has the sqlite one)."""

    def get(self, key: str) -> BriefResult | None:
        """The stored result for ``key``, or None."""
        ...

    def put(self, key: str, result: BriefResult) -> None:
        """Store ``result`` under ``key``, replacing any earlier one."""
        ...


@cache
def schema_hash() -> str:
    """SHA-256 of the Brief JSON schema: a schema change must never reuse cached answers."""
    schema = json.dumps(Brief.model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode()).hexdigest()


def cache_key(text: str, settings: Settings, *, reporting_date: dt.date | None = None) -> str:
    """The cache key of one call: backend, model, endpoint, prompt, schema and article."""
    backend = settings.effective_backend
    if backend is Backend.OFFLINE:
        from summarizer.offline import OFFLINE_VERSION

        parts: dict[str, Any] = {"backend": "offline", "version": OFFLINE_VERSION}
    else:
        prompt = load_prompt(PROMPT_NAME)
        parts = {
            "backend": "openai",
            "model": settings.model,
            "base_url": settings.base_url or "",
            "mode": settings.mode.value,
            "temperature": settings.temperature,
            "prompt": [prompt.version, prompt.digest],
        }
    parts["schema"] = schema_hash()
    if backend is not Backend.OFFLINE and count_tokens(text) > settings.chunk_tokens:
        # Long documents also depend on how they are cut and on the situation prompt.
        from summarizer.engine.longdoc.backend import SITUATION_PROMPT

        situation = load_prompt(SITUATION_PROMPT)
        parts["long"] = [settings.chunk_tokens, situation.version, situation.digest]
    parts["article"] = hashlib.sha256(text.encode()).hexdigest()
    parts["reporting_date"] = reporting_date.isoformat() if reporting_date else None
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def resolve_settings(settings: Settings | None, overrides: Mapping[str, Any]) -> Settings:
    """``settings`` (or environment and defaults) with the non-None ``overrides`` applied."""
    if settings is None:
        return Settings.resolve(**overrides)
    given = {k: v for k, v in overrides.items() if v is not None}
    if not given:
        return settings
    merged = settings.model_dump() | given
    return Settings.resolve(env={}, **merged)


@asynccontextmanager
async def shared_client(settings: Settings) -> AsyncIterator[StructuredClient | None]:
    """One open client for many calls with ``settings``; None for the offline backend.

    Batch runners use it so that every call shares one connection pool.
    """
    if settings.effective_backend is not Backend.OPENAI:
        yield None
        return
    from summarizer.engine.client import StructuredClient

    async with StructuredClient(settings) as client:
        yield client


async def _model_brief(
    text: str,
    settings: Settings,
    reporting_date: dt.date | None,
    client: StructuredClient | None,
) -> BriefResult:
    from summarizer.engine.client import CallStats, StructuredClient
    from summarizer.engine.longdoc.backend import long_brief

    # A broken SUMMARIZER_PRICES table should stop us before the first paid request, not
    # after it (estimate_cost only warns, since by then the answer is paid for).
    check_prices()

    if client is None:
        async with StructuredClient(settings) as own:
            return await _model_brief(text, settings, reporting_date, own)
    if count_tokens(text) > settings.chunk_tokens:
        return await long_brief(text, settings, reporting_date, client=client)
    prompt = load_prompt(PROMPT_NAME)
    messages = prompt.render(text, reporting_date=reporting_date)
    stats = CallStats()
    started = time.perf_counter()
    brief = await client.create(Brief, messages, context={"source": text}, stats=stats)
    if not isinstance(brief, Brief):  # pragma: no cover - StructuredClient checks the type
        raise ModelOutputError("the model did not return a Brief", attempts=stats.answers)
    return BriefResult(
        brief=brief,
        backend=Backend.OPENAI.value,
        model=settings.model,
        prompt_version=prompt.version,
        attempts=stats.answers,
        requests=stats.requests,
        usage=stats.usage,
        latency_s=time.perf_counter() - started,
        cost_usd=estimate_cost(settings.model, stats.usage),
    )


def _offline_brief(text: str, reporting_date: dt.date | None) -> BriefResult:
    from summarizer.offline import OFFLINE_MODEL, OFFLINE_VERSION, offline_brief

    started = time.perf_counter()
    brief = offline_brief(text, reporting_date=reporting_date)
    return BriefResult(
        brief=brief,
        backend=Backend.OFFLINE.value,
        model=OFFLINE_MODEL,
        prompt_version=OFFLINE_VERSION,
        attempts=1,
        requests=0,
        latency_s=time.perf_counter() - started,
        cost_usd=0.0,  # no model, no bill
    )


async def asummarize(
    text: str,
    *,
    settings: Settings | None = None,
    cache: ResultCache | None = None,
    reporting_date: dt.date | None = None,
    client: StructuredClient | None = None,
    **overrides: Any,
) -> BriefResult:
    """Summarise one article into a grounded :class:`~summarizer.brief.schema.Brief`.

    ``overrides`` are :class:`~summarizer.config.Settings` fields (``model``, ``base_url``,
    ``api_key``, ``backend``, ``mode``, ``timeout``, ``max_reasks``, ``max_retries``, ...);
    they win over ``settings``, which wins over environment variables and defaults.
    ``reporting_date`` gives the article's date when the text does not state it (to the
    model, and to the offline backend). ``client`` is an open
    :class:`~summarizer.engine.client.StructuredClient` to share one connection pool across many
    calls (as :func:`~summarizer.batch.runner.summarize_many` does); its settings are then used,
    so it cannot be combined with ``settings`` or overrides.

    Raises :class:`~summarizer.errors.InputError` for unusable text (before any request),
    :class:`~summarizer.errors.ProviderError` when the endpoint keeps failing, and
    :class:`~summarizer.errors.ModelOutputError` when answers stay invalid or ungrounded.

    Example::

        result = await asummarize(article, model="llama3.1", base_url="http://localhost:11434/v1")
        print(result.brief.parties[0].name, result.usage.total_tokens)
    """
    if client is not None and (
        settings is not None or any(v is not None for v in overrides.values())
    ):
        raise ConfigError("pass either an open client or settings, not both")
    resolved = client.settings if client is not None else resolve_settings(settings, overrides)
    check_article(text, max_chars=resolved.max_input_chars)
    key = cache_key(text, resolved, reporting_date=reporting_date) if cache is not None else None
    if cache is not None and key is not None:
        started = time.perf_counter()
        hit = cache.get(key)
        if hit is not None:
            # This call sent nothing and paid nothing; the brief and its usage are the
            # original call's. Counting the stored figures again would double every bill.
            return hit.model_copy(
                update={
                    "cached": True,
                    "requests": 0,
                    "cost_usd": 0.0,
                    "latency_s": time.perf_counter() - started,
                }
            )
    backend = resolved.effective_backend
    if backend is Backend.OFFLINE:
        result = _offline_brief(text, reporting_date)
    elif backend is Backend.OPENAI:
        result = await _model_brief(text, resolved, reporting_date, client)
    else:  # pragma: no cover - effective_backend never returns AUTO
        raise ConfigError(f"unknown backend {backend}")
    if cache is not None and key is not None:
        cache.put(key, result)
    return result


def summarize(
    text: str,
    *,
    settings: Settings | None = None,
    cache: ResultCache | None = None,
    reporting_date: dt.date | None = None,
    **overrides: Any,
) -> BriefResult:
    """Blocking form of :func:`asummarize`; safe to call from inside a running event loop.

    >>> result = summarize(article_text, backend="offline")  # doctest: +SKIP
    >>> result.brief.parties[0].name  # doctest: +SKIP
    'Syrian rebels'
    """
    return run_blocking(
        asummarize(text, settings=settings, cache=cache, reporting_date=reporting_date, **overrides)
    )


def run_blocking(call: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from synchronous code, even inside a running loop.

    Inside a running event loop (Jupyter, an async web app) ``asyncio.run`` would fail, so the
    coroutine then runs on a fresh loop in a worker thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(call)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, call).result()
