"""The Slack bot: ``/brief``, the "Brief this" message shortcut and @-mentions.

Build it with :func:`build_bot` and serve it with :func:`serve_http` or
:func:`serve_socket_mode`; ``summarizer slack`` does both from the command line.

Names are imported on first use, so ``summarizer brief`` never loads slack_bolt.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "API_URL_ENV",
    "BotConfig",
    "BriefBot",
    "FetchLimits",
    "FetchedArticle",
    "SlackMessage",
    "SlackUnreachable",
    "build_bot",
    "fetch_article",
    "make_http_server",
    "make_socket_mode_handler",
    "render_brief",
    "serve_http",
    "serve_socket_mode",
]

API_URL_ENV = "SLACK_API_URL"
"""The environment variable naming Slack's Web API base URL (GovSlack, a proxy, a test fake);
here, not in :mod:`summarizer.slack.web`, so that the command line reads it without loading
slack_sdk."""

_HOMES = {
    "BotConfig": "summarizer.slack.app",
    "BriefBot": "summarizer.slack.app",
    "build_bot": "summarizer.slack.app",
    "SlackMessage": "summarizer.slack.blocks",
    "render_brief": "summarizer.slack.blocks",
    "FetchLimits": "summarizer.sources.fetch",
    "FetchedArticle": "summarizer.sources.fetch",
    "fetch_article": "summarizer.sources.fetch",
    "make_http_server": "summarizer.slack.server",
    "make_socket_mode_handler": "summarizer.slack.server",
    "serve_http": "summarizer.slack.server",
    "serve_socket_mode": "summarizer.slack.server",
    "SlackUnreachable": "summarizer.slack.web",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
