"""A local HTTP server that speaks the few Slack Web API methods the bot uses.

The real ``slack_sdk.WebClient`` is pointed at ``slack_api.base_url``; every call is recorded
(method, arguments, headers) so tests assert exactly what was posted. Methods can be made to
fail with a Slack error code (``fail("chat.postMessage", "not_in_channel")``). Slash commands
and shortcuts carry a ``response_url``; ``response_url()`` gives one on this server, and posts
to it are recorded as method ``"response_url"``.

``apps.connections.open`` answers with a WebSocket URL of the fake Socket Mode service
(tests/fakes/slack_socket_mode.py) when one is attached, and only to the app-level token; the
other methods only to the bot token (the wrong kind gets ``not_allowed_token_type``, as at Slack).
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import pytest

if TYPE_CHECKING:
    from tests.fakes.slack_socket_mode import FakeSocketMode

__all__ = ["BOT_TOKEN", "BOT_USER_ID", "FakeSlackAPI", "SlackCall"]

BOT_TOKEN = "xoxb-test-0000-secret-token"
BOT_USER_ID = "UBOTBRIEF"


@dataclass
class SlackCall:
    """One Web API call as the fake received it."""

    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    at: float
    answer: dict[str, Any] = field(default_factory=dict)

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.args.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else list(blocks)

    def all_text(self) -> str:
        """The fallback text and every text in the blocks, for asserting what a user sees."""
        return self.args.get("text", "") + "\n" + json.dumps(self.blocks, ensure_ascii=False)


class FakeSlackAPI:
    """The fake Web API server; use the ``slack_api`` fixture rather than building one."""

    def __init__(self, token: str = BOT_TOKEN) -> None:
        self.token = token
        self.app_token: str | None = None
        self.socket_mode: FakeSocketMode | None = None
        self.calls: list[SlackCall] = []
        self.failures: dict[str, str] = {}
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def root(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def base_url(self) -> str:
        """What ``WebClient(base_url=...)`` takes: it ends in ``/api/``."""
        return f"{self.root}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.root}/response/{name}"

    def fail(self, method: str, error: str) -> None:
        """Make every later call of ``method`` answer ``{"ok": false, "error": error}``."""
        self.failures[method] = error

    def calls_to(self, method: str) -> list[SlackCall]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[SlackCall]:
        """Block until ``method`` was called ``count`` times; the calls, in order."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"no {count} call(s) to {method} in {timeout}s: {seen}")
                self._changed.wait(left)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _authorized(self, method: str, authorization: str | None) -> dict[str, Any] | None:
        """None when ``authorization`` carries the token ``method`` needs, else the error."""
        app_level = method == "apps.connections.open"
        wanted, other = (self.app_token, self.token) if app_level else (self.token, self.app_token)
        if wanted is not None and authorization == f"Bearer {wanted}":
            return None
        if other is not None and authorization == f"Bearer {other}":
            return {"ok": False, "error": "not_allowed_token_type"}
        return {"ok": False, "error": "invalid_auth"}

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method in self.failures:
            return {"ok": False, "error": self.failures[method]}
        if method == "apps.connections.open":
            if self.socket_mode is None:
                return {"ok": False, "error": "not_allowed_token_type"}
            return {"ok": True, "url": self.socket_mode.issue_url()}
        ts = f"{int(time.time())}.{next(self._ts):06d}"
        channel = args.get("channel", "C0FAKE")
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.com/",
                "team": "Fake",
                "user": "brief",
                "team_id": "T0FAKE",
                "user_id": BOT_USER_ID,
                "bot_id": "B0FAKE",
            }
        if method == "chat.postMessage":
            return {
                "ok": True,
                "channel": channel,
                "ts": ts,
                "message": {"text": args.get("text", ""), "ts": ts},
            }
        if method == "chat.update":
            return {"ok": True, "channel": channel, "ts": args.get("ts"), "text": args.get("text")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "chat.delete":
            return {"ok": True, "channel": channel, "ts": args.get("ts")}
        return {"ok": False, "error": "unknown_method"}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                headers = {k.lower(): v for k, v in self.headers.items()}
                if "json" in headers.get("content-type", ""):
                    args = json.loads(raw) if raw else {}
                else:
                    args = {k: v[0] for k, v in parse_qs(raw).items()}
                path = self.path.split("?")[0]
                if path.startswith("/response/"):
                    method, answer = "response_url", {"ok": True}
                else:
                    method = path.removeprefix("/api/")
                    refused = fake._authorized(method, headers.get("authorization"))
                    answer = refused or fake._answer(method, args)
                with fake._changed:
                    call = SlackCall(method, args, headers, time.monotonic(), answer)
                    fake.calls.append(call)
                    fake._changed.notify_all()
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


@pytest.fixture
def slack_api() -> Iterator[FakeSlackAPI]:
    """A running fake Slack Web API; point ``WebClient(base_url=slack_api.base_url)`` at it."""
    server = FakeSlackAPI()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def unreachable_slack_url() -> str:
    """A Slack API URL on a loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    return f"http://127.0.0.1:{port}/api/"
