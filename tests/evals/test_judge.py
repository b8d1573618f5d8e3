"""The model judge on one document; the judge is the local fake OpenAI server."""

from __future__ import annotations

import asyncio

from summarizer.config import Settings
from summarizer.evals.dataset import Fixture, default_fixtures_dir, load_fixtures
from summarizer.evals.judge import ModelJudge, judge_document
from summarizer.evals.matching.decisions import JudgeOutcome
from summarizer.evals.scoring import score_brief
from tests.evals.oracle import gold_to_brief
from tests.fakes.openai_server import Answer, FakeOpenAI, RecordedRequest, Reply

GOLD_NAME = "Syrian rebels"
RENAMED = "Syrian insurgents"
"""Close enough to the gold name to be asked about, too far for the rules to match it."""


def _seed() -> Fixture:
    return next(f for f in load_fixtures(default_fixtures_dir()) if f.id == "aleppo-2016-12-14")


def _judged(server: FakeOpenAI, fixture: Fixture, same_names: bool) -> tuple[float, JudgeOutcome]:
    """The oracle brief with the rebels renamed: its deterministic parties score and the
    judge's outcome, the judge answering ``same_names`` on names and "different" on the rest."""
    brief = gold_to_brief(fixture.gold, fixture.article)
    parties = list(brief.parties)
    i = next(k for k, p in enumerate(parties) if p.name == GOLD_NAME)
    parties[i] = parties[i].model_copy(update={"name": RENAMED, "aliases": []})
    brief = brief.model_copy(update={"parties": parties})

    def respond(request: RecordedRequest) -> Reply:
        asked_name = f"Reference name: {GOLD_NAME}\nCandidate name: {RENAMED}" in request.text()
        return Answer({"same": same_names and asked_name, "reason": "checked"})

    server.responder = respond
    score = score_brief(brief, fixture.gold, fixture.article)
    settings = Settings.resolve(
        env={}, model="judge-model", base_url=server.base_url, api_key="t", max_retries=0
    )

    async def judged() -> JudgeOutcome:
        judge = ModelJudge(settings)
        try:
            return await judge_document(score, brief, fixture.gold, fixture.article, judge)
        finally:
            await judge.aclose()

    return score.values()["parties.score"], asyncio.run(judged())


def test_a_judge_deciding_a_renamed_party_is_the_gold_one_raises_the_judged_parties_score(
    openai_server: FakeOpenAI,
) -> None:
    fixture = _seed()
    plain, outcome = _judged(openai_server, fixture, same_names=True)
    asked = [p for p in outcome.pairs if p.field == "parties"]
    assert [(p.gold, p.predicted, p.judge_same) for p in asked] == [(GOLD_NAME, RENAMED, True)]
    assert plain < 1.0
    assert outcome.values["parties.score"] > plain
    assert outcome.values["parties.recall"] == 1.0


def test_a_judge_deciding_the_names_differ_leaves_the_parties_score_as_the_rules_gave_it(
    openai_server: FakeOpenAI,
) -> None:
    fixture = _seed()
    plain, outcome = _judged(openai_server, fixture, same_names=False)
    assert any(p.field == "parties" and not p.judge_same for p in outcome.pairs)
    assert outcome.values["parties.score"] == plain
