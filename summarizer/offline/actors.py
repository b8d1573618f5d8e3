"""Actor mentions in sentences: who is named where, before any merging.

Four patterns find actors: names from the lexicon (countries, demonyms, organisations),
capitalised spans that end in an organisation word ("Orient TV"), actor phrases built on a
lower-case head noun ("pro-Assad Shiite militias", "the government of X"), and people
introduced by a title ("Russia's UN ambassador Vitaly Churkin"; found by :mod:`people`). Each
mention records what it says about the actor (class, country, identity, side cue);
:mod:`parties` merges them.
"""

from __future__ import annotations

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
    # A person's mention starts with their surname or the first word of a full name.
    first_names = frozenset(key.split()[0] for key in surnames)
    mentions: list[Mention] = []
    for (s, tokens), sentence_spans in zip(parsed, spans, strict=True):
        actors = _SentenceActors(s, tokens, sentence_spans, text, surnames, first_names,
                                 govt_names, lex)  # fmt: skip
        mentions.extend(actors.read())
    return mentions, people, extra


@dataclass
class _Modifiers:
    """What the words before an actor head say: "pro-Assad Shiite militias"."""

    cls: str | None
    country: str | None = None
    identity: str | None = None
    words: list[str] = field(default_factory=list)
    first: int = 0
    """Index of the leftmost token read as part of the phrase, plus one."""


