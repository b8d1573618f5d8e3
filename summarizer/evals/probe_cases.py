"""The predictions of the probe suite, built from gold: one function per probe.

Each builder takes a :class:`Setting` (a fixture's gold brief, its article and the brief
built from gold) and returns a :class:`Variant` (the prediction, and for a misinforming edit
the same brief with the edited items left out), or None when the probe does not apply to the
fixture. The perfect brief lists every gold item, optional ones included, in gold order, so
item ``i`` of the brief is item ``i`` of gold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz

from summarizer.brief.grounding import normalise_name
from summarizer.brief.schema import (
    Brief,
    DisputeStatus,
    KeyFact,
    Party,
    PartyType,
    Side,
    Situation,
)
from summarizer.evals.builder import gold_to_brief
from summarizer.evals.edits import (
    map_items,
    negate,
    reformat_numbers,
    rename_party,
    replace_parties,
    swap_mentions,
    with_disputes,
    with_figures,
    with_key_facts,
)
from summarizer.evals.gold import GoldBrief, GoldDispute, GoldFigure, GoldKeyFact, GoldParty
from summarizer.evals.text import article_sentences

__all__ = ["PROBE_BUILDERS", "Setting", "Variant"]


@dataclass(frozen=True)
class Variant:
    """A probe's prediction, and what it is compared with."""

    prediction: Brief
    reference: Brief | None = None
    """For misinform: the brief with the edited items left out; for no_credit: empty."""
    note: str = ""


@dataclass(frozen=True)
class Setting:
    """One fixture as the probes see it."""

    gold: GoldBrief
    article: str
    perfect: Brief

    @classmethod
    def of(cls, gold: GoldBrief, article: str) -> Setting:
        """The setting of one fixture, with the brief built from gold."""
        return cls(gold, article, gold_to_brief(gold, article))

    @cached_property
    def headline(self) -> str:
        """The article's first sentence that is not a bracketed marker line."""
        sentences = article_sentences(self.article)
        return next((s for s in sentences if not s.startswith("[")), sentences[0])

    def party_names(self, j: int) -> list[str]:
        """Gold party ``j``'s name and aliases."""
        party = self.gold.parties[j]
        return [party.name, *party.aliases]

    def required(
        self, items: Sequence[GoldParty | GoldFigure | GoldDispute | GoldKeyFact]
    ) -> list[int]:
        """Indexes of the required items of a gold list."""
        return [i for i, item in enumerate(items) if not item.optional]


Builder = Callable[[Setting], Variant | None]
PROBE_BUILDERS: dict[str, Builder] = {}


def probe(name: str) -> Callable[[Builder], Builder]:
    """Register a builder under a probe name."""

    def register(builder: Builder) -> Builder:
        PROBE_BUILDERS[name] = builder
        return builder

    return register


# --- names -------------------------------------------------------------------------------

