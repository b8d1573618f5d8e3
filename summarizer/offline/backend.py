"""The offline backend: one article in, one fully grounded :class:`Brief` and its notes out.

Every item's evidence is a whole sentence of the article (:mod:`text` keeps sentences as exact
slices), every figure's count comes from a number found in that sentence, and every name in
a disputed fact is a party's name, so the brief validates against its source by construction.

The steps: find text addressed to a machine reader and mark its sentences (nothing is taken
from them); read the article (parties, figures, claims, dates); keep the parties the
labelling guide counts (:mod:`policy`); choose the prose, no sentence twice (:mod:`sections`);
cap every list and say what was left out in the notes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

from summarizer.brief.grounding import is_long_enough
from summarizer.brief.injection import INSTRUCTION_NOTE, instruction_spans
from summarizer.brief.schema import (
    Brief,
    DisputedFact,
    EventDate,
    Figure,
    HumanitarianStatus,
    Party,
    PartyType,
    Representative,
    Side,
    Situation,
)
from summarizer.offline.actors import Mention, by_sentence
from summarizer.offline.coref import resolve_references
from summarizer.offline.dates import reporting_date as stated_date
from summarizer.offline.disputes import DisputeDraft, extract_disputes
from summarizer.offline.events import event_dates as find_event_dates
from summarizer.offline.figures import FigureDraft, attributions, extract_figures
from summarizer.offline.lexicon import lexicon
from summarizer.offline.notes import ENGLISH_ONLY_NOTE, looks_english, more_note
from summarizer.offline.parties import PartyDraft, extract_parties
from summarizer.offline.places import extract_locations
from summarizer.offline.policy import apply_party_policy
from summarizer.offline.sections import choose_prose
from summarizer.offline.text import Sentence, mark_instructions, split_sentences

__all__ = ["MAX_DISPUTES", "MAX_EVENTS", "MAX_FIGURES", "MAX_PARTIES", "OfflineResult",
           "build_brief"]  # fmt: skip

MAX_EVENTS = 12
MAX_FIGURES = 40
MAX_PARTIES = 30
MAX_DISPUTES = 20
"""Caps on the brief's lists, so a 2 MB article still gives a brief a person can read; what
a cap leaves out is counted in the notes ("12 more dated events not shown.")."""

_T = TypeVar("_T")
_TYPE_LABELS = {
    PartyType.STATE: "State government",
    PartyType.STATE_ARMED_FORCES: "State armed forces",
    PartyType.FOREIGN_STATE: "Foreign state",
    PartyType.NON_STATE_ARMED_GROUP: "Non-state armed group",
    PartyType.MILITIA: "Militia",
    PartyType.INTERGOVERNMENTAL: "Intergovernmental body",
    PartyType.NGO: "Non-governmental organisation",
    PartyType.MEDIA: "News outlet",
    PartyType.CIVILIANS: "Civilian group",
    PartyType.OTHER: "Actor",
}


@dataclass(frozen=True)
class OfflineResult:
    """The brief and what a reader should know about how it was made."""

    brief: Brief
    notes: tuple[str, ...]


@dataclass
class _Reading:
    """What the rules found in the article, before it becomes a brief."""

    sentences: list[Sentence]
    body: list[Sentence]
    """The body sentences (no headline, caption, byline or instruction)."""
    reporting: dt.date | None
    drafts: list[PartyDraft]
    names: dict[str, str]
    """Party key -> name."""
    mentions: list[Mention]
    sources: dict[int, Mention]
    """Per body sentence, who its statement is attributed to (coreference resolved)."""
    figures: list[FigureDraft]
    disputes: list[DisputeDraft]
    events: list[EventDate]
    sentence_dates: dict[int, dt.date]


def _read(sentences: list[Sentence], text: str, reporting_date: dt.date | None) -> _Reading:
    body = [s for s in sentences if s.kind == "body"]
    # The caller's date wins over the text's (see offline_brief).
    reporting = reporting_date or stated_date(sentences)
    drafts, mentions = extract_parties(sentences, text)
    names = {d.key: d.name for d in drafts}
    events, sentence_dates = find_event_dates(body, reporting)
    # Who speaks may be "the group": attribution reads the resolved mentions, while party
    # evidence, sentence scores and places keep the actor rules' own mentions.
    speaking = resolve_references(sentences, mentions, drafts)
    sources = attributions(sentences, speaking)
    figures = extract_figures(sentences, sources, sentence_dates)
    disputes = extract_disputes(sentences, speaking, names)
    _sides_from_accusations(drafts, disputes)
    return _Reading(sentences, body, reporting, drafts, names, mentions, sources, figures,
                    disputes, events, sentence_dates)  # fmt: skip


def _sides_from_accusations(drafts: list[PartyDraft], disputes: list[DisputeDraft]) -> None:
    """A party with no other side cue that accuses one side is presented against it."""
    by_key = {d.key: d for d in drafts}
    for dispute in disputes:
        if dispute.kind not in ("accusation", "blame"):
            continue
        accuser = by_key.get(dispute.claimed_by)
        if accuser is None or accuser.side is not None:
            continue
        target_sides = {by_key[t].side for t in dispute.targets if t in by_key}
        if target_sides == {Side.GOVERNMENT} or Side.GOVERNMENT in target_sides - {None}:
            accuser.side = Side.OPPOSITION
        elif Side.OPPOSITION in target_sides:
            accuser.side = Side.GOVERNMENT


def _sentence_facts(
    reading: _Reading,
) -> tuple[set[str], dict[int, float], dict[int, frozenset[str]]]:
    """Who speaks anywhere; per body sentence its key-fact score and statement topics."""
    terms = lexicon().statement_terms
    mentioned_in = by_sentence(reading.mentions)
    figure_sentences = {f.sentence.index for f in reading.figures}
    speakers: set[str] = set()
    scores: dict[int, float] = {}
    topics: dict[int, frozenset[str]] = {}
    body = reading.body
    for s in reading.sentences:
        if s.kind == "quotes_instruction":
            # The article's own account of a planted instruction is news a reader should see.
            scores[s.index] = 3.0 - 0.05 * s.index
    for s in body:
        source = reading.sources.get(s.index)
        if source is not None:
            speakers.add(source.key)
        topics[s.index] = frozenset(t for t, p in terms.items() if p.search(s.text))
        scores[s.index] = (
            len({m.key for m in mentioned_in.get(s.index, [])})
            + 2.0 * (s.index in figure_sentences)
            + 1.0 * (source is not None)
            + 1.0 * (s.index in reading.sentence_dates)
            + 1.0 * bool(topics[s.index])
            + (1.5 if s is body[0] else 0.0)
            - 0.05 * s.index
        )
    return speakers, scores, topics


def _role(draft: PartyDraft, side: Side, speaks: bool) -> str:
    label = _TYPE_LABELS[draft.type]
    where = {
        Side.GOVERNMENT: "on the government side",
        Side.OPPOSITION: "on the opposition side",
        Side.NEUTRAL: "presented as neutral",
        Side.UNCLEAR: "whose side the article leaves unclear",
    }[side]
    voice = "; quoted as a source" if speaks else ""
    return f"{label} {where}{voice}."


def _party(draft: PartyDraft, by_index: dict[int, Sentence], speaks: bool) -> Party | None:
    """The schema party of ``draft``, quoting its first two body mentions; None when no
    mention is long enough to quote."""
    quoted = sorted({m.sentence for m in draft.mentions},
                    key=lambda i: (by_index[i].kind != "body", i))  # fmt: skip
    evidence = [by_index[i].text for i in quoted if is_long_enough(by_index[i].text)][:2]
    if not evidence:
        return None
    side = draft.side or Side.UNCLEAR
    return Party(
        name=draft.name,
        aliases=[a for a in draft.aliases() if a not in lexicon().demonyms],
        type=draft.type,
        side=side,
        role=_role(draft, side, speaks),
        representatives=[Representative(name=n, title=t) for n, t in draft.representatives.items()],
        evidence=evidence,
    )


def _figure(f: FigureDraft, names: dict[str, str]) -> Figure:
    return Figure(category=f.category, count=f.count, qualifier=f.qualifier,
                  population=f.population,
                  source=names.get(f.source_key) if f.source_key else None, date=f.date,
                  evidence=[f.sentence.text])  # fmt: skip


def _dispute(d: DisputeDraft, names: dict[str, str], listed: set[str]) -> DisputedFact:
    return DisputedFact(
        claim=d.claim,
        claimed_by=[names[d.claimed_by]],
        disputed_by=[names[k] for k in d.disputed_by if names[k] in listed],
        counter_claim=d.counter_claim,
        status=d.status,
        evidence=[d.sentence.text] + [s.text for s in d.support],
    )


def _unique_events(events: list[EventDate]) -> list[EventDate]:
    """Events without repeats: the same date and description once."""
    seen: set[tuple[dt.date, str]] = set()
    kept: list[EventDate] = []
    for e in events:
        if (e.date, e.event.lower()) not in seen:
            seen.add((e.date, e.event.lower()))
            kept.append(e)
    return kept


def _capped(items: list[_T], cap: int, what: str, notes: list[str]) -> list[_T]:
    """The first ``cap`` items; a note counts the rest (``what`` is the singular noun)."""
    if len(items) > cap:
        notes.append(more_note(len(items) - cap, what, _plural(what)))
    return items[:cap]


def _plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def _text_notes(text: str, flagged: bool) -> list[str]:
    notes = [] if looks_english(text) else [ENGLISH_ONLY_NOTE]
    return notes + ([INSTRUCTION_NOTE] if flagged else [])


_pause_lock = threading.Lock()
_pauses = 0
_was_enabled = False


_PAUSE_FROM_CHARS = 200_000
"""Texts this long pause the cycle collector (below it, the collector costs little)."""


@contextlib.contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while an article is read, then restore it.

    The rules build a few small objects per word (tokens, spans, mentions) that all live
    until the brief is made and form no reference cycle; on a 2 MB article the collector
    would otherwise walk them again and again, about a fifth of the time. A counter under
    a lock makes overlapping calls (the Slack bot's threads) restore the collector only
    when the last one ends, and only if it was on.
    """
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def build_brief(text: str, *, reporting_date: dt.date | None = None) -> OfflineResult:
    """The offline brief of ``text`` and its reader notes; see
    :func:`summarizer.offline.offline_brief`."""
    if len(text) < _PAUSE_FROM_CHARS:  # an ordinary article: leave the collector alone
        return _build(text, reporting_date)
    with _cycle_collection_paused():
        return _build(text, reporting_date)


