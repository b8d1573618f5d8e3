"""Disputed facts: attributed claims, the denials that answer them, and what became of them.

Sentences are read in order and each plays at most one role:

- **retraction** ("X withdrew its report that ..."): the maker's earlier claim, or the claim
  the sentence names, becomes ``retracted`` (retraction wins over denial);
- **denial** ("Y denied / rejected / dismissed ...", "Y called the report false", "Y said
  ... had not fired", for a claim that names Y): answers the latest recent claim naming the
  denier, else the latest recent claim by someone else; what the denier says instead
  ("saying ...", "and said ...", or the denier's next sentence) is the counter-claim, and is
  itself a claim another party may deny;
- **confirmation** by a third party whose statement shares terms with a recent claim, and
  **verification hedges** ("could not be independently verified");
- **claim**: an accusation ("accused", "blamed"), a claim of responsibility, or an attributed
  statement ("X said / claimed / alleged ...") about a contested event.

Selectivity: an accusation, a claim of responsibility, or a statement that blames another
named party or uses a strong claim verb ("claimed", "alleged") on a contested event is a
dispute at once. Any other attributed statement about a contested event (an attack,
casualties, obstruction) is only held as a candidate and becomes a dispute when a later
sentence denies it or says it could not be verified; plain statements never do.
"""

from __future__ import annotations

import re

from summarizer.brief.text import fold
from summarizer.offline.actors import Mention
from summarizer.offline.claims import ClaimBook, DisputeDraft, terms
from summarizer.offline.dates import dateline_end
from summarizer.offline.lexicon import lexicon
from summarizer.offline.text import Sentence

__all__ = ["DisputeDraft", "clean_statement", "extract_disputes"]

_CONNECTOR = re.compile(
    r"^(?:But|And|Meanwhile|However|Still|Yet|Also|In addition|Separately|Earlier|Later),?\s+"
)
_LOOKBACK = 3
_NAMED_LOOKBACK = 6
_SPEAKER_GAP = 60
_EXCLUDED_SPEAKERS = frozenset({"civilians"})

_RETRACTION = re.compile(
    r"\b(?:withdrew|withdrawn|withdraws|retracted|retracts|corrected|corrects|took down|"
    r"walked back|apologi[sz]ed for)\b(?=.{0,40}?\b(?:report|reports|claim|claims|story|"
    r"statement|allegation|article|broadcast|account)\b)"
)
_RESPONSIBILITY = re.compile(
    r"\b(?:claimed|claims|claiming|took|takes|accepted|admitted)\s+(?:full\s+)?"
    r"(?:responsibility|credit)\b"
)
_FALSITY = re.compile(
    r"\b(?:false|untrue|baseless|groundless|unfounded|fabricat\w*|lies|a lie|propaganda|"
    r"fake|nonsense|absurd|without foundation|not true)\b"
)
_REFERENCE = re.compile(
    r"\b(?:report|reports|claim|claims|accusation|accusations|allegation|allegations|charge|"
    r"charges|story|statement)\b"
)
_CALLED = re.compile(r"\b(?:called|calls|described|describes|branded|brands|termed|labelled)\b")
_NEGATION = re.compile(r"\b(?:not|never|no|nobody|none)\b|n't\b")
_UNVERIFIED = re.compile(
    r"\b(?:could not|cannot|can't|couldn't|was unable to|were unable to|unable to)\s+"
    r"(?:be\s+)?(?:independently\s+)?(?:verif|confirm|corroborat)\w*|"
    r"\bno independent (?:verification|confirmation)\b|\bnot (?:been )?independently "
    r"(?:verified|confirmed)\b"
)
_CONFIRMATION = re.compile(r"\b(?:confirmed|confirms|verified|corroborated|corroborates)\b")
_STRONG_CLAIM = frozenset({"claimed", "claims", "claim", "alleged", "alleges", "insisted",
                           "insists", "charged", "maintained", "maintains", "asserted",
                           "asserts", "contended", "contends"})  # fmt: skip
