"""A local stand-in for Slack's Socket Mode service: a real WebSocket server on 127.0.0.1.

What it implements, as the bot's Socket Mode client meets it at Slack:

- **Tickets.** ``apps.connections.open`` on the fake Web API (tests/fakes/slack_api.py) answers
  ``{"ok": true, "url": "ws://127.0.0.1:<port>/link/?ticket=<t>&app_id=<id>"}``; each ticket
  opens one connection only, and a WebSocket handshake with an unknown or spent ticket is
  refused with HTTP 401, so every reconnection must ask ``apps.connections.open`` again.
- **hello.** On each new connection the server first sends
  ``{"type": "hello", "num_connections": n, "debug_info": {...}, "connection_info": {...}}``.
- **Envelopes.** :meth:`FakeSocketMode.send` wraps a payload the way Slack does:
  ``{"envelope_id", "type" ("slash_commands", "interactive", "events_api"),
  "accepts_response_payload", "payload"}`` (events also carry ``retry_attempt`` and
  ``retry_reason``) and sends it on the newest open connection. :meth:`slash_command`,
  :meth:`shortcut` and :meth:`mention` build realistic payloads.
- **Acknowledgements.** Every text frame the client sends is parsed; one with an
  ``envelope_id`` is recorded as the acknowledgement of that envelope, with its optional
  ``payload`` and the seconds since the envelope went out (:meth:`wait_for_ack`).
- **Disconnects.** :meth:`refresh` sends ``{"type": "disconnect", "reason":
  "refresh_requested"}`` and closes the socket a moment later, as Slack does before it
  recycles a connection; :meth:`drop` closes the socket with a close frame (code 1001, going
  away), as a restarting Slack host does; :meth:`cut` aborts the TCP connection with no close
  frame at all, as a broken network does.

Pings and pongs are answered by the ``websockets`` library; the server sends no pings of its own,
so nothing happens on a timer and tests stay deterministic.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

from tests.fakes.slack_api import BOT_USER_ID, FakeSlackAPI

__all__ = ["APP_ID", "APP_TOKEN", "Ack", "Envelope", "FakeSocketMode", "Link"]

APP_TOKEN = "xapp-1-A0BRIEF-0000-test-app-level-token"
APP_ID = "A0BRIEF"
CHANNEL = "C0NEWS"
USER = "U0ALICE"


@dataclass
class Envelope:
    """One envelope as sent: its id, type, payload and when it left."""

    envelope_id: str
    type: str
    payload: dict[str, Any]
    link: int
    sent_at: float


@dataclass
class Ack:
    """A client's acknowledgement of one envelope."""

    envelope_id: str
    payload: dict[str, Any] | None
    link: int
    seconds: float  # since the envelope was sent


@dataclass
class Link:
    """One WebSocket connection the client opened, numbered from 1."""

    number: int
    ticket: str
    connection: ServerConnection
    opened_at: float
    closed: threading.Event = field(default_factory=threading.Event)
    frames: list[str] = field(default_factory=list)


