"""How fast the Slack bot acknowledges requests while the model is slower than Slack's 3 s.

Runs the real Bolt app in HTTP mode on 127.0.0.1 with the test fakes (Slack Web API and an
OpenAI-compatible server whose every answer takes ``--model-seconds``), sends signed slash
commands one after another, and reports ack latency (request sent -> HTTP response read).

    .venv/bin/python benchmarks/slack_ack.py [--requests 40] [--model-seconds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

from summarizer.config import Settings
from summarizer.slack.app import BotConfig, build_bot
from summarizer.slack.server import make_http_server
from tests.fakes.openai_server import Answer, FakeOpenAI
from tests.fakes.slack_api import BOT_TOKEN, FakeSlackAPI

ROOT = Path(__file__).resolve().parents[1]
SECRET = "benchmark-signing-secret"


def signed_command(url: str, text: str, response_url: str) -> float:
    """Send one signed /brief; seconds until the acknowledgement arrived."""
    body = urlencode(
        {"command": "/brief", "text": text, "channel_id": "C1", "user_id": "U1",
         "team_id": "T1", "response_url": response_url, "trigger_id": "1"}
    )  # fmt: skip
    ts = str(int(time.time()))
    signature = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": "v0=" + signature.hexdigest(),
    }
    started = time.perf_counter()
    response = httpx.post(url, content=body, headers=headers, timeout=10)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--model-seconds", type=float, default=3.0)
    args = parser.parse_args()

    text = (ROOT / "evals/fixtures/aleppo-2016-12-14/article.txt").read_text(encoding="utf-8")
    answer = json.loads((ROOT / "tests" / "data" / "aleppo_brief.json").read_text("utf-8"))
    slack, model = FakeSlackAPI(), FakeOpenAI()
    slack.start()
    model.start()
    model.latency = args.model_seconds
    model.responder = lambda request: Answer(answer)
    settings = Settings.resolve(env={}, base_url=model.base_url, model="fake", max_retries=0)
    config = BotConfig(
        bot_token=BOT_TOKEN, signing_secret=SECRET, slack_api_url=slack.base_url, workers=4,
        max_queued=args.requests,
    )  # fmt: skip
    bot = build_bot(config, settings)
    server = make_http_server(bot, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/slack/events"
    try:
        signed_command(url, text, slack.response_url())  # warm-up (imports, first auth)
        times = sorted(
            signed_command(url, text, slack.response_url()) for _ in range(args.requests)
        )
    finally:
        server.shutdown()
        bot.close(wait=False)
    ms = [t * 1000 for t in times]
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(
        f"ack latency over {len(ms)} signed slash commands, model taking "
        f"{args.model_seconds:g} s per brief, 4 workers: median {statistics.median(ms):.1f} ms, "
        f"p95 {p95:.1f} ms, max {ms[-1]:.1f} ms (Slack's limit: 3000 ms)"
    )


if __name__ == "__main__":
    main()
