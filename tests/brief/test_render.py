from __future__ import annotations

import json
from typing import Any

from syrupy.assertion import SnapshotAssertion

from summarizer import summarize
from summarizer.brief.render import render_json, render_markdown
from summarizer.brief.result import BriefResult, DroppedItem, Usage
from summarizer.brief.schema import Brief


def _result(answer: dict[str, Any]) -> BriefResult:
    return BriefResult(
        brief=Brief.model_validate(answer),
        backend="openai",
        model="test-model",
        prompt_version="brief-1",
        attempts=2,
        requests=3,
        usage=Usage(prompt_tokens=1000, completion_tokens=200, total_tokens=1200),
        latency_s=1.5,
        cost_usd=0.0012,
    )


def test_markdown_brief(aleppo_answer: dict[str, Any], snapshot: SnapshotAssertion) -> None:
    assert render_markdown(_result(aleppo_answer), title="Brief: aleppo.txt") == snapshot


def test_markdown_has_the_sections_a_reader_needs(aleppo_answer: dict[str, Any]) -> None:
    text = render_markdown(_result(aleppo_answer))
    assert "| Party | Type | Side | Role | Representatives |" in text
    assert "- **killed**: at least 82 civilians (source: United Nations; as of 2016-12-13)" in text
    assert "- **missing**: many civilians (source: United Nations" in text
    assert "**Claimed by:** US" in text and "**Disputed by:** Russia" in text
    assert "1200 tokens, ~$0.0012" in text


def test_pipes_in_names_do_not_break_the_table(aleppo_answer: dict[str, Any]) -> None:
    aleppo_answer["parties"][0]["role"] = "fights | negotiates"
    assert "fights \\| negotiates" in render_markdown(_result(aleppo_answer))


def test_json_round_trips(aleppo_answer: dict[str, Any]) -> None:
    result = _result(aleppo_answer)
    data = json.loads(render_json(result))
    assert BriefResult.model_validate(data) == result
    assert data["usage"]["total_tokens"] == 1200


def test_every_item_shows_its_quotes(aleppo_answer: dict[str, Any]) -> None:
    result = _result(aleppo_answer)
    text = render_markdown(result)
    for path, quote in result.brief.evidence_quotes():
        assert f"“{' '.join(quote.split())}”" in text, path
    # Each quote line sits right under its item, as a quotation.
    figure = text.index("- **killed**: at least 82 civilians")
    next_line = text[figure:].splitlines()[1]
    assert next_line == (
        "  > “The UN said there was evidence that at least 82 civilians were killed while many "
        "have been missing.”"
    )


def test_a_quote_over_two_lines_stays_one_quoted_line(aleppo_answer: dict[str, Any]) -> None:
    aleppo_answer["situation"]["key_facts"][0]["evidence"] = ["took full control\nof Aleppo"]
    text = render_markdown(_result(aleppo_answer))
    assert "  > “took full control of Aleppo”" in text


def test_a_partial_brief_says_so_and_lists_what_was_left_out(
    aleppo_answer: dict[str, Any],
) -> None:
    result = _result(aleppo_answer).model_copy(
        update={
            "partial": True,
            "dropped": [DroppedItem(path="parties[7]", reason="quote 'x' not in the article")],
            "notes": ["Partial brief: 1 item left out."],
        }
    )
    text = render_markdown(result)
    assert "> **Note:** Partial brief: 1 item left out." in text
    assert "## Left out of this partial brief" in text
    assert "- `parties[7]`: quote 'x' not in the article" in text


def test_an_extractive_statement_is_printed_once_as_a_quotation(aleppo_text: str) -> None:
    result = summarize(aleppo_text, backend="offline")
    markdown = render_markdown(result)
    section = markdown.split("### Key facts", 1)[1].split("\n## ", 1)[0]
    verbatim = [f for f in result.brief.situation.key_facts if f.statement in f.evidence]
    assert verbatim
    for fact in verbatim:
        sentence = " ".join(fact.statement.split())
        assert section.count(sentence) == 1, sentence  # not again as its own evidence
        assert f"- “{sentence}”" in section
