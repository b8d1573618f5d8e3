"""Shared set-up for the benchmarks: the repository on sys.path and the fake OpenAI server.

The benchmarks talk HTTP to the same local server the tests use (tests/fakes), so the
figures measure summarizer's own overhead and concurrency, not a provider's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fakes.openai_server import Answer, FakeOpenAI, RecordedRequest, Reply  # noqa: E402

DATA = ROOT / "tests" / "data"
SEED = (ROOT / "evals" / "fixtures" / "aleppo-2016-12-14" / "article.txt").read_text("utf-8")
SEED_ANSWER: dict[str, Any] = json.loads((DATA / "aleppo_brief.json").read_text(encoding="utf-8"))


def articles(n: int) -> dict[str, str]:
    """``n`` distinct articles, each the seed with a numbered dateline (answers stay grounded)."""
    return {f"article{i:03d}": f"Dispatch number {i}.\n\n{SEED}" for i in range(n)}


def seed_responder(request: RecordedRequest) -> Reply:
    return Answer(SEED_ANSWER)


@contextmanager
def fake_server(latency: float = 0.0) -> Iterator[FakeOpenAI]:
    """A running fake endpoint (in this process) that answers with the seed's brief."""
    server = FakeOpenAI()
    server.latency = latency
    server.responder = seed_responder
    server.start()
    try:
        yield server
    finally:
        server.stop()


# The child serves with this module's own fake_server (benchmarks/ on its path).
_CHILD = """
import sys
sys.path.insert(0, {benchmarks!r})
from _fake import fake_server
with fake_server({latency!r}) as server:
    print(server.base_url, flush=True)
    sys.stdin.read()
"""


@contextmanager
def remote_fake_server(latency: float = 0.0) -> Iterator[str]:
    """The fake endpoint in a child process, as a real provider would be: its CPU and GIL
    are not ours, so timings measure summarizer alone. Yields the base URL."""
    code = _CHILD.format(benchmarks=str(ROOT / "benchmarks"), latency=latency)
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        yield child.stdout.readline().strip()
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(timeout=10)
