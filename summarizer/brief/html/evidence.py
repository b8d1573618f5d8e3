"""Where each evidence quote sits in the article, and the article cut at those places.

Quotes are found the way the grounding check finds them (:func:`~summarizer.brief.grounding
.normalise`: whitespace, quote marks and dashes folded, nothing looser), then mapped back to
character offsets in the article as written, so a page can highlight the very characters a
quote was checked against. Pure functions over strings.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.brief.grounding import normalise

__all__ = ["Folded", "Segment", "Span", "fold", "locate", "segments"]


@dataclass(frozen=True)
class Span:
    """Characters ``start`` to ``end`` (exclusive) of the article as written."""

    start: int
    end: int


@dataclass(frozen=True)
class Folded:
    """The article as :func:`normalise` folds it, and where each folded character came from."""

    text: str
    origin: tuple[int, ...]


def _dash_spaces(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Drop a (single, already collapsed) space next to a dash, as ``normalise`` does."""
    kept: list[tuple[str, int]] = []
    for i, (char, at) in enumerate(chars):
        if char == " ":
            after = chars[i + 1][0] if i + 1 < len(chars) else ""
            if after == "-" or (kept and kept[-1][0] == "-"):
                continue
        kept.append((char, at))
    return kept


def fold(article: str) -> Folded:
    """:func:`normalise` of ``article``, keeping each character's offset in ``article``.

    ``fold(text).text == normalise(text)`` for every text (tested on every fixture).
    """
    chars: list[tuple[str, int]] = []
    for at, char in enumerate(article):
        # One character at a time through the grounding module's own folding, so the two
        # can never disagree on what a quote mark, a dash or an invisible character is.
        folded = " " if char.isspace() else normalise(char)
        if not folded:
            continue  # an invisible character (soft hyphen, zero-width space)
        if folded == " " and (not chars or chars[-1][0] == " "):
            continue  # runs of whitespace are one space; leading space is dropped
        chars.append((folded, at))
    while chars and chars[-1][0] == " ":
        chars.pop()
    chars = _dash_spaces(chars)
    return Folded("".join(c for c, _ in chars), tuple(at for _, at in chars))


def locate(quote: str, article: str, *, folded: Folded | None = None) -> Span | None:
    """The first place ``quote`` occurs in ``article`` after folding, or None."""
    needle = normalise(quote)
    if not needle:
        return None
    haystack = folded if folded is not None else fold(article)
    found = haystack.text.find(needle)
    if found < 0:
        return None
    return Span(haystack.origin[found], haystack.origin[found + len(needle) - 1] + 1)


@dataclass(frozen=True)
class Segment:
    """A stretch of the article covered by the same quotes (none: plain text).

    ``marks`` are the ids of the quotes covering it, in the order they were given;
    ``starts`` the ids of the quotes that begin here.
    """

    text: str
    marks: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()


def segments(article: str, spans: Sequence[tuple[str, Span]]) -> list[Segment]:
    """``article`` cut wherever a quote starts or ends; overlapping quotes share segments."""
    cuts = {0, len(article)}
    for _, span in spans:
        cuts |= {span.start, span.end}
    bounds = sorted(cuts)
    found: list[Segment] = []
    for start, end in itertools.pairwise(bounds):
        if start == end:
            continue
        marks = tuple(q for q, s in spans if s.start <= start and end <= s.end)
        starts = tuple(q for q, s in spans if s.start == start)
        found.append(Segment(article[start:end], marks, starts))
    return found
