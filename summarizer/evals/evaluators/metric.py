"""The value of one metric for one document, with the reasons it is not perfect."""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["Metric"]


class Metric(BaseModel):
    """One metric of one document: its value and why it is not perfect."""

    value: float
    reasons: list[str] = Field(default_factory=list)
