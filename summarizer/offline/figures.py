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
from dataclasses import dataclass

from summarizer.brief.numbers import find_numbers
from summarizer.brief.schema import FigureCategory
from summarizer.offline.actors import Mention, by_sentence
from summarizer.offline.lexicon import lexicon
from summarizer.offline.text import Sentence, fold

__all__ = ["FigureDraft", "attribution", "extract_figures"]

_CLAUSE_BREAK = re.compile(r";|\bwhile\b|\bbut\b|\bwhereas\b|\bafter\b|\bsince\b|\.\s")
_NOT_COUNTS = re.compile(
    r"^\s*(?:%|per\s?cent|percent|-?year|years?\b|km|kilomet|miles?\b|hours?\b|days?\b|"
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


def _ranges(text: str, quantities: list[tuple[int, int, int | None, str]]) -> dict[int, str]:
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


def extract_figures(
    sentences: list[Sentence],
    mentions: list[Mention],
    dates: dict[int, dt.date],
) -> list[FigureDraft]:
    """Every figure in the body sentences, in order, without duplicates.

    ``dates`` maps a sentence index to the date its events resolved to, if any.
    """
    lex = lexicon()
    figures: list[FigureDraft] = []
    seen: set[tuple[FigureCategory, int | None, str]] = set()
    last_source: dict[int, tuple[str, dt.date | None]] = {}
    own = by_sentence(mentions)
    for sentence in sentences:
        if sentence.kind != "body":
            continue
        text = fold(sentence.text)
        source = attribution(sentence, own.get(sentence.index, []))
        date = dates.get(sentence.index)
        if source is not None and date is None:
            prev = last_source.get(sentence.paragraph)
            if prev is not None and prev[0] == source.key:
                date = prev[1]
        if source is not None:
            last_source[sentence.paragraph] = (source.key, date)
        quantities = _quantities(text)
        previous_population: str | None = None
        ranges = _ranges(text, quantities)
        for n, (start, end, count, vague) in enumerate(quantities):
            if n - 1 in ranges:
                continue  # the upper bound of a range already counted
            if n in ranges:
                end = quantities[n + 1][1]
            later = n + 2 if n in ranges else n + 1
            next_start = quantities[later][0] if later < len(quantities) else len(text)
            prev_end = quantities[n - 1][1] if n else 0
            stop = next_start
            if re.match(r"\s*\w*\s*,\s*(?:including|among them)\b", text[end:next_start]):
                # "23 people, including nine children, have died": look past the aside.
                stop = quantities[later + 1][0] if later + 1 < len(quantities) else len(text)
            right = text[end:stop][:90]
            brk = _CLAUSE_BREAK.search(right)
            right = right[: brk.start()] if brk else right
            left = text[prev_end:start][-50:]
            brk_left = list(_CLAUSE_BREAK.finditer(left))
            left = left[brk_left[-1].end() :] if brk_left else left
            category = _category(right, from_start=True) or _category(left, from_start=False)
            if category is None:
                continue
            qualifier: str | None = vague or None
            if n in ranges:
                qualifier = ranges[n]
            elif count is not None:
                hedge = re.search(rf"(?:{lex.qualifiers.pattern})\s*$", text[:start], re.I)
                qualifier = hedge.group(0).strip() if hedge else None
            pop = re.match(rf"\s+(?:of\s+)?(?:[\w-]+\s+){{0,2}}?({lex.populations.pattern})",
                           right, re.IGNORECASE)  # fmt: skip
            is_term = pop is not None and any(
                p.fullmatch(pop.group(1)) for p, _ in lex.figure_terms
            )
            if pop and not is_term:
                population = pop.group(1).lower()
            elif (vague.lower() in _BARE_VAGUE or is_term) and previous_population:
                population = previous_population
            else:
                population = "people"
            previous_population = population
            key = (category, count, population)
            if key in seen:
                continue
            seen.add(key)
            figures.append(
                FigureDraft(
                    category,
                    count,
                    qualifier,
                    population,
                    source.key if source else None,
                    date,
                    sentence,
                )
            )
    return figures
