"""Grounding rules: is a quote in the article, is a number in its quote, is a name a party.

Pure functions over strings, unit-tested on their own and attached to the schema by
:mod:`summarizer.brief.schema`. The matching is deliberately strict: only whitespace, quote
marks and dashes are normalised, because anything looser lets paraphrase pass as evidence.
"""

from __future__ import annotations

import re

from summarizer.brief.numbers import NumberMention, find_numbers, numbers_in

__all__ = [
    "MIN_QUOTE_CHARS",
    "is_evidence",
    "mentioned_in_source",
    "normalise",
    "normalise_name",
    "number_in_quote",
    "quote_in_source",
    "stated_numbers",
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
        # Invisible characters web pages carry and models drop when quoting: soft hyphen,
        # zero-width space / joiners, word joiner, byte-order mark.
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None,
        "\ufeff": None,
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


def is_evidence(quote: str, source: str, *, normalised_source: str | None = None) -> bool:
    """True when ``quote`` is long enough to prove something and occurs in ``source``."""
    return len(normalise(quote)) >= MIN_QUOTE_CHARS and quote_in_source(
        quote, source, normalised_source=normalised_source
    )


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


def mentioned_in_source(name: str, normalised_source: str) -> bool:
    """True when ``name`` (a place, a person) is written in the article, ignoring case.

    ``normalised_source`` is :func:`normalise` of the article, lower-cased.
    """
    needle = normalise(name).lower()
    return bool(needle) and needle in normalised_source


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATES = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?",
    re.IGNORECASE,
)


def stated_numbers(text: str) -> list[NumberMention]:
    """The numbers ``text`` states as facts, which the article must also state.

    Written-out dates ("14 December 2016", "Dec. 14", "2016-12-14") are not counts: the
    brief resolves relative dates, so its dates need not be in the article's words. A bare
    "one" ("one of the groups") is prose, not a checkable number.
    """
    mentions = find_numbers(_DATES.sub(lambda m: " " * len(m.group(0)), text))
    return [m for m in mentions if not (m.value == 1 and not m.text[:1].isdigit())]
