"""Run the bot: Socket Mode (outbound WebSocket, no public URL) or an HTTP endpoint.

The HTTP endpoint is a threaded WSGI server from the standard library in front of Bolt's
WSGI adapter: no extra dependency, one thread per request, and requests only ever wait for
an acknowledgement (the briefs are written on the bot's worker pool). Request bodies larger
than Slack ever sends are refused before Bolt reads them, and signatures are checked by Bolt
before anything else runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt.adapter.wsgi import SlackRequestHandler

from summarizer.errors import ConfigError
from summarizer.slack.app import BriefBot

__all__ = ["EVENTS_PATH", "HEALTH_PATH", "make_http_server", "serve_http", "serve_socket_mode"]

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1_000_000

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


def serve_socket_mode(bot: BriefBot, app_token: str) -> None:
    """Connect to Slack over Socket Mode (slack_sdk's built-in client) until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(bot.app, app_token)
    try:
        handler.start()  # type: ignore[no-untyped-call]
    finally:
        bot.close(wait=False)
