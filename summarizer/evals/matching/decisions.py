"""Outside decisions on pairs the deterministic rules find doubtful (a model judge's answers).

The scorer stays a pure function of its inputs: the decisions are one more input, given to
:func:`summarizer.evals.scoring.score_brief` and read by the sentence and name matchers while
that call runs (a context variable, so concurrent scorings never mix).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType

from pydantic import BaseModel, Field

__all__ = ["Decisions", "JudgeOutcome", "JudgedPair", "agreement_rate", "decided", "decision"]

Decisions = Mapping[tuple[str, str], bool]
"""(gold text, predicted text) -> whether they mean the same."""

_NONE: Decisions = MappingProxyType({})
_CURRENT: ContextVar[Decisions] = ContextVar("summarizer_eval_decisions", default=_NONE)


@contextmanager
def decided(decisions: Decisions | None) -> Iterator[None]:
    """Within the block, :func:`decision` answers from ``decisions``."""
    token = _CURRENT.set(decisions or _NONE)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def decision(gold: str, predicted: str) -> bool | None:
    """Whether ``predicted`` means ``gold`` by an outside decision, or None when undecided."""
    return _CURRENT.get().get((gold, predicted))


class JudgedPair(BaseModel):
    """A question with both answers."""

    field: str
    gold: str
    predicted: str
    rules_same: bool
    judge_same: bool
    reason: str = ""


class JudgeOutcome(BaseModel):
    """A document scored again with the judge's answers."""

    model: str
    values: dict[str, float]
    """Every metric, judged."""
    pairs: list[JudgedPair] = Field(default_factory=list)

    @property
    def agreement(self) -> float:
        """Share of this document's asked pairs where judge and rules agreed."""
        return agreement_rate(self.pairs)


def agreement_rate(pairs: Iterable[JudgedPair]) -> float:
    """Share of ``pairs`` where judge and rules agreed (1.0 when none was asked)."""
    agreed = [p.rules_same == p.judge_same for p in pairs]
    return sum(agreed) / len(agreed) if agreed else 1.0
