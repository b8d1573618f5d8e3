"""The model backend: any OpenAI-compatible endpoint, through instructor.

One article within ``chunk_tokens`` is one structured call (plus re-asks); a longer one is
chunked, briefed per chunk and merged (:mod:`summarizer.engine.longdoc`). Whether a text is
long is decided here, once, for both the brief and its cache key.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from summarizer.brief.result import BriefResult
from summarizer.brief.schema import Brief
from summarizer.config import Settings
from summarizer.engine.backends import BackendIdentity
from summarizer.engine.client import CallStats, StructuredClient
from summarizer.engine.longdoc.brief import SITUATION_PROMPT, long_brief
from summarizer.engine.pricing import check_prices, estimate_cost
from summarizer.engine.prompts import load_prompt
from summarizer.engine.tokens import count_tokens
from summarizer.errors import ModelOutputError

__all__ = ["BRIEF_PROMPT", "ModelBackend"]

NAME = "openai"
BRIEF_PROMPT = "brief"


class ModelBackend:
    """Briefs through one :class:`StructuredClient` (one connection pool for its lifetime)."""

    caches_answers = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: StructuredClient | None = None
        self.identity = BackendIdentity(
            backend=NAME,
            model=settings.model,
            prompt_version=load_prompt(BRIEF_PROMPT).version,
            base_url=settings.base_url,
            mode=settings.mode.value,
            temperature=settings.temperature,
        )

    @property
    def client(self) -> StructuredClient:
        """The structured client, built on first use (saying who we are needs none)."""
        if self._client is None:
            self._client = StructuredClient(self.settings)
        return self._client

    def is_long(self, text: str) -> bool:
        """True when ``text`` is briefed in chunks (over ``chunk_tokens``)."""
        return count_tokens(text) > self.settings.chunk_tokens

    def cache_parts(self, text: str) -> dict[str, Any]:
        """Model, endpoint, mode, temperature and the prompt's version and digest; for a long
        text also how it is cut and the situation prompt."""
        settings = self.settings
        prompt = load_prompt(BRIEF_PROMPT)
        parts: dict[str, Any] = {
            "backend": NAME,
            "model": settings.model,
            "base_url": settings.base_url or "",
            "mode": settings.mode.value,
            "temperature": settings.temperature,
            "prompt": [prompt.version, prompt.digest],
        }
        if self.is_long(text):
            situation = load_prompt(SITUATION_PROMPT)
            parts["long"] = [settings.chunk_tokens, situation.version, situation.digest]
        return parts

    async def brief(self, text: str, *, reporting_date: dt.date | None = None) -> BriefResult:
        """One structured call (or the long-document path); transport retries and re-asks
        are the client's."""
        # A broken SUMMARIZER_PRICES table should stop us before the first paid request, not
        # after it (estimate_cost only warns, since by then the answer is paid for).
        check_prices()
        stats = CallStats()
        started = time.perf_counter()
        if self.is_long(text):
            brief, prompt_version = await long_brief(
                text,
                client=self.client,
                chunk_tokens=self.settings.chunk_tokens,
                reporting_date=reporting_date,
                stats=stats,
            )
        else:
            brief, prompt_version = await self._one_call(text, reporting_date, stats)
        return BriefResult(
            brief=brief,
            backend=NAME,
            model=self.settings.model,
            prompt_version=prompt_version,
            attempts=stats.answers,
            requests=stats.requests,
            usage=stats.usage,
            latency_s=time.perf_counter() - started,
            cost_usd=estimate_cost(self.settings.model, stats.usage),
        )

    async def _one_call(
        self, text: str, reporting_date: dt.date | None, stats: CallStats
    ) -> tuple[Brief, str]:
        prompt = load_prompt(BRIEF_PROMPT)
        brief = await self.client.create(
            Brief,
            prompt.render(text, reporting_date=reporting_date),
            context={"source": text},
            stats=stats,
        )
        if not isinstance(brief, Brief):  # pragma: no cover - the client checks the type
            raise ModelOutputError("the model did not return a Brief", attempts=stats.answers)
        return brief, prompt.version

    async def aclose(self) -> None:
        """Close the connection pool, if one was opened."""
        if self._client is not None:
            await self._client.aclose()
