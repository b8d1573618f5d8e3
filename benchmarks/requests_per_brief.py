"""HTTP requests per brief on the happy path: the seed article and a 20,000-word report.

.venv/bin/python benchmarks/requests_per_brief.py
"""

from __future__ import annotations

from _fake import SEED, fake_server

from summarizer import summarize
from summarizer.config import Settings
from summarizer.engine.longdoc.chunking import chunk_text
from summarizer.engine.tokens import count_tokens
from tests.engine.longdoc.test_brief import report, respond


def main() -> None:
    with fake_server() as server:
        seed = summarize(SEED, base_url=server.base_url, model="gpt-4o-mini")
    long_text = report(166)  # just over 20,000 words
    with fake_server() as server:
        server.responder = respond
        long = summarize(long_text, base_url=server.base_url, model="gpt-4o-mini")
    chunks = chunk_text(long_text, max_tokens=Settings.resolve(env={}).chunk_tokens)
    print("| document | words | tokens (est.) | chunks | requests |")
    print("|---|---:|---:|---:|---:|")
    print(f"| seed article | {len(SEED.split()):,} | {count_tokens(SEED):,} | 1 | "
          f"{seed.requests} |")  # fmt: skip
    print(f"| generated report | {len(long_text.split()):,} | {count_tokens(long_text):,} | "
          f"{len(chunks)} | {long.requests} |")  # fmt: skip


if __name__ == "__main__":
    main()
