"""Actor mentions in sentences: who is named where, before any merging.

Four patterns find actors: names from the lexicon (countries, demonyms, organisations),
capitalised spans that end in an organisation word ("Orient TV"), actor phrases built on a
lower-case head noun ("pro-Assad Shiite militias", "the government of X"), and people
introduced by a title ("Russia's UN ambassador Vitaly Churkin"). Each mention records what it
says about the actor (class, country, identity, side cue); :mod:`parties` merges them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from summarizer.offline.lexicon import Lexicon, OrgEntry, lexicon
from summarizer.offline.text import Sentence, Token, tokenize
from summarizer.schema import PartyType, Side

__all__ = ["Mention", "Person", "find_mentions"]

_CONNECTORS = frozenset({"of", "for", "the", "and", "de", "du", "des"})
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "van", "von", "de", "da", "la"})
_HEAD_OF_STATE = frozenset({"president", "prime", "king", "emperor", "leader", "premier"})
_LOCATION_PREPS = frozenset({"in", "at", "near", "across", "into", "throughout", "inside"})


def _word_set(words: str) -> frozenset[str]:
    """A set of space-separated words, so long word lists stay readable."""
    return frozenset(words.split())


_CALENDAR = _word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december"
)
_STOP_CAPS = _word_set(
    "the a an but and or meanwhile however with after before when while as in on at of for "
    "if this that these those it its his her their there here we they he she according "
    "nobody no one government"
)


_NEUTRAL_ORGS = frozenset({PartyType.MEDIA, PartyType.NGO, PartyType.INTERGOVERNMENTAL})
_ADJECTIVAL = re.compile(r"^[A-Z][a-z]{3,}(?:ian|ean|ese|ish|i)$")


def _all_spans(tokens: list[Token], extra: dict[str, str]) -> list[_Span]:
    """Lexicon names plus organisation-word spans; the longer span wins an overlap."""
    spans = _lexicon_spans(tokens, extra)
    named_orgs = {k for sp in spans if sp.kind == "org" for k in range(sp.i, sp.j)}
    suffix = _org_suffix_spans(tokens, named_orgs)
    inside = {k for sp in suffix for k in range(sp.i, sp.j)}
    kept = [sp for sp in spans if not set(range(sp.i, sp.j)) & inside]
    return sorted(kept + suffix, key=lambda sp: sp.i)


def _guess_demonyms(parsed: list[tuple[Sentence, list[Token]]], text: str) -> dict[str, str]:
    """Demonyms missing from the lexicon ("Marovian army") -> a country name for them."""
    lex = lexicon()
    found: dict[str, str] = {}
    for _s, tokens in parsed:
        for k, tok in enumerate(tokens[:-1]):
            word = tok.base
            if not _ADJECTIVAL.match(word) or word in lex.demonyms or word in lex.identities:
                continue
            following = [t.lower for t in tokens[k + 1 : k + 3]]
            if not any(w in lex.heads or w in _title_words() for w in following):
                continue
            country = word[:-1] if word.endswith("ian") else word
            found[word] = country if re.search(rf"\b{country}\b", text) or country != word else word
    return found


@dataclass
class Person:
    """A named person and the party they speak for, when their title says."""

    name: str
    title: str | None
    owner: str | None
    """A country name or ``org:<name>`` the title ties them to."""
    head_of_state: bool = False


@dataclass
class Mention:
    """One mention of an actor in one sentence."""

    sentence: int
    start: int
    end: int
    surface: str
    kind: str
    """"country", "org", "group", "person" or "title" (a titled person or office)."""
    cls: str | None = None
    country: str | None = None
    identity: str | None = None
    org: OrgEntry | None = None
    org_type: PartyType | None = None
    cue: Side | None = None
    person: Person | None = None
    head_type: PartyType | None = None
    modifiers: list[str] = field(default_factory=list)
    key: str = ""
    """Filled in by :mod:`parties` once the home country is known."""


@dataclass(frozen=True)
class _Span:
    i: int
    j: int
    kind: str
    value: str
    org: OrgEntry | None = None


@functools.cache
def _title_words() -> frozenset[str]:
    words = {w for t in lexicon().titles for w in t.replace("-", " ").split()}
    return frozenset(words - {"of", "the", "state"})


@functools.cache
def _name_index() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    """First token -> (token sequence, kind, value), longest first."""
    lex = lexicon()
    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    tables = (("org", lex.organisations), ("country", lex.countries),
              ("demonym", lex.demonyms), ("identity", lex.identities))  # fmt: skip
    for kind, table in tables:
        for name, value in table.items():
            seq = tuple(t.text for t in tokenize(name))
            target = value.name if isinstance(value, OrgEntry) else value
            index.setdefault(seq[0], []).append((seq, kind, target))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


def _lexicon_spans(tokens: list[Token], extra: dict[str, str]) -> list[_Span]:
    lex = lexicon()
    index = _name_index()
    spans: list[_Span] = []
    i = 0
    while i < len(tokens):
        best: _Span | None = None
        if tokens[i].base in extra:
            spans.append(_Span(i, i + 1, "demonym", extra[tokens[i].base]))
            i += 1
            continue
        for seq, kind, value in index.get(tokens[i].base, ()) or index.get(tokens[i].text, ()):
            j = i + len(seq)
            if j > len(tokens):
                continue
            words = [t.text for t in tokens[i:j]]
            words[-1] = tokens[j - 1].base
            if tuple(words) == seq or tuple(t.text for t in tokens[i:j]) == seq:
                org = lex.organisations.get(value) if kind == "org" else None
                best = _Span(i, j, kind, value, org)
                break
        if best:
            spans.append(best)
            i = best.j
        else:
            i += 1
    return spans


def _org_suffix_spans(tokens: list[Token], taken: set[int]) -> list[_Span]:
    lex = lexicon()
    spans: list[_Span] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].capitalised or i in taken or tokens[i].lower in _CALENDAR:
            i += 1
            continue
        j = i
        while (
            j < len(tokens)
            and j not in taken
            and (
                tokens[j].capitalised
                or (
                    tokens[j].text in _CONNECTORS
                    and j + 1 < len(tokens)
                    and tokens[j + 1].capitalised
                )
            )
        ):
            j += 1
        run = tokens[i:j]
        while run and run[-1].text in _CONNECTORS:
            run = run[:-1]
        if run:
            last = run[-1].base
            last_two = " ".join(t.base for t in run[-2:])
            typ = lex.org_suffixes.get(last_two) or lex.org_suffixes.get(last)
            if typ is None:
                typ = lex.org_prefixes.get(run[0].base)
            sentence_initial_single = len(run) == 1
            if typ is not None and not sentence_initial_single:
                name = " ".join(t.base if k == len(run) - 1 else t.text for k, t in enumerate(run))
                side = Side.NEUTRAL if typ in _NEUTRAL_ORGS else Side.UNCLEAR
                entry = OrgEntry(name, (), typ, side)
                spans.append(_Span(i, i + len(run), "org", name, entry))
        i = max(j, i + 1)
    return spans


def _person_run(tokens: list[Token], i: int, known: frozenset[str]) -> int:
    """End index of a personal-name run starting at ``i`` (== i when none)."""
    lex = lexicon()
    j = i
    while j < len(tokens):
        tok = tokens[j]
        glued = j + 1 < len(tokens) and tokens[j + 1].text == "-"
        if tok.text.lower() in _NAME_PARTICLES and glued and j > i:
            j += 2
            continue
        if not tok.capitalised or tok.lower in _STOP_CAPS or tok.lower in _CALENDAR:
            break
        if tok.lower in _title_words() or tok.base in lex.countries or tok.base in lex.demonyms:
            break
        if tok.base in lex.organisations or tok.lower in lex.heads or tok.base in lex.identities:
            break
        j += 1
        if tok.possessive:
            break
    return j


def _apposition_cue(tokens: list[Token], j: int) -> Side | None:
    """The side an apposition gives: "the Kestrel Front, a rebel group, ..."."""
    lex = lexicon()
    if j + 1 >= len(tokens) or tokens[j].text != "," or tokens[j + 1].lower not in ("a", "an"):
        return None
    for tok in tokens[j + 2 : j + 6]:
        rule = lex.head_modifiers.get(tok.lower) or lex.heads.get(tok.lower)
        if rule is not None and rule.side in (Side.GOVERNMENT, Side.OPPOSITION):
            return rule.side
    return None


def _after_place(tokens: list[Token], comma: int) -> bool:
    """True when the name before ``comma`` is a place: "in Aleppo, Syria", or a dateline."""
    r = comma - 1
    while r >= 0 and (tokens[r].capitalised or tokens[r].text == "-"):
        r -= 1
    if r == comma - 1:
        return False
    return r < 0 or tokens[r].lower in _LOCATION_PREPS


def _cue_side(words: list[str], pro: bool, govt_names: frozenset[str]) -> Side | None:
    lower = {w.lower() for w in words}
    if lower & {"opposition", "rebel", "rebels", "insurgent", "insurgents"}:
        side = Side.OPPOSITION
    elif lower & {"government", "regime"} or any(w in govt_names for w in words):
        side = Side.GOVERNMENT
    else:
        return None
    if pro:
        return side
    return Side.OPPOSITION if side is Side.GOVERNMENT else Side.GOVERNMENT


def _left_cue(tokens: list[Token], i: int, govt_names: frozenset[str]) -> tuple[Side | None, int]:
    """A pro-/anti- cue or a side word just before token ``i``; returns (side, first index)."""
    lex = lexicon()
    k = i - 1
    words: list[str] = []
    while k >= 0 and i - k <= 5:
        tok = tokens[k]
        if tok.lower in ("pro", "anti"):
            return _cue_side(list(reversed(words)), tok.lower == "pro", govt_names), k
        if (
            tok.text == "-"
            or tok.capitalised
            or tok.lower in ("opposition", "government", "regime", "rebel")
        ):
            words.append(tok.base)
            k -= 1
            continue
        break
    k = i - 1
    # Hyphenated side words ("pro-government", "rebel-held") arrive as three tokens.
    if k >= 2 and tokens[k - 1].text == "-":
        joined = f"{tokens[k - 2].lower}-{tokens[k].lower}"
        if joined in lex.side_cues:
            return lex.side_cues[joined], k - 2
    if k >= 0 and tokens[k].lower in lex.side_cues:
        return lex.side_cues[tokens[k].lower], k
    return None, i


def find_mentions(
    sentences: list[Sentence], text: str
) -> tuple[list[Mention], dict[str, Person], dict[str, str]]:
    """Every actor mention in the non-caption sentences, the people found, and the demonyms
    the article uses that the lexicon lacks (demonym -> country)."""
    lex = lexicon()
    people: dict[str, Person] = {}
    parsed = [(s, tokenize(s.text, s.start)) for s in sentences
              if s.kind in ("body", "headline")]  # fmt: skip
    # First pass: people introduced by a title anywhere, so a bare surname earlier in the
    # text (a headline's "Assad") still resolves.
    extra = _guess_demonyms(parsed, text)
    for _s, tokens in parsed:
        spans = _all_spans(tokens, extra)
        for m in _titled_people(tokens, spans, text, lex):
            people.setdefault(m.name, m)
    for _s, tokens in parsed:
        # "the government of X": X leads the government even without a title.
        for k in range(len(tokens) - 2):
            if tokens[k].lower in ("government", "regime") and tokens[k + 1].lower == "of":
                end = _person_run(tokens, k + 2, frozenset())
                if end - (k + 2) >= 1 and tokens[end - 1].text != "-":
                    name = text[tokens[k + 2].start : tokens[end - 1].end]
                    people.setdefault(name, Person(name, None, None, head_of_state=True))
    surnames = _surnames(people)
    govt_names = frozenset(
        w for p in people.values() if p.head_of_state for w in _name_keys(p.name)
    )
    mentions: list[Mention] = []
    for s, tokens in parsed:
        mentions.extend(_sentence_mentions(s, tokens, text, surnames, govt_names, lex, extra))
    return mentions, people, extra


def _name_keys(name: str) -> list[str]:
    parts = name.replace("-", " ").split()
    keys = [name, parts[-1]]
    return keys


def _surnames(people: dict[str, Person]) -> dict[str, Person]:
    table: dict[str, Person] = {}
    for person in people.values():
        for key in _name_keys(person.name):
            table.setdefault(key, person)
    return table


def _titled_people(
    tokens: list[Token], spans: list[_Span], text: str, lex: Lexicon
) -> list[Person]:
    found: list[Person] = []
    by_start = {sp.i: sp for sp in spans}
    covered = {k for sp in spans for k in range(sp.i, sp.j)}
    for i in range(len(tokens)):
        if i in covered or not tokens[i].capitalised:
            continue
        if (
            i > 0
            and tokens[i - 1].capitalised
            and (i - 1) not in covered
            and (tokens[i - 1].lower not in _title_words())
        ):
            continue
        j = _person_run(tokens, i, frozenset())
        if j - i < 2 or tokens[j - 1].text == "-":
            continue
        name = text[tokens[i].start : tokens[j - 1].end]
        if tokens[j - 1].possessive:
            name = name[:-2]
        title, owner, _ = _title_left(tokens, i, by_start, text, lex)
        if title is None:
            title, owner = _title_right(tokens, j, by_start, text, lex)
        if title is None:
            continue
        head = any(w in title.lower().split() for w in _HEAD_OF_STATE)
        found.append(Person(name, title, owner, head))
    return found


def _owner_of(span: _Span | None, tok: Token) -> str | None:
    if span is None:
        return None
    if span.kind in ("country", "demonym"):
        return span.value
    if span.kind == "org":
        return f"org:{span.value}"
    return None


def _title_left(
    tokens: list[Token], i: int, by_start: dict[int, _Span], text: str, lex: Lexicon
) -> tuple[str | None, str | None, int]:
    """Title and owner before a name: "Syrian President X", "Russia's UN ambassador, X"."""
    k = i - 1
    if k >= 0 and tokens[k].text == ",":
        k -= 1
    end = k
    first_title = -1
    org_owner: str | None = None
    while k >= 0:
        tok = tokens[k]
        span = next((sp for sp in by_start.values() if sp.i <= k < sp.j), None)
        if tok.lower in _title_words():
            first_title = k
            k -= 1
        elif tok.text == "-" and first_title == k + 1:
            k -= 1
        elif span is not None and span.kind == "org" and not tok.possessive:
            org_owner = org_owner or f"org:{span.value}"
            k = span.i - 1
        elif tok.lower in ("to", "the", "at", "for") and (first_title != -1 or org_owner):
            k -= 1
        else:
            break
    if first_title == -1:
        return None, None, i

    def span_at(index: int) -> _Span | None:
        return next((sp for sp in by_start.values() if sp.i <= index < sp.j), None)

    # One describing word between owner and title: "UN humanitarian coordinator".
    if (
        k >= 1
        and tokens[k].text.isalpha()
        and tokens[k].text.islower()
        and (tokens[k].lower not in _STOP_CAPS and span_at(k - 1) is not None)
    ):
        first_title = k
        k -= 1
    start = first_title
    owner = None
    if k >= 0:
        span = span_at(k)
        if span is not None and span.kind in ("country", "demonym", "org"):
            owner = _owner_of(span, tokens[k])
        elif (
            span is None
            and tokens[k].capitalised
            and tokens[k].lower not in _STOP_CAPS
            and (org_owner is None and k == first_title - 1)
        ):
            # An unknown name before the title ("Ferros commander X"): resolved by parties.
            owner = f"name:{tokens[k].base}"
    while start <= end and tokens[start].lower in ("to", "the", "at", "for", "-"):
        start += 1
    # "Russia's UN ambassador": the org is part of the title when a country owns it.
    first = start
    for sp in by_start.values():
        if sp.j == start and sp.kind == "org" and owner is not None:
            first = sp.i
    title = text[tokens[first].start : tokens[end].end]
    if owner is None:
        owner = org_owner
    return title, owner, (k if owner else first)


def _title_right(
    tokens: list[Token], j: int, by_start: dict[int, _Span], text: str, lex: Lexicon
) -> tuple[str | None, str | None]:
    """Title and owner after a name: "X, Russia's ambassador to the UN,"."""
    if j >= len(tokens) or tokens[j].text != ",":
        return None, None
    k = j + 1
    owner: str | None = None
    if k < len(tokens) and tokens[k].lower == "the":
        k += 1
    span = by_start.get(k)
    if span is not None and span.kind in ("country", "demonym", "org"):
        owner = _owner_of(span, tokens[k])
        k = span.j
    start = k
    while k < len(tokens) and (tokens[k].lower in _title_words() or tokens[k].text == "-"):
        k += 1
    if k == start:
        return None, None
    end = k
    if k + 2 < len(tokens) and tokens[k].lower in ("to", "of", "at"):
        sp = by_start.get(k + 2 if tokens[k + 1].lower == "the" else k + 1)
        if sp is not None:
            end = sp.j
            if owner is None:
                owner = _owner_of(sp, tokens[sp.i])
    return text[tokens[start].start : tokens[end - 1].end], owner


def _sentence_mentions(
    s: Sentence,
    tokens: list[Token],
    text: str,
    surnames: dict[str, Person],
    govt_names: frozenset[str],
    lex: Lexicon,
    extra: dict[str, str],
) -> list[Mention]:
    spans = _all_spans(tokens, extra)
    by_start = {sp.i: sp for sp in spans}
    taken: set[int] = set()
    out: list[Mention] = []

    def add(i: int, j: int, kind: str, **kw: object) -> Mention:
        m = Mention(s.index, tokens[i].start, tokens[j - 1].end,
                    text[tokens[i].start : tokens[j - 1].end], kind)  # fmt: skip
        for name, value in kw.items():
            setattr(m, name, value)
        taken.update(range(i, j))
        out.append(m)
        return m

    # Titled people and offices: "Russia's UN ambassador (Vitaly Churkin)".
    for i in range(len(tokens)):
        if i in taken:
            continue
        person = surnames.get(tokens[i].base)
        run_end = _person_run(tokens, i, frozenset()) if tokens[i].capitalised else i
        full = text[tokens[i].start : tokens[run_end - 1].end] if run_end > i else ""
        if full.endswith("'s"):
            full = full[:-2]
        person = surnames.get(full) or person
        if person is not None and run_end > i:
            title, _, left = _title_left(tokens, i, by_start, text, lex)
            if run_end - i < 2 and title is None:
                continue  # a bare surname waits for the last pass, after actor phrases
            start = left if left < i and left not in taken else i
            add(start, run_end, "person", person=person)
    for i, tok in enumerate(tokens):
        if i in taken or tok.lower not in _title_words() or (tok.capitalised and i == 0):
            continue
        k = i - 1
        if k >= 0 and k in by_start.keys() | {sp.j - 1 for sp in spans}:
            owner_span = next(sp for sp in spans if sp.i <= k < sp.j)
            if owner_span.kind == "org" and owner_span.i > 0:
                prev = next((sp for sp in spans if sp.j == owner_span.i), None)
                if (
                    prev is not None
                    and prev.kind in ("country", "demonym")
                    and (prev.kind == "demonym" or tokens[prev.j - 1].possessive)
                ):
                    owner_span = prev
            if (
                owner_span.kind in ("country", "demonym")
                and (owner_span.kind == "demonym" or tokens[owner_span.j - 1].possessive)
                and not (set(range(owner_span.i, i + 1)) & taken)
            ):
                add(owner_span.i, i + 1, "title", country=owner_span.value)

    # Organisation names from the lexicon and from organisation words.
    for sp in spans:
        if sp.kind == "org" and not (set(range(sp.i, sp.j)) & taken):
            cue, _ = _left_cue(tokens, sp.i, govt_names)
            add(sp.i, sp.j, "org", org=sp.org, cue=cue or _apposition_cue(tokens, sp.j))

    # Actor phrases on a head noun.
    for i, tok in enumerate(tokens):
        rule = lex.heads.get(tok.lower)
        if rule is None or rule.modifier_only or i in taken:
            continue
        if tok.capitalised and i > 0 and tokens[i - 1].capitalised and (i - 1) not in taken:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and (
            (nxt.lower in lex.heads and not lex.heads[nxt.lower].modifier_only)
            or (nxt.capitalised and (i + 1) in taken)
        ):
            continue
        _head_phrase(tokens, i, s, text, spans, taken, surnames, govt_names, lex, add)

    # Countries and demonyms acting on their own.
    for sp in spans:
        if set(range(sp.i, sp.j)) & taken:
            continue
        before = tokens[sp.i - 1] if sp.i > 0 else None
        after = tokens[sp.j] if sp.j < len(tokens) else None
        if sp.kind == "country":
            if before is not None and before.lower in _LOCATION_PREPS:
                continue
            # "Aleppo, Syria" is a place; "the government of X, Russia and Iran" a list.
            if before is not None and before.text == "," and _after_place(tokens, sp.i - 1):
                continue
            add(sp.i, sp.j, "country", country=sp.value)
        elif sp.kind == "demonym" and after is not None and after.lower in lex.demonym_actor_nouns:
            add(sp.i, sp.j, "country", country=sp.value)

    # Known people by surname alone ("Churkin said", "Assad").
    for i, tok in enumerate(tokens):
        if i not in taken and tok.capitalised and tok.base in surnames:
            add(i, i + 1, "person", person=surnames[tok.base])
    out.sort(key=lambda m: m.start)
    return out


def _head_phrase(
    tokens: list[Token],
    i: int,
    s: Sentence,
    text: str,
    spans: list[_Span],
    taken: set[int],
    surnames: dict[str, Person],
    govt_names: frozenset[str],
    lex: Lexicon,
    add: object,
) -> None:
    rule = lex.heads[tokens[i].lower]
    cls, typ = rule.cls, rule.type
    country: str | None = None
    identity: str | None = None
    modifiers: list[str] = []
    k = i - 1
    had_the = False
    while k >= 0 and k not in taken:
        tok = tokens[k]
        span = next((sp for sp in spans if sp.i <= k < sp.j), None)
        mod = lex.head_modifiers.get(tok.lower)
        if k >= 2 and tokens[k - 1].text == "-" and tokens[k - 2].lower in ("pro", "anti"):
            break  # "pro-government" is a side cue, not a modifier
        if (span is not None and span.kind == "demonym" and country is None) or (
            span is not None and span.kind == "country" and tokens[span.j - 1].possessive
        ):
            country = span.value
            k = span.i - 1
        elif span is not None and span.kind == "identity" and identity is None:
            identity = span.value
            k = span.i - 1
        elif mod is not None or (tok.lower in lex.heads and lex.heads[tok.lower].modifier_only):
            rule2 = mod or lex.heads[tok.lower]
            if rule2.cls:
                cls, typ = rule2.cls, rule2.type
            modifiers.append(tok.lower)
            k -= 1
        elif tok.lower in lex.descriptive:
            k -= 1
        elif (
            span is None
            and identity is None
            and country is None
            and tok.capitalised
            and tok.lower not in _STOP_CAPS
            and tok.lower not in _CALENDAR
            and tok.lower not in _title_words()
            and not tok.possessive
            and tok.base not in surnames
            and not (k >= 1 and tokens[k - 1].lower in ("pro", "anti", "-"))
        ):
            # An unknown proper name qualifies the group: "Ferros militia".
            identity = tok.base
            k -= 1
        else:
            break
    cue, cue_start = _left_cue(tokens, k + 1, govt_names)
    if cue_start <= k:
        k = cue_start - 1
    if k >= 0 and tokens[k].lower == "the":
        had_the = True
    start = k + 1
    if tokens[start].lower == "the":
        start += 1
    qualified = country or identity or modifiers
    if not qualified and k >= 0 and tokens[k].lower in ("its", "their", "his", "her"):
        return  # "its fighters" belong to an actor already named
    plural = tokens[i].lower.endswith("s") or tokens[i].lower == "police"
    if not qualified and not had_the and not plural:
        return
    end = i + 1
    owner_person: Person | None = None
    # "the government of Bashar al-Assad", "forces of Syria".
    if end + 1 < len(tokens) and tokens[end].lower == "of":
        nxt = end + 1 + (tokens[end + 1].lower == "the")
        sp = next((x for x in spans if x.i == nxt), None)
        run_end = _person_run(tokens, nxt, frozenset()) if nxt < len(tokens) else nxt
        name = text[tokens[nxt].start : tokens[run_end - 1].end] if run_end > nxt else ""
        if sp is not None and sp.kind == "country":
            country, end = sp.value, sp.j
        elif name and (name in surnames or tokens[run_end - 1].base in surnames):
            owner_person = surnames.get(name) or surnames[tokens[run_end - 1].base]
            end = run_end
    if cue is None and rule.side is not None and cls == rule.cls:
        cue = None
    add_fn = add
    assert callable(add_fn)
    add_fn(start, end, "group", cls=cls, head_type=typ, country=country, identity=identity,
           cue=cue, modifiers=modifiers, person=owner_person)  # fmt: skip
