"""Run the bot: Socket Mode (outbound WebSocket, no public URL) or an HTTP endpoint.

Socket Mode uses slack_sdk's built-in WebSocket client (no extra dependency). It reconnects at
once when Slack announces a refresh (``disconnect``); when a connection just closes, it notices
at its next connection check, every ``ping_interval`` seconds.

The HTTP endpoint is a threaded WSGI server from the standard library in front of Bolt's
WSGI adapter: no extra dependency, one thread per request, and requests only ever wait for
an acknowledgement (the briefs are written on the bot's worker pool). Request bodies larger
than Slack ever sends are refused before Bolt reads them, and signatures are checked by Bolt
before anything else runs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler

from summarizer.errors import ConfigError
from summarizer.slack.app import BriefBot
from summarizer.slack.web import SlackUnreachable, open_connection_url, web_client

__all__ = [
    "EVENTS_PATH",
    "HEALTH_PATH",
    "PING_INTERVAL_S",
    "make_http_server",
    "make_socket_mode_handler",
    "serve_http",
    "serve_socket_mode",
]

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1_000_000
# Socket Mode: seconds between connection checks (pings). slack_sdk's own default; Bolt's 10 s
# would leave a bot deaf twice as long after a connection silently ends.
PING_INTERVAL_S = 5.0

log = logging.getLogger("summarizer.slack.server")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The default prints a traceback to stderr; a client hanging up is not worth one.
        log.debug("request from %s failed", client_address, exc_info=True)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def _guarded(inner: WsgiApp) -> WsgiApp:
    """Answer health checks; refuse oversized bodies before Bolt buffers them."""

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_BYTES:
            start_response("413 Payload Too Large", [("Content-Type", "text/plain")])
            return [b"request body too large\n"]
        return inner(environ, start_response)

    return wsgi


def make_http_server(bot: BriefBot, host: str, port: int) -> WSGIServer:
    """A ready-to-serve HTTP server for ``bot`` on ``host:port`` (port 0 picks a free one).

    Raises :class:`~summarizer.errors.ConfigError` when the bot has no signing secret: an
    HTTP endpoint that cannot check signatures would run anyone's requests.
    """
    if not bot.config.signing_secret:
        raise ConfigError("HTTP mode needs a signing secret (SLACK_SIGNING_SECRET)")
    handler = SlackRequestHandler(bot.app, path=EVENTS_PATH)
    server = make_server(
        host,
        port,
        _guarded(handler),
        server_class=_ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )
    return server


def serve_http(bot: BriefBot, host: str, port: int) -> None:
    """Serve Slack's requests at ``http://host:port/slack/events`` until interrupted."""
    server = make_http_server(bot, host, port)
    log.info("listening on http://%s:%s%s", host, server.server_port, EVENTS_PATH)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        bot.close(wait=False)


def make_socket_mode_handler(
    bot: BriefBot, app_token: str, *, ping_interval: float = PING_INTERVAL_S
) -> SocketModeHandler:
    """A Socket Mode handler for ``bot``, not yet connected.

    Its ``apps.connections.open`` calls (one per connection) go to the bot's Slack API URL.
    Connection chatter goes to the ``slack_sdk.socket_mode`` logger; each connection Slack
    greets is logged under ``summarizer.slack.server``.
    """
    handler = SocketModeHandler(
        bot.app,
        app_token,
        logger=logging.getLogger("slack_sdk.socket_mode"),
        web_client=web_client(bot.config.slack_api_url),
        ping_interval=ping_interval,
    )
    handler.client.message_listeners.append(_log_session_message)
    return handler


def _log_session_message(client: Any, message: dict[str, Any], raw: str | None = None) -> None:
    # Slack greets every new connection with "hello"; the client handles "disconnect" itself.
    if message.get("type") == "hello":
        count = message.get("num_connections", "?")
        log.info("connected to Slack over Socket Mode (%s connection(s) open)", count)


def serve_socket_mode(
    bot: BriefBot,
    app_token: str,
    *,
    stop: threading.Event | None = None,
    ping_interval: float = PING_INTERVAL_S,
) -> None:
    """Connect to Slack over Socket Mode and answer it until interrupted or ``stop`` is set.

    The first connection URL is asked for here, so that a refused app token raises
    :class:`~summarizer.errors.ConfigError` and an unreachable Slack raises
    :class:`~summarizer.slack.web.SlackUnreachable`; later connections (Slack recycles them,
    networks drop them) are opened by the handler on its own.
    """
    handler = make_socket_mode_handler(bot, app_token, ping_interval=ping_interval)
    try:
        # The URL is single-use and apps.connections.open is rate-limited: hand the handler
        # the one just obtained rather than let it ask again.
        url = open_connection_url(bot.config.slack_api_url, app_token)
        handler.client.wss_uri = url
        handler.connect()  # type: ignore[no-untyped-call]
        if not handler.client.is_connected():
            host = urlsplit(url).hostname  # not the URL: its ticket opens a connection
            raise SlackUnreachable(f"cannot open a Socket Mode connection to {host}")
        (stop or threading.Event()).wait()
    finally:
        handler.close()  # type: ignore[no-untyped-call]
        bot.close(wait=False)
