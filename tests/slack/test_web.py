"""SLACK_API_URL and the startup checks: what is refused, and what each failure is called."""

from __future__ import annotations

import pytest

from summarizer.config import Settings
from summarizer.errors import ConfigError, ProviderError
from summarizer.slack.app import BotConfig, build_bot
from summarizer.slack.web import (
    DEFAULT_API_URL,
    SlackUnreachable,
    check_api_url,
    open_connection_url,
    verify_bot_token,
)
from tests.fakes.slack_api import BOT_TOKEN, BOT_USER_ID, FakeSlackAPI


@pytest.mark.parametrize(
    "url",
    [
        "https://slack.com/api/",
        "https://slack-gov.com/api/",
        "http://127.0.0.1:8080/api/",
        "https://proxy.example.org/slack/api/",
    ],
)
def test_usable_base_urls_are_kept_as_given(url: str) -> None:
    assert check_api_url(url) == url


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://slack.com/api", "it must end with '/'"),
        ("slack.com/api/", "it must start with https://"),
        ("ftp://slack.com/api/", "it must start with https://"),
        ("https:///api/", "it has no host"),
        ("https://slack.com:port/api/", "Port could not be cast"),
        ("https://slack.com/api/?x=1", "query or fragment"),
        (" https://slack.com/api/", "spaces"),
        ("https://bot:hunter2@proxy.example/api/", "credentials"),
    ],
)
def test_malformed_base_urls_are_configuration_errors_naming_the_value(
    url: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        check_api_url(url)
    message = str(caught.value)
    assert message.startswith("SLACK_API_URL ")
    assert problem in message
    assert "hunter2" not in message
    if "hunter2" not in url:
        assert repr(url) in message


def test_bot_config_checks_its_url_and_defaults_to_slack() -> None:
    assert (
        BotConfig(bot_token=BOT_TOKEN).slack_api_url
        == DEFAULT_API_URL
        == ("https://slack.com/api/")
    )
    with pytest.raises(ConfigError, match="must end with '/'"):
        BotConfig(bot_token=BOT_TOKEN, slack_api_url="https://slack-gov.com/api")


def test_verify_bot_token_asks_auth_test_at_the_configured_url(slack_api: FakeSlackAPI) -> None:
    identity = verify_bot_token(slack_api.base_url, BOT_TOKEN)
    assert identity["user_id"] == BOT_USER_ID
    (call,) = slack_api.calls_to("auth.test")
    assert call.headers["authorization"] == f"Bearer {BOT_TOKEN}"


def test_a_refused_token_is_a_configuration_error(slack_api: FakeSlackAPI) -> None:
    with pytest.raises(ConfigError) as caught:
        verify_bot_token(slack_api.base_url, "xoxb-revoked")
    assert str(caught.value) == "Slack refused SLACK_BOT_TOKEN: invalid_auth"


def test_a_bot_token_cannot_open_socket_mode(slack_api: FakeSlackAPI) -> None:
    with pytest.raises(ConfigError) as caught:
        open_connection_url(slack_api.base_url, BOT_TOKEN)
    assert str(caught.value) == "Slack refused SLACK_APP_TOKEN: not_allowed_token_type"


def test_other_slack_errors_are_endpoint_errors(slack_api: FakeSlackAPI) -> None:
    slack_api.fail("auth.test", "internal_error")
    with pytest.raises(ProviderError) as caught:
        verify_bot_token(slack_api.base_url, BOT_TOKEN)
    assert not isinstance(caught.value, ConfigError)
    assert "auth.test with internal_error" in str(caught.value)


def test_an_unreachable_slack_is_an_endpoint_error_in_one_attempt(
    unreachable_slack_url: str,
) -> None:
    url = unreachable_slack_url
    with pytest.raises(SlackUnreachable) as caught:
        verify_bot_token(url, BOT_TOKEN)
    assert str(caught.value) == f"cannot reach Slack at {url} (connection refused)"
    assert isinstance(caught.value, ProviderError)  # exit code 4, not 2


def test_build_bot_checks_the_token_before_anything_else(slack_api: FakeSlackAPI) -> None:
    config = BotConfig(bot_token="xoxb-revoked", slack_api_url=slack_api.base_url)
    with pytest.raises(ConfigError, match="Slack refused SLACK_BOT_TOKEN"):
        build_bot(config, Settings.resolve(env={}))
    assert [c.method for c in slack_api.calls] == ["auth.test"]
