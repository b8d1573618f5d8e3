"""The model backend: any OpenAI-compatible endpoint, through instructor.

One article within ``chunk_tokens`` is one structured call (plus re-asks); a longer one is
chunked, briefed per chunk and merged (:mod:`summarizer.engine.longdoc`). Whether a text is
long is decided here, once, for both the brief and its cache key.

Every brief is bounded: each answer by ``max_tokens`` (by default sized to the article, see
:func:`answer_budget`), the whole brief by ``deadline`` seconds over every attempt and
chunk. When answers stay ungrounded or the deadline passes, the grounded part of the last
well-formed answer is kept as a partial brief (:mod:`summarizer.brief.partial`): returned
when ``partial`` is set, else attached to the error as ``error.partial``.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from summarizer.brief.partial import DroppedItem
from summarizer.brief.result import BriefResult
from summarizer.brief.schema import Brief
from summarizer.config import Settings
from summarizer.deadline import Deadline
from summarizer.engine.asking import ask
from summarizer.engine.backends import BackendIdentity
from summarizer.engine.client import CallStats, StructuredClient
from summarizer.engine.longdoc.brief import SITUATION_PROMPT, long_brief
from summarizer.engine.pricing import check_prices, estimate_cost
from summarizer.engine.prompts import load_prompt
from summarizer.engine.tokens import count_tokens
from summarizer.errors import DeadlineExceeded, ModelOutputError, SummarizerError

__all__ = ["BRIEF_PROMPT", "ModelBackend", "answer_budget"]

NAME = "openai"
BRIEF_PROMPT = "brief"

MIN_ANSWER_TOKENS = 2048
MAX_ANSWER_TOKENS = 8192


def answer_budget(article_tokens: int) -> int:
    """Answer tokens a full brief of an article this long needs, with room to spare.

    A brief runs to about twice its article (the seed's 547 tokens brief in ~1,300), so the
    cap is 1,024 + 2 × the article, at least 2,048 and at most 8,192: enough for a capable
    model's whole answer, and a bound on a small model that loops.

    >>> answer_budget(547), answer_budget(100), answer_budget(6000)
    (2118, 2048, 8192)
    """
    return max(MIN_ANSWER_TOKENS, min(MAX_ANSWER_TOKENS, 1024 + 2 * article_tokens))


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

    def max_tokens(self, text: str) -> int:
        """The answer cap for ``text`` (or a chunk of it): the setting, else sized to it."""
        if self.settings.max_tokens is not None:
            return self.settings.max_tokens
        return answer_budget(min(count_tokens(text), self.settings.chunk_tokens))

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
        """One structured call (or the long-document path), within the deadline; a partial
        brief when the answers cannot all be grounded (see the module docstring)."""
        # A broken SUMMARIZER_PRICES table should stop us before the first paid request, not
        # after it (estimate_cost only warns, since by then the answer is paid for).
        check_prices()
        stats = CallStats()
        started = time.perf_counter()
        deadline = Deadline(self.settings.deadline)
        if self.is_long(text):
            brief, version, dropped = await long_brief(
                text,
                client=self.client,
                reporting_date=reporting_date,
                stats=stats,
                deadline=deadline,
                max_tokens=self.max_tokens(text),
            )
            return self._result(brief, version, stats, started, dropped)
        prompt = load_prompt(BRIEF_PROMPT)
        try:
            answer = await ask(
                self.client,
                Brief,
                prompt,
                text,
                source=text,
                reporting_date=reporting_date,
                stats=stats,
                max_tokens=self.max_tokens(text),
                deadline=deadline,
            )
        except (ModelOutputError, DeadlineExceeded) as error:
            return self._partial_or_raise(error, text, prompt.version, stats, started)
        if not isinstance(answer, Brief):  # pragma: no cover - the client checks the type
            raise ModelOutputError("the model did not return a Brief", attempts=stats.answers)
        return self._result(answer, prompt.version, stats, started, [])

    def _partial_or_raise(
        self,
        error: SummarizerError,
        text: str,
        version: str,
        stats: CallStats,
        started: float,
    ) -> BriefResult:
        kept = stats.grounded_part(text, self.settings.mode)
        if kept is None:
            raise error
        result = self._result(kept[0], version, stats, started, kept[1], failure=str(error))
        if self.settings.partial:
            return result
        error.partial = result
        raise error

    def _result(
        self,
        brief: Brief,
        version: str,
        stats: CallStats,
        started: float,
        dropped: list[DroppedItem],
        *,
        failure: str | None = None,
    ) -> BriefResult:
        partial = bool(dropped) or failure is not None
        notes = []
        if partial:
            why = f" ({failure})" if failure else ""
            notes.append(
                f"Partial brief: {len(dropped)} item(s) the model could not ground were left "
                f"out{why}."
            )
        return BriefResult(
            brief=brief,
            backend=NAME,
            model=self.settings.model,
            prompt_version=version,
            attempts=stats.answers,
            requests=stats.requests,
            usage=stats.usage,
            latency_s=time.perf_counter() - started,
            cost_usd=estimate_cost(self.settings.model, stats.usage),
            partial=partial,
            dropped=dropped,
            exchanges=stats.exchanges,
            notes=notes,
        )

    async def aclose(self) -> None:
        """Close the connection pool, if one was opened."""
        if self._client is not None:
            await self._client.aclose()
