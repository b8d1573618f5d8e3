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

from pydantic import BaseModel, ConfigDict

from summarizer.brief.grounding import grounding_problems
from summarizer.brief.schema import Brief
from summarizer.brief.text import line_sentences

__all__ = ["DroppedItem", "salvage"]


class DroppedItem(BaseModel):
    """One part of an answer left out of a partial brief, and why."""

    model_config = ConfigDict(frozen=True)

    path: str
    reason: str


# Every grounding problem starts with the path of what failed ("parties[2].evidence[0]: ...").
_PROBLEM = re.compile(
    r"^(?P<item>(?P<list>situation\.key_facts|situation\.locations|situation\.event_dates|"
    r"parties|humanitarian\.(?:figures|evacuation|access|needs)|disputed_facts)"
    r"\[(?P<index>\d+)\](?:\.representatives\[(?P<person>\d+)\])?)[^:]*: (?P<reason>.*)$",
    re.DOTALL,
)
_SUMMARY = re.compile(r"^situation\.summary: (?P<reason>.*)$", re.DOTALL)
_ROUNDS = 5  # dropping parties can orphan disputes: a few rounds always settle it


def salvage(brief: Brief, source: str) -> tuple[Brief, list[DroppedItem]]:
    """``brief`` with every ungrounded item removed, and what was removed.

    ``brief`` must be well-formed (validated without the article); the result passes
    ``Brief.model_validate(..., context={"source": source})``.
    """
    data = brief.model_dump(mode="json")
    dropped: list[DroppedItem] = []
    for _ in range(_ROUNDS):
        problems = grounding_problems(Brief.model_validate(data), source)
        if not problems:
            break
        dropped += _cut(data, problems)
    final = Brief.model_validate(data, context={"source": source})
    return final, dropped


def _cut(data: dict[str, Any], problems: list[str]) -> list[DroppedItem]:
    """Remove what ``problems`` point at from ``data``; one entry per removed item."""
    doomed: dict[tuple[str, int, int | None], str] = {}
    summary_reasons: list[str] = []
    for problem in problems:
        summary = _SUMMARY.match(problem)
        if summary:
            summary_reasons.append(summary.group("reason"))
            continue
        match = _PROBLEM.match(problem)
        if match is None:  # pragma: no cover - every rule reports one of the paths above
            raise ValueError(f"no path in grounding problem: {problem}")
        person = match.group("person")
        key = (match.group("list"), int(match.group("index")), int(person) if person else None)
        doomed.setdefault(key, match.group("reason"))
    dropped = [
        DroppedItem(path=_path(name, index, person), reason=reason)
        for (name, index, person), reason in sorted(doomed.items())
    ]
    # Highest index first, so earlier indices stay valid while deleting.
    for name, index, person in sorted(doomed, key=lambda k: (k[0], k[1], k[2] or -1), reverse=True):
        items = _list(data, name)
        if person is None:
            del items[index]
        else:
            del items[index]["representatives"][person]
    if summary_reasons:
        dropped += _trim_summary(data, source_reasons=summary_reasons)
    return dropped


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
