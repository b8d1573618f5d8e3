"""Prompt size with a real tokenizer and real prompt processing: llama.cpp + SmolLM2-135M.

For the seed article, in each mode, the exact request summarizer sends (built by instructor,
as the Batch API builds it) goes to llama.cpp's server with ``max_tokens: 1`` and the prompt
cache off; the server's ``usage.prompt_tokens`` is the real token count (the chat template
renders tools and system prompt as the model reads them) and ``timings.prompt_ms`` the real
prompt-processing time on this machine. The article alone is tokenized by the same server,
so overhead = prompt tokens - article tokens. SmolLM2's chat template does not render tool
definitions, so in tools mode the schema the request carries (its JSON text) is tokenized
by the same server and added: what a model that reads the tools would see, about. Earlier
request bodies can be compared in the same run: ``--before FILE`` (JSON: mode -> request
body, e.g. saved from an older commit).

    .venv/bin/python benchmarks/prompt_tokens.py [--before bodies.json] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import httpx
from _fake import ROOT, SEED

from summarizer.batch.openai.requests import build_request
from summarizer.config import Mode, Settings
from tests.real.llama import find_smollm2, missing, start_llama

MODES = (Mode.TOOLS, Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON)


def current_bodies() -> dict[str, dict[str, Any]]:
    bodies = {}
    for mode in MODES:
        settings = Settings.resolve(env={}, base_url="http://x/v1", model="m", mode=mode)
        bodies[mode.value] = build_request("seed", SEED, settings)["body"]
    return bodies


def measure(base_url: str, body: dict[str, Any], repeat: int) -> tuple[int, float]:
    """(prompt tokens, fastest prompt-processing seconds) for one request body."""
    sent = {**body, "max_tokens": 1, "cache_prompt": False, "temperature": 0}
    sent.pop("max_completion_tokens", None)
    best = float("inf")
    tokens = 0
    for _ in range(repeat):
        answer = httpx.post(base_url + "/chat/completions", json=sent, timeout=300).json()
        tokens = int(answer["usage"]["prompt_tokens"])
        best = min(best, float(answer["timings"]["prompt_ms"]) / 1000)
    return tokens, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", type=Path, help="JSON file: mode -> earlier request body")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    reason = missing()
    if reason:  # `make bench` runs every script; this one needs `make test-real`'s packages
        print(f"prompt_tokens: skipped: {reason}")
        return
    runs = {"now": current_bodies()}
    if args.before:
        runs = {"before": json.loads(args.before.read_text(encoding="utf-8")), **runs}
    with tempfile.TemporaryDirectory() as tmp:
        server = start_llama(find_smollm2(), ctx=8192, threads=2, log=Path(tmp) / "llama.log")
        try:
            root = server.base_url.removesuffix("/v1")
            article = len(httpx.post(root + "/tokenize", json={"content": SEED}).json()["tokens"])

            print(f"seed article: {article} tokens (SmolLM2 tokenizer); {ROOT.name}")
            print("| prompt | mode | prompt tokens | overhead tokens | prompt processing (s) |")
            print("|---|---|---:|---:|---:|")

            def count(text: str) -> int:
                return len(httpx.post(root + "/tokenize", json={"content": text}).json()["tokens"])

            for label, bodies in runs.items():
                for mode, body in bodies.items():
                    tokens, seconds = measure(server.base_url, body, args.repeat)
                    if body.get("tools"):
                        tokens += count(json.dumps(body["tools"], separators=(",", ":")))
                        mode = f"{mode} (+ tools JSON)"
                    print(f"| {label} | {mode} | {tokens} | {tokens - article} | {seconds:.2f} |")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
