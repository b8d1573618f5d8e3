"""The offline extractive backend: a deterministic brief from the article alone.

No network, no model, no heavy dependency: sentence splitting, a documented lexicon
(``lexicon.yaml``) and pattern rules fill the same :class:`~summarizer.brief.schema.Brief` as the
LLM backends. It is the fallback when no endpoint is configured and the baseline row of the
eval harness (the "lead" baseline of summarisation research, extended to every field).

>>> from summarizer.offline import offline_brief
>>> brief = offline_brief(article_text)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt

from summarizer.brief.schema import Brief
from summarizer.errors import InputError
from summarizer.offline.backend import build_brief

__all__ = ["OFFLINE_MODEL", "OFFLINE_VERSION", "offline_brief"]

OFFLINE_MODEL = "offline-extractive"
"""The model name results from this backend carry."""

OFFLINE_VERSION = "offline-4"
"""Bumped whenever the rules or the lexicon change what a brief contains (cache keys use it)."""


def offline_brief(text: str, *, reporting_date: dt.date | None = None) -> Brief:
    """A grounded brief of ``text`` built by extraction rules; same input, same output.

    Every evidence quote is a verbatim sentence of ``text``, so the result passes
    ``Brief.model_validate(brief.model_dump(), context={"source": text})``.

    ``reporting_date`` is the article's date as the caller knows it (a feed's publication
    date, ``summarize(..., reporting_date=...)``). When given it wins over any date the text
    states, as it does for the model backends, whose prompt is told the same date: the
    caller's metadata is explicit, while a dateline found by pattern may be a quoted or
    syndicated one. It becomes ``situation.reporting_date`` and anchors every relative date
    ("on Tuesday", "yesterday"). When ``None``, the date comes from the text, if it has one.

    Raises:
        InputError: when ``text`` is empty or whitespace.
    """
    if not text or not text.strip():
        raise InputError("offline backend: the article text is empty")
    return build_brief(text, reporting_date=reporting_date)
