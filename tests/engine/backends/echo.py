"""A backend written the way a new one would be: one module, nothing else changed.

It briefs an article as one key fact quoting its first sentence: enough to show that the
pipeline, the cache and the eval runner work with any backend through the protocol alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from summarizer.brief.result import BriefResult
from summarizer.brief.schema import Brief, KeyFact, Situation
from summarizer.brief.text import line_sentences
from summarizer.config import Settings
from summarizer.engine.backends import BackendIdentity


class EchoBackend:
    caches_answers = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.identity = BackendIdentity(backend="echo", model="echo-1", prompt_version="echo-v1")
        self.briefed = 0

    def cache_parts(self, text: str) -> dict[str, Any]:
        return {"backend": "echo", "version": 1}

    async def brief(self, text: str, *, reporting_date: dt.date | None = None) -> BriefResult:
        self.briefed += 1
        first = line_sentences(text)[0]
        situation = Situation(
            summary=first,
            reporting_date=reporting_date,
            key_facts=[KeyFact(statement=first, evidence=[first])],
        )
        brief = Brief.model_validate(
            Brief(situation=situation).model_dump(), context={"source": text}
        )
        return BriefResult(
            brief=brief,
            backend="echo",
            model="echo-1",
            prompt_version="echo-v1",
            attempts=1,
            requests=0,
            latency_s=0.0,
            cost_usd=0.0,
        )

    async def aclose(self) -> None:
        pass
