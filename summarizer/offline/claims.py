"""Claims as the dispute reader keeps them: drafts, and an index to find them again.

A :class:`DisputeDraft` is a claim with its maker and targets, and what later sentences did
to it (denied, retracted, confirmed, hedged). The :class:`ClaimBook` keeps the drafts in
article order with two indexes (by maker; by maker and blamed targets), so that "a recent
claim" and "the same claim again" cost the window's length, not the article's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from summarizer.brief.schema import DisputeStatus
from summarizer.offline.text import Sentence

__all__ = ["REPEAT_WINDOW", "ClaimBook", "DisputeDraft", "terms"]

REPEAT_WINDOW = 40
"""How many of a maker's latest claims a new claim is compared with to drop a repeat."""
_BLAME_KINDS = frozenset({"accusation", "blame"})
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORD_TEXT = """
    a an the of to in on at by for from with and or but that this these those its their his
    her it they he she was were is are be been had has have said says which who as into over
    near after before since than not no
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass
class DisputeDraft:
    """A claim with its maker, its targets and what later sentences did to it."""

    claim: str
    claimed_by: str
    targets: list[str]
    sentence: Sentence
    kind: str = "statement"
    """"accusation", "blame", "responsibility", "statement", "retraction" or "counter"."""
    published: bool = True
    """False for a candidate: a statement kept only in case a later sentence answers it."""
    disputed_by: list[str] = field(default_factory=list)
    counter_claim: str | None = None
    retracted: bool = False
    confirmed_by: list[str] = field(default_factory=list)
    support: list[Sentence] = field(default_factory=list)
    """Later sentences that deny, retract, confirm or hedge it, in article order."""

    @functools.cached_property
    def claim_terms(self) -> frozenset[str]:
        """:func:`terms` of the claim, worked out once: every later claim and confirmation
        in the window is compared with it (the claim is never rewritten)."""
        return frozenset(terms(self.claim))

    @property
    def status(self) -> DisputeStatus:
        """Retracted beats contested, contested beats confirmed, else unverified."""
        if self.retracted:
            return DisputeStatus.RETRACTED
        if self.disputed_by:
            return DisputeStatus.CONTESTED
        if self.confirmed_by:
            return DisputeStatus.CONFIRMED
        return DisputeStatus.UNVERIFIED

    def add_support(self, sentence: Sentence) -> None:
        """Record ``sentence`` as evidence once."""
        if sentence.index != self.sentence.index and sentence not in self.support:
            self.support.append(sentence)


def terms(text: str) -> set[str]:
    """Content words cut to five letters, enough to see that two statements share a topic."""
    return {w[:5] for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) > 2}


class ClaimBook:
    """The drafts of one article in article order, indexed by maker and by blame."""

    def __init__(self) -> None:
        self.drafts: list[DisputeDraft] = []
        self.by_maker: dict[str, list[DisputeDraft]] = {}
        self.blames: dict[tuple[str, tuple[str, ...]], DisputeDraft] = {}

    def within(self, sentence: Sentence, window: int) -> list[DisputeDraft]:
        """Drafts made in the ``window`` sentences up to ``sentence`` (itself included), in
        article order. Drafts are appended in article order, so the scan stops at the first
        one too old: the cost is the window's, not the article's."""
        found: list[DisputeDraft] = []
        for d in reversed(self.drafts):
            if sentence.index - d.sentence.index > window:
                break
            found.append(d)
        return found[::-1]

    def recent(self, sentence: Sentence, other_than: str, window: int) -> list[DisputeDraft]:
        """Claims of the last ``window`` sentences before ``sentence`` that ``other_than``
        neither made nor already denied."""
        return [d for d in self.within(sentence, window) if d.sentence.index < sentence.index
                and d.claimed_by != other_than
                and other_than not in d.disputed_by]  # fmt: skip

    def same_claim(self, draft: DisputeDraft) -> DisputeDraft | None:
        """An earlier claim of the same maker that ``draft`` repeats: the same blame on the same
        targets, or one of the maker's last :data:`REPEAT_WINDOW` claims sharing most terms."""
        if draft.kind in _BLAME_KINDS and draft.targets:
            old = self.blames.get((draft.claimed_by, tuple(draft.targets)))
            if old is not None:
                return old
        said = draft.claim_terms
        for old in self.by_maker.get(draft.claimed_by, [])[-REPEAT_WINDOW:]:
            known = old.claim_terms
            if len(said & known) / max(1, min(len(said), len(known))) >= 0.6:
                return old
        return None

    def add(self, draft: DisputeDraft) -> DisputeDraft | None:
        """Keep ``draft`` unless its maker already made the same claim."""
        old = self.same_claim(draft)
        if old is not None:
            old.published = old.published or draft.published
            return None
        self.keep(draft)
        return draft

    def keep(self, draft: DisputeDraft) -> None:
        """Record ``draft`` and index it by maker (and, for blame, by maker and targets)."""
        self.drafts.append(draft)
        self.by_maker.setdefault(draft.claimed_by, []).append(draft)
        if draft.kind in _BLAME_KINDS and draft.targets:
            self.blames.setdefault((draft.claimed_by, tuple(draft.targets)), draft)