# Blame a statement places without a wrongdoing verb: "the shells came from army artillery".
_BLAME = re.compile(
    r"\b(?:responsible for|to blame|(?:was|were|is|are) behind|came from|was caused by|"
    r"were caused by|carried out|fired by|planted by|launched by|set by)\b"
)
# Events whose attribution parties fight over; a statement about one may be a dispute.
_CONTESTED = re.compile(
    r"\b(?:attack|shell|bomb|strike|airstrike|air strike|blast|explosion|ambush|raid|massacre|"
    r"kill|dead|death|died|wound|injur|casualt|obstruct|block|loot|detain|arrest|abduct|"
    r"tortur|execut|violat|ceasefire|truce|fired|firing|sabotag|destroy|burn|torched|"
    r"turned back|seized|captured|shot|responsib|blame|caused|came from)\w*",
    re.IGNORECASE,
)
_PRONOUN_SPEAKER = re.compile(
    r"^(?:It|They|He|She)\s+(?:also\s+|later\s+)?(?:said|says|added|insisted|argued|stated|"
    r"maintained|told)\b"
)
_SAYING = re.compile(
    r"\b(?:saying|insisting|arguing|adding|and said|and says|and insisted|and added|"
    r"and argued|said instead)\b\s*(?:that\s+)?"
)
_APPOSITION = re.compile(r",\s+(?:a|an|the|which|who|whose)\b[^,]*,\s*")
_IRREGULAR = frozenset({"shot", "hit", "struck", "burnt", "burned", "stole", "fired"})
_AUXILIARY = frozenset({"to", "will", "would", "did", "could", "may", "might", "must"})


def _verb_pattern(verbs: frozenset[str]) -> re.Pattern[str]:
    ordered = sorted((re.escape(v) for v in verbs), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(ordered)})\b")


def _accuses(text: str) -> bool:
    """True when ``text`` uses a wrongdoing verb as a verb ("are obstructing", "shelled")."""
    for m in lexicon().accusatory.finditer(text):
        # The first word carries the tense: "fired on", "are obstructing".
        word = m.group(0).lower().split()[0]
        before = text[: m.start()].split()
        if (
            word.endswith(("ing", "ed"))
            or word in _IRREGULAR
            or (before and before[-1].lower() in _AUXILIARY)
        ):
            return True
    return False


def clean_statement(text: str) -> str:
    """A sentence without its dateline, leading connector ("Meanwhile, ", "But ") or open
    quote."""
    text = text.strip()
    stripped = _CONNECTOR.sub("", text[dateline_end(text) :]).lstrip("\"'“‘ ")
    return stripped[:1].upper() + stripped[1:]


def _sentence_case(body: str) -> str:
    body = body.strip().strip("\"'").rstrip(".,;: ").strip()
    return body[:1].upper() + body[1:] + "." if body else ""


def _content(text: str) -> str:
    """What a reporting verb introduces, up to the end of its clause."""
    text = re.sub(r"^\s*(?:on|until|by)\s+[A-Z]\w+day\b", "", text)
    text = re.sub(r"^\s*(?:that|,)\s*", "", text.strip())
    cut = re.search(
        r",\s+(?:in a sign|which|as|adding|saying|while|insisting|arguing|citing)\b|;", text
    )
    return _sentence_case(text[: cut.start()] if cut else text)


