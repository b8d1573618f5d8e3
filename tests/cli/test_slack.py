"""``summarizer slack``: refuses to start without what its mode needs, says in one line why a
start failed (exit 2 configuration, 4 Slack unreachable), and serves at SLACK_API_URL."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from summarizer.cli.main import app
from summarizer.cli.slack import slack_tokens
from summarizer.errors import ConfigError
from tests.cli.support import interrupt, run_summarizer, start_summarizer
from tests.fakes.slack_api import BOT_TOKEN, FakeSlackAPI
from tests.fakes.slack_socket_mode import APP_TOKEN, FakeSocketMode

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


def test_a_bad_summarizer_partial_exits_2_and_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    monkeypatch.setenv("SUMMARIZER_PARTIAL", "sometimes")
    result = runner.invoke(app, ["slack"])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("summarizer: error: invalid setting partial ")
    assert "(from SUMMARIZER_PARTIAL)" in line


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


# --- SLACK_API_URL, and what a failing start looks like -------------------------------------


@pytest.mark.parametrize("mode", [[], ["--http", "--port", "0"]], ids=["socket-mode", "http"])
def test_unreachable_slack_is_one_line_and_exit_code_4(
    mode: list[str], unreachable_slack_url: str
) -> None:
    url = unreachable_slack_url
    env = {
        "SLACK_API_URL": url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_SIGNING_SECRET": "test-signing-secret",
    }
    result = run_summarizer(["slack", *mode], env=env, timeout=30)
    assert result.returncode == 4, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"summarizer: error: cannot reach Slack at {url} (connection refused)\n"


@pytest.mark.parametrize(
    ("args", "env_url", "shown"),
    [
        ([], "https://slack.com/api", "'https://slack.com/api'"),
        (["--slack-api-url", "ftp://slack.example/api/"], None, "'ftp://slack.example/api/'"),
        (["--slack-api-url", "https://user:pw@slack.example/api/"], None, "credentials"),
        ([], "slack-gov.com/api/", "'slack-gov.com/api/'"),
    ],
)
def test_malformed_slack_api_url_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, args: list[str], env_url: str | None, shown: str
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    if env_url is not None:
        monkeypatch.setenv("SLACK_API_URL", env_url)
    result = runner.invoke(app, ["slack", *args])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line
    assert line.startswith("summarizer: error: SLACK_API_URL ")
    assert shown in line
    assert "pw@" not in line


def test_a_refused_bot_token_is_a_configuration_error(slack_api: FakeSlackAPI) -> None:
    env = {
        "SLACK_API_URL": slack_api.base_url,
        "SLACK_BOT_TOKEN": "xoxb-revoked-0000",
        "SLACK_APP_TOKEN": APP_TOKEN,
    }
    result = run_summarizer(["slack"], env=env, timeout=30)
    assert result.returncode == 2
    assert result.stderr == "summarizer: error: Slack refused SLACK_BOT_TOKEN: invalid_auth\n"
    (checked,) = slack_api.calls_to("auth.test")  # at SLACK_API_URL, not at slack.com
    assert checked.headers["authorization"] == "Bearer xoxb-revoked-0000"


def test_the_command_serves_socket_mode_at_slack_api_url(
    slack_api: FakeSlackAPI, socket_mode: FakeSocketMode, aleppo_text: str
) -> None:
    env = {"SLACK_API_URL": slack_api.base_url, "SLACK_BOT_TOKEN": BOT_TOKEN}
    env["SLACK_APP_TOKEN"] = APP_TOKEN
    process = start_summarizer(["slack"], env=env)
    try:
        socket_mode.wait_for_links(1, timeout=30)
        envelope = socket_mode.slash_command(aleppo_text, slack_api.response_url("cmd"))
        assert socket_mode.wait_for_ack(envelope).seconds < 3.0
        (update,) = slack_api.wait_for("chat.update", timeout=30)  # the offline backend's brief
        assert "offline extractive backend" in update.all_text()
    finally:
        code, out, err = interrupt(process)
    assert code == 0, err
    assert out == ""
    assert "no model configured" in err
    assert "connected to Slack over Socket Mode" in err
    assert err.rstrip().endswith("summarizer: Slack bot stopped")
    assert "As you gave" not in err  # Bolt's warning about SLACK_BOT_TOKEN stays out
