"""Grounding rules: is a quote in the article, is a number in its quote, is a name a party.

Pure functions over strings, unit-tested on their own and attached to the schema by
:mod:`summarizer.schema`. The matching is deliberately strict: only whitespace, quote
marks and dashes are normalised, because anything looser lets paraphrase pass as evidence.
"""

from __future__ import annotations

import re

from summarizer.numbers import numbers_in

__all__ = [
    "MIN_QUOTE_CHARS",
    "normalise",
    "normalise_name",
    "number_in_quote",
    "quote_in_source",
]

MIN_QUOTE_CHARS = 8
"""A shorter quote ("the", "UN") proves nothing about where a statement came from."""

_QUOTE_MARKS = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u02bc": "'", "\u0060": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
        "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")
_SPACED_DASH = re.compile(r"\s*-\s*")


def normalise(text: str) -> str:
    """Fold quote marks, dashes and runs of whitespace; keep everything else as written.

    Spaces around a dash are dropped too, since "war - and" and "war—and" are the same text.

    >>> normalise("the \u201cUN\u201d  said \u2014 today")
    'the "UN" said-today'
    """
    folded = _SPACE.sub(" ", text.translate(_QUOTE_MARKS)).strip()
    return _SPACED_DASH.sub("-", folded)


def quote_in_source(quote: str, source: str, *, normalised_source: str | None = None) -> bool:
    """True when ``quote`` occurs verbatim in ``source`` after :func:`normalise`.

    Pass ``normalised_source`` when checking many quotes against one article.
    """
    needle = normalise(quote)
    if not needle:
        return False
    haystack = normalised_source if normalised_source is not None else normalise(source)
    return needle in haystack


def number_in_quote(count: int, quote: str) -> bool:
    """True when ``count`` is written in ``quote``, in digits or in words."""
    return count in numbers_in(quote)


_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?\b")
_PUNCT = re.compile(r"[^\w\s]")


def normalise_name(name: str) -> str:
    """A name folded for comparison: case, punctuation, possessives, leading "the".

    >>> normalise_name("the United Nations'")
    'united nations'
    """
    text = normalise(name).lower()
    text = _POSSESSIVE.sub("", text)
    text = _PUNCT.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    return _LEADING_ARTICLE.sub("", text)
