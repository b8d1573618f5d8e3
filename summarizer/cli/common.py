"""What every ``summarizer`` sub-command shares: model options, exit codes, one-line errors,
and the notice that the offline backend is in use."""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated, NoReturn

import typer

from summarizer.config import AUTO, ENV_VARS, Mode, Settings
from summarizer.errors import (
    ConfigError,
    InputError,
    ModelOutputError,
    ProviderError,
    SummarizerError,
)

__all__ = [
    "BackendOpt",
    "BaseUrlOpt",
    "DeadlineOpt",
    "MaxTokensOpt",
    "ModeOpt",
    "ModelOpt",
    "TimeoutOpt",
    "error_exit",
    "exit_code",
    "fail",
    "offline_notice",
    "parse_date",
    "partial_setting",
]

OFFLINE_NOTICE = (
    "summarizer: no OPENAI_API_KEY or OPENAI_BASE_URL set; using the offline extractive "
    "backend (set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server, to use a model)"
)

_EXIT_CODES: list[tuple[type[SummarizerError], int]] = [
    (ConfigError, 2),
    (InputError, 3),
    (ProviderError, 4),
    (ModelOutputError, 5),
]


def exit_code(error: SummarizerError) -> int:
    """The documented exit code for ``error``: 2 config, 3 input, 4 endpoint, 5 output, else 1."""
    for kind, code in _EXIT_CODES:
        if isinstance(error, kind):
            return code
    return 1


def error_exit(error: SummarizerError) -> typer.Exit:
    """Print ``error`` as one line on stderr and return the ``typer.Exit`` to raise."""
    message = " ".join(str(error).split())
    typer.echo(f"summarizer: error: {message}", err=True)
    return typer.Exit(exit_code(error))


def fail(error: SummarizerError) -> NoReturn:
    """Print one line on stderr and exit with the error's code; never a traceback."""
    raise error_exit(error)


def offline_notice(settings: Settings) -> None:
    """Say on stderr, once per command, that ``auto`` fell back to the offline backend."""
    if settings.offline_by_default:
        typer.echo(OFFLINE_NOTICE, err=True)


def partial_setting(flag: bool | None, *, default: bool) -> bool | None:
    """This surface's choice on partial briefs: the flag when given, else the environment
    (``SUMMARIZER_PARTIAL``) when set, else ``default`` (None lets the environment decide)."""
    if flag is not None:
        return flag
    return None if os.environ.get(ENV_VARS["partial"]) else default


def _backend_name(value: str | None) -> str | None:
    if value is None:
        return None
    from summarizer.engine.backends import backend_names

    names = backend_names()
    if value != AUTO and value not in names:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join([AUTO, *names])}")
    return value


def parse_date(value: str | None, *, option: str = "--reporting-date") -> dt.date | None:
    """A YYYY-MM-DD option value as a date (None stays None), or :class:`ConfigError`."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option} {value!r} is not a YYYY-MM-DD date") from None


ModelOpt = Annotated[
    str | None, typer.Option("--model", "-m", help="Model name (env SUMMARIZER_MODEL).")
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 "
                 "(env OPENAI_BASE_URL)."),
]  # fmt: skip
BackendOpt = Annotated[
    str | None,
    typer.Option("--backend", "-b", metavar="[auto|openai|offline]", callback=_backend_name,
                 help="auto: a model when an endpoint or key is set, else offline "
                 "(env SUMMARIZER_BACKEND)."),
]  # fmt: skip
ModeOpt = Annotated[
    Mode | None,
    typer.Option("--mode", help="How to ask for structured output (env SUMMARIZER_MODE)."),
]
MaxTokensOpt = Annotated[
    int | None,
    typer.Option("--max-tokens", min=1, help="Cap on answer tokens per request (default: sized "
                 "to the article; env SUMMARIZER_MAX_TOKENS)."),
]  # fmt: skip
DeadlineOpt = Annotated[
    float | None,
    typer.Option("--deadline", min=1, help="Seconds one brief may take in all, over every "
                 "attempt and chunk (default 300; env SUMMARIZER_DEADLINE)."),
]  # fmt: skip
TimeoutOpt = Annotated[
    float | None,
    typer.Option("--timeout", help="Seconds per request (env SUMMARIZER_TIMEOUT)."),
]
