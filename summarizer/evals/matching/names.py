"""Do two names name the same actor? Name similarity for parties, sources, claimants,
populations and places.

Names are folded (accents, case, punctuation, possessives, a leading "the"), then compared
by rules that follow how news writes names, in this order:

1. a bracketed part is another name ("Médecins Sans Frontières (MSF)" is both);
2. equal names, spellings of one acronym ("U.N." = "UN") and initials ("UN" = "United
   Nations") are the same actor (1.0);
3. names of two different countries ("Iraqi government" vs "Iran"), of two identities
   ("Shiite" vs "Sunni militias") or of opposite sides ("pro-government" vs
   "anti-government militias") are never the same (0.0);
4. generic words ("forces", "troops") are dropped; a country named by its name, demonym or
   official form ("Russia", "Russian Federation", "Russian government", "Government of
   Russia") is one actor; the same words in another order ("Homs governor", "governor of
   Homs") are one actor (1.0);
5. a name inside a longer one is the same actor (:data:`CONTAINMENT_SIMILARITY`) only when
   both have the same head noun and every extra word is a qualifier: a country, demonym or
   place of the story, an identity ("Syrian Arab Red Crescent" / "Red Crescent"), a parent
   body ("UN World Food Programme"), a descriptive or direction word ("displaced rebels"), a
   pro-/anti- cue, or a trailing complement ("Syrian Observatory for Human Rights" /
   "Syrian Observatory");
   otherwise it is another actor (:data:`SUBSET_SIMILARITY`: "Syrian Army" / "Free Syrian
   Army", "UN" / "UN Security Council");
6. anything else is rapidfuzz's ``token_sort_ratio`` (spelling variants).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

import yaml
from rapidfuzz import fuzz

from summarizer.brief.grounding import normalise_name
from summarizer.brief.text import word_set

__all__ = [
    "CONTAINMENT_SIMILARITY",
    "GENERIC_NAME_WORDS",
    "NAME_FLOOR",
    "SUBSET_SIMILARITY",
    "Places",
    "World",
    "fold_name",
    "name_similarity",
    "name_variants",
    "names_in",
    "names_similarity",
    "place_words",
    "world",
]

NAME_FLOOR = 0.8
"""Two names below this similarity never match (parties, populations, sources, claimants)."""

CONTAINMENT_SIMILARITY = 0.9
"""A shorter and a longer form of one actor's name: above the floor, under an exact match,
so an exact name or alias wins the assignment when there is one."""

SUBSET_SIMILARITY = 0.75
"""One name inside another that adds a word that tells actors apart ("Free"): under
:data:`NAME_FLOOR` on purpose, since the longer name is usually another actor."""

GENERIC_NAME_WORDS = word_set("the forces troops")
"""Words that never tell two actors apart, dropped from both names before they are compared
("Syrian government forces" = "Syrian government"), unless nothing else is left."""

_MINOR_WORDS = word_set("of the and for in on at de du des la le al")
_PREPOSITIONS = word_set("of for in on at from")
_STATE_WORDS = word_set(
    "government federation republic kingdom state authorities administration islamic people "
    "peoples democratic united arab socialist federal"
)
_PARENT_BODIES = word_set("un united nations eu au nato")
_SIDE_CUES = word_set("pro anti")
_DEMONYM_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i", "s", "n")

Places = frozenset[str]
"""Folded words of the story's places ("brannoch", "kavasia"), which qualify a name."""


@dataclass(frozen=True)
class World:
    """The general knowledge of ``world.yaml``: countries, identities, qualifying words."""

    country_of: dict[str, str]
    """Folded country name, other name or demonym -> canonical country name."""
    other_names: dict[str, tuple[str, ...]]
    """Canonical country -> its other names and official forms ("Russian Federation")."""
    adjective: dict[str, str]
    """Canonical country -> its first demonym ("Syria" -> "Syrian")."""
    identity_of: dict[str, str]
    """Folded religious, ethnic or political identity word -> canonical ("shia" -> Shiite)."""
    qualifiers: frozenset[str]
    """Descriptive and direction words ("displaced", "eastern")."""


