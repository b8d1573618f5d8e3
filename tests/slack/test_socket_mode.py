"""The bot in Socket Mode, against a local stand-in for Slack's Socket Mode service.

Nothing is mocked: serve_socket_mode() runs in a thread; its apps.connections.open and every
Web API call go to the fake Web API at SLACK_API_URL; the WebSocket it opens goes to the fake
Socket Mode server on 127.0.0.1 (tests/fakes/slack_socket_mode.py); briefs are written by
the fake OpenAI server. Tests assert what Slack and the user would see: each envelope
acknowledged by its id within Slack's 3 seconds, the brief in the right place, and a working
connection again soon after Slack drops one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from summarizer.config import Settings
from summarizer.errors import ConfigError, SummarizerError
from summarizer.slack.app import BotConfig, BriefBot, build_bot
from summarizer.slack.replies import USAGE
from summarizer.slack.server import PING_INTERVAL_S, serve_socket_mode
from summarizer.slack.web import SlackUnreachable
from tests.fakes.openai_server import Answer, FakeOpenAI
from tests.fakes.slack_api import BOT_TOKEN, FakeSlackAPI, SlackCall
from tests.fakes.slack_socket_mode import APP_TOKEN, Ack, FakeSocketMode

ACK_LIMIT_S = 3.0  # Slack's deadline for an acknowledgement
# A refresh Slack announces is followed at once (the new connection opens before the old one
# closes); a connection that just ends is noticed at the client's next connection check.
REFRESH_LIMIT_S = 2.0
PING_S = 0.5  # the connection-check interval in the tests that drop connections


@dataclass
class SocketBot:
    bot: BriefBot
    slack: FakeSlackAPI
    service: FakeSocketMode
    model: FakeOpenAI
    stop: threading.Event
    thread: threading.Thread
    failures: list[BaseException] = field(default_factory=list)

    def ack(self, envelope_id: str) -> Ack:
        """The acknowledgement of ``envelope_id``, asserted to be in time."""
        ack = self.service.wait_for_ack(envelope_id, timeout=ACK_LIMIT_S + 2)
        print(f"envelope {envelope_id[:8]} acked after {ack.seconds * 1000:.0f} ms")
        assert ack.seconds < ACK_LIMIT_S, f"ack after {ack.seconds:.2f}s"
        return ack


SocketBotFactory = Callable[..., SocketBot]


@pytest.fixture
def make_socket_bot(
    slack_api: FakeSlackAPI, socket_mode: FakeSocketMode, openai_server: FakeOpenAI
) -> Iterator[SocketBotFactory]:
    running: list[SocketBot] = []

    def factory(
        *,
        app_token: str = APP_TOKEN,
        wait_connected: bool = True,
        ping_interval: float = PING_INTERVAL_S,
    ) -> SocketBot:
        settings = Settings.resolve(
            env={},
            base_url=openai_server.base_url,
            api_key="sk-test-openai-secret-key-123456",
            model="fake-model",
            max_retries=0,
            max_reasks=0,
            timeout=10,
        )
        config = BotConfig(
            bot_token=BOT_TOKEN, app_token=app_token, slack_api_url=slack_api.base_url, workers=2
        )
        bot = build_bot(config, settings)
        stop = threading.Event()
        failures: list[BaseException] = []

        def run() -> None:
            try:
                serve_socket_mode(bot, app_token, stop=stop, ping_interval=ping_interval)
            except BaseException as exc:  # handed to the test
                failures.append(exc)

        thread = threading.Thread(target=run, name="socket-mode-bot", daemon=True)
        running.append(
            SocketBot(bot, slack_api, socket_mode, openai_server, stop, thread, failures)
        )
        thread.start()
        if wait_connected:
            socket_mode.wait_for_links(1)
        return running[-1]

    yield factory
    for running_bot in running:
        running_bot.stop.set()
    slack_api.socket_mode = None  # no new connections while the bots close theirs
    socket_mode.stop()
    for running_bot in running:
        running_bot.thread.join(timeout=10)
        assert not running_bot.thread.is_alive(), "serve_socket_mode did not return after stop"


@pytest.fixture
def bot(make_socket_bot: SocketBotFactory) -> SocketBot:
    return make_socket_bot()


def _header(call: SlackCall) -> str:
    assert call.blocks[0]["type"] == "header"
    return str(call.blocks[0]["text"]["text"])


# --- connecting ----------------------------------------------------------------------------


def test_connects_with_the_app_token_at_the_configured_api_url(bot: SocketBot) -> None:
    (opened,) = bot.slack.calls_to("apps.connections.open")  # at SLACK_API_URL
    assert opened.headers["authorization"] == f"Bearer {APP_TOKEN}"
    assert bot.service.tickets_issued == 1
    assert bot.service.refused_handshakes == 0
    assert [c.headers["authorization"] for c in bot.slack.calls_to("auth.test")] == [
        f"Bearer {BOT_TOKEN}"
    ]


def test_a_refused_app_token_stops_the_bot_with_a_config_error(
    make_socket_bot: SocketBotFactory,
) -> None:
    running = make_socket_bot(app_token="xapp-1-not-the-right-one", wait_connected=False)
    running.thread.join(timeout=10)
    (failure,) = running.failures
    assert isinstance(failure, ConfigError)
    assert str(failure) == "Slack refused SLACK_APP_TOKEN: invalid_auth"
    assert running.service.links == []


def test_a_failing_connections_open_stops_the_bot_with_an_endpoint_error(
    make_socket_bot: SocketBotFactory, slack_api: FakeSlackAPI
) -> None:
    slack_api.fail("apps.connections.open", "internal_error")
    running = make_socket_bot(wait_connected=False)
    running.thread.join(timeout=10)
    (failure,) = running.failures
    assert isinstance(failure, SummarizerError)
    assert not isinstance(failure, ConfigError)
    assert "internal_error" in str(failure)


def test_a_refused_websocket_stops_the_bot_with_an_endpoint_error(
    make_socket_bot: SocketBotFactory, socket_mode: FakeSocketMode
) -> None:
    socket_mode.refuse_all = True
    running = make_socket_bot(wait_connected=False)
    running.thread.join(timeout=10)
    (failure,) = running.failures
    assert isinstance(failure, SlackUnreachable)
    assert str(failure) == "cannot open a Socket Mode connection to 127.0.0.1"
    assert socket_mode.refused_handshakes >= 1


# --- the three ways in, acknowledged by envelope id ----------------------------------------


def test_slash_command_is_acked_then_the_working_message_becomes_the_brief(
    bot: SocketBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.model.enqueue(Answer(aleppo_answer))
    envelope = bot.service.slash_command(aleppo_text, bot.slack.response_url("cmd"))
    ack = bot.ack(envelope)
    assert ack.payload is None  # a plain ack: nothing shown yet
    (update,) = bot.slack.wait_for("chat.update")
    (working,) = bot.slack.calls_to("chat.postMessage")
    assert working.args["channel"] == "C0NEWS"
    assert "<@U0ALICE> asked for a brief" in working.all_text()
    assert update.args["ts"] == working.answer["ts"]
    assert _header(update) == "Brief: eastern Aleppo"
    assert "fake-model" in update.blocks[-1]["elements"][0]["text"]


def test_empty_command_gets_the_usage_in_the_ack_payload(bot: SocketBot) -> None:
    envelope = bot.service.slash_command("   ", bot.slack.response_url("cmd"))
    ack = bot.ack(envelope)
    assert ack.payload == {"text": USAGE, "response_type": "ephemeral"}
    time.sleep(0.2)  # give a wrong post the time to show up
    assert bot.slack.calls_to("chat.postMessage") == []


def test_shortcut_is_acked_and_answered_in_the_message_thread(
    bot: SocketBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.model.enqueue(Answer(aleppo_answer))
    message = {"ts": "1700000000.000200", "text": aleppo_text}
    envelope = bot.service.shortcut(message, bot.slack.response_url("shortcut"))
    assert bot.ack(envelope).payload is None
    (update,) = bot.slack.wait_for("chat.update")
    (working,) = bot.slack.calls_to("chat.postMessage")
    assert working.args["thread_ts"] == "1700000000.000200"
    assert _header(update) == "Brief: eastern Aleppo"


def test_mention_is_answered_in_thread_and_a_redelivered_event_is_acked_not_redone(
    bot: SocketBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot.model.enqueue(Answer(aleppo_answer), Answer(aleppo_answer))
    first = bot.service.mention(aleppo_text, event_id="Ev0SM1")
    bot.ack(first)
    retry = bot.service.mention(aleppo_text, event_id="Ev0SM1", retry=1)
    assert bot.ack(retry).payload is None  # acknowledged, so Slack stops resending it
    (update,) = bot.slack.wait_for("chat.update")
    assert _header(update) == "Brief: eastern Aleppo"
    (working,) = bot.slack.calls_to("chat.postMessage")
    assert working.args["thread_ts"] == "1700000000.000300"
    time.sleep(0.3)  # give a wrongly accepted redelivery the time to show up
    assert len(bot.model.chat_requests) == 1
    assert len(bot.slack.calls_to("chat.postMessage")) == 1


def test_empty_mention_gets_usage_ephemerally(bot: SocketBot) -> None:
    bot.ack(bot.service.mention(""))
    (ephemeral,) = bot.slack.wait_for("chat.postEphemeral")
    assert ephemeral.args["user"] == "U0ALICE"
    assert "mention me with" in ephemeral.args["text"]


# --- Slack takes the connection away -------------------------------------------------------


def _reconnects_and_still_answers(
    bot: SocketBot, take_away: Callable[[], Any], aleppo_text: str, aleppo_answer: dict[str, Any]
) -> float:
    """Take the connection away; the seconds until a new one is open. Asserts it works."""
    bot.model.enqueue(Answer(aleppo_answer))
    started = time.monotonic()
    take_away()
    link = bot.service.wait_for_links(2, timeout=60)
    seconds = time.monotonic() - started
    print(f"reconnected after {seconds * 1000:.0f} ms")
    assert len(bot.slack.calls_to("apps.connections.open")) == 2  # a fresh URL, not the old one
    assert bot.service.refused_handshakes == 0
    envelope = bot.service.mention(aleppo_text, event_id="Ev0AFTER")
    ack = bot.ack(envelope)
    assert ack.link == link.number == 2
    (update,) = bot.slack.wait_for("chat.update")
    assert _header(update) == "Brief: eastern Aleppo"
    return seconds


def test_refresh_requested_reconnects_before_the_old_socket_closes(
    bot: SocketBot, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    seconds = _reconnects_and_still_answers(bot, bot.service.refresh, aleppo_text, aleppo_answer)
    assert seconds < REFRESH_LIMIT_S


def test_a_socket_closed_without_warning_is_replaced_at_the_next_check(
    make_socket_bot: SocketBotFactory, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    bot = make_socket_bot(ping_interval=PING_S)
    seconds = _reconnects_and_still_answers(bot, bot.service.drop, aleppo_text, aleppo_answer)
    assert seconds < PING_S + 2.0  # one check, plus room for a loaded machine


def test_a_cut_tcp_stream_is_replaced_once_the_checks_fail(
    make_socket_bot: SocketBotFactory, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    # slack_sdk's built-in client gives up on a connection after five failed checks in a row.
    bot = make_socket_bot(ping_interval=PING_S)
    seconds = _reconnects_and_still_answers(bot, bot.service.cut, aleppo_text, aleppo_answer)
    assert seconds < 6 * PING_S + 2.0


def test_stop_ends_serve_socket_mode(make_socket_bot: SocketBotFactory) -> None:
    running = make_socket_bot()
    started = time.monotonic()
    running.stop.set()
    running.thread.join(timeout=10)
    print(f"stopped after {(time.monotonic() - started) * 1000:.0f} ms")
    assert not running.thread.is_alive()
    assert running.failures == []
    running.service.links[0].closed.wait(timeout=5)
    assert running.service.links[0].closed.is_set()
