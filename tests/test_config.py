from __future__ import annotations

import pytest

from summarizer import ConfigError, Settings
from summarizer.config import Mode


def test_arguments_beat_environment_beat_defaults() -> None:
    env = {"SUMMARIZER_MODEL": "env-model", "SUMMARIZER_TIMEOUT": "7", "OPENAI_API_KEY": "sk-x"}
    settings = Settings.resolve(env=env, model="arg-model")
    assert settings.model == "arg-model"
    assert settings.timeout == 7.0
    assert settings.max_reasks == 2
    assert Settings.resolve(env={}).model == "gpt-4o-mini"


def test_none_arguments_do_not_override_environment() -> None:
    settings = Settings.resolve(env={"SUMMARIZER_MODE": "json"}, mode=None)
    assert settings.mode is Mode.JSON


def test_auto_backend_needs_a_key_or_an_endpoint() -> None:
    assert Settings.resolve(env={}).effective_backend == "offline"
    assert Settings.resolve(env={"OPENAI_API_KEY": "k"}).effective_backend == "openai"
    assert Settings.resolve(env={}, base_url="http://h/v1").effective_backend == "openai"
    forced = Settings.resolve(env={"OPENAI_API_KEY": "k"}, backend="offline")
    assert forced.effective_backend == "offline"


def test_an_unknown_backend_names_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"unknown backend 'gpt'.*offline") as info:
        Settings.resolve(env={"SUMMARIZER_BACKEND": "gpt"})
    assert "SUMMARIZER_BACKEND" in str(info.value)


def test_bad_values_name_the_variable_that_supplied_them() -> None:
    with pytest.raises(ConfigError, match=r"timeout.*SUMMARIZER_TIMEOUT"):
        Settings.resolve(env={"SUMMARIZER_TIMEOUT": "soon"})
    with pytest.raises(ConfigError, match="mode"):
        Settings.resolve(env={}, mode="telepathy")
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings.resolve(env={}, colour="blue")


def test_the_hint_names_the_variable_even_when_arguments_are_none() -> None:
    with pytest.raises(ConfigError, match=r"\(from SUMMARIZER_MAX_RETRIES\)"):
        Settings.resolve(env={"SUMMARIZER_MAX_RETRIES": "-1"}, max_retries=None, model=None)
    with pytest.raises(ConfigError) as info:
        Settings.resolve(env={}, max_retries=-1)
    assert "from" not in str(info.value)


@pytest.mark.parametrize(
    ("env", "partial", "with_default", "without"),
    [
        ({}, None, True, False),  # the surface's default, else the field's
        ({"SUMMARIZER_PARTIAL": ""}, None, True, False),  # empty is unset
        ({"SUMMARIZER_PARTIAL": "false"}, None, False, False),  # environment over default
        ({"SUMMARIZER_PARTIAL": "true"}, None, True, True),
        ({"SUMMARIZER_PARTIAL": "false"}, True, True, True),  # argument over environment
    ],
)
def test_a_surface_default_sits_under_the_environment(
    env: dict[str, str], partial: bool | None, with_default: bool, without: bool
) -> None:
    settings = Settings.resolve(env=env, defaults={"partial": True}, partial=partial)
    assert settings.partial is with_default
    assert Settings.resolve(env=env, partial=partial).partial is without


def test_a_bad_environment_value_under_a_surface_default_names_the_variable() -> None:
    with pytest.raises(ConfigError, match=r"invalid setting partial \(from SUMMARIZER_PARTIAL\)"):
        Settings.resolve(env={"SUMMARIZER_PARTIAL": "sometimes"}, defaults={"partial": True})
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings.resolve(env={}, defaults={"colour": "blue"})


def test_the_api_key_never_shows() -> None:
    settings = Settings.resolve(env={"OPENAI_API_KEY": "sk-top-secret"})
    assert "sk-top-secret" not in repr(settings)
    assert "sk-top-secret" not in str(settings.model_dump())


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("localhost:11434/v1", "is not an http:// or https:// URL; did you mean http://localhost"),
        ("ftp://x/v1", "is not an http:// or https:// URL"),
        ("http:///v1", "has no host"),
        ("http://localhost:eleven/v1", "has no valid port"),
    ],
)
def test_a_malformed_base_url_is_refused_naming_the_value(value: str, why: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.resolve(env={"OPENAI_BASE_URL": value})
    message = str(info.value)
    assert message.startswith(f"invalid setting base_url (from OPENAI_BASE_URL): {value!r} {why}")
    assert "Value error" not in message
    with pytest.raises(ConfigError, match="invalid setting base_url: "):
        Settings.resolve(env={}, base_url=value)


@pytest.mark.parametrize(
    "value",
    [
        "http://localhost:11434/v1",
        "https://res.openai.azure.com/openai/v1/",
        "http://[::1]:8000/v1",
    ],
)
def test_well_formed_base_urls_pass(value: str) -> None:
    assert Settings.resolve(env={}, base_url=value).base_url == value
