"""Words and numbers of free text, for matching: content terms, number formats.

Pure functions. Content terms are the lexical view of a sentence (what the evidence-support
check and the builder use); sentence meaning is judged in :mod:`summarizer.evals.matching.meaning`.
"""

from __future__ import annotations

import functools
import re

from summarizer.brief.grounding import stated_numbers
from summarizer.brief.numbers import find_numbers
from summarizer.brief.text import word_set

__all__ = [
    "STOPWORDS",
    "content_terms",
    "normalise_number_formats",
    "stated_values",
    "term_coverage",
    "text_similarity",
]

STOPWORDS = word_set(
    """
    a about after again against all also an and any are as at be been before being but by
    can could did do does during each for from had has have he her here his how i if in into
    is it its itself may more most no nor not of on or other our out over own said says same
    she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you told tell saying say according
    """
)
"""Words that carry no content of their own (negations are judged separately)."""

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = (
    "ations",
    "ation",
    "ated",
    "ating",
    "ates",
    "ions",
    "ion",
    "ings",
    "ing",
    "ed",
    "es",
    "s",
)

# Thousands written with a space, a no-break or thin space ("12 000") or a dot ("12.000"):
# read as one number, not two. A dot group followed by a scale word is a decimal ("1.300
# million" is rare; "1.3 million" has no three-digit group).
_SPACED = re.compile(r"(?<![\d.,])(\d{1,3})((?:[ \u00a0\u2009\u202f]\d{3})+)(?![\d])")
_DOTTED = re.compile(
    r"(?<![\d.,])(\d{1,3})((?:\.\d{3})+)(?![\d.,]|\s*(?:thousand|million|billion|bn|m|k)\b)",
    re.IGNORECASE,
)


def normalise_number_formats(text: str) -> str:
    """``text`` with space- and dot-grouped thousands written with commas ("12 000",
    "12\u2009000", "12.000" -> "12,000"), so they read as one number.

    >>> normalise_number_formats("some 12 000 people; 4.500 more")
    'some 12,000 people; 4,500 more'
    """
    text = _SPACED.sub(lambda m: m.group(1) + re.sub(r"\D", ",", m.group(2)), text)
    return _DOTTED.sub(lambda m: m.group(1) + m.group(2).replace(".", ","), text)


@functools.lru_cache(maxsize=65536)
def stated_values(text: str) -> frozenset[int]:
    """The numbers ``text`` states (dates and a prose "one" excluded), any format."""
    return frozenset(m.value for m in stated_numbers(normalise_number_formats(text)))


def _stem(word: str) -> str:
    # A crude suffix strip is enough for lexical matching: "evacuation", "evacuated" and
    # "evacuating" all become "evacu".
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=65536)
def content_terms(text: str) -> frozenset[str]:
    """The content terms of ``text``: lower-cased, stemmed words without stopwords, and
    numbers as their value ("forty-three" and "43" both give ``"43"``).

    >>> sorted(content_terms("Forty-three civilians were killed, rescuers said."))
    ['43', 'civilian', 'kill', 'rescuer']
    """
    text = normalise_number_formats(text)
    terms: set[str] = set()
    rest: list[str] = []
    cursor = 0
    for mention in find_numbers(text):
        terms.add(str(mention.value))
        rest.append(text[cursor : mention.start])
        cursor = mention.end
    rest.append(text[cursor:])
    for word in _WORD.findall(" ".join(rest).lower().replace("'s ", " ")):
        if word not in STOPWORDS:
            terms.add(_stem(word))
    return frozenset(terms)


def text_similarity(a: str, b: str) -> float:
    """Dice coefficient of the content terms of two texts: ``2|A∩B| / (|A| + |B|)``."""
    ta, tb = content_terms(a), content_terms(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


def term_coverage(gold: str, predicted: str) -> float:
    """Share of the gold text's content terms that occur in the predicted text."""
    tg, tp = content_terms(gold), content_terms(predicted)
    if not tg:
        return 0.0
    return len(tg & tp) / len(tg)
