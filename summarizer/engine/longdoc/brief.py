"""The long-document path: chunk, brief each chunk, merge, then write one situation.

Used by the pipeline when an article's token count exceeds ``Settings.chunk_tokens``.
A document cut into ``n`` chunks costs ``n + 1`` model calls on the happy path: one brief
per chunk (run concurrently, at most :data:`CHUNK_CONCURRENCY` at a time) and one small
call that writes the situation (summary, locations, dates) from the merged pieces.

Every chunk's brief is validated against the *whole* document, so its quotes are verbatim
in what the user gave us; the merge keeps quotes untouched (:mod:`summarizer.engine.longdoc.merge`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from summarizer.brief.grounding import grounding_problems, location_problems, normalise
from summarizer.brief.partial import DroppedItem
from summarizer.brief.schema import Brief, EventDate, ModelFacing, Situation
from summarizer.brief.wording import figure_summary
from summarizer.deadline import Deadline
from summarizer.engine.asking import ask
from summarizer.engine.client import CallStats, StructuredClient
from summarizer.engine.concurrency import bounded_map
from summarizer.engine.longdoc.chunking import Chunk, chunk_text
from summarizer.engine.longdoc.merge import merge_briefs
from summarizer.engine.prompts import load_prompt
from summarizer.errors import DeadlineExceeded, ModelOutputError, SummarizerError

__all__ = [
    "CHUNK_CONCURRENCY",
    "SITUATION_PROMPT",
    "SituationSummary",
    "long_brief",
    "notes",
]

SITUATION_PROMPT = "situation"
CHUNK_CONCURRENCY = 4
"""Chunk calls in flight at once for one document (a batch multiplies this)."""
CHUNK_OVERLAP = 1
"""Paragraphs each chunk repeats from the one before it."""


class SituationSummary(ModelFacing):
    """The situation of a whole long report, written from the notes on its parts."""

    model_config = ConfigDict(extra="forbid")

    summary: str = Field(
        description="One to three sentences, in your words, saying what is happening across "
        "the whole report, where and when, and who is involved."
    )
    locations: list[str] = Field(
        default_factory=list,
        description="Places where the events happen, most specific first, as written in the notes.",
    )
    reporting_date: dt.date | None = Field(
        default=None, description="The report's date as an ISO date, when the notes give it."
    )
    event_dates: list[EventDate] = Field(
        default_factory=list, description="Dates of the events reported, from the notes."
    )

    @model_validator(mode="after")
    def _locations_in_source(self, info: ValidationInfo) -> SituationSummary:
        context = info.context if isinstance(info.context, dict) else None
        source = context.get("source") if context else None
        if isinstance(source, str):
            problems = location_problems(
                self.locations, normalise(source).lower(), path="locations"
            )
            if problems:
                raise ValueError("\n".join(problems))
        return self


_Answer = TypeVar("_Answer", bound=BaseModel)


def _expect(kind: type[_Answer], answer: BaseModel, *, attempts: int) -> _Answer:
    """``answer`` as a ``kind``, else a :class:`ModelOutputError`.

    An explicit check, not an ``assert``: asserts vanish under ``python -O``.
    """
    if not isinstance(answer, kind):
        raise ModelOutputError(
            f"expected a {kind.__name__} answer, got {type(answer).__name__}", attempts=attempts
        )
    return answer


def notes(brief: Brief) -> str:
    """The merged pieces as plain-text notes for the situation call."""
    situation = brief.situation
    lines: list[str] = []
    if situation.reporting_date:
        lines.append(f"Reporting date: {situation.reporting_date.isoformat()}")
    if situation.locations:
        lines.append("Locations: " + "; ".join(situation.locations))
    if situation.summary:
        lines += ["", "Summaries of the parts, in order:", situation.summary]
    sections: list[tuple[str, list[str]]] = [
        ("Key facts", [f.statement for f in situation.key_facts]),
        ("Event dates", [f"{e.date.isoformat()}: {e.event}" for e in situation.event_dates]),
        (
            "Parties",
            [f"{p.name} ({p.type.value}, {p.side.value}): {p.role}" for p in brief.parties],
        ),
        (
            "Figures",
            [figure_summary(f, f.category.value, f.source) for f in brief.humanitarian.figures],
        ),
        (
            "Disputed facts",
            [
                f"{d.claim} (claimed by {', '.join(d.claimed_by)}; "
                f"disputed by {', '.join(d.disputed_by) or 'nobody'}; {d.status.value})"
                for d in brief.disputed_facts
            ],
        ),
        (
            "Humanitarian statements",
            [
                s.text
                for s in (
                    *brief.humanitarian.evacuation,
                    *brief.humanitarian.access,
                    *brief.humanitarian.needs,
                )
            ],
        ),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"{title}:"] + [f"- {item}" for item in items]
    return "\n".join(lines).strip()


@dataclass
class _Budget:
    """What bounds every call of one long document, and whether to keep partial answers."""

    deadline: Deadline | None
    max_tokens: int | None
    keep_partial: bool


async def _brief_chunks(
    client: StructuredClient,
    chunks: Sequence[Chunk],
    source: str,
    reporting_date: dt.date | None,
    calls: list[CallStats],
    budget: _Budget,
    dropped: list[DroppedItem],
    concurrency: int,
) -> list[Brief]:
    """Every chunk's brief, validated against the whole ``source``. A chunk that fails
    fails the document (a brief missing a part would mislead) with its own error, unless
    partial briefs are kept: then the chunk's grounded part stands in, and what it lost is
    listed in ``dropped``."""
    prompt = load_prompt("brief")

    async def one(chunk: Chunk) -> Brief:
        chunk_stats = CallStats()
        calls.append(chunk_stats)
        try:
            answer = await ask(
                client,
                Brief,
                prompt,
                chunk.text,
                source=source,
                reporting_date=reporting_date,
                stats=chunk_stats,
                max_tokens=budget.max_tokens,
                deadline=budget.deadline,
            )
        except (ModelOutputError, DeadlineExceeded) as error:
            if not budget.keep_partial:
                raise
            return _chunk_part(chunk, chunk_stats, source, client, error, dropped)
        return _expect(Brief, answer, attempts=chunk_stats.answers)

    return await bounded_map(chunks, one, concurrency=concurrency)


def _chunk_part(
    chunk: Chunk,
    stats: CallStats,
    source: str,
    client: StructuredClient,
    error: SummarizerError,
    dropped: list[DroppedItem],
) -> Brief:
    kept = stats.grounded_part(source, client.settings.mode)
    if kept is None:
        dropped.append(DroppedItem(path=f"chunks[{chunk.index}]", reason=str(error)))
        return Brief(situation=Situation(summary=""))
    brief, lost = kept
    dropped += [DroppedItem(path=f"chunks[{chunk.index}].{d.path}", reason=d.reason) for d in lost]
    return brief


async def long_brief(
    text: str,
    *,
    client: StructuredClient,
    reporting_date: dt.date | None,
    stats: CallStats,
    deadline: Deadline | None = None,
    max_tokens: int | None = None,
    concurrency: int = CHUNK_CONCURRENCY,
) -> tuple[Brief, str, list[DroppedItem]]:
    """The brief of a document longer than the client's ``chunk_tokens`` (see the module
    docstring), the prompt version it was made with, and what a partial brief left out
    (empty unless the client's settings keep partial briefs and some call failed), through
    ``client`` (which stays open). Requests, answers and usage of every call are added to
    ``stats``; every call respects ``deadline`` and ``max_tokens``."""
    settings = client.settings
    chunks = chunk_text(text, max_tokens=settings.chunk_tokens, overlap=CHUNK_OVERLAP)
    calls: list[CallStats] = []
    dropped: list[DroppedItem] = []
    budget = _Budget(deadline, max_tokens, keep_partial=settings.partial)
    try:
        parts = await _brief_chunks(
            client, chunks, text, reporting_date, calls, budget, dropped, concurrency
        )
        merged = merge_briefs(parts)
        situation = await _write_situation(
            client, merged, text, reporting_date, calls, budget, dropped
        )
    finally:
        for call in calls:
            stats.add(call)
    brief = merged.model_copy(update={"situation": situation})
    problems = grounding_problems(brief, text)
    if problems:  # pragma: no cover - the merge keeps quotes as validated
        raise ModelOutputError(
            "the merged brief lost its grounding: " + problems[0], attempts=stats.answers
        )
    situation_prompt = load_prompt(SITUATION_PROMPT)
    return brief, f"{load_prompt('brief').version}+{situation_prompt.version}", dropped


async def _write_situation(
    client: StructuredClient,
    merged: Brief,
    source: str,
    reporting_date: dt.date | None,
    calls: list[CallStats],
    budget: _Budget,
    dropped: list[DroppedItem],
) -> Situation:
    """One last call writes the summary, locations and dates from the merged pieces; when
    it fails and partial briefs are kept, the merged pieces' own situation stands in."""
    final = CallStats()
    calls.append(final)
    try:
        written = await ask(
            client,
            SituationSummary,
            load_prompt(SITUATION_PROMPT),
            notes(merged),
            source=source,
            reporting_date=reporting_date,
            stats=final,
            max_tokens=budget.max_tokens,
            deadline=budget.deadline,
        )
    except (ModelOutputError, DeadlineExceeded) as error:
        if not budget.keep_partial:
            raise
        dropped.append(DroppedItem(path="situation.summary", reason=str(error)))
        return merged.situation
    summary = _expect(SituationSummary, written, attempts=final.answers)
    return Situation(
        summary=summary.summary,
        locations=summary.locations or merged.situation.locations,
        reporting_date=summary.reporting_date or merged.situation.reporting_date,
        event_dates=summary.event_dates or merged.situation.event_dates,
        key_facts=merged.situation.key_facts,
    )
