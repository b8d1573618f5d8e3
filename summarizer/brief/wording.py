"""How a brief's items read in words: one phrasing of a figure for every output, and of
who made a brief.

Renderers (Markdown, Slack), the long-document notes and the scorer's reasons all say a
figure the same way: "at least 82 civilians", never "at least 82 82". The Markdown and
HTML briefs end with the same provenance facts (:func:`provenance_parts`).
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from summarizer.brief.result import BriefResult

__all__ = ["FigureLike", "ProvenanceParts", "figure_amount", "figure_summary", "provenance_parts"]


class FigureLike(Protocol):
    """What a figure needs for its wording (a predicted ``Figure`` or a gold figure)."""

    @property
    def count(self) -> int | None: ...

    @property
    def qualifier(self) -> str | None: ...

    @property
    def population(self) -> str: ...


def figure_amount(figure: FigureLike, *, thousands: bool = False) -> str:
    """The qualifier and the count, e.g. "at least 82"; "" when the article gives neither.

    A qualifier that already holds the count ("between 60 and 70") is not repeated.
    ``thousands`` writes the count with separators ("12,000").

    >>> from types import SimpleNamespace as F
    >>> figure_amount(F(count=82, qualifier="at least", population="civilians"))
    'at least 82'
    >>> figure_amount(F(count=60, qualifier="between 60 and 70", population="people"))
    'between 60 and 70'
    """
    count = None
    if figure.count is not None:
        count = f"{figure.count:,}" if thousands else str(figure.count)
    if figure.qualifier and figure.count is not None and str(figure.count) in figure.qualifier:
        return figure.qualifier
    return " ".join(part for part in (figure.qualifier, count) if part)


def figure_summary(figure: FigureLike, category: str, source: str | None) -> str:
    """``category: amount population (source: ...)``, for notes and reasons.

    >>> from types import SimpleNamespace as F
    >>> figure_summary(F(count=82, qualifier="at least", population="civilians"), "killed", "UN")
    'killed: at least 82 civilians (source: UN)'
    """
    amount = figure_amount(figure) or "unspecified"
    return f"{category}: {amount} {figure.population} (source: {source or 'unattributed'})"


class ProvenanceParts(NamedTuple):
    """Who made a brief and what it cost, each fact in words."""

    made_by: list[str]
    """Backend, model, "prompt <version>", "<n> attempt(s)"."""
    tokens: str
    """"<n> tokens"."""
    cost: str | None
    """"~$0.0012"; None when the model is unpriced."""
    latency: str
    """"1.23 s"."""


def provenance_parts(result: BriefResult) -> ProvenanceParts:
    """The provenance facts of ``result``, for a renderer to join as its format wants."""
    return ProvenanceParts(
        made_by=[
            result.backend,
            result.model,
            f"prompt {result.prompt_version}",
            f"{result.attempts} attempt(s)",
        ],
        tokens=f"{result.usage.total_tokens} tokens",
        cost=f"~${result.cost_usd:.4f}" if result.cost_usd is not None else None,
        latency=f"{result.latency_s:.2f} s",
    )
