"""The Brief: what summarizer extracts from one article, field by field.

Field descriptions are written for the model: instructor turns them into the JSON schema the
model sees, so they are the extraction instructions. Keep them precise and imperative.

Grounding is checked when the model is validated with a context holding the article
(``Brief.model_validate(data, context={"source": text})``); the rules are
:mod:`summarizer.brief.grounding`. All problems are reported together, each with its path, so
a re-ask tells the model exactly what to fix.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic.json_schema import DEFAULT_REF_TEMPLATE, GenerateJsonSchema, JsonSchemaMode

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
    "ModelFacing",
    "Party",
    "PartyType",
    "Representative",
    "Side",
    "Situation",
    "Statement",
]

Evidence = Annotated[list[str], Field(min_length=1)]
"""Quotes copied verbatim from the article (the system prompt's rule 1 says how)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class ModelFacing(BaseModel):
    """A model a language model fills in: its JSON schema is what the model reads.

    The schema keeps what the model needs (types, enums, required fields, the field
    descriptions) and drops what only costs tokens: titles below the top, defaults, and
    the docstrings of nested models and enums (they are written for developers; the rules
    are said once, in the system prompt). It is built once per class, not per request.
    """

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool | None = None,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        schema_generator: type[GenerateJsonSchema] = GenerateJsonSchema,
        mode: JsonSchemaMode = "validation",
        **options: Any,
    ) -> dict[str, Any]:
        if options:  # pragma: no cover - pydantic's rarer options: build afresh
            full = super().model_json_schema(
                by_alias, ref_template, schema_generator, mode, **options
            )
            return _compact(full)
        key: tuple[object, ...] = (cls, by_alias, ref_template, schema_generator, mode)
        built = _SCHEMAS.get(key)
        if built is None:
            # Nullable fields as ["string", "null"], not an anyOf of two schemas.
            full = super().model_json_schema(
                by_alias, ref_template, schema_generator, mode, union_format="primitive_type_array"
            )
            built = _SCHEMAS[key] = _compact(full)
        # A copy: callers (instructor) may edit what they are given.
        return copy.deepcopy(built)


_SCHEMAS: dict[tuple[object, ...], dict[str, Any]] = {}
"""Compact schemas already built (derived from the classes, never changed after)."""


def _merged_types(node: dict[str, Any]) -> dict[str, Any]:
    """``anyOf`` of bare types (``[{"type": "integer"}, {"type": "null"}]``) as one type list."""
    options = node.get("anyOf")
    if isinstance(options, list) and all(set(o) == {"type"} for o in options):
        merged = {k: v for k, v in node.items() if k != "anyOf"}
        merged["type"] = [o["type"] for o in options]
        return merged
    return node


def _compact(schema: dict[str, Any]) -> dict[str, Any]:
    def walk(node: Any, top: bool) -> Any:
        if isinstance(node, list):
            return [walk(item, False) for item in node]
        if not isinstance(node, dict):
            return node
        kept: dict[str, Any] = {}
        for key, value in node.items():
            # Defaults, titles and additionalProperties never change what a model writes;
            # extra fields are still refused, by validation (and re-asked). An enum needs no
            # type beside it.
            if key in ("default", "additionalProperties") or (key == "title" and not top):
                continue
            if key == "type" and "enum" in node:
                continue
            # Dates and non-negative counts are checked on validation (and re-asked); the
            # rules tell the model the format.
            if key in ("format", "minimum"):
                continue
            if key in ("properties", "$defs"):  # names of fields and types, not keywords
                kept[key] = {name: walk(sub, False) for name, sub in value.items()}
            else:
                kept[key] = walk(value, False)
        return _merged_types(kept)

    compact: dict[str, Any] = walk(schema, True)
    for definition in compact.get("$defs", {}).values():
        definition.pop("description", None)
    return compact


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

    name: str
    title: str | None = None


class Party(_Model):
    """An actor in the story: a state, an armed force or group, a UN body, an NGO, civilians."""

    name: str = Field(description="The most specific name used.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names used (acronyms, short forms).",
    )
    type: PartyType
    side: Side
    role: str = Field(description="Its part in the story, one sentence.")
    representatives: list[Representative] = Field(
        default_factory=list, description="Named people speaking or acting for it."
    )
    evidence: Evidence

    def names(self) -> list[str]:
        """The name followed by every alias."""
        return [self.name, *self.aliases]


class KeyFact(_Model):
    """One single, checkable statement of what happened."""

    statement: str = Field(description="One checkable fact.")
    evidence: Evidence


class EventDate(_Model):
    """A date an event in the article happened on, resolved against the reporting date."""

    date: dt.date
    event: str
    expression: str | None = Field(
        default=None, description="The article's words, e.g. 'on Tuesday'."
    )


class Situation(_Model):
    """What is happening, where and when."""

    summary: str = Field(description="1-3 sentences.")
    locations: list[str] = Field(
        default_factory=list, description="As written, most specific first."
    )
    reporting_date: dt.date | None = None
    event_dates: list[EventDate] = Field(default_factory=list)
    key_facts: list[KeyFact] = Field(default_factory=list, description="Most important first.")


class Figure(_Model):
    """One humanitarian figure: a count of people killed, displaced, evacuated, in need..."""

    category: FigureCategory
    count: int | None = Field(default=None, ge=0)
    qualifier: str | None = Field(
        default=None, description="Hedge or vague quantity as written ('at least', 'many')."
    )
    population: str = Field(description="Who is counted, as written.")
    source: str | None = Field(default=None, description="Who reported it; null if unattributed.")
    date: dt.date | None = None
    evidence: Evidence


class Statement(_Model):
    """A humanitarian statement (evacuation, access or needs) with its evidence."""

    text: str
    evidence: Evidence


class HumanitarianStatus(_Model):
    """Casualty, displacement, evacuation and access facts."""

    figures: list[Figure] = Field(default_factory=list, description="Vague counts too.")
    evacuation: list[Statement] = Field(default_factory=list)
    access: list[Statement] = Field(default_factory=list)
    needs: list[Statement] = Field(default_factory=list)


class DisputedFact(_Model):
    """A claim one party makes that another denies, or that nobody else confirms."""

    claim: str = Field(description="As its maker put it.")
    claimed_by: list[str] = Field(min_length=1, description="Names from parties.")
    disputed_by: list[str] = Field(default_factory=list, description="Names from parties.")
    counter_claim: str | None = Field(default=None, description="The deniers' version.")
    status: DisputeStatus
    evidence: Evidence


class Brief(_Model, ModelFacing):
    """A structured, grounded brief of one news article about a conflict or crisis."""

    # instructor sends this class's docstring to the model as the tool description, so it
    # stays one plain sentence: no examples, no developer notes.

    situation: Situation
    parties: list[Party] = Field(default_factory=list)
    humanitarian: HumanitarianStatus = Field(default_factory=HumanitarianStatus)
    disputed_facts: list[DisputedFact] = Field(default_factory=list)

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
