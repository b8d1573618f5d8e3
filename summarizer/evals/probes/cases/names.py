"""Probes on names: other forms of a gold name (the same actor), and names of other
actors that look alike (false friends, the other side's militia)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from summarizer.brief.schema import (
    PartyType,
)
from summarizer.evals.gold import GoldParty
from summarizer.evals.matching.names import fold_name, world
from summarizer.evals.probes.cases.base import (
    Setting,
    Variant,
    drop_party,
    place_set,
    probe,
    rename_each,
    taken,
)
from summarizer.evals.probes.edits import (
    rename_party,
)

# --- names -------------------------------------------------------------------------------

_MINOR = {"of", "the", "and", "for", "in", "on", "de", "du", "des"}
_PREPOSITIONS = {"of", "for", "in", "on", "at"}


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[\w']+", name) if w.lower() not in _MINOR]
    return "".join(w[0].upper() for w in words) if len(words) > 1 else ""


@probe("name: acronym in brackets")
def _acronym_in_brackets(setting: Setting) -> Variant | None:
    def rename(j: int, party: GoldParty) -> str | None:
        # Organisations are written with their acronym ("Joint Humanitarian Coordination
        # Office (JHCO)"); governments and populations are not.
        if party.type in (PartyType.STATE, PartyType.FOREIGN_STATE, PartyType.CIVILIANS):
            return None
        words = [w for w in party.name.split() if w.lower() not in _MINOR]
        if not all(w[:1].isupper() for w in words):
            return None
        initials = _initials(party.name)
        return f"{party.name} ({initials})" if len(initials) >= 2 else None

    return rename_each(setting, rename)


@probe("name: alias as name")
def _alias_as_name(setting: Setting) -> Variant | None:
    def rename(j: int, party: GoldParty) -> str | None:
        # The longest alias is the most specific: short ones ("army") may name two parties.
        return max(party.aliases, key=len) if party.aliases else None

    return rename_each(setting, rename)


def _short_form(name: str, places: set[str]) -> str | None:
    words = name.split()
    lowered = [w.lower() for w in words]
    for i, word in enumerate(lowered[1:], start=1):
        if word in _PREPOSITIONS and i >= 1:
            return " ".join(words[:i])  # "Observatory for Human Rights" -> "Observatory"
    start = 0
    while start < len(words) - 1 and lowered[start] in places:
        start += 1
    return " ".join(words[start:]) if start else None


@probe("name: short form")
def _short(setting: Setting) -> Variant | None:
    places = place_set(setting)
    return rename_each(setting, lambda j, party: _short_form(party.name, places))


@probe("name: long form")
def _long(setting: Setting) -> Variant | None:
    places = place_set(setting)
    where = setting.gold.locations[0] if setting.gold.locations else None

    def rename(j: int, party: GoldParty) -> str | None:
        lowered = {w.lower() for w in party.name.split()}
        if where is None or party.type is not PartyType.CIVILIANS or lowered & places:
            return None
        return f"{party.name} in {where}"

    return rename_each(setting, rename)


@probe("name: word order")
def _word_order(setting: Setting) -> Variant | None:
    def rename(j: int, party: GoldParty) -> str | None:
        before, sep, rest = party.name.partition(" of ")
        if not sep or not before or not rest:
            return None
        *prefix, head = before.split()
        # "Brannoch Council of Elders" -> "Brannoch Elders Council".
        return " ".join([*prefix, rest, head])

    return rename_each(setting, rename)


def _official_name(party: GoldParty) -> str | None:
    if party.type not in (PartyType.STATE, PartyType.FOREIGN_STATE):
        return None
    words = party.name.split()
    if (len(words) == 2 and words[1].lower() == "government") or (
        len(words) == 1 and words[0][:1].isupper()
    ):
        place = words[0]
    else:
        return None
    country = world().country_of.get(fold_name(place))
    if country is not None:
        longer = [n for n in world().other_names.get(country, ()) if len(n) > len(country)]
        return max(longer, key=len) if longer else f"Government of {country}"
    if re.search(r"(ese|ian|ish)$", place):
        return None  # a demonym whose country world.yaml does not know
    return f"Government of {place}"


@probe("name: official name")
def _official(setting: Setting) -> Variant | None:
    return rename_each(setting, lambda j, party: _official_name(party))


# --- actors that are not the gold ones ---------------------------------------------------


def _confusable_country(country: str) -> str | None:
    others = [c for c in set(world().country_of.values()) if c != country]
    if not others:
        return None
    return max(sorted(others), key=lambda c: fuzz.ratio(c.lower(), country.lower()))


_ARMED = (PartyType.STATE_ARMED_FORCES, PartyType.NON_STATE_ARMED_GROUP, PartyType.MILITIA)


def _false_friend(party: GoldParty, places: set[str]) -> str | None:
    name = party.name
    words = name.split()
    for i, word in enumerate(words):
        country = world().country_of.get(fold_name(word))
        if country is None:
            continue
        other = _confusable_country(country)
        if other is None:
            continue
        adjective = world().adjective.get(other, other)
        rest = [*words[:i], adjective, *words[i + 1 :]]
        if len(words) == 1:
            rest.append("government")
        return " ".join(rest)
    if party.type in _ARMED and words[0].lower() in places and len(words) > 1:
        return "Free " + name  # "Syrian Army" -> "Free Syrian Army": another actor
    return None


@probe("false-friend actor")
def _false_friend_actor(setting: Setting) -> Variant | None:
    places = place_set(setting)
    for j in setting.required(setting.gold.parties):
        party = setting.gold.parties[j]
        friend = _false_friend(party, places)
        if friend is None or taken(setting, j, friend):
            continue
        # Only the party entry is renamed: references keep the gold name, so the probe
        # measures the party match alone.
        prediction = rename_party(setting.perfect, j, friend, references=False)
        return Variant(prediction, drop_party(setting.perfect, j), f"{party.name} -> {friend}")
    return None


@probe("pro-/anti- flipped")
def _pro_anti(setting: Setting) -> Variant | None:
    for j in setting.required(setting.gold.parties):
        name = setting.gold.parties[j].name
        if re.search(r"\bpro-", name, re.IGNORECASE):
            flipped = re.sub(
                r"\b([Pp])ro-", lambda m: "Anti-" if m.group(1) == "P" else "anti-", name
            )
        elif re.search(r"\banti-", name, re.IGNORECASE):
            flipped = re.sub(
                r"\b([Aa])nti-", lambda m: "Pro-" if m.group(1) == "A" else "pro-", name
            )
        else:
            continue
        prediction = rename_party(setting.perfect, j, flipped, references=False)
        return Variant(prediction, drop_party(setting.perfect, j), f"{name} -> {flipped}")
    return None
