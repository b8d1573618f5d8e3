"""Splitting article text into quotable sentences, shared by the scorer and the oracle."""

from __future__ import annotations

import re

from summarizer.brief.grounding import MIN_QUOTE_CHARS, normalise

__all__ = ["article_sentences"]

# A sentence ends at . ! or ? (optionally followed by a closing quote) before whitespace.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019]?\s+")


def article_sentences(article: str) -> list[str]:
    """The article's lines split into sentences, each a verbatim substring of the article.

    Pieces too short to be an evidence quote (under ``MIN_QUOTE_CHARS``) are left out.
    """
    sentences: list[str] = []
    for line in article.splitlines():
        for piece in _SENTENCE_END.split(line):
            piece = piece.strip()
            if len(normalise(piece)) >= MIN_QUOTE_CHARS:
                sentences.append(piece)
    return sentences
