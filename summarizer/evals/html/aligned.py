"""Gold and prediction side by side, field by field: the scorer's alignment as rows a reviewer
reads — matched (with each attribute error and its reason), missed, extra."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.brief.html.view import DocumentView, ItemView, Kind
from summarizer.brief.schema import Brief
from summarizer.brief.wording import figure_summary
from summarizer.evals.evaluators.alignment import Check, FieldAlignment, Pair, Severity
from summarizer.evals.evaluators.key_facts import candidates
from summarizer.evals.gold import GoldBrief

__all__ = ["AlignedRow", "FieldPanel", "Predicted", "field_panels"]


@dataclass(frozen=True)
class Predicted:
    """A predicted item as the row shows it: its view (tag and quotes) when it has evidence."""

    text: str
    item: ItemView | None = None
    summary: bool = False
    """A sentence (or clause) of the summary, matched as a key fact may be."""


@dataclass(frozen=True)
class AlignedRow:
    """One row: a gold item, a predicted item, or both, with what the scorer said."""

    status: str
    """``matched``, ``minor``, ``misinforms``, ``missed``, ``optional`` or ``extra``."""
    gold: str | None
    predicted: Predicted | None
    similarity: float | None = None
    checks: tuple[Check, ...] = ()
    note: str = ""

    @property
    def lost(self) -> bool:
        """Whether this row cost points (an optional item never does)."""
        return self.status in ("minor", "misinforms", "missed", "extra")


STATUS_WORDS = {
    "matched": ("✓", "matched"),
    "minor": ("≈", "matched, less precise"),
    "misinforms": ("✗", "misinforms"),
    "missed": ("−", "missed"),
    "optional": ("○", "optional, not found (no cost)"),
    "extra": ("+", "extra"),
}
"""An icon and words for each status: colour is never the only sign."""


@dataclass(frozen=True)
class FieldPanel:
    """One field of one document in one run."""

    key: str
    label: str
    rows: tuple[AlignedRow, ...]

    @property
    def lost(self) -> int:
        """Rows that cost points."""
        return sum(row.lost for row in self.rows)


def _gold_texts(gold: GoldBrief) -> dict[str, list[str]]:
    parties = [
        f"{p.name}{' (' + ', '.join(p.aliases) + ')' if p.aliases else ''} · "
        f"{p.type.value.replace('_', ' ')} · {p.side.value}"
        for p in gold.parties
    ]
    figures = [
        figure_summary(f, f.category.value.replace("_", " "), f.source)
        + (f" · {f.date.isoformat()}" if f.date else "")
        for f in gold.figures
    ]
    disputes = [
        f"{d.claim} · {d.status.value} · claimed by {', '.join(d.claimed_by)}"
        + (f" · disputed by {', '.join(d.disputed_by)}" if d.disputed_by else "")
        + (f" · they say: {d.counter_claim}" if d.counter_claim else "")
        for d in gold.disputed_facts
    ]
    return {
        "parties": parties,
        "figures": figures,
        "disputes": disputes,
        "key_facts": [k.fact for k in gold.key_facts],
        "locations": list(gold.locations),
        "event_dates": [f"{e.date.isoformat()}: {e.event}" for e in gold.event_dates],
    }


def _items(kind: Kind, view: DocumentView) -> list[Predicted]:
    return [Predicted(item.title, item) for item in view.of_kind(kind)]


def _key_facts(
    brief: Brief, view: DocumentView, notes: dict[int, str]
) -> tuple[list[Predicted], list[AlignedRow]]:
    """The statements key facts are matched from (key facts, then summary sentences and their
    clauses: the alignment's predicted indexes), and rows for the key facts the scorer left
    out of matching (``notes``, by key-fact index)."""
    found, _, _ = candidates(brief.situation)
    statements = {f.statement: i for i, f in enumerate(brief.situation.key_facts)}
    predicted = [
        Predicted(text, view.item(Kind.KEY_FACT, statements[text]))
        if text in statements
        else Predicted(f"(summary) {text}", summary=True)
        for text in found
    ]
    left_out = [
        AlignedRow("extra", None, Predicted(item.title, item), note=note)
        for i, note in notes.items()
        if (item := view.item(Kind.KEY_FACT, i)) is not None
    ]
    return predicted, left_out


def _predicted(
    brief: Brief, view: DocumentView, notes: dict[int, str]
) -> tuple[dict[str, list[Predicted]], list[AlignedRow]]:
    key_facts, left_out = _key_facts(brief, view, notes)
    situation = brief.situation
    predicted = {
        "parties": _items(Kind.PARTY, view),
        "figures": _items(Kind.FIGURE, view),
        "disputes": _items(Kind.DISPUTE, view),
        "key_facts": key_facts,
        "locations": [Predicted(p) for p in situation.locations],
        "event_dates": [
            Predicted(f"{e.date.isoformat()}: {e.event}") for e in situation.event_dates
        ],
    }
    return predicted, left_out


def _status(pair: Pair) -> str:
    if pair.misinforms:
        return "misinforms"
    if not pair.optional and any(c.severity is Severity.MINOR for c in pair.checks):
        return "minor"
    return "matched"


def _rows(
    alignment: FieldAlignment,
    gold: Sequence[str],
    predicted: Sequence[Predicted],
) -> list[AlignedRow]:
    def at(items: Sequence[Predicted], i: int) -> Predicted:
        return items[i] if 0 <= i < len(items) else Predicted(f"(item {i})")

    def gold_at(j: int) -> str:
        return gold[j] if 0 <= j < len(gold) else f"(gold item {j})"

    rows = [
        AlignedRow(
            _status(p),
            gold_at(p.gold),
            at(predicted, p.predicted),
            p.similarity,
            tuple(c for c in p.checks if not c.ok),
        )
        for p in alignment.pairs
    ]
    rows += [AlignedRow("missed", gold_at(j), None) for j in alignment.missed]
    rows += [AlignedRow("optional", gold_at(j), None) for j in alignment.missed_optional]
    # Only items the brief lists count as extra: a summary sentence that states no gold key
    # fact costs nothing (key-fact precision counts key facts alone), so it is not shown.
    rows += [
        AlignedRow("extra", None, at(predicted, i))
        for i in alignment.extra
        if not at(predicted, i).summary
    ]
    return rows


_LABELS = {
    "parties": "Parties",
    "figures": "Humanitarian figures",
    "disputes": "Disputed facts",
    "key_facts": "Key facts (and summary sentences)",
    "locations": "Locations",
    "event_dates": "Event dates",
}


def field_panels(
    alignment: dict[str, FieldAlignment],
    gold: GoldBrief,
    brief: Brief | None,
    view: DocumentView | None,
) -> list[FieldPanel]:
    """Every aligned field of one document, gold beside prediction (a failed document has
    no alignment, hence no panel)."""
    golds = _gold_texts(gold)
    predicted: dict[str, list[Predicted]] = {}
    left_out: list[AlignedRow] = []
    if brief is not None and view is not None:
        key_facts = alignment.get("key_facts")
        predicted, left_out = _predicted(brief, view, key_facts.notes if key_facts else {})
    panels = []
    for key, label in _LABELS.items():
        if key not in alignment:
            continue
        rows = _rows(alignment[key], golds[key], predicted.get(key, []))
        if key == "key_facts":
            rows += left_out
        panels.append(FieldPanel(key, label, tuple(rows)))
    return panels
