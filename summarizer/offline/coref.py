"""Coreference for speakers: "the group said" is the group the article just named.

A definite description, "the" + at most two lower-case words + a head noun from the lexicon's
``coreference_heads`` ("the group", "the rights group", "the committee", "the station"),
refers to the most recently mentioned party that it can stand for:

- the party's name (or an alias) ends in the head noun: "the Free Brigades" ... "the
  brigade", "the Relief Committee" ... "the committee";
- or the party's type is one the lexicon lists for the head: "the group" for an armed group,
  a militia or an NGO; "the station" for a media outlet.

A word between "the" and the head that the lexicon's ``coreference_modifiers`` lists
replaces the head's types: "the relief group" is an NGO, "the armed group" is not.

The antecedent must stand within the last :data:`WINDOW` sentences and in the same paragraph
or the previous one. Past that window only an unambiguous name still counts: when exactly one
party of the whole article has a name ending in the head noun and it was named earlier ("the
Harbour Watch Committee" ... five paragraphs on ... "the committee"), the description is that
party. A description with no antecedent stays unresolved, so nothing is invented.

A description the actor rules already read as a party ("the army", "the ministry") is
re-pointed only when a nearby party's name ends in its head noun ("the Tolvar Army" ... "the
army"), never by type nor past the window, since the actor rules' own reading is then the
better guess.

The result is a list of mentions for attribution only (figure sources, claim makers and
deniers): the parties themselves, their names, aliases and evidence do not change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from summarizer.brief.schema import PartyType
from summarizer.offline.actors import Mention, by_sentence
from summarizer.offline.lexicon import lexicon
from summarizer.offline.parties import PartyDraft
from summarizer.offline.text import Sentence, Token

__all__ = ["WINDOW", "resolve_references"]

WINDOW = 3
"""How many sentences back an antecedent may stand."""
_MAX_MODIFIERS = 2
# Words between "the" and the head that make the phrase something other than a reference:
# "the same group", "the other committee", "the first mission".
_BLOCKING = frozenset(
    {"same", "other", "another", "first", "second", "new", "next", "last", "former", "whole",
     "entire", "only", "two", "three", "both"}
)  # fmt: skip


def _same_noun(word: str, head: str) -> bool:
    """``word`` is ``head`` in the singular or the plural."""
    return word == head or word == head + "s" or head == word + "s"


def _last_words(draft: PartyDraft) -> set[str]:
    names = [draft.name, *draft.aliases()]
    return {n.split()[-1].lower() for n in names if n.split()}


def _references(tokens: list[Token], heads: Iterable[str]) -> list[tuple[int, int]]:
    """(index of "the", index of the head) for every definite description in ``tokens``."""
    head_set = set(heads)
    found: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens):
        if tok.lower != "the":
            continue
        for j in range(i + 1, min(i + 2 + _MAX_MODIFIERS, len(tokens))):
            word = tokens[j]
            if word.capitalised or (not word.text.isalpha() and not word.possessive):
                break
            if word.lower in head_set:
                after = tokens[j + 1] if j + 1 < len(tokens) else None
                # "the group of villagers" describes, it does not refer back.
                if after is None or after.lower != "of":
                    found.append((i, j))
                break
            if word.lower in _BLOCKING or word.possessive:
                break
    return found


class _Resolver:
    """Mentions in article order, searched backwards for an antecedent."""

    def __init__(self, sentences: list[Sentence], mentions: list[Mention],
                 drafts: list[PartyDraft]) -> None:  # fmt: skip
        self.paragraph = {s.index: s.paragraph for s in sentences}
        self.drafts = {d.key: d for d in drafts}
        self.ends = {d.key: _last_words(d) for d in drafts}
        self.by_sentence = by_sentence(mentions)
        self.named_by_head: dict[str, list[str]] = {}
        # Where each party is first named, as (sentence, end offset): "named before" is then
        # one comparison, not a scan of every earlier sentence.
        self.first: dict[str, tuple[int, int]] = {}
        for m in mentions:
            self._note_first(m)

    def _note_first(self, mention: Mention) -> None:
        """Record where ``mention``'s party is named, if earlier than known so far."""
        here = (mention.sentence, mention.end)
        if mention.key not in self.first or here < self.first[mention.key]:
            self.first[mention.key] = here

    def antecedent(self, index: int, before: int, head: str, types: frozenset[PartyType],
                   *, by_name_only: bool) -> str | None:  # fmt: skip
        """The key of the most recent party ``head`` can stand for, if any is near enough,
        else of the one party whose name ends in ``head``, if it was named before."""
        near = self._near(index, before, head, types, by_name_only=by_name_only)
        if near is not None or by_name_only:
            # A head the actor rules already read ("the army") keeps their reading at a
            # distance: a state army and a rebel "Liberation Army" may share the word.
            return near
        named = self._named(head)
        if len(named) != 1:
            return None
        first = self.first.get(named[0])
        return named[0] if first is not None and first <= (index, before) else None

    def _named(self, head: str) -> list[str]:
        """The parties whose name or an alias ends in ``head`` (memoised per head)."""
        if head not in self.named_by_head:
            self.named_by_head[head] = [k for k, ends in self.ends.items()
                                        if any(_same_noun(w, head) for w in ends)]  # fmt: skip
        return self.named_by_head[head]

    def _near(self, index: int, before: int, head: str, types: frozenset[PartyType],
              *, by_name_only: bool) -> str | None:  # fmt: skip
        paragraph = self.paragraph[index]
        for k in range(index, index - WINDOW - 1, -1):
            if k not in self.paragraph or self.paragraph[k] < paragraph - 1:
                continue
            own = [m for m in self.by_sentence.get(k, []) if k < index or m.end <= before]
            for m in sorted(own, key=lambda m: m.start, reverse=True):
                draft = self.drafts.get(m.key)
                if draft is None or draft.type is PartyType.CIVILIANS:
                    continue
                if any(_same_noun(w, head) for w in self.ends[m.key]):
                    return m.key
                if not by_name_only and draft.type in types:
                    return m.key
        return None

    def add(self, mention: Mention) -> None:
        """Make ``mention`` an antecedent for later descriptions ("the group ... the group")."""
        self._note_first(mention)
        own = self.by_sentence.setdefault(mention.sentence, [])
        own[:] = [m for m in own if m is not mention and
                  not (m.start == mention.start and m.end == mention.end)] + [mention]  # fmt: skip


