"""A wall-clock deadline shared by every wait of one piece of work.

A brief's model calls (every attempt, retry and chunk) and a URL fetch (every lookup,
connect and read of every redirect hop) each draw on one budget: a wait is cut to the time
left, and none starts once it is spent. Each user says which error that is.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["Deadline"]


class Deadline:
    """The moment, ``seconds`` from now, by which the work must be over."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._ends = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (negative once passed)."""
        return self._ends - time.monotonic()

    def bound(self, timeout: float | None, error: Callable[[], Exception]) -> float:
        """``timeout`` shortened to the time left (all of it when ``timeout`` is None);
        raises ``error()`` when none is left."""
        left = self.remaining()
        if left <= 0:
            raise error()
        return left if timeout is None else min(timeout, left)
