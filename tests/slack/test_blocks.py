"""Block Kit rendering: the brief as a user sees it, within Slack's limits, safely escaped."""

from __future__ import annotations

import json
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from summarizer.brief.result import BriefResult, DroppedItem, Usage
from summarizer.brief.schema import Brief
from summarizer.slack.blocks import (
    HEADER_LIMIT,
    MAX_BLOCKS,
    SECTION_LIMIT,
    cut,
    escape,
    render_brief,
    render_notice,
    render_working,
)


def _result(brief: Brief, **changes: Any) -> BriefResult:
    values: dict[str, Any] = {
        "brief": brief,
        "backend": "openai",
        "model": "gpt-4o-mini",
        "prompt_version": "brief-v1",
        "attempts": 1,
        "requests": 1,
        "usage": Usage(prompt_tokens=2100, completion_tokens=640, total_tokens=2740),
        "latency_s": 4.27,
    }
    values.update(changes)
    return BriefResult(**values)


@pytest.fixture
def aleppo(aleppo_answer: dict[str, Any]) -> Brief:
    return Brief.model_validate(aleppo_answer)


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        if "text" in block:
            found.append(block["text"]["text"])
        for element in block.get("elements", []):
            found.append(element["text"])
    return found


def _check_limits(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= MAX_BLOCKS
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= HEADER_LIMIT
        elif block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= SECTION_LIMIT
        elif block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 3000 for e in block["elements"])


def test_aleppo_brief_snapshot(aleppo: Brief, snapshot: SnapshotAssertion) -> None:
    message = render_brief(_result(aleppo))
    assert message == snapshot


def test_aleppo_brief_shows_every_part(aleppo: Brief) -> None:
    message = render_brief(_result(aleppo), source_url="https://news.example/aleppo?a=1&b=2")
    blocks = message.blocks
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Brief: eastern Aleppo", "emoji": True},
    }
    text = "\n".join(_texts(blocks))
    assert "took full control of Aleppo" in text  # situation
    assert "*Parties (7)*" in text
    assert "*at least 82* civilians killed — United Nations, 2016-12-13" in text  # figure+source
    assert "*Disputed facts*" in text
    assert "claimed by US; disputed by Russia" in text
    context = blocks[-1]
    assert context["type"] == "context"
    line = context["elements"][0]["text"]
    assert "gpt-4o-mini" in line
    assert "4.3 s" in line
    assert "2,740 tokens (2,100 in, 640 out)" in line
    assert context["elements"][1]["text"] == (
        "Source: <https://news.example/aleppo?a=1&amp;b=2|news.example>"
    )
    assert message.text.startswith("Brief: Syrian government forces")
    _check_limits(blocks)


def test_offline_backend_says_so(aleppo: Brief) -> None:
    message = render_brief(
        _result(aleppo, backend="offline", model="offline-extractive", usage=Usage())
    )
    line = message.blocks[-1]["elements"][0]["text"]
    assert "offline extractive backend (no model configured)" in line
    assert "tokens" not in line


def test_huge_brief_stays_within_block_kit_limits(aleppo_answer: dict[str, Any]) -> None:
    data = aleppo_answer
    data["situation"]["summary"] = "Shelling continued across the city. " * 280  # ~10,000 chars
    party = data["parties"][0]
    data["parties"] = [
        {**party, "name": f"Armed group number {i} " + "x" * 150, "role": "r " * 100}
        for i in range(80)
    ]
    figure = data["humanitarian"]["figures"][0]
    data["humanitarian"]["figures"] = [figure] * 60
    data["humanitarian"]["evacuation"] *= 30
    data["disputed_facts"] = data["disputed_facts"] * 30
    data["situation"]["key_facts"] *= 20
    brief = Brief.model_validate(data)
    message = render_brief(_result(brief), title="T" * 400)
    blocks = message.blocks
    _check_limits(blocks)
    assert blocks[0]["text"]["text"].endswith("…")
    assert blocks[-1]["type"] == "context"  # provenance is never cut
    text = "\n".join(_texts(blocks))
    assert "…and 55 more parties not shown" in text
    assert "…and 40 more figures not shown" in text
    assert len(message.text) <= 300


@pytest.mark.parametrize("length", [2999, 3000, 3001, 6500, 10_000])
def test_long_summaries_split_into_sections(aleppo_answer: dict[str, Any], length: int) -> None:
    aleppo_answer["situation"]["summary"] = ("word " * length)[:length]
    message = render_brief(_result(Brief.model_validate(aleppo_answer)))
    _check_limits(message.blocks)
    summary_sections = [
        b for b in message.blocks[1:3] if b["type"] == "section" and "word" in b["text"]["text"]
    ]
    assert len(summary_sections) == (1 if length <= 3000 else 2)


def test_article_text_cannot_ping_or_forge_links(aleppo_answer: dict[str, Any]) -> None:
    aleppo_answer["situation"]["summary"] = (
        "<!channel> Attention & click <https://evil.example/login|the UN site> <@U0ADMIN>"
    )
    aleppo_answer["parties"][0]["name"] = "<!here> Rebels"
    aleppo_answer["parties"][0]["role"] = "A & B <b>"
    aleppo_answer["situation"]["locations"] = ["<!everyone> Aleppo"]
    message = render_brief(_result(Brief.model_validate(aleppo_answer)))
    raw = json.dumps(message.blocks) + message.text
    for dangerous in ("<!channel>", "<!here>", "<!everyone>", "<https://evil", "<@U0ADMIN>"):
        assert dangerous not in raw
    summary = message.blocks[1]["text"]["text"]
    assert summary == (
        "&lt;!channel&gt; Attention &amp; click &lt;https://evil.example/login|the UN site&gt; "
        "&lt;@U0ADMIN&gt;"
    )
    assert message.blocks[0]["text"]["text"] == "Brief: ‹!everyone› Aleppo"


