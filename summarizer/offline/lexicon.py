"""The lexicon (``lexicon.yaml``) loaded once into typed, pre-compiled form.

Every rule of the offline backend reads its vocabulary from here, so the YAML file is the one
place to extend what the backend knows. Loading is cached: the file is parsed and its regular
expressions compiled on first use only.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from summarizer.brief.schema import FigureCategory, PartyType, Side
from summarizer.errors import ConfigError

__all__ = ["HeadRule", "Lexicon", "OrgEntry", "lexicon", "phrase_pattern"]


@dataclass(frozen=True)
class HeadRule:
    """What an actor-phrase head noun (or a modifier before it) says about the actor."""

    cls: str | None
    type: PartyType | None
    side: Side | None
    modifier_only: bool = False


@dataclass(frozen=True)
class OrgEntry:
    """A named organisation with its aliases, type and side."""

    name: str
    aliases: tuple[str, ...]
    type: PartyType
    side: Side


@dataclass(frozen=True)
class Lexicon:
    """The parsed lexicon; see ``lexicon.yaml`` for what each table means."""

    countries: dict[str, str]
    """Every country name and alias -> canonical country name."""
    demonyms: dict[str, str]
    """Every demonym -> canonical country name."""
    country_adjective: dict[str, str]
    """Canonical country -> its first demonym ("Syria" -> "Syrian")."""
    identities: dict[str, str]
    heads: dict[str, HeadRule]
    head_modifiers: dict[str, HeadRule]
    descriptive: frozenset[str]
    side_cues: dict[str, Side]
    alliance_cues: tuple[str, ...]
    organisations: dict[str, OrgEntry]
    """Every organisation name and alias -> its entry."""
    org_suffixes: dict[str, PartyType]
    org_prefixes: dict[str, PartyType]
    titles: frozenset[str]
    coreference_heads: dict[str, frozenset[PartyType]]
    """Head noun of a definite description -> the party types it can refer back to."""
    coreference_modifiers: dict[str, frozenset[PartyType]]
    """A word before such a head -> the party types it restricts the description to."""
    demonym_actor_nouns: frozenset[str]
    location_prepositions: frozenset[str]
    directions: frozenset[str]
    claim_verbs: frozenset[str]
    accusation_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    accusatory: re.Pattern[str]
    figure_terms: tuple[tuple[re.Pattern[str], FigureCategory], ...]
    figure_verbs: tuple[tuple[re.Pattern[str], FigureCategory], ...]
    """Verb forms that count only the quantity right after them ("killing 14")."""
    qualifiers: re.Pattern[str]
    vague: re.Pattern[str]
    populations: re.Pattern[str]
    future: re.Pattern[str]
    statement_terms: dict[str, re.Pattern[str]]
    captions: tuple[re.Pattern[str], ...]
    bylines: tuple[re.Pattern[str], ...]


def phrase_pattern(phrases: list[str], *, stem: bool = False) -> re.Pattern[str]:
    """One case-insensitive alternation of ``phrases``, longest first, on word boundaries."""
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    tail = r"\w*" if stem else r"\b"
    return re.compile(rf"\b(?:{body}){tail}", re.IGNORECASE)


def _rule(raw: dict[str, Any]) -> HeadRule:
    return HeadRule(
        cls=raw.get("class"),
        type=PartyType(raw["type"]) if raw.get("type") else None,
        side=Side(raw["side"]) if raw.get("side") else None,
        modifier_only=bool(raw.get("modifier_only", False)),
    )


def _build(data: dict[str, Any]) -> Lexicon:
    countries: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    adjective: dict[str, str] = {}
    for name, entry in data["countries"].items():
        countries[name] = name
        for alias in entry.get("aliases", []):
            countries[alias] = name
        dems = entry.get("demonyms", [])
        for dem in dems:
            demonyms[dem] = name
        adjective[name] = dems[0] if dems else name
    identities = {v: canon for canon, variants in data["identities"].items() for v in variants}
    orgs: dict[str, OrgEntry] = {}
    for raw in data["organisations"]:
        org = OrgEntry(
            raw["name"], tuple(raw.get("aliases", [])), PartyType(raw["type"]), Side(raw["side"])
        )
        for name in (org.name, *org.aliases):
            orgs[name] = org
    side_cues = {
        cue.lower(): Side(side) for side, cues in data["side_cues"].items() for cue in cues
    }
    verbs = data["reporting_verbs"]
    return Lexicon(
        countries=countries,
        demonyms=demonyms,
        country_adjective=adjective,
        identities=identities,
        heads={k: _rule(v) for k, v in data["actor_heads"].items()},
        head_modifiers={k: _rule(v) for k, v in data["head_modifiers"].items()},
        descriptive=frozenset(w.lower() for w in data["descriptive_modifiers"]),
        side_cues=side_cues,
        alliance_cues=tuple(c.lower() for c in data["alliance_cues"]),
        organisations=orgs,
        org_suffixes={w: PartyType(t) for t, words in data["org_suffixes"].items() for w in words},
        org_prefixes={w: PartyType(t) for t, words in data["org_prefixes"].items() for w in words},
        titles=frozenset(t.lower() for t in data["titles"]),
        coreference_heads={
            head.lower(): frozenset(PartyType(t) for t in types or [])
            for head, types in data["coreference_heads"].items()
        },
        coreference_modifiers={
            word.lower(): frozenset(PartyType(t) for t in types or [])
            for word, types in data["coreference_modifiers"].items()
        },
        demonym_actor_nouns=frozenset(w.lower() for w in data["demonym_actor_nouns"]),
        location_prepositions=frozenset(w.lower() for w in data["location_prepositions"]),
        directions=frozenset(w.lower() for w in data["direction_words"]),
        claim_verbs=frozenset(verbs["claim"]),
        accusation_verbs=frozenset(verbs["accusation"]),
        denial_verbs=frozenset(verbs["denial"]),
        accusatory=phrase_pattern(data["accusatory_actions"], stem=True),
        figure_terms=tuple(
            (phrase_pattern(terms), FigureCategory(cat))
            for cat, terms in data["figure_terms"].items()
        ),
        figure_verbs=tuple(
            (phrase_pattern(terms), FigureCategory(cat))
            for cat, terms in data["figure_verbs"].items()
            if terms
        ),
        qualifiers=phrase_pattern(data["qualifiers"]),
        vague=phrase_pattern(data["vague_quantities"]),
        populations=phrase_pattern(data["populations"]),
        future=phrase_pattern(data["future_markers"]),
        statement_terms={
            k: phrase_pattern(v, stem=True) for k, v in data["statement_terms"].items()
        },
        captions=tuple(re.compile(p) for p in data["caption_patterns"]),
        bylines=tuple(re.compile(p) for p in data["byline_patterns"]),
    )


@functools.cache
def lexicon() -> Lexicon:
    """The lexicon shipped with the package, parsed on first call and cached."""
    try:
        raw = resources.files("summarizer.offline").joinpath("lexicon.yaml").read_text("utf-8")
        return _build(yaml.safe_load(raw))
    except (OSError, yaml.YAMLError, KeyError, ValueError) as exc:
        raise ConfigError(f"offline backend: cannot load lexicon.yaml: {exc}") from exc
