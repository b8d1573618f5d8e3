"""What a reader should know about an offline brief: the language it reads, capped lists.

The offline rules and lexicon are English. On another language they find little or nothing,
and an empty brief would look like an article without parties or figures; :func:`looks_english`
lets the backend say so instead (:data:`ENGLISH_ONLY_NOTE`).

The check is cheap and needs no language model: an article is English when most of its
letters are Latin and a fifth or more of its lower-case words are common English function
words ("the", "of", "and", "said", "were", ...). Capitalised words are left out of the count,
so an English article full of names still passes; French, Spanish, German and Arabic text
share almost none of these words (words they do share, such as "a", "on", "no", "in",
"was", "also" and "will", are left out of the list).
"""

from __future__ import annotations

import re

from summarizer.offline.text import word_set

__all__ = ["ENGLISH_ONLY_NOTE", "looks_english", "more_note"]

ENGLISH_ONLY_NOTE = (
    "The offline backend reads English only, and this article does not look like English: "
    "the brief may miss its parties, figures and disputes."
)
"""The reader note (and stderr line) for an article that does not look like English."""

_FUNCTION_WORDS = word_set(
    "the of and to is were are be been has have had that this these those with for "
    "from by at it its they their them he his she her we our who which what when where "
    "said says told after before about against between into over under during while than "
    "but or not would could should may might can more most other some any many "
    "been being there here than then because since until only just very such both each "
    "people killed"
)
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_CHARS = 200_000
"""Only the start of a long text is read: the language of an article does not change."""
_MIN_WORDS = 12
"""Fewer lower-case words than this say too little to judge: the text counts as English."""
_MIN_SHARE = 0.2
_MIN_LATIN = 0.5


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for c in letters if c < "\u0250") / len(letters)


def looks_english(text: str) -> bool:
    """True unless ``text`` is plainly in another language or script.

    >>> looks_english("The army said at least 12 people were killed in the town on Tuesday.")
    True
    >>> looks_english("L'armée a déclaré mardi que douze personnes avaient été tuées dans la "
    ...               "ville et que les secours étaient bloqués depuis le matin.")
    False
    """
    sample = text[:_SAMPLE_CHARS]
    if _latin_share(sample) < _MIN_LATIN:
        return False
    words = [
        w.lower() for w in _WORD.findall(sample) if w.islower() or w.lower() in _FUNCTION_WORDS
    ]
    if len(words) < _MIN_WORDS:
        return True
    hits = sum(1 for w in words if w in _FUNCTION_WORDS)
    return hits / len(words) >= _MIN_SHARE


def more_note(count: int, one: str, many: str) -> str:
    """The note for a list the brief cut short: "12 more dated events not shown."."""
    return f"{count} more {one if count == 1 else many} not shown."
