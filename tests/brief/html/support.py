"""The brief result the brief page tests render: the seed article's answer with run figures."""

from __future__ import annotations

from typing import Any

from summarizer.brief.result import BriefResult, DroppedItem, Usage
from summarizer.brief.schema import Brief


def brief_result(answer: dict[str, Any], **changes: Any) -> BriefResult:
    """A two-attempt model result for ``answer``; ``changes`` override its fields."""
    values: dict[str, Any] = {
        "brief": Brief.model_validate(answer),
        "backend": "openai",
        "model": "test-model",
        "prompt_version": "brief-1",
        "attempts": 2,
        "requests": 2,
        "usage": Usage(total_tokens=1200),
        "latency_s": 1.5,
        "cost_usd": 0.0012,
    }
    return BriefResult(**(values | changes))


def partial_result(answer: dict[str, Any]) -> BriefResult:
    """:func:`brief_result`, partial: one party left out, with the note that says so."""
    return brief_result(
        answer,
        partial=True,
        notes=["Partial brief: 1 item left out."],
        dropped=[DroppedItem(path="parties[7]", reason="quote 'x' does not occur")],
    )
