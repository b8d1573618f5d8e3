"""The gold-brief format of eval fixtures (``evals/fixtures/<id>/gold.yaml``).

A gold brief is what a careful human labeller extracts from the article. It mirrors
:class:`summarizer.brief.schema.Brief` but is built for matching rather than grounding: names carry
aliases, any item can be ``optional`` (nice to have, never penalised when missing), and no
evidence quotes are needed. A malformed file fails with the file, the field and the reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.brief.schema import DisputeStatus, FigureCategory, PartyType, Side
from summarizer.errors import InputError

__all__ = [
    "GoldBrief",
    "GoldDispute",
    "GoldEventDate",
    "GoldFigure",
    "GoldKeyFact",
    "GoldParty",
    "load_gold",
]


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldParty(_Gold):
    """An actor the brief must list."""

    name: str
    aliases: list[str] = Field(default_factory=list, description="Other acceptable names.")
    type: PartyType
    side: Side
    representatives: list[str] = Field(default_factory=list)
    optional: bool = False


class GoldFigure(_Gold):
    """A humanitarian figure; ``count`` is null for vague quantities ("many", "hundreds")."""

    category: FigureCategory
    count: int | None
    qualifier: str | None = None
    population: str
    population_aliases: list[str] = Field(default_factory=list)
    source: str | None = Field(
        default=None, description="A party name (or alias) or outlet; null when unattributed."
    )
    date: dt.date | None = None
    optional: bool = False


class GoldDispute(_Gold):
    """A disputed or unverified claim; names refer to gold parties (name or alias)."""

    claim: str
    claimed_by: list[str] = Field(min_length=1)
    disputed_by: list[str] = Field(default_factory=list)
    counter_claim: str | None = None
    status: DisputeStatus
    status_alternatives: list[DisputeStatus] = Field(
        default_factory=list,
        description="Other statuses a careful labeller could defend; the scorer accepts any "
        "of them.",
    )
    optional: bool = False
    claim_paraphrases: list[str] = Field(
        default_factory=list,
        description="The claim as a careful analyst might write it in other words; never "
        "scored as gold, used by the scorer's probe suite as correct predictions.",
    )
    counter_claim_paraphrases: list[str] = Field(
        default_factory=list, description="Other wordings of the counter-claim, as above."
    )


class GoldKeyFact(_Gold):
    """One atomic fact the summary or key facts should cover."""

    fact: str
    optional: bool = False
    paraphrases: list[str] = Field(
        default_factory=list,
        description="The fact in other words (same meaning, different wording); used by the "
        "probe suite as correct predictions, never as extra gold.",
    )


class GoldEventDate(_Gold):
    """An event date resolved from the article's words."""

    date: dt.date
    event: str
    expression: str | None = None


class GoldBrief(_Gold):
    """The hand-labelled brief of one fixture article."""

    origin: str = Field(
        description="Where the article comes from: 'seed', 'retold: <event>', or 'fictional'."
    )
    reporting_date: dt.date | None = None
    locations: list[str] = Field(default_factory=list)
    event_dates: list[GoldEventDate] = Field(default_factory=list)
    key_facts: list[GoldKeyFact] = Field(default_factory=list)
    parties: list[GoldParty] = Field(default_factory=list)
    figures: list[GoldFigure] = Field(default_factory=list)
    disputed_facts: list[GoldDispute] = Field(default_factory=list)
    summary_paraphrases: list[str] = Field(
        default_factory=list,
        description="One-to-three-sentence summaries a careful analyst might write in their "
        "own words; used by the probe suite as correct predictions.",
    )
    notes: str | None = Field(default=None, description="Labelling notes for reviewers.")


def load_gold(path: Path) -> GoldBrief:
    """Read and validate one ``gold.yaml``; errors name the file, the field and the reason."""
    try:
        # libyaml's loader when the platform has it: ten times faster on a long gold file.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read gold brief: {exc}") from exc
    try:
        return GoldBrief.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise InputError(f"{path}: invalid gold brief: {details}") from exc
