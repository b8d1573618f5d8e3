"""Render a :class:`~summarizer.brief.result.BriefResult` as a Slack Block Kit message.

Pure functions: no Slack client, no I/O, so the output is snapshot-tested.

Everything that comes from the article (or the model reading it) is escaped for mrkdwn
(``&``, ``<``, ``>``), so an article containing ``<!channel>`` or ``<https://evil|bank>``
shows those characters instead of pinging a channel or forging a link. Every mrkdwn object
is marked ``verbatim`` so Slack does not turn bare names, channels or URLs in that text into
mentions or links either; the source URL is percent-encoded before it is linked, so a ``|``
in it cannot supply the link's label. Slack rejects a
message that breaks a Block Kit limit, so every limit is enforced here: at most 50 blocks,
3,000 characters per section text, 150 per header; long lists are cut with a count of what
was left out, never by failing the post.

Every item shows its evidence: the first quote, in italics under the item (cut to
:data:`QUOTE_LIMIT` characters, with how many more quotes it has), so a reader in the channel
can check what the brief says against the article. A partial brief opens with its notes and
ends with what was left out and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from summarizer.brief.result import BriefResult
from summarizer.brief.schema import Brief, DisputedFact, Figure, FigureCategory, Party, Statement

__all__ = [
    "HEADER_LIMIT",
    "MAX_BLOCKS",
    "SECTION_LIMIT",
    "SlackMessage",
    "cut",
    "escape",
    "render_brief",
    "render_notice",
    "render_working",
]

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
HEADER_LIMIT = 150
CONTEXT_ELEMENT_LIMIT = 3000
FALLBACK_LIMIT = 300
QUOTE_LIMIT = 240

# Beyond these, a list is no longer a brief; the rest is summarised as "and N more".
MAX_KEY_FACTS = 10
MAX_PARTIES = 25
MAX_FIGURES = 20
MAX_STATEMENTS = 8
MAX_DISPUTES = 15
MAX_SUMMARY_SECTIONS = 2
MAX_DROPPED = 10

Block = dict[str, Any]

_CATEGORY_WORDS: dict[FigureCategory, str] = {
    FigureCategory.KILLED: "killed",
    FigureCategory.INJURED: "injured",
    FigureCategory.MISSING: "missing",
    FigureCategory.DISPLACED: "displaced",
    FigureCategory.EVACUATED: "evacuated",
    FigureCategory.BESIEGED: "besieged",
    FigureCategory.DETAINED: "detained",
    FigureCategory.IN_NEED: "in need",
    FigureCategory.AFFECTED: "affected",
    FigureCategory.OTHER: "(other)",
}


@dataclass(frozen=True)
class SlackMessage:
    """What ``chat.postMessage`` / ``chat.update`` need: blocks and the notification text."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters.

    >>> escape("<!channel> & <https://evil.example|your bank>")
    '&lt;!channel&gt; &amp; &lt;https://evil.example|your bank&gt;'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(text: str, limit: int) -> str:
    """Shorten already-escaped ``text`` to ``limit`` characters, ending in an ellipsis.

    Cuts at a word boundary when one is near, and never inside an ``&amp;``-style entity.
    """
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    amp = head.rfind("&", max(0, len(head) - 5))
    if amp != -1 and ";" not in head[amp:]:
        head = head[:amp]
    space = head.rfind(" ", max(0, len(head) - 40))
    if space > 0:
        head = head[:space]
    return head.rstrip() + "…"


def _plain(text: str, limit: int) -> str:
    """Text for a ``plain_text`` object: Slack does not parse it, but keep it tame anyway."""
    flat = " ".join(text.split()).replace("<", "‹").replace(">", "›")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# Characters a URL may keep as they are inside ``<url|label>``: the reserved ones and ``%``
# (so an already-encoded URL is not encoded twice). Everything else, notably ``|``, space,
# ``<``, ``>`` and non-ASCII, is percent-encoded.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"


