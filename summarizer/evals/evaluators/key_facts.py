"""Key facts: is each required gold fact stated, in any words, by a key fact or by the
summary, and does anything the brief states contradict a gold fact?

Candidates are the predicted key facts and the summary's sentences and their clauses (cut
at semicolons). A key fact longer than :data:`MAX_FACT_WORDS` words or
:data:`MAX_FACT_SENTENCES` sentences is no single checkable statement (a pasted article):
it covers nothing. Only the first :data:`MAX_SUMMARY_SENTENCES` sentences of the summary
count, as the schema asks for one to three. Gold facts and candidates are matched one to one
(a candidate states one fact); a fact is covered when its match says the same
(:func:`~summarizer.evals.meaning.judge`), or when a statement holds nearly all its words
(:data:`CONTAINMENT`: an article sentence may hold two facts); a candidate that contradicts
a gold fact more than it agrees with any covers none. A candidate that contradicts a gold fact
(negation, swapped actors, other numbers) misinforms, whether or not it was matched, unless
it is matched to another gold fact.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from summarizer.brief.schema import Situation
from summarizer.evals.evaluators.alignment import FieldAlignment, Pair, Severity, check, prf
from summarizer.evals.evaluators.common import RANK_FLOOR, align, short, statement_ranks
from summarizer.evals.evaluators.context import Context
from summarizer.evals.evaluators.metric import Metric
from summarizer.evals.evaluators.text import article_sentences
from summarizer.evals.gold import GoldKeyFact
from summarizer.evals.matching.lexical import term_coverage
from summarizer.evals.matching.meaning import Judgement, Verdict, judge

__all__ = [
    "MAX_FACT_SENTENCES",
    "MAX_FACT_WORDS",
    "MAX_SUMMARY_SENTENCES",
    "candidates",
    "score_key_facts",
]

MAX_FACT_WORDS = 60
MAX_FACT_SENTENCES = 2
MAX_SUMMARY_SENTENCES = 3


@functools.lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(article_sentences(text) or ([text] if text.strip() else []))


def _clauses(sentence: str) -> list[str]:
    parts = [p.strip() for p in re.split(r";\s+", sentence) if p.strip()]
    return parts if len(parts) > 1 else [sentence]


def candidates(situation: Situation) -> tuple[list[str], set[str], dict[int, str]]:
    """The statements that may cover gold facts; those of them that are whole statements
    (a key fact, a summary sentence), which alone may contradict a gold fact, since a clause
    cut from its sentence can lose the negation that governs it; and why some key facts were
    left out (by key-fact index)."""
    found: list[str] = []
    whole: set[str] = set()
    notes: dict[int, str] = {}
    for i, fact in enumerate(situation.key_facts):
        words = len(fact.statement.split())
        sentences = len(_sentences(fact.statement))
        if words > MAX_FACT_WORDS or sentences > MAX_FACT_SENTENCES:
            notes[i] = (
                f"key fact {i} ({words} words, {sentences} sentences) is no single statement; "
                "it covers nothing"
            )
            continue
        found.append(fact.statement)
        whole.add(fact.statement)
    for sentence in _sentences(situation.summary)[:MAX_SUMMARY_SENTENCES]:
        found += [sentence, *_clauses(sentence)]
        whole.add(sentence)
    return list(dict.fromkeys(found)), whole, notes


Verdicts = dict[tuple[int, int], Judgement]


def _false_statements(verdicts: Verdicts, n_gold: int) -> set[int]:
    """Candidates that contradict a gold fact more than they agree with any: "It is false
    that Russia announced the evacuation" must not pass for a statement about the
    evacuation."""
    return {
        i
        for (i, _), v in verdicts.items()
        if v.verdict is Verdict.CONTRADICTS
        and not any(
            verdicts[(i, j)].verdict is Verdict.SAME and verdicts[(i, j)].similarity > v.similarity
            for j in range(n_gold)
        )
    }


def _precision(ctx: Context, found: list[str], verdicts: Verdicts, n_required: int) -> Metric:
    """``key_facts.precision``: predicted key facts that state some gold fact."""
    stated = [f.statement for f in ctx.brief.situation.key_facts]
    index = {text: i for i, text in enumerate(found)}
    n_gold = len(ctx.gold.key_facts)
    true_facts = {
        text
        for text in stated
        if text in index
        and any(verdicts[(index[text], j)].verdict is Verdict.SAME for j in range(n_gold))
    }
    matched = sum(text in true_facts for text in stated)
    precision, _, _ = prf(matched, 0, len(stated), n_required)
    untrue = [f"key fact {short(t)} states no gold key fact" for t in stated if t not in true_facts]
    return Metric(value=precision, reasons=untrue)


def score_key_facts(ctx: Context) -> tuple[dict[str, Metric], FieldAlignment, list[str]]:
    """The ``key_facts.*`` metrics, the alignment (predicted indexes are candidates) and the
    misinforming statements, one reason each."""
    gold = ctx.gold.key_facts
    found, whole, notes = candidates(ctx.brief.situation)
    actors = ctx.actors
    verdicts: Verdicts = {
        (i, j): judge(g.fact, c, actors) for i, c in enumerate(found) for j, g in enumerate(gold)
    }
    false = _false_statements(verdicts, len(gold))
    matrix = statement_ranks(verdicts, len(found), len(gold), found)
    for i in false:
        matrix[i] = [0.0] * len(gold)
    alignment = align(
        len(found),
        [g.optional for g in gold],
        matrix,
        RANK_FLOOR,
        lambda i, j: [check("statement", Severity.OK)],
        similarity=lambda i, j: verdicts[(i, j)].similarity,
    )
    alignment.notes = notes
    required = [j for j, g in enumerate(gold) if not g.optional]
    _contained(gold, found, verdicts, false, alignment)
    covered = [p for p in alignment.pairs if not p.optional]
    coverage = len(covered) / len(required) if required else 1.0
    missed = [f"gold key fact {short(gold[j].fact)} is not covered" for j in alignment.missed]
    precision = _precision(ctx, found, verdicts, len(required))
    contradicted = _contradictions(ctx, found, whole, verdicts, alignment)
    return (
        {
            "key_facts.coverage": Metric(value=coverage, reasons=[*missed, *notes.values()]),
            "key_facts.precision": precision,
            "key_facts.score": Metric(value=coverage, reasons=[*contradicted, *missed]),
        },
        alignment,
        contradicted,
    )


CONTAINMENT = 0.8
"""A statement holding this share of a gold fact's content terms states it, whatever else it
says (a sentence of the article often holds two facts)."""


def _contained(
    gold: Sequence[GoldKeyFact],
    found: list[str],
    verdicts: Verdicts,
    false: set[int],
    alignment: FieldAlignment,
) -> None:
    """Gold facts the one-to-one match left out, covered by a statement that contains their
    words and does not contradict them (added to the alignment)."""
    for j in list(alignment.missed) + list(alignment.missed_optional):
        holders = [
            i
            for i, text in enumerate(found)
            if i not in false
            and verdicts[(i, j)].verdict is not Verdict.CONTRADICTS
            and not verdicts[(i, j)].reason
            and term_coverage(gold[j].fact, text) >= CONTAINMENT
        ]
        if not holders:
            continue
        i = max(holders, key=lambda k: term_coverage(gold[j].fact, found[k]))
        alignment.pairs.append(
            Pair(
                gold=j,
                predicted=i,
                similarity=verdicts[(i, j)].similarity,
                optional=gold[j].optional,
                checks=[check("statement", Severity.OK)],
            )
        )
        alignment.missed = [m for m in alignment.missed if m != j]
        alignment.missed_optional = [m for m in alignment.missed_optional if m != j]
    alignment.pairs.sort(key=lambda p: p.gold)


def _contradictions(
    ctx: Context,
    found: list[str],
    whole: set[str],
    verdicts: dict[tuple[int, int], Judgement],
    alignment: FieldAlignment,
) -> list[str]:
    """One reason per required gold fact that some statement contradicts; the contradicting
    pairs are added to the alignment (beside the pair that covers the fact, if any)."""
    gold = ctx.gold.key_facts
    reasons: list[str] = []
    paired = {p.gold for p in alignment.pairs}
    # A statement matched to a gold fact it agrees with is true, whatever else it seems to
    # contradict ("three children were among the four killed" against "four killed and 11
    # injured").
    true = {p.predicted for p in alignment.pairs}
    for j, fact in enumerate(gold):
        if fact.optional:
            continue
        against = [
            i
            for i, text in enumerate(found)
            if text in whole and verdicts[(i, j)].verdict is Verdict.CONTRADICTS and i not in true
        ]
        if not against:
            continue
        i = against[0]
        why = verdicts[(i, j)].reason
        reasons.append(
            f"statement {short(found[i])} contradicts gold key fact {short(fact.fact)} ({why})"
        )
        # Listed even when another statement covers the fact: the report shows both.
        alignment.pairs.append(
            Pair(
                gold=j,
                predicted=i,
                similarity=verdicts[(i, j)].similarity,
                checks=[check("statement", Severity.MISINFORMS, reasons[-1])],
            )
        )
        if j not in paired:
            alignment.missed = [m for m in alignment.missed if m != j]
    alignment.pairs.sort(key=lambda p: p.gold)
    return reasons
