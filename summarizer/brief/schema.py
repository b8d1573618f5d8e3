"""The Brief: what summarizer extracts from one article, field by field.

Field descriptions are written for the model: instructor turns them into the JSON schema the
model sees, so they are the extraction instructions. Keep them precise and imperative.

Grounding is checked when the model is validated with a context holding the article
(``Brief.model_validate(data, context={"source": text})``); the rules are
:mod:`summarizer.brief.grounding`. All problems are reported together, each with its path, so
a re-ask tells the model exactly what to fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from summarizer.brief import grounding
from summarizer.brief.grounding import normalise_name

__all__ = [
    "Brief",
    "DisputeStatus",
    "DisputedFact",
    "EventDate",
    "Figure",
    "FigureCategory",
    "HumanitarianStatus",
    "KeyFact",
    "Party",
    "PartyType",
    "Representative",
    "Side",
    "Situation",
    "Statement",
]

Evidence = Annotated[
    list[str],
    Field(
        min_length=1,
        description=(
            "One or more quotes copied character for character from the article that support "
            "this item. Copy whole clauses or sentences exactly as written; never paraphrase, "
            "shorten with '...', translate or fix typos."
        ),
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class PartyType(StrEnum):
    """Actor types after ACLED's actor categories, adapted to news briefs."""

    STATE = "state"
    STATE_ARMED_FORCES = "state_armed_forces"
    FOREIGN_STATE = "foreign_state"
    NON_STATE_ARMED_GROUP = "non_state_armed_group"
    MILITIA = "militia"
    INTERGOVERNMENTAL = "intergovernmental"
    NGO = "ngo"
    MEDIA = "media"
    CIVILIANS = "civilians"
    OTHER = "other"


class Side(StrEnum):
    """Which side of the conflict the article presents a party on."""

    GOVERNMENT = "government"
    OPPOSITION = "opposition"
    NEUTRAL = "neutral"
    UNCLEAR = "unclear"


class FigureCategory(StrEnum):
    """What a humanitarian figure counts."""

    KILLED = "killed"
    INJURED = "injured"
    MISSING = "missing"
    DISPLACED = "displaced"
    EVACUATED = "evacuated"
    BESIEGED = "besieged"
    DETAINED = "detained"
    IN_NEED = "in_need"
    AFFECTED = "affected"
    OTHER = "other"


class DisputeStatus(StrEnum):
    """How the article presents a claim; we report disputes, we do not adjudicate them."""

    CONTESTED = "contested"
    UNVERIFIED = "unverified"
    CONFIRMED = "confirmed"
    RETRACTED = "retracted"


class Representative(_Model):
    """A named person who speaks or acts for a party."""

    name: str = Field(description="The person's name as written in the article.")
    title: str | None = Field(
        default=None,
        description="Their title or function as the article gives it, e.g. 'ambassador to the "
        "UN'; null when the article gives none.",
    )


class Party(_Model):
    """An actor in the story: a state, an armed force or group, a UN body, an NGO, civilians."""

    name: str = Field(
        description="The most specific name the article uses for this actor, e.g. 'Syrian "
        "government forces' or 'United Nations'. One entry per actor."
    )
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names the article uses for the same actor (acronyms, short forms, "
        "'the government of X'). Empty when there are none.",
    )
    type: PartyType = Field(description="The actor's type.")
    side: Side = Field(
        description="The side the article places the actor on: 'government' for the "
        "government and its allies, 'opposition' for those fighting it, 'neutral' for "
        "mediators, UN bodies, aid groups and reporters, 'unclear' when the article does not say."
    )
    role: str = Field(
        description="One short sentence on what this actor does in this story, in your words."
    )
    representatives: list[Representative] = Field(
        default_factory=list,
        description="Named people who speak or act for this actor in the article.",
    )
    evidence: Evidence

    def names(self) -> list[str]:
        """The name followed by every alias."""
        return [self.name, *self.aliases]


