"""The probe suite: does the scorer judge meaning the way a careful reader would?

For every fixture, each probe builds a prediction from the gold brief (through
:mod:`summarizer.evals.probes.builder` and :mod:`summarizer.evals.probes.edits`) whose right
score is known and checks the scorer against it:

- ``same``: the prediction says what gold says in other words (another form of a name,
  another number format, a paraphrase); it must score at least :data:`SAME_FLOOR`;
- ``error``: the prediction is wrong or games the metric; it must lose at least the probe's
  margin (1 - score >= margin);
- ``misinform``: the prediction tells the reader something false about some items; it must
  lose its margin and score under the same brief with those items left out, by at least
  :data:`MISINFORM_GAP`: misinformation is worse than silence;
- ``no_credit``: the prediction games the metric from nothing; it must score no more than
  an empty brief;
- ``never_against``: only optional items are changed; the score must stay at least
  :data:`NEVER_AGAINST_FLOOR`.

A probe that does not apply to a fixture (no paraphrase written, no party with an acronym)
reports "n/a" there. ``summarizer eval probes`` prints the table for any fixture set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from summarizer.brief.schema import Brief
from summarizer.evals.dataset import Fixture
from summarizer.evals.gold import GoldBrief
from summarizer.evals.probes.cases import PROBE_BUILDERS, Setting, Variant

__all__ = [
    "MISINFORM_GAP",
    "NEVER_AGAINST_FLOOR",
    "PROBES",
    "SAME_FLOOR",
    "Kind",
    "Probe",
    "ProbeOutcome",
    "ProbeRow",
    "overall_scorer",
    "probe_table",
    "run_probes",
]

SAME_FLOOR = 0.98
"""A prediction that means what gold means scores at least this."""

MISINFORM_GAP = 0.002
"""How much lower than leaving the items out a misinforming prediction must score."""

NEVER_AGAINST_FLOOR = 0.999
"""Changing only optional items never costs more than rounding."""

Kind = Literal["same", "error", "misinform", "no_credit", "never_against"]

Scorer = Callable[[Brief, GoldBrief, str], float]
"""The overall score of a prediction against gold and article."""


@dataclass(frozen=True)
class Probe:
    """One check of the scorer, applied to every fixture."""

    name: str
    issue_class: int
    """Which class of misjudgement it tests (1-8, as numbered in the scorer's README)."""
    kind: Kind
    margin: float = 0.0
    """For ``error`` and ``misinform``: the least the prediction must lose."""
    why: str = ""

    def requirement(self) -> str:
        """The pass condition in words."""
        if self.kind == "same":
            return f">= {SAME_FLOOR:.2f}"
        if self.kind == "error":
            return f"cost >= {self.margin:.3f}"
        if self.kind == "misinform":
            return f"cost >= {self.margin:.3f}, < omission"
        if self.kind == "no_credit":
            return "<= empty brief"
        return f">= {NEVER_AGAINST_FLOOR:.3f}"


def _p(name: str, issue_class: int, kind: Kind, margin: float = 0.0, why: str = "") -> Probe:
    if name not in PROBE_BUILDERS:
        raise KeyError(f"no builder for probe {name!r}")
    return Probe(name, issue_class, kind, margin, why)


PROBES: list[Probe] = [
    # 1. The same actor in other words.
    _p("name: acronym in brackets", 1, "same"),
    _p("name: alias as name", 1, "same"),
    _p("name: short form", 1, "same"),
    _p("name: long form", 1, "same"),
    _p("name: word order", 1, "same"),
    _p("name: official name", 1, "same"),
    _p("lists in reverse order", 1, "same"),
    # 2. Another actor with a similar name.
    _p("false-friend actor", 2, "misinform", 0.005, "another actor is not the gold one"),
    _p("pro-/anti- flipped", 2, "misinform", 0.005, "the other side's militia"),
    # 3. Key facts.
    _p("key facts: paraphrased", 3, "same"),
    _p("summary: paraphrased", 3, "same"),
    _p("key facts: article pasted as one", 3, "error", 0.05, "a paste is no fact"),
    _p("empty brief + article pasted", 3, "no_credit"),
    _p("key facts: all negated", 3, "misinform", 0.10, "every fact reversed"),
    _p("key fact: actors swapped", 3, "misinform", 0.005, "who did what to whom"),
    # 4. Claims.
    _p("claims: paraphrased", 4, "same"),
    _p("claim: negated", 4, "misinform", 0.01, "the claim reversed"),
    _p("claim: actors swapped", 4, "misinform", 0.01, "the accusation reversed"),
    # 5. Attributes that misinform.
    _p("figure: populations swapped", 5, "misinform", 0.005, "fighters counted as civilians"),
    _p("figure: source given to the denier", 5, "misinform", 0.005, "attribution is content"),
    _p("dispute: status confirmed/contested", 5, "misinform", 0.01, "a claim made a fact"),
    _p("dispute: claimant and disputer swapped", 5, "misinform", 0.01, "the accuser reversed"),
    _p("party: side flipped", 5, "misinform", 0.005, "the reader's map of the war"),
    # 6. Number formats.
    _p("numbers: space separator", 6, "same"),
    _p("numbers: thin-space separator", 6, "same"),
    _p("numbers: dot separator", 6, "same"),
    # 7. Fields that were not scored.
    _p("reporting date: off by a day", 7, "error", 0.01, "every relative date shifts"),
    _p("event dates: off by a day", 7, "error", 0.02, "when things happened"),
    _p("figure dates: off by a day", 7, "error", 0.005, "the 'as of' date of a figure"),
    _p("locations: places not in the story", 7, "error", 0.02, "where things happened"),
    _p("counter-claims: paraphrased", 7, "same"),
    _p("counter-claims: negated", 7, "misinform", 0.005, "the denial reversed"),
    _p("evidence: headline as every quote", 7, "error", 0.03, "quotes must support items"),
    # 8. Optional items.
    _p("optional items: wrong attributes", 8, "never_against"),
    # Padding and repetition.
    _p("30 extra parties", 0, "error", 0.05, "padding costs precision"),
    _p("every item twice", 0, "error", 0.05, "duplicates cost precision"),
]
"""Every probe, in report order."""


@dataclass(frozen=True)
class ProbeOutcome:
    """One probe on one fixture."""

    fixture: str
    score: float | None
    """None when the probe does not apply to this fixture."""
    reference: float | None = None
    """The omission score (misinform) or the empty brief's score (no_credit)."""
    passed: bool | None = None
    note: str = ""


@dataclass
class ProbeRow:
    """One probe over every fixture."""

    probe: Probe
    outcomes: list[ProbeOutcome] = field(default_factory=list)

    @property
    def applied(self) -> list[ProbeOutcome]:
        """The outcomes on fixtures the probe applies to."""
        return [o for o in self.outcomes if o.score is not None]

    @property
    def passed(self) -> bool | None:
        """True when every applicable fixture passed; None when none applied."""
        applied = self.applied
        return all(bool(o.passed) for o in applied) if applied else None

    def mean(self) -> float | None:
        """Mean score over applicable fixtures."""
        scores = [o.score for o in self.applied if o.score is not None]
        return sum(scores) / len(scores) if scores else None

    def worst(self) -> ProbeOutcome | None:
        """The applicable outcome with the lowest margin to failing (failed ones first)."""
        applied = self.applied
        if not applied:
            return None
        if self.probe.kind in ("same", "never_against"):
            return min(applied, key=lambda o: o.score or 0.0)
        return max(applied, key=lambda o: (not o.passed, o.score or 0.0))


def _judge(probe: Probe, score: float, reference: float | None) -> bool:
    if probe.kind == "same":
        return score >= SAME_FLOOR
    if probe.kind == "never_against":
        return score >= NEVER_AGAINST_FLOOR
    if probe.kind == "no_credit":
        return reference is not None and score <= reference + 1e-9
    if 1.0 - score < probe.margin:
        return False
    if probe.kind == "misinform":
        return reference is not None and score <= reference - MISINFORM_GAP
    return True


def overall_scorer() -> Scorer:
    """The default scorer: ``score_brief(...).value("overall")``."""
    from summarizer.evals.scoring import score_brief

    def score(brief: Brief, gold: GoldBrief, article: str) -> float:
        return score_brief(brief, gold, article).value("overall")

    return score


def _outcome(probe: Probe, fixture: Fixture, setting: Setting, scorer: Scorer) -> ProbeOutcome:
    variant: Variant | None = PROBE_BUILDERS[probe.name](setting)
    if variant is None:
        return ProbeOutcome(fixture.id, None, note="n/a")
    score = scorer(variant.prediction, fixture.gold, fixture.article)
    reference = None
    if variant.reference is not None:
        reference = scorer(variant.reference, fixture.gold, fixture.article)
    return ProbeOutcome(
        fixture.id, score, reference, _judge(probe, score, reference), note=variant.note
    )


def run_probes(
    fixtures: Sequence[Fixture],
    *,
    scorer: Scorer | None = None,
    probes: Sequence[Probe] = PROBES,
) -> list[ProbeRow]:
    """Every probe on every fixture, scored by ``scorer`` (default: the current scorer)."""
    chosen = scorer or overall_scorer()
    rows = [ProbeRow(p) for p in probes]
    for fixture in fixtures:
        setting = Setting.of(fixture.gold, fixture.article)
        for row in rows:
            row.outcomes.append(_outcome(row.probe, fixture, setting, chosen))
    return rows


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def probe_table(rows: Sequence[ProbeRow]) -> list[list[str]]:
    """The probe table as rows of cells (header first): one line per probe.

    Columns: class, probe, kind, requirement, fixtures applied, mean score, worst fixture
    (its score and, for misinform and no_credit, the reference it is compared with), result.
    """
    table = [["class", "probe", "kind", "requirement", "fixtures", "mean", "worst", "result"]]
    for row in rows:
        worst = row.worst()
        if worst is None:
            worst_text = "n/a"
        else:
            ref = f" vs {_fmt(worst.reference)}" if worst.reference is not None else ""
            worst_text = f"{_fmt(worst.score)}{ref} ({worst.fixture})"
        verdict = {True: "pass", False: "FAIL", None: "n/a"}[row.passed]
        table.append(
            [
                str(row.probe.issue_class),
                row.probe.name,
                row.probe.kind,
                row.probe.requirement(),
                f"{len(row.applied)}/{len(row.outcomes)}",
                _fmt(row.mean()),
                worst_text,
                verdict,
            ]
        )
    return table
