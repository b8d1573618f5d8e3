"""Gold and prediction aligned item by item, and the scores that follow from the alignment.

Every field scorer (:mod:`summarizer.evals.evaluators`) matches predicted items to gold items
one to one and checks each matched pair's attributes. The result is data, not prose: a
:class:`FieldAlignment` lists the pairs (gold index, predicted index, similarity, attribute
checks with reasons), the gold items nothing matched and the predicted items that matched
nothing, so a report can show both sides next to each other.

A check is ``ok``, ``minor`` (the item is less complete or less precise: it loses
``cost`` of its credit) or ``misinforms`` (the reader is told something false: wrong side,
wrong status, the claimant and the disputer swapped, another population or source, a negated
statement). A pair's credit is 1 minus its minor costs, and 0 when it misinforms: such an
item counts as missed *and* as an extra, so it costs more than leaving it out. Optional gold
items never count against: a matched optional item has credit 1 whatever its attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, Field

from summarizer.evals.evaluators.metric import Metric

__all__ = [
    "Check",
    "FieldAlignment",
    "Pair",
    "Severity",
    "accuracy",
    "check",
    "detection_metrics",
    "prf",
]


class Severity(StrEnum):
    """How wrong an attribute of a matched item is."""

    OK = "ok"
    MINOR = "minor"
    MISINFORMS = "misinforms"


class Check(BaseModel):
    """One attribute of one matched pair."""

    attribute: str
    severity: Severity
    cost: float = 0.0
    """Credit lost (minor errors only)."""
    reason: str = ""

    @property
    def ok(self) -> bool:
        """Whether the attribute is right."""
        return self.severity is Severity.OK


def check(attribute: str, severity: Severity, reason: str = "", cost: float = 0.0) -> Check:
    """A check; ``reason`` and ``cost`` matter only when the attribute is not right."""
    if severity is Severity.OK:
        return Check(attribute=attribute, severity=severity)
    return Check(attribute=attribute, severity=severity, cost=cost, reason=reason)


class Pair(BaseModel):
    """A predicted item matched to a gold item, with its attribute checks."""

    gold: int
    predicted: int
    similarity: float
    optional: bool = False
    checks: list[Check] = Field(default_factory=list)

    @property
    def misinforms(self) -> bool:
        """A required item with an attribute that tells the reader something false."""
        return not self.optional and any(c.severity is Severity.MISINFORMS for c in self.checks)

    @property
    def credit(self) -> float:
        """1 for a right item, less for minor errors, 0 when it misinforms; optional: 1."""
        if self.optional:
            return 1.0
        if self.misinforms:
            return 0.0
        return max(0.0, 1.0 - sum(c.cost for c in self.checks))


class FieldAlignment(BaseModel):
    """One field of one document, gold and prediction side by side."""

    pairs: list[Pair] = Field(default_factory=list)
    missed: list[int] = Field(default_factory=list)
    """Required gold items nothing matched."""
    missed_optional: list[int] = Field(default_factory=list)
    extra: list[int] = Field(default_factory=list)
    """Predicted items that matched no gold item."""
    notes: dict[int, str] = Field(default_factory=dict)
    """Why a predicted item was left out of matching (e.g. a key fact that is no single
    statement), by predicted index."""

    def misinforming(self) -> list[Pair]:
        """The pairs that misinform a reader."""
        return [p for p in self.pairs if p.misinforms]


def prf(
    matched: float, required_matched: float, n_predicted: int, n_required: int
) -> tuple[float, float, float]:
    """Precision, recall and F1 from (possibly credit-weighted) match counts.

    Nothing predicted is perfectly precise only when nothing was required; nothing
    required is perfect recall; F1 is 0 when both are 0.
    """
    precision = matched / n_predicted if n_predicted else float(n_required == 0)
    recall = required_matched / n_required if n_required else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def detection_metrics(
    prefix: str,
    alignment: FieldAlignment,
    *,
    n_predicted: int,
    n_required: int,
    extra_reasons: Sequence[str],
    missed_reasons: Sequence[str],
) -> dict[str, Metric]:
    """``precision``, ``recall``, ``f1`` (was each item found?) and ``score`` (found and
    right: the same F1 with each pair counted by its credit)."""
    pairs = alignment.pairs
    found_required = sum(1 for p in pairs if not p.optional)
    precision, recall, f1 = prf(len(pairs), found_required, n_predicted, n_required)
    credit_all = sum(p.credit for p in pairs)
    credit_required = sum(p.credit for p in pairs if not p.optional)
    _, _, score = prf(credit_all, credit_required, n_predicted, n_required)
    wrong = [c.reason for p in pairs if not p.optional for c in p.checks if not c.ok]
    return {
        f"{prefix}.precision": Metric(value=precision, reasons=list(extra_reasons)),
        f"{prefix}.recall": Metric(value=recall, reasons=list(missed_reasons)),
        f"{prefix}.f1": Metric(value=f1, reasons=[*extra_reasons, *missed_reasons]),
        f"{prefix}.score": Metric(value=score, reasons=[*wrong, *extra_reasons, *missed_reasons]),
    }


def accuracy(alignment: FieldAlignment, attribute: str, f1: float) -> Metric:
    """Share of matched pairs whose ``attribute`` is right.

    Required pairs always count; optional pairs count only when right (never against).
    With nothing to count, the field's F1 (1.0 empty-vs-empty, so an empty prediction
    never earns attribute points).
    """
    checks = [
        c
        for p in alignment.pairs
        for c in p.checks
        if c.attribute == attribute and (not p.optional or c.ok)
    ]
    if not checks:
        return Metric(value=f1, reasons=[] if f1 == 1.0 else ["no matched item to check"])
    return Metric(
        value=sum(c.ok for c in checks) / len(checks),
        reasons=[c.reason for c in checks if not c.ok],
    )
