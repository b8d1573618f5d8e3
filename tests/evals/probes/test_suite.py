"""The meta-evaluation: the scorer passes every probe on every bundled fixture, and the probe
suite fails a scorer that does not judge meaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.evals.dataset import load_fixtures
from summarizer.evals.probes.suite import PROBES, ProbeRow, probe_table, run_probes

FIXTURES = Path(__file__).resolve().parents[3] / "evals" / "fixtures"


@pytest.fixture(scope="module")
def rows() -> dict[str, ProbeRow]:
    return {row.probe.name: row for row in run_probes(load_fixtures(FIXTURES))}


def _failures(row: ProbeRow) -> list[str]:
    return [
        f"{o.fixture}: {o.score:.3f} (reference {o.reference}) {o.note}"
        for o in row.applied
        if not o.passed
    ]


@pytest.mark.parametrize("name", [p.name for p in PROBES])
def test_the_scorer_passes_the_probe_on_every_fixture(name: str, rows: dict[str, ProbeRow]) -> None:
    row = rows[name]
    assert row.passed is not False, _failures(row)


def test_every_probe_applies_to_some_bundled_fixture(rows: dict[str, ProbeRow]) -> None:
    assert [name for name, row in rows.items() if not row.applied] == []


def test_paraphrases_written_into_the_fixtures_are_probed(rows: dict[str, ProbeRow]) -> None:
    for name in ("key facts: paraphrased", "claims: paraphrased", "counter-claims: paraphrased"):
        assert len(rows[name].applied) >= 10, name


def test_a_probe_without_material_reports_n_a() -> None:
    fixture = load_fixtures(FIXTURES, only=["corrim-truce-talks"])
    probes = [p for p in PROBES if p.name in ("pro-/anti- flipped", "figure dates: off by a day")]
    rows = run_probes(fixture, probes=probes)
    assert [row.passed for row in rows] == [None, None]  # no pro-/anti- name, no figure
    table = probe_table(rows)
    assert table[1][-1] == "n/a" and table[1][4] == "0/1"


@pytest.mark.parametrize("constant", [1.0, 0.5])
def test_a_scorer_blind_to_meaning_fails_the_suite(constant: float) -> None:
    fixture = load_fixtures(FIXTURES, only=["aleppo-2016-12-14"])
    rows = run_probes(fixture, scorer=lambda brief, gold, article: constant)
    failed = {row.probe.name for row in rows if row.passed is False}
    assert "claim: negated" in failed and "false-friend actor" in failed
    if constant < 0.98:
        assert "name: acronym in brackets" in failed


def test_the_table_has_one_line_per_probe_with_its_requirement(rows: dict[str, ProbeRow]) -> None:
    table = probe_table(list(rows.values()))
    assert table[0][:4] == ["class", "probe", "kind", "requirement"]
    assert len(table) == len(PROBES) + 1
    by_name = {line[1]: line for line in table[1:]}
    assert by_name["claim: negated"][3] == "cost >= 0.010, < omission"
    assert by_name["name: acronym in brackets"][3] == ">= 0.98"
