"""Where the bot reaches Slack's Web API, and the checks it makes there before it serves.

The base URL is a setting (``SLACK_API_URL``) because GovSlack and HTTP proxies answer the same
methods at another address, and because tests point it at a local fake. Every Web API client the
bot builds — the Bolt app's, the Socket Mode connection's — gets it from here.

At start the bot asks ``auth.test`` (bot token) and ``apps.connections.open`` (app token,
Socket Mode) through a client that reports failures only by raising, so the command line can
say in one line what failed: a refused token is a configuration error, an unreachable Slack is
a failed endpoint. slack_sdk's own exceptions never leave this module.
"""

from __future__ import annotations

import logging
import re
import socket
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from summarizer.errors import ConfigError, ProviderError, ProviderUnavailable
from summarizer.slack import API_URL_ENV

__all__ = [
    "DEFAULT_API_URL",
    "SlackUnreachable",
    "check_api_url",
    "open_connection_url",
    "verify_bot_token",
    "web_client",
]

DEFAULT_API_URL = WebClient.BASE_URL  # https://slack.com/api/

# Slack answers these when a token is wrong, revoked or of the wrong kind.
_REFUSED_TOKEN_ERRORS = {
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_revoked",
    "token_expired",
    "not_allowed_token_type",
    "missing_scope",
}

# The startup checks report their failure by raising, once; the client's own error log of the
# same failure would only say it twice before the command's one line.
_startup_log = logging.getLogger("summarizer.slack.startup")
_startup_log.setLevel(logging.CRITICAL)


_CREDENTIALS = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@")


class SlackUnreachable(ProviderUnavailable):
    """Slack's Web API could not be reached (connection refused, DNS, TLS, timeout, 5xx)."""


def check_api_url(url: str) -> str:
    """``url`` if it can serve as the Web API base URL, else a :class:`ConfigError` naming it.

    It must be an absolute http or https URL without credentials, query or fragment, ending
    in ``/`` (slack_sdk appends method names such as ``chat.postMessage`` to it).
    """
    problem = _url_problem(url)
    if problem:
        shown = _CREDENTIALS.sub(r"\1***@", url)  # the value, but never a password
        raise ConfigError(
            f"{API_URL_ENV} {shown!r} is not a Slack Web API base URL: {problem} "
            f"(expected something like {DEFAULT_API_URL})"
        )
    return url


def _url_problem(url: str) -> str | None:
    if url != url.strip() or any(c.isspace() for c in url):
        return "it contains spaces"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in ("http", "https"):
        return "it must start with https:// (or http://)"
    if not parts.hostname:
        return "it has no host"
    if parts.username is not None or parts.password is not None:
        return "it must not carry credentials"
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "it must not have a query or fragment"
    if not parts.path.endswith("/"):
        return "it must end with '/'"
    return None


def web_client(base_url: str, token: str | None = None, *, startup: bool = False) -> WebClient:
    """A Web API client for ``base_url``; ``startup`` clients raise without logging or retrying."""
    if not startup:
        return WebClient(token=token, base_url=base_url)
    return WebClient(token=token, base_url=base_url, logger=_startup_log, retry_handlers=[])


def verify_bot_token(base_url: str, token: str) -> dict[str, Any]:
    """``auth.test`` with the bot token: who the bot is, or ConfigError / SlackUnreachable."""
    return _call(base_url, "auth.test", "SLACK_BOT_TOKEN", token=token)


def open_connection_url(base_url: str, app_token: str) -> str:
    """A Socket Mode WebSocket URL from ``apps.connections.open``, or the mapped error."""
    data = _call(base_url, "apps.connections.open", "SLACK_APP_TOKEN", token=app_token)
    url = data.get("url")
    if not isinstance(url, str) or not url:
        raise ProviderError(f"Slack at {base_url} gave no Socket Mode URL")
    return url


def _call(base_url: str, method: str, token_name: str, *, token: str) -> dict[str, Any]:
    client = web_client(base_url, token, startup=True)
    try:
        response = client.api_call(method)
    except SlackApiError as exc:
        status = int(exc.response.status_code)
        data = exc.response.data if isinstance(exc.response.data, dict) else {}
        error = str(data.get("error") or f"HTTP {status}")
        if error in _REFUSED_TOKEN_ERRORS:
            raise ConfigError(f"Slack refused {token_name}: {error}") from None
        if status >= 500:
            raise SlackUnreachable(f"cannot reach Slack at {base_url} (HTTP {status})") from None
        raise ProviderError(f"Slack at {base_url} answered {method} with {error}") from None
    except (URLError, OSError, SlackClientError) as exc:
        raise SlackUnreachable(
            f"cannot reach Slack at {base_url} ({_network_fault(exc)})", cause=exc
        ) from None
    return dict(response.data) if isinstance(response.data, dict) else {}


def _network_fault(exc: BaseException) -> str:
    """A few words for what went wrong on the wire; never the request or its headers."""
    if isinstance(exc, HTTPError):
        return f"HTTP {exc.code}"
    reason = exc.reason if isinstance(exc, URLError) else exc
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "host not found"
    if isinstance(reason, ConnectionError):
        return "connection failed"
    if isinstance(reason, OSError) and getattr(reason, "strerror", None):
        return str(reason.strerror).lower()
    return "connection failed"
