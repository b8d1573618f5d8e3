"""A brief beside its article, as data a page template can walk: items with their quotes,
and the article cut into stretches marked with the quotes that cover them.

One view serves the brief page (``summarizer brief --format html``) and every document of
the eval page, so evidence is shown the same way wherever it is read. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from summarizer.brief.grounding import is_long_enough
from summarizer.brief.html.evidence import Folded, Span, fold, locate, segments
from summarizer.brief.schema import Brief, DisputedFact, Figure, KeyFact, Party, Statement
from summarizer.brief.wording import figure_amount

__all__ = ["DocumentView", "ItemView", "Kind", "Piece", "QuoteView", "document_view"]


class Kind(StrEnum):
    """The kinds of item that carry evidence; each has a letter and a colour on the page."""

    KEY_FACT = "key_fact"
    PARTY = "party"
    FIGURE = "figure"
    STATEMENT = "statement"
    DISPUTE = "dispute"

    @property
    def letter(self) -> str:
        """The tag letter shown beside colour (K1, P2, ...), so colour is never needed."""
        return _LETTERS[self]

    @property
    def heading(self) -> str:
        """The section heading for items of this kind."""
        return _HEADINGS[self]


_LETTERS = {
    Kind.KEY_FACT: "K",
    Kind.PARTY: "P",
    Kind.FIGURE: "F",
    Kind.STATEMENT: "S",
    Kind.DISPUTE: "D",
}
_HEADINGS = {
    Kind.KEY_FACT: "Key facts",
    Kind.PARTY: "Parties",
    Kind.FIGURE: "Humanitarian figures",
    Kind.STATEMENT: "Evacuation, access and needs",
    Kind.DISPUTE: "Disputed facts",
}


@dataclass(frozen=True)
class QuoteView:
    """One evidence quote: where it is in the article, and whether grounding accepts it."""

    id: str
    text: str
    span: Span | None

    @property
    def problem(self) -> str | None:
        """Why the grounding check rejects this quote, or None when it accepts it."""
        if self.span is None:
            return "not in the article"
        if not is_long_enough(self.text):
            return "too short to prove anything"
        return None


@dataclass(frozen=True)
class ItemView:
    """One item of the brief (a party, a figure, ...) with its evidence."""

    id: str
    kind: Kind
    index: int
    path: str
    title: str
    details: tuple[tuple[str, str], ...]
    quotes: tuple[QuoteView, ...]

    @property
    def tag(self) -> str:
        """``P3``: the kind's letter and the item's number within its kind (from 1)."""
        return f"{self.kind.letter}{self.number}"

    @property
    def number(self) -> int:
        """The item's number within its kind, from 1."""
        return self.index + 1


@dataclass(frozen=True)
class Piece:
    """A stretch of the article: plain text, or covered by the quotes of some items."""

    text: str
    items: tuple[str, ...] = ()
    kinds: tuple[Kind, ...] = ()
    rejected: bool = False
    starts: tuple[tuple[QuoteView, ItemView], ...] = ()


@dataclass(frozen=True)
class DocumentView:
    """A brief and its article, ready for a template."""

    prefix: str
    items: tuple[ItemView, ...]
    pieces: tuple[Piece, ...]

    def of_kind(self, kind: Kind) -> list[ItemView]:
        """The items of ``kind``, in brief order."""
        return [item for item in self.items if item.kind is kind]

    def groups(self) -> list[tuple[Kind, list[ItemView]]]:
        """Every kind with its items (empty kinds included, so a page can say "none")."""
        return [(kind, self.of_kind(kind)) for kind in Kind]

    def item(self, kind: Kind, index: int) -> ItemView | None:
        """The ``index``-th item of ``kind`` (0-based), when the brief has it."""
        found = self.of_kind(kind)
        return found[index] if 0 <= index < len(found) else None

    @property
    def quotes(self) -> int:
        """How many evidence quotes the brief has."""
        return sum(len(item.quotes) for item in self.items)

    @property
    def rejected(self) -> list[tuple[ItemView, QuoteView]]:
        """Quotes the grounding check rejects, with their items."""
        return [(i, q) for i in self.items for q in i.quotes if q.problem is not None]


