"""Numbers as news text writes them: "82", "12,000", "1.5 million", "eighty-two", "a dozen".

Pure functions shared by grounding (a figure's count must occur in its quote), the offline
backend (finding figures) and the eval harness (numbers that occur nowhere in the article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["NumberMention", "find_numbers", "numbers_in", "parse_number"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD_VALUES = {**_UNITS, **_TENS, "hundred": 100, **_SCALES, "dozen": 12}

_WORD = r"(?:" + "|".join(sorted(_WORD_VALUES, key=len, reverse=True)) + r")"
# A run of number words joined by spaces, hyphens or "and" ("two hundred and fifty").
_WORD_RUN = re.compile(rf"\b(?:an?\s+)?{_WORD}(?:(?:\s+and\s+|[\s-]+){_WORD})*\b", re.IGNORECASE)
_DIGITS = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"
    # "5 million" may take a space; "5m" / "5bn" only when attached ("100 m" is metres).
    r"(?:\s*(thousand|million|billion)\b|(k|m|bn)\b)?(?![\w,]\d)",
    re.IGNORECASE,
)
_SUFFIX = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000, **_SCALES}


@dataclass(frozen=True)
class NumberMention:
    """One number found in text: its value and where it stands."""

    value: int
    start: int
    end: int
    text: str


def _words_to_int(words: list[str]) -> int | None:
    total = 0
    current = 0
    seen = False
    for word in words:
        if word in ("a", "an"):
            # "a hundred", "a dozen": the multiplier below treats a missing count as one,
            # and "a five-day truce" must stay five.
            continue
        value = _WORD_VALUES.get(word)
        if value is None:
            return None
        seen = True
        if word == "dozen":
            current = max(current, 1) * 12
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * value
            current = 0
        else:
            current += value
    return total + current if seen else None


def parse_number(text: str) -> int | None:
    """Parse one number written in digits or words; None when it is not one.

    >>> parse_number("12,000"), parse_number("eighty-two"), parse_number("1.5 million")
    (12000, 82, 1500000)
    """
    text = text.strip()
    match = _DIGITS.fullmatch(text)
    if match:
        return _digits_value(match)
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w != "and"]
    return _words_to_int(words)


def _digits_value(match: re.Match[str]) -> int:
    whole, fraction = match.group(1), match.group(2)
    suffix = match.group(3) or match.group(4)
    value = float(whole.replace(",", "") + ("." + fraction if fraction else ""))
    if suffix:
        value *= _SUFFIX[suffix.lower()]
    return round(value)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in ``text``, in digits or in words, in order of appearance.

    Vague plurals ("dozens", "hundreds", "thousands") are not numbers and are not returned.
    """
    mentions: list[NumberMention] = []
    for match in _DIGITS.finditer(text):
        mentions.append(
            NumberMention(_digits_value(match), match.start(), match.end(), match.group(0))
        )
    taken = [(m.start, m.end) for m in mentions]
    for match in _WORD_RUN.finditer(text):
        # "million" in "1.5 million" belongs to the digits already found.
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        value = parse_number(match.group(0))
        if value is not None:
            mentions.append(NumberMention(value, match.start(), match.end(), match.group(0)))
    return sorted(mentions, key=lambda m: m.start)


def numbers_in(text: str) -> set[int]:
    """The set of values :func:`find_numbers` finds; handy for membership checks."""
    return {m.value for m in find_numbers(text)}
