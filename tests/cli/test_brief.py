from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli.main import app
from tests.cli.support import file_size_limit, full_device, one_error_line, run_summarizer
from tests.fakes.openai_server import Answer, Fail, FakeOpenAI
from tests.fakes.web_pages import PageServer, article_html

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
    assert result.stdout.startswith(
        "# Syrian rebels say Shiite militias blocking evacuation as Assad and Russia win back "
        "Aleppo\n"
    )
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
    assert result.stderr.startswith(
        f"summarizer: error: the model endpoint {openai_server.base_url}/chat/completions failed"
    )
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
    assert "still ungrounded after 2 attempt(s)" in result.stderr
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


@pytest.mark.parametrize(
    ("environment", "flags", "exit_code"),
    [
        ("false", [], 5),  # the environment turns the default off
        ("", [], 0),  # set but empty: as if unset, the default (partial) holds
        ("false", ["--partial"], 0),  # the flag wins over the environment
        ("true", ["--no-partial"], 5),
    ],
)
def test_summarizer_partial_decides_under_the_flag_and_over_the_default(
    openai_server: FakeOpenAI,
    article: Path,
    aleppo_answer: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    environment: str,
    flags: list[str],
    exit_code: int,
) -> None:
    aleppo_answer["parties"][0]["evidence"] = ["The rebels surrendered their weapons at noon."]
    openai_server.responder = lambda _request: Answer(aleppo_answer)
    monkeypatch.setenv("SUMMARIZER_PARTIAL", environment)
    argv = ["brief", str(article), "--base-url", openai_server.base_url, "--max-reasks", "1"]
    result = runner.invoke(app, [*argv, *flags])
    assert result.exit_code == exit_code, result.output
    if exit_code == 0:
        assert "summarizer: note: Partial brief:" in result.stderr
    else:
        assert "still ungrounded after 2 attempt(s)" in result.stderr


