"""Settings: arguments, then environment variables, then defaults.

The only global state summarizer keeps is configuration, and even that is read fresh on
each :meth:`Settings.resolve` call, so tests and long-running bots see changes to the
environment. The API key is a ``SecretStr``: it never appears in a repr, a log or an error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from summarizer.errors import ConfigError

__all__ = ["AUTO", "DEFAULT_MODEL", "ENV_VARS", "Mode", "Settings", "base_url_problem"]

DEFAULT_MODEL = "gpt-4o-mini"


class Mode(StrEnum):
    """How the model is asked for structured output; local servers support different ones."""

    TOOLS = "tools"
    JSON_SCHEMA = "json_schema"
    JSON = "json"
    MD_JSON = "md_json"


AUTO = "auto"
"""The backend setting that picks ``openai`` when an endpoint or key is set, else ``offline``."""


ENV_VARS: dict[str, str] = {
    "api_key": "OPENAI_API_KEY",
    "base_url": "OPENAI_BASE_URL",
    "model": "SUMMARIZER_MODEL",
    "timeout": "SUMMARIZER_TIMEOUT",
    "mode": "SUMMARIZER_MODE",
    "backend": "SUMMARIZER_BACKEND",
    "max_reasks": "SUMMARIZER_MAX_REASKS",
    "max_retries": "SUMMARIZER_MAX_RETRIES",
    "backoff_initial": "SUMMARIZER_BACKOFF_INITIAL",
    "backoff_max": "SUMMARIZER_BACKOFF_MAX",
    "max_input_chars": "SUMMARIZER_MAX_INPUT_CHARS",
    "temperature": "SUMMARIZER_TEMPERATURE",
    "chunk_tokens": "SUMMARIZER_CHUNK_TOKENS",
    "max_tokens": "SUMMARIZER_MAX_TOKENS",
    "deadline": "SUMMARIZER_DEADLINE",
    "partial": "SUMMARIZER_PARTIAL",
}
"""Setting name -> environment variable that supplies it when no argument does."""


def base_url_problem(value: str) -> str | None:
    """What is wrong with ``value`` as an endpoint URL (None when it is an http(s) URL with a
    host and a valid port).

    >>> base_url_problem("localhost:11434/v1")
    'is not an http:// or https:// URL; did you mean http://localhost:11434/v1?'
    """
    try:
        parts = urlsplit(value.strip())
        _ = parts.port  # raises for a port that is not a number from 0 to 65535
    except ValueError:
        return "has no valid port"
    if parts.scheme.lower() not in ("http", "https"):
        hint = f"; did you mean http://{value.strip()}?" if "://" not in value else ""
        return f"is not an http:// or https:// URL{hint}"
    if not parts.hostname:
        return "has no host"
    return None


class Settings(BaseModel):
    """Everything a summarise call can be configured with.

    >>> Settings.resolve(model="llama3.1", base_url="http://localhost:11434/v1").model
    'llama3.1'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    backend: str = Field(
        default=AUTO,
        description="A registered backend name (see summarizer.engine.backends), or 'auto'.",
    )
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout: float = Field(default=120.0, gt=0, description="Seconds per HTTP request.")
    mode: Mode = Mode.TOOLS
    temperature: float = Field(default=0.0, ge=0, le=2)
    max_tokens: int | None = Field(
        default=None,
        gt=0,
        description="Cap on answer tokens per request; None sizes it to the article "
        "(room for a full brief, see summarizer.engine.backends.model.answer_budget).",
    )
    deadline: float = Field(
        default=300.0,
        gt=0,
        description="Seconds one brief may take in all, over every attempt and chunk.",
    )
    partial: bool = Field(
        default=False,
        description="When answers stay ungrounded (or the deadline passes), return the "
        "grounded part marked partial instead of raising.",
    )
    max_reasks: int = Field(default=2, ge=0, description="Re-asks after invalid output.")
    max_retries: int = Field(default=4, ge=0, description="Retries after transport faults.")
    backoff_initial: float = Field(default=1.0, ge=0, description="First back-off, seconds.")
    backoff_max: float = Field(default=30.0, ge=0, description="Cap on one back-off, seconds.")
    # About 500,000 tokens (a few hundred pages): a guard against feeding in a whole archive
    # by mistake. Longer articles than chunk_tokens are briefed in chunks and merged.
    max_input_chars: int = Field(
        default=2_000_000, gt=0, description="Longest accepted article, in characters."
    )
    chunk_tokens: int = Field(
        default=6_000,
        ge=500,
        description="Articles estimated above this many tokens are briefed in chunks of at "
        "most this size, then merged.",
    )

    @field_validator("backend")
    @classmethod
    def _known_backend(cls, name: str) -> str:
        # Imported here: the registry imports this module.
        from summarizer.engine.backends import backend_names

        known = backend_names()
        if name != AUTO and name not in known:
            raise ValueError(f"unknown backend {name!r}; choose auto, " + ", ".join(known))
        return name

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        # Refused here, at once: a malformed URL would otherwise be retried for seconds as a
        # connection failure, and the error would not say what was wrong.
        if value is not None:
            problem = base_url_problem(value)
            if problem:
                raise ValueError(f"{value!r} {problem}")
        return value

    @classmethod
    def resolve(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        defaults: Mapping[str, Any] | None = None,
        **overrides: Any,
    ) -> Settings:
        """Build settings from ``overrides`` (None means unset), then ``env``, then
        ``defaults`` (a surface's own, e.g. partial briefs for a person reading), then the
        field defaults."""
        environ = os.environ if env is None else env
        from_env: dict[str, Any] = {}
        for name, var in ENV_VARS.items():
            raw = environ.get(var)
            if raw not in (None, ""):
                from_env[name] = raw
        given = {k: v for k, v in overrides.items() if v is not None}
        values = {**(defaults or {}), **from_env, **given}
        unknown = set(values) - set(cls.model_fields)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "settings"
            hint = f" (from {ENV_VARS[field]})" if field in from_env and field not in given else ""
            reason = str(first["msg"]).removeprefix("Value error, ")
            raise ConfigError(f"invalid setting {field}{hint}: {reason}") from None

    @property
    def effective_backend(self) -> str:
        """The backend ``auto`` stands for: a model endpoint when one is configured."""
        if self.backend != AUTO:
            return self.backend
        return "openai" if (self.api_key or self.base_url) else "offline"

    @property
    def offline_by_default(self) -> bool:
        """True when ``auto`` fell back to the offline backend (the CLI says so on stderr)."""
        return self.backend == AUTO and self.effective_backend == "offline"

    def merged(self, overrides: Mapping[str, Any]) -> Settings:
        """These settings with the non-None ``overrides`` applied (validated again)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        if not given:
            return self
        return Settings.resolve(env={}, **(self.model_dump() | given))
