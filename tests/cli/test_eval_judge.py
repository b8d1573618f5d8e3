"""``summarizer eval score --judge`` and ``summarizer eval probes`` through the command line;
the judge is the local fake OpenAI server."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.evals.dataset import load_fixtures
from summarizer.evals.probes.edits import negate, with_key_facts
from tests.cli.support import invoke_eval
from tests.evals.oracle import gold_to_brief
from tests.evals.support import small_fixtures
from tests.fakes.openai_server import Answer, FakeOpenAI, RecordedRequest, Reply


def judge_env(server: FakeOpenAI, tmp_path: Path) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "t",
        "SUMMARIZER_CACHE": str(tmp_path / "cache.db"),
        "SUMMARIZER_MAX_RETRIES": "0",
    }


def stored_predictions(fixtures: Path, target: Path) -> None:
    """One brief per fixture, its first key fact negated: a pair the judge is asked about."""
    target.mkdir()
    for fixture in load_fixtures(fixtures):
        brief = gold_to_brief(fixture.gold, fixture.article)
        facts = list(brief.situation.key_facts)
        facts[0] = facts[0].model_copy(update={"statement": negate(facts[0].statement)})
        edited = with_key_facts(brief, facts, summary=brief.situation.summary)
        (target / f"{fixture.id}.json").write_text(edited.model_dump_json())


def test_the_judge_score_stands_beside_the_deterministic_one_and_is_cached(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures = small_fixtures(tmp_path, count=2)
    stored_predictions(fixtures, tmp_path / "briefs")
    asked: list[str] = []

    def respond(request: RecordedRequest) -> Reply:
        asked.append(request.text())
        return Answer({"same": False, "reason": "the candidate negates the reference"})

    openai_server.responder = respond
    env = judge_env(openai_server, tmp_path)
    score = ["score", "--predictions", tmp_path / "briefs", "--fixtures", fixtures]
    code, output = invoke_eval(env, *score, "--out", tmp_path / "plain")
    assert code == 0, output
    assert not asked
    code, output = invoke_eval(env, *score, "--out", tmp_path / "judged", "--judge", "judge-model")
    assert code == 0, output
    plain = json.loads((tmp_path / "plain" / "report.json").read_text())
    judged = json.loads((tmp_path / "judged" / "report.json").read_text())
    # The deterministic score is unchanged; the judge's stands beside it.
    assert judged["summary"]["overall"] == plain["summary"]["overall"]
    assert "judge.overall" in judged["summary"] and "judge.overall" not in plain["summary"]
    assert judged["summary"]["judge.agreement"] == 1.0  # rules and judge: not the same
    rows = {row["id"]: row for row in judged["rows"]}
    pairs = [p for row in rows.values() for p in row["judge"]["pairs"]]
    assert len(asked) == len(pairs) >= 2
    assert any("It is false that" in p["predicted"] for p in pairs)
    assert all("Reference" in text and "Candidate" in text for text in asked)
    assert "## Model judge (judge-model)" in (tmp_path / "judged" / "report.md").read_text()
    # Asked again, every answer comes from the cache.
    code, _ = invoke_eval(env, *score, "--out", tmp_path / "again", "--judge", "judge-model")
    assert code == 0 and len(asked) == len(pairs)


def test_a_judge_that_accepts_a_pair_raises_the_judged_score_only(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures = small_fixtures(tmp_path, count=1)
    stored_predictions(fixtures, tmp_path / "briefs")
    openai_server.responder = lambda request: Answer({"same": True, "reason": "close enough"})
    env = judge_env(openai_server, tmp_path)
    code, output = invoke_eval(env, "score", "--predictions", tmp_path / "briefs", "--fixtures",
                               fixtures, "--judge", "judge-model")  # fmt: skip
    assert code == 0, output
    report = json.loads((tmp_path / "briefs" / "rescored" / "report.json").read_text())
    assert report["summary"]["judge.overall"] > report["summary"]["overall"]
    assert report["summary"]["judge.agreement"] < 1.0
    assert "Where they disagreed" in (tmp_path / "briefs" / "rescored" / "report.md").read_text()


def test_probes_prints_the_table_and_fails_on_a_failed_probe(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path, count=1)
    code, output = invoke_eval({}, "probes", "--fixtures", fixtures)
    assert code == 0, output
    assert "Scorer probes on 1 fixtures" in output
    assert "name: acronym in brackets" in output and "FAIL" not in output
    # A fixture whose gold contradicts its own paraphrase: the paraphrase probe must fail.
    gold_path = next(fixtures.iterdir()) / "gold.yaml"
    text = gold_path.read_text("utf-8")
    wrong = "paraphrases:\n      - It is false that nothing happened at all in the story.\n"
    gold_path.write_text(text.replace("paraphrases:\n", wrong, 1), "utf-8")
    code, output = invoke_eval({}, "probes", "--fixtures", fixtures)
    assert code == 1
    assert "FAIL" in output and "probe(s) failed" in output


def test_run_with_a_judge_records_the_judged_score_in_the_run(
    openai_server: FakeOpenAI, tmp_path: Path
) -> None:
    fixtures = small_fixtures(tmp_path, count=1)
    openai_server.responder = lambda request: Answer({"same": False, "reason": "no"})
    env = judge_env(openai_server, tmp_path)
    code, output = invoke_eval(env, "run", "--backend", "offline", "--fixtures", fixtures,
                               "--out", tmp_path / "run", "--judge", "judge-model",
                               "--base-url", openai_server.base_url)  # fmt: skip
    assert code == 0, output
    record = json.loads((tmp_path / "run" / "predictions.jsonl").read_text().splitlines()[0])
    assert record["score"]["judge"]["model"] == "judge-model"
    assert len(openai_server.chat_requests) == len(record["score"]["judge"]["pairs"]) > 0
    assert (
        "judge.agreement" in json.loads((tmp_path / "run" / "report.json").read_text())["summary"]
    )
