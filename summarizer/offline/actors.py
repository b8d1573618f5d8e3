"""Actor mentions in sentences: who is named where, before any merging.

Four patterns find actors: names from the lexicon (countries, demonyms, organisations),
capitalised spans that end in an organisation word ("Orient TV"), actor phrases built on a
lower-case head noun ("pro-Assad Shiite militias", "the government of X"), and people
introduced by a title ("Russia's UN ambassador Vitaly Churkin"; found by :mod:`people`). Each
mention records what it says about the actor (class, country, identity, side cue);
:mod:`parties` merges them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from summarizer.brief.schema import PartyType, Side
from summarizer.offline.dates import dateline_country
from summarizer.offline.lexicon import Lexicon, OrgEntry, lexicon
from summarizer.offline.people import (
    Person,
    find_people,
    name_keys,
    person_run,
    surnames_of,
    title_left,
)
from summarizer.offline.spans import (
    CALENDAR,
    STOP_CAPS,
    Span,
    all_spans,
    guess_demonyms,
    title_words,
)
from summarizer.offline.text import Sentence, Token

__all__ = ["Mention", "Person", "by_sentence", "find_mentions"]

_LOCATION_PREPS = frozenset({"in", "at", "near", "across", "into", "throughout", "inside"})


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
    modifiers: list[str] = field(default_factory=list)
    key: str = ""
    """Filled in by :mod:`parties` once the home country is known."""


def by_sentence(mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Mentions grouped by sentence index, each group in the order given.

    Rules that look at "the mentions of this sentence" read this index instead of scanning
    every mention of the article, which would make a long article quadratic.
    """
    grouped: dict[int, list[Mention]] = {}
    for m in mentions:
        grouped.setdefault(m.sentence, []).append(m)
    return grouped


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
    parsed = [(s, s.tokens) for s in sentences
              if s.kind in ("body", "headline")]  # fmt: skip
    extra = guess_demonyms(parsed, text)
    # A dateline's country is a country even when the lexicon does not list it.
    for s in sentences[:4]:
        country = dateline_country(s.text) if s.kind in ("body", "headline") else None
        if country and country not in lex.countries:
            extra.setdefault(country, country)
    spans = [all_spans(tokens, extra) for _s, tokens in parsed]
    people = find_people([(tokens, sp) for (_s, tokens), sp in zip(parsed, spans, strict=True)],
                         text)  # fmt: skip
    surnames = surnames_of(people)
    govt_names = frozenset(w for p in people.values() if p.head_of_state for w in name_keys(p.name))
    mentions: list[Mention] = []
    for (s, tokens), sentence_spans in zip(parsed, spans, strict=True):
        mentions.extend(
            _sentence_mentions(s, tokens, sentence_spans, text, surnames, govt_names, lex)
        )
    return mentions, people, extra


def _sentence_mentions(
    s: Sentence,
    tokens: list[Token],
    spans: list[Span],
    text: str,
    surnames: dict[str, Person],
    govt_names: frozenset[str],
    lex: Lexicon,
) -> list[Mention]:
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
        run_end = person_run(tokens, i) if tokens[i].capitalised else i
        full = text[tokens[i].start : tokens[run_end - 1].end] if run_end > i else ""
        if full.endswith("'s"):
            full = full[:-2]
        person = surnames.get(full) or person
        if person is not None and run_end > i:
            title, _, left = title_left(tokens, i, by_start, text, lex)
            if run_end - i < 2 and title is None:
                continue  # a bare surname waits for the last pass, after actor phrases
            start = left if left < i and left not in taken else i
            add(start, run_end, "person", person=person)
    for i, tok in enumerate(tokens):
        if i in taken or tok.lower not in title_words() or (tok.capitalised and i == 0):
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


def _name_word(
    tokens: list[Token], k: int, spans: list[Span], surnames: dict[str, Person], lex: Lexicon
) -> bool:
    """True when token ``k`` can continue an unknown proper name leftwards."""
    tok = tokens[k]
    return (
        tok.capitalised
        and not tok.possessive
        and tok.lower not in STOP_CAPS
        and tok.lower not in CALENDAR
        and tok.lower not in title_words()
        and tok.lower not in lex.heads
        and tok.lower not in lex.head_modifiers
        and tok.lower not in lex.descriptive
        and tok.base not in surnames
        and not any(sp.i <= k < sp.j for sp in spans)
    )


def _head_phrase(
    tokens: list[Token],
    i: int,
    s: Sentence,
    text: str,
    spans: list[Span],
    taken: set[int],
    surnames: dict[str, Person],
    govt_names: frozenset[str],
    lex: Lexicon,
    add: Callable[..., Mention],
) -> None:
    rule = lex.heads[tokens[i].lower]
    cls = rule.cls
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
                cls = rule2.cls
            modifiers.append(tok.lower)
            k -= 1
        elif tok.lower in lex.descriptive:
            k -= 1
        elif (
            span is None
            and identity is None
            and country is None
            and tok.capitalised
            and tok.lower not in STOP_CAPS
            and tok.lower not in CALENDAR
            and tok.lower not in title_words()
            and not tok.possessive
            and tok.base not in surnames
            and not (k >= 1 and tokens[k - 1].lower in ("pro", "anti", "-"))
        ):
            # An unknown proper name qualifies the group: "Ferros militia", and all of a
            # multi-word one: "the Dry River militia".
            identity = tok.base
            k -= 1
            while k >= 0 and _name_word(tokens, k, spans, surnames, lex):
                identity = f"{tokens[k].text} {identity}"
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
        run_end = person_run(tokens, nxt) if nxt < len(tokens) else nxt
        name = text[tokens[nxt].start : tokens[run_end - 1].end] if run_end > nxt else ""
        if sp is not None and sp.kind == "country":
            country, end = sp.value, sp.j
        elif name and (name in surnames or tokens[run_end - 1].base in surnames):
            owner_person = surnames.get(name) or surnames[tokens[run_end - 1].base]
            end = run_end
    add(start, end, "group", cls=cls, country=country, identity=identity, cue=cue,
        modifiers=modifiers, person=owner_person)  # fmt: skip
