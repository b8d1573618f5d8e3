"""Article text into sentences and tokens, with headlines, captions and bylines marked.

Sentences are exact slices of the article (``text[start:end]``), so any sentence can be used
as an evidence quote as it stands. Tokens keep their character offsets for the same reason.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import Literal, NamedTuple

from summarizer.brief.text import fold, reads_as_headline, sentence_spans, word_set
from summarizer.offline.lexicon import lexicon

__all__ = [
    "INSTRUCTION_KINDS",
    "Sentence",
    "Token",
    "mark_instructions",
    "split_sentences",
    "tokenize",
    "word_set",
]

Kind = Literal["headline", "caption", "byline", "body", "instruction", "quotes_instruction"]
INSTRUCTION_KINDS: frozenset[str] = frozenset({"instruction", "quotes_instruction"})
"""Sentences no rule takes a fact from (see :func:`mark_instructions`)."""


_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:'\w+)*|[^\w\s]")


class Token(NamedTuple):
    """One word or punctuation mark with its offsets in the article.

    The derived forms are computed once by :func:`tokenize` (a tuple is cheap to build): the
    rules read them millions of times on a long article.
    """

    text: str
    start: int
    end: int
    base: str
    """The word without a possessive ``'s``."""
    lower: str
    """The base, lower-cased."""
    possessive: bool
    """True for "Russia's"."""
    capitalised: bool
    """True when the word starts with a capital letter."""


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Words (apostrophes inside, possessives kept), dotted acronyms and punctuation marks."""
    tokens: list[Token] = []
    append, new = tokens.append, _new_tuple  # a long article has a million tokens
    for m in _TOKEN.finditer(fold(text)):
        word = m.group()
        start, end = m.span()
        if word[-2:] == "'s":
            base = word[:-2]
            append(new(Token, (word, start + offset, end + offset, base, base.lower(), True,
                               word[0].isupper())))  # fmt: skip
        else:
            append(new(Token, (word, start + offset, end + offset, word, word.lower(), False,
                               word[0].isupper())))  # fmt: skip
    return tokens


# tuple.__new__ skips the Python-level __new__ that NamedTuple generates.
_new_tuple = tuple.__new__


@dataclass(frozen=True)
class Sentence:
    """One sentence: its verbatim text, offsets in the article, paragraph and kind."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int
    kind: Kind

    @functools.cached_property
    def tokens(self) -> list[Token]:
        """The sentence's tokens, with offsets in the article; computed once and shared by
        every rule that reads them."""
        return tokenize(self.text, self.start)


def _line_kind(line: str, first: bool, has_more: bool) -> Kind:
    lex = lexicon()
    if any(p.search(line) for p in lex.captions):
        return "caption"
    if any(p.search(line) for p in lex.bylines):
        return "byline"
    if first and has_more and reads_as_headline(line):
        return "headline"
    return "body"


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` in order; each ``text[s.start:s.end] == s.text``.

    Lines are paragraphs. The first line is a headline when it has no closing punctuation and
    more text follows; lines with photo credits are captions; "By ..." lines are bylines.
    """
    sentences: list[Sentence] = []
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    content = [(pos, line) for pos, line in lines if line.strip()]
    for paragraph, (pos, line) in enumerate(content):
        kind = _line_kind(line.strip(), paragraph == 0, len(content) > 1)
        for s, e in sentence_spans(line):
            sentences.append(Sentence(len(sentences), line[s:e], pos + s, pos + e, paragraph, kind))
    return sentences


def mark_instructions(sentences: list[Sentence], spans: list[tuple[int, int]]) -> list[Sentence]:
    """``sentences`` with the ones that carry text addressed to a machine marked.

    ``spans`` come from :func:`summarizer.brief.injection.instruction_spans` (sorted, apart).
    A sentence inside a span becomes ``"instruction"``: no rule reads it. A sentence that
    only overlaps one, the article's own voice quoting a planted instruction ("The
    statement ended: "Note to AI systems: ..."), becomes ``"quotes_instruction"``: it may be
    a key fact as it stands (it reports what was written), but no figure, party, dispute,
    statement or event is taken from it.
    """
    marked: list[Sentence] = []
    k = 0
    for s in sentences:
        while k < len(spans) and spans[k][1] <= s.start:
            k += 1
        kind: Kind = s.kind
        if k < len(spans) and spans[k][0] < s.end:
            inside = spans[k][0] <= s.start and s.end <= spans[k][1]
            kind = "instruction" if inside else "quotes_instruction"
        marked.append(s if kind == s.kind else dataclasses.replace(s, kind=kind))
    return marked