def _mrkdwn(text: str) -> Block:
    """A mrkdwn text object; ``verbatim`` stops Slack's own linking of names and URLs."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _link_target(url: str) -> str:
    """``url`` made safe to put before the ``|`` of a Slack link, then mrkdwn-escaped.

    >>> _link_target("https://x.example/a?b=1|Reuters: UN statement")
    'https://x.example/a?b=1%7CReuters:%20UN%20statement'
    """
    return escape(quote(url, safe=_URL_SAFE))


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(cut(text, SECTION_LIMIT))}


def _divider() -> Block:
    return {"type": "divider"}


def _pack(title: str, lines: Sequence[str]) -> list[Block]:
    """Lines under a bold title, packed into as few sections as the size limit allows."""
    blocks: list[Block] = []
    current = f"*{title}*"
    for line in lines:
        line = cut(line, SECTION_LIMIT - 20)
        if len(current) + 1 + len(line) > SECTION_LIMIT:
            blocks.append(_section(current))
            current = line
        else:
            current = f"{current}\n{line}"
    blocks.append(_section(current))
    return blocks


def _capped(lines: list[str], total: int, cap: int, noun: str) -> list[str]:
    if total > cap:
        lines = [*lines[:cap], f"_…and {total - cap} more {noun} not shown_"]
    return lines


def _quote(evidence: Sequence[str]) -> str:
    """The first quote under its item, and how many more the item has."""
    if not evidence:
        return ""
    line = f"\n      _“{cut(escape(' '.join(evidence[0].split())), QUOTE_LIMIT)}”_"
    if len(evidence) > 1:
        more = len(evidence) - 1
        line += f" (+{more} more quote{'s' if more > 1 else ''})"
    return line


def _party_line(party: Party) -> str:
    line = f"• *{escape(party.name)}*"
    if party.aliases:
        line += f" (also {escape(', '.join(party.aliases))})"
    kind = party.type.value.replace("_", " ")
    line += f" — {kind}, {party.side.value}. {escape(party.role)}"
    if party.representatives:
        people = ", ".join(
            escape(f"{r.name} ({r.title})" if r.title else r.name) for r in party.representatives
        )
        line += f" _Speaking: {people}_"
    return line + _quote(party.evidence)


def _figure_line(figure: Figure) -> str:
    amount = " ".join(
        part
        for part in (figure.qualifier, f"{figure.count:,}" if figure.count is not None else None)
        if part
    )
    what = f"{escape(figure.population)} {_CATEGORY_WORDS[figure.category]}"
    line = f"• *{escape(amount)}* {what}" if amount else f"• {what} (no number given)"
    source = escape(figure.source) if figure.source else "_source not stated_"
    line += f" — {source}"
    if figure.date is not None:
        line += f", {figure.date.isoformat()}"
    return line + _quote(figure.evidence)


def _statement_lines(label: str, statements: Sequence[Statement]) -> list[str]:
    lines = [
        f"• _{label}:_ {escape(s.text)}{_quote(s.evidence)}" for s in statements[:MAX_STATEMENTS]
    ]
    return _capped(lines, len(statements), MAX_STATEMENTS, f"{label.lower()} statements")


def _dispute_line(fact: DisputedFact) -> str:
    line = f"• {escape(fact.claim)} — *{fact.status.value}*"
    line += f"\n      claimed by {escape(', '.join(fact.claimed_by))}"
    if fact.disputed_by:
        line += f"; disputed by {escape(', '.join(fact.disputed_by))}"
    if fact.counter_claim:
        line += f"; they say: {escape(fact.counter_claim)}"
    return line + _quote(fact.evidence)


def _summary_sections(summary: str) -> list[Block]:
    text = escape(" ".join(summary.split()))
    chunks: list[str] = []
    while text and len(chunks) < MAX_SUMMARY_SECTIONS:
        if len(text) <= SECTION_LIMIT or len(chunks) == MAX_SUMMARY_SECTIONS - 1:
            chunks.append(cut(text, SECTION_LIMIT))
            break
        head = cut(text, SECTION_LIMIT).removesuffix("…")
        chunks.append(head)
        text = text[len(head) :].lstrip()
    return [_section(chunk) for chunk in chunks]


def _where_when(brief: Brief) -> str | None:
    parts: list[str] = []
    if brief.situation.locations:
        parts.append("*Where:* " + escape(", ".join(brief.situation.locations)))
    if brief.situation.reporting_date is not None:
        parts.append(f"*Reported:* {brief.situation.reporting_date.isoformat()}")
    if brief.situation.event_dates:
        dated = "; ".join(
            f"{d.date.isoformat()} {escape(d.event)}" for d in brief.situation.event_dates[:5]
        )
        parts.append(f"*When:* {dated}")
    return "   ".join(parts) if parts else None


def _provenance(result: BriefResult, source_url: str | None) -> list[Block]:
    if result.backend == "offline":
        who = ":card_index_dividers: offline extractive backend (no model configured)"
    else:
        who = f":robot_face: {escape(result.model)}"
    facts = [who, f"{result.latency_s:.1f} s"]
    usage = result.usage
    if usage.total_tokens:
        facts.append(
            f"{usage.total_tokens:,} tokens ({usage.prompt_tokens:,} in, "
            f"{usage.completion_tokens:,} out)"
        )
    elif result.backend != "offline":
        facts.append("tokens not reported")
    if result.attempts > 1:
        facts.append(f"{result.attempts} attempts")
    if result.cost_usd is not None:
        facts.append(f"${result.cost_usd:.4f}")
    facts.append(f"prompt {escape(result.prompt_version)}")
    elements = [_mrkdwn(cut(" · ".join(facts), CONTEXT_ELEMENT_LIMIT))]
    if source_url:
        host = urlsplit(source_url).hostname or "source"
        link = f"Source: <{_link_target(source_url)}|{escape(host)}>"
        if len(link) > CONTEXT_ELEMENT_LIMIT:
            link = f"Source: {escape(host)}"
        elements.append(_mrkdwn(link))
    return [{"type": "context", "elements": elements}]


def _notes(result: BriefResult) -> list[Block]:
    """The result's notes (a partial brief, the offline backend's English-only rule, text
    addressed to AI systems), one per line, before the brief."""
    if not result.notes:
        return []
    return [_section("\n".join(f":warning: *Note:* {escape(note)}" for note in result.notes))]


def _dropped(result: BriefResult) -> list[Block]:
    """What a partial brief left out, and why (the first :data:`MAX_DROPPED`)."""
    if not result.dropped:
        return []
    lines = [
        f"• `{escape(item.path)}`: {cut(escape(item.reason), QUOTE_LIMIT)}"
        for item in result.dropped[:MAX_DROPPED]
    ]
    lines = _capped(lines, len(result.dropped), MAX_DROPPED, "items")
    return _pack(f"Left out of this partial brief ({len(result.dropped)})", lines)[:1]


def _sections(brief: Brief) -> Iterable[list[Block]]:
    """The brief's parts in reading order; each is a group of blocks."""
    situation = brief.situation
    yield _summary_sections(situation.summary)
    where_when = _where_when(brief)
    if where_when:
        yield [_section(where_when)]
    if situation.key_facts:
        facts = [
            f"• {escape(f.statement)}{_quote(f.evidence)}"
            for f in situation.key_facts[:MAX_KEY_FACTS]
        ]
        facts = _capped(facts, len(situation.key_facts), MAX_KEY_FACTS, "facts")
        yield [_divider(), *_pack("Key facts", facts)]
    if brief.parties:
        parties = [_party_line(p) for p in brief.parties[:MAX_PARTIES]]
        parties = _capped(parties, len(brief.parties), MAX_PARTIES, "parties")
        yield [_divider(), *_pack(f"Parties ({len(brief.parties)})", parties)]
    humanitarian = brief.humanitarian
    figures = [_figure_line(f) for f in humanitarian.figures[:MAX_FIGURES]]
    figures = _capped(figures, len(humanitarian.figures), MAX_FIGURES, "figures")
    statements = [
        *_statement_lines("Evacuation", humanitarian.evacuation),
        *_statement_lines("Access", humanitarian.access),
        *_statement_lines("Needs", humanitarian.needs),
    ]
    if figures or statements:
        yield [_divider(), *_pack("Humanitarian figures", figures + statements)]
    if brief.disputed_facts:
        disputes = [_dispute_line(d) for d in brief.disputed_facts[:MAX_DISPUTES]]
        disputes = _capped(disputes, len(brief.disputed_facts), MAX_DISPUTES, "disputed facts")
        yield [_divider(), *_pack("Disputed facts", disputes)]


