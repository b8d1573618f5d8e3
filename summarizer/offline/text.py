"""Article text into sentences and tokens, with headlines, captions and bylines marked.

Sentences are exact slices of the article (``text[start:end]``), so any sentence can be used
as an evidence quote as it stands. Tokens keep their character offsets for the same reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from summarizer.brief.text import fold, sentence_spans, word_set
from summarizer.offline.lexicon import lexicon

__all__ = ["Sentence", "Token", "fold", "split_sentences", "tokenize", "word_set"]

Kind = Literal["headline", "caption", "byline", "body"]

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:'\w+)*|[^\w\s]")
_END_PUNCT = re.compile(r"[.!?:\"')\]]\s*$")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its verbatim text, offsets in the article, paragraph and kind."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int
    kind: Kind


@dataclass(frozen=True)
class Token:
    """One word or punctuation mark with its offsets in the article."""

    text: str
    start: int
    end: int

    @property
    def base(self) -> str:
        """The word without a possessive ``'s`` / ``'``."""
        if self.text.endswith("'s"):
            return self.text[:-2]
        return self.text

    @property
    def possessive(self) -> bool:
        """True for "Russia's"."""
        return self.text.endswith("'s")

    @property
    def lower(self) -> str:
        """The base, lower-cased."""
        return self.base.lower()

    @property
    def capitalised(self) -> bool:
        """True when the word starts with a capital letter."""
        return self.text[:1].isupper()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Words (apostrophes inside, possessives kept), dotted acronyms and punctuation marks."""
    folded = fold(text)
    return [Token(m.group(0), m.start() + offset, m.end() + offset) for m in
            _TOKEN.finditer(folded)]  # fmt: skip


def _line_kind(line: str, first: bool, has_more: bool) -> Kind:
    lex = lexicon()
    if any(p.search(line) for p in lex.captions):
        return "caption"
    if any(p.search(line) for p in lex.bylines):
        return "byline"
    if first and has_more and not _END_PUNCT.search(line) and len(line.split()) <= 30:
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
