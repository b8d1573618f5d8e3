"""Partial briefs: when a model cannot ground everything, keep what is grounded.

After the last re-ask, the model's last well-formed answer is cut down to what passes every
grounding rule: an item whose evidence, count, names or numbers fail is dropped whole (a
party, a figure, a key fact, a statement, a dispute, a location, an event date, a
representative), a dispute that loses one of its parties goes with it, and a summary keeps
only its sentences that state no invented number. Each cut is listed with its path and the
reason, so a reader knows what is missing and why. What remains is grounded by the same
rules as a complete brief (it is validated again at the end).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import from_json

from summarizer.brief.grounding import Problem, check_grounding
from summarizer.brief.schema import Brief
from summarizer.brief.text import line_sentences

__all__ = ["DroppedItem", "cut_off_answer", "is_empty", "salvage"]


class DroppedItem(BaseModel):
    """One part of an answer left out of a partial brief, and why."""

    model_config = ConfigDict(frozen=True)

    path: str
    reason: str


# The item a problem's path is in: "parties[2]" of "parties[2].evidence[0]", or a
# representative, "parties[2].representatives[1]"; only the summary is no list item.
_ITEM = re.compile(r"(?P<list>[\w.]+)\[(?P<index>\d+)\](?:\.representatives\[(?P<person>\d+)\])?")
_SUMMARY = "situation.summary"
_ROUNDS = 5  # dropping parties can orphan disputes: a few rounds always settle it


def salvage(brief: Brief, source: str) -> tuple[Brief, list[DroppedItem]]:
    """``brief`` with every ungrounded item removed, and what was removed.

    ``brief`` must be well-formed (validated without the article); the result passes
    ``Brief.model_validate(..., context={"source": source})``.
    """
    data = brief.model_dump(mode="json")
    dropped: list[DroppedItem] = []
    for _ in range(_ROUNDS):
        candidate = Brief.model_validate(data)
        problems = check_grounding(candidate, source)
        if not problems:
            # Validating it with the article would run the same checks on the same data.
            return candidate, dropped
        dropped += _cut(data, problems)
    final = Brief.model_validate(data, context={"source": source})
    return final, dropped


def _cut(data: dict[str, Any], problems: list[Problem]) -> list[DroppedItem]:
    """Remove what ``problems`` point at from ``data``; one entry per removed item."""
    doomed: dict[tuple[str, int, int | None], str] = {}
    summary_reasons: list[str] = []
    for path, reason in problems:
        if path == _SUMMARY:
            summary_reasons.append(reason)
            continue
        match = _ITEM.match(path)
        if match is None:  # pragma: no cover - every other path is in a list item
            raise ValueError(f"no list item in grounding problem path: {path}")
        person = match.group("person")
        key = (match.group("list"), int(match.group("index")), int(person) if person else None)
        doomed.setdefault(key, reason)
    order = sorted(doomed, key=_in_order)
    dropped = [
        DroppedItem(path=_path(name, index, person), reason=doomed[name, index, person])
        for name, index, person in order
    ]
    # Highest index first, so earlier indices stay valid while deleting (a representative
    # before the party it belongs to, when both go).
    for name, index, person in reversed(order):
        items = _list(data, name)
        if person is None:
            del items[index]
        else:
            del items[index]["representatives"][person]
    if summary_reasons:
        dropped += _trim_summary(data, source_reasons=summary_reasons)
    return dropped


def is_empty(brief: Brief) -> bool:
    """True when ``brief`` says nothing at all (no summary and no item of any kind)."""
    situation, humanitarian = brief.situation, brief.humanitarian
    return not (
        situation.summary.strip()
        or situation.key_facts
        or brief.parties
        or humanitarian.figures
        or humanitarian.evacuation
        or humanitarian.access
        or humanitarian.needs
        or brief.disputed_facts
    )


def _in_order(key: tuple[str, int, int | None]) -> tuple[str, int, int]:
    """Document order of a doomed item: a party before its representatives."""
    name, index, person = key
    return name, index, -1 if person is None else person


def _path(name: str, index: int, person: int | None) -> str:
    path = f"{name}[{index}]"
    return path if person is None else f"{path}.representatives[{person}]"


def _list(data: dict[str, Any], name: str) -> list[Any]:
    node: Any = data
    for part in name.split("."):
        node = node[part]
    if not isinstance(node, list):  # pragma: no cover - the pattern names lists only
        raise TypeError(name)
    return node


def _trim_summary(data: dict[str, Any], *, source_reasons: list[str]) -> list[DroppedItem]:
    """Keep the summary's sentences that state none of the invented numbers."""
    invented = re.findall(r"the number '([^']+)'", " ".join(source_reasons))
    sentences = line_sentences(data["situation"]["summary"]) or [data["situation"]["summary"]]
    kept = [
        s
        for s in sentences
        if not any(re.search(rf"\b{re.escape(number)}\b", s) for number in invented)
    ]
    data["situation"]["summary"] = " ".join(kept)
    return [
        DroppedItem(
            path="situation.summary", reason=f"sentence {s!r}: " + "; ".join(source_reasons)
        )
        for s in sentences
        if s not in kept
    ]


CUT_OFF = DroppedItem(
    path="(answer)", reason="the answer was cut off by max_tokens; what followed the cut is missing"
)
_PRUNE_ROUNDS = 50


def cut_off_answer(text: str) -> Brief | None:
    """The well-formed part of an answer cut off mid-JSON, or None when there is none.

    The JSON is read up to the cut (unfinished strings, lists and objects closed where they
    stop), then every list item the cut left incomplete or invalid is removed, until what
    remains is a well-formed (not yet grounded) :class:`Brief`.

    >>> brief = cut_off_answer('{"situation": {"summary": "Shelling hit Kessa."}, "parties": [{"na')
    >>> brief.situation.summary, brief.parties
    ('Shelling hit Kessa.', [])
    """
    try:
        data = from_json(text, allow_partial=True)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    situation = data.setdefault("situation", {})
    if isinstance(situation, dict):
        situation.setdefault("summary", "")  # cut before the summary was finished
    for _ in range(_PRUNE_ROUNDS):
        try:
            return Brief.model_validate(data)
        except ValidationError as invalid:
            if not _drop_invalid_items(data, invalid):
                return None
    return None


def _drop_invalid_items(data: dict[str, Any], invalid: ValidationError) -> bool:
    """Remove the list items the errors point into; False when an error is outside lists."""
    doomed: set[tuple[Any, ...]] = set()
    for error in invalid.errors():
        location = error["loc"]
        last_index = max(
            (i for i, part in enumerate(location) if isinstance(part, int)), default=-1
        )
        if last_index < 0:
            return False
        doomed.add(tuple(location[: last_index + 1]))
    for location in sorted(doomed, reverse=True):
        node: Any = data
        for part in location[:-1]:
            node = node[part]
        del node[location[-1]]
    return True
