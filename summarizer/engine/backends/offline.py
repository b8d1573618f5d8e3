"""The offline backend: the extractive rules of :mod:`summarizer.offline`, no network."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from summarizer.brief.result import BriefResult
from summarizer.config import Settings
from summarizer.engine.backends import BackendIdentity
from summarizer.offline import OFFLINE_MODEL, OFFLINE_VERSION, offline_brief_with_notes

__all__ = ["OfflineBackend"]

NAME = "offline"


class OfflineBackend:
    """Deterministic, instant and free: caching its answers would only hide a changed rule."""

    caches_answers = False

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.identity = BackendIdentity(
            backend=NAME, model=OFFLINE_MODEL, prompt_version=OFFLINE_VERSION
        )

    def cache_parts(self, text: str) -> dict[str, Any]:
        """The rules' version decides the brief (bumped whenever the rules change)."""
        return {"backend": NAME, "version": OFFLINE_VERSION}

    async def brief(self, text: str, *, reporting_date: dt.date | None = None) -> BriefResult:
        """The extractive brief of ``text``; no request, no cost."""
        started = time.perf_counter()
        brief, notes = offline_brief_with_notes(text, reporting_date=reporting_date)
        return BriefResult(
            brief=brief,
            backend=NAME,
            model=OFFLINE_MODEL,
            prompt_version=OFFLINE_VERSION,
            attempts=1,
            requests=0,
            latency_s=time.perf_counter() - started,
            cost_usd=0.0,  # no model, no bill
            notes=notes,
        )

    async def aclose(self) -> None:
        """Nothing to release."""
