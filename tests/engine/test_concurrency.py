"""The one bounded runner: order kept, at most N in flight, the first error stops the rest."""

from __future__ import annotations

import asyncio

import pytest

from summarizer import InputError
from summarizer.engine.concurrency import bounded_map


async def test_results_keep_input_order_and_at_most_n_run_at_once() -> None:
    running = 0
    peak = 0

    async def job(n: int) -> int:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01 * (5 - n % 5))  # later items finish first
        running -= 1
        return n * n

    assert await bounded_map(range(12), job, concurrency=3) == [n * n for n in range(12)]
    assert peak == 3


async def test_inputs_are_pulled_lazily() -> None:
    pulled: list[int] = []

    def items() -> object:
        for n in range(5):
            pulled.append(n)
            yield n

    async def job(n: int) -> int:
        # When job n runs, at most n + concurrency items have been taken.
        assert len(pulled) <= n + 2
        await asyncio.sleep(0)
        return n

    assert await bounded_map(items(), job, concurrency=2) == [0, 1, 2, 3, 4]  # type: ignore[arg-type]


async def test_the_first_error_cancels_the_others_and_is_raised_as_itself() -> None:
    finished: list[int] = []

    async def job(n: int) -> int:
        if n == 1:
            raise ValueError("chunk 1 failed")
        await asyncio.sleep(0.2)
        finished.append(n)
        return n

    with pytest.raises(ValueError, match="chunk 1 failed"):
        await bounded_map(range(6), job, concurrency=3)
    assert finished == []


async def test_concurrency_must_be_positive() -> None:
    async def job(n: int) -> int:
        return n

    with pytest.raises(InputError, match="at least 1"):
        await bounded_map([1], job, concurrency=0)
