"""Pieces every sub-command shares."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from summarizer.cli.common import shared_exit_code, write_errors
from summarizer.errors import OutputError, SummarizerError


def test_a_failed_write_under_the_output_names_the_file_it_could_not_write(
    tmp_path: Path,
) -> None:
    target = tmp_path / "run" / "predictions.jsonl"
    with (
        pytest.raises(OutputError, match=r"cannot write .*predictions\.jsonl: No space"),
        write_errors(target),
    ):
        raise OSError(28, "No space left on device", str(target))


def test_a_file_read_elsewhere_is_not_called_an_output_error(tmp_path: Path) -> None:
    target = tmp_path / "run" / "predictions.jsonl"
    elsewhere = tmp_path / "package" / "world.yaml"
    with pytest.raises(SummarizerError) as caught, write_errors(target):
        raise FileNotFoundError(2, "No such file or directory", str(elsewhere))
    assert not isinstance(caught.value, OutputError)
    assert str(caught.value) == f"{elsewhere}: No such file or directory"


@pytest.mark.parametrize(
    ("codes", "expected"), [([4], 4), ([5, 5, 5], 5), ([3, 4], 1), ((c for c in (4, 4, 2)), 1)]
)
def test_failures_share_their_code_or_exit_1_when_they_differ(
    codes: Iterable[int], expected: int
) -> None:
    assert shared_exit_code(codes) == expected
