"""Disputed facts: attributed claims from reporting verbs, with the denials that answer them.

A claim is an accusation ("the US accused X of ...") or a statement that attributes wrongdoing
to another party ("rebels said militias are obstructing the evacuation"). A denial ("denied",
"rejected") by a party answers the latest claim that names it, else the latest claim by
someone else in the sentences just before. A claim with a denial is contested; a claim only
its maker states is unverified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.offline.actors import Mention
from summarizer.offline.dates import dateline_end
from summarizer.offline.lexicon import lexicon
from summarizer.offline.text import Sentence, fold
from summarizer.schema import DisputeStatus

__all__ = ["DisputeDraft", "extract_disputes"]

_CONNECTOR = re.compile(
    r"^(?:But|And|Meanwhile|However|Still|Yet|Also|In addition|Separately|Earlier|Later),?\s+"
)
_LOOKBACK = 3
_SPEAKER_GAP = 60
_EXCLUDED_TARGETS = frozenset({"civilians"})


@dataclass
class DisputeDraft:
    """A claim with its maker, its targets and, when answered, the denial."""

    claim: str
    claimed_by: str
    targets: list[str]
    sentence: Sentence
    disputed_by: list[str] = field(default_factory=list)
    counter_claim: str | None = None
    denial: Sentence | None = None

    @property
    def status(self) -> DisputeStatus:
        """Contested when someone denies it, else unverified."""
        return DisputeStatus.CONTESTED if self.disputed_by else DisputeStatus.UNVERIFIED


def _verb_pattern(verbs: frozenset[str]) -> re.Pattern[str]:
    ordered = sorted((re.escape(v) for v in verbs), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(ordered)})\b")


_IRREGULAR = frozenset({"shot", "hit", "struck", "burnt", "burned", "stole", "fired"})
_AUXILIARY = frozenset({"to", "will", "would", "did", "could", "may", "might", "must"})


def _accuses(text: str) -> bool:
    """True when ``text`` uses a wrongdoing verb as a verb ("are obstructing", "shelled")."""
    for m in lexicon().accusatory.finditer(text):
        word = m.group(0).lower()
        before = text[: m.start()].split()
        if (
            word.endswith(("ing", "ed"))
            or word in _IRREGULAR
            or (before and before[-1].lower() in _AUXILIARY)
        ):
            return True
    return False


def _speaker(sentence: Sentence, at: int, end: int, own: list[Mention]) -> Mention | None:
    before = [m for m in own if m.end <= at and at - m.end <= _SPEAKER_GAP]
    if before:
        return before[-1]
    after = [m for m in own if 0 <= m.start - end <= 2]
    return after[0] if after else None


def clean_statement(text: str) -> str:
    """A sentence without its dateline, leading connector ("Meanwhile, ", "But ") or open
    quote."""
    text = text.strip()
    stripped = _CONNECTOR.sub("", text[dateline_end(text) :]).lstrip("\"'“‘ ")
    return stripped[:1].upper() + stripped[1:]


def _content(text: str) -> str:
    """What a reporting verb introduces, up to the end of its clause."""
    text = re.sub(r"^\s*(?:on|until|by)\s+[A-Z]\w+day\b", "", text)
    text = re.sub(r"^\s*(?:that|,)\s*", "", text.strip())
    cut = re.search(r",\s+(?:in a sign|which|as|adding|saying|while)\b", text)
    body = (text[: cut.start()] if cut else text).strip().rstrip(".")
    return body[:1].upper() + body[1:] + "." if body else ""


def extract_disputes(sentences: list[Sentence], mentions: list[Mention],
                     names: dict[str, str]) -> list[DisputeDraft]:  # fmt: skip
    """Claims and their denials in the body sentences; ``names`` maps party keys to names."""
    lex = lexicon()
    claims_re = _verb_pattern(lex.claim_verbs - {"according to"})
    accuse_re = _verb_pattern(lex.accusation_verbs)
    deny_re = _verb_pattern(lex.denial_verbs)
    disputes: list[DisputeDraft] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for sentence in sentences:
        if sentence.kind != "body":
            continue
        text = fold(sentence.text)
        own = [m for m in mentions if m.sentence == sentence.index and m.key in names]
        denial = deny_re.search(text)
        if denial is not None:
            speaker = _speaker(sentence, sentence.start + denial.start(),
                               sentence.start + denial.end(), own)  # fmt: skip
            if speaker is not None:
                _answer(disputes, sentence, speaker.key, names, text[denial.end() :])
            continue
        accusation = accuse_re.search(text)
        hit = accusation or claims_re.search(text)
        if hit is None:
            continue
        at, end = sentence.start + hit.start(), sentence.start + hit.end()
        passive = re.search(r"\b(?:was|were|been|is|are|be)\s+$", text[: hit.start()])
        if passive:
            # "was announced by Russia": the speaker follows "by".
            by = re.match(r"\s+by\s+", text[hit.end() :])
            after = [m for m in own if by and m.start == end + by.end()]
            speaker = after[0] if after else None
        else:
            speaker = _speaker(sentence, at, end, own)
        if speaker is None or speaker.key in _EXCLUDED_TARGETS:
            continue
        targets = [m.key for m in own if m.start >= end and m.key != speaker.key
                   and m.key not in _EXCLUDED_TARGETS]  # fmt: skip
        targets = list(dict.fromkeys(targets))
        rest = text[hit.end() :]
        if not targets:
            continue
        if accusation is None and not _accuses(rest):
            continue
        key = (speaker.key, tuple(targets))
        if key in seen:
            continue
        seen.add(key)
        claim = clean_statement(sentence.text) if accusation else _content(rest)
        disputes.append(DisputeDraft(claim or clean_statement(sentence.text),
                                     speaker.key, targets, sentence))  # fmt: skip
    return disputes


def _answer(disputes: list[DisputeDraft], sentence: Sentence, denier: str,
            names: dict[str, str], rest: str) -> None:  # fmt: skip
    recent = [d for d in disputes if sentence.index - d.sentence.index <= _LOOKBACK
              and d.claimed_by != denier and d.denial is None]  # fmt: skip
    named = [d for d in recent if denier in d.targets]
    candidates = named or recent
    if not candidates:
        return
    target = candidates[-1]
    target.disputed_by.append(denier)
    target.denial = sentence
    saying = re.search(r"\b(?:saying|said|insisting|adding)\b\s*(?:that\s+)?(.+)$", rest)
    counter = saying.group(1) if saying else rest
    counter = counter.strip().rstrip(".")
    target.counter_claim = (counter[:1].upper() + counter[1:] + ".") if counter else None
