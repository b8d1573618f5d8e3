"""Humanitarian figures: numbers and vague quantities next to casualty/displacement terms.

A quantity ("82", "eighty-two", "hundreds of thousands", "many") becomes a figure when a
figure term ("killed", "displaced", "evacuation of") stands in the same clause, after it
first, else before it. The hedge before a number ("at least") is its qualifier; a vague
quantity is its own qualifier with a null count. The noun after the quantity is the
population; a bare "many" inherits the population of the figure before it in the sentence.
The source is the party the sentence attributes its statement to ("The UN said ...").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from summarizer.brief.numbers import find_numbers
from summarizer.brief.schema import FigureCategory
from summarizer.brief.text import fold
from summarizer.offline.actors import Mention, by_sentence
from summarizer.offline.lexicon import lexicon
from summarizer.offline.text import Sentence

__all__ = ["FigureDraft", "attribution", "attributions", "extract_figures", "sentence_figures"]

_CLAUSE_BREAK = re.compile(r";|\bwhile\b|\bbut\b|\bwhereas\b|\bafter\b|\bsince\b|\.\s")
_NOT_COUNTS = re.compile(
    r"^\s*(?:%|per\s?cent|percent|-?year|years?\b|km|kilomet|miles?\b|hours?\b|days?\b|"
    r"minutes?\b|seconds?\b|"
    r"weeks?\b|months?\b|a\.m\.|p\.m\.|GMT|o'clock|times\b|st\b|nd\b|rd\b|th\b)",
    re.IGNORECASE,
)
_MONTH_NEAR = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s*$"
)
_BARE_VAGUE = frozenset({"many", "several", "some", "others", "dozens", "scores", "hundreds",
                         "thousands"})  # fmt: skip
_ATTRIBUTION_GAP = 60


@dataclass
class FigureDraft:
    """A figure before it becomes a schema :class:`~summarizer.brief.schema.Figure`."""

    category: FigureCategory
    count: int | None
    qualifier: str | None
    population: str
    source_key: str | None
    date: dt.date | None
    sentence: Sentence


@functools.cache
def _reporting_verbs() -> re.Pattern[str]:
    verbs = sorted((re.escape(v) for v in lexicon().claim_verbs), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(verbs)})\b")


def attribution(sentence: Sentence, mentions: list[Mention]) -> Mention | None:
    """The party ``sentence`` attributes its statement to: "X said", "according to X".

    ``mentions`` are the mentions of ``sentence`` (see :func:`actors.by_sentence`).
    """
    text = fold(sentence.text)
    own = [m for m in mentions if m.sentence == sentence.index and m.key != "civilians"]
    for hit in _reporting_verbs().finditer(text):
        at = sentence.start + hit.start()
        if hit.group(0) == "according to":
            after = [m for m in own if 0 <= m.start - (sentence.start + hit.end()) <= 5]
            if after:
                return after[0]
            continue
        before = [m for m in own if m.end <= at and at - m.end <= _ATTRIBUTION_GAP]
        if before:
            return before[-1]
        after = [m for m in own if 0 <= m.start - (sentence.start + hit.end()) <= 2]
        if after:
            return after[0]
    return None


def _quantities(text: str) -> list[tuple[int, int, int | None, str]]:
    """(start, end, count, vague phrase) for every number or vague quantity in ``text``."""
    lex = lexicon()
    found: list[tuple[int, int, int | None, str]] = []
    for n in find_numbers(text):
        after = text[n.end :]
        before = text[: n.start]
        if re.fullmatch(r"(?:19|20)\d\d", n.text) or _NOT_COUNTS.match(after):
            continue
        if _MONTH_NEAR.search(before) or re.match(r"\s*(?:January|February|March|April|May|"
                                                  r"June|July|August|September|October|"
                                                  r"November|December)\b", after):  # fmt: skip
            continue
        if n.text.lower() == "one" and re.search(r"\b(?:no|any|every|some)\s*$", before, re.I):
            continue
        found.append((n.start, n.end, n.value, ""))
    for v in lex.vague.finditer(text):
        if any(s < v.end() and v.start() < e for s, e, _, _ in found):
            continue
        found.append((v.start(), v.end(), None, v.group(0)))
    return sorted(found)


def _ranges(text: str, quantities: Sequence[tuple[int, int, int | None, str]]) -> dict[int, str]:
    """Quantity index -> its range ("between 60 and 70", "8,000 to 9,000"), for every number
    that opens one. The labelling convention counts a range as its lower bound and keeps the
    whole range as the qualifier."""
    found: dict[int, str] = {}
    for n in range(len(quantities) - 1):
        (start, end, low, _), (_, next_end, high, _) = quantities[n], quantities[n + 1]
        if low is None or high is None or high <= low:
            continue
        between = re.search(r"\bbetween\s+$", text[:start], re.I)
        link = text[end : quantities[n + 1][0]]
        if (between and re.fullmatch(r"\s+and\s+", link)) or re.fullmatch(r"\s*(?:to|-)\s*", link):
            found[n] = text[between.start() if between else start : next_end]
    return found


def _category(window: str, *, from_start: bool) -> FigureCategory | None:
    best: tuple[int, FigureCategory] | None = None
    for pattern, category in lexicon().figure_terms:
        for m in pattern.finditer(window):
            distance = m.start() if from_start else len(window) - m.end()
            if best is None or distance < best[0]:
                best = (distance, category)
    return best[1] if best else None


@functools.cache
def _bound_terms() -> tuple[tuple[re.Pattern[str], FigureCategory], ...]:
    """Per category, a figure term or verb form standing right before a quantity: "killed
    30", "killing at least 14", "the deaths of 12", "a death toll of 40", "displaced an
    estimated 3,000"."""
    lex = lexicon()
    found: list[tuple[re.Pattern[str], FigureCategory]] = []
    for category in FigureCategory:
        terms = [p.pattern for p, c in lex.figure_terms if c is category]
        terms += [p.pattern for p, c in lex.figure_verbs if c is category]
        if terms:
            alternation = "|".join(f"(?:{t})" for t in terms)
            found.append((re.compile(
                rf"(?:{alternation})\s+(?:of\s+)?(?:(?:the|an?|some)\s+)?"
                rf"(?:(?:{lex.qualifiers.pattern})\s+)?$", re.IGNORECASE), category))  # fmt: skip
    return tuple(found)


