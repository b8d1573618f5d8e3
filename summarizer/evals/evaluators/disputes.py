"""Disputed facts: matched on the meaning of the claim; checked for claimants, disputers,
status and counter-claim.

What misinforms: a claim that negates or reverses the gold claim, a claim put in the mouth of
another party or of the party that denies it, a denial given to the claimant or to a party
that made none, a status that presents a contested or unverified claim as confirmed (or the
reverse, or a retracted one as standing), and a counter-claim that says the opposite. What is
a minor error: claimants or disputers half right, the denial left out, contested for
unverified (both say "not established"), a missing or different counter-claim.
"""

from __future__ import annotations

from summarizer.brief.schema import DisputedFact, DisputeStatus
from summarizer.evals.evaluators.alignment import Check, FieldAlignment, Severity, check
from summarizer.evals.evaluators.common import (
    RANK_FLOOR,
    align,
    field_metrics,
    short,
    statement_ranks,
)
from summarizer.evals.evaluators.context import Context
from summarizer.evals.evaluators.metric import Metric
from summarizer.evals.gold import GoldDispute
from summarizer.evals.matching.meaning import Actors, Judgement, Verdict, judge

__all__ = ["COUNTER_CLAIM_COST", "PARTIES_COST", "STATUS_COST", "score_disputes"]

PARTIES_COST = 0.2
"""Credit lost for claimants or disputers half right, or a denial left out."""

STATUS_COST = 0.2
"""Credit lost for contested read as unverified or the reverse."""

COUNTER_CLAIM_COST = 0.1
"""Credit lost for a missing or unrecognisable counter-claim."""

_STANCE = {
    DisputeStatus.CONTESTED: "open",
    DisputeStatus.UNVERIFIED: "open",
    DisputeStatus.CONFIRMED: "established",
    DisputeStatus.RETRACTED: "withdrawn",
}

Resolved = frozenset[int | str]


def _names(ctx: Context, parties: Resolved) -> str:
    return str(sorted(ctx.gold_party_name(p) for p in parties))


def _claimants(got: Resolved, want: Resolved, deniers: Resolved, ctx: Context, label: str) -> Check:
    reason = f"{label}: claimed by {_names(ctx, got)}, gold {_names(ctx, want)}"
    if got == want:
        return check("claimed_by", Severity.OK)
    if got & deniers:
        return check("claimed_by", Severity.MISINFORMS, reason + " (the claim's denier)")
    if not got & want:
        return check("claimed_by", Severity.MISINFORMS, reason + " (another party's claim)")
    return check("claimed_by", Severity.MINOR, reason, PARTIES_COST)


def _disputers(got: Resolved, want: Resolved, makers: Resolved, ctx: Context, label: str) -> Check:
    reason = f"{label}: disputed by {_names(ctx, got)}, gold {_names(ctx, want)}"
    if got == want:
        return check("disputed_by", Severity.OK)
    if not got:
        return check("disputed_by", Severity.MINOR, reason + " (denial left out)", PARTIES_COST)
    if got & makers:
        return check("disputed_by", Severity.MISINFORMS, reason + " (the claim's maker)")
    named = {p for p in got if isinstance(p, int)}
    if named and not got & want:
        return check("disputed_by", Severity.MISINFORMS, reason + " (a party that denied nothing)")
    return check("disputed_by", Severity.MINOR, reason, PARTIES_COST)


def _status(p: DisputedFact, g: GoldDispute, label: str) -> Check:
    accepted = {g.status, *g.status_alternatives}
    reason = f"{label}: status {p.status.value}, gold {g.status.value}"
    if p.status in accepted:
        return check("status", Severity.OK)
    if any(_STANCE[p.status] == _STANCE[s] for s in accepted):
        return check("status", Severity.MINOR, reason, STATUS_COST)
    return check("status", Severity.MISINFORMS, reason)


