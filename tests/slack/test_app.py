"""The Bolt app over real HTTP: signed requests in, Web API calls out, the model on loopback.

Nothing is mocked: the app runs in HTTP mode on 127.0.0.1, its WebClient talks to the fake
Slack Web API, and summarize() talks to the fake OpenAI server.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from summarizer.config import Settings
from summarizer.errors import ConfigError
from summarizer.slack.app import BotConfig, BriefBot, Fetcher, build_bot
from summarizer.slack.server import make_http_server
from summarizer.sources.fetch import fetch_article
from tests.fakes.openai_server import Answer, Fail, FakeOpenAI, Slow
from tests.fakes.slack_api import BOT_TOKEN, BOT_USER_ID, FakeSlackAPI

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
OPENAI_KEY = "sk-test-openai-secret-key-123456"
ACK_LIMIT_S = 3.0  # Slack's deadline
# An ack that waited for the model would take at least one model call (1.5 s in the busy test);
# 1 s is still far inside Slack's 3 s but leaves a loaded CI machine room.
BUSY_ACK_LIMIT_S = 1.0


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class RunningBot:
    url: str
    bot: BriefBot
    slack: FakeSlackAPI
    model: FakeOpenAI

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
    ) -> tuple[httpx.Response, float]:
        """Send a request signed like Slack does; the response and the seconds it took."""
        ts = int(time.time()) if timestamp is None else timestamp
        sent = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": sign(body, ts, secret),
            **(headers or {}),
        }
        started = time.perf_counter()
        response = httpx.post(self.url, content=body.encode(), headers=sent, timeout=10)
        return response, time.perf_counter() - started

    def command(self, text: str, **kwargs: Any) -> tuple[httpx.Response, float]:
        form = {
            "token": "legacy-verification-token",
            "team_id": "T0FAKE",
            "channel_id": "C0NEWS",
            "channel_name": "news",
            "user_id": "U0ALICE",
            "user_name": "alice",
            "command": "/brief",
            "text": text,
            "api_app_id": "A0BRIEF",
            "response_url": self.slack.response_url("cmd"),
            "trigger_id": "1.2.3",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **kwargs)

    def shortcut(self, message: dict[str, Any]) -> tuple[httpx.Response, float]:
        payload = {
            "type": "message_action",
            "callback_id": "brief_this",
            "trigger_id": "1.2.4",
            "team": {"id": "T0FAKE", "domain": "fake"},
            "channel": {"id": "C0NEWS", "name": "news"},
            "user": {"id": "U0ALICE", "name": "alice"},
            "message_ts": message["ts"],
            "message": {"type": "message", "user": "U0BOB", **message},
            "response_url": self.slack.response_url("shortcut"),
            "api_app_id": "A0BRIEF",
            "token": "legacy-verification-token",
        }
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded")

    def mention(
        self, text: str, *, event_id: str = "Ev0001", headers: dict[str, str] | None = None
    ) -> tuple[httpx.Response, float]:
        body = {
            "token": "legacy-verification-token",
            "team_id": "T0FAKE",
            "api_app_id": "A0BRIEF",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0FAKE", "user_id": BOT_USER_ID, "is_bot": True}],
            "event": {
                "type": "app_mention",
                "user": "U0ALICE",
                "text": f"<@{BOT_USER_ID}> {text}",
                "ts": "1700000000.000300",
                "channel": "C0NEWS",
                "event_ts": "1700000000.000300",
            },
        }
        return self.post(json.dumps(body), "application/json", headers=headers)


BotFactory = Callable[..., RunningBot]


@pytest.fixture
def make_bot(slack_api: FakeSlackAPI, openai_server: FakeOpenAI) -> Iterator[BotFactory]:
    running: list[tuple[Any, BriefBot]] = []

    def factory(*, fetcher: Fetcher | None = None, workers: int = 2, **settings: Any) -> RunningBot:
        values: dict[str, Any] = {
            "base_url": openai_server.base_url,
            "api_key": OPENAI_KEY,
            "model": "fake-model",
            "max_retries": 0,
            "max_reasks": 0,
            "backoff_initial": 0,
            "timeout": 10,
        }
        values.update(settings)
        config = BotConfig(
            bot_token=BOT_TOKEN,
            signing_secret=SIGNING_SECRET,
            slack_api_url=slack_api.base_url,
            workers=workers,
        )
        bot = build_bot(config, Settings.resolve(env={}, **values), fetcher=fetcher)
        server = make_http_server(bot, "127.0.0.1", 0)
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        running.append((server, bot))
        url = f"http://127.0.0.1:{server.server_port}/slack/events"
        return RunningBot(url=url, bot=bot, slack=slack_api, model=openai_server)

    yield factory
    for server, bot in running:
        server.shutdown()
        server.server_close()
        bot.close(wait=True)


@pytest.fixture
def bot(make_bot: BotFactory) -> RunningBot:
    return make_bot()


def _assert_fast(elapsed: float) -> None:
    print(f"ack in {elapsed * 1000:.1f} ms")
    assert elapsed < ACK_LIMIT_S


def _header(call_blocks: list[dict[str, Any]]) -> str:
    assert call_blocks[0]["type"] == "header"
    return str(call_blocks[0]["text"]["text"])


# --- the three ways in ---------------------------------------------------------------------


def test_slash_command_posts_working_then_replaces_it_with_the_brief(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.model.enqueue(Answer(aleppo_answer, prompt_tokens=2000, completion_tokens=700))
    response, elapsed = bot.command(aleppo_text)
    assert response.status_code == 200
    assert response.text == ""  # a plain ack: nothing shown yet
    _assert_fast(elapsed)

    (update,) = bot.slack.wait_for("chat.update")
    (working,) = bot.slack.calls_to("chat.postMessage")
    assert working.args["channel"] == "C0NEWS"
    assert "thread_ts" not in working.args
    assert "<@U0ALICE> asked for a brief" in working.all_text()
    assert update.args["channel"] == "C0NEWS"
    assert update.args["ts"] == working.answer["ts"]  # the working message is replaced
    blocks = update.blocks
    assert _header(blocks) == "Brief: eastern Aleppo"
    assert "took full control of Aleppo" in blocks[1]["text"]["text"]
    context = blocks[-1]["elements"][0]["text"]
    assert "fake-model" in context
    assert "2,700 tokens (2,000 in, 700 out)" in context
    assert update.args["text"].startswith("Brief: Syrian government forces")
    (request,) = bot.model.chat_requests
    assert "at least 82 civilians were killed" in request.text()


def test_ack_stays_fast_while_the_model_is_slow_and_workers_are_busy(
    make_bot: BotFactory, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot = make_bot(workers=1)
    bot.model.enqueue(Slow(1.5, Answer(aleppo_answer)), Slow(1.5, Answer(aleppo_answer)))
    timings = [bot.command(aleppo_text)[1] for _ in range(3)]
    print("acks while busy:", ", ".join(f"{t * 1000:.1f} ms" for t in timings))
    assert max(timings) < BUSY_ACK_LIMIT_S  # though each model call takes 1.5 s
    bot.slack.wait_for("chat.update", count=2, timeout=15)


def test_message_shortcut_answers_in_the_message_thread(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.model.enqueue(Answer(aleppo_answer))
    response, elapsed = bot.shortcut({"ts": "1700000000.000200", "text": aleppo_text})
    assert response.status_code == 200
    _assert_fast(elapsed)
    (update,) = bot.slack.wait_for("chat.update")
    (working,) = bot.slack.calls_to("chat.postMessage")
    assert working.args["thread_ts"] == "1700000000.000200"
    assert working.args["channel"] == "C0NEWS"
    assert _header(update.blocks) == "Brief: eastern Aleppo"


def test_shortcut_on_a_reply_stays_in_its_thread(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.model.enqueue(Answer(aleppo_answer))
    bot.shortcut({"ts": "1700000000.000900", "thread_ts": "1700000000.000100", "text": aleppo_text})
    bot.slack.wait_for("chat.update")
    (working,) = bot.slack.calls_to("chat.postMessage")
    assert working.args["thread_ts"] == "1700000000.000100"


def test_mention_is_answered_in_thread_and_slack_retries_are_not_processed_twice(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.model.enqueue(Slow(0.5, Answer(aleppo_answer)))
    response, elapsed = bot.mention(aleppo_text)
    assert response.status_code == 200
    _assert_fast(elapsed)
    for attempt in (1, 2):
        retry, retry_elapsed = bot.mention(
            aleppo_text,
            headers={"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"},
        )
        assert retry.status_code == 200
        _assert_fast(retry_elapsed)
    (update,) = bot.slack.wait_for("chat.update")
    assert _header(update.blocks) == "Brief: eastern Aleppo"
    time.sleep(0.3)  # give a wrongly accepted retry the time to show up
    (working,) = bot.slack.calls_to("chat.postMessage")
    assert working.args["thread_ts"] == "1700000000.000300"
    assert len(bot.slack.calls_to("chat.update")) == 1
    assert len(bot.model.chat_requests) == 1


def test_a_different_event_is_processed(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.model.enqueue(Answer(aleppo_answer), Answer(aleppo_answer))
    bot.mention(aleppo_text, event_id="Ev1")
    bot.mention(aleppo_text, event_id="Ev2")
    bot.slack.wait_for("chat.update", count=2)
    assert len(bot.model.chat_requests) == 2


# --- request verification ------------------------------------------------------------------


def test_bad_signature_is_rejected(bot: RunningBot, aleppo_text: str) -> None:
    response, _ = bot.command(aleppo_text, secret="not-the-signing-secret")
    assert response.status_code == 401
    response, _ = bot.mention(aleppo_text, headers={"X-Slack-Signature": "v0=deadbeef"})
    assert response.status_code == 401
    time.sleep(0.2)
    assert [c.method for c in bot.slack.calls if c.method != "auth.test"] == []
    assert bot.model.chat_requests == []


def test_stale_request_is_rejected(bot: RunningBot, aleppo_text: str) -> None:
    ten_minutes_ago = int(time.time()) - 600
    response, _ = bot.command(aleppo_text, timestamp=ten_minutes_ago)  # correctly signed
    assert response.status_code == 401
    time.sleep(0.2)
    assert bot.model.chat_requests == []


def test_rejected_event_does_not_block_the_real_delivery(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.model.enqueue(Answer(aleppo_answer))
    forged, _ = bot.mention(aleppo_text, headers={"X-Slack-Signature": "v0=00"})
    assert forged.status_code == 401
    real, _ = bot.mention(aleppo_text)
    assert real.status_code == 200
    bot.slack.wait_for("chat.update")


# --- errors reach the user, briefly and safely -----------------------------------------------


def test_provider_down_gives_a_short_ephemeral_without_secrets(
    bot: RunningBot, aleppo_text: str
) -> None:
    bot.model.responder = lambda request: Fail(
        503, message=f"upstream exploded; key {OPENAI_KEY} token {BOT_TOKEN}"
    )
    response, elapsed = bot.command(aleppo_text)
    assert response.status_code == 200
    _assert_fast(elapsed)
    (ephemeral,) = bot.slack.wait_for("chat.postEphemeral")
    assert ephemeral.args["user"] == "U0ALICE"
    shown = ephemeral.all_text()
    assert "The model service is not answering properly right now" in shown
    for leak in (OPENAI_KEY, BOT_TOKEN, SIGNING_SECRET, "Traceback", 'File "', "sk-test"):
        assert leak not in shown
    assert len(ephemeral.args["text"]) < 500
    (working,) = bot.slack.calls_to("chat.postMessage")
    (deleted,) = bot.slack.wait_for("chat.delete")  # the working message goes away
    assert deleted.args["channel"] == working.args["channel"] == "C0NEWS"
    assert deleted.args["ts"] == working.answer["ts"]  # the ts the fake gave the working message
    assert bot.slack.calls_to("chat.update") == []


def test_provider_error_bodies_are_redacted_in_the_log(
    bot: RunningBot, aleppo_text: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="summarizer.slack")
    bot.model.responder = lambda request: Fail(
        503, message=f"upstream exploded; key {OPENAI_KEY} token {BOT_TOKEN}"
    )
    bot.command(aleppo_text)
    bot.slack.wait_for("chat.postEphemeral")
    failures = [r for r in caplog.records if r.getMessage().startswith("brief failed")]
    assert len(failures) == 1
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("summarizer"))
    for leak in (OPENAI_KEY, BOT_TOKEN, "sk-test"):
        assert leak not in logged
    assert "[redacted]" in failures[0].getMessage()


def test_ungrounded_answers_give_an_ephemeral(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    aleppo_answer["parties"][0]["evidence"] = ["a sentence the article never contained at all"]
    bot.model.enqueue(Answer(aleppo_answer))
    bot.mention(aleppo_text)
    (ephemeral,) = bot.slack.wait_for("chat.postEphemeral")
    assert "could not produce a brief grounded in the article" in ephemeral.args["text"]
    assert ephemeral.args["thread_ts"] == "1700000000.000300"


def test_empty_command_gets_usage_in_the_ack(bot: RunningBot) -> None:
    response, elapsed = bot.command("   ")
    _assert_fast(elapsed)
    assert response.status_code == 200
    assert "/brief https://" in response.json()["text"]
    time.sleep(0.2)
    assert bot.slack.calls_to("chat.postMessage") == []


def test_empty_mention_gets_usage_ephemerally(bot: RunningBot) -> None:
    bot.mention("")
    (ephemeral,) = bot.slack.wait_for("chat.postEphemeral")
    assert "mention me with" in ephemeral.args["text"]
    assert bot.model.chat_requests == []


def test_private_link_is_refused_with_an_ephemeral(bot: RunningBot) -> None:
    bot.command("<http://169.254.169.254/latest/meta-data/>")
    (ephemeral,) = bot.slack.wait_for("chat.postEphemeral")
    assert "I couldn't get an article from that link: refused" in ephemeral.args["text"]
    assert bot.model.chat_requests == []


def test_not_in_channel_falls_back_to_the_response_url(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.slack.fail("chat.postMessage", "not_in_channel")
    bot.model.enqueue(Answer(aleppo_answer))
    bot.command(aleppo_text)
    (posted,) = bot.slack.wait_for("response_url")
    assert posted.args["response_type"] == "in_channel"
    assert _header(posted.blocks) == "Brief: eastern Aleppo"


def test_deleted_working_message_gets_the_brief_as_a_new_reply(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.slack.fail("chat.update", "message_not_found")  # the user deleted "working…"
    bot.model.enqueue(Answer(aleppo_answer))
    bot.mention(aleppo_text)
    working, brief = bot.slack.wait_for("chat.postMessage", count=2)
    assert "asked for a brief" in working.all_text()
    assert brief.args["thread_ts"] == "1700000000.000300"
    assert _header(brief.blocks) == "Brief: eastern Aleppo"
    time.sleep(0.2)  # give a wrong ephemeral the time to show up
    assert bot.slack.calls_to("chat.postEphemeral") == []
    assert bot.slack.calls_to("chat.delete") == []  # nothing left to remove


def test_uneditable_working_message_is_replaced_and_removed(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.slack.fail("chat.update", "cant_update_message")
    bot.model.enqueue(Answer(aleppo_answer))
    bot.mention(aleppo_text)
    (deleted,) = bot.slack.wait_for("chat.delete")
    working, brief = bot.slack.calls_to("chat.postMessage")
    assert "asked for a brief" in working.all_text()
    assert deleted.args["ts"] == working.answer["ts"]  # the working message's ts
    assert _header(brief.blocks) == "Brief: eastern Aleppo"


def test_mention_in_a_channel_without_the_bot_asks_for_an_invite(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.slack.fail("chat.postMessage", "not_in_channel")
    bot.model.enqueue(Answer(aleppo_answer))
    bot.mention(aleppo_text)
    (ephemeral,) = bot.slack.wait_for("chat.postEphemeral")
    assert "invite me to the channel" in ephemeral.args["text"]


def test_other_post_failures_say_what_slack_answered(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.slack.fail("chat.postMessage", "restricted_action")
    bot.model.enqueue(Answer(aleppo_answer))
    bot.mention(aleppo_text)
    (ephemeral,) = bot.slack.wait_for("chat.postEphemeral")
    shown = ephemeral.args["text"]
    assert "Slack would not let me post it (restricted_action)" in shown
    assert "invite" not in shown


def test_rejected_blocks_still_deliver_the_text(
    bot: RunningBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.slack.fail("chat.update", "invalid_blocks")
    bot.model.enqueue(Answer(aleppo_answer))
    bot.command(aleppo_text)
    updates = bot.slack.wait_for("chat.update", count=2)
    assert updates[1].blocks == []
    assert updates[1].args["text"].startswith("Brief: Syrian")


# --- links, the offline backend, the endpoint itself ------------------------------------------


def test_link_is_fetched_and_briefed(
    make_bot: BotFactory, aleppo_page: str, aleppo_answer: dict[str, Any]
) -> None:
    loopback_ok = functools.partial(
        fetch_article, allowed_networks=[ipaddress.ip_network("127.0.0.1/32")]
    )
    bot = make_bot(fetcher=loopback_ok)
    bot.model.enqueue(Answer(aleppo_answer))
    response, elapsed = bot.command(f"<{aleppo_page}>")
    assert response.status_code == 200
    _assert_fast(elapsed)
    (update,) = bot.slack.wait_for("chat.update")
    assert _header(update.blocks) == "Aleppo evacuation delayed"
    source = update.blocks[-1]["elements"][1]["text"]
    assert source == f"Source: <{aleppo_page}|127.0.0.1>"
    (request,) = bot.model.chat_requests
    assert "at least 82 civilians were killed" in request.text()
    assert "Copyright Example News" not in request.text()


def test_offline_backend_when_no_model_is_configured(
    make_bot: BotFactory, aleppo_text: str
) -> None:
    bot = make_bot(base_url=None, api_key=None)
    bot.command(aleppo_text)
    (update,) = bot.slack.wait_for("chat.update", timeout=30)
    context = update.blocks[-1]["elements"][0]["text"]
    assert "offline extractive backend (no model configured)" in context
    assert bot.model.chat_requests == []


def test_url_verification_challenge(bot: RunningBot) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    response, _ = bot.post(body, "application/json")
    assert response.status_code == 200
    assert "abc123" in response.text


def test_http_server_refuses_a_bot_without_signing_secret(slack_api: FakeSlackAPI) -> None:
    config = BotConfig(bot_token=BOT_TOKEN, slack_api_url=slack_api.base_url)  # Socket Mode
    bot = build_bot(config, Settings.resolve(env={}))
    try:
        with pytest.raises(ConfigError, match="signing secret"):
            make_http_server(bot, "127.0.0.1", 0)
    finally:
        bot.close()


def test_health_and_oversized_bodies(bot: RunningBot) -> None:
    health = httpx.get(bot.url.replace("/slack/events", "/healthz"))
    assert health.status_code == 200
    response, _ = bot.post("x" * 1_500_000, "application/json")
    assert response.status_code == 413
