"""Renderers: a result as JSON (the pydantic model), as a readable Markdown brief, or as an
HTML page (:mod:`summarizer.brief.html`).

Every output shows the evidence: in Markdown each item is followed by its quotes on one
compact line (``> “...” · “...”``), and the parties' quotes follow their table, so a reader
can check any item against the article in a terminal or on GitHub alike.
"""

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
from summarizer.brief.wording import figure_amount, provenance_parts


def render_html(result: BriefResult, article: str, *, title: str = "Brief") -> str:
    """One self-contained page: the brief beside ``article``, every quote marked in it
    (see :func:`summarizer.brief.html.render_html`)."""
    from summarizer.brief.html import render_html as page

    return page(result, article, title=title)


__all__ = ["render_html", "render_json", "render_markdown"]


def render_json(result: BriefResult, *, indent: int | None = 2) -> str:
    """The whole result (brief, model, usage, ...) as JSON."""
    return result.model_dump_json(indent=indent)


def _cell(text: str) -> str:
    # A pipe or newline inside a table cell would break the Markdown table.
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _quoted(evidence: list[str], indent: str = "  ") -> list[str]:
    """The item's quotes on one line under it, as a quotation: whitespace folded, so a
    quote spanning paragraphs stays one line (and one quotation)."""
    if not evidence:
        return []
    quotes = " · ".join(f"“{' '.join(quote.split())}”" for quote in evidence)
    return [f"{indent}> {quotes}"]


def _item(text: str, evidence: list[str]) -> list[str]:
    """A bullet and its quotes. A statement that is itself one of its quotes (an extractive
    brief's) is printed once, in quotation marks, not a second time as its evidence."""
    said = " ".join(text.split())
    others = [quote for quote in evidence if " ".join(quote.split()) != said]
    if len(others) < len(evidence):
        return [f"- “{said}”", *_quoted(others)]
    return [f"- {text}", *_quoted(evidence)]


def _bullets(heading: str, items: list[tuple[str, list[str]]]) -> list[str]:
    """A heading, each ``(text, evidence)`` as a bullet with its quotes, then a blank line;
    nothing at all when there are no items."""
    if not items:
        return []
    lines = [heading, ""]
    for text, evidence in items:
        lines += _item(text, evidence)
    return [*lines, ""]


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
    lines += _bullets("### Key facts", [(f.statement, f.evidence) for f in situation.key_facts])
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
    lines += ["", "Evidence:", ""]
    for party in parties:
        lines += [f"- **{party.name}**", *_quoted(party.evidence)]
    return [*lines, ""]


def _humanitarian(humanitarian: HumanitarianStatus) -> list[str]:
    lines = ["## Humanitarian status", ""]
    if humanitarian.figures:
        for figure in humanitarian.figures:
            lines += [_figure_line(figure), *_quoted(figure.evidence)]
    else:
        lines.append("The article gives no humanitarian figures.")
    lines.append("")
    for title, statements in (
        ("Evacuation", humanitarian.evacuation),
        ("Access", humanitarian.access),
        ("Needs", humanitarian.needs),
    ):
        lines += _bullets(f"### {title}", [(s.text, s.evidence) for s in statements])
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
        lines += _quoted(fact.evidence)
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
    made = provenance_parts(result)
    tokens = made.tokens + (f", {made.cost}" if made.cost else "")
    lines.append(f"_{' · '.join([*made.made_by, tokens, made.latency])}_")
    return "\n".join(lines).rstrip() + "\n"