class _SentenceActors:
    """The actor mentions of one sentence, found pass by pass; a token belongs to one."""

    def __init__(self, s: Sentence, tokens: list[Token], spans: list[Span], text: str,
                 surnames: dict[str, Person], first_names: frozenset[str],
                 govt_names: frozenset[str], lex: Lexicon) -> None:  # fmt: skip
        self.s, self.tokens, self.spans, self.text = s, tokens, spans, text
        self.surnames, self.govt_names, self.lex = surnames, govt_names, lex
        self.by_start = {sp.i: sp for sp in spans}
        self.span_of = {k: sp for sp in spans for k in range(sp.i, sp.j)}
        self.first_names = first_names
        self.taken: set[int] = set()
        self.out: list[Mention] = []

    def read(self) -> list[Mention]:
        """Every pass in order, each skipping the tokens earlier ones took; the mentions in
        sentence order."""
        self.titled_people()
        self.offices()
        self.organisations()
        self.actor_phrases()
        self.states()
        self.bare_surnames()
        return sorted(self.out, key=lambda m: m.start)

    def add(self, i: int, j: int, kind: str, **kw: object) -> Mention:
        """Record tokens ``i:j`` as a mention of ``kind`` (attributes in ``kw``)."""
        tokens = self.tokens
        m = Mention(self.s.index, tokens[i].start, tokens[j - 1].end,
                    self.text[tokens[i].start : tokens[j - 1].end], kind)  # fmt: skip
        for name, value in kw.items():
            setattr(m, name, value)
        self.taken.update(range(i, j))
        self.out.append(m)
        return m

    def free(self, i: int, j: int) -> bool:
        return not any(k in self.taken for k in range(i, j))

    def span_at(self, k: int) -> Span | None:
        return self.span_of.get(k)

    def titled_people(self) -> None:
        """Known people by full name, with a title before them: "Russia's UN ambassador
        Vitaly Churkin". A bare surname waits for the last pass, after actor phrases."""
        tokens, text = self.tokens, self.text
        for i in range(len(tokens)):
            if i in self.taken or (
                tokens[i].base not in self.surnames and tokens[i].text not in self.first_names
            ):
                continue
            run_end = person_run(tokens, i) if tokens[i].capitalised else i
            full = text[tokens[i].start : tokens[run_end - 1].end] if run_end > i else ""
            person = self.surnames.get(full.removesuffix("'s")) or self.surnames.get(tokens[i].base)
            if person is None or run_end <= i:
                continue
            title, _, left = title_left(tokens, i, self.by_start, text, self.lex)
            if run_end - i < 2 and title is None:
                continue
            start = left if left < i and left not in self.taken else i
            self.add(start, run_end, "person", person=person)

    def offices(self) -> None:
        """A country's office with no name after it: "Russia's UN ambassador denied ..."."""
        tokens = self.tokens
        ends = {sp.j - 1 for sp in self.spans}
        for i, tok in enumerate(tokens):
            if i in self.taken or tok.lower not in title_words() or (tok.capitalised and i == 0):
                continue
            k = i - 1
            if k < 0 or (k not in self.by_start and k not in ends):
                continue
            owner = self.span_of[k]  # k starts or ends a span
            if owner.kind == "org" and owner.i > 0:
                # "Russia's UN ambassador": the country owns the organisation's office. Spans
                # never overlap (all_spans), so one covering the token before ends there.
                prev = self.span_at(owner.i - 1)
                if prev is not None and self._owns(prev):
                    owner = prev
            if self._owns(owner) and self.free(owner.i, i + 1):
                self.add(owner.i, i + 1, "title", country=owner.value)

    def _owns(self, span: Span) -> bool:
        """A demonym ("Syrian"), or a country in the possessive ("Russia's")."""
        return span.kind == "demonym" or (
            span.kind == "country" and self.tokens[span.j - 1].possessive
        )

    def organisations(self) -> None:
        """Organisation names from the lexicon and from organisation words."""
        for sp in self.spans:
            if sp.kind == "org" and self.free(sp.i, sp.j):
                cue, _ = _left_cue(self.tokens, sp.i, self.govt_names)
                cue = cue or _apposition_cue(self.tokens, sp.j)
                self.add(sp.i, sp.j, "org", org=sp.org, cue=cue)

    def actor_phrases(self) -> None:
        """Phrases on a head noun: "Syrian rebels", "pro-Assad Shiite militias"."""
        tokens, heads = self.tokens, self.lex.heads
        for i, tok in enumerate(tokens):
            rule = heads.get(tok.lower)
            if rule is None or rule.modifier_only or i in self.taken:
                continue
            if (
                tok.capitalised
                and i > 0
                and tokens[i - 1].capitalised
                and (i - 1) not in self.taken
            ):
                continue
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and (
                (nxt.lower in heads and not heads[nxt.lower].modifier_only)
                or (nxt.capitalised and (i + 1) in self.taken)
            ):
                continue  # the head of a longer phrase, or of a name
            self.head_phrase(i)

    def head_phrase(self, i: int) -> None:
        """The actor phrase ending in head ``i``, with its modifiers and owner, if it names
        an actor ("its fighters" and a lone "government buses" do not)."""
        tokens = self.tokens
        mods = self._modifiers(i)
        cue, cue_start = _left_cue(tokens, mods.first, self.govt_names)
        k = min(mods.first, cue_start) - 1
        had_the = k >= 0 and tokens[k].lower == "the"
        start = k + 1 + (tokens[k + 1].lower == "the")
        qualified = mods.country or mods.identity or mods.words
        if not qualified and k >= 0 and tokens[k].lower in ("its", "their", "his", "her"):
            return  # "its fighters" belong to an actor already named
        plural = tokens[i].lower.endswith("s") or tokens[i].lower == "police"
        if not qualified and not had_the and not plural:
            return
        end, owner = self._owner_after(i + 1, mods)
        self.add(start, end, "group", cls=mods.cls, country=mods.country,
                 identity=mods.identity, cue=cue, modifiers=mods.words,
                 person=owner)  # fmt: skip

    def _modifiers(self, i: int) -> _Modifiers:
        """Read leftwards from head ``i``: country or demonym, identity, class modifiers,
        describing words, or an unknown proper name ("the Dry River militia")."""
        tokens, lex = self.tokens, self.lex
        mods = _Modifiers(lex.heads[tokens[i].lower].cls)
        k = i - 1
        while k >= 0 and k not in self.taken:
            tok, span = tokens[k], self.span_at(k)
            mod = lex.head_modifiers.get(tok.lower) or lex.heads.get(tok.lower)
            if k >= 2 and tokens[k - 1].text == "-" and tokens[k - 2].lower in ("pro", "anti"):
                break  # "pro-government" is a side cue, not a modifier
            if span is not None and (
                (span.kind == "demonym" and mods.country is None)
                or (span.kind == "country" and tokens[span.j - 1].possessive)
            ):
                mods.country, k = span.value, span.i - 1
            elif span is not None and span.kind == "identity" and mods.identity is None:
                mods.identity, k = span.value, span.i - 1
            elif mod is not None and (tok.lower in lex.head_modifiers or mod.modifier_only):
                mods.cls = mod.cls or mods.cls
                mods.words.append(tok.lower)
                k -= 1
            elif tok.lower in lex.descriptive:
                k -= 1
            elif (
                span is None
                and mods.identity is None
                and mods.country is None
                and (self._unknown_name(k))
            ):
                # An unknown proper name qualifies the group: "Ferros militia", and all of a
                # multi-word one: "the Dry River militia".
                mods.identity, k = tok.base, k - 1
                while k >= 0 and _name_word(tokens, k, self.spans, self.surnames, lex):
                    mods.identity, k = f"{tokens[k].text} {mods.identity}", k - 1
            else:
                break
        mods.first = k + 1
        return mods

    def _unknown_name(self, k: int) -> bool:
        tok, tokens = self.tokens[k], self.tokens
        return (
            tok.capitalised
            and tok.lower not in STOP_CAPS
            and tok.lower not in CALENDAR
            and tok.lower not in title_words()
            and not tok.possessive
            and tok.base not in self.surnames
            and not (k >= 1 and tokens[k - 1].lower in ("pro", "anti", "-"))
        )

    def _owner_after(self, end: int, mods: _Modifiers) -> tuple[int, Person | None]:
        """ "the government of Bashar al-Assad", "forces of Syria": where the phrase ends and
        the person who leads it (a country goes into ``mods``)."""
        tokens = self.tokens
        if end + 1 >= len(tokens) or tokens[end].lower != "of":
            return end, None
        nxt = end + 1 + (tokens[end + 1].lower == "the")
        sp = self.by_start.get(nxt)
        run_end = person_run(tokens, nxt) if nxt < len(tokens) else nxt
        name = self.text[tokens[nxt].start : tokens[run_end - 1].end] if run_end > nxt else ""
        if sp is not None and sp.kind == "country":
            mods.country = sp.value
            return sp.j, None
        if name and (name in self.surnames or tokens[run_end - 1].base in self.surnames):
            return run_end, self.surnames.get(name) or self.surnames[tokens[run_end - 1].base]
        return end, None

    def states(self) -> None:
        """Countries and demonyms acting on their own ("Russia said", "Turkish officials")."""
        tokens = self.tokens
        for sp in self.spans:
            if not self.free(sp.i, sp.j):
                continue
            before = tokens[sp.i - 1] if sp.i > 0 else None
            after = tokens[sp.j] if sp.j < len(tokens) else None
            if sp.kind == "country":
                if before is not None and before.lower in _LOCATION_PREPS:
                    continue
                # "Aleppo, Syria" is a place; "the government of X, Russia and Iran" a list.
                if before is not None and before.text == "," and _after_place(tokens, sp.i - 1):
                    continue
                self.add(sp.i, sp.j, "country", country=sp.value)
            elif (
                sp.kind == "demonym"
                and after is not None
                and after.lower in self.lex.demonym_actor_nouns
            ):
                self.add(sp.i, sp.j, "country", country=sp.value)

    def bare_surnames(self) -> None:
        """Known people by surname alone ("Churkin said", "Assad")."""
        for i, tok in enumerate(self.tokens):
            if i not in self.taken and tok.capitalised and tok.base in self.surnames:
                self.add(i, i + 1, "person", person=self.surnames[tok.base])


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
