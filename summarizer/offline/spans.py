"""Known names in a sentence's tokens: lexicon names and organisation-word spans.

Two sources of spans feed every later step: names the lexicon lists (organisations,
countries, demonyms, identity groups, longest first) and capitalised runs that end in an
organisation word ("Orient TV", "Kestrel Front"). The word sets here (calendar words, words
that never start a name, title words) are shared by :mod:`people` and :mod:`actors`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from summarizer.brief.schema import PartyType, Side
from summarizer.offline.lexicon import OrgEntry, lexicon
from summarizer.offline.text import Sentence, Token, tokenize, word_set

__all__ = ["CALENDAR", "STOP_CAPS", "Span", "all_spans", "guess_demonyms", "title_words"]

_CONNECTORS = frozenset({"of", "for", "the", "and", "de", "du", "des"})


CALENDAR = word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december"
)
STOP_CAPS = word_set(
    "the a an but and or meanwhile however with after before when while as in on at of for "
    "if this that these those it its his her their there here we they he she according "
    "nobody no one government"
)


_NEUTRAL_ORGS = frozenset({PartyType.MEDIA, PartyType.NGO, PartyType.INTERGOVERNMENTAL})
_ADJECTIVAL = re.compile(r"^[A-Z][a-z]{3,}(?:ian|ean|ese|ish|i)$")


@dataclass(frozen=True)
class Span:
    """Tokens ``i:j`` naming a ``kind`` of thing ("org", "country", ...) called ``value``."""

    i: int
    j: int
    kind: str
    value: str
    org: OrgEntry | None = None


@functools.cache
def title_words() -> frozenset[str]:
    """Every word of a lexicon title ("ambassador", "minister"), bar "of", "the", "state"."""
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


def _lexicon_spans(tokens: list[Token], extra: dict[str, str]) -> list[Span]:
    lex = lexicon()
    index = _name_index()
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        best: Span | None = None
        if tokens[i].base in extra:
            spans.append(Span(i, i + 1, "demonym", extra[tokens[i].base]))
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
                best = Span(i, j, kind, value, org)
                break
        if best:
            spans.append(best)
            i = best.j
        else:
            i += 1
    return spans


def _org_type(run: list[Token]) -> PartyType | None:
    """The organisation type a capitalised run's words give: its last word or two ("Orient
    TV"), its first word ("Ministry of Health"), or the word before its first "of"/"for"
    ("Valley Observatory for Human Rights", "Council of Elders")."""
    lex = lexicon()
    last_two = " ".join(t.base for t in run[-2:])
    typ = lex.org_suffixes.get(last_two) or lex.org_suffixes.get(run[-1].base)
    if typ is None:
        typ = lex.org_prefixes.get(run[0].base)
    if typ is None:
        joint = next((k for k, t in enumerate(run) if k and t.text in ("of", "for")), None)
        if joint is not None:
            typ = lex.org_suffixes.get(run[joint - 1].base)
    return typ


def _org_suffix_spans(tokens: list[Token], taken: set[int]) -> list[Span]:
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].capitalised or i in taken or tokens[i].lower in CALENDAR:
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
        start = i
        if run and run[0].text == "The":
            # A sentence-initial article is not part of the name: "The Kestrel Front said".
            run, start = run[1:], i + 1
        if run:
            typ = _org_type(run)
            sentence_initial_single = len(run) == 1
            if typ is not None and not sentence_initial_single:
                name = " ".join(t.base if k == len(run) - 1 else t.text for k, t in enumerate(run))
                side = Side.NEUTRAL if typ in _NEUTRAL_ORGS else Side.UNCLEAR
                entry = OrgEntry(name, (), typ, side)
                spans.append(Span(start, start + len(run), "org", name, entry))
        i = max(j, i + 1)
    return spans


def all_spans(tokens: list[Token], extra: dict[str, str]) -> list[Span]:
    """Lexicon names plus organisation-word spans; the longer span wins an overlap."""
    spans = _lexicon_spans(tokens, extra)
    named_orgs = {k for sp in spans if sp.kind == "org" for k in range(sp.i, sp.j)}
    suffix = _org_suffix_spans(tokens, named_orgs)
    inside = {k for sp in suffix for k in range(sp.i, sp.j)}
    kept = [sp for sp in spans if not set(range(sp.i, sp.j)) & inside]
    return sorted(kept + suffix, key=lambda sp: sp.i)


def guess_demonyms(parsed: list[tuple[Sentence, list[Token]]], text: str) -> dict[str, str]:
    """Demonyms missing from the lexicon ("Marovian army") -> a country name for them."""
    lex = lexicon()
    found: dict[str, str] = {}
    for _s, tokens in parsed:
        for k, tok in enumerate(tokens[:-1]):
            word = tok.base
            if not _ADJECTIVAL.match(word) or word in lex.demonyms or word in lex.identities:
                continue
            following = [t.lower for t in tokens[k + 1 : k + 3]]
            if not any(w in lex.heads or w in title_words() for w in following):
                continue
            country = word[:-1] if word.endswith("ian") else word
            found[word] = country if re.search(rf"\b{country}\b", text) or country != word else word
    return found
