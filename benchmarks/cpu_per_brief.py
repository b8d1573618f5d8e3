"""Our own CPU per brief: what summarizer spends in-process around one model answer.

The fake OpenAI server runs in a child process with no latency, so this process's CPU time
(``time.process_time``) is the client side only: prompt rendering, instructor, the openai
SDK, HTTP, validation and grounding. Three runs of N briefs each, one after the other:

- **baseline**: the bare openai SDK sending the same request and parsing the JSON answer
  (the floor any client pays for one HTTP round trip);
- **open backend**: ``asummarize`` N times over one open backend (how batches, eval runs and
  the Slack bot work);
- **summarize()**: N separate blocking calls, each building its own client.

``--profile`` adds a cProfile of the open-backend run, grouped by package.

    .venv/bin/python benchmarks/cpu_per_brief.py [--n 32] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import time
from collections import defaultdict

from _fake import SEED, remote_fake_server

from summarizer import Settings, asummarize, open_backend, summarize
from summarizer.engine.prompts import load_prompt

PACKAGES = ("summarizer", "instructor", "openai", "httpx", "httpcore", "pydantic",
            "pydantic_core", "jinja2", "tenacity", "asyncio", "json", "re")  # fmt: skip


def _baseline(base_url: str, n: int) -> float:
    import openai

    async def run() -> None:
        client = openai.AsyncOpenAI(api_key="x", base_url=base_url, max_retries=0)
        messages = load_prompt("brief").render(SEED)
        for _ in range(n):
            completion = await client.chat.completions.create(model="bench", messages=messages)  # type: ignore[arg-type]
            json.loads(completion.choices[0].message.content or "{}")
        await client.close()

    started = time.process_time()
    asyncio.run(run())
    return (time.process_time() - started) / n


def _open_backend(base_url: str, n: int) -> float:
    settings = Settings.resolve(env={}, base_url=base_url, model="bench")

    async def run() -> None:
        async with open_backend(settings) as backend:
            for _ in range(n):
                await asummarize(SEED, backend=backend)

    started = time.process_time()
    asyncio.run(run())
    return (time.process_time() - started) / n


def _separate_calls(base_url: str, n: int) -> float:
    started = time.process_time()
    for _ in range(n):
        summarize(SEED, base_url=base_url, model="bench")
    return (time.process_time() - started) / n


def _profile(base_url: str, n: int) -> None:
    profile = cProfile.Profile()
    profile.enable()
    _open_backend(base_url, n)
    profile.disable()
    stats = pstats.Stats(profile)
    by_package: dict[str, float] = defaultdict(float)
    for (path, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        parts = path.replace("\\\\", "/").split("/")
        key = "other"
        for package in PACKAGES:
            if package in parts:
                key = package
        by_package[key] += own
    print(f"\nprofile of the open-backend run, own time per brief by package (N={n}):")
    for package, seconds in sorted(by_package.items(), key=lambda kv: -kv[1]):
        print(f"  {package:14s} {seconds / n * 1000:7.2f} ms")
    print("\ntop functions by own time:")
    stats.sort_stats("tottime").print_stats(12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=32)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with remote_fake_server() as base_url:
        # Warm up imports and first-use costs, so each run measures the steady state.
        _open_backend(base_url, 2)
        _baseline(base_url, 2)
        baseline = _baseline(base_url, args.n)
        shared = _open_backend(base_url, args.n)
        separate = _separate_calls(base_url, args.n)
        print(f"CPU per brief, N={args.n}, fake server in another process, no latency")
        print("| run | CPU ms per brief | × baseline | summarizer's own (ms) |")
        print("|---|---:|---:|---:|")
        print(f"| bare openai SDK (baseline) | {baseline * 1000:.1f} | 1.0 | – |")
        print(f"| asummarize, one open backend | {shared * 1000:.1f} | {shared / baseline:.1f} "
              f"| {(shared - baseline) * 1000:.1f} |")  # fmt: skip
        print(f"| summarize(), a client each | {separate * 1000:.1f} | {separate / baseline:.1f} "
              f"| {(separate - baseline) * 1000:.1f} |")  # fmt: skip
        if args.profile:
            _profile(base_url, args.n)


if __name__ == "__main__":
    main()
