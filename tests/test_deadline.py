"""The shared deadline: waits cut to the time left, the caller's own error once it is spent."""

from __future__ import annotations

import pytest

from summarizer.deadline import Deadline


class Late(Exception):
    """The caller's error."""


def test_a_wait_is_cut_to_the_time_left() -> None:
    deadline = Deadline(30)
    assert deadline.bound(5, Late) == 5
    assert 29 < deadline.bound(60, Late) <= 30
    assert 29 < deadline.bound(None, Late) <= 30


def test_once_spent_no_wait_starts_and_the_callers_error_is_raised() -> None:
    deadline = Deadline(0)
    assert deadline.remaining() <= 0
    with pytest.raises(Late, match=r"^too late$"):
        deadline.bound(5, lambda: Late("too late"))
