"""A 20,000-word report end to end: chunked, briefed per chunk, merged, one situation call."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import BaseModel

from summarizer import ModelOutputError, summarize
from summarizer.brief.grounding import grounding_problems, quote_in_source
from summarizer.brief.schema import Brief
from summarizer.config import Settings
from summarizer.engine.client import CallStats, StructuredClient
from summarizer.engine.longdoc.brief import SituationSummary, long_brief
from summarizer.engine.longdoc.chunking import chunk_text
from summarizer.engine.prompts import load_prompt
from summarizer.engine.tokens import count_tokens
from tests.engine.support import FAST
from tests.fakes.openai_server import Answer, FakeOpenAI, RecordedRequest, Reply

PLACES = ["Aleppo", "Idlib", "Homs", "Hama", "Raqqa"]


def paragraph(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    figure = f"The United Nations said at least {1000 + i} civilians were displaced from {place}."
    filler = " ".join(
        f"Convoy {i}-{k} waited at the checkpoint outside {place} while negotiators met again."
        for k in range(7)
    )
    return (
        f"Update {i}. Fighting continued near {place} on day {i} of the offensive, residents "
        f"said. {figure} Russia denied that its aircraft had struck the hospital in {place}. "
        + filler
    )


def report(paragraphs: int = 200) -> str:
    return "\n\n".join(paragraph(i) for i in range(paragraphs))


FIGURE = re.compile(r"The United Nations said at least (\d+) civilians were displaced from \w+\.")
DENIAL = re.compile(r"Russia denied that its aircraft had struck the hospital in \w+\.")


def chunk_of(request: RecordedRequest) -> str:
    user = request.messages[1]["content"]  # the first user message, also in a re-ask
    return user.split("<article>\n", 1)[1].rsplit("\n</article>", 1)[0]


def chunk_brief(chunk: str) -> dict[str, Any]:
    """A grounded brief of one chunk: quotes from its first and last paragraphs only."""
    first, last = chunk.split("\n\n")[0], chunk.split("\n\n")[-1]
    number = int(first.split()[1].rstrip("."))
    # Alternate spellings across chunks, to be merged by alias.
    un: dict[str, Any] = {"name": "UN", "aliases": []}
    if number % 2:
        un = {"name": "United Nations", "aliases": ["UN"]}
    figures = []
    for para in dict.fromkeys([first, last]):
        found = FIGURE.search(para)
        assert found is not None
        figures.append({"category": "displaced", "count": int(found.group(1)),
                        "qualifier": "at least", "population": "civilians",
                        "source": un["name"], "evidence": [found.group(0)]})  # fmt: skip
    denial = DENIAL.search(first)
    assert denial is not None
    return {
        "situation": {
            "summary": f"Fighting continued; part starting at update {number}.",
            "locations": [PLACES[number % len(PLACES)]],
            "key_facts": [{"statement": "Fighting continued.", "evidence": [first.split(". ")[1]]}],
        },
        "parties": [
            un | {"type": "intergovernmental", "side": "neutral", "role": "Reports figures.",
                  "evidence": [figures[0]["evidence"][0]]},
            {"name": "Russia", "type": "foreign_state", "side": "government",
             "role": "Denies strikes.", "evidence": [denial.group(0)]},
        ],
        "humanitarian": {"figures": figures},
        "disputed_facts": [
            {"claim": "Russian aircraft struck the hospital.", "claimed_by": [un["name"]],
             "disputed_by": ["Russia"], "status": "contested", "evidence": [denial.group(0)]}
        ],
    }  # fmt: skip


def respond(request: RecordedRequest) -> Reply:
    name = request.body["tools"][0]["function"]["name"]
    if name == "SituationSummary":
        return Answer(
            {
                "summary": "A months-long offensive displaced thousands of civilians across "
                "northern Syria, the UN said; Russia denied striking hospitals.",
                "locations": ["Aleppo", "Idlib"],
            }
        )
    return Answer(chunk_brief(chunk_of(request)))


@pytest.fixture
def long_report() -> str:
    text = report()
    assert len(text.split()) >= 20_000
    return text


def test_a_20000_word_report_is_chunked_merged_and_grounded(
    openai_server: FakeOpenAI, long_report: str
) -> None:
    openai_server.responder = respond
    result = summarize(long_report, base_url=openai_server.base_url, model="gpt-4o-mini", **FAST)

    settings = Settings.resolve(env={})
    chunks = chunk_text(long_report, max_tokens=settings.chunk_tokens, overlap=1)
    assert len(chunks) >= 4
    requests = openai_server.chat_requests
    assert len(requests) == len(chunks) + 1
    assert (result.requests, result.attempts) == (len(chunks) + 1, len(chunks) + 1)
    # Each chunk request carried one chunk, within the budget, not the whole report.
    briefs = [r for r in requests if r.body["tools"][0]["function"]["name"] == "Brief"]
    assert sorted(chunk_of(r) for r in briefs) == sorted(c.text for c in chunks)
    assert all(count_tokens(chunk_of(r)) <= settings.chunk_tokens for r in briefs)

    brief = result.brief
    # One UN whatever the chunk called it; Russia once.
    assert [p.name for p in brief.parties] == ["UN", "Russia"]
    assert brief.parties[0].aliases == ["United Nations"]
    # Figures quoted twice (the overlap paragraph ends one chunk and starts the next) merge.
    counts = [f.count for f in brief.humanitarian.figures]
    assert len(counts) == len(set(counts)) == len(chunks) + 1
    assert len(brief.disputed_facts) == 1
    assert brief.disputed_facts[0].claimed_by == ["UN"]
    # The situation comes from the final call; the merged key facts are kept.
    assert brief.situation.summary.startswith("A months-long offensive")
    assert brief.situation.locations == ["Aleppo", "Idlib"]
    assert len(brief.situation.key_facts) == 1
    # Grounded: every quote is verbatim in the whole report.
    assert grounding_problems(brief, long_report) == []
    assert all(quote_in_source(q, long_report) for _, q in brief.evidence_quotes())
    # Usage is summed over every call, and priced.
    assert result.usage.prompt_tokens > count_tokens(long_report)
    assert result.cost_usd is not None and result.cost_usd > 0
    brief, situation = load_prompt("brief").version, load_prompt("situation").version
    assert result.prompt_version == f"{brief}+{situation}"


def test_the_situation_call_is_reasked_when_it_names_a_place_not_in_the_report(
    openai_server: FakeOpenAI,
) -> None:
    text = report(60)
    bad = Answer({"summary": "Fighting in Mosul.", "locations": ["Mosul"]})
    calls: list[str] = []

    def responder(request: RecordedRequest) -> Reply:
        if request.body["tools"][0]["function"]["name"] == "SituationSummary":
            calls.append(request.text())
            if len(calls) == 1:
                return bad
        return respond(request)

    openai_server.responder = responder
    result = summarize(text, base_url=openai_server.base_url, chunk_tokens=2000, **FAST)
    assert len(calls) == 2
    assert "'Mosul' is not written in the article" in calls[1]
    assert result.brief.situation.locations == ["Aleppo", "Idlib"]


def first_chunk_ungrounded(request: RecordedRequest) -> Reply:
    """Good answers, except an invented quote in the first chunk's second party."""
    answer = respond(request)
    if "Update 0." in request.text() and isinstance(answer, Answer):
        assert isinstance(answer.payload, dict)
        answer.payload["parties"][1]["evidence"] = ["Russia admitted everything at length."]
    return answer


