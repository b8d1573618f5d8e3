"""Partial briefs keep exactly what is grounded, and say what they dropped."""

from __future__ import annotations

import copy
from typing import Any

from summarizer.brief.grounding import grounding_problems
from summarizer.brief.partial import salvage
from summarizer.brief.schema import Brief


def _ungrounded(answer: dict[str, Any], edit: Any) -> Brief:
    data = copy.deepcopy(answer)
    edit(data)
    return Brief.model_validate(data)  # well-formed; grounding is not checked without context


def test_a_grounded_brief_loses_nothing(aleppo_answer: dict[str, Any], aleppo_text: str) -> None:
    brief, dropped = salvage(Brief.model_validate(aleppo_answer), aleppo_text)
    assert dropped == []
    assert brief == Brief.model_validate(aleppo_answer)


def test_an_item_with_a_bad_quote_is_dropped_whole(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["humanitarian"]["figures"][0]["evidence"] = ["At least 90 civilians were killed."]

    figures = len(aleppo_answer["humanitarian"]["figures"])
    brief, dropped = salvage(_ungrounded(aleppo_answer, edit), aleppo_text)
    assert [d.path for d in dropped] == ["humanitarian.figures[0]"]
    assert "does not occur in the article" in dropped[0].reason
    assert len(brief.humanitarian.figures) == figures - 1
    assert grounding_problems(brief, aleppo_text) == []


def test_a_dispute_that_loses_its_party_goes_too(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    claimant = aleppo_answer["disputed_facts"][0]["claimed_by"][0]
    index = next(i for i, p in enumerate(aleppo_answer["parties"]) if p["name"] == claimant)

    def edit(data: dict[str, Any]) -> None:
        data["parties"][index]["evidence"] = ["A sentence the article never printed."]

    brief, dropped = salvage(_ungrounded(aleppo_answer, edit), aleppo_text)
    paths = [d.path for d in dropped]
    assert paths[0] == f"parties[{index}]"
    assert any(p.startswith("disputed_facts[") for p in paths[1:])
    assert all(claimant not in d.claimed_by for d in brief.disputed_facts)
    assert grounding_problems(brief, aleppo_text) == []


def test_a_summary_keeps_its_sentences_without_invented_numbers(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["situation"]["summary"] = (
            "Rebels are leaving eastern Aleppo. Some 4,000 fighters were said to remain."
        )

    brief, dropped = salvage(_ungrounded(aleppo_answer, edit), aleppo_text)
    assert brief.situation.summary == "Rebels are leaving eastern Aleppo."
    assert [d.path for d in dropped] == ["situation.summary"]
    assert "4,000" in dropped[0].reason


def test_an_unnamed_representative_is_dropped_not_the_party(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["parties"][0]["representatives"] = [{"name": "Colonel Nobody", "title": None}]

    brief, dropped = salvage(_ungrounded(aleppo_answer, edit), aleppo_text)
    assert [d.path for d in dropped] == ["parties[0].representatives[0]"]
    assert brief.parties[0].name == aleppo_answer["parties"][0]["name"]
    assert brief.parties[0].representatives == []


def test_a_party_with_a_bad_quote_and_an_unnamed_representative_goes_whole(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["parties"][0]["evidence"] = ["A sentence the article never printed."]
        data["parties"][0]["representatives"] = [{"name": "Colonel Nobody", "title": None}]

    name = aleppo_answer["parties"][0]["name"]
    brief, dropped = salvage(_ungrounded(aleppo_answer, edit), aleppo_text)
    paths = [d.path for d in dropped]
    assert paths[:2] == ["parties[0]", "parties[0].representatives[0]"]
    assert all(p.name != name for p in brief.parties)
    assert grounding_problems(brief, aleppo_text) == []
