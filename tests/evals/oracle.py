"""The oracle brief for tests: the shipped gold-to-brief builder, under its test-side name."""

from __future__ import annotations

from summarizer.evals.probes.builder import gold_to_brief

__all__ = ["gold_to_brief"]