def render_brief(
    result: BriefResult, *, title: str | None = None, source_url: str | None = None
) -> SlackMessage:
    """The Block Kit message for one brief, within every Block Kit limit.

    ``title`` (e.g. the fetched page's title) heads the message; ``source_url`` is linked
    in the context line.
    """
    brief = result.brief
    place = brief.situation.locations[0] if brief.situation.locations else None
    heading = title or (f"Brief: {place}" if place else "Brief")
    header: Block = {
        "type": "header",
        "text": {"type": "plain_text", "text": _plain(heading, HEADER_LIMIT), "emoji": True},
    }
    # What was left out is part of the footer, so a long brief can never push it out.
    footer = [*_dropped(result), *_provenance(result, source_url)]
    room = MAX_BLOCKS - 1 - len(footer)
    body: list[Block] = _notes(result)
    for group in _sections(brief):
        body.extend(group)
    if len(body) > room:
        body = body[: room - 1]
        body.append(_section("_…the brief was too long for one Slack message; the rest is cut._"))
    fallback = cut(escape("Brief: " + " ".join(brief.situation.summary.split())), FALLBACK_LIMIT)
    return SlackMessage(text=fallback, blocks=[header, *body, *footer])


def render_notice(text: str, *, emoji: str = "") -> SlackMessage:
    """A one-section message (working, error); ``text`` is escaped here."""
    shown = f"{emoji} {escape(text)}" if emoji else escape(text)
    return SlackMessage(text=cut(shown, FALLBACK_LIMIT), blocks=[_section(shown)])


def render_working(safe_mrkdwn: str) -> SlackMessage:
    """The placeholder shown while a brief is written; ``safe_mrkdwn`` must hold no article text."""
    text = f":hourglass_flowing_sand: {safe_mrkdwn}"
    return SlackMessage(
        text=cut(text, FALLBACK_LIMIT),
        blocks=[{"type": "context", "elements": [_mrkdwn(cut(text, CONTEXT_ELEMENT_LIMIT))]}],
    )