def _bound_category(left: str) -> FigureCategory | None:
    """The category of a figure term or verb the quantity directly follows, if any: the
    number is its object ("killed 30 people and wounded 50 others")."""
    for pattern, category in _bound_terms():
        if pattern.search(left):
            return category
    return None


_PARTITIVE = re.compile(r"\s+of\s+(?:them|those|whom|these)\b", re.IGNORECASE)
_ASIDE = re.compile(r",?\s*(?:including|among them|of whom|of them)\s+(?:\w+\s+){0,2}$", re.I)


class _Quantity(NamedTuple):
    start: int
    end: int
    value: int | None
    """The number; None for a vague quantity."""
    vague: str
    """The vague phrase ("many", "dozens"); "" for a number."""


def _windows(text: str, qs: list[_Quantity], n: int, ranges: dict[int, str]) -> tuple[str, str]:
    """The clause text before quantity ``n`` (back to the one before it) and after it (up to
    the next one, looking past an "including ..." aside)."""
    end = qs[n + 1].end if n in ranges else qs[n].end
    later = n + 2 if n in ranges else n + 1
    stop = qs[later].start if later < len(qs) else len(text)
    if re.match(r"\s*\w*\s*,\s*(?:including|among them)\b", text[end:stop]):
        # "23 people, including nine children, have died": look past the aside.
        stop = qs[later + 1].start if later + 1 < len(qs) else len(text)
    right = text[end:stop][:90]
    brk = _CLAUSE_BREAK.search(right)
    right = right[: brk.start()] if brk else right
    left = text[qs[n - 1].end if n else 0 : qs[n].start][-50:]
    brk_left = list(_CLAUSE_BREAK.finditer(left))
    return (left[brk_left[-1].end() :] if brk_left else left), right


def _qualifier(text: str, q: _Quantity, range_text: str | None) -> str | None:
    """A range as written, the vague phrase itself, or the hedge before a number."""
    if range_text is not None:
        return range_text
    if q.value is None:
        return q.vague or None
    hedge = re.search(rf"(?:{lexicon().qualifiers.pattern})\s*$", text[: q.start], re.I)
    return hedge.group(0).strip() if hedge else None