class KeyFact(_Model):
    """One single, checkable statement of what happened."""

    statement: str = Field(
        description="One fact in one sentence, in your words, with who/what/where when known."
    )
    evidence: Evidence


class EventDate(_Model):
    """A date an event in the article happened on, resolved against the reporting date."""

    date: dt.date = Field(description="The ISO date (YYYY-MM-DD) of the event.")
    event: str = Field(description="What happened on that date, in a few words.")
    expression: str | None = Field(
        default=None,
        description="The words the article uses for the date, e.g. 'on Tuesday'; null when "
        "the article writes the date in full.",
    )


class Situation(_Model):
    """What is happening, where and when."""

    summary: str = Field(
        description="One to three sentences, in your words, saying what is happening, where and "
        "when, and who is involved. Attribute contested statements ('X said')."
    )
    locations: list[str] = Field(
        default_factory=list,
        description="Places where the events happen, most specific first (city, district, "
        "region, country), as written in the article.",
    )
    reporting_date: dt.date | None = Field(
        default=None,
        description="The date of the article as an ISO date, when the article states it; "
        "otherwise null.",
    )
    event_dates: list[EventDate] = Field(
        default_factory=list,
        description="Dates of the events reported. Resolve relative expressions ('on "
        "Wednesday', 'until Thursday') against the reporting date; leave out dates you cannot "
        "resolve.",
    )
    key_facts: list[KeyFact] = Field(
        default_factory=list,
        description="The key developments, one checkable fact each, most important first.",
    )


class Figure(_Model):
    """One humanitarian figure: a count of people killed, displaced, evacuated, in need..."""

    category: FigureCategory = Field(description="What the figure counts.")
    count: int | None = Field(
        default=None,
        ge=0,
        description="The number as an integer exactly as the article gives it ('82', "
        "'eighty-two' -> 82). For a range give the lower bound. Null when the article gives "
        "no number ('many', 'hundreds', 'dozens').",
    )
    qualifier: str | None = Field(
        default=None,
        description="The article's hedge or vague quantity, verbatim: 'at least', 'about', "
        "'up to', 'more than', 'many', 'hundreds', 'between 30 and 40'. Null when the number "
        "is given plainly.",
    )
    population: str = Field(
        description="Who is counted, as the article says: 'civilians', 'children', "
        "'rebel fighters', 'people'."
    )
    source: str | None = Field(
        default=None,
        description="Who reported the figure (a party name or outlet), e.g. 'United Nations'; "
        "null when the article does not attribute it.",
    )
    date: dt.date | None = Field(
        default=None,
        description="The ISO date the figure refers to or was reported on, when known.",
    )
    evidence: Evidence


class Statement(_Model):
    """A humanitarian statement (evacuation, access or needs) with its evidence."""

    text: str = Field(description="The statement in one sentence, in your words.")
    evidence: Evidence


class HumanitarianStatus(_Model):
    """Casualty, displacement, evacuation and access facts."""

    figures: list[Figure] = Field(
        default_factory=list,
        description="Every casualty, displacement, evacuation or needs figure in the article, "
        "including vague ones ('many have been missing' -> count null, qualifier 'many'). "
        "Empty when the article gives none.",
    )
    evacuation: list[Statement] = Field(
        default_factory=list, description="Statements about evacuations: agreed, started, delayed."
    )
    access: list[Statement] = Field(
        default_factory=list,
        description="Statements about humanitarian access: blocked roads, sieges, corridors.",
    )
    needs: list[Statement] = Field(
        default_factory=list, description="Statements about needs: food, water, shelter, medical."
    )


