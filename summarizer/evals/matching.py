"""Matching predicted items to gold items: name and text similarity, one-to-one assignment.

Pure, deterministic functions; the formulas and floors are documented in
``evals/README.md`` (section "Scoring") and must change together with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz

from summarizer.brief.grounding import normalise_name
from summarizer.brief.numbers import find_numbers

__all__ = [
    "CLAIM_FLOOR",
    "GENERIC_NAME_WORDS",
    "KEY_FACT_FLOOR",
    "NAME_FLOOR",
    "SUBSET_SIMILARITY",
    "Match",
    "assign",
    "content_terms",
    "name_similarity",
    "names_similarity",
    "term_coverage",
    "text_similarity",
]

NAME_FLOOR = 0.8
"""Two names below this similarity never match (parties, populations, sources, claimants)."""

CLAIM_FLOOR = 0.4
"""Two disputed claims below this text similarity never match."""

KEY_FACT_FLOOR = 0.6
"""A gold key fact is covered when this share of its content terms occurs in one predicted
key fact or summary sentence."""

SUBSET_SIMILARITY = 0.75
"""Similarity of two names when one's words are a strict subset of the other's, below
:data:`NAME_FLOOR` on purpose: a longer name is usually another actor ("Syrian army" vs "Free
Syrian Army", "government" vs "anti-government rebels"); when it is the same actor, the gold
brief lists that form as an alias."""

GENERIC_NAME_WORDS = frozenset({"the", "forces", "troops"})
"""Words that never tell two actors apart, dropped from both names before they are compared
("Syrian government forces" = "Syrian government"), unless nothing else is left."""

_MINOR_WORDS = {"of", "the", "and", "for", "in", "on", "de"}


def _initials(normalised: str) -> str:
    words = [w for w in normalised.split() if w not in _MINOR_WORDS]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _without_generic_words(normalised: str) -> str:
    kept = [w for w in normalised.split() if w not in GENERIC_NAME_WORDS]
    return " ".join(kept) if kept else normalised


def name_similarity(a: str, b: str) -> float:
    """Similarity of two names in [0, 1], after :func:`~summarizer.brief.grounding.normalise_name`.

    1.0 for equal names, for dotted and spaced spellings of one acronym ("U.N." = "UN"), for
    an acronym against the initials of the other name ("UN" = "United Nations") and for names
    equal once :data:`GENERIC_NAME_WORDS` are dropped ("government troops" = "government");
    :data:`SUBSET_SIMILARITY` when one name's words are a strict subset of the other's;
    otherwise rapidfuzz's ``token_sort_ratio / 100`` (spelling variants, word order).

    >>> name_similarity("the U.N.", "United Nations")
    1.0
    >>> name_similarity("Syrian army", "Free Syrian Army")
    0.75
    """
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return 0.0
    compact_a, compact_b = na.replace(" ", ""), nb.replace(" ", "")
    if compact_a == compact_b or compact_a == _initials(nb) or compact_b == _initials(na):
        return 1.0
    na, nb = _without_generic_words(na), _without_generic_words(nb)
    if na.replace(" ", "") == nb.replace(" ", ""):
        return 1.0
    words_a, words_b = set(na.split()), set(nb.split())
    # token_sort_ratio alone would pass "Syrian army" vs "Free Syrian Army" (0.81): a strict
    # word-subset gets a fixed score under the floor instead.
    if words_a < words_b or words_b < words_a:
        return SUBSET_SIMILARITY
    return fuzz.token_sort_ratio(na, nb) / 100


def names_similarity(predicted: Sequence[str], gold: Sequence[str]) -> float:
    """The best :func:`name_similarity` over every predicted name against every gold name."""
    return max((name_similarity(p, g) for p in predicted for g in gold), default=0.0)


_STOPWORD_TEXT = """
    a about after again against all also an and any are as at be been before being but by
    can could did do does during each for from had has have he her here his how i if in into
    is it its itself may more most no nor not of on or other our out over own said says same
    she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you told tell saying say according
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
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


def _stem(word: str) -> str:
    # A crude suffix strip is enough for lexical matching and keeps scoring dependency-free:
    # "evacuation", "evacuated" and "evacuating" all become "evacu".
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_terms(text: str) -> frozenset[str]:
    """The content terms of ``text``: lower-cased, stemmed words without stopwords, and
    numbers as their value ("forty-three" and "43" both give ``"43"``).

    >>> sorted(content_terms("Forty-three civilians were killed, rescuers said."))
    ['43', 'civilian', 'kill', 'rescuer']
    """
    terms: set[str] = set()
    rest: list[str] = []
    cursor = 0
    for mention in find_numbers(text):
        terms.add(str(mention.value))
        rest.append(text[cursor : mention.start])
        cursor = mention.end
    rest.append(text[cursor:])
    for word in _WORD.findall(" ".join(rest).lower().replace("'s ", " ")):
        if word not in _STOPWORDS:
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


P = TypeVar("P")
G = TypeVar("G")


@dataclass(frozen=True)
class Match:
    """One predicted item assigned to one gold item."""

    predicted: int
    gold: int
    similarity: float


def _eligible(score: float, floor: float) -> float:
    return score if score >= floor else 0.0


def assign(
    predicted: Sequence[P],
    gold: Sequence[G],
    similarity: Callable[[P, G], float],
    floor: float,
) -> list[Match]:
    """One-to-one assignment maximising total similarity (Hungarian algorithm).

    Pairs below ``floor`` are never matched, even when the assignment pairs them to fill
    the matrix. The result is sorted by gold index, so it is deterministic.
    """
    if not predicted or not gold:
        return []
    # Zeroing ineligible pairs keeps them from pulling the optimum away from eligible ones.
    matrix = [[_eligible(similarity(p, g), floor) for g in gold] for p in predicted]
    # scipy costs ~0.3 s to import: load it when matching runs, not when the CLI starts.
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(matrix, maximize=True)
    matches = [
        Match(int(r), int(c), matrix[r][c])
        for r, c in zip(rows, cols, strict=True)
        if matrix[r][c] >= floor and matrix[r][c] > 0
    ]
    return sorted(matches, key=lambda m: m.gold)