def resolve_references(
    sentences: list[Sentence], mentions: list[Mention], drafts: list[PartyDraft]
) -> list[Mention]:
    """``mentions`` plus one mention per resolved definite description, in article order.

    A description the actor rules already keyed is replaced by a copy with the new key; the
    originals are left untouched (parties keep their evidence and aliases).
    """
    lex = lexicon()
    coref_heads = lex.coreference_heads
    resolver = _Resolver(sentences, mentions, drafts)
    out = list(mentions)
    replaced: dict[int, Mention] = {}
    for s in sentences:
        if s.kind != "body":
            continue
        tokens = s.tokens
        own = resolver.by_sentence.get(s.index, [])
        for i, j in _references(tokens, coref_heads):
            the, head = tokens[i], tokens[j]
            covering = [m for m in own if m.start < head.end and the.start < m.end]
            existing: Mention | None = None
            if covering:
                existing = covering[0]
                exact = existing.start == head.start and existing.end == head.end
                if len(covering) > 1 or existing.kind != "group" or not exact:
                    continue
            named = [lex.coreference_modifiers[t.lower] for t in tokens[i + 1 : j]
                     if t.lower in lex.coreference_modifiers]  # fmt: skip
            types = frozenset().union(*named) if named else coref_heads[head.lower]
            key = resolver.antecedent(s.index, the.start, head.lower, types,
                                      by_name_only=existing is not None)  # fmt: skip
            if key is None or (existing is not None and key == existing.key):
                continue
            if existing is not None:
                new = dataclasses.replace(existing, key=key)
                replaced[id(existing)] = new
            else:
                new = Mention(s.index, the.start, head.end, s.text[the.start - s.start :
                              head.end - s.start], "coref", key=key)  # fmt: skip
                out.append(new)
            resolver.add(new)
    out = [replaced.get(id(m), m) for m in out]
    out.sort(key=lambda m: (m.sentence, m.start))
    return out
