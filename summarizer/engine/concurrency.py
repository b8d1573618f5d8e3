"""Bounded concurrency: many jobs, at most N in flight, results in input order.

One runner for the batch runner (articles), the eval runner (fixtures) and the long-document
path (chunks): ``N`` workers pull jobs from one shared iterator, so inputs can be produced
lazily (an article file is read only when its turn comes) and memory stays flat.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from summarizer.errors import InputError

__all__ = ["bounded_map"]

T = TypeVar("T")
R = TypeVar("R")


async def bounded_map(
    items: Iterable[T], job: Callable[[T], Awaitable[R]], *, concurrency: int
) -> list[R]:
    """``[await job(item) for item in items]``, with at most ``concurrency`` jobs at once.

    The first job to raise stops the others (they are cancelled and awaited) and its own
    exception is raised, not a group: jobs that must not stop their siblings catch their
    errors themselves.

    >>> async def double(x: int) -> int:
    ...     return 2 * x
    >>> asyncio.run(bounded_map([1, 2, 3], double, concurrency=2))
    [2, 4, 6]
    """
    if concurrency < 1:
        raise InputError("concurrency must be at least 1")
    queue = iter(enumerate(items))  # next() never awaits, so the workers need no lock
    results: dict[int, R] = {}

    async def worker() -> None:
        for index, item in queue:
            results[index] = await job(item)

    workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    return [results[i] for i in range(len(results))]