class _Reader:
    """State carried across the sentences of one article."""

    def __init__(self, mentions: list[Mention], names: dict[str, str]) -> None:
        lex = lexicon()
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            if m.key in names:
                self.by_sentence.setdefault(m.sentence, []).append(m)
        self.claims_re = _verb_pattern(lex.claim_verbs - {"according to"})
        self.accuse_re = _verb_pattern(lex.accusation_verbs)
        self.deny_re = _verb_pattern(lex.denial_verbs)
        self.book = ClaimBook()
        self.last_speaker: str | None = None
        self.current: str | None = None
        """Who speaks in the sentence being read, once a role has found them."""
        self.last_denial: DisputeDraft | None = None

    # -- who speaks ------------------------------------------------------------------------

    def speaker(self, sentence: Sentence, text: str, at: int, end: int) -> str | None:
        """The party speaking through the verb at ``text[at:end]`` (sentence offsets)."""
        own = self.by_sentence.get(sentence.index, [])
        a, e = sentence.start + at, sentence.start + end
        before = [m for m in own if m.end <= a]
        if before:
            m = before[-1]
            # "The Kestrel Front, a rebel group that ..., said": the head, not the apposition.
            for head in before[:-1]:
                if _APPOSITION.fullmatch(text[head.end - sentence.start : at]):
                    return head.key if head.key not in _EXCLUDED_SPEAKERS else None
            if a - m.end <= _SPEAKER_GAP and m.key not in _EXCLUDED_SPEAKERS:
                return m.key
        after = [m for m in own if 0 <= m.start - e <= 2]
        if after and after[0].key not in _EXCLUDED_SPEAKERS:
            return after[0].key
        if _PRONOUN_SPEAKER.match(text) and at < 20:
            return self.last_speaker
        return None

    def targets(self, sentence: Sentence, lo: int, hi: int, speaker: str) -> list[str]:
        """Parties named in ``sentence.text[lo:hi]`` other than the speaker."""
        a, b = sentence.start + lo, sentence.start + hi
        keys = [m.key for m in self.by_sentence.get(sentence.index, [])
                if a <= m.start and m.end <= b and m.key != speaker
                and m.key not in _EXCLUDED_SPEAKERS]  # fmt: skip
        return list(dict.fromkeys(keys))

    # -- sentence roles --------------------------------------------------------------------

    def spoke(self, who: str) -> None:
        """Record ``who`` as the speaker of the sentence being read."""
        self.last_speaker = self.current = who

    def read(self, sentence: Sentence) -> None:
        """Give ``sentence`` its first matching role: retraction, denial, hedge,
        confirmation or claim."""
        text = fold(sentence.text)
        answered = self.last_denial
        self.last_denial = None
        self.current = None
        _ = (
            self.retraction(sentence, text)
            or self.denial(sentence, text)
            or self.hedge(sentence, text)
            or self.confirmation(sentence, text)
            or self.claim(sentence, text)
        )
        # The denier's next sentence says what happened instead: "It said heavy rain ...".
        if (
            answered is not None
            and answered.counter_claim is None
            and self.current is not None
            and answered.disputed_by[-1] == self.current
        ):
            verb = self.claims_re.search(text)
            if verb is not None:
                answered.counter_claim = _content(text[verb.end() :]) or None
                answered.add_support(sentence)

    def _spoken(self, pattern: re.Pattern[str], sentence: Sentence,
                text: str) -> tuple[re.Match[str], str] | None:  # fmt: skip
        """The first match of ``pattern`` in the sentence and the party speaking through it,
        when there are both."""
        hit = pattern.search(text)
        who = self.speaker(sentence, text, hit.start(), hit.end()) if hit else None
        return (hit, who) if hit is not None and who is not None else None

    def retraction(self, sentence: Sentence, text: str) -> bool:
        spoken = self._spoken(_RETRACTION, sentence, text)
        if spoken is None:
            return False
        hit, who = spoken
        self.spoke(who)
        own = [d for d in self.book.by_maker.get(who, []) if d.sentence.index < sentence.index]
        if own:
            target = own[-1]
        else:
            rest = text[hit.end() :]
            that = re.search(r"\bthat\b", rest[:60])
            body = _content(rest[that.end() :]) if that else ""
            start = hit.end() + (that.end() if that else 0)
            target = DisputeDraft(body or clean_statement(sentence.text), who,
                                  self.targets(sentence, start, len(text), who), sentence,
                                  kind="retraction")  # fmt: skip
            self.book.keep(target)
        target.retracted = True
        target.published = True
        target.add_support(sentence)
        return True

    def _denial_verb(self, text: str) -> re.Match[str] | None:
        hit = self.deny_re.search(text)
        if hit is not None and not re.search(r"\b(?:the|a|an)\s+$", text[: hit.start()]):
            return hit
        if _FALSITY.search(text) and _REFERENCE.search(text):
            return _CALLED.search(text) or self.claims_re.search(text)
        return None

    def denial(self, sentence: Sentence, text: str) -> bool:
        hit = self._denial_verb(text)
        negated = False
        if hit is None:
            # "The army said its units had not fired": a denial only of a claim naming it.
            said = self.claims_re.search(text)
            rest = text[said.end() :] if said else ""
            if said is None or not _NEGATION.search(rest) or not _CONTESTED.search(rest):
                return False
            hit, negated = said, True
        who = self.speaker(sentence, text, hit.start(), hit.end())
        if who is None:
            return False
        named = [d for d in self.book.recent(sentence, who, _NAMED_LOOKBACK) if who in d.targets]
        loose = [] if negated else self.book.recent(sentence, who, _LOOKBACK)
        candidates = named or loose
        if not candidates:
            return False
        # A published claim is the likelier answer than a statement kept in reserve.
        target = ([d for d in candidates if d.published] or candidates)[-1]
        self.spoke(who)
        target.published = True
        target.disputed_by.append(who)
        target.add_support(sentence)
        self.last_denial = target
        rest = text[hit.end() :]
        saying = _SAYING.search(rest)
        if negated:
            target.counter_claim = _content(rest) or None
        elif saying is not None:
            counter = _content(rest[saying.end() :])
            target.counter_claim = counter or None
            if counter and _CONTESTED.search(counter):
                lo = hit.end() + saying.end()
                self.book.add(DisputeDraft(counter, who, self.targets(sentence, lo, len(text), who),
                                      sentence, kind="counter", published=False))  # fmt: skip
        return True

    def hedge(self, sentence: Sentence, text: str) -> bool:
        if _UNVERIFIED.search(text) is None:
            return False
        recent = self.book.within(sentence, 2)
        if recent:
            target = recent[-1]
            target.published = True
            target.add_support(sentence)
        return True

    def confirmation(self, sentence: Sentence, text: str) -> bool:
        spoken = self._spoken(_CONFIRMATION, sentence, text)
        if spoken is None:
            return False
        hit, who = spoken
        said = terms(text[hit.end() :])
        best: DisputeDraft | None = None
        best_shared = 1
        for d in self.book.recent(sentence, who, _LOOKBACK):
            shared = len(said & d.claim_terms)
            if who not in d.targets and shared > best_shared:
                best, best_shared = d, shared
        if best is None:
            return False
        self.spoke(who)
        best.published = True
        best.confirmed_by.append(who)
        best.add_support(sentence)
        return True

    def claim(self, sentence: Sentence, text: str) -> bool:
        """An accusation, a claim of responsibility or an attributed statement: kept as a
        dispute when it blames, accuses or strongly claims a contested event, else held as
        a candidate a later denial may answer, else only its speaker is recorded."""
        responsibility = _RESPONSIBILITY.search(text)
        accusation = None if responsibility else self.accuse_re.search(text)
        hit = responsibility or accusation or self.claims_re.search(text)
        if hit is None:
            return False
        who = self._claimant(sentence, text, hit)
        if who is None:
            return False
        self.spoke(who)
        kind = "responsibility" if responsibility else "accusation" if accusation else "statement"
        body, lo, hi = self._claim_body(sentence, text, hit, who, kind)
        targets = self.targets(sentence, lo, hi, who)
        if kind == "statement":
            blames = bool(targets) and (_accuses(body) or _BLAME.search(body) is not None)
            strong = hit.group(0) in _STRONG_CLAIM and _CONTESTED.search(body) is not None
            if blames:
                kind = "blame"
            elif not strong and not _CONTESTED.search(body):
                return True
            published = blames or strong
        else:
            published = kind == "responsibility" or bool(targets)
        if body:
            self.book.add(DisputeDraft(body, who, targets, sentence, kind=kind,
                                       published=published))  # fmt: skip
        return True

    def _claimant(self, sentence: Sentence, text: str, hit: re.Match[str]) -> str | None:
        """Who makes the claim: the speaker of the verb, or after "by" in the passive ("was
        announced by Russia")."""
        at, end = hit.start(), hit.end()
        if not re.search(r"\b(?:was|were|been|is|are|be)\s+$", text[:at]):
            return self.speaker(sentence, text, at, end)
        by = re.match(r"\s+by\s+", text[end:])
        own = self.by_sentence.get(sentence.index, [])
        after = [m for m in own if by and m.start == sentence.start + end + by.end()]
        return after[0].key if after else None

    def _claim_body(self, sentence: Sentence, text: str, hit: re.Match[str], who: str,
                    kind: str) -> tuple[str, int, int]:  # fmt: skip
        """The claim's wording and the part of the sentence (``lo``, ``hi``) where its
        targets stand."""
        at, end = hit.start(), hit.end()
        if kind == "responsibility":
            start = next((m.start - sentence.start for m in self.by_sentence.get(sentence.index, [])
                          if m.key == who and m.end - sentence.start <= at), at)  # fmt: skip
            return _content(text[start:]), end, len(text)
        if kind == "accusation":
            return clean_statement(sentence.text), end, len(text)
        rest = text[end:]
        if len(rest.split()) <= 4 and "," in text[:at]:
            # "<statement>, the army said.": the statement stands before the speaker.
            head = text[: text[:at].rfind(",")]
            return _content(clean_statement(head)), 0, len(head)
        return _content(rest), end, len(text)


def extract_disputes(sentences: list[Sentence], mentions: list[Mention],
                     names: dict[str, str]) -> list[DisputeDraft]:  # fmt: skip
    """Disputed claims in the body sentences; ``names`` maps party keys to names."""
    reader = _Reader(mentions, names)
    for sentence in sentences:
        if sentence.kind == "body":
            reader.read(sentence)
    return [d for d in reader.book.drafts if d.published]
