"""Sentences of an article as exact slices: one splitter for the offline backend, the
long-document chunker and the scorer; and the article's headline, for titles.

A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or brackets) before a space and
a capital, a digit or an opening quote, except after an abbreviation ("Gen.", "Dr."), an
initial ("J.") or a dotted acronym ("U.N."). Offsets always index the text as given, so any
sentence can be used as an evidence quote as it stands.
"""

from __future__ import annotations

import itertools
import re

__all__ = ["fold", "headline", "line_sentences", "reads_as_headline", "sentence_spans", "word_set"]

# One-to-one character folds, so offsets in the folded text are offsets in the original.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "\u00a0": " "})  # fmt: skip


def word_set(words: str) -> frozenset[str]:
    """A set of space-separated words, so long word lists stay readable."""
    return frozenset(words.split())


_ABBREVIATIONS = word_set(
    "mr mrs ms dr gen lt col sgt capt maj st jan feb mar apr jun jul aug sep sept oct nov "
    "dec no vs etc inc corp gov sen rep prof adm brig cmdr rev ft mt"
)
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?]*$")


def fold(text: str) -> str:
    """Curly quotes, dashes and no-break spaces folded to ASCII, keeping every offset.

    ASCII text (most sentences) is returned as it is: the check costs far less than the
    translation, and the offline rules fold every sentence often.
    """
    return text if text.isascii() else text.translate(_FOLD)


def _ends_abbreviation(folded: str, start: int, stop: int) -> bool:
    before = _WORD_BEFORE.search(folded, start, stop)
    word = before.group(1).rstrip(".").lower() if before else ""
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text[start:end]``, whitespace trimmed.

    >>> text = "Gen. Lee spoke. Aid arrived."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Gen. Lee spoke.', 'Aid arrived.']
    """
    stop = len(text) if end is None else end
    # Only the range is folded: line_sentences asks for every line of a long article, and
    # folding the whole text for each line made it quadratic. Offsets in ``folded`` are
    # offsets from ``start``.
    folded = fold(text[start:stop])
    cuts: list[int] = [0]
    for match in _BOUNDARY.finditer(folded):
        if folded[match.start()] == "." and _ends_abbreviation(folded, cuts[-1], match.start() + 1):
            continue
        cuts.append(match.end())
    cuts.append(stop - start)
    spans: list[tuple[int, int]] = []
    for s, e in itertools.pairwise(cut + start for cut in cuts):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans


def line_sentences(text: str) -> list[str]:
    """Every sentence of ``text``, line by line (a line is a paragraph), verbatim."""
    sentences: list[str] = []
    for line in re.finditer(r"[^\n]+", text):
        sentences += [text[s:e] for s, e in sentence_spans(text, line.start(), line.end())]
    return sentences


_CLOSING_PUNCTUATION = re.compile(r"[.!?:\"')\]]\s*$")
_BYLINE = re.compile(r"^by(?:\s+\S+){1,4}$", re.IGNORECASE)
HEADLINE_MAX_WORDS = 30


def reads_as_headline(line: str) -> bool:
    """True when ``line`` has a headline's shape: no closing punctuation (a sentence, a
    quote, a bracketed note, a "said:" lead-in) and at most 30 words. The one rule for
    :func:`headline` and the offline backend's headline line."""
    return not _CLOSING_PUNCTUATION.search(line) and len(line.split()) <= HEADLINE_MAX_WORDS


def headline(text: str) -> str | None:
    """The article's headline: its first non-blank line, when that reads as one — no closing
    punctuation (a sentence, a quote, a bracketed note, a "said:" lead-in), at most 30 words,
    not a byline ("By ..."), and more text after it. None otherwise.

    >>> headline("Floods cut the Tarn valley road\\n\\nRescuers reached it on Monday.")
    'Floods cut the Tarn valley road'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    first = lines[0]
    if not reads_as_headline(first) or _BYLINE.match(first):
        return None
    return first
