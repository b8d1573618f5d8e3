"""People: personal names, the titles that introduce them, and whom a title ties them to.

A person is found where a capitalised name run stands next to a title, on its left ("Syrian
President Bashar al-Assad", "Russia's UN ambassador, Vitaly Churkin") or in an apposition on
its right ("Vitaly Churkin, Russia's ambassador to the UN,"), and where "the government of X"
names a leader without a title. :mod:`actors` then finds each person's later mentions by full
name or surname.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.offline.lexicon import Lexicon, lexicon
from summarizer.offline.spans import CALENDAR, STOP_CAPS, Span, title_words
from summarizer.offline.text import Token

__all__ = ["Person", "find_people", "name_keys", "person_run", "surnames_of", "title_left"]

_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "van", "von", "de", "da", "la"})
_HEAD_OF_STATE = frozenset({"president", "prime", "king", "emperor", "leader", "premier"})


@dataclass
class Person:
    """A named person and the party they speak for, when their title says."""

    name: str
    title: str | None
    owner: str | None
    """A country name or ``org:<name>`` the title ties them to."""
    head_of_state: bool = False


def person_run(tokens: list[Token], i: int) -> int:
    """End index of a personal-name run starting at ``i`` (== i when none)."""
    lex = lexicon()
    j = i
    while j < len(tokens):
        tok = tokens[j]
        glued = j + 1 < len(tokens) and tokens[j + 1].text == "-"
        if tok.text.lower() in _NAME_PARTICLES and glued and j > i:
            j += 2
            continue
        if not tok.capitalised or tok.lower in STOP_CAPS or tok.lower in CALENDAR:
            break
        if tok.lower in title_words() or tok.base in lex.countries or tok.base in lex.demonyms:
            break
        if tok.base in lex.organisations or tok.lower in lex.heads or tok.base in lex.identities:
            break
        j += 1
        if tok.possessive:
            break
    return j


def find_people(parsed: list[tuple[list[Token], list[Span]]], text: str) -> dict[str, Person]:
    """Every titled person, and every leader of "the government of X", by full name.

    ``parsed`` holds each sentence's tokens and its known-name spans (:func:`all_spans`).
    """
    lex = lexicon()
    people: dict[str, Person] = {}
    # People introduced by a title anywhere, so a bare surname earlier in the text (a
    # headline's "Assad") still resolves.
    for tokens, spans in parsed:
        for m in _titled_people(tokens, spans, text, lex):
            people.setdefault(m.name, m)
    for tokens, _spans in parsed:
        # "the government of X": X leads the government even without a title.
        for k in range(len(tokens) - 2):
            if tokens[k].lower in ("government", "regime") and tokens[k + 1].lower == "of":
                end = person_run(tokens, k + 2)
                if end - (k + 2) >= 1 and tokens[end - 1].text != "-":
                    name = text[tokens[k + 2].start : tokens[end - 1].end]
                    people.setdefault(name, Person(name, None, None, head_of_state=True))
    return people


def name_keys(name: str) -> list[str]:
    """The keys a person is found by later: the full name and the last word."""
    parts = name.replace("-", " ").split()
    keys = [name, parts[-1]]
    return keys


def surnames_of(people: dict[str, Person]) -> dict[str, Person]:
    """Full name or surname -> person; the first person found keeps a shared key."""
    table: dict[str, Person] = {}
    for person in people.values():
        for key in name_keys(person.name):
            table.setdefault(key, person)
    return table


def _titled_people(tokens: list[Token], spans: list[Span], text: str, lex: Lexicon) -> list[Person]:
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
            and (tokens[i - 1].lower not in title_words())
        ):
            continue
        j = person_run(tokens, i)
        if j - i < 2 or tokens[j - 1].text == "-":
            continue
        name = text[tokens[i].start : tokens[j - 1].end]
        if tokens[j - 1].possessive:
            name = name[:-2]
        title, owner, _ = title_left(tokens, i, by_start, text, lex)
        if title is None:
            title, owner = _title_right(tokens, j, by_start, text, lex)
        if title is None:
            continue
        head = any(w in title.lower().split() for w in _HEAD_OF_STATE)
        found.append(Person(name, title, owner, head))
    return found


def _owner_of(span: Span | None, tok: Token) -> str | None:
    if span is None:
        return None
    if span.kind in ("country", "demonym"):
        return span.value
    if span.kind == "org":
        return f"org:{span.value}"
    return None


def title_left(
    tokens: list[Token], i: int, by_start: dict[int, Span], text: str, lex: Lexicon
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
        if tok.lower in title_words():
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

    def span_at(index: int) -> Span | None:
        return next((sp for sp in by_start.values() if sp.i <= index < sp.j), None)

    # One describing word between owner and title: "UN humanitarian coordinator".
    if (
        k >= 1
        and tokens[k].text.isalpha()
        and tokens[k].text.islower()
        and (tokens[k].lower not in STOP_CAPS and span_at(k - 1) is not None)
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
            and tokens[k].lower not in STOP_CAPS
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
    tokens: list[Token], j: int, by_start: dict[int, Span], text: str, lex: Lexicon
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
    while k < len(tokens) and (tokens[k].lower in title_words() or tokens[k].text == "-"):
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