def _party(party: Party) -> tuple[str, tuple[tuple[str, str], ...]]:
    details = [("type", party.type.value.replace("_", " ")), ("side", party.side.value)]
    if party.aliases:
        details.insert(0, ("also", ", ".join(party.aliases)))
    details.append(("role", party.role))
    if party.representatives:
        people = ", ".join(
            f"{p.name} ({p.title})" if p.title else p.name for p in party.representatives
        )
        details.append(("speaking", people))
    return party.name, tuple(details)


def _figure(figure: Figure) -> tuple[str, tuple[tuple[str, str], ...]]:
    amount = figure_amount(figure, thousands=True) or "an unspecified number of"
    category = figure.category.value.replace("_", " ")
    details = [("source", figure.source or "unattributed")]
    if figure.date:
        details.append(("as of", figure.date.isoformat()))
    return f"{category}: {amount} {figure.population}", tuple(details)


def _dispute(fact: DisputedFact) -> tuple[str, tuple[tuple[str, str], ...]]:
    details = [
        ("status", fact.status.value),
        ("claimed by", ", ".join(fact.claimed_by)),
        ("disputed by", ", ".join(fact.disputed_by) or "nobody in the article"),
    ]
    if fact.counter_claim:
        details.append(("counter-claim", fact.counter_claim))
    return fact.claim, tuple(details)


def _statement(group: str, statement: Statement) -> tuple[str, tuple[tuple[str, str], ...]]:
    return statement.text, (("about", group),)


def _key_fact(fact: KeyFact) -> tuple[str, tuple[tuple[str, str], ...]]:
    return fact.statement, ()


def _entries(
    brief: Brief,
) -> list[tuple[Kind, str, tuple[str, tuple[tuple[str, str], ...]], list[str]]]:
    """(kind, path, (title, details), evidence) for every item, in reading order."""
    found: list[tuple[Kind, str, tuple[str, tuple[tuple[str, str], ...]], list[str]]] = []
    for i, fact in enumerate(brief.situation.key_facts):
        found.append((Kind.KEY_FACT, f"situation.key_facts[{i}]", _key_fact(fact), fact.evidence))
    for i, party in enumerate(brief.parties):
        found.append((Kind.PARTY, f"parties[{i}]", _party(party), party.evidence))
    for i, figure in enumerate(brief.humanitarian.figures):
        found.append((Kind.FIGURE, f"humanitarian.figures[{i}]", _figure(figure), figure.evidence))
    for group in ("evacuation", "access", "needs"):
        statements: list[Statement] = getattr(brief.humanitarian, group)
        for i, statement in enumerate(statements):
            words = _statement(group, statement)
            found.append((Kind.STATEMENT, f"humanitarian.{group}[{i}]", words, statement.evidence))
    for i, dispute in enumerate(brief.disputed_facts):
        found.append((Kind.DISPUTE, f"disputed_facts[{i}]", _dispute(dispute), dispute.evidence))
    return found


def _items(brief: Brief, article: str, folded: Folded, prefix: str) -> list[ItemView]:
    items: list[ItemView] = []
    counts = dict.fromkeys(Kind, 0)
    for kind, path, (title, details), evidence in _entries(brief):
        index = counts[kind]
        counts[kind] += 1
        item_id = f"{prefix}{kind.letter.lower()}{index + 1}"
        quotes = tuple(
            QuoteView(f"{item_id}-q{j + 1}", quote, locate(quote, article, folded=folded))
            for j, quote in enumerate(evidence)
        )
        items.append(ItemView(item_id, kind, index, path, title, details, quotes))
    return items


def _pieces(article: str, items: Sequence[ItemView]) -> list[Piece]:
    owner = {q.id: (q, item) for item in items for q in item.quotes}
    spans = [(q.id, q.span) for item in items for q in item.quotes if q.span is not None]
    pieces: list[Piece] = []
    for segment in segments(article, spans):
        covering = [owner[q] for q in segment.marks]
        pieces.append(
            Piece(
                text=segment.text,
                items=tuple(dict.fromkeys(item.id for _, item in covering)),
                kinds=tuple(dict.fromkeys(item.kind for _, item in covering)),
                rejected=any(q.problem is not None for q, _ in covering),
                starts=tuple(owner[q] for q in segment.starts),
            )
        )
    return pieces


def document_view(brief: Brief, article: str, *, prefix: str = "") -> DocumentView:
    """The view of ``brief`` beside ``article``; ``prefix`` keeps ids unique on a page that
    shows several documents."""
    folded = fold(article)
    items = _items(brief, article, folded, prefix)
    return DocumentView(prefix, tuple(items), tuple(_pieces(article, items)))
