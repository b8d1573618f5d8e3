"""One-to-one assignment with a floor."""

from __future__ import annotations

from summarizer.evals.matching.assign import assign


def test_assignment_is_one_to_one_and_maximises_total_similarity() -> None:
    # Rows are predicted items a, b; columns gold items x, y.
    matrix = [[0.9, 0.85], [0.88, 0.1]]
    matches = assign(matrix, 0.5)
    # Greedy would pair a-x (0.9) and leave b unmatched; the optimum pairs a-y and b-x.
    assert [(m.predicted, m.gold) for m in matches] == [(1, 0), (0, 1)]


def test_assignment_never_matches_below_the_floor() -> None:
    assert assign([[0.79], [0.2]], 0.8) == []
    assert assign([], 0.5) == []
    assert assign([[]], 0.5) == []
