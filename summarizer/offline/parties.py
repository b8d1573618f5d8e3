"""Parties: actor mentions merged by alias, then typed and sided by lexical cues.

Merging rules, in order: the same organisation or country (by lexicon name or alias: "the UN"
/ "United Nations", "US" / "United States"); a government and its armed forces are one party
("Syrian government forces", "the government of <its president>"), and a foreign state's
government and forces are that state; groups of the same class merge when they share a
country or identity ("Syrian rebels" / "the displaced rebels" when only one rebel party
exists). People belong to the party their title names ("Russia's UN ambassador").

Sides: pro-/anti- cues in the phrase, the class default (government forces, rebels, UN bodies
and media are neutral), then alliance cues ("aided by Russia"), coalitions ("Russia-Iran
coalition") and lists ("X, Russia and Iran") carry a known side to the actors next to it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from summarizer.brief.grounding import normalise_name
from summarizer.brief.schema import PartyType, Side
from summarizer.brief.text import fold
from summarizer.offline.actors import Mention, Person, by_sentence, find_mentions
from summarizer.offline.lexicon import lexicon, phrase_pattern
from summarizer.offline.text import Sentence

__all__ = ["PartyDraft", "extract_parties"]

_NON_STATE_FROM_IDENTITY = frozenset({"government", "forces"})
_CLASS_SIDES = {
    "government": Side.GOVERNMENT,
    "rebels": Side.OPPOSITION,
    "civilians": Side.NEUTRAL,
    "protesters": Side.OPPOSITION,
}
_CLASS_TYPES = {
    "rebels": PartyType.NON_STATE_ARMED_GROUP,
    "militia": PartyType.MILITIA,
    "fighters": PartyType.NON_STATE_ARMED_GROUP,
    "militants": PartyType.NON_STATE_ARMED_GROUP,
    "civilians": PartyType.CIVILIANS,
    "protesters": PartyType.CIVILIANS,
}
_NEUTRAL_TYPES = frozenset({PartyType.MEDIA, PartyType.NGO, PartyType.INTERGOVERNMENTAL})
_KEY_PREFIXES = frozenset(
    {"org", "gov", "country", "rebels", "militia", "fighters", "militants", "forces", "government"}
)
_LIST_GAP = re.compile(r"^\s*(?:,|and|,\s*and|or)\s*$")


@dataclass
class PartyDraft:
    """A party being assembled from its mentions."""

    key: str
    name: str
    type: PartyType
    side: Side | None
    mentions: list[Mention] = field(default_factory=list)
    representatives: dict[str, str | None] = field(default_factory=dict)

    def aliases(self) -> list[str]:
        """Other surface names of this party, in order of first use, without "the"."""
        seen = {normalise_name(self.name)}
        out: list[str] = []
        for m in self.mentions:
            if m.kind in ("person", "title"):
                continue
            surface = re.sub(r"^(?:the|The)\s+", "", m.surface)
            norm = normalise_name(surface)
            if norm and norm not in seen:
                seen.add(norm)
                out.append(surface)
        return out


def _home_country(mentions: list[Mention], people: dict[str, Person],
                  sentences: list[Sentence]) -> str | None:  # fmt: skip
    """The country the story happens in: whose government, rebels or president act."""
    lex = lexicon()
    votes: Counter[str] = Counter()
    for m in mentions:
        if m.kind == "group" and m.country and m.cls in ("government", "forces", "rebels"):
            votes[m.country] += 2
    for p in people.values():
        if p.head_of_state and p.owner and not p.owner.startswith("org:"):
            votes[p.owner] += 2
    for s in sentences:
        # "in Aleppo, Syria" or a caption/dateline's "Aleppo, Syria": a place and its country.
        anchor = r"(?:^|\b(?:in|near|at|outside)\s+)" if s.kind == "body" else ""
        for match in re.finditer(anchor + r"[A-Z][\w'-]+,\s+([A-Z][\w ]+?)\b", fold(s.text)):
            country = lex.countries.get(match.group(1))
            if country:
                votes[country] += 1
    if not votes:
        return None
    best = max(votes.values())
    order = [m.country for m in mentions if m.country]
    return next((c for c in order if votes.get(c) == best), max(votes, key=votes.__getitem__))


def _country_key(country: str | None, home: str | None) -> str:
    if country is None or country == home:
        return f"gov:{home or ''}"
    return f"country:{country}"


def _assign_key(m: Mention, home: str | None) -> str:
    if m.kind == "org":
        return f"org:{m.org.name if m.org else m.surface}"
    if m.kind in ("country", "title"):
        return _country_key(m.country, home)
    if m.kind == "person":
        return _person_key(m.person, home)
    cls = m.cls or ""
    if cls in _NON_STATE_FROM_IDENTITY:
        if m.person is not None:
            return _person_key(m.person, home)
        if m.identity:
            return f"{cls}:{m.identity}"
        return _country_key(m.country, home)
    if cls == "civilians":
        return "civilians"
    return f"{cls}:{m.identity or m.country or '*'}"


def _person_key(person: Person | None, home: str | None) -> str:
    if person is None or (person.owner or "").startswith("name:"):
        return ""
    if person.owner and person.owner.split(":")[0] in _KEY_PREFIXES:
        return person.owner
    if person.owner:
        return _country_key(person.owner, home)
    if person.head_of_state:
        return _country_key(None, home)
    return ""


def _resolve_named_owners(
    mentions: list[Mention], people: dict[str, Person], home: str | None
) -> None:
    """People whose title names an unknown actor ("Ferros commander") join that actor."""
    owners: dict[str, str] = {}
    for m in mentions:
        if m.kind == "group" and m.identity:
            owners.setdefault(m.identity, m.key)
        elif m.kind == "org" and m.org is not None:
            owners.setdefault(m.org.name.split()[0], m.key)
    for person in people.values():
        if person.owner and person.owner.startswith("name:"):
            key = owners.get(person.owner[5:])
            person.owner = key
    for m in mentions:
        if m.kind == "person":
            m.key = _person_key(m.person, home)


def _merge_unqualified(mentions: list[Mention], home: str | None) -> None:
    keys = {m.key for m in mentions}
    by_class: dict[str, list[str]] = {}
    for k in sorted(keys):
        cls, sep, qual = k.partition(":")
        if sep and qual != "*":
            by_class.setdefault(cls, []).append(k)
    for m in mentions:
        if not m.key.endswith(":*"):
            continue
        cls = m.key[:-2]
        qualified = by_class.get(cls, [])
        if len(qualified) == 1:
            m.key = qualified[0]
        elif home and f"{cls}:{home}" in keys:
            m.key = f"{cls}:{home}"


def _merge_short_org_names(mentions: list[Mention]) -> None:
    """An organisation named by the end of a longer name the article also uses is that
    organisation: "the Free Brigades" after "the Brannoch Free Brigades"."""
    names = sorted({m.key[4:] for m in mentions if m.kind == "org"})
    # Each name under every word-suffix it ends in, so a lookup replaces a scan of all names.
    ending_in: dict[str, list[str]] = {}
    for name in names:
        words = name.split(" ")
        for i in range(1, len(words)):
            ending_in.setdefault(" ".join(words[i:]), []).append(name)
    target: dict[str, str] = {}
    for short in names:
        longer = ending_in.get(short, [])
        if len(longer) == 1:
            target[f"org:{short}"] = f"org:{longer[0]}"
    for m in mentions:
        m.key = target.get(m.key, m.key)


def _clean_surface(surface: str) -> str:
    lex = lexicon()
    words = re.sub(r"^(?:the|The)\s+", "", surface).split()
    while words and (
        words[0].lower() in lex.descriptive
        or words[0].lower().startswith(("pro-", "anti-"))
        or words[0].lower() in ("pro", "anti")
    ):
        words = words[1:] if words[0].lower() not in ("pro", "anti") else words[2:]
    return " ".join(words) or surface


def _draft(
    key: str, mentions: list[Mention], home: str | None, adjectives: dict[str, str]
) -> PartyDraft | None:
    lex = lexicon()
    first = mentions[0]
    kind, _, qual = key.partition(":")
    if kind == "gov":
        adjective = lex.country_adjective.get(qual) or adjectives.get(qual, qual)
        name = f"{adjective} government" if qual else "government"
        return PartyDraft(key, name, PartyType.STATE, Side.GOVERNMENT)
    if kind == "country":
        typ = PartyType.FOREIGN_STATE if home else PartyType.STATE
        return PartyDraft(key, qual, typ, None)
    if kind == "org":
        org = next((m.org for m in mentions if m.org), None)
        if org is not None:
            side = None if org.side is Side.UNCLEAR else org.side
            if side is None and org.type in (PartyType.STATE, PartyType.STATE_ARMED_FORCES):
                # A state body or army is the government's unless it names a foreign country.
                first_word = org.name.split()[0]
                owner = lex.countries.get(first_word) or lex.demonyms.get(first_word)
                side = None if owner and home and owner != home else Side.GOVERNMENT
            return PartyDraft(key, org.name, org.type, side)
        typ = first.org_type or PartyType.OTHER
        return PartyDraft(key, qual, typ, Side.NEUTRAL if typ in _NEUTRAL_TYPES else None)
    if kind == "civilians":
        return PartyDraft(key, "civilians", PartyType.CIVILIANS, Side.NEUTRAL)
    if not any(m.kind == "group" for m in mentions):
        return None
    groups = [m for m in mentions if m.kind == "group"]
    qualified = [m for m in groups if m.country or m.identity] or groups
    name = _clean_surface(qualified[0].surface)
    if kind in _NON_STATE_FROM_IDENTITY:
        return PartyDraft(key, name, PartyType.NON_STATE_ARMED_GROUP, None)
    return PartyDraft(key, name, _CLASS_TYPES.get(kind, PartyType.OTHER), _CLASS_SIDES.get(kind))


class _SidePropagation:
    """Known sides carried to allies: alliance cues, coalition compounds and plain lists."""

    def __init__(self, drafts: dict[str, PartyDraft], text: str) -> None:
        self.drafts = drafts
        self.text = text
        self.cues = phrase_pattern(list(lexicon().alliance_cues))

    def side(self, m: Mention) -> Side | None:
        return self.drafts[m.key].side

    def give(self, m: Mention, value: Side | None) -> bool:
        """Give ``m``'s party the side ``value`` if it has none yet; True when it changed."""
        d = self.drafts[m.key]
        if d.side is None and value in (Side.GOVERNMENT, Side.OPPOSITION):
            d.side = value
            return True
        return False

    def listed(self, prev: Mention, nxt: Mention) -> bool:
        """True when only a list separator stands between two mentions ("X, Y and Z")."""
        gap = self.text[prev.end : nxt.start]
        return bool(_LIST_GAP.match(gap)) or gap == "-"

    def alliances(self, sentence: Sentence, ms: list[Mention]) -> bool:
        """Allies by cue ("X aided by Y"): Y, and whoever is listed with it, takes X's side."""
        changed = False
        for hit in self.cues.finditer(fold(sentence.text)):
            cue, at = hit.group(0).lower(), sentence.start + hit.start()
            before = [m for m in ms if m.end <= at and self.side(m)]
            after = [m for m in ms if m.start >= at]
            if cue in ("coalition", "and its allies"):
                # "his Russia-Iran coalition": the members stand just before the cue.
                after = [m for m in ms if at - 40 <= m.end <= at + 1]
                before = [m for m in ms if m.end < at - 1 and self.side(m) and m not in after]
            if before and after:
                ally = self.side(before[-1])
                changed |= self.give(after[0], ally)
                for prev, nxt in itertools.pairwise(after):
                    if self.listed(prev, nxt):
                        changed |= self.give(nxt, ally)
        return changed

    def lists(self, ms: list[Mention]) -> bool:
        """Neighbours in a plain list share a side."""
        changed = False
        for prev, nxt in itertools.pairwise(ms):
            if self.listed(prev, nxt):
                changed |= self.give(nxt, self.side(prev)) | self.give(prev, self.side(nxt))
        return changed


