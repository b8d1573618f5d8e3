"""Do two sentences say the same thing? Similarity plus the checks similarity cannot make.

:func:`judge` compares a gold sentence (a key fact, a claim, a counter-claim) with a predicted
one. The similarity comes from :mod:`summarizer.evals.matching.similarity`; on top of it
three checks catch what embeddings miss, because a negated or reversed sentence uses the same words:

- **polarity**: the parity of negations ("not", "never", "nobody", "denied", "rejected",
  "It is false that", ...; "no more than" is a quantity and "nothing but" means "only") must
  agree between sentences, or between a predicted clause and the gold clauses it speaks of,
  that share most of their words (:data:`NEGATION_OVERLAP`): a paraphrase that rewords a
  clause may move a negation ("cut off from aid" for "received no aid");
- **numbers**: when both state numbers, they must share one (a number replaced by another
  is another statement);
- **actors**: the same parties in another order with the rest unchanged ("A accused B" vs
  "B accused A"), or another party as the one who says or does it ("according to A", "A
  said", "by A" after a passive verb), is another statement.

A pair that fails a check is ``contradicts`` when it is otherwise close (a negation of the
same words from :data:`WEAK_FLOOR`, other numbers or actors from :data:`CONTRADICTION_FLOOR`:
a reader would take one for a version of the other) and ``different`` below that; a pair
that passes them is ``same`` from :data:`WEAK_FLOOR` (weak under :data:`STATEMENT_FLOOR`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from summarizer.evals.matching.actors import Actors, swapped
from summarizer.evals.matching.decisions import decision
from summarizer.evals.matching.lexical import content_terms, stated_values, text_similarity
from summarizer.evals.matching.similarity import sentence_model

__all__ = [
    "CONTRADICTION_FLOOR",
    "STATEMENT_FLOOR",
    "WEAK_FLOOR",
    "Actors",
    "Judgement",
    "Verdict",
    "judge",
    "polarity",
    "similarity",
]

STATEMENT_FLOOR = 0.55
"""Two statements that pass every check say the same from this similarity on."""

WEAK_FLOOR = 0.45
"""From here to :data:`STATEMENT_FLOOR` two statements that pass every check are a weak
``same``: a field scorer accepts such a pair only when each is the other's best match
(:func:`summarizer.evals.evaluators.common.statement_ranks`)."""

CONTRADICTION_FLOOR = 0.7
"""A pair that fails a check contradicts (rather than merely differs) from this similarity
on: close enough that a reader would take one for a version of the other."""


class Verdict(StrEnum):
    """What a predicted statement is to a gold one."""

    SAME = "same"
    CONTRADICTS = "contradicts"
    DIFFERENT = "different"


@dataclass(frozen=True)
class Judgement:
    """A verdict with the similarity behind it and, when not ``same``, why."""

    similarity: float
    verdict: Verdict
    reason: str = ""


_NEGATION = re.compile(
    r"\b(?:not|no|never|nobody|none|nothing|neither|nor|cannot|without|false|untrue|"
    r"den(?:y|ies|ied|ying|ial)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing)|"
    r"unverified|unconfirmed|unable|impossible|rather\s+than|instead\s+of|"
    r"(?:fail|refus)(?:s|es|ed|ing)?\s+to)\b|n't\b",
    re.IGNORECASE,
)
_NOT_NEGATION = re.compile(
    r"\b(?:no|not)\s+(?:more|fewer|less)\s+than\b|\bnot\s+only\b|\bno\s+longer\s+than\b|"
    r"\b(?:nothing|none|nobody|no\s+one)\s+(?:but|except|other\s+than)\b",
    re.IGNORECASE,
)

NEGATION_OVERLAP = 0.8
"""Polarity is compared only between sentences that share this much of their content terms
(Dice, negations left out): a negation of the same words. Paraphrases that reword a clause
("cut off from aid" for "received no aid") often move a negation, and counting negations
across reworded sentences would call them contradictions."""


_CLAUSE = re.compile(r";\s*|,\s*(?:and|but|while|whereas)\s+|\s+but\s+", re.IGNORECASE)


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c.strip()]


def _negated(gold: str, predicted: str) -> bool:
    """Whether one sentence negates the same words as the other: the parities of their
    negations differ, and a predicted clause shares most of its words with the gold clauses
    it speaks of (whole sentences when both are one clause)."""
    if polarity(gold) == polarity(predicted):
        return False
    gold_clauses, predicted_clauses = _clauses(gold), _clauses(predicted)
    if len(gold_clauses) < 2 and len(predicted_clauses) > 1:
        # Gold is one clause: a predicted clause without its negation may have moved it into
        # the next clause ("was hit by two shells, but no one died").
        return False
    for clause in predicted_clauses:
        # The gold clauses this clause speaks of (two of their words in it): one predicted
        # clause may merge two gold clauses and their negations ("..., which the government
        # denies"), and a gold clause it leaves out ("; Dunmark rejected it") is an
        # omission, not a contradiction.
        terms = content_terms(_without_negations(clause))
        spoken = [g for g in gold_clauses if len(content_terms(_without_negations(g)) & terms) >= 2]
        if not spoken:
            continue
        joined = "; ".join(spoken)
        if polarity(joined) != polarity(clause) and _overlap(joined, clause) >= NEGATION_OVERLAP:
            return True
    return False


def _overlap(a: str, b: str) -> float:
    """Dice of the two texts' content terms, negations left out of both."""
    return text_similarity(_without_negations(a), _without_negations(b))


