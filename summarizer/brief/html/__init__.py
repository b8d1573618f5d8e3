"""HTML pages of briefs: the brief beside its article, every evidence quote marked.

:func:`render_html` is the page of ``summarizer brief --format html``; the document view it
is built from (:mod:`.view`, ``templates/_document.html.j2``, ``static/``) is the one the
eval page shows for each document.
"""

from __future__ import annotations

from summarizer.brief.html.page import environment
from summarizer.brief.html.view import document_view
from summarizer.brief.result import BriefResult
from summarizer.brief.wording import provenance_parts

__all__ = ["provenance", "render_html"]


def provenance(result: BriefResult) -> str:
    """Who made the brief and what it cost, in one line (as the Markdown brief ends)."""
    made = provenance_parts(result)
    cost = [made.cost] if made.cost else []
    partial = ["partial"] if result.partial else []
    return " · ".join([*made.made_by, made.tokens, *cost, made.latency, *partial])


def render_html(result: BriefResult, article: str, *, title: str = "Brief") -> str:
    """One self-contained page: the brief beside ``article`` (the text it was made from),
    every quote marked in the article and linked to its item; notes and, for a partial
    brief, what was left out and why."""
    view = document_view(result.brief, article)
    template = environment().get_template("brief.html.j2")
    return template.render(
        title=title, result=result, brief=result.brief, view=view, provenance=provenance(result)
    )
