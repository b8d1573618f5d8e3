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

from summarizer.brief.injection import INSTRUCTION_NOTE
from summarizer.brief.schema import Brief
from summarizer.errors import InputError
from summarizer.offline.backend import (
    MAX_DISPUTES,
    MAX_EVENTS,
    MAX_FIGURES,
    MAX_PARTIES,
    OfflineResult,
    build_brief,
)
from summarizer.offline.notes import ENGLISH_ONLY_NOTE
from summarizer.offline.sections import MAX_KEY_FACTS, MAX_STATEMENTS

__all__ = [
    "ENGLISH_ONLY_NOTE",
    "INSTRUCTION_NOTE",
    "MAX_DISPUTES",
    "MAX_EVENTS",
    "MAX_FIGURES",
    "MAX_KEY_FACTS",
    "MAX_PARTIES",
    "MAX_STATEMENTS",
    "OFFLINE_MODEL",
    "OFFLINE_VERSION",
    "offline_brief",
    "offline_brief_with_notes",
    "offline_notes",
]

OFFLINE_MODEL = "offline-extractive"
"""The model name results from this backend carry."""

OFFLINE_VERSION = "offline-5"
"""Bumped whenever the rules or the lexicon change what a brief contains (cache keys use it)."""


def _run(text: str, reporting_date: dt.date | None) -> OfflineResult:
    if not text or not text.strip():
        raise InputError("offline backend: the article text is empty")
    return build_brief(text, reporting_date=reporting_date)


def offline_brief_with_notes(
    text: str, *, reporting_date: dt.date | None = None
) -> tuple[Brief, list[str]]:
    """The brief of ``text`` and its reader notes (see :func:`offline_notes`), in one run."""
    result = _run(text, reporting_date)
    return result.brief, list(result.notes)


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

    Sentences addressed to a machine reader (:func:`summarizer.brief.injection.instruction_spans`)
    give no figure, party, dispute, statement or event; a narrative sentence that quotes one
    may still be a key fact, as it stands.

    Raises:
        InputError: when ``text`` is empty or whitespace.
    """
    return offline_brief_with_notes(text, reporting_date=reporting_date)[0]


def offline_notes(text: str, *, reporting_date: dt.date | None = None) -> list[str]:
    """What a reader should know about the offline brief of ``text``, in this order:

    - :data:`ENGLISH_ONLY_NOTE` when the text does not look like English (the rules read
      English only; say it on stderr too);
    - :data:`INSTRUCTION_NOTE` when the text holds sentences addressed to a machine reader;
    - one note per capped list, e.g. "12 more dated events not shown." (caps:
      :data:`MAX_EVENTS`, :data:`MAX_FIGURES`, :data:`MAX_PARTIES`, :data:`MAX_DISPUTES`,
      :data:`MAX_KEY_FACTS`, :data:`MAX_STATEMENTS` per topic).

    Each call runs the extraction: to get both, call :func:`offline_brief_with_notes`.

    Raises:
        InputError: when ``text`` is empty or whitespace.
    """
    return offline_brief_with_notes(text, reporting_date=reporting_date)[1]