_MINOR = {"of", "the", "and", "for", "in", "on", "de", "du", "des"}
_PREPOSITIONS = {"of", "for", "in", "on", "at"}


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[\w']+", name) if w.lower() not in _MINOR]
    return "".join(w[0].upper() for w in words) if len(words) > 1 else ""


def _taken(setting: Setting, j: int, new: str) -> bool:
    """Whether ``new`` names (or is part of a name of) another gold party than ``j``."""
    key = normalise_name(new)
    for k, party in enumerate(setting.gold.parties):
        if k == j:
            continue
        for other in [party.name, *party.aliases]:
            if key == normalise_name(other) or key in normalise_name(other).split(" "):
                return True
            if f" {key} " in f" {normalise_name(other)} ":
                return True
    return False


def _rename_each(
    setting: Setting, rename: Callable[[int, GoldParty], str | None]
) -> Variant | None:
    brief = setting.perfect
    notes = []
    for j, party in enumerate(setting.gold.parties):
        new = rename(j, party)
        if new is None or normalise_name(new) == normalise_name(party.name):
            continue
        if _taken(setting, j, new):
            continue
        brief = rename_party(brief, j, new)
        notes.append(f"{party.name} -> {new}")
    if not notes:
        return None
    return Variant(brief, note="; ".join(notes))


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

    return _rename_each(setting, rename)


@probe("name: alias as name")
def _alias_as_name(setting: Setting) -> Variant | None:
    def rename(j: int, party: GoldParty) -> str | None:
        # The longest alias is the most specific: short ones ("army") may name two parties.
        return max(party.aliases, key=len) if party.aliases else None

    return _rename_each(setting, rename)


def _places(setting: Setting) -> set[str]:
    from summarizer.offline.lexicon import lexicon

    known = lexicon()
    words = {w.lower() for place in setting.gold.locations for w in place.split()}
    words |= {w.lower() for w in known.countries} | {w.lower() for w in known.demonyms}
    return words


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
    places = _places(setting)
    return _rename_each(setting, lambda j, party: _short_form(party.name, places))


@probe("name: long form")
def _long(setting: Setting) -> Variant | None:
    places = _places(setting)
    where = setting.gold.locations[0] if setting.gold.locations else None

    def rename(j: int, party: GoldParty) -> str | None:
        lowered = {w.lower() for w in party.name.split()}
        if where is None or party.type is not PartyType.CIVILIANS or lowered & places:
            return None
        return f"{party.name} in {where}"

    return _rename_each(setting, rename)


@probe("name: word order")
def _word_order(setting: Setting) -> Variant | None:
    def rename(j: int, party: GoldParty) -> str | None:
        before, sep, rest = party.name.partition(" of ")
        if not sep or not before or not rest:
            return None
        *prefix, head = before.split()
        # "Brannoch Council of Elders" -> "Brannoch Elders Council".
        return " ".join([*prefix, rest, head])

    return _rename_each(setting, rename)


def _official_name(party: GoldParty) -> str | None:
    from summarizer.offline.lexicon import lexicon

    if party.type not in (PartyType.STATE, PartyType.FOREIGN_STATE):
        return None
    known = lexicon()
    words = party.name.split()
    if (len(words) == 2 and words[1].lower() == "government") or (
        len(words) == 1 and words[0][:1].isupper()
    ):
        place = words[0]
    else:
        return None
    country = known.countries.get(place) or known.demonyms.get(place)
    if country is not None:
        longer = [a for a, c in known.countries.items() if c == country and len(a) > len(country)]
        return max(longer, key=len) if longer else f"Government of {country}"
    if re.search(r"(ese|ian|ish)$", place):
        return None  # a demonym whose country the lexicon does not know
    return f"Government of {place}"


@probe("name: official name")
def _official(setting: Setting) -> Variant | None:
    return _rename_each(setting, lambda j, party: _official_name(party))


@probe("lists in reverse order")
def _reversed(setting: Setting) -> Variant:
    brief = setting.perfect
    situation = brief.situation.model_copy(
        update={
            "locations": brief.situation.locations[::-1],
            "event_dates": brief.situation.event_dates[::-1],
            "key_facts": brief.situation.key_facts[::-1],
        }
    )
    parties = [p.model_copy(update={"aliases": p.aliases[::-1]}) for p in brief.parties[::-1]]
    disputes = [
        d.model_copy(update={"claimed_by": d.claimed_by[::-1], "disputed_by": d.disputed_by[::-1]})
        for d in brief.disputed_facts[::-1]
    ]
    edited = brief.model_copy(update={"situation": situation, "parties": parties})
    edited = with_disputes(edited, disputes)
    return Variant(with_figures(edited, brief.humanitarian.figures[::-1]))


# --- actors that are not the gold ones ---------------------------------------------------


def _confusable_country(country: str) -> str | None:
    from summarizer.offline.lexicon import lexicon

    known = lexicon()
    others = [c for c in set(known.countries.values()) if c != country]
    if not others:
        return None
    return max(sorted(others), key=lambda c: fuzz.ratio(c.lower(), country.lower()))


_ARMED = (PartyType.STATE_ARMED_FORCES, PartyType.NON_STATE_ARMED_GROUP, PartyType.MILITIA)


def _false_friend(party: GoldParty, places: set[str]) -> str | None:
    from summarizer.offline.lexicon import lexicon

    known = lexicon()
    name = party.name
    words = name.split()
    for i, word in enumerate(words):
        country = known.countries.get(word) or known.demonyms.get(word)
        if country is None:
            continue
        other = _confusable_country(country)
        if other is None:
            continue
        adjective = known.country_adjective.get(other, other)
        rest = [*words[:i], adjective, *words[i + 1 :]]
        if len(words) == 1:
            rest.append("government")
        return " ".join(rest)
    if party.type in _ARMED and words[0].lower() in places and len(words) > 1:
        return "Free " + name  # "Syrian Army" -> "Free Syrian Army": another actor
    return None


def _drop_party(brief: Brief, index: int) -> Brief:
    return replace_parties(brief, [p for i, p in enumerate(brief.parties) if i != index])


@probe("false-friend actor")
def _false_friend_actor(setting: Setting) -> Variant | None:
    places = _places(setting)
    for j in setting.required(setting.gold.parties):
        party = setting.gold.parties[j]
        friend = _false_friend(party, places)
        if friend is None or _taken(setting, j, friend):
            continue
        # Only the party entry is renamed: references keep the gold name, so the probe
        # measures the party match alone.
        prediction = rename_party(setting.perfect, j, friend, references=False)
        return Variant(prediction, _drop_party(setting.perfect, j), f"{party.name} -> {friend}")
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
        return Variant(prediction, _drop_party(setting.perfect, j), f"{name} -> {flipped}")
    return None


# --- key facts and summary ---------------------------------------------------------------


@probe("key facts: paraphrased")
def _facts_paraphrased(setting: Setting) -> Variant | None:
    gold_facts = setting.gold.key_facts

    def edit(fact: KeyFact) -> KeyFact | None:
        i = setting.perfect.situation.key_facts.index(fact)
        if not gold_facts[i].paraphrases:
            return None
        return fact.model_copy(update={"statement": gold_facts[i].paraphrases[0]})

    facts, changed = map_items(setting.perfect.situation.key_facts, edit)
    if not changed:
        return None
    return Variant(with_key_facts(setting.perfect, facts), note=f"{len(changed)} facts")


@probe("summary: paraphrased")
def _summary_paraphrased(setting: Setting) -> Variant | None:
    if not setting.gold.summary_paraphrases:
        return None
    brief = setting.perfect
    facts = brief.situation.key_facts
    return Variant(with_key_facts(brief, facts, summary=setting.gold.summary_paraphrases[0]))


def _pasted(setting: Setting) -> KeyFact:
    return KeyFact(statement=setting.article, evidence=[setting.headline])


@probe("key facts: article pasted as one")
def _pasted_fact(setting: Setting) -> Variant:
    brief = setting.perfect
    return Variant(with_key_facts(brief, [_pasted(setting)], summary=brief.situation.summary))


def _empty() -> Brief:
    return Brief(situation=Situation(summary="Fighting continued."))


@probe("empty brief + article pasted")
def _empty_pasted(setting: Setting) -> Variant:
    prediction = Brief(
        situation=Situation(summary="Fighting continued.", key_facts=[_pasted(setting)])
    )
    return Variant(prediction, _empty())


@probe("key facts: all negated")
def _facts_negated(setting: Setting) -> Variant | None:
    brief = setting.perfect
    facts = [
        f.model_copy(update={"statement": negate(f.statement)}) for f in brief.situation.key_facts
    ]
    if not facts:
        return None
    return Variant(with_key_facts(brief, facts), with_key_facts(brief, []))


def _mentioned_pair(setting: Setting, text: str) -> tuple[int, int] | None:
    """Two gold parties both named in ``text`` whose mentions can be swapped."""
    parties = setting.gold.parties
    for a in range(len(parties)):
        for b in range(a + 1, len(parties)):
            if swap_mentions(text, setting.party_names(a), setting.party_names(b)):
                return a, b
    return None


@probe("key fact: actors swapped")
def _fact_actors_swapped(setting: Setting) -> Variant | None:
    brief = setting.perfect
    facts = brief.situation.key_facts
    for i in setting.required(setting.gold.key_facts):
        pair = _mentioned_pair(setting, facts[i].statement)
        if pair is None:
            continue
        a, b = pair
        swapped = swap_mentions(facts[i].statement, setting.party_names(a), setting.party_names(b))
        assert swapped is not None
        edited = list(facts)
        edited[i] = facts[i].model_copy(update={"statement": swapped})
        omitted = [f for k, f in enumerate(facts) if k != i]
        return Variant(with_key_facts(brief, edited), with_key_facts(brief, omitted), note=swapped)
    return None


# --- claims and disputes -----------------------------------------------------------------


def _dispute_edit(
    setting: Setting, edit: Callable[[int], dict[str, object] | None]
) -> Variant | None:
    """The first required dispute ``edit`` applies to, changed; reference: it left out."""
    brief = setting.perfect
    disputes = brief.disputed_facts
    for i in setting.required(setting.gold.disputed_facts):
        update = edit(i)
        if update is None:
            continue
        edited = list(disputes)
        edited[i] = disputes[i].model_copy(update=update)
        omitted = [d for k, d in enumerate(disputes) if k != i]
        note = ", ".join(f"{k}={v}" for k, v in update.items())
        return Variant(with_disputes(brief, edited), with_disputes(brief, omitted), note)
    return None


def _each_dispute(
    setting: Setting, field: str, value: Callable[[int], str | None]
) -> Variant | None:
    """Every dispute whose ``value(i)`` is not None, with ``field`` set to it."""
    disputes = list(setting.perfect.disputed_facts)
    changed = 0
    for i, dispute in enumerate(disputes):
        new = value(i)
        if new is not None:
            disputes[i] = dispute.model_copy(update={field: new})
            changed += 1
    if not changed:
        return None
    return Variant(with_disputes(setting.perfect, disputes), note=f"{changed} {field}s")


@probe("claims: paraphrased")
def _claims_paraphrased(setting: Setting) -> Variant | None:
    gold = setting.gold.disputed_facts
    return _each_dispute(
        setting,
        "claim",
        lambda i: gold[i].claim_paraphrases[0] if gold[i].claim_paraphrases else None,
    )


@probe("counter-claims: paraphrased")
def _counter_paraphrased(setting: Setting) -> Variant | None:
    gold = setting.gold.disputed_facts

    def value(i: int) -> str | None:
        paraphrases = gold[i].counter_claim_paraphrases
        return paraphrases[0] if paraphrases else None

    return _each_dispute(setting, "counter_claim", value)


@probe("claim: negated")
def _claim_negated(setting: Setting) -> Variant | None:
    disputes = setting.perfect.disputed_facts
    return _dispute_edit(setting, lambda i: {"claim": negate(disputes[i].claim, style="not")})


@probe("claim: actors swapped")
def _claim_actors_swapped(setting: Setting) -> Variant | None:
    disputes = setting.perfect.disputed_facts

    def edit(i: int) -> dict[str, object] | None:
        pair = _mentioned_pair(setting, disputes[i].claim)
        if pair is None:
            return None
        a, b = pair
        return {
            "claim": swap_mentions(
                disputes[i].claim, setting.party_names(a), setting.party_names(b)
            )
        }

    return _dispute_edit(setting, edit)


_STATUS_GROUP = {
    DisputeStatus.CONTESTED: "open",
    DisputeStatus.UNVERIFIED: "open",
    DisputeStatus.CONFIRMED: "established",
    DisputeStatus.RETRACTED: "withdrawn",
}


@probe("dispute: status confirmed/contested")
def _wrong_status(setting: Setting) -> Variant | None:
    gold = setting.gold.disputed_facts

    def edit(i: int) -> dict[str, object] | None:
        status = gold[i].status
        wrong = (
            DisputeStatus.CONTESTED
            if status is DisputeStatus.CONFIRMED
            else DisputeStatus.CONFIRMED
        )
        accepted = {status, *gold[i].status_alternatives}
        if wrong in accepted or any(_STATUS_GROUP[s] == _STATUS_GROUP[wrong] for s in accepted):
            return None
        return {"status": wrong}

    return _dispute_edit(setting, edit)


@probe("dispute: claimant and disputer swapped")
def _claimant_swapped(setting: Setting) -> Variant | None:
    disputes = setting.perfect.disputed_facts

    def edit(i: int) -> dict[str, object] | None:
        d = disputes[i]
        if not d.disputed_by:
            return None
        return {"claimed_by": list(d.disputed_by), "disputed_by": list(d.claimed_by)}

    return _dispute_edit(setting, edit)


@probe("counter-claims: negated")
def _counter_negated(setting: Setting) -> Variant | None:
    brief = setting.perfect
    gold = setting.gold.disputed_facts
    edited, omitted, count = [], [], 0
    for i, d in enumerate(brief.disputed_facts):
        if d.counter_claim and not gold[i].optional:
            edited.append(
                d.model_copy(update={"counter_claim": negate(d.counter_claim, style="not")})
            )
            omitted.append(d.model_copy(update={"counter_claim": None}))
            count += 1
        else:
            edited.append(d)
            omitted.append(d)
    if not count:
        return None
    return Variant(with_disputes(brief, edited), with_disputes(brief, omitted), f"{count} negated")


# --- figures ------------------------------------------------------------------------------


def _figure_edit(setting: Setting, indexes: list[int], updates: list[dict[str, object]]) -> Variant:
    brief = setting.perfect
    figures = list(brief.humanitarian.figures)
    for i, update in zip(indexes, updates, strict=True):
        figures[i] = figures[i].model_copy(update=update)
    kept = [f for k, f in enumerate(brief.humanitarian.figures) if k not in indexes]
    note = "; ".join(f"figure {i}: {u}" for i, u in zip(indexes, updates, strict=True))
    return Variant(with_figures(brief, figures), with_figures(brief, kept), note)


def _population_key(population: str) -> str:
    return normalise_name(population)


_GENERIC = {"people", "persons", "individuals"}
_COMBATANTS = {"fighters", "soldiers", "troops", "militants", "gunmen", "armed men", "combatants"}


@probe("figure: populations swapped")
def _populations_swapped(setting: Setting) -> Variant | None:
    gold = setting.gold.figures
    for a in setting.required(gold):
        names = {_population_key(p) for p in [gold[a].population, *gold[a].population_aliases]}
        if not names & _COMBATANTS and _population_key(gold[a].population) not in _GENERIC:
            # Civilians counted as fighters: the reader learns the wrong victims.
            return _figure_edit(setting, [a], [{"population": "fighters"}])
    return None


def _opponent(setting: Setting, source: str) -> str | None:
    """Who denies what ``source`` says, else a party on the other side."""
    key = normalise_name(source)
    for dispute in setting.gold.disputed_facts:
        if any(normalise_name(c) == key for c in dispute.claimed_by) and dispute.disputed_by:
            return dispute.disputed_by[0]
    owner = next(
        (
            p
            for p in setting.gold.parties
            if key in {normalise_name(n) for n in [p.name, *p.aliases]}
        ),
        None,
    )
    other_side = {Side.GOVERNMENT: Side.OPPOSITION, Side.OPPOSITION: Side.GOVERNMENT}
    if owner is not None and owner.side in other_side:
        for party in setting.gold.parties:
            if party.side is other_side[owner.side] and not party.optional:
                return party.name
    return None


@probe("figure: source given to the denier")
def _source_to_denier(setting: Setting) -> Variant | None:
    gold = setting.gold.figures
    for i in setting.required(gold):
        source = gold[i].source
        opponent = _opponent(setting, source) if source else None
        if opponent is not None:
            return _figure_edit(setting, [i], [{"source": opponent}])
    return None


@probe("figure dates: off by a day")
def _figure_dates(setting: Setting) -> Variant | None:
    brief = setting.perfect
    figures, changed = map_items(
        brief.humanitarian.figures,
        lambda f: f.model_copy(update={"date": f.date + dt.timedelta(days=1)}) if f.date else None,
    )
    required = [i for i in changed if not setting.gold.figures[i].optional]
    if not required:
        return None
    return Variant(with_figures(brief, figures), note=f"{len(changed)} dates")


# --- parties ------------------------------------------------------------------------------


@probe("party: side flipped")
def _side_flipped(setting: Setting) -> Variant | None:
    flip = {Side.GOVERNMENT: Side.OPPOSITION, Side.OPPOSITION: Side.GOVERNMENT}
    for j in setting.required(setting.gold.parties):
        side = setting.gold.parties[j].side
        if side in flip:
            parties = list(setting.perfect.parties)
            parties[j] = parties[j].model_copy(update={"side": flip[side]})
            return Variant(
                replace_parties(setting.perfect, parties),
                _drop_party(setting.perfect, j),
                f"{parties[j].name}: {side.value} -> {flip[side].value}",
            )
    return None


@probe("30 extra parties")
def _extra_parties(setting: Setting) -> Variant:
    brief = setting.perfect
    extra = [
        Party(
            name=f"{word} Committee {n}",
            type=PartyType.OTHER,
            side=Side.UNCLEAR,
            role="Mentioned in passing.",
            evidence=[setting.headline],
        )
        for n, word in enumerate(["Relief", "Unity", "Harbour", "Valley", "Citizens"] * 6, 1)
    ]
    return Variant(replace_parties(brief, [*brief.parties, *extra]))


@probe("every item twice")
def _duplicated(setting: Setting) -> Variant:
    brief = setting.perfect
    doubled = replace_parties(brief, [p for p in brief.parties for _ in range(2)])
    doubled = with_disputes(doubled, [d for d in brief.disputed_facts for _ in range(2)])
    doubled = with_figures(doubled, [f for f in brief.humanitarian.figures for _ in range(2)])
    facts = [f for f in brief.situation.key_facts for _ in range(2)]
    return Variant(with_key_facts(doubled, facts, summary=brief.situation.summary))


# --- numbers ------------------------------------------------------------------------------


def _reformatted(setting: Setting, separator: str) -> Variant | None:
    brief = setting.perfect

    def fix(text: str) -> str:
        return reformat_numbers(text, separator)

    facts = [
        f.model_copy(update={"statement": fix(f.statement)}) for f in brief.situation.key_facts
    ]
    disputes = [
        d.model_copy(
            update={
                "claim": fix(d.claim),
                "counter_claim": fix(d.counter_claim) if d.counter_claim else None,
            }
        )
        for d in brief.disputed_facts
    ]
    edited = with_disputes(
        with_key_facts(brief, facts, summary=fix(brief.situation.summary)), disputes
    )
    if edited == brief:
        return None
    return Variant(edited)


@probe("numbers: space separator")
def _space(setting: Setting) -> Variant | None:
    return _reformatted(setting, " ")


@probe("numbers: thin-space separator")
def _thin_space(setting: Setting) -> Variant | None:
    return _reformatted(setting, "\u2009")


@probe("numbers: dot separator")
def _dot(setting: Setting) -> Variant | None:
    return _reformatted(setting, ".")


# --- situation and evidence ---------------------------------------------------------------


@probe("reporting date: off by a day")
def _reporting_date(setting: Setting) -> Variant | None:
    brief = setting.perfect
    date = brief.situation.reporting_date
    if date is None:
        return None
    situation = brief.situation.model_copy(update={"reporting_date": date + dt.timedelta(days=1)})
    return Variant(brief.model_copy(update={"situation": situation}))


@probe("event dates: off by a day")
def _event_dates(setting: Setting) -> Variant | None:
    brief = setting.perfect
    if not brief.situation.event_dates:
        return None
    events = [
        e.model_copy(update={"date": e.date + dt.timedelta(days=1)})
        for e in brief.situation.event_dates
    ]
    situation = brief.situation.model_copy(update={"event_dates": events})
    return Variant(brief.model_copy(update={"situation": situation}))


@probe("locations: places not in the story")
def _locations(setting: Setting) -> Variant | None:
    brief = setting.perfect
    if not brief.situation.locations:
        return None
    invented = ["Quellby", "Zarnow", "Ostmoor", "Pellin", "Varga", "Tesk", "Murn", "Olberg"]
    places = invented[: len(brief.situation.locations)]
    situation = brief.situation.model_copy(update={"locations": places})
    return Variant(brief.model_copy(update={"situation": situation}))


@probe("evidence: headline as every quote")
def _headline_quotes(setting: Setting) -> Variant:
    data = setting.perfect.model_dump(mode="json")

    def replace(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "evidence":
                    node[key] = [setting.headline]
                else:
                    replace(value)
        elif isinstance(node, list):
            for item in node:
                replace(item)

    replace(data)
    return Variant(Brief.model_validate(data))


# --- optional items -----------------------------------------------------------------------


@probe("optional items: wrong attributes")
def _optional_attributes(setting: Setting) -> Variant | None:
    brief = setting.perfect
    gold = setting.gold
    flip = {Side.GOVERNMENT: Side.OPPOSITION, Side.OPPOSITION: Side.GOVERNMENT}
    parties = [
        p.model_copy(
            update={
                "type": PartyType.OTHER if p.type is not PartyType.OTHER else PartyType.MEDIA,
                "side": flip.get(p.side, Side.UNCLEAR),
            }
        )
        if gold.parties[i].optional
        else p
        for i, p in enumerate(brief.parties)
    ]
    # A figure without a number keeps its qualifier and population: they are what its
    # evidence is checked against, and evidence support is not an attribute.
    figures = [
        f.model_copy(
            update={"source": None, "date": None}
            | ({"qualifier": "about", "population": "fighters"} if f.count is not None else {})
        )
        if gold.figures[i].optional
        else f
        for i, f in enumerate(brief.humanitarian.figures)
    ]
    disputes = [
        d.model_copy(
            update={
                "status": DisputeStatus.CONTESTED
                if d.status is not DisputeStatus.CONTESTED
                else DisputeStatus.CONFIRMED,
                "counter_claim": None,
            }
        )
        if gold.disputed_facts[i].optional
        else d
        for i, d in enumerate(brief.disputed_facts)
    ]
    items: list[GoldParty | GoldFigure | GoldDispute] = [
        *gold.parties,
        *gold.figures,
        *gold.disputed_facts,
    ]
    count = sum(x.optional for x in items)
    if not count:
        return None
    edited = with_disputes(with_figures(replace_parties(brief, parties), figures), disputes)
    return Variant(edited, note=f"{count} optional items")
