"""Who a sentence is about: the parties it names, in what order, and who speaks or acts.

:class:`Actors` finds party mentions in a sentence (by name, alias or representative) and
names every party alike (:meth:`Actors.canonical`) so that an acronym and a full name read the
same to the similarity model. :func:`swapped` tells whether two sentences give the same
parties other roles: the same parties in another order with the rest of the sentence unchanged
("A accused B" vs "B accused A"), or another party as the one who speaks or acts when a
sentence marks it ("according to A", "was accused by A", ", A said" closing the sentence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarizer.evals.matching.names import fold_name

__all__ = ["TEMPLATE_FLOOR", "Actors", "swapped"]

TEMPLATE_FLOOR = 0.75
"""Two sentences with their actors blanked out are the same frame from this ratio on."""


_REPORTING = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "reported",
        "reports",
        "accused",
        "accuses",
        "blamed",
        "blames",
        "denied",
        "denies",
        "claimed",
        "claims",
        "announced",
        "announces",
        "alleged",
        "alleges",
        "insisted",
        "insists",
        "warned",
        "warns",
        "rejected",
        "rejects",
        "withdrew",
        "retracted",
        "confirmed",
        "confirms",
        "called",
        "calls",
    ]
)
_PASSIVE_AUX = frozenset(["was", "were", "is", "are", "been", "being", "be"])


class Actors:
    """Parties as a text may name them, for finding who a sentence is about.

    Built from name lists, one per party (name, aliases, representatives); a mention is the
    longest name found at a position, after :func:`~summarizer.evals.names.fold_name`.
    """

    def __init__(self, parties: Iterable[Sequence[str]]) -> None:
        self._names: dict[tuple[str, ...], int] = {}
        self._canonical: list[str] = []
        for index, names in enumerate(parties):
            self._canonical.append(fold_name(names[0]) if names else "")
            for name in names:
                words = tuple(fold_name(name).split())
                if words:
                    self._names.setdefault(words, index)
        self._longest = max((len(k) for k in self._names), default=0)
        self.key = frozenset(self._names.items())
        """Equal for two indexes that know the same names (a cache key)."""
        self._frames: dict[str, _Frame] = {}

    def canonical(self, text: str) -> str:
        """``text`` folded, each party named by its first name ("the SCLF" and "the Sallow
        Coast Liberation Front" read alike), for the similarity model: an embedding does not
        know that an acronym and a name are one actor."""
        words = _tokens(text)
        out: list[str] = []
        cursor = 0
        for start, end, party in self.mentions(words):
            out += [*words[cursor:start], self._canonical[party]]
            cursor = end
        out += words[cursor:]
        return " ".join(out).replace(" , ", ", ").replace(" ; ", "; ")

    def frame(self, text: str) -> _Frame:
        """``text`` as actors in a frame (cached: sentences are compared many times)."""
        if text not in self._frames:
            self._frames[text] = _frame(text, self)
        return self._frames[text]

    def mentions(self, words: Sequence[str]) -> list[tuple[int, int, int]]:
        """``(start, end, party)`` of each mention in a folded word sequence."""
        found: list[tuple[int, int, int]] = []
        i = 0
        while i < len(words):
            for size in range(min(self._longest, len(words) - i), 0, -1):
                party = self._names.get(tuple(words[i : i + size]))
                if party is not None:
                    found.append((i, i + size, party))
                    i += size
                    break
            else:
                i += 1
        return found


@dataclass(frozen=True)
class _Frame:
    """A sentence as actors in a frame: who is named, in what order, doing what."""

    order: tuple[int, ...]
    template: str
    agent: int | None
    marked: bool
    """Whether the agent is marked ("according to A", "by A" after a passive verb, ", A
    said") rather than guessed from word order."""
    passive: bool
    """Whether the agent is named after a passive verb ("was accused by A")."""


_TOKEN = re.compile(r"[a-z0-9]+|,|;")
_PREPOSITIONS = frozenset(
    ["to", "at", "of", "for", "in", "from", "with", "before", "against", "on", "by"]
)


def _tokens(text: str) -> list[str]:
    """Folded words, with commas and semicolons kept as tokens (they mark attributions)."""
    pieces = re.split(r"([,;])", text)
    return [
        t
        for piece in pieces
        for t in (_TOKEN.findall(piece) if piece in ",;" else fold_name(piece).split())
    ]


def _frame(text: str, actors: Actors) -> _Frame:
    words = _tokens(text)
    mentions = actors.mentions(words)
    order: list[int] = []
    for _, _, party in mentions:
        if party not in order:
            order.append(party)
    blanked: list[str] = []
    cursor = 0
    for start, end, _ in mentions:
        blanked += [*words[cursor:start], "@"]
        cursor = end
    blanked += words[cursor:]
    template = " ".join(w for w in blanked if w not in ",;")
    agent, marked = _agent(words, mentions)
    return _Frame(tuple(order), template, agent, marked, _passive(words, mentions))


def _by_agent(words: Sequence[str], start: int) -> bool:
    """Whether the mention at ``start`` follows "by" after a passive verb ("was accused by
    (the) A")."""
    i = start - 1
    if i >= 0 and words[i] == "the":
        i -= 1
    return i >= 2 and words[i] == "by" and words[i - 2] in _PASSIVE_AUX


def _passive(words: Sequence[str], mentions: Sequence[tuple[int, int, int]]) -> bool:
    return any(_by_agent(words, start) for start, _, _ in mentions)


def _after_preposition(words: Sequence[str], start: int) -> bool:
    """Whether a preposition stands within the three words before a mention, in its clause
    ("raids by an armed militia", "envoy to the UN")."""
    before: list[str] = []
    for word in reversed(words[max(0, start - 3) : start]):
        if word in ",;":
            break
        before.append(word)
    return any(w in _PREPOSITIONS for w in before)


def _according_to(words: Sequence[str], start: int) -> bool:
    before = [w for w in words[max(0, start - 3) : start] if w != "the"]
    return before[-2:] == ["according", "to"]


_RELATIVE = frozenset(["which", "who", "whom", "that"])


def _agent(
    words: Sequence[str], mentions: Sequence[tuple[int, int, int]]
) -> tuple[int | None, bool]:
    """Who says or does it, and whether the sentence marks it: "according to A"; ", A
    said" closing the sentence; "... by A" after a passive verb before any reporting verb;
    else (unmarked) the first party named, not after a preposition, before the first
    reporting verb ("Russia's UN envoy denied")."""
    for start, _, party in mentions:
        if _according_to(words, start):
            return party, True
    verb = next((i for i, w in enumerate(words) if w in _REPORTING), len(words))
    for start, _, party in mentions:
        # "was accused by A" (the passive verb may be the reporting verb itself), not "said
        # civilians crossed without being stopped by A".
        if _by_agent(words, start) and start - 3 <= verb:
            return party, True
    if verb == len(words):
        return None, False
    candidates = [m for m in mentions if m[1] <= verb and not _after_preposition(words, m[0])]
    breaks = [i for i in range(verb) if words[i] in ",;"]
    if breaks and candidates:
        last = candidates[-1]
        after = [i for i in range(verb + 1, len(words)) if words[i] in ",;"]
        closing = (after[0] if after else len(words)) - verb <= 4
        closing = closing and words[breaks[-1] + 1] not in _RELATIVE
        if last[0] > breaks[-1] and verb - last[1] <= 1 and closing:
            return last[2], True  # "..., the UN said."
    return (candidates[0][2], False) if candidates else (None, False)


def swapped(gold: _Frame, predicted: _Frame) -> bool:
    """Whether two sentences give the same parties other roles (see the module)."""
    common = set(gold.order) & set(predicted.order)
    if len(common) < 2:
        return False
    same_voice = gold.passive == predicted.passive
    if same_voice and set(gold.order) == set(predicted.order) and gold.order != predicted.order:
        ratio = fuzz.ratio(gold.template, predicted.template) / 100
        if ratio >= TEMPLATE_FLOOR:
            return True
    # Another agent counts only when a sentence marks it and both keep one frame: "X was
    # accused by Y" against "X accused Y", not two sentences built around different verbs.
    return (
        (gold.marked or predicted.marked)
        and gold.agent is not None
        and predicted.agent is not None
        and gold.agent != predicted.agent
        and {gold.agent, predicted.agent} <= common
        and fuzz.ratio(gold.template, predicted.template) / 100 >= 0.5
    )
