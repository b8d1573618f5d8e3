"""The Slack bot: ``/brief``, the "Brief this" message shortcut and @-mentions.

Build it with :func:`build_bot` and serve it with :func:`serve_http` or
:func:`serve_socket_mode`; ``summarizer slack`` does both from the command line.

Names are imported on first use, so ``summarizer brief`` never loads slack_bolt.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "BotConfig",
    "BriefBot",
    "FetchLimits",
    "FetchedArticle",
    "SlackMessage",
    "build_bot",
    "fetch_article",
    "make_http_server",
    "render_brief",
    "serve_http",
    "serve_socket_mode",
]

_HOMES = {
    "BotConfig": "app",
    "BriefBot": "app",
    "build_bot": "app",
    "SlackMessage": "blocks",
    "render_brief": "blocks",
    "FetchLimits": "fetch",
    "FetchedArticle": "fetch",
    "fetch_article": "fetch",
    "make_http_server": "server",
    "serve_http": "server",
    "serve_socket_mode": "server",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