def _population(right: str, vague: str, previous: str | None) -> str:
    """The noun after the quantity; a bare "many" or a term ("20 wounded") inherits the
    population of the figure before it in the sentence."""
    lex = lexicon()
    is_term = False
    for pop in _population_nouns().finditer(right[:60]):
        before = right[: pop.start()].split()
        if len(before[1:] if before[:1] == ["of"] else before) > 2 or right[:1].strip():
            break  # two words from the quantity at most: "23 wounded people", "of the civilians"
        if not any(p.fullmatch(pop.group(0)) for p, _ in lex.figure_terms):
            return pop.group(0).lower()
        is_term = True  # "20 wounded": the noun is the category; a noun may still follow
    if (vague.lower() in _BARE_VAGUE or is_term) and previous:
        return previous
    return "people"


@functools.cache
def _population_nouns() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{lexicon().populations.pattern})", re.IGNORECASE)


def sentence_figures(text: str) -> list[tuple[FigureCategory, int | None, str | None, str]]:
    """(category, count, qualifier, population) of every figure in one folded sentence.

    A quantity takes the category of the figure term or verb it directly follows ("killed
    30", "killing 14", "the deaths of 12"); inside an "including ..." aside, the category of
    the figure it belongs to; else the nearest term after it in its clause ("30 people were
    killed"), else the nearest before it.
    """
    qs = [_Quantity(*q) for q in _quantities(text)]
    ranges = _ranges(text, qs)
    found: list[tuple[FigureCategory, int | None, str | None, str]] = []
    previous_category: FigureCategory | None = None
    previous_population: str | None = None
    for n, q in enumerate(qs):
        if n - 1 in ranges:
            continue  # the upper bound of a range already counted
        if q.vague and _PARTITIVE.match(text, q.end):
            continue  # "several of them": part of a group already counted
        left, right = _windows(text, qs, n, ranges)
        aside = previous_category if _ASIDE.search(left) else None
        category = (
            _bound_category(left)
            or aside
            or _category(right, from_start=True)
            or _category(left, from_start=False)
        )
        if category is None:
            continue
        population = _population(right, q.vague, previous_population)
        found.append((category, q.value, _qualifier(text, q, ranges.get(n)), population))
        previous_category, previous_population = category, population
    return found


def _dated_source(
    sentence: Sentence, source: Mention | None, dates: dict[int, dt.date],
    last_source: dict[int, tuple[str, dt.date | None]],
) -> dt.date | None:  # fmt: skip
    """The sentence's date; a source that goes on speaking in its paragraph keeps the date
    it gave before ("The UN said on Tuesday ... The UN said 82 ...")."""
    date = dates.get(sentence.index)
    if source is not None and date is None:
        prev = last_source.get(sentence.paragraph)
        if prev is not None and prev[0] == source.key:
            date = prev[1]
    if source is not None:
        last_source[sentence.paragraph] = (source.key, date)
    return date


def attributions(sentences: list[Sentence], mentions: list[Mention]) -> dict[int, Mention]:
    """Per body sentence index, the mention its statement is attributed to, if any."""
    own = by_sentence(mentions)
    found: dict[int, Mention] = {}
    for s in sentences:
        if s.kind == "body":
            source = attribution(s, own.get(s.index, []))
            if source is not None:
                found[s.index] = source
    return found


def extract_figures(
    sentences: list[Sentence],
    sources: dict[int, Mention],
    dates: dict[int, dt.date],
) -> list[FigureDraft]:
    """Every figure in the body sentences, in order, without duplicates.

    ``sources`` are the sentences' attributions (:func:`attributions`); ``dates`` maps a
    sentence index to the date its events resolved to, if any.
    """
    figures: list[FigureDraft] = []
    seen: set[tuple[FigureCategory, int | None, str]] = set()
    last_source: dict[int, tuple[str, dt.date | None]] = {}
    for sentence in sentences:
        if sentence.kind != "body":
            continue
        source = sources.get(sentence.index)
        date = _dated_source(sentence, source, dates, last_source)
        for category, count, qualifier, population in sentence_figures(fold(sentence.text)):
            key = (category, count, population)
            if key in seen:
                continue
            seen.add(key)
            figures.append(FigureDraft(category, count, qualifier, population,
                                       source.key if source else None, date,
                                       sentence))  # fmt: skip
    return figures
