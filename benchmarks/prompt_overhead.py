"""Prompt overhead: what a request sends besides the article itself (system prompt, the
instructions around the article, and the JSON schema of the Brief), for the seed article.

Token counts use summarizer.engine.tokens (exact with a local tiktoken cache, else the estimate).

    .venv/bin/python benchmarks/prompt_overhead.py
"""

from __future__ import annotations

import json

from _fake import SEED, fake_server

from summarizer import summarize
from summarizer.config import Mode
from summarizer.engine.tokens import count_tokens, tokenizer_name


def main() -> None:
    article = count_tokens(SEED.strip())
    print(f"prompt overhead for the seed article ({article} article tokens; {tokenizer_name()})")
    print("| mode | system prompt | user wrapper | schema (tools / response_format) | "
          "overhead total | overhead / article |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    for mode in (Mode.TOOLS, Mode.JSON_SCHEMA):
        with fake_server() as server:
            summarize(SEED, base_url=server.base_url, model="bench", mode=mode)
            (request,) = server.chat_requests
        messages = request.messages
        system = count_tokens(messages[0]["content"])
        wrapper = count_tokens(messages[1]["content"]) - article
        schema_part = request.body.get("tools") or request.body.get("response_format")
        schema = count_tokens(json.dumps(schema_part))
        total = system + wrapper + schema
        print(f"| {mode.value} | {system} | {wrapper} | {schema} | {total} | "
              f"{total / article:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
