"""``summarizer slack``: run the Slack bot in Socket Mode or as an HTTP endpoint.

Kept free of Slack imports at module level so that ``summarizer brief`` does not pay for
loading slack_bolt.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import Annotated

import typer

from summarizer.cli.common import BackendOpt, BaseUrlOpt, ModelOpt, error_exit
from summarizer.config import Settings
from summarizer.errors import ConfigError, SummarizerError

__all__ = ["slack_command", "slack_tokens"]

BOT_TOKEN_ENV = "SLACK_BOT_TOKEN"
SIGNING_SECRET_ENV = "SLACK_SIGNING_SECRET"
APP_TOKEN_ENV = "SLACK_APP_TOKEN"


def slack_tokens(http: bool, env: Mapping[str, str]) -> tuple[str, str | None, str | None]:
    """(bot token, signing secret, app token) for the chosen mode, or a ConfigError naming
    the environment variables to set."""
    bot = env.get(BOT_TOKEN_ENV, "").strip()
    secret = env.get(SIGNING_SECRET_ENV, "").strip() or None
    app_token = env.get(APP_TOKEN_ENV, "").strip() or None
    if http:
        missing = [n for n, v in ((BOT_TOKEN_ENV, bot), (SIGNING_SECRET_ENV, secret)) if not v]
        if missing:
            raise ConfigError(f"HTTP mode needs {' and '.join(missing)} in the environment")
        return bot, secret, None
    if not bot or not app_token:
        missing = [n for n, v in ((BOT_TOKEN_ENV, bot), (APP_TOKEN_ENV, app_token)) if not v]
        raise ConfigError(
            f"Socket Mode needs {' and '.join(missing)} in the environment "
            f"(or pass --http and set {BOT_TOKEN_ENV} and {SIGNING_SECRET_ENV})"
        )
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError(f"{APP_TOKEN_ENV} must be an app-level token (xapp-...)")
    return bot, secret, app_token


def slack_command(
    http: Annotated[
        bool,
        typer.Option("--http", help="Serve Slack's HTTP requests instead of using Socket Mode."),
    ] = False,
    port: Annotated[int, typer.Option("--port", "-p", help="HTTP mode: port.")] = 3000,
    host: Annotated[
        str,
        typer.Option("--host", help="HTTP mode: address to bind (127.0.0.1 behind a proxy)."),
    ] = "0.0.0.0",
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    backend: BackendOpt = None,
    workers: Annotated[int, typer.Option(help="Briefs written at the same time.")] = 4,
) -> None:
    """Run the Slack bot: /brief, the "Brief this" shortcut and @-mentions.

    Socket Mode when SLACK_APP_TOKEN is set; --http serves POST /slack/events on --host:--port
    (requests are checked against SLACK_SIGNING_SECRET). SLACK_BOT_TOKEN is always needed.
    """
    try:
        bot_token, secret, app_token = slack_tokens(http, os.environ)
        settings = Settings.resolve(model=model, base_url=base_url, backend=backend)
    except SummarizerError as error:
        raise error_exit(error) from None
    if not os.environ.get("SUMMARIZER_LOG"):
        logging.basicConfig(
            level=logging.INFO,
            stream=sys.stderr,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    if settings.effective_backend == "offline":
        typer.echo(
            "summarizer: no model configured; the bot will use the offline extractive backend",
            err=True,
        )

    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackClientError

    from summarizer.slack.app import BotConfig, build_bot
    from summarizer.slack.replies import redact
    from summarizer.slack.server import serve_http, serve_socket_mode

    config = BotConfig(
        bot_token=bot_token,
        signing_secret=secret if http else None,
        app_token=app_token,
        workers=max(1, workers),
    )
    try:
        bot = build_bot(config, settings)
    except (BoltError, SlackClientError) as error:  # auth.test refused the token
        detail = redact(str(error), config.secrets())
        raise error_exit(ConfigError(f"Slack refused {BOT_TOKEN_ENV}: {detail}")) from None
    except OSError as error:  # no route to slack.com, DNS failure, TLS failure
        detail = redact(str(error), config.secrets())
        raise error_exit(
            ConfigError(f"could not reach Slack to check the token: {detail}")
        ) from None
    try:
        if http:
            serve_http(bot, host, port)
        else:
            assert app_token is not None
            serve_socket_mode(bot, app_token)
    except KeyboardInterrupt:
        typer.echo("summarizer: Slack bot stopped", err=True)
    except OSError as error:  # e.g. the port is taken
        raise error_exit(ConfigError(f"cannot serve on {host}:{port}: {error.strerror}")) from None
