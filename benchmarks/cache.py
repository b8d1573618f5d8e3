"""The result cache: a second identical batch run against the first (sqlite cache).

.venv/bin/python benchmarks/cache.py [--n 50] [--latency 0.5] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _fake import articles, fake_server

from summarizer.batch.runner import summarize_many
from summarizer.engine.cache import SqliteCache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    texts = articles(args.n)
    with tempfile.TemporaryDirectory() as tmp, fake_server(args.latency) as server:
        cache = SqliteCache(Path(tmp) / "cache.sqlite")
        walls, requests = [], []
        for _ in range(2):
            before = len(server.chat_requests)
            started = time.perf_counter()
            summarize_many(texts, concurrency=args.concurrency, cache=cache,
                           base_url=server.base_url, model="bench")  # fmt: skip
            walls.append(time.perf_counter() - started)
            requests.append(len(server.chat_requests) - before)
        cache.close()
    print(f"cache: N={args.n}, latency {args.latency} s, concurrency {args.concurrency}")
    print("| run | wall time (s) | requests |")
    print("|---|---:|---:|")
    print(f"| first (cold cache) | {walls[0]:.2f} | {requests[0]} |")
    print(f"| second (warm cache) | {walls[1]:.3f} | {requests[1]} |")
    print(f"speed-up: {walls[0] / walls[1]:.0f}x")


if __name__ == "__main__":
    main()
