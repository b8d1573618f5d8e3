"""One question to the model: a prompt rendered for the client's mode, asked within a
brief's budget, the answer validated against the text it must be grounded in.

The single-call brief, each chunk of a long document and its situation call all ask this
way; what each does when the answer fails stays with the caller.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from summarizer.deadline import Deadline
from summarizer.engine.client import CallStats, StructuredClient
from summarizer.engine.prompts import PromptTemplate, guide_for

__all__ = ["ask"]


async def ask(
    client: StructuredClient,
    response_model: type[BaseModel],
    prompt: PromptTemplate,
    text: str,
    *,
    source: str,
    reporting_date: dt.date | None,
    stats: CallStats,
    max_tokens: int | None,
    deadline: Deadline | None,
) -> BaseModel:
    """``response_model`` from ``client``, asked with ``prompt`` rendered for ``text`` (with
    the field guide when the client's mode cannot carry the schema) and grounded in
    ``source``; ``stats``, ``max_tokens`` and ``deadline`` as for
    :meth:`StructuredClient.create`, whose errors it raises."""
    messages = prompt.render(
        text,
        reporting_date=reporting_date,
        field_guide=guide_for(client.settings.mode, response_model),
    )
    return await client.create(
        response_model,
        messages,
        context={"source": source},
        stats=stats,
        max_tokens=max_tokens,
        deadline=deadline,
    )
