"""One-to-one assignment of predicted items to gold items (the Hungarian algorithm)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Match", "assign"]


@dataclass(frozen=True)
class Match:
    """One predicted item assigned to one gold item."""

    predicted: int
    gold: int
    similarity: float


def assign(matrix: Sequence[Sequence[float]], floor: float) -> list[Match]:
    """One-to-one assignment maximising total similarity; ``matrix[i][j]`` is the similarity
    of predicted item ``i`` to gold item ``j``.

    Pairs below ``floor`` are never matched, even when the assignment pairs them to fill the
    matrix. The result is sorted by gold index, so it is deterministic.
    """
    if not matrix or not matrix[0]:
        return []
    # Zeroing ineligible pairs keeps them from pulling the optimum away from eligible ones.
    eligible = [[s if s >= floor else 0.0 for s in row] for row in matrix]
    # scipy costs ~0.3 s to import: load it when matching runs, not when the CLI starts.
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(eligible, maximize=True)
    matches = [
        Match(int(r), int(c), eligible[r][c])
        for r, c in zip(rows, cols, strict=True)
        if eligible[r][c] >= floor and eligible[r][c] > 0
    ]
    return sorted(matches, key=lambda m: m.gold)
