"""Wall time of ``eval run`` over every fixture against the local fake OpenAI server.

The server adds 0.5 s to every chat request and answers each article with its oracle brief,
so the figures measure the harness (concurrency, client, validation, scoring, JSONL writes),
not a model. The ideal is ``N x latency / concurrency``; with N not a multiple of the
concurrency, whole waves (``ceil(N / concurrency) x latency``) are the real floor, so both are
printed. Each setting is run ``--repeat`` times and the best time is kept. Run from the
repository root::

    .venv/bin/python benchmarks/eval_wall_time.py [--latency 0.5] [--concurrency 1 8]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.config import Settings  # noqa: E402
from summarizer.evals.dataset import load_fixtures  # noqa: E402
from summarizer.evals.runner import run_eval  # noqa: E402
from tests.evals.support import oracle_responder  # noqa: E402
from tests.fakes.openai_server import FakeOpenAI  # noqa: E402


def measure(fixtures_dir: Path, latency: float, concurrency: int) -> tuple[float, int, float]:
    """Seconds for one uncached run, the number of documents, and the mean overall score."""
    fixtures = load_fixtures(fixtures_dir)
    server = FakeOpenAI()
    server.responder, _ = oracle_responder(fixtures_dir)
    server.latency = latency
    server.start()
    try:
        settings = Settings.resolve(env={}, backend="openai", base_url=server.base_url,
                                    api_key="bench", model="fake", max_retries=0)  # fmt: skip
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            records = asyncio.run(
                run_eval(fixtures, Path(out), settings=settings, concurrency=concurrency)
            )
            elapsed = time.perf_counter() - started
    finally:
        server.stop()
    overall = sum(r.score.value("overall") for r in records) / len(records)
    return elapsed, len(records), overall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "evals" / "fixtures")
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    header = ["concurrency", "docs", "wall s", "ideal s", "ratio", "waves s", "ratio", "overall"]
    print(" ".join(f"{h:>11}" if i == 0 else f"{h:>8}" for i, h in enumerate(header)))
    for concurrency in args.concurrency:
        runs = [measure(args.fixtures, args.latency, concurrency) for _ in range(args.repeat)]
        elapsed, n, overall = min(runs)
        ideal = n * args.latency / concurrency
        waves = math.ceil(n / concurrency) * args.latency
        cells = [elapsed, ideal, elapsed / ideal, waves, elapsed / waves, overall]
        print(f"{concurrency:>11} {n:>8} " + " ".join(f"{c:>8.2f}" for c in cells))


if __name__ == "__main__":
    main()
