"""``summarizer slack``: refuses to start without the tokens its mode needs."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from summarizer.cli.main import app
from summarizer.cli.slack import slack_tokens
from summarizer.errors import ConfigError

runner = CliRunner()


def test_slack_is_a_command() -> None:
    result = runner.invoke(app, ["slack", "--help"])
    assert result.exit_code == 0
    assert "--http" in result.stdout
    assert "SLACK_APP_TOKEN" in result.stdout


def test_socket_mode_without_tokens_names_the_variables() -> None:
    result = runner.invoke(app, ["slack"])
    assert result.exit_code == 2
    assert result.stdout == ""
    line = result.stderr.strip()
    assert "\n" not in line
    assert "SLACK_BOT_TOKEN" in line
    assert "SLACK_APP_TOKEN" in line
    assert "Traceback" not in result.output


def test_http_mode_needs_the_signing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    result = runner.invoke(app, ["slack", "--http", "--port", "0"])
    assert result.exit_code == 2
    assert "SLACK_SIGNING_SECRET" in result.stderr
    assert "xoxb-1" not in result.output


@pytest.mark.parametrize(
    ("http", "env", "expected"),
    [
        (
            False,
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"},
            ("xoxb-1", None, "xapp-1"),
        ),
        (True, {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, ("xoxb-1", "s", None)),
    ],
)
def test_tokens_for_each_mode(
    http: bool, env: dict[str, str], expected: tuple[str, str | None, str | None]
) -> None:
    assert slack_tokens(http, env) == expected


def test_app_token_must_be_app_level() -> None:
    with pytest.raises(ConfigError, match="xapp-"):
        slack_tokens(False, {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"})
