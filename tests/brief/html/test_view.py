"""The document view: every item with its quotes, the article cut at the quotes."""

from __future__ import annotations

from typing import Any

from summarizer.brief.html.view import Kind, document_view
from summarizer.brief.schema import Brief


def test_every_item_is_in_the_view_with_its_tag(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    brief = Brief.model_validate(aleppo_answer)
    view = document_view(brief, aleppo_text, prefix="d1-")
    assert [i.tag for i in view.of_kind(Kind.PARTY)] == [f"P{n}" for n in range(1, 8)]
    assert [i.tag for i in view.of_kind(Kind.FIGURE)] == ["F1", "F2"]
    assert view.of_kind(Kind.FIGURE)[0].title == "killed: at least 82 civilians"
    assert ("source", "United Nations") in view.of_kind(Kind.FIGURE)[0].details
    assert view.item(Kind.DISPUTE, 1) is not None and view.item(Kind.DISPUTE, 1).id == "d1-d2"
    assert view.item(Kind.DISPUTE, 2) is None
    assert view.quotes == sum(1 for _ in brief.evidence_quotes())


def test_the_article_is_cut_not_changed(aleppo_answer: dict[str, Any], aleppo_text: str) -> None:
    view = document_view(Brief.model_validate(aleppo_answer), aleppo_text)
    assert "".join(piece.text for piece in view.pieces) == aleppo_text


def test_each_quote_is_marked_exactly(aleppo_answer: dict[str, Any], aleppo_text: str) -> None:
    view = document_view(Brief.model_validate(aleppo_answer), aleppo_text)
    for item in view.items:
        for quote in item.quotes:
            assert quote.span is not None and quote.problem is None
            marked = aleppo_text[quote.span.start : quote.span.end]
            assert " ".join(marked.split()) == " ".join(quote.text.split())
    # A piece inside the UN's figure quote is marked for both figures and the UN party.
    un = next(p for p in view.pieces if p.text.startswith("at least 82 civilians"))
    assert {"f1", "f2"} <= set(un.items)
    assert Kind.FIGURE in un.kinds


def test_quotes_the_grounding_check_rejects_are_flagged(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    aleppo_answer["parties"][0]["evidence"] = ["rebels", "rebels stormed the airport"]
    # A model-built Brief without the article in its context is not checked for grounding.
    view = document_view(Brief.model_validate(aleppo_answer), aleppo_text)
    short, missing = view.of_kind(Kind.PARTY)[0].quotes
    assert short.span is not None and short.problem == "too short to prove anything"
    assert missing.span is None and missing.problem == "not in the article"
    assert [q.text for _, q in view.rejected] == ["rebels", "rebels stormed the airport"]
    assert any(p.rejected for p in view.pieces if "p1" in p.items)
