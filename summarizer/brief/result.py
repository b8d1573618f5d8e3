"""What a summarise call returns: the brief plus what it cost to get it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from summarizer.brief.partial import DroppedItem
from summarizer.brief.schema import Brief

__all__ = ["BriefResult", "DroppedItem", "Exchange", "Usage"]


class Usage(BaseModel):
    """Token usage summed over every request of one call (re-asks included)."""

    model_config = ConfigDict(frozen=True)

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cached_tokens: int = Field(
        default=0,
        description="Of the prompt tokens, those the provider served from its prompt cache "
        "(priced at the cached rate).",
    )

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
        )


class Exchange(BaseModel):
    """One model answer as it came, and what was wrong with it (the re-ask's content)."""

    answer: str
    problems: list[str] = Field(default_factory=list)


class BriefResult(BaseModel):
    """A brief and its provenance: which backend and model, which prompt, what it cost.

    ``attempts`` counts model answers (1 + re-asks); ``requests`` counts HTTP requests,
    transport retries included. The offline backend makes no requests, and neither does a
    cache hit (``cached`` is then True and ``cost_usd`` 0).
    """

    brief: Brief
    backend: str = Field(description="'openai' for any OpenAI-compatible endpoint, or 'offline'.")
    model: str
    prompt_version: str
    attempts: int
    requests: int
    usage: Usage = Field(default_factory=Usage)
    latency_s: float
    cost_usd: float | None = Field(
        default=None, description="Estimated from the price table; None when the model is unpriced."
    )
    cached: bool = Field(
        default=False,
        description="True when the result came from the response cache: no request was made "
        "(requests 0, cost 0); usage is what the original call used.",
    )
    partial: bool = Field(
        default=False,
        description="True when the model could not ground everything and the ungrounded "
        "items were left out (listed in `dropped`); what is shown is still grounded.",
    )
    dropped: list[DroppedItem] = Field(
        default_factory=list, description="What a partial brief left out: path and reason."
    )
    exchanges: list[Exchange] = Field(
        default_factory=list,
        description="Every model answer, in order, with its problems: how the brief was "
        "reached (re-asks included). Empty for the offline backend.",
    )
    notes: list[str] = Field(
        default_factory=list,
        description="What a reader should know about how this brief was made (e.g. the "
        "offline backend reads English only; the article holds instruction-like text).",
    )