def _propagate_sides(drafts: dict[str, PartyDraft], mentions: list[Mention],
                     sentences: dict[int, Sentence], text: str) -> None:  # fmt: skip
    """Carry known sides to allies until nothing changes (at most three passes)."""
    grouped = by_sentence([m for m in mentions if m.key in drafts])
    propagation = _SidePropagation(drafts, text)
    for _ in range(3):
        changed = False
        for index, ms in sorted(grouped.items()):
            changed |= propagation.alliances(sentences[index], ms)
            changed |= propagation.lists(ms)
        if not changed:
            break


def extract_parties(sentences: list[Sentence], text: str) -> tuple[list[PartyDraft],
                                                                   list[Mention]]:  # fmt: skip
    """The parties of the article in order of first mention, and every keyed mention."""
    mentions, people, extra = find_mentions(sentences, text)
    adjectives: dict[str, str] = {}
    for dem, country in extra.items():
        if dem != country or country not in adjectives:  # "Marovian" beats "Marovia"
            adjectives[country] = dem
    home = _home_country(mentions, people, sentences)
    for m in mentions:
        m.key = _assign_key(m, home)
    _merge_unqualified(mentions, home)
    _merge_short_org_names(mentions)
    _resolve_named_owners(mentions, people, home)
    grouped: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.key:
            grouped.setdefault(m.key, []).append(m)
    drafts: dict[str, PartyDraft] = {}
    for key, ms in grouped.items():
        draft = _draft(key, ms, home, adjectives)
        if draft is None:
            continue
        draft.mentions = ms
        votes = Counter(m.cue for m in ms if m.cue is not None)
        if votes:
            draft.side = max(sorted(votes, key=str), key=votes.__getitem__)
        drafts[key] = draft
    for person in people.values():
        key = _person_key(person, home)
        if key in drafts:
            drafts[key].representatives.setdefault(person.name, person.title or None)
    kept = [m for m in mentions if m.key in drafts]
    _propagate_sides(drafts, kept, {s.index: s for s in sentences}, text)
    return list(drafts.values()), kept
