"""``summarizer eval`` end to end through the real command line (typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli.main import app
from summarizer.evals.dataset import load_fixtures
from tests.cli.support import (
    file_size_limit,
    interrupt_after,
    invoke_eval,
    one_error_line,
    run_summarizer,
    start_summarizer,
    wait_for,
)
from tests.evals.oracle import gold_to_brief
from tests.evals.support import (
    FIXTURES,
    buggy_backend,
    fixture_of,
    oracle_responder,
    small_fixtures,
)
from tests.fakes.openai_server import Answer, FakeOpenAI, RecordedRequest, Reply, Slow

ENV = {"SUMMARIZER_MAX_RETRIES": "0", "SUMMARIZER_BACKOFF_INITIAL": "0", "OPENAI_API_KEY": "t"}


def invoke(*args: str | Path) -> tuple[int, str]:
    return invoke_eval(ENV, *args)


def run_args(server: FakeOpenAI, fixtures: Path, out: Path, cache: Path) -> list[str | Path]:
    return ["run", "--backend", "openai", "--model", "fake", "--base-url", server.base_url,
            "--fixtures", fixtures, "--out", out, "--cache", cache]  # fmt: skip


def test_run_writes_records_and_reports_then_the_cache_answers(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures = small_fixtures(tmp_path)
    openai_server.responder, _ = oracle_responder(fixtures)
    code, output = invoke(*run_args(openai_server, fixtures, tmp_path / "a", tmp_path / "c.db"),
                          "--concurrency", "2", "--fail-under", "overall=0.99")  # fmt: skip
    assert code == 0, output
    assert "parties.f1" in output and "1.000" in output
    report = json.loads((tmp_path / "a" / "report.json").read_text())
    assert report["documents"] == 3 and report["failed"] == 0
    assert report["summary"]["overall"] == pytest.approx(1.0)
    assert report["summary"]["tokens"] == pytest.approx(1200)
    assert "| `parties.f1` | 1.000 |" in (tmp_path / "a" / "report.md").read_text()
    assert len(openai_server.chat_requests) == 3
    code, _ = invoke(*run_args(openai_server, fixtures, tmp_path / "b", tmp_path / "c.db"))
    assert code == 0
    assert len(openai_server.chat_requests) == 3  # all from the cache
    assert (
        json.loads((tmp_path / "b" / "report.json").read_text())["summary"]["cache_hit_rate"] == 1.0
    )
    code, _ = invoke(*run_args(openai_server, fixtures, tmp_path / "c", tmp_path / "c.db"),
                     "--no-cache")  # fmt: skip
    assert code == 0
    assert len(openai_server.chat_requests) == 6


def test_a_failing_document_is_reported_and_fails_the_threshold(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures = small_fixtures(tmp_path)
    broken = load_fixtures(fixtures)[0].id
    openai_server.responder, _ = oracle_responder(fixtures, failing={broken})
    code, output = invoke(*run_args(openai_server, fixtures, tmp_path / "run", tmp_path / "c.db"),
                          "--fail-under", "overall=0.9")  # fmt: skip
    assert code == 4  # the failure's kind (the endpoint) comes before the missed threshold
    assert "threshold missed: overall" in output
    assert f"failed {broken}" in output.replace("\n", " ")
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["failed"] == 1
    assert report["summary"]["failure_rate"] == pytest.approx(1 / 3)
    assert report["summary"]["overall"] == pytest.approx(2 / 3)
    assert "## Failures" in (tmp_path / "run" / "report.md").read_text()


def test_score_needs_no_model_and_report_and_compare_mark_regressions(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path)
    good, worse = tmp_path / "good", tmp_path / "worse"
    good.mkdir()
    worse.mkdir()
    for fixture in load_fixtures(fixtures):
        brief = gold_to_brief(fixture.gold, fixture.article)
        (good / f"{fixture.id}.json").write_text(brief.model_dump_json())
        weaker = brief.model_copy(update={"parties": brief.parties[1:]})
        (worse / f"{fixture.id}.json").write_text(weaker.model_dump_json())
    code, output = invoke("score", "--predictions", good, "--fixtures", fixtures)
    assert code == 0, output
    code, output = invoke("score", "--predictions", worse, "--fixtures", fixtures,
                          "--fail-under", "parties.recall=0.95")  # fmt: skip
    assert code == 1
    assert "parties.recall" in output
    # The scored runs go to <predictions>/rescored; the briefs are left alone.
    good, worse = good / "rescored", worse / "rescored"
    code, output = invoke("report", worse, "--fail-under", "figures.f1=1")
    assert code == 0, output
    assert (worse / "report.md").is_file()
    code, output = invoke("compare", good, worse)
    assert code == 0
    assert "REGRESSION" in output and "parties.recall" in output
    code, _ = invoke("compare", good, worse, "--fail-on-regression")
    assert code == 1
    code, output = invoke("compare", good, good, "--fail-on-regression")
    assert code == 0 and "no regression" in output


def test_score_rescores_a_run_and_counts_missing_predictions_as_failed(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path)
    predictions = tmp_path / "p"
    predictions.mkdir()
    first = load_fixtures(fixtures)[0]
    brief = gold_to_brief(first.gold, first.article)
    (predictions / f"{first.id}.json").write_text(brief.model_dump_json())
    code, _ = invoke("score", "--predictions", predictions, "--fixtures", fixtures,
                     "--out", tmp_path / "scored")  # fmt: skip
    assert code == 0
    report = json.loads((tmp_path / "scored" / "report.json").read_text())
    assert report["failed"] == 2
    # Scoring the scored run again (the JSONL form) gives the same numbers.
    code, _ = invoke("score", "--predictions", tmp_path / "scored", "--fixtures", fixtures)
    assert code == 0
    again = json.loads((tmp_path / "scored" / "rescored" / "report.json").read_text())
    assert again["summary"] == report["summary"]


def offline_run(fixtures: Path, out: Path, *extra: str) -> tuple[int, str]:
    return invoke("run", "--backend", "offline", "--fixtures", fixtures, "--out", out, *extra)


def test_scoring_a_partial_run_leaves_it_resumable(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path)
    first = load_fixtures(fixtures)[0].id
    run = tmp_path / "run"
    code, output = offline_run(fixtures, run, "--only", first)
    assert code == 0, output
    before = {name: (run / name).read_bytes() for name in ("predictions.jsonl", "run.json")}
    code, output = invoke("score", "--predictions", run, "--fixtures", fixtures)
    assert code == 0, output
    # The two fixtures the run has not reached count as failed, in the rescored copy only.
    assert json.loads((run / "rescored" / "report.json").read_text())["failed"] == 2
    assert {name: (run / name).read_bytes() for name in before} == before
    code, output = invoke("score", "--predictions", run, "--fixtures", fixtures, "--out", run)
    assert code == 3 and "must not overwrite" in output
    # Resuming the run now does the two missing fixtures instead of skipping them as failed.
    code, output = offline_run(fixtures, run)
    assert code == 0, output
    report = json.loads((run / "report.json").read_text())
    assert (report["documents"], report["failed"]) == (3, 0)


def test_score_counts_a_batch_error_file_as_that_document_failing(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path)
    done, failed, missing = load_fixtures(fixtures)
    out = tmp_path / "briefs"  # as written by `summarizer brief --batch`
    out.mkdir()
    brief = gold_to_brief(done.gold, done.article)
    (out / f"{done.id}.json").write_text(brief.model_dump_json())
    error = {"article": "a.txt", "error": "ModelOutputError", "message": "no grounded answer",
             "attempts": 3}  # fmt: skip
    (out / f"{failed.id}.error.json").write_text(json.dumps(error))
    code, output = invoke("score", "--predictions", out, "--fixtures", fixtures)
    assert code == 0, output
    rows = {r["id"]: r for r in json.loads((out / "rescored" / "report.json").read_text())["rows"]}
    assert rows[done.id]["status"] == "ok" and rows[done.id]["metrics"]["overall"] == 1.0
    assert rows[failed.id]["status"] == "failed"
    assert rows[failed.id]["error"] == "ModelOutputError: no grounded answer"
    assert rows[missing.id]["error"] == f"InputError: no prediction for {missing.id}"


def test_score_ignores_batch_files_for_articles_that_are_not_fixtures(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path)
    out = tmp_path / "briefs"  # `summarizer brief --batch` over fixtures and other articles
    out.mkdir()
    for fixture in load_fixtures(fixtures):
        brief = gold_to_brief(fixture.gold, fixture.article)
        (out / f"{fixture.id}.json").write_text(brief.model_dump_json())
    (out / "notes.json").write_text(brief.model_dump_json())
    (out / "empty.error.json").write_text(json.dumps({"error": "InputError", "message": "empty"}))
    result = CliRunner().invoke(app, ["eval", "score", "--predictions", str(out),
                                      "--fixtures", str(fixtures)], env=ENV)  # fmt: skip
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"summarizer: warning: {out}: ignoring 2 prediction(s) for no fixture: empty, notes"
    ]
    report = json.loads((out / "rescored" / "report.json").read_text())
    assert (report["documents"], report["failed"]) == (3, 0)
    assert report["summary"]["overall"] == pytest.approx(1.0)


def test_score_adds_only_rescored_to_the_predictions_directory_as_documented(
    tmp_path: Path,
) -> None:
    readme = (FIXTURES.parents[1] / "README.md").read_text("utf-8")
    bullet = readme[readme.index("- **score**") :].split("\n- **", 1)[0]
    assert "predictions directory is never modified" not in bullet  # it gains rescored/
    assert "`<predictions>/rescored/`" in bullet
    assert "existing prediction files are never modified" in " ".join(bullet.split())
    fixtures = small_fixtures(tmp_path, count=1)
    fixture = load_fixtures(fixtures)[0]
    out = tmp_path / "briefs"
    out.mkdir()
    (out / f"{fixture.id}.json").write_text(
        gold_to_brief(fixture.gold, fixture.article).model_dump_json()
    )
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for _ in range(2):  # the second score replaces rescored/, nothing else
        code, output = invoke("score", "--predictions", out, "--fixtures", fixtures)
        assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == sorted([*before, "rescored"])
    assert {name: (out / name).read_bytes() for name in before} == before


def test_a_bug_in_one_document_fails_the_run_and_is_retried_on_resume(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path)
    broken = load_fixtures(fixtures)[1].id
    run = tmp_path / "run"
    with pytest.MonkeyPatch.context() as patch:
        buggy_backend(patch, broken)
        code, output = offline_run(fixtures, run)
    assert code == 1
    message = [line for line in output.splitlines() if "unexpected error" in line]
    assert len(message) == 1 and broken in message[0]
    report = json.loads((run / "report.json").read_text())
    assert (report["documents"], report["failed"]) == (3, 1)
    rows = {r["id"]: r for r in report["rows"]}
    assert rows[broken]["status"] == "error" and "TypeError" in rows[broken]["error"]
    assert len((run / "predictions.jsonl").read_text().splitlines()) == 3
    code, output = offline_run(fixtures, run)  # no --retry-failed needed
    assert code == 0, output
    assert json.loads((run / "report.json").read_text())["failed"] == 0


def test_resuming_over_records_of_an_older_scorer_is_one_line_and_exit_3(tmp_path: Path) -> None:
    # The report is built after the run, outside any handler of the command's own: the
    # command group turns its InputError into the one line (it was a traceback, exit 1).
    fixtures = small_fixtures(tmp_path, count=1)
    run = tmp_path / "run"
    assert offline_run(fixtures, run)[0] == 0
    predictions = run / "predictions.jsonl"
    record = json.loads(predictions.read_text())
    del record["score"]["metrics"]["overall"]
    predictions.write_text(json.dumps(record) + "\n")
    proc = run_summarizer(offline_run_args(fixtures, run))
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == (
        "summarizer: error: 1 document(s) were scored by an older scorer "
        f"({record['id']}); score the run again with "
        "`summarizer eval score --predictions RUN`"
    )


def test_an_offline_report_names_the_offline_model_and_no_cache(tmp_path: Path) -> None:
    from summarizer.offline import OFFLINE_MODEL

    code, output = offline_run(small_fixtures(tmp_path, count=1), tmp_path / "run")
    assert code == 0, output
    markdown = (tmp_path / "run" / "report.md").read_text()
    assert markdown.startswith(f"# Eval: offline / {OFFLINE_MODEL} — 1 documents")
    assert f"model: `{OFFLINE_MODEL}`" in markdown
    assert "cache: `off (offline)`" in markdown


def test_bad_input_gets_a_one_line_error_and_exit_code(tmp_path: Path) -> None:
    code, output = invoke("report", tmp_path)
    assert code == 3 and "not a run directory" in output
    code, output = invoke("run", "--backend", "offline", "--fixtures", tmp_path / "none")
    assert code == 3 and "fixtures directory not found" in output
    broken = small_fixtures(tmp_path, count=1)
    gold = next(broken.iterdir()) / "gold.yaml"
    gold.write_text(gold.read_text().replace("side: opposition", "side: rebellious", 1))
    code, output = invoke("run", "--backend", "offline", "--fixtures", broken)
    assert code == 3
    assert "gold.yaml" in output and "parties.0.side" in output
    code, output = invoke("report", tmp_path, "--fail-under", "nonsense=1")
    assert code == 3 and "METRIC=VALUE" in output


def test_the_whole_fixture_set_runs_against_the_local_server(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    openai_server.responder, seen = oracle_responder(FIXTURES)
    code, output = invoke(*run_args(openai_server, FIXTURES, tmp_path / "run", tmp_path / "c.db"),
                          "--concurrency", "8", "--fail-under", "overall=0.999")  # fmt: skip
    assert code == 0, output
    assert sorted(seen) == sorted(f.id for f in load_fixtures(FIXTURES))


def offline_run_args(fixtures: Path, out: Path) -> list[str | Path]:
    return ["eval", "run", "--backend", "offline", "--fixtures", fixtures, "--out", out]


def test_run_on_a_full_standard_output_is_one_line_and_exit_3(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path, count=1)
    with open("/dev/full", "w") as full:
        proc = run_summarizer(offline_run_args(fixtures, tmp_path / "run"), stdout=full)
    assert proc.returncode == 3
    assert one_error_line(proc.stderr) == (
        "summarizer: error: cannot write to standard output: No space left on device"
    )


def test_run_whose_records_cannot_be_written_is_one_line_and_exit_3(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path, count=1)
    run = tmp_path / "run"
    args = [*offline_run_args(fixtures, run), "--no-cache"]
    proc = run_summarizer(args, preexec_fn=file_size_limit(2000))
    assert proc.returncode == 3, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]  # after the progress bar's last state
    assert "Traceback" not in proc.stderr
    assert last == f"summarizer: error: cannot write {run / 'predictions.jsonl'}: File too large"


def test_report_that_cannot_be_written_is_one_line_and_exit_3(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path, count=1)
    run = tmp_path / "run"
    assert run_summarizer(offline_run_args(fixtures, run)).returncode == 0
    (run / "report.json").unlink()
    proc = run_summarizer(["eval", "report", run], preexec_fn=file_size_limit(200))
    assert proc.returncode == 3
    assert one_error_line(proc.stderr) == (
        f"summarizer: error: cannot write {run / 'report.json'}: File too large"
    )


def test_ctrl_c_says_what_was_recorded_and_in_flight_and_the_rerun_resumes(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures = small_fixtures(tmp_path, count=3)
    oracle, _ = oracle_responder(fixtures)
    openai_server.responder = lambda r: (
        oracle(r) if len(openai_server.chat_requests) == 1 else (Slow(30, oracle(r)))
    )
    out = tmp_path / "run"
    args = [*run_args(openai_server, fixtures, out, tmp_path / "c.db"), "--concurrency", "1"]

    def second_document_asked() -> None:
        wait_for(lambda: len(openai_server.chat_requests) == 2, what="the second document")

    assert interrupt_after(start_summarizer(["eval", *args], env=ENV), second_document_asked) == (
        f"summarizer: interrupted: 1 of 3 document(s) recorded in {out / 'predictions.jsonl'}; "
        "1 in flight, not recorded; 1 not started; run the same command to resume"
    )
    assert len((out / "predictions.jsonl").read_text().splitlines()) == 1

    openai_server.responder = oracle
    code, output = invoke(*args)
    assert code == 0, output
    assert len(openai_server.chat_requests) == 4  # the two not recorded, nothing more


def test_the_resume_hint_is_shown_only_when_it_helps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixtures = small_fixtures(tmp_path, count=1)
    out = tmp_path / "run"
    code, output = offline_run(fixtures, out)
    assert code == 0, output
    assert f"run directory: {out}\n" in output and "pass --out" not in output
    code, output = offline_run(fixtures, out)
    assert code == 0, output
    assert f"resuming the run in {out}\n" in output and "pass --out" not in output
    monkeypatch.chdir(tmp_path)
    code, output = invoke("run", "--backend", "offline", "--fixtures", fixtures)
    assert code == 0, output
    made = next((tmp_path / "evals" / "runs").iterdir())
    assert f"(pass --out {made.relative_to(tmp_path)} to resume it)" in output


def test_report_md_spells_out_the_overall_weights(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path, count=1)
    code, output = offline_run(fixtures, tmp_path / "run")
    assert code == 0, output
    report = (tmp_path / "run" / "report.md").read_text()
    assert "OVERALL_WEIGHTS" not in report
    overall = next(line for line in report.splitlines() if line.startswith("| `overall` |"))
    assert "parties.score 0.15" in overall and "misinformation.score 0.15" in overall


def stderr_of(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["eval", *map(str, args)], env=ENV, terminal_width=200)
    return result.exit_code, result.stdout, result.stderr


def test_a_run_whose_endpoint_is_down_fails_with_exit_4_and_the_reason(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path)
    run = tmp_path / "run"
    code, stdout, stderr = stderr_of("run", "--backend", "openai", "--base-url",
                                     "http://127.0.0.1:9/v1", "--fixtures", fixtures,
                                     "--out", run, "--no-cache")  # fmt: skip
    assert code == 4
    assert stderr.strip().splitlines()[-1] == (
        "summarizer: error: 3 of 3 documents failed: ProviderUnavailable (3): could not reach "
        "the model endpoint http://127.0.0.1:9/v1/chat/completions after 1 attempt(s): "
        f"connection failed; see {run / 'report.md'}"
    )
    assert f"fixtures: 3 from {fixtures}" in stdout


def test_max_failure_rate_lets_a_run_pass_with_some_failures(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures = small_fixtures(tmp_path)
    broken = load_fixtures(fixtures)[0].id
    openai_server.responder, _ = oracle_responder(fixtures, failing={broken})
    args = run_args(openai_server, fixtures, tmp_path / "run", tmp_path / "c.db")
    code, _, stderr = stderr_of(*args, "--max-failure-rate", "0.4")
    assert code == 0, stderr
    assert (
        stderr.strip()
        .splitlines()[-1]
        .startswith(
            "summarizer: warning: 1 of 3 documents failed (within --max-failure-rate 0.4): "
            "ProviderUnavailable (1): "
        )
    )
    code, _, stderr = stderr_of(*args, "--max-failure-rate", "0.3")
    assert code == 4
    assert "1 of 3 documents failed (over --max-failure-rate 0.3): " in stderr


def test_failures_of_different_kinds_exit_1_and_name_each_kind(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures = small_fixtures(tmp_path)
    loaded = load_fixtures(fixtures)
    first, second, _ = (f.id for f in loaded)
    oracle, _ = oracle_responder(fixtures, failing={first})

    def respond(request: RecordedRequest) -> Reply:
        if fixture_of(request, loaded).id == second:
            return Answer("not json at all")
        return oracle(request)

    openai_server.responder = respond
    code, _, stderr = stderr_of(*run_args(openai_server, fixtures, tmp_path / "run",
                                          tmp_path / "c.db"))  # fmt: skip
    assert code == 1
    line = stderr.strip().splitlines()[-1]
    assert line.startswith("summarizer: error: 2 of 3 documents failed: ")
    assert "ProviderUnavailable (1): " in line and "ModelOutputError (1): " in line


def test_the_bundled_fixtures_are_named_as_such(tmp_path: Path) -> None:
    code, stdout, _ = stderr_of("run", "--backend", "offline", "--only", "aleppo-2016-12-14",
                                "--out", tmp_path / "run")  # fmt: skip
    assert code == 0
    assert f"fixtures: 1 from the set bundled with summarizer ({FIXTURES})" in stdout
