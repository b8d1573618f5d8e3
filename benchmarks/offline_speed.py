"""Speed of the offline backend: median milliseconds per 1,000 words, on one core.

Builds a >= 1,000-word article by concatenating the fixture articles (repeating them when
needed), times ``build_brief`` (``offline_brief`` without its small result cache) over many
repetitions, and times a trivial baseline (sentence splitting only) in the same run so the
ratio is comparable across machines.

    .venv/bin/python benchmarks/offline_speed.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from summarizer.offline.backend import build_brief
from summarizer.offline.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
TARGET_WORDS = 1_000
BUDGET_MS = 50.0


def build_article() -> str:
    """Fixture articles joined (and repeated) until the text has >= 1,000 words."""
    texts = [
        p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("evals/fixtures/*/article.txt"))
    ]
    parts: list[str] = []
    while len("\n\n".join(parts).split()) < TARGET_WORDS:
        parts.append(texts[len(parts) % len(texts)])
    return "\n\n".join(parts)


def median_ms(func: Callable[[str], object], text: str, repeat: int) -> float:
    """Median wall time of ``func(text)`` in milliseconds, after one warm-up call."""
    func(text)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func(text)
        samples.append((time.perf_counter() - started) * 1_000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    text = build_article()
    words = len(text.split())
    per_k = 1_000 / words
    brief_ms = median_ms(build_brief, text, args.repeat) * per_k
    split_ms = median_ms(split_sentences, text, args.repeat) * per_k
    verdict = "OK" if brief_ms < BUDGET_MS else "OVER BUDGET"
    print(
        f"offline_brief: {brief_ms:.1f} ms per 1,000 words (median of {args.repeat}, "
        f"{words}-word article); sentence-split baseline {split_ms:.2f} ms "
        f"(x{brief_ms / split_ms:.0f}); budget {BUDGET_MS:.0f} ms: {verdict}"
    )


if __name__ == "__main__":
    main()
