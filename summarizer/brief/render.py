"""Renderers: a result as JSON (the pydantic model) or as a readable Markdown brief."""

from __future__ import annotations

from summarizer.brief.result import BriefResult
from summarizer.brief.schema import (
    Brief,
    DisputedFact,
    Figure,
    HumanitarianStatus,
    Party,
    Situation,
)
from summarizer.brief.wording import figure_amount

__all__ = ["render_json", "render_markdown"]


def render_json(result: BriefResult, *, indent: int | None = 2) -> str:
    """The whole result (brief, model, usage, ...) as JSON."""
    return result.model_dump_json(indent=indent)


def _cell(text: str) -> str:
    # A pipe or newline inside a table cell would break the Markdown table.
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _figure_line(figure: Figure) -> str:
    amount = figure_amount(figure) or "unspecified number of"
    line = f"- **{figure.category.value.replace('_', ' ')}**: {amount} {figure.population}"
    details = []
    details.append(f"source: {figure.source}" if figure.source else "source: unattributed")
    if figure.date:
        details.append(f"as of {figure.date.isoformat()}")
    return line + f" ({'; '.join(details)})"


def _situation(situation: Situation) -> list[str]:
    lines = ["## Situation", "", situation.summary, ""]
    meta = []
    if situation.locations:
        meta.append(f"**Where:** {', '.join(situation.locations)}")
    if situation.reporting_date:
        meta.append(f"**Reported:** {situation.reporting_date.isoformat()}")
    if meta:
        lines += ["  \n".join(meta), ""]
    if situation.event_dates:
        lines += ["**When:**", ""]
        for event in situation.event_dates:
            said = f' ("{event.expression}")' if event.expression else ""
            lines.append(f"- {event.date.isoformat()}{said}: {event.event}")
        lines.append("")
    if situation.key_facts:
        lines += ["### Key facts", ""]
        lines += [f"- {fact.statement}" for fact in situation.key_facts]
        lines.append("")
    return lines


def _parties(parties: list[Party]) -> list[str]:
    lines = ["## Parties", ""]
    if not parties:
        return [*lines, "No parties identified.", ""]
    lines += ["| Party | Type | Side | Role | Representatives |", "|---|---|---|---|---|"]
    for party in parties:
        name = party.name + (f" ({', '.join(party.aliases)})" if party.aliases else "")
        people = ", ".join(
            f"{p.name}, {p.title}" if p.title else p.name for p in party.representatives
        )
        row = [name, party.type.value.replace("_", " "), party.side.value, party.role, people]
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return [*lines, ""]


def _humanitarian(humanitarian: HumanitarianStatus) -> list[str]:
    lines = ["## Humanitarian status", ""]
    if humanitarian.figures:
        lines += [_figure_line(f) for f in humanitarian.figures]
    else:
        lines.append("The article gives no humanitarian figures.")
    lines.append("")
    for title, statements in (
        ("Evacuation", humanitarian.evacuation),
        ("Access", humanitarian.access),
        ("Needs", humanitarian.needs),
    ):
        if statements:
            lines += [f"### {title}", ""]
            lines += [f"- {s.text}" for s in statements]
            lines.append("")
    return lines


def _disputes(disputes: list[DisputedFact]) -> list[str]:
    lines = ["## Disputed facts", ""]
    if not disputes:
        return [*lines, "No disputed claims reported.", ""]
    for fact in disputes:
        lines += [
            f"- **Claim:** {fact.claim}",
            f"  - **Claimed by:** {', '.join(fact.claimed_by)}",
            f"  - **Disputed by:** {', '.join(fact.disputed_by) or 'nobody in the article'}",
        ]
        if fact.counter_claim:
            lines.append(f"  - **Counter-claim:** {fact.counter_claim}")
        lines.append(f"  - **Status:** {fact.status.value}")
    return [*lines, ""]


def _markdown_brief(brief: Brief) -> list[str]:
    return [
        *_situation(brief.situation),
        *_parties(brief.parties),
        *_humanitarian(brief.humanitarian),
        *_disputes(brief.disputed_facts),
    ]


def _dropped(result: BriefResult) -> list[str]:
    if not result.dropped:
        return []
    lines = ["## Left out of this partial brief", ""]
    lines += [f"- `{item.path}`: {_cell(item.reason)}" for item in result.dropped]
    return [*lines, ""]


def render_markdown(result: BriefResult, *, title: str = "Brief") -> str:
    """A readable brief: headings, a party table, figures with sources, disputes.

    Ends with a provenance line (backend, model, prompt version, attempts, tokens, latency).
    """
    lines = [f"# {title}", ""]
    lines += [f"> **Note:** {note}" for note in result.notes]
    if result.notes:
        lines.append("")
    lines += _markdown_brief(result.brief)
    lines += _dropped(result)
    usage = result.usage
    cost = f", ~${result.cost_usd:.4f}" if result.cost_usd is not None else ""
    lines.append(
        f"_{result.backend} · {result.model} · prompt {result.prompt_version} · "
        f"{result.attempts} attempt(s) · {usage.total_tokens} tokens{cost} · "
        f"{result.latency_s:.2f} s_"
    )
    return "\n".join(lines).rstrip() + "\n"