def _build(text: str, reporting_date: dt.date | None) -> OfflineResult:
    spans = instruction_spans(text)
    reading = _read(mark_instructions(split_sentences(text), spans), text, reporting_date)
    speakers, scores, topics = _sentence_facts(reading)
    names = reading.names
    by_index = {s.index: s for s in reading.sentences}
    notes = _text_notes(text, flagged=bool(spans))

    kept = apply_party_policy(reading.drafts, reading.disputes, speakers, text)
    made = [_party(d, by_index, d.key in speakers) for d in kept]
    parties = _capped([p for p in made if p is not None], MAX_PARTIES, "party", notes)
    listed = {p.name for p in parties}
    claims = [d for d in reading.disputes if names[d.claimed_by] in listed]
    claims = _capped(claims, MAX_DISPUTES, "disputed fact", notes)
    candidates = [s for s in reading.sentences if s.kind in ("body", "quotes_instruction")]
    prose = choose_prose(reading.body, candidates, scores, topics)
    for what, left in prose.left_out.items():
        if left:
            notes.append(more_note(left, what, _plural(what)))
    figures = _capped(reading.figures, MAX_FIGURES, "figure", notes)
    situation = Situation(
        summary=prose.summary,
        locations=extract_locations(reading.sentences, reading.mentions),
        reporting_date=reading.reporting,
        event_dates=_capped(_unique_events(reading.events), MAX_EVENTS, "dated event", notes),
        key_facts=prose.key_facts,
    )
    humanitarian = HumanitarianStatus(
        figures=[_figure(f, names) for f in figures],
        evacuation=prose.statements["evacuation"],
        access=prose.statements["access"],
        needs=prose.statements["needs"],
    )
    brief = Brief(situation=situation, parties=parties, humanitarian=humanitarian,
                  disputed_facts=[_dispute(d, names, listed) for d in claims])  # fmt: skip
    return OfflineResult(brief, tuple(notes))