def test_a_bad_summarizer_partial_exits_2_and_names_the_variable(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_PARTIAL", "sometimes")
    result = runner.invoke(app, ["brief", str(article), "--backend", "offline"])
    assert result.exit_code == 2
    assert result.stderr.startswith("summarizer: error: invalid setting partial ")
    assert "(from SUMMARIZER_PARTIAL)" in result.stderr


def test_a_full_disk_on_standard_output_is_one_line_and_exit_3(article: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = run_summarizer(["brief", article, "--backend", "offline"], stdout=full)
    assert proc.returncode == 3
    assert one_error_line(proc.stderr) == (
        "summarizer: error: cannot write to standard output: No space left on device"
    )


def test_a_full_device_as_output_file_is_one_line_and_stays_a_device(
    article: Path, tmp_path: Path
) -> None:
    device = full_device(tmp_path)
    proc = run_summarizer(["brief", article, "--backend", "offline", "-o", device])
    assert proc.returncode == 3
    assert one_error_line(proc.stderr) == (
        f"summarizer: error: cannot write {device}: No space left on device"
    )
    assert stat.S_ISCHR(device.stat().st_mode)


def test_an_output_file_that_cannot_grow_keeps_the_old_one(article: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    out.write_text("yesterday's brief\n")
    proc = run_summarizer(
        ["brief", article, "--backend", "offline", "-o", out], preexec_fn=file_size_limit(1000)
    )
    assert proc.returncode == 3
    assert one_error_line(proc.stderr) == f"summarizer: error: cannot write {out}: File too large"
    assert out.read_text() == "yesterday's brief\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aleppo.txt", "brief.md"]


@pytest.mark.parametrize("where", ["--base-url", "OPENAI_BASE_URL"])
def test_a_malformed_base_url_is_refused_at_once_naming_it(article: Path, where: str) -> None:
    args = ["brief", str(article), "--max-retries", "4"]
    env = {"OPENAI_BASE_URL": "localhost:11434/v1"} if where != "--base-url" else {}
    if where == "--base-url":
        args += ["--base-url", "localhost:11434/v1"]
    started = time.monotonic()
    result = runner.invoke(app, args, env=env)
    assert time.monotonic() - started < 2  # no retries: it never leaves the machine
    assert result.exit_code == 2
    origin = " (from OPENAI_BASE_URL)" if where != "--base-url" else ""
    assert result.stderr.strip().splitlines() == [
        f"summarizer: error: invalid setting base_url{origin}: 'localhost:11434/v1' is not an "
        "http:// or https:// URL; did you mean http://localhost:11434/v1?"
    ]


def ungrounded_everywhere(answer: dict[str, Any]) -> dict[str, Any]:
    for party in answer["parties"]:
        party["evidence"] = ["The rebels surrendered their weapons at noon; nobody objected."]
    answer["humanitarian"]["figures"][0]["count"] = 8200
    return answer


def failing_brief(server: FakeOpenAI, article: Path, answer: dict[str, Any], *args: str) -> Any:
    bad = ungrounded_everywhere(answer)
    server.responder = lambda _request: Answer(bad)
    argv = [
        "brief",
        str(article),
        "--base-url",
        server.base_url,
        "--max-reasks",
        "0",
        "--no-partial",
        *args,
    ]
    return runner.invoke(app, argv)


def test_an_ungrounded_brief_names_three_problems_and_keeps_all_beside_the_output(
    openai_server: FakeOpenAI, article: Path, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "brief.md"
    result = failing_brief(openai_server, article, aleppo_answer, "-o", str(out))
    assert result.exit_code == 5
    line = result.stderr.strip()
    assert "\n" not in line and len(line) < 700
    assert line.startswith(
        "summarizer: error: the model's answer was still ungrounded after 1 attempt(s): "
        "8 problems: (1) parties[0].evidence[0]: quote "
    )
    assert line.endswith(f"; and 5 more; full list in {tmp_path / 'brief.error.json'}")
    assert not out.exists()
    record = json.loads((tmp_path / "brief.error.json").read_text())
    assert record["error"] == "ModelOutputError"
    assert len(record["problems"]) == 8
    assert [p.split(":")[0] for p in record["problems"]] == [
        *(f"parties[{i}].evidence[0]" for i in range(7)),
        "humanitarian.figures[0]",
    ]


def test_a_later_success_removes_the_stale_error_record(
    openai_server: FakeOpenAI, article: Path, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "brief.md"
    (tmp_path / "brief.error.json").write_text("{}")
    openai_server.enqueue(Answer(aleppo_answer))
    result = runner.invoke(
        app, ["brief", str(article), "-o", str(out), "--base-url", openai_server.base_url]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file() and not (tmp_path / "brief.error.json").exists()


def test_with_json_output_the_full_list_is_the_json_on_stdout(
    openai_server: FakeOpenAI, article: Path, aleppo_answer: dict[str, Any]
) -> None:
    result = failing_brief(openai_server, article, aleppo_answer, "--format", "json")
    assert result.exit_code == 5
    assert result.stderr.strip().endswith("; and 5 more; full list in the JSON on standard output")
    record = json.loads(result.stdout)
    assert record["error"] == "ModelOutputError" and len(record["problems"]) == 8


def test_with_markdown_on_stdout_the_message_says_how_to_get_the_full_list(
    openai_server: FakeOpenAI, article: Path, aleppo_answer: dict[str, Any]
) -> None:
    result = failing_brief(openai_server, article, aleppo_answer)
    assert result.exit_code == 5
    assert result.stdout == ""
    assert result.stderr.strip().endswith(
        "; and 5 more; rerun with --format json or -o FILE for the full list"
    )


@pytest.fixture
def page(tmp_path: Path, aleppo_text: str) -> Path:
    path = tmp_path / "aleppo.html"
    path.write_bytes(article_html(aleppo_text))
    return path


def test_an_html_file_is_briefed_by_its_main_text_and_said_so(page: Path) -> None:
    result = runner.invoke(app, ["brief", str(page), "--backend", "offline", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"summarizer: {page} is an HTML page; briefing its main text (")
    brief = json.loads(result.stdout)["brief"]
    assert "<" not in brief["situation"]["summary"]
    assert "Syrian rebels" in [p["name"] for p in brief["parties"]]
    assert not any("<" in fact["statement"] for fact in brief["situation"]["key_facts"])


def test_html_on_standard_input_is_briefed_by_its_main_text(aleppo_text: str) -> None:
    page = article_html(aleppo_text).decode()
    result = runner.invoke(app, ["brief", "-", "--backend", "offline"], input=page)
    assert result.exit_code == 0, result.output
    assert "standard input is an HTML page" in result.stderr
    assert "<html" not in result.stdout and "<p>" not in result.stdout
    assert "## Parties" in result.stdout


def test_an_html_page_without_article_text_is_an_input_error(tmp_path: Path) -> None:
    empty = tmp_path / "menu.html"
    empty.write_text("<!doctype html><html><body><nav>Home | World</nav></body></html>")
    result = runner.invoke(app, ["brief", str(empty), "--backend", "offline"])
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        f"summarizer: error: {empty} is an HTML page with no article in it (no main text found)"
    ]


TEST_NETWORK = ["--fetch-allow-network", "127.0.0.0/8"]  # the local site; hidden, tests only


@pytest.fixture
def dated_page(pages: PageServer, aleppo_text: str) -> str:
    body = article_html(aleppo_text).replace(b'content="2016-12-14"', b'content="2017-03-02"')
    pages.page("/news/aleppo-dated", body)
    return pages.url("/news/aleppo-dated")


def test_a_link_is_fetched_and_briefed_with_the_pages_date(dated_page: str) -> None:
    args = ["brief", dated_page, "--backend", "offline", "-f", "json", *TEST_NETWORK]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"summarizer: fetched {dated_page}: ")
    assert "dated 2017-03-02" in result.stderr
    brief = json.loads(result.stdout)["brief"]
    assert brief["situation"]["reporting_date"] == "2017-03-02"
    assert "Syrian rebels" in [p["name"] for p in brief["parties"]]


def test_the_reporting_date_option_wins_over_the_pages_date(dated_page: str) -> None:
    args = ["brief", dated_page, "--backend", "offline", "-f", "json",
            "--reporting-date", "2016-12-15", *TEST_NETWORK]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["brief"]["situation"]["reporting_date"] == "2016-12-15"


def test_by_default_the_guard_refuses_a_local_link_without_contacting_it(
    pages: PageServer, aleppo_page: str
) -> None:
    result = runner.invoke(app, ["brief", aleppo_page, "--backend", "offline"])
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        f"summarizer: error: {aleppo_page}: refused to fetch that URL: it points to a private, "
        "loopback, link-local or otherwise internal address, not the public internet"
    ]
    assert pages.hits == []


def test_a_link_that_gives_no_article_is_one_line_and_exit_3(pages: PageServer) -> None:
    missing = pages.url("/gone")
    result = runner.invoke(app, ["brief", missing, "--backend", "offline", *TEST_NETWORK])
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        f"summarizer: error: {missing}: that site answered HTTP 404; no article fetched"
    ]


def test_the_test_network_option_is_hidden_from_help() -> None:
    result = runner.invoke(app, ["brief", "--help"])
    assert "--fetch-allow-network" not in result.stdout
    assert "[FILE|URL]" in result.stdout


def test_without_a_headline_the_title_is_the_file_name(tmp_path: Path) -> None:
    fictional = tmp_path / "article.txt"
    fictional.write_text(
        "[Fictional article for a test.]\n\nRescuers reached Tarn on Monday. Floods had cut "
        "the valley road for a week, officials said.\n"
    )
    result = runner.invoke(app, ["brief", str(fictional), "--backend", "offline"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Brief: article.txt\n")
    from_stdin = runner.invoke(
        app, ["brief", "-", "--backend", "offline"], input=fictional.read_text()
    )
    assert from_stdin.stdout.startswith("# Brief\n")


def test_a_pages_headline_is_the_title(page: Path) -> None:
    result = runner.invoke(app, ["brief", str(page), "--backend", "offline"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Aleppo evacuation delayed\n")


def test_a_link_without_a_headline_takes_the_pages_title(pages: PageServer) -> None:
    sentences = " ".join(["Rescuers reached the Tarn valley on Monday after the floods."] * 6)
    body = (
        "<!doctype html><html><head><title>Tarn valley: rescuers arrive</title></head><body>"
        f"<article><p>{sentences}</p><p>{sentences}</p></article></body></html>"
    )
    pages.page("/tarn", body.encode())
    args = ["brief", pages.url("/tarn"), "--backend", "offline", *TEST_NETWORK]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Tarn valley: rescuers arrive\n")


def test_html_output_is_one_page_with_the_article_and_its_quotes(
    openai_server: FakeOpenAI, article: Path, aleppo_answer: dict[str, Any], tmp_path: Path
) -> None:
    openai_server.enqueue(Answer(aleppo_answer))
    out = tmp_path / "brief.html"
    result = runner.invoke(
        app,
        ["brief", str(article), "--format", "html", "-o", str(out),
         "--base-url", openai_server.base_url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "<title>Syrian rebels say Shiite militias blocking evacuation" in page
    assert page.count('<li class="item ') == 14
    # The UN's sentence is the quote of a party and of both figures.
    assert '<mark class="k-party multi" data-items="p6 f1 f2">at least 82 civilians' in page
