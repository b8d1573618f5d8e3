"""Throughput of summarize_many: N articles against a server with fixed latency.

The server runs in a child process (as a provider would). Ideal wall time = the number of
waves (ceil(N / concurrency)) x latency; the ratio shows what summarizer adds (validation,
grounding, client set-up) and how well it overlaps requests.

    .venv/bin/python benchmarks/throughput.py [--n 64] [--latency 0.5]
"""

from __future__ import annotations

import argparse
import math
import time

from _fake import articles, remote_fake_server

from summarizer.batch.runner import summarize_many
from summarizer.brief.result import BriefResult


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=64)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    args = parser.parse_args()
    texts = articles(args.n)
    print(f"throughput: N={args.n} articles, server latency {args.latency} s")
    print("| concurrency | wall time (s) | ideal (s) | ratio |")
    print("|---:|---:|---:|---:|")
    with remote_fake_server(0.0) as base_url:  # imports and first-use costs, outside the timing
        summarize_many(articles(2), base_url=base_url, model="bench")
    for concurrency in args.concurrency:
        with remote_fake_server(args.latency) as base_url:
            started = time.perf_counter()
            results = summarize_many(
                texts, concurrency=concurrency, base_url=base_url, model="bench"
            )
            wall = time.perf_counter() - started
        assert all(isinstance(r, BriefResult) for r in results.values()), "a brief failed"
        ideal = math.ceil(args.n / concurrency) * args.latency
        print(f"| {concurrency} | {wall:.2f} | {ideal:.2f} | {wall / ideal:.2f} |")


if __name__ == "__main__":
    main()
