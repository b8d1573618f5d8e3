from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli.main import app
from tests.fakes.openai_server import Answer, Fail, FakeOpenAI

runner = CliRunner()


@pytest.fixture
def article(tmp_path: Path, aleppo_text: str) -> Path:
    path = tmp_path / "aleppo.txt"
    path.write_text(aleppo_text, encoding="utf-8")
    return path


def test_markdown_is_the_default_output(
    openai_server: FakeOpenAI, article: Path, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.enqueue(Answer(aleppo_answer))
    result = runner.invoke(app, ["brief", str(article), "--base-url", openai_server.base_url])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Brief: aleppo.txt")
    assert "## Disputed facts" in result.stdout


def test_json_output_to_a_file(
    openai_server: FakeOpenAI, article: Path, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    openai_server.enqueue(Answer(aleppo_answer))
    out = tmp_path / "out" / "brief.json"
    result = runner.invoke(
        app,
        ["brief", str(article), "--format", "json", "--output", str(out), "--model", "m1",
         "--base-url", openai_server.base_url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = json.loads(out.read_text())
    assert data["model"] == "m1"
    assert data["brief"]["humanitarian"]["figures"][0]["count"] == 82


def test_stdin_is_read_with_a_dash(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.enqueue(Answer(aleppo_answer))
    result = runner.invoke(
        app, ["brief", "-", "-f", "json", "--base-url", openai_server.base_url], input=aleppo_text
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["attempts"] == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["brief", "missing.txt"], 3, "missing.txt: no such file"),
        (["brief", "{tmp}"], 3, "is a directory"),
        (["brief", "{empty}"], 3, "the article is empty"),
        (["brief", "{article}", "--reporting-date", "14/12/2016"], 2, "not a YYYY-MM-DD date"),
    ],
)
def test_input_errors_exit_non_zero_with_one_line(
    tmp_path: Path, article: Path, args: list[str], code: int, message: str
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    args = [a.format(tmp=tmp_path, empty=empty, article=article) for a in args]
    result = runner.invoke(app, [*args, "--base-url", "http://127.0.0.1:9/v1"])
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_provider_failure_exits_4_and_writes_no_file(
    openai_server: FakeOpenAI, article: Path, tmp_path: Path
) -> None:
    openai_server.responder = lambda _request: Fail(500)
    out = tmp_path / "brief.md"
    result = runner.invoke(
        app,
        ["brief", str(article), "-o", str(out), "--base-url", openai_server.base_url,
         "--max-retries", "0"],
    )  # fmt: skip
    assert result.exit_code == 4
    assert result.stderr.startswith("summarizer: error: the model endpoint failed")
    assert not out.exists()


def test_console_script_prints_no_traceback_and_no_secret(article: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env |= {"OPENAI_API_KEY": "sk-do-not-print", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer.cli", "brief", str(article), "--max-retries", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 4
    assert proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr
    assert "sk-do-not-print" not in proc.stderr + proc.stdout


def test_without_key_or_endpoint_the_offline_backend_is_used_and_said(article: Path) -> None:
    result = runner.invoke(app, ["brief", str(article)])
    assert result.exit_code == 0, result.output
    assert "using the offline extractive backend" in result.stderr
    assert "OPENAI_API_KEY" in result.stderr
    assert "## Parties" in result.stdout
    assert "offline-extractive" in result.stdout


def test_explicit_offline_backend_prints_no_notice(article: Path) -> None:
    result = runner.invoke(app, ["brief", str(article), "--backend", "offline", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert json.loads(result.stdout)["requests"] == 0


def test_empty_input_gives_only_the_error_line() -> None:
    result = runner.invoke(app, ["brief", "-"], input="   \n")
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        "summarizer: error: the article is empty (only whitespace)"
    ]


def test_a_bad_environment_setting_exits_2_and_names_the_variable(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "soon")
    result = runner.invoke(app, ["brief", str(article)])
    assert result.exit_code == 2
    assert "(from SUMMARIZER_TIMEOUT)" in result.stderr


def test_ungrounded_answers_exit_5_and_keep_an_existing_output_file(
    openai_server: FakeOpenAI, article: Path, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    aleppo_answer["parties"][0]["evidence"] = ["The rebels surrendered their weapons at noon."]
    openai_server.responder = lambda _request: Answer(aleppo_answer)
    out = tmp_path / "brief.md"
    out.write_text("yesterday's brief\n")
    result = runner.invoke(
        app,
        ["brief", str(article), "-o", str(out), "--base-url", openai_server.base_url,
         "--max-reasks", "1", "--no-partial"],
    )  # fmt: skip
    assert result.exit_code == 5
    assert "still invalid after 2 attempt(s)" in result.stderr
    assert out.read_text() == "yesterday's brief\n"


def test_by_default_the_grounded_part_is_printed_marked_partial(
    openai_server: FakeOpenAI, article: Path, aleppo_answer: dict[str, Any]
) -> None:
    aleppo_answer["parties"][0]["evidence"] = ["The rebels surrendered their weapons at noon."]
    openai_server.responder = lambda _request: Answer(aleppo_answer)
    result = runner.invoke(
        app, ["brief", str(article), "--base-url", openai_server.base_url, "--max-reasks", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "summarizer: note: Partial brief:" in result.stderr
    assert "> **Note:** Partial brief:" in result.stdout
    assert "## Left out of this partial brief" in result.stdout
    assert "`parties[0]`: quote 'The rebels surrendered" in result.stdout
