"""The summarise pipeline: text -> input checks -> cache -> backend -> result.

The pipeline knows no backend's internals: it checks the input, asks the backend who it is
for the cache key, and asks it for the brief. Which backend is chosen, and how it briefs,
is :mod:`summarizer.engine.backends`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import hashlib
import json
import time
from collections.abc import Coroutine, Mapping
from functools import cache
from typing import Any, Protocol, TypeVar

from summarizer.brief.grounding import addresses_ai
from summarizer.brief.injection import INSTRUCTION_NOTE
from summarizer.brief.result import BriefResult
from summarizer.brief.schema import Brief
from summarizer.config import Settings
from summarizer.engine.backends import Backend, create_backend
from summarizer.engine.inputs import check_article
from summarizer.errors import ConfigError

T = TypeVar("T")

__all__ = [
    "ResultCache",
    "asummarize",
    "cache_key",
    "resolve_settings",
    "run_blocking",
    "schema_hash",
    "summarize",
]


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


def cache_key(text: str, backend: Backend, *, reporting_date: dt.date | None = None) -> str:
    """The cache key of one call: who the backend is, the schema, the article and its date."""
    parts = dict(backend.cache_parts(text))
    parts["schema"] = schema_hash()
    parts["article"] = hashlib.sha256(text.encode()).hexdigest()
    parts["reporting_date"] = reporting_date.isoformat() if reporting_date else None
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def resolve_settings(settings: Settings | None, overrides: Mapping[str, Any]) -> Settings:
    """``settings`` (or environment and defaults) with the non-None ``overrides`` applied."""
    if settings is None:
        return Settings.resolve(**overrides)
    return settings.merged(overrides)


def _cached(cache: ResultCache, key: str) -> BriefResult | None:
    started = time.perf_counter()
    hit = cache.get(key)
    if hit is None:
        return None
    # This call sent nothing and paid nothing; the brief and its usage are the original
    # call's. Counting the stored figures again would double every bill.
    return hit.model_copy(
        update={
            "cached": True,
            "requests": 0,
            "cost_usd": 0.0,
            "latency_s": time.perf_counter() - started,
        }
    )


async def _brief(
    text: str, backend: Backend, cache: ResultCache | None, reporting_date: dt.date | None
) -> BriefResult:
    key = cache_key(text, backend, reporting_date=reporting_date) if cache is not None else None
    if cache is not None and key is not None:
        hit = _cached(cache, key)
        if hit is not None:
            return hit
    result = await backend.brief(text, reporting_date=reporting_date)
    if INSTRUCTION_NOTE not in result.notes and addresses_ai(text):
        # Every backend's reader learns that the article tried to instruct its summariser.
        result = result.model_copy(update={"notes": [*result.notes, INSTRUCTION_NOTE]})
    if cache is not None and key is not None:
        cache.put(key, result)
    return result


async def asummarize(
    text: str,
    *,
    settings: Settings | None = None,
    cache: ResultCache | None = None,
    reporting_date: dt.date | None = None,
    backend: str | Backend | None = None,
    **overrides: Any,
) -> BriefResult:
    """Summarise one article into a grounded :class:`~summarizer.brief.schema.Brief`.

    ``overrides`` are :class:`~summarizer.config.Settings` fields (``model``, ``base_url``,
    ``api_key``, ``mode``, ``timeout``, ``max_reasks``, ``max_retries``, ...); they win over
    ``settings``, which wins over environment variables and defaults. ``backend`` is a
    backend name (``"offline"``, ``"openai"``, ``"auto"``) or an open
    :class:`~summarizer.engine.backends.Backend` (from
    :func:`~summarizer.engine.backends.open_backend`) to share one connection pool across
    many calls, as :func:`~summarizer.batch.runner.summarize_many` does; an open backend
    carries its own settings, so it cannot be combined with ``settings`` or overrides.
    ``reporting_date`` gives the article's date when the text does not state it.

    Raises :class:`~summarizer.errors.InputError` for unusable text (before any request),
    :class:`~summarizer.errors.ProviderError` when the endpoint keeps failing, and
    :class:`~summarizer.errors.ModelOutputError` when answers stay invalid or ungrounded.

    Example::

        result = await asummarize(article, model="llama3.1", base_url="http://localhost:11434/v1")
        print(result.brief.parties[0].name, result.usage.total_tokens)
    """
    if backend is not None and not isinstance(backend, str):
        if settings is not None or any(v is not None for v in overrides.values()):
            raise ConfigError("pass either an open backend or settings, not both")
        check_article(text, max_chars=backend.settings.max_input_chars)
        return await _brief(text, backend, cache, reporting_date)
    resolved = resolve_settings(settings, {**overrides, "backend": backend})
    check_article(text, max_chars=resolved.max_input_chars)
    own = create_backend(resolved)
    try:
        return await _brief(text, own, cache, reporting_date)
    finally:
        await own.aclose()


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
