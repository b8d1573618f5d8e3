"""The offline backend: one article in, one fully grounded :class:`Brief` out.

Every item's evidence is a whole sentence of the article (:mod:`text` keeps sentences as exact
slices), every figure's count comes from a number found in that sentence, and every name in
a disputed fact is a party's name, so the brief validates against its source by construction.
"""

from __future__ import annotations

import datetime as dt

from summarizer.brief.grounding import MIN_QUOTE_CHARS, normalise
from summarizer.brief.schema import (
    Brief,
    DisputedFact,
    Figure,
    HumanitarianStatus,
    KeyFact,
    Party,
    PartyType,
    Representative,
    Side,
    Situation,
    Statement,
)
from summarizer.offline.actors import by_sentence
from summarizer.offline.coref import resolve_references
from summarizer.offline.dates import reporting_date as stated_date
from summarizer.offline.disputes import DisputeDraft, clean_statement, extract_disputes
from summarizer.offline.events import event_dates as find_event_dates
from summarizer.offline.figures import attribution, extract_figures
from summarizer.offline.lexicon import lexicon
from summarizer.offline.parties import PartyDraft, extract_parties
from summarizer.offline.places import extract_locations
from summarizer.offline.text import Sentence, split_sentences

__all__ = ["build_brief"]

_LEAD_WORDS = 60
_MAX_KEY_FACTS = 8
_MAX_STATEMENTS = 4
_TYPE_LABELS = {
    PartyType.STATE: "State government",
    PartyType.STATE_ARMED_FORCES: "State armed forces",
    PartyType.FOREIGN_STATE: "Foreign state",
    PartyType.NON_STATE_ARMED_GROUP: "Non-state armed group",
    PartyType.MILITIA: "Militia",
    PartyType.INTERGOVERNMENTAL: "Intergovernmental body",
    PartyType.NGO: "Non-governmental organisation",
    PartyType.MEDIA: "News outlet",
    PartyType.CIVILIANS: "Civilian population",
    PartyType.OTHER: "Actor",
}


def _quotable(s: Sentence) -> bool:
    return len(normalise(s.text)) >= MIN_QUOTE_CHARS


def _summary(body: list[Sentence]) -> str:
    chosen: list[str] = []
    words = 0
    for s in body[:3]:
        if chosen and words + len(s.text.split()) > _LEAD_WORDS:
            break
        chosen.append(clean_statement(s.text))
        words += len(s.text.split())
    return " ".join(chosen) or "The article gives no statement to summarise."


def _key_facts(body: list[Sentence], counts: dict[int, float]) -> list[KeyFact]:
    ranked = sorted(body, key=lambda s: (-counts.get(s.index, 0.0), s.index))
    return [
        KeyFact(statement=clean_statement(s.text), evidence=[s.text])
        for s in ranked[:_MAX_KEY_FACTS]
        if _quotable(s)
    ]


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


def build_brief(text: str, *, reporting_date: dt.date | None = None) -> Brief:
    """The offline brief of ``text``; see :func:`summarizer.offline.offline_brief`."""
    lex = lexicon()
    sentences = split_sentences(text)
    body = [s for s in sentences if s.kind == "body"]
    # The caller's date wins over the text's (see offline_brief).
    reporting = reporting_date or stated_date(sentences)
    drafts, mentions = extract_parties(sentences, text)
    names = {d.key: d.name for d in drafts}
    event_dates, sentence_dates = find_event_dates(body, reporting)
    # Who speaks may be "the group": attribution reads the resolved mentions, while party
    # evidence, sentence scores and places keep the actor rules' own mentions.
    speaking = resolve_references(sentences, mentions, drafts)
    figures = extract_figures(sentences, speaking, sentence_dates)
    disputes = extract_disputes(sentences, speaking, names)
    _sides_from_accusations(drafts, disputes)

    speakers: set[str] = set()
    score: dict[int, float] = {}
    figure_sentences = {f.sentence.index for f in figures}
    speaking_in, mentioned_in = by_sentence(speaking), by_sentence(mentions)
    for s in body:
        source = attribution(s, speaking_in.get(s.index, []))
        if source is not None:
            speakers.add(source.key)
        keys = {m.key for m in mentioned_in.get(s.index, [])}
        score[s.index] = (
            len(keys)
            + 2.0 * (s.index in figure_sentences)
            + 1.0 * (source is not None)
            + 1.0 * (s.index in sentence_dates)
            + 1.0 * any(p.search(s.text) for p in lex.statement_terms.values())
            + (1.5 if body and s is body[0] else 0.0)
            - 0.05 * s.index
        )

    by_index = {s.index: s for s in sentences}
    parties: list[Party] = []
    for d in drafts:
        quoted = sorted({m.sentence for m in d.mentions},
                        key=lambda i: (by_index[i].kind != "body", i))  # fmt: skip
        evidence = [by_index[i].text for i in quoted if _quotable(by_index[i])][:2]
        if not evidence:
            continue
        side = d.side or Side.UNCLEAR
        parties.append(
            Party(
                name=d.name,
                aliases=[a for a in d.aliases() if a not in lex.demonyms],
                type=d.type,
                side=side,
                role=_role(d, side, d.key in speakers),
                representatives=[
                    Representative(name=n, title=t) for n, t in d.representatives.items()
                ],
                evidence=evidence,
            )
        )
    listed = {p.name for p in parties}

    def statements(topic: str) -> list[Statement]:
        pattern = lex.statement_terms[topic]
        hits = [s for s in body if pattern.search(s.text) and _quotable(s)]
        return [Statement(text=clean_statement(s.text), evidence=[s.text])
                for s in hits[:_MAX_STATEMENTS]]  # fmt: skip

    humanitarian = HumanitarianStatus(
        figures=[
            Figure(
                category=f.category,
                count=f.count,
                qualifier=f.qualifier,
                population=f.population,
                source=names.get(f.source_key) if f.source_key else None,
                date=f.date,
                evidence=[f.sentence.text],
            )
            for f in figures
        ],
        evacuation=statements("evacuation"),
        access=statements("access"),
        needs=statements("needs"),
    )
    disputed = [
        DisputedFact(
            claim=d.claim,
            claimed_by=[names[d.claimed_by]],
            disputed_by=[names[k] for k in d.disputed_by if names[k] in listed],
            counter_claim=d.counter_claim,
            status=d.status,
            evidence=[d.sentence.text] + [s.text for s in d.support],
        )
        for d in disputes
        if names[d.claimed_by] in listed
    ]
    situation = Situation(
        summary=_summary(body),
        locations=extract_locations(sentences, mentions),
        reporting_date=reporting,
        event_dates=event_dates,
        key_facts=_key_facts(body, score),
    )
    return Brief(situation=situation, parties=parties, humanitarian=humanitarian,
                 disputed_facts=disputed)  # fmt: skip
