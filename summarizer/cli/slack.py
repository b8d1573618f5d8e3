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
from summarizer.errors import ConfigError
from summarizer.slack import API_URL_ENV

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


def _configure_logging() -> None:
    """The bot's own progress at INFO; other libraries' warnings and errors only.

    slack_sdk logs retries and connection steps at INFO; the bot logs what an operator needs
    (connected, reconnecting, a brief failed) itself. SUMMARIZER_LOG=debug shows everything.
    """
    if os.environ.get("SUMMARIZER_LOG"):
        return  # configured by summarizer.cli.main
    logging.basicConfig(
        level=logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("summarizer").setLevel(logging.INFO)


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
    slack_api_url: Annotated[
        str | None,
        typer.Option(
            "--slack-api-url",
            envvar=API_URL_ENV,
            show_envvar=False,
            help="Slack Web API base URL, ending in '/' (env SLACK_API_URL; GovSlack: "
            "https://slack-gov.com/api/). Default https://slack.com/api/.",
        ),
    ] = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    backend: BackendOpt = None,
    workers: Annotated[int, typer.Option(help="Briefs written at the same time.")] = 4,
) -> None:
    """Run the Slack bot: /brief, the "Brief this" shortcut and @-mentions.

    Socket Mode when SLACK_APP_TOKEN is set; --http serves POST /slack/events on --host:--port
    (requests are checked against SLACK_SIGNING_SECRET). SLACK_BOT_TOKEN is always needed.
    Exit codes: 2 configuration (a missing, malformed or refused token or URL), 4 Slack
    could not be reached.
    """
    bot_token, secret, app_token = slack_tokens(http, os.environ)
    # In a channel, what is grounded (marked partial) serves a reader better than an error.
    settings = Settings.resolve(
        model=model,
        base_url=base_url,
        backend=backend,
        defaults={"partial": True},
    )
    from summarizer.slack.app import BotConfig

    config = BotConfig(
        bot_token=bot_token,
        signing_secret=secret if http else None,
        app_token=app_token,
        slack_api_url=slack_api_url or BotConfig.slack_api_url,
        workers=max(1, workers),
    )
    _configure_logging()

    from summarizer.slack.app import build_bot
    from summarizer.slack.server import serve_http, serve_socket_mode

    try:
        bot = build_bot(config, settings)  # asks Slack's auth.test about the bot token
        if settings.effective_backend == "offline":
            typer.echo(
                "summarizer: no model configured; the bot will use the offline extractive backend",
                err=True,
            )
        if http:
            serve_http(bot, host, port)
        else:
            assert app_token is not None
            serve_socket_mode(bot, app_token)
    except KeyboardInterrupt:
        typer.echo("summarizer: Slack bot stopped", err=True)
    except OSError as error:  # e.g. the port is taken
        raise error_exit(ConfigError(f"cannot serve on {host}:{port}: {error.strerror}")) from None