def test_cut_never_splits_an_entity() -> None:
    text = escape("a" * 8 + "&&&&")  # aaaaaaaa&amp;&amp;&amp;&amp;
    for limit in range(9, len(text)):
        shortened = cut(text, limit)
        assert len(shortened) <= limit
        body = shortened.removesuffix("…")
        assert body.count("&") == body.count("&amp;")


def test_notice_is_escaped() -> None:
    notice = render_notice("bad <!channel> & co", emoji=":warning:")
    assert notice.blocks[0]["text"]["text"] == ":warning: bad &lt;!channel&gt; &amp; co"


def _mrkdwn_objects(node: Any) -> list[dict[str, Any]]:
    """Every mrkdwn text object anywhere in a block tree."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn":
            found.append(node)
        for value in node.values():
            found.extend(_mrkdwn_objects(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_mrkdwn_objects(item))
    return found


def test_every_mrkdwn_object_is_verbatim(aleppo: Brief) -> None:
    messages = [
        render_brief(_result(aleppo), title="Aleppo", source_url="https://news.example/a"),
        render_brief(_result(aleppo, backend="offline", model="offline-extractive")),
        render_notice("the model said #general and @here", emoji=":warning:"),
        render_working("<@U0ALICE> asked for a brief."),
    ]
    for message in messages:
        objects = _mrkdwn_objects(message.blocks)
        assert objects, "the message has no mrkdwn text"
        assert [o for o in objects if o.get("verbatim") is not True] == []


@pytest.mark.parametrize(
    ("url", "target"),
    [
        (
            "https://news.example/x?a=1|Reuters: official UN statement",
            "https://news.example/x?a=1%7CReuters:%20official%20UN%20statement",
        ),
        ("https://news.example/a b<c>d", "https://news.example/a%20b%3Cc%3Ed"),
        (
            "https://news.example/already%20encoded?q=a&b",
            "https://news.example/already%20encoded?q=a&amp;b",
        ),
        ("https://news.example/café", "https://news.example/caf%C3%A9"),
    ],
)
def test_source_url_cannot_forge_the_link_label(aleppo: Brief, url: str, target: str) -> None:
    message = render_brief(_result(aleppo), source_url=url)
    link = message.blocks[-1]["elements"][1]["text"]
    assert link == f"Source: <{target}|news.example>"
    assert link.count("|") == 1
    assert link.count("<") == 1 and link.count(">") == 1


def test_every_item_shows_its_first_quote(aleppo: Brief) -> None:
    text = "\n".join(_texts(render_brief(_result(aleppo)).blocks))
    items = [
        *aleppo.situation.key_facts,
        *aleppo.parties,
        *aleppo.humanitarian.figures,
        *aleppo.humanitarian.evacuation,
        *aleppo.disputed_facts,
    ]
    for item in items:
        assert f"_“{escape(item.evidence[0])}”_" in text
    # The dispute with two quotes says how many more it has.
    assert "(+1 more quote)" in text


def test_quotes_are_escaped_and_cut(aleppo_answer: dict[str, Any]) -> None:
    quote = "<!channel> " + "shelling went on " * 40
    aleppo_answer["situation"]["key_facts"][0]["evidence"] = [quote]
    text = "\n".join(_texts(render_brief(_result(Brief.model_validate(aleppo_answer))).blocks))
    assert "<!channel>" not in text
    line = next(line for line in text.splitlines() if "&lt;!channel&gt;" in line)
    assert line.strip().endswith("…”_")
    assert len(line.strip()) <= 240 + 4


def test_a_partial_brief_opens_with_its_notes_and_lists_what_was_left_out(aleppo: Brief) -> None:
    dropped = [DroppedItem(path=f"parties[{i}]", reason=f"quote {i} not found") for i in range(14)]
    result = _result(
        aleppo, partial=True, dropped=dropped, notes=["Partial brief: 14 items left out."]
    )
    blocks = render_brief(result).blocks
    _check_limits(blocks)
    assert blocks[1]["text"]["text"] == ":warning: *Note:* Partial brief: 14 items left out."
    left_out = blocks[-2]["text"]["text"]
    assert left_out.startswith("*Left out of this partial brief (14)*\n• `parties[0]`: quote 0")
    assert left_out.endswith("_…and 4 more items not shown_")


def test_what_was_left_out_survives_a_brief_too_long_for_one_message(
    aleppo_answer: dict[str, Any],
) -> None:
    aleppo_answer["situation"]["key_facts"] *= 40
    aleppo_answer["parties"] *= 12
    aleppo_answer["disputed_facts"] *= 10
    brief = Brief.model_validate(aleppo_answer)
    dropped = [DroppedItem(path="parties[0]", reason="no quote")]
    blocks = render_brief(_result(brief, partial=True, dropped=dropped)).blocks
    _check_limits(blocks)
    assert blocks[-2]["text"]["text"].startswith("*Left out of this partial brief (1)*")
