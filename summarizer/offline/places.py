"""Locations: capitalised places after spatial prepositions and "City, Country" pairs.

Ordered most specific first, as the schema asks: districts ("eastern Aleppo"), then towns and
cities, then countries; within each, the most mentioned first.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from summarizer.brief.text import fold
from summarizer.offline.actors import Mention
from summarizer.offline.lexicon import lexicon
from summarizer.offline.text import INSTRUCTION_KINDS, Sentence

__all__ = ["extract_locations"]

_NAME = r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}"
_CALENDAR = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\b"
)


def extract_locations(sentences: list[Sentence], mentions: list[Mention]) -> list[str]:
    """Places where the article's events happen, most specific first."""
    lex = lexicon()
    preps = "|".join(sorted(lex.location_prepositions, key=len, reverse=True))
    dirs = "|".join(sorted(lex.directions, key=len, reverse=True))
    after_prep = re.compile(rf"\b(?:{preps})\s+(?:the\s+)?(?:(?P<dir>{dirs})\s+)?(?P<name>{_NAME})")
    pair = re.compile(rf"(?P<city>[A-Z][\w'-]+),\s+(?P<country>{_NAME})")
    # Mentions come in article order; a bisect finds the one a place might stand inside.
    spans = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _ in spans]
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    rank: dict[str, int] = {}

    def keep(name: str, start: int, level: int) -> None:
        name = name.strip()
        words = name.split()
        while words and (words[-1] in lex.demonyms or words[-1].lower() in lex.titles):
            words.pop()
        name = " ".join(words)
        if not name or _CALENDAR.match(name) or name in lex.demonyms:
            return
        if name in lex.organisations or name.split()[0] in lex.organisations:
            return
        at = bisect.bisect_right(starts, start) - 1
        if at >= 0 and any(s <= start < e for s, e in spans[max(0, at - 3) : at + 1]):
            return
        if name in lex.countries:
            name, level = lex.countries[name], 2
        counts[name] += 1
        first.setdefault(name, start)
        rank[name] = min(rank.get(name, level), level)

    for s in sentences:
        if s.kind == "byline" or s.kind in INSTRUCTION_KINDS:
            continue
        text = fold(s.text)
        for m in after_prep.finditer(text):
            start = s.start + m.start("name")
            keep(m["name"], start, 1)
            if m["dir"] and m["name"].split()[0] not in lex.countries:
                keep(f"{m['dir']} {m['name']}", start, 0)
        for m in pair.finditer(text):
            country = lex.countries.get(m["country"].split()[0]) or lex.countries.get(m["country"])
            if country:
                keep(m["city"], s.start + m.start("city"), 1)
                keep(country, s.start + m.start("country"), 2)
    return sorted(counts, key=lambda n: (rank[n], -counts[n], first[n]))