class FakeSocketMode:
    """The fake Socket Mode service; use the ``socket_mode`` fixture rather than building one."""

    def __init__(self, app_id: str = APP_ID) -> None:
        self.app_id = app_id
        self.links: list[Link] = []
        self.envelopes: dict[str, Envelope] = {}
        self.acks: dict[str, Ack] = {}
        self.refused_handshakes = 0
        self.refuse_all = False  # True: every handshake gets 401, as for a blocked host
        self._stopped = False
        self._tickets: dict[str, bool] = {}  # ticket -> already used
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server: Server = serve(
            self._session,
            "127.0.0.1",
            0,
            process_request=self._check_ticket,
            compression=None,
            ping_interval=None,  # no timers: the client pings, the library pongs
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- what apps.connections.open hands out ---------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._server.socket.getsockname()[1])

    def issue_url(self) -> str:
        """A new single-use WebSocket URL, as ``apps.connections.open`` returns."""
        ticket = uuid.uuid4().hex
        with self._lock:
            self._tickets[ticket] = False
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"

    @property
    def tickets_issued(self) -> int:
        with self._lock:
            return len(self._tickets)

    # --- the server side of a connection ------------------------------------------------------

    def _check_ticket(self, connection: ServerConnection, request: Request) -> Response | None:
        query = parse_qs(urlsplit(request.path).query)
        ticket = (query.get("ticket") or [""])[0]
        with self._lock:
            if self._tickets.get(ticket) is False and not self.refuse_all:
                self._tickets[ticket] = True
                return None
            self.refused_handshakes += 1
        return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid or spent ticket\n")

    def _session(self, connection: ServerConnection) -> None:
        query = parse_qs(urlsplit(connection.request.path if connection.request else "").query)
        with self._changed:
            link = Link(next(self._numbers), query["ticket"][0], connection, time.monotonic())
            self.links.append(link)
            open_count = sum(1 for x in self.links if not x.closed.is_set())
            self._changed.notify_all()
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": open_count,
                    "debug_info": {"host": f"applink-fake-{link.number}", "build_number": 1},
                    "connection_info": {"app_id": self.app_id},
                }
            )
        )
        try:
            for frame in connection:
                self._record(link, frame if isinstance(frame, str) else frame.decode())
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                link.closed.set()
                self._changed.notify_all()

    def _record(self, link: Link, frame: str) -> None:
        message = json.loads(frame)
        with self._changed:
            link.frames.append(frame)
            envelope_id = message.get("envelope_id")
            envelope = self.envelopes.get(envelope_id or "")
            if envelope is not None and envelope_id not in self.acks:
                self.acks[envelope.envelope_id] = Ack(
                    envelope.envelope_id,
                    message.get("payload"),
                    link.number,
                    time.monotonic() - envelope.sent_at,
                )
            self._changed.notify_all()

    # --- what a test does -----------------------------------------------------------------------

    def wait_for_links(self, count: int, timeout: float = 10.0) -> Link:
        """Block until ``count`` connections were opened and the newest is open; that one."""

        def newest_open() -> Link | None:
            if len(self.links) >= count and not self.links[-1].closed.is_set():
                return self.links[-1]
            return None

        return self._wait(newest_open, timeout, f"{count} connection(s)")

    def send(
        self,
        type: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool = False,
        retry_attempt: int | None = None,
    ) -> str:
        """Send ``payload`` in an envelope on the newest open connection; the envelope id."""
        link = self.wait_for_links(len(self.links) or 1)
        envelope_id = str(uuid.uuid4())
        message: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": type,
            "accepts_response_payload": accepts_response_payload,
            "payload": payload,
        }
        if type == "events_api":
            message["retry_attempt"] = retry_attempt or 0
            message["retry_reason"] = "timeout" if retry_attempt else ""
        with self._lock:
            self.envelopes[envelope_id] = Envelope(
                envelope_id, type, payload, link.number, time.monotonic()
            )
        link.connection.send(json.dumps(message))
        return envelope_id

    def slash_command(self, text: str, response_url: str, command: str = "/brief") -> str:
        """A ``/brief`` typed by Alice in #news."""
        payload = {
            "token": "legacy-verification-token",
            "team_id": "T0FAKE",
            "team_domain": "fake",
            "channel_id": CHANNEL,
            "channel_name": "news",
            "user_id": USER,
            "user_name": "alice",
            "command": command,
            "text": text,
            "api_app_id": self.app_id,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
        return self.send("slash_commands", payload, accepts_response_payload=True)

    def shortcut(self, message: dict[str, Any], response_url: str) -> str:
        """Alice choosing "Brief this" on ``message`` in #news."""
        payload = {
            "type": "message_action",
            "callback_id": "brief_this",
            "trigger_id": "1.2.4",
            "action_ts": f"{time.time():.6f}",
            "team": {"id": "T0FAKE", "domain": "fake"},
            "channel": {"id": CHANNEL, "name": "news"},
            "user": {"id": USER, "name": "alice", "team_id": "T0FAKE"},
            "message_ts": message["ts"],
            "message": {"type": "message", "user": "U0BOB", **message},
            "response_url": response_url,
            "is_enterprise_install": False,
            "token": "legacy-verification-token",
        }
        return self.send("interactive", payload)

    def mention(
        self, text: str, *, event_id: str = "Ev0001", ts: str = "1700000000.000300", retry: int = 0
    ) -> str:
        """Alice writing ``@Brief <text>`` in #news (``retry`` > 0: Slack sending it again)."""
        payload = {
            "token": "legacy-verification-token",
            "team_id": "T0FAKE",
            "api_app_id": self.app_id,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0FAKE", "user_id": BOT_USER_ID, "is_bot": True}],
            "is_ext_shared_channel": False,
            "event": {
                "type": "app_mention",
                "user": USER,
                "text": f"<@{BOT_USER_ID}> {text}",
                "ts": ts,
                "channel": CHANNEL,
                "event_ts": ts,
            },
        }
        return self.send("events_api", payload, retry_attempt=retry)

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> Ack:
        """Block until the client acknowledged ``envelope_id``; the acknowledgement."""
        return self._wait(lambda: self.acks.get(envelope_id), timeout, f"ack of {envelope_id}")

    def refresh(self, grace: float = 0.05) -> Link:
        """Ask the client to reconnect (``disconnect``, ``refresh_requested``), then close."""
        link = self.wait_for_links(len(self.links))
        link.connection.send(
            json.dumps(
                {
                    "type": "disconnect",
                    "reason": "refresh_requested",
                    "debug_info": {"host": f"applink-fake-{link.number}"},
                }
            )
        )
        self._wait(lambda: len(self.links) > link.number or None, 10.0, "a new connection")
        time.sleep(grace)  # Slack keeps the old socket open briefly; frames may still arrive
        link.connection.close(1001, "refresh")
        return link

    def drop(self) -> Link:
        """Close the newest connection with a close frame (1001 going away)."""
        link = self.wait_for_links(len(self.links))
        link.connection.close(1001, "going away")
        return link

    def cut(self) -> Link:
        """Abort the newest connection's TCP stream: no close frame, as a broken network."""
        link = self.wait_for_links(len(self.links))
        link.connection.socket.shutdown(socket.SHUT_RDWR)
        link.connection.socket.close()
        return link

    def _wait(self, found: Any, timeout: float, what: str) -> Any:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                value = found()
                if value is not None:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {what} within {timeout}s (links: {len(self.links)})")
                self._changed.wait(left)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Close every connection (1001) and stop listening; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        for link in self.links:
            link.connection.close()


@pytest.fixture
def socket_mode(slack_api: FakeSlackAPI) -> Iterator[FakeSocketMode]:
    """A running fake Socket Mode service, wired to the fake Web API's apps.connections.open."""
    server = FakeSocketMode()
    server.start()
    slack_api.socket_mode = server
    slack_api.app_token = APP_TOKEN
    try:
        yield server
    finally:
        slack_api.socket_mode = None
        server.stop()