class DisputedFact(_Model):
    """A claim one party makes that another denies, or that nobody else confirms."""

    claim: str = Field(description="The claim in one sentence, in your words, as its maker put it.")
    claimed_by: list[str] = Field(
        min_length=1,
        description="Who makes the claim: names exactly as in `parties` (name or alias).",
    )
    disputed_by: list[str] = Field(
        default_factory=list,
        description="Who denies or rejects it: names exactly as in `parties`. Empty when nobody "
        "in the article disputes it.",
    )
    counter_claim: str | None = Field(
        default=None,
        description="What the disputing side says instead, in one sentence; null when none.",
    )
    status: DisputeStatus = Field(
        description="'contested' when someone in the article denies it; 'unverified' when only "
        "its maker states it; 'confirmed' when the article independently confirms it; "
        "'retracted' when its maker withdrew it."
    )
    evidence: Evidence


class Brief(_Model):
    """A structured, grounded brief of one news article about a conflict or crisis."""

    # instructor sends this class's docstring to the model as the tool description, so it
    # stays one plain sentence: no examples, no developer notes.

    situation: Situation = Field(description="What is happening, where and when.")
    parties: list[Party] = Field(
        default_factory=list,
        description="Every actor involved, one entry each: states, armed forces, armed groups, "
        "militias, UN bodies, NGOs, media that report claims, civilians.",
    )
    humanitarian: HumanitarianStatus = Field(
        default_factory=HumanitarianStatus,
        description="Casualties, displacement, evacuation, access and needs.",
    )
    disputed_facts: list[DisputedFact] = Field(
        default_factory=list,
        description="Claims that a party makes and another denies, or that stand unverified. "
        "Report them; do not judge them.",
    )

    def evidence_quotes(self) -> Iterator[tuple[str, str]]:
        """Every evidence quote with its path, e.g. ``("parties[0].evidence[1]", "...")``."""
        groups: list[tuple[str, list[Any]]] = [
            ("situation.key_facts", self.situation.key_facts),
            ("parties", self.parties),
            ("humanitarian.figures", self.humanitarian.figures),
            ("humanitarian.evacuation", self.humanitarian.evacuation),
            ("humanitarian.access", self.humanitarian.access),
            ("humanitarian.needs", self.humanitarian.needs),
            ("disputed_facts", self.disputed_facts),
        ]
        for prefix, items in groups:
            for i, item in enumerate(items):
                for j, quote in enumerate(item.evidence):
                    yield f"{prefix}[{i}].evidence[{j}]", quote

    def free_text(self) -> Iterator[tuple[str, str]]:
        """Every field written in the model's own words, with its path.

        Summaries, key facts, roles, statements and claims paraphrase the article, so no
        quote backs them; grounding checks that they state no number the article does not.
        """
        situation = self.situation
        yield "situation.summary", situation.summary
        for i, fact in enumerate(situation.key_facts):
            yield f"situation.key_facts[{i}].statement", fact.statement
        for i, event in enumerate(situation.event_dates):
            yield f"situation.event_dates[{i}].event", event.event
        for i, party in enumerate(self.parties):
            yield f"parties[{i}].role", party.role
        for group in ("evacuation", "access", "needs"):
            statements: list[Statement] = getattr(self.humanitarian, group)
            for i, statement in enumerate(statements):
                yield f"humanitarian.{group}[{i}].text", statement.text
        for i, dispute in enumerate(self.disputed_facts):
            yield f"disputed_facts[{i}].claim", dispute.claim
            if dispute.counter_claim:
                yield f"disputed_facts[{i}].counter_claim", dispute.counter_claim

    def party_lookup(self) -> dict[str, Party]:
        """Every party under each of its normalised names and aliases."""
        lookup: dict[str, Party] = {}
        for party in self.parties:
            for name in party.names():
                lookup.setdefault(normalise_name(name), party)
        return lookup

    @model_validator(mode="after")
    def _check_grounding(self, info: ValidationInfo) -> Brief:
        context = info.context if isinstance(info.context, dict) else None
        source = context.get("source") if context else None
        if isinstance(source, str):
            problems = grounding.grounding_problems(self, source)
            if problems:
                raise ValueError(
                    "The brief is not grounded in the article. Fix each problem:\n- "
                    + "\n- ".join(problems)
                )
        return self