@functools.lru_cache(maxsize=65536)
def _without_negations(text: str) -> str:
    return _NEGATION.sub(" ", _NOT_NEGATION.sub(" ", text.replace("\u2019", "'")))


@functools.lru_cache(maxsize=65536)
def polarity(text: str) -> int:
    """0 for an affirmative sentence, 1 for a negated one (parity of negations)."""
    cleaned = _NOT_NEGATION.sub(" ", text.replace("\u2019", "'"))
    return len(_NEGATION.findall(cleaned)) % 2


_NEGATES = "one negates the other"


def _check(gold: str, predicted: str, actors: Actors | None) -> str:
    """Why the pair cannot mean the same, or "" when every check passes."""
    if _negated(gold, predicted):
        return _NEGATES
    gold_numbers, predicted_numbers = stated_values(gold), stated_values(predicted)
    if gold_numbers and predicted_numbers and not gold_numbers & predicted_numbers:
        return (
            f"numbers differ ({', '.join(map(str, sorted(predicted_numbers)))} for "
            f"{', '.join(map(str, sorted(gold_numbers)))})"
        )
    if actors is not None and swapped(actors.frame(gold), actors.frame(predicted)):
        return "the actors are swapped"
    return ""


_JUDGED: dict[tuple[str, str, frozenset[tuple[tuple[str, ...], int]] | None], Judgement] = {}


def judge(gold: str, predicted: str, actors: Actors | None = None) -> Judgement:
    """Whether ``predicted`` says what ``gold`` says, contradicts it, or says something else.

    ``actors`` lets the actor check resolve party names (without it, it is skipped). An
    outside decision on the pair (:func:`~summarizer.evals.decisions.decision`) wins.
    """
    decided = decision(gold, predicted)
    if decided is not None:
        return _decided(gold, predicted, actors, decided)
    key = (gold, predicted, actors.key if actors is not None else None)
    if key not in _JUDGED:
        if len(_JUDGED) > 200_000:
            _JUDGED.clear()
        _JUDGED[key] = _judge(gold, predicted, actors)
    return _JUDGED[key]


def similarity(a: str, b: str, actors: Actors | None = None) -> float:
    """Sentence similarity, with every party named alike on both sides when ``actors`` is
    given (see :meth:`Actors.canonical`)."""
    if actors is None:
        return sentence_model().similarity(a, b)
    return sentence_model().similarity(actors.canonical(a), actors.canonical(b))


def _decided(gold: str, predicted: str, actors: Actors | None, same: bool) -> Judgement:
    """A judgement an outside judge decided (:mod:`summarizer.evals.matching.decisions`): the same
    pair counts as a full match; a different one keeps the rules' contradiction, if any."""
    found = _judge(gold, predicted, actors)
    if same:
        return Judgement(max(found.similarity, STATEMENT_FLOOR), Verdict.SAME)
    if found.verdict is Verdict.CONTRADICTS:
        return found
    return Judgement(found.similarity, Verdict.DIFFERENT, "the judge says they differ")


def _judge(gold: str, predicted: str, actors: Actors | None) -> Judgement:
    similarity_ = similarity(gold, predicted, actors)
    if similarity_ < WEAK_FLOOR:
        return Judgement(similarity_, Verdict.DIFFERENT)
    problem = _check(gold, predicted, actors)
    if problem:
        # A negation of the same words is a contradiction at any similarity past the weak
        # floor; other numbers or other actors need a pair a reader would take for one.
        floor = WEAK_FLOOR if problem == _NEGATES else CONTRADICTION_FLOOR
        verdict = Verdict.CONTRADICTS if similarity_ >= floor else Verdict.DIFFERENT
        return Judgement(similarity_, verdict, problem)
    return Judgement(similarity_, Verdict.SAME)
