"""Long documents -> overlapping chunks under a token budget, cut on paragraph boundaries.

Rules (pure functions, no I/O):

1. The text is cut into paragraphs at blank lines. A paragraph over the budget is cut
   further at sentence ends, and a sentence over the budget at word boundaries, so every
   unit fits.
2. Units are packed greedily, in order, while the chunk stays within ``max_tokens``.
3. Each chunk after the first starts with the last ``overlap`` paragraphs (whole units) of
   the chunk before it, so a fact split across a boundary is seen whole at least once.
   Overlap is dropped when it would leave no room for new text.
4. A chunk's text is a slice of the original (``text[start:end]``), never re-joined, so a
   quote copied from a chunk is verbatim in the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from summarizer.brief.text import sentence_spans
from summarizer.engine.tokens import count_tokens

__all__ = ["Chunk", "chunk_text", "split_units"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_WORD_END = re.compile(r"\s+")

TokenCounter = Callable[[str], int]


@dataclass(frozen=True)
class Chunk:
    """One chunk: a slice ``[start, end)`` of the document, and its text."""

    index: int
    start: int
    end: int
    text: str
    tokens: int


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _spans(text: str, separator: re.Pattern[str], start: int, end: int) -> list[_Span]:
    """Non-empty pieces of ``text[start:end]`` between matches of ``separator``, trimmed."""
    pieces: list[_Span] = []
    cursor = start
    for match in separator.finditer(text, start, end):
        pieces.append(_Span(cursor, match.start()))
        cursor = match.end()
    pieces.append(_Span(cursor, end))
    trimmed = []
    for piece in pieces:
        s, e = piece.start, piece.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append(_Span(s, e))
    return trimmed


def _fit(text: str, span: _Span, max_tokens: int, count: TokenCounter) -> list[_Span]:
    """``span`` as pieces that each fit: itself, or its sentences, or runs of words."""
    if count(text[span.start : span.end]) <= max_tokens:
        return [span]
    for parts in _splits(text, span):
        if len(parts) > 1:
            packed = _pack_runs(text, parts, max_tokens, count)
            return [piece for run in packed for piece in _fit(text, run, max_tokens, count)]
    return [span]  # one unbreakable word over the budget: send it as it is


def _splits(text: str, span: _Span) -> Iterator[list[_Span]]:
    """``span`` cut at sentences, then at words; the word cut is made only when asked for."""
    yield [_Span(s, e) for s, e in sentence_spans(text, span.start, span.end)]
    yield _spans(text, _WORD_END, span.start, span.end)


def _pack_runs(text: str, parts: list[_Span], max_tokens: int, count: TokenCounter) -> list[_Span]:
    """Join consecutive pieces into runs that fit, so sentences are not sent one by one."""
    runs: list[_Span] = []
    current = parts[0]
    for part in parts[1:]:
        joined = _Span(current.start, part.end)
        if count(text[joined.start : joined.end]) <= max_tokens:
            current = joined
        else:
            runs.append(current)
            current = part
    runs.append(current)
    return runs


def split_units(text: str, *, max_tokens: int, count: TokenCounter = count_tokens) -> list[str]:
    """The paragraphs of ``text``, over-long ones cut at sentences (then words) to fit.

    >>> split_units("One.\\n\\nTwo. Three.", max_tokens=100)
    ['One.', 'Two. Three.']
    """
    return [text[u.start : u.end] for u in _units(text, max_tokens, count)]


def _units(text: str, max_tokens: int, count: TokenCounter) -> list[_Span]:
    units: list[_Span] = []
    for paragraph in _spans(text, _PARAGRAPH_BREAK, 0, len(text)):
        units.extend(_fit(text, paragraph, max_tokens, count))
    return units


def chunk_text(
    text: str,
    *,
    max_tokens: int,
    overlap: int = 1,
    count: TokenCounter = count_tokens,
) -> list[Chunk]:
    """Cut ``text`` into chunks of at most ``max_tokens`` (by ``count``), overlapping by
    ``overlap`` whole paragraphs. A text within the budget is one chunk.

    >>> [c.text for c in chunk_text("A a a.\\n\\nB b b.\\n\\nC c c.", max_tokens=8, overlap=1)]
    ['A a a.\\n\\nB b b.', 'B b b.\\n\\nC c c.']
    """
    if max_tokens < 1:
        raise ValueError("max_tokens must be at least 1")
    if overlap < 0:
        raise ValueError("overlap must not be negative")
    units = _units(text, max_tokens, count)
    if not units:
        return []

    def tokens(first: int, last: int) -> int:
        return count(text[units[first].start : units[last].end])

    chunks: list[Chunk] = []
    first = 0
    while True:
        last = first
        while last + 1 < len(units) and tokens(first, last + 1) <= max_tokens:
            last += 1
        start, end = units[first].start, units[last].end
        chunks.append(Chunk(len(chunks), start, end, text[start:end], tokens(first, last)))
        if last + 1 >= len(units):
            return chunks
        # Step back ``overlap`` units, but always make progress and leave room for new text.
        following = max(first + 1, last + 1 - overlap)
        while following <= last and tokens(following, last + 1) > max_tokens:
            following += 1
        first = following