@functools.cache
def world() -> World:
    """The scorer's general knowledge, read once from ``summarizer/evals/matching/world.yaml``."""
    text = resources.files("summarizer.evals.matching").joinpath("world.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    countries: dict[str, list[str]] = data["countries"]
    others: dict[str, list[str]] = data["other_names"]
    country_of: dict[str, str] = {}
    for name, demonyms in countries.items():
        for form in [name, *demonyms, *others.get(name, [])]:
            country_of.setdefault(fold_name(form), name)
    identity_of = {
        fold_name(form): name
        for name, forms in data["identities"].items()
        for form in [name, *forms]
    }
    return World(
        country_of=country_of,
        other_names={name: tuple(forms) for name, forms in others.items()},
        adjective={name: demonyms[0] for name, demonyms in countries.items() if demonyms},
        identity_of=identity_of,
        qualifiers=frozenset(fold_name(w) for w in data["qualifiers"]),
    )


@functools.lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """A name folded for comparison: accents removed, then
    :func:`~summarizer.brief.grounding.normalise_name` (case, punctuation, possessives,
    a leading "the")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return normalise_name(plain)


_BRACKETS = re.compile(r"\(([^()]*)\)")


@functools.lru_cache(maxsize=65536)
def name_variants(name: str) -> tuple[str, ...]:
    """The name and the forms a bracket gives: "Médecins Sans Frontières (MSF)" ->
    the whole name, "Médecins Sans Frontières" and "MSF"."""
    inside = [m.strip() for m in _BRACKETS.findall(name) if m.strip()]
    if not inside:
        return (name,)
    outside = _BRACKETS.sub(" ", name).strip()
    return (name, *(v for v in [outside, *inside] if v))


def names_in(text: str, names: Iterable[str]) -> bool:
    """Whether ``text`` writes one of ``names`` (or a bracketed form of one) as whole words,
    after :func:`fold_name`."""
    folded = f" {fold_name(text)} "
    forms = {fold_name(v) for n in names for v in name_variants(n)} - {""}
    return any(f" {form} " in folded for form in forms)


def place_words(places: Iterable[str]) -> Places:
    """The folded words of a story's places, for :func:`name_similarity`."""
    return frozenset(w for place in places for w in fold_name(place).split())


def _initials(words: Sequence[str]) -> str:
    kept = [w for w in words if w not in _MINOR_WORDS]
    return "".join(w[0] for w in kept) if len(kept) > 1 else ""


def _countries(words: Sequence[str]) -> set[str]:
    """The countries a name refers to, by name, alias or demonym (two-word names too)."""
    table = world().country_of
    found = {table[w] for w in words if w in table}
    found |= {table[f"{a} {b}"] for a, b in itertools.pairwise(words) if f"{a} {b}" in table}
    found |= {
        table[f"{a} {b} {c}"]
        for a, b, c in zip(words, words[1:], words[2:], strict=False)
        if f"{a} {b} {c}" in table
    }
    return found


def _country_only(words: Sequence[str]) -> str | None:
    """The country a name names when it is nothing but that country in some form
    ("russian federation", "government of iran", "syria")."""
    countries = _countries(words)
    if len(countries) != 1:
        return None
    country = next(iter(countries))
    table = world().country_of
    country_words = {w for k, c in table.items() if c == country for w in k.split()}
    rest = [w for w in words if w not in country_words and w not in _MINOR_WORDS]
    return country if all(w in _STATE_WORDS for w in rest) else None


def _side_cue(words: Sequence[str]) -> str | None:
    cues = [w for w in words if w in _SIDE_CUES]
    return cues[0] if len(set(cues)) == 1 else None


def _head(words: Sequence[str]) -> str:
    """The head noun: the last word before the first preposition ("observatory" in
    "syrian observatory for human rights"), else the last word."""
    for i, word in enumerate(words):
        if word in _PREPOSITIONS and i > 0:
            return words[i - 1]
    return words[-1]


def _complement(words: Sequence[str]) -> set[str]:
    """The words of a trailing prepositional complement ("for human rights")."""
    for i, word in enumerate(words):
        if word in _PREPOSITIONS and i > 0:
            return set(words[i:])
    return set()


def _is_place(word: str, places: Places) -> bool:
    if word in places or word in world().country_of:
        return True
    for suffix in _DEMONYM_SUFFIXES:
        stem = word.removesuffix(suffix)
        # "kavasian" for Kavasia, "mirrenese" for Mirrendale.
        if stem != word and len(stem) >= 4 and any(p.startswith(stem) for p in places):
            return True
    return False


def _qualifier(word: str, longer: Sequence[str], places: Places) -> bool:
    """Whether ``word``, extra in the longer name, only qualifies the actor."""
    return (
        word in _MINOR_WORDS
        or word in _PARENT_BODIES
        or word in _SIDE_CUES
        or word in world().qualifiers
        or word in world().identity_of
        or word in _complement(longer)
        or _is_place(word, places)
        or _follows_side_cue(word, longer)
    )


def _follows_side_cue(word: str, words: Sequence[str]) -> bool:
    return any(a in _SIDE_CUES and b == word for a, b in itertools.pairwise(words))


def _contained(short: list[str], long: list[str], places: Places) -> float:
    extra = [w for w in long if w not in short]
    if len(short) == 1 and all(w in _STATE_WORDS or w in _MINOR_WORDS for w in extra):
        return CONTAINMENT_SIMILARITY  # "Dunmark" / "Government of Dunmark"
    if _head(short) != _head(long):
        return SUBSET_SIMILARITY
    if all(_qualifier(w, long, places) for w in extra):
        return CONTAINMENT_SIMILARITY
    return SUBSET_SIMILARITY


def _without_generic(words: list[str]) -> list[str]:
    kept = [w for w in words if w not in GENERIC_NAME_WORDS]
    return kept or words


def _pair_similarity(a: str, b: str, places: Places) -> float:
    wa, wb = fold_name(a).split(), fold_name(b).split()
    if not wa or not wb:
        return 0.0
    ca, cb = "".join(wa), "".join(wb)
    if ca == cb or ca == _initials(wb) or cb == _initials(wa):
        return 1.0
    countries_a, ids_a, cue_a = _marks(a)
    countries_b, ids_b, cue_b = _marks(b)
    if countries_a and countries_b and not countries_a & countries_b:
        return 0.0  # "Iraqi government" is not Iran
    if ids_a and ids_b and not ids_a & ids_b:
        return 0.0  # Shiite militias are not Sunni militias
    if cue_a and cue_b and cue_a != cue_b:
        return 0.0  # pro-government vs anti-government
    wa, wb = _without_generic(wa), _without_generic(wb)
    if wa == wb:
        return 1.0
    country = _country_only(wa)
    if country is not None and country == _country_only(wb):
        return 1.0
    content_a = [w for w in wa if w not in _MINOR_WORDS]
    content_b = [w for w in wb if w not in _MINOR_WORDS]
    if content_a and sorted(content_a) == sorted(content_b):
        return 1.0  # "Homs governor" / "governor of Homs"
    set_a, set_b = set(content_a), set(content_b)
    if set_a and set_b and (set_a < set_b or set_b < set_a):
        short, long = (wa, wb) if set_a < set_b else (wb, wa)
        return _contained([w for w in short if w not in _MINOR_WORDS], long, places)
    return fuzz.token_sort_ratio(" ".join(wa), " ".join(wb)) / 100


def name_similarity(a: str, b: str, places: Places = frozenset()) -> float:
    """Similarity of two names in [0, 1] by the rules in this module's docstring.

    ``places`` are the story's place words (:func:`place_words`), which may qualify a name
    ("Brannoch Civil Rescue Corps" / "Civil Rescue Corps").

    >>> name_similarity("the U.N.", "United Nations")
    1.0
    >>> name_similarity("Iraqi government", "Iran")
    0.0
    >>> name_similarity("Syrian Arab Red Crescent", "Red Crescent")
    0.9
    >>> name_similarity("Syrian army", "Free Syrian Army")
    0.75
    """
    return max(
        _cached_similarity(va, vb, places) for va in name_variants(a) for vb in name_variants(b)
    )


@functools.lru_cache(maxsize=65536)
def _cached_similarity(a: str, b: str, places: Places) -> float:
    return _pair_similarity(a, b, places)


@functools.lru_cache(maxsize=16384)
def _marks(name: str) -> tuple[frozenset[str], frozenset[str], str | None]:
    """What tells actors apart whatever the other words: countries, identities, a side cue."""
    words = fold_name(name).split()
    identities = world().identity_of
    return (
        frozenset(_countries(words)),
        frozenset(identities[w] for w in words if w in identities),
        _side_cue(words),
    )


def _conflicts(name: str, others: Sequence[str]) -> bool:
    return _cached_conflicts(name, tuple(others))


@functools.lru_cache(maxsize=65536)
def _cached_conflicts(name: str, others: tuple[str, ...]) -> bool:
    """Whether ``name`` is marked for another country, identity or side than every one of
    ``others`` that is marked at all ("Serbian rebels" against "Syrian rebels" and its alias
    "rebels")."""
    countries, identities, cue = _marks(name)
    marks = [_marks(o) for o in others]
    theirs_countries = frozenset().union(*(m[0] for m in marks))
    theirs_identities = frozenset().union(*(m[1] for m in marks))
    theirs_cues = {m[2] for m in marks} - {None}
    return bool(
        (countries and theirs_countries and not countries & theirs_countries)
        or (identities and theirs_identities and not identities & theirs_identities)
        or (cue and theirs_cues and cue not in theirs_cues)
    )


def names_similarity(
    predicted: Sequence[str], gold: Sequence[str], places: Places = frozenset()
) -> float:
    """The best :func:`name_similarity` over every predicted name against every gold name.

    A predicted name marked for another country, identity or side than the gold names
    (taken together) scores 0 against all of them: a gold alias that drops the mark
    ("rebels" for "Syrian rebels") does not make "Serbian rebels" the same actor.
    """
    return max(
        (name_similarity(p, g, places) for p in predicted if not _conflicts(p, gold) for g in gold),
        default=0.0,
    )
