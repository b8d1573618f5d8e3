"""Edits of a brief that a model might make: other names, other words, errors.

The probe suite (:mod:`summarizer.evals.probes.suite`) starts from the brief built from gold
(:mod:`summarizer.evals.probes.builder`) and applies these pure functions to make predictions whose
right score is known: a renamed party means the same, a negated fact does not. Each function
returns a new brief (or text) and never changes its input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from summarizer.brief.grounding import normalise_name
from summarizer.brief.schema import Brief, DisputedFact, Figure, KeyFact, Party
from summarizer.brief.text import word_set

__all__ = [
    "negate",
    "reformat_numbers",
    "rename_party",
    "replace_parties",
    "swap_mentions",
    "with_disputes",
    "with_figures",
    "with_key_facts",
    "with_situation",
]

T = TypeVar("T")


def with_figures(brief: Brief, figures: Sequence[Figure]) -> Brief:
    """``brief`` with its humanitarian figures replaced."""
    humanitarian = brief.humanitarian.model_copy(update={"figures": list(figures)})
    return brief.model_copy(update={"humanitarian": humanitarian})


def with_disputes(brief: Brief, disputes: Sequence[DisputedFact]) -> Brief:
    """``brief`` with its disputed facts replaced."""
    return brief.model_copy(update={"disputed_facts": list(disputes)})


def summary_of(facts: Sequence[KeyFact]) -> str:
    """The summary the builder writes: the first two key facts (see ``builder``)."""
    return " ".join(f.statement for f in facts[:2])


def with_key_facts(brief: Brief, facts: Sequence[KeyFact], *, summary: str | None = None) -> Brief:
    """``brief`` with its key facts replaced and its summary rebuilt from them.

    The builder's summary is made of the first two key facts, so an edit of the facts that
    left the summary alone would leave the old wording in the brief.
    """
    text = summary if summary is not None else summary_of(facts)
    situation = brief.situation.model_copy(
        update={"key_facts": list(facts), "summary": text or brief.situation.summary}
    )
    return brief.model_copy(update={"situation": situation})


def with_situation(brief: Brief, **changes: object) -> Brief:
    """``brief`` with fields of its situation replaced (``reporting_date=...``)."""
    return brief.model_copy(update={"situation": brief.situation.model_copy(update=changes)})


def replace_parties(brief: Brief, parties: Sequence[Party]) -> Brief:
    """``brief`` with its parties replaced (references in disputes and figures untouched)."""
    return brief.model_copy(update={"parties": list(parties)})


def _renamed(names: list[str], old: set[str], new: str) -> list[str]:
    return [new if normalise_name(n) in old else n for n in names]


def rename_party(brief: Brief, index: int, new: str, *, references: bool = True) -> Brief:
    """Party ``index`` renamed to ``new`` with no aliases, as a model might name it.

    With ``references`` (the default) every dispute claimant or disputer and every figure
    source that named the party by its old name or an alias names it ``new`` too.
    """
    party = brief.parties[index]
    old = {normalise_name(n) for n in party.names()}
    parties = list(brief.parties)
    parties[index] = party.model_copy(update={"name": new, "aliases": []})
    edited = replace_parties(brief, parties)
    if not references:
        return edited
    disputes = [
        d.model_copy(
            update={
                "claimed_by": _renamed(d.claimed_by, old, new),
                "disputed_by": _renamed(d.disputed_by, old, new),
            }
        )
        for d in edited.disputed_facts
    ]
    figures = [
        f.model_copy(update={"source": new}) if f.source and normalise_name(f.source) in old else f
        for f in edited.humanitarian.figures
    ]
    return with_figures(with_disputes(edited, disputes), figures)


_AUXILIARIES = [
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "must",
    "should",
    "does",
    "do",
    "did",
]
_AUX = re.compile(r"\b(" + "|".join(_AUXILIARIES) + r")\b(?!\s+not\b)")
_DETERMINERS = {"the", "a", "an", "some", "dozens", "between", "about", "more", "up"}


def _lower_first(sentence: str) -> str:
    first = sentence.split(" ", 1)[0]
    if first.lower() in _DETERMINERS or first.isdigit():
        return sentence[:1].lower() + sentence[1:]
    return sentence


def negate(sentence: str, *, style: str = "prefix") -> str:
    """``sentence`` made to say the opposite.

    ``style="prefix"`` writes "It is false that ..."; ``style="not"`` puts "not" after the
    first auxiliary verb ("are obstructing" -> "are not obstructing") and falls back to the
    prefix when there is none.
    """
    body = sentence.strip().rstrip(".")
    if style == "not":
        match = _AUX.search(body)
        if match:
            return f"{body[: match.end()]} not{body[match.end() :]}."
    return f"It is false that {_lower_first(body)}."


def _mention(sentence: str, names: Sequence[str]) -> re.Match[str] | None:
    """The longest of ``names`` written in ``sentence`` (whole words, any case)."""
    for name in sorted(names, key=len, reverse=True):
        found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", sentence, re.IGNORECASE)
        if found:
            return found
    return None


_COMPOUND_NOUNS = word_set(
    "station staff clinic units unit positions convoy spokesman spokeswoman chief officers "
    "headquarters base negotiators"
)
_LIST_ITEM = re.compile(r"\b(?:[A-Z][\w'-]*|and|or)\b|[,\s]")


def _standalone(sentence: str, found: re.Match[str]) -> bool:
    """Whether a mention names the actor itself, not part of a longer name or a compound
    ("police station", "Governor Ana Velich", "Open Hands clinic")."""
    before = sentence[: found.start()].rstrip().split(" ")[-1:]
    after = sentence[found.end() :].lstrip(" ").split(" ")[:1]
    word_before = before[0] if before and found.start() > 0 else ""
    word_after = re.sub(r"\W+$", "", after[0]) if after else ""
    if word_after[:1].isupper() or word_after.lower() in _COMPOUND_NOUNS:
        return False
    return not (word_before[:1].isupper() and word_before.lower() not in {"the", "but", "and"})


def swap_mentions(sentence: str, first: Sequence[str], second: Sequence[str]) -> str | None:
    """``sentence`` with the mentions of two actors exchanged; None unless both are named.

    ``first`` and ``second`` are each actor's names (name and aliases); the longest one
    written in the sentence is the mention. Mentions that overlap, that are part of a
    compound or a longer name, or that stand in one list ("A, B and C", where the swap
    changes nothing) are not swapped.
    """
    a, b = _mention(sentence, first), _mention(sentence, second)
    if a is None or b is None or (a.start() < b.end() and b.start() < a.end()):
        return None
    if not (_standalone(sentence, a) and _standalone(sentence, b)):
        return None
    (lo, lo_text), (hi, hi_text) = sorted(
        [(a, b.group(0)), (b, a.group(0))], key=lambda pair: pair[0].start()
    )
    if not _LIST_ITEM.sub("", sentence[lo.end() : hi.start()]):
        return None  # "A, B and C": one list, nothing to reverse
    return (
        _before(sentence[: lo.start()], lo_text)
        + _capital_like(lo.group(0), lo_text)
        + _before(sentence[lo.end() : hi.start()], hi_text)
        + _capital_like(hi.group(0), hi_text)
        + sentence[hi.end() :]
    )


def _before(text: str, mention: str) -> str:
    """``text`` without a trailing article when the mention brings its own ("the the")."""
    if mention.lower().startswith("the "):
        return re.sub(r"(?i)\bthe\s+$", "", text)
    return text


def _capital_like(model: str, text: str) -> str:
    if model[:1].isupper() and text[:1].islower():
        return text[:1].upper() + text[1:]
    if model[:1].islower() and text[:1].isupper() and text.split(" ", 1)[0].lower() == "the":
        return text[:1].lower() + text[1:]
    return text


_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3})((?:,\d{3})+)(?![\d,]|\.\d)")


def reformat_numbers(text: str, separator: str) -> str:
    """Thousands separators in ``text`` ("118,000") rewritten with ``separator``."""
    return _GROUPED.sub(lambda m: m.group(1) + m.group(2).replace(",", separator), text)


def map_items(items: Sequence[T], edit: Callable[[T], T | None]) -> tuple[list[T], list[int]]:
    """Each item edited (None keeps it as it was), with the indexes that changed."""
    result: list[T] = []
    changed: list[int] = []
    for i, item in enumerate(items):
        new = edit(item)
        if new is None:
            result.append(item)
        else:
            result.append(new)
            changed.append(i)
    return result, changed