def _counter_claim(p: DisputedFact, g: GoldDispute, actors: Actors, label: str) -> Check:
    if g.counter_claim is None:
        return check("counter_claim", Severity.OK)
    if not p.counter_claim:
        return check(
            "counter_claim", Severity.MINOR, f"{label}: counter-claim left out", COUNTER_CLAIM_COST
        )
    verdict = judge(g.counter_claim, p.counter_claim, actors)
    reason = f"{label}: counter-claim {short(p.counter_claim)}, gold {short(g.counter_claim)}"
    if verdict.verdict is Verdict.SAME:
        return check("counter_claim", Severity.OK)
    if verdict.verdict is Verdict.CONTRADICTS:
        return check("counter_claim", Severity.MISINFORMS, f"{reason} ({verdict.reason})")
    return check("counter_claim", Severity.MINOR, reason, COUNTER_CLAIM_COST)


def _claim(verdict: Judgement, p: DisputedFact, g: GoldDispute) -> Check:
    if verdict.verdict is Verdict.SAME:
        return check("claim", Severity.OK)
    return check(
        "claim",
        Severity.MISINFORMS,
        f"claim {short(p.claim)} contradicts gold {short(g.claim)} ({verdict.reason})",
    )


class _Disputes:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.predicted = ctx.brief.disputed_facts
        self.gold = ctx.gold.disputed_facts
        self.actors = ctx.actors
        self.resolver = ctx.resolver
        self.verdicts = {
            (i, j): judge(g.claim, p.claim, self.actors)
            for i, p in enumerate(self.predicted)
            for j, g in enumerate(self.gold)
        }

    def ranks(self) -> list[list[float]]:
        """Agreeing claims weigh by :func:`statement_ranks` (plus a little for the right
        claimants); a contradicting claim weighs least, so it pairs only when nothing better
        is there."""
        matrix = statement_ranks(
            self.verdicts, len(self.predicted), len(self.gold), [d.claim for d in self.predicted]
        )
        for (i, j), verdict in self.verdicts.items():
            if verdict.verdict is Verdict.CONTRADICTS:
                matrix[i][j] = RANK_FLOOR
            elif matrix[i][j] > 0:
                same_makers = self.resolver.gold_parties(self.predicted[i].claimed_by) == (
                    self.resolver.gold_parties(self.gold[j].claimed_by)
                )
                matrix[i][j] += 0.05 if same_makers else 0.0
        return matrix

    def checks(self, i: int, j: int) -> list[Check]:
        p, g = self.predicted[i], self.gold[j]
        label = short(g.claim, 60)
        makers = self.resolver.gold_parties(g.claimed_by)
        deniers = self.resolver.gold_parties(g.disputed_by)
        return [
            _claim(self.verdicts[(i, j)], p, g),
            _claimants(self.resolver.gold_parties(p.claimed_by), makers, deniers, self.ctx, label),
            _disputers(self.resolver.gold_parties(p.disputed_by), deniers, makers, self.ctx, label),
            _status(p, g, label),
            _counter_claim(p, g, self.actors, label),
        ]

    def extra(self, i: int) -> str:
        claim = short(self.predicted[i].claim)
        if not self.gold:
            return f"predicted claim {claim} matches nothing in gold"
        best = max(range(len(self.gold)), key=lambda j: self.verdicts[(i, j)].similarity)
        verdict = self.verdicts[(i, best)]
        why = f": {verdict.reason}" if verdict.reason else ""
        closest = short(self.gold[best].claim)
        return (
            f"predicted claim {claim} matches no gold claim "
            f"(closest {closest} at {verdict.similarity:.2f}{why})"
        )


def score_disputes(ctx: Context) -> tuple[dict[str, Metric], FieldAlignment]:
    """The ``disputes.*`` metrics and alignment."""
    disputes = _Disputes(ctx)
    optional = [g.optional for g in disputes.gold]
    matrix = disputes.ranks()
    alignment = align(
        len(disputes.predicted),
        optional,
        matrix,
        RANK_FLOOR,
        disputes.checks,
        similarity=lambda i, j: disputes.verdicts[(i, j)].similarity,
    )
    metrics = field_metrics(
        "disputes",
        alignment,
        n_predicted=len(disputes.predicted),
        gold_optional=optional,
        attributes=["claimed_by", "disputed_by", "status", "counter_claim"],
        extra=disputes.extra,
        missed=lambda j: f"gold claim {short(disputes.gold[j].claim)} was not found",
    )
    return metrics, alignment
