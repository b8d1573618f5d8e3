"""Splitting article text into quotable sentences, for the scorer."""

from __future__ import annotations

from summarizer.brief.grounding import is_long_enough
from summarizer.brief.text import line_sentences

__all__ = ["article_sentences"]


def article_sentences(article: str) -> list[str]:
    """The article's sentences, each a verbatim substring of the article.

    Pieces too short to be an evidence quote (under ``MIN_QUOTE_CHARS``) are left out.
    """
    return [s for s in line_sentences(article) if is_long_enough(s)]
