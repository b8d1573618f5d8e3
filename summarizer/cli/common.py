"""What every ``summarizer`` sub-command shares: model options, exit codes, one-line errors,
and the notice that the offline backend is in use."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup, TyperOption

from summarizer.config import AUTO, Mode, Settings
from summarizer.errors import (
    ConfigError,
    InputError,
    ModelOutputError,
    OutputError,
    ProviderError,
    SummarizerError,
)

__all__ = [
    "BackendOpt",
    "BaseUrlOpt",
    "DeadlineOpt",
    "Group",
    "MaxTokensOpt",
    "ModeOpt",
    "ModelOpt",
    "ReportingDateOpt",
    "TimeoutOpt",
    "command_group",
    "emit",
    "error_exit",
    "exit_code",
    "exit_code_of",
    "fail",
    "offline_notice",
    "parse_date",
    "shared_exit_code",
    "stdout_errors",
    "write_errors",
]

OFFLINE_NOTICE = (
    "summarizer: no OPENAI_API_KEY or OPENAI_BASE_URL set; using the offline extractive "
    "backend (set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server, to use a model)"
)

_EXIT_CODES: list[tuple[type[SummarizerError], int]] = [
    (ConfigError, 2),
    (InputError, 3),
    (OutputError, 3),  # input/output: the article, a link or a result file
    (ProviderError, 4),
    (ModelOutputError, 5),
]


def _untyped_flags(params: list[Any]) -> list[Any]:
    # A flag takes no value, yet typer's help gives it a "<bool>" type like an option that
    # takes one; an empty metavar leaves the type column blank.
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    return params


class Group(TyperGroup):
    """A command group whose help, and that of every command reached through it, shows
    flags without a value type (typer writes "<bool>" for ``--help`` and every flag), and
    whose commands end a :class:`SummarizerError` with :func:`error_exit`'s one line and code.
    """

    def invoke(self, ctx: Any) -> Any:
        # The one place a command's SummarizerError becomes one line on stderr and its exit
        # code: commands handle only what they add to it (a hint, a record, Ctrl-C).
        try:
            return super().invoke(ctx)
        except SummarizerError as error:
            raise error_exit(error) from None

    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _untyped_flags(command.get_params(ctx))
        return command


def command_group(name: str, help: str) -> typer.Typer:
    """A sub-command group (``eval``, ``batch``) of the root command: a :class:`Group`, which
    shows its help when called alone. Completion and tracebacks are set on the root only:
    typer reads them from the application it runs, never from a group added to it."""
    return typer.Typer(name=name, cls=Group, help=help, no_args_is_help=True)


def exit_code(error: SummarizerError) -> int:
    """The documented exit code for ``error``: 2 config, 3 input or an unwritable result,
    4 endpoint, 5 model output, else 1."""
    return exit_code_of(type(error))


def exit_code_of(kind: type[SummarizerError]) -> int:
    """The exit code for errors of class ``kind`` (see :func:`exit_code`)."""
    for parent, code in _EXIT_CODES:
        if issubclass(kind, parent):
            return code
    return 1


def shared_exit_code(codes: Iterable[int]) -> int:
    """The exit code of a run whose items failed with ``codes``: theirs when they all agree,
    else 1 (failures of different kinds)."""
    distinct = set(codes)
    return distinct.pop() if len(distinct) == 1 else 1


def error_exit(error: SummarizerError, *, hint: str | None = None) -> typer.Exit:
    """Print ``error`` (then ``hint``, e.g. where the details are) as one line on stderr and
    return the ``typer.Exit`` to raise."""
    message = " ".join(str(error).split())
    if hint:
        message += f"; {hint}"
    typer.echo(f"summarizer: error: {message}", err=True)
    return typer.Exit(exit_code(error))


def fail(error: SummarizerError, *, hint: str | None = None) -> NoReturn:
    """Print one line on stderr and exit with the error's code; never a traceback."""
    raise error_exit(error, hint=hint)


@contextmanager
def stdout_errors() -> Iterator[None]:
    """Run a block that prints on standard output, then flush it; a write that fails (a full
    disk, a closed pipe) ends the command with one line on stderr and exit code 3.

    Flushing here makes the failure happen while it can still be reported, not in the
    interpreter's last flush, which would print a traceback-like warning and exit 120.
    """
    try:
        yield
        sys.stdout.flush()
    except OSError as exc:
        _discard_stdout()
        fail(OutputError(f"cannot write to standard output: {exc.strerror or exc}", cause=exc))


def emit(text: str) -> None:
    """Write ``text`` on standard output, as :func:`stdout_errors` guards it."""
    with stdout_errors():
        sys.stdout.write(text)


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so what is still buffered is dropped quietly."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (captured output)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)


@contextmanager
def write_errors(where: object) -> Iterator[None]:
    """Run a block that writes files under ``where``; an OSError it raises (a full disk, no
    permission) becomes an :class:`OutputError` naming the file, for :func:`fail`."""
    try:
        yield
    except OSError as exc:
        name = exc.filename if exc.filename is not None else where
        folder = Path(str(where)).resolve().parent
        if exc.filename is not None and folder not in Path(str(exc.filename)).resolve().parents:
            # Not one of the files this block writes (a file it reads, say): not an output
            # error, and saying "cannot write" would send the user to the wrong place.
            raise SummarizerError(f"{name}: {exc.strerror or exc}", cause=exc) from None
        raise OutputError(f"cannot write {name}: {exc.strerror or exc}", cause=exc) from None


def offline_notice(settings: Settings) -> None:
    """Say on stderr, once per command, that ``auto`` fell back to the offline backend."""
    if settings.offline_by_default:
        typer.echo(OFFLINE_NOTICE, err=True)


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


ReportingDateOpt = Annotated[
    str | None,
    typer.Option(
        "--reporting-date",
        help="The article's date (YYYY-MM-DD) when its text does not state it.",
    ),
]
"""Read with :func:`parse_date`."""

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