def test_one_chunk_failing_fails_the_document_with_a_typed_error(
    openai_server: FakeOpenAI,
) -> None:
    text = report(60)
    openai_server.responder = first_chunk_ungrounded
    with pytest.raises(ModelOutputError) as caught:
        summarize(text, base_url=openai_server.base_url, chunk_tokens=2000, max_reasks=1, **FAST)
    assert "does not occur in the article" in str(caught.value)


def test_a_normal_article_still_costs_one_request(
    openai_server: FakeOpenAI, aleppo_text: str, aleppo_answer: dict[str, Any]
) -> None:
    openai_server.enqueue(Answer(aleppo_answer))
    result = summarize(aleppo_text, base_url=openai_server.base_url, **FAST)
    assert result.requests == 1 and len(openai_server.chat_requests) == 1


class Stray(BaseModel):
    """Not what was asked for."""


class Confused(StructuredClient):
    """A client that hands back the wrong model for one kind of request."""

    def __init__(self, settings: Settings, wrong_for: type[BaseModel]) -> None:
        super().__init__(settings)
        self.wrong_for = wrong_for

    async def create(
        self,
        response_model: type[BaseModel],
        messages: list[dict[str, Any]],
        **options: Any,
    ) -> BaseModel:
        if response_model is self.wrong_for:
            return Stray()
        return await super().create(response_model, messages, **options)


@pytest.mark.parametrize("wrong_for", [Brief, SituationSummary])
async def test_an_answer_of_the_wrong_type_is_a_model_output_error(
    openai_server: FakeOpenAI, wrong_for: type[BaseModel]
) -> None:
    openai_server.responder = respond
    settings = Settings.resolve(env={}, base_url=openai_server.base_url, chunk_tokens=2000)
    async with Confused(settings, wrong_for) as client:
        with pytest.raises(ModelOutputError, match=r"expected a \w+ answer, got Stray"):
            await long_brief(
                report(30),
                client=client,
                reporting_date=None,
                stats=CallStats(),
            )


def test_with_partial_a_failing_chunk_keeps_its_grounded_part(
    openai_server: FakeOpenAI,
) -> None:
    text = report(60)
    openai_server.responder = first_chunk_ungrounded
    result = summarize(
        text, base_url=openai_server.base_url, chunk_tokens=2000, max_reasks=1, partial=True, **FAST
    )
    assert result.partial
    # The party whose quote failed, then the dispute that named it.
    assert [d.path for d in result.dropped] == [
        "chunks[0].parties[1]",
        "chunks[0].disputed_facts[0]",
    ]
    assert grounding_problems(result.brief, text) == []
