"""Running the real ``summarizer`` command: in a child process, as a user's shell would, or
in this process through typer's CliRunner."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from typer.testing import CliRunner

from summarizer.cli.main import app


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without model, summarizer or Slack settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    return env | dict(extra or {})


def file_size_limit(max_bytes: int) -> Callable[[], None]:
    """A ``preexec_fn`` capping every file the child writes at ``max_bytes``: its writes past
    that fail with EFBIG ("File too large"), as they would with ENOSPC on a full disk."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return limit


def invoke_eval(env: Mapping[str, str], *args: str | Path) -> tuple[int, str]:
    """``summarizer eval ARGS`` in this process (typer's CliRunner) with ``env`` set: its exit
    code and output. An exception other than an exit is raised, so a crash shows its cause."""
    result = CliRunner().invoke(app, ["eval", *map(str, args)], env=dict(env))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def run_summarizer(
    args: Sequence[str | Path],
    *,
    env: Mapping[str, str] | None = None,
    stdout: IO[Any] | int = subprocess.PIPE,
    preexec_fn: Callable[[], None] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``python -m summarizer ARGS`` to completion; stderr (and stdout if piped) captured."""
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(env),
        preexec_fn=preexec_fn,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


def start_summarizer(
    args: Sequence[str | Path], *, env: Mapping[str, str] | None = None
) -> subprocess.Popen[str]:
    """``python -m summarizer ARGS`` started in the background (stdout and stderr piped)."""
    return subprocess.Popen(
        [sys.executable, "-m", "summarizer", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(env),
    )


def interrupt(proc: subprocess.Popen[str], *, timeout: float = 30) -> tuple[int, str, str]:
    """Press Ctrl-C: send SIGINT, wait, return (exit code, stdout, stderr)."""
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"still running {timeout} s after Ctrl-C:\n{err}") from None
    return proc.returncode, out, err


def interrupt_after(proc: subprocess.Popen[str], ready: Callable[[], None]) -> str:
    """Press Ctrl-C once ``ready`` returns (or fails); the command must exit 130 without a
    traceback. Returns the last line it printed to stderr: what it says it kept."""
    try:
        ready()
    finally:
        code, _, stderr = interrupt(proc)
    assert code == 130, stderr
    assert "Traceback" not in stderr
    return stderr.strip().splitlines()[-1]


def wait_for(condition: Callable[[], bool], *, timeout: float = 30, what: str = "it") -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def full_device(tmp_path: Path) -> Path:
    """A device that answers every write with ENOSPC, like a full disk.

    As root, a private node for the same device in ``tmp_path`` (so code that wrongly renames
    over it replaces only that node); otherwise /dev/full, which only root could replace.
    """
    if os.geteuid() != 0:
        return Path("/dev/full")
    node = tmp_path / "full"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    return node


def one_error_line(stderr: str) -> str:
    """The single line a failing command prints; fails when there are more, or a traceback."""
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr and len(lines) == 1, stderr
    return lines[0]
