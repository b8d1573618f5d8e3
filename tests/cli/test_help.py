"""What ``--help`` shows, for every command."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from summarizer.cli.main import app

COMMANDS = [[], ["brief"], ["slack"], ["eval"], ["eval", "run"], ["eval", "score"],
            ["eval", "report"], ["eval", "compare"], ["batch"], ["batch", "submit"],
            ["batch", "status"], ["batch", "collect"]]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "summarizer")
def test_flags_show_no_value_type(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert "--help" in result.stdout
    assert "<bool>" not in result.stdout


def test_options_that_take_a_value_still_show_its_type() -> None:
    result = CliRunner().invoke(app, ["eval", "run", "--help"], terminal_width=100)
    assert "--no-cache" in result.stdout and "--retry-failed" in result.stdout
    assert "<path>" in result.stdout and "<int range>" in result.stdout
