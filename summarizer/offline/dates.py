"""Dates: the reporting date an article states, and event dates resolved against it.

News copy dates events relative to its own date ("said on Wednesday", "delayed until
Thursday"). Past-tense mentions resolve to the latest such weekday on or before the reporting
date; future ones ("until", "will", "may be") to the first on or after it.

The reporting date comes from a dateline or a "Published ..." line. When the article states
none but dates a photo caption, the caption date is a lower bound, and the weekday of the lead
sentence ("said on Wednesday", the wire convention for the day of the report) fixes the
reporting date as the first such weekday on or after it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from summarizer.brief.text import fold
from summarizer.offline.lexicon import lexicon
from summarizer.offline.text import INSTRUCTION_KINDS, Sentence

__all__ = [
    "DateMention",
    "dateline_country",
    "dateline_end",
    "find_full_dates",
    "relative_dates",
    "reporting_date",
    "resolve_weekday",
]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_FULL_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b",
               re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b",
               re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
)  # fmt: skip
# "DUNMERE, Marovia, March 3, 2031 -" or "LONDON, 14 December 2016 (Reuters) -".
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+,(?:\s*[A-Z][\w .'-]*,)?\s*[^-]{6,30}?(?:\(\w+\))?\s*-")
_PUBLISHED = re.compile(r"\b(?:published|updated|posted|dated|first published)\b", re.I)
# Prepositions and yesterday/today/tomorrow may open a sentence ("On Tuesday, ...").
_RELATIVE = re.compile(
    r"\b(?:(?P<prep>(?i:on|until|till|by|for|since|from|last|next|this|early|late|before|after))"
    r"\s+)?(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:night|morning|afternoon|evening))?\b"
    r"|\b(?P<rel>(?i:yesterday|today|tomorrow))\b"
)
# "a march for Saturday" is planned: forward, like "until" and "by".
_FORWARD_PREPS = frozenset({"until", "till", "by", "for", "next"})


@dataclass(frozen=True)
class DateMention:
    """A resolved date with the words that gave it and where they stand."""

    date: dt.date
    expression: str | None
    start: int
    end: int


def find_full_dates(text: str, offset: int = 0) -> list[DateMention]:
    """Every date written in full ("December 13, 2016", "13 Dec 2016", "2016-12-13")."""
    found: list[DateMention] = []
    for pattern in _FULL_DATES:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[m["month"].lower()]
            try:
                date = dt.date(int(m["year"]), month, int(m["day"]))
            except ValueError:
                continue
            found.append(DateMention(date, None, m.start() + offset, m.end() + offset))
    return sorted(found, key=lambda d: d.start)


def dateline_end(text: str) -> int:
    """Where the text after a leading dateline ("DUNMERE, Marovia, March 3, 2031 - ") starts;
    0 when ``text`` opens with none."""
    match = _DATELINE.match(fold(text))
    if match is None:
        return 0
    end = match.end()
    return end + len(text[end:]) - len(text[end:].lstrip())


_DATELINE_PLACE = re.compile(r"^[A-Z][A-Z .'-]+,\s*([A-Z][a-z][\w'-]*(?: [A-Z][\w'-]*){0,2}),")


def dateline_country(text: str) -> str | None:
    """The country a dateline names after its city ("DUNMERE, Marovia, March 3, 2031 - ")."""
    if _DATELINE.match(fold(text)) is None:
        return None
    place = _DATELINE_PLACE.match(fold(text))
    if place is None or place.group(1).split()[0].lower().rstrip(".") in _MONTHS:
        return None
    return place.group(1)


def resolve_weekday(reporting: dt.date, weekday: str, *, forward: bool) -> dt.date:
    """The ``weekday`` nearest ``reporting``: on or before it, or on or after when forward.

    >>> resolve_weekday(dt.date(2016, 12, 14), "Tuesday", forward=False)
    datetime.date(2016, 12, 13)
    """
    target = WEEKDAYS.index(weekday.lower())
    delta = (target - reporting.weekday()) % 7
    if forward:
        return reporting + dt.timedelta(days=delta)
    return reporting - dt.timedelta(days=(7 - delta) % 7)


def _is_forward(sentence: str, prep: str | None, at: int) -> bool:
    if prep and prep.lower() in _FORWARD_PREPS:
        return True
    if prep and prep.lower() in ("last", "since"):
        return False
    return bool(lexicon().future.search(sentence[:at]))


def reporting_date(sentences: list[Sentence]) -> dt.date | None:
    """The article's date: a dateline or "Published" line, else inferred from a caption date."""
    sentences = [s for s in sentences if s.kind not in INSTRUCTION_KINDS]
    lines = [s for s in sentences if s.kind != "caption"]
    for s in lines[:4]:
        dateline = _DATELINE.match(fold(s.text))
        if dateline:
            dates = find_full_dates(dateline.group(0))
            if dates:
                return dates[0].date
        dates = find_full_dates(s.text)
        if dates and (len(s.text.split()) <= 12 or _PUBLISHED.search(s.text)):
            return dates[0].date
    for s in sentences:
        if _PUBLISHED.search(s.text):
            dates = find_full_dates(s.text)
            if dates:
                return dates[0].date
    captioned = [d.date for s in sentences if s.kind == "caption" for d in
                 find_full_dates(s.text)]  # fmt: skip
    lead = next((s for s in sentences if s.kind == "body"), None)
    if not captioned or lead is None:
        return None
    match = re.search(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
                      lead.text)  # fmt: skip
    if match is None:
        return None
    return resolve_weekday(max(captioned), match.group(1), forward=True)


def relative_dates(sentence: Sentence, reporting: dt.date) -> list[DateMention]:
    """Weekday and yesterday/today/tomorrow expressions in ``sentence``, resolved."""
    found: list[DateMention] = []
    text = fold(sentence.text)
    for m in _RELATIVE.finditer(text):
        if m["rel"]:
            shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["rel"].lower()]
            date = reporting + dt.timedelta(days=shift)
        else:
            forward = _is_forward(text, m["prep"], m.start())
            date = resolve_weekday(reporting, m["day"], forward=forward)
            if m["prep"] and m["prep"].lower() == "last" and date == reporting:
                date -= dt.timedelta(days=7)
            if m["prep"] and m["prep"].lower() == "next" and date == reporting:
                date += dt.timedelta(days=7)
        found.append(
            DateMention(date, m.group(0), sentence.start + m.start(), sentence.start + m.end())
        )
    return found
