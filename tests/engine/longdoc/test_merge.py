"""The merge rules for the partial briefs of a long document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from summarizer.brief.schema import (
    Brief,
    DisputedFact,
    DisputeStatus,
    Figure,
    FigureCategory,
    Party,
    PartyType,
    Representative,
    Side,
)
from summarizer.engine.longdoc.merge import (
    merge_briefs,
    merge_disputes,
    merge_figures,
    merge_parties,
)

Q = "quoted evidence number {}"


def party(name: str, *aliases: str, **kw: Any) -> Party:
    fields: dict[str, Any] = {
        "type": PartyType.OTHER,
        "side": Side.UNCLEAR,
        "role": f"{name} role",
        "evidence": [Q.format(name)],
    }
    return Party(name=name, aliases=list(aliases), **(fields | kw))


def figure(count: int | None, **kw: Any) -> Figure:
    fields: dict[str, Any] = {
        "category": FigureCategory.KILLED,
        "population": "civilians",
        "source": "United Nations",
        "evidence": [Q.format(count)],
    }
    return Figure(count=count, **(fields | kw))


def dispute(claim: str, status: DisputeStatus, by: list[str], against: list[str]) -> DisputedFact:
    return DisputedFact(
        claim=claim, claimed_by=by, disputed_by=against, status=status, evidence=[Q.format(claim)]
    )


def test_parties_with_a_shared_alias_become_one() -> None:
    merged = merge_parties(
        [
            party("United Nations", "UN", type=PartyType.INTERGOVERNMENTAL),
            party("Syrian rebels", "rebels", side=Side.OPPOSITION),
            party("the UN", side=Side.NEUTRAL, representatives=[Representative(name="Guterres")]),
            party("U.N.", "UN", representatives=[Representative(name="Guterres", title="chief")]),
        ]
    )
    assert [p.name for p in merged] == ["United Nations", "Syrian rebels"]
    un = merged[0]
    assert un.aliases == ["UN", "U.N."]  # "the UN" folds to "UN"; first spelling kept
    assert un.type is PartyType.INTERGOVERNMENTAL
    assert un.side is Side.NEUTRAL  # the first specific side wins over "unclear"
    assert un.representatives == [Representative(name="Guterres", title="chief")]
    assert un.evidence == [Q.format("United Nations"), Q.format("the UN"), Q.format("U.N.")]


def test_alias_matching_is_transitive() -> None:
    merged = merge_parties([party("A group", "AG"), party("Alpha", "B side"), party("AG", "Alpha")])
    assert len(merged) == 1
    assert merged[0].name == "A group"
    assert set(merged[0].aliases) == {"AG", "Alpha", "B side"}


def test_figures_keep_the_most_specific_duplicate() -> None:
    vague = figure(None, qualifier="many")
    plain = figure(82)
    hedged = figure(82, qualifier="at least", date=dt.date(2016, 12, 13))
    assert merge_figures([vague, plain, hedged]) == [hedged]
    assert merge_figures([hedged, vague]) == [hedged]


def test_figures_differing_in_category_population_or_source_are_kept() -> None:
    base = figure(82)
    others = [
        figure(82, category=FigureCategory.INJURED),
        figure(82, population="children"),
        figure(82, source="Syrian Observatory"),
    ]
    assert merge_figures([base, *others]) == [base, *others]


def test_different_counts_for_the_same_key_are_two_figures() -> None:
    assert merge_figures([figure(82), figure(120)]) == [figure(82), figure(120)]


def test_a_source_alias_counts_as_the_same_source() -> None:
    parties = [party("United Nations", "UN")]
    short, full = figure(82, source="UN"), figure(82, source="United Nations", qualifier="at least")
    assert merge_figures([short, full], parties) == [full]
    assert len(merge_figures([short, full])) == 2  # without the party list they differ


def test_similar_claims_merge_and_the_strongest_status_wins() -> None:
    parties = [party("Syrian rebels", "rebels"), party("Russia", "Moscow")]
    merged = merge_disputes(
        [
            dispute("Shiite militias are blocking the evacuation", DisputeStatus.UNVERIFIED,
                    ["rebels"], []),
            dispute("Russia denies civilians are being harmed", DisputeStatus.CONTESTED,
                    ["Moscow"], ["Syrian rebels"]),
            dispute("Shiite militias are blocking the evacuation of Aleppo",
                    DisputeStatus.CONTESTED, ["Syrian rebels"], ["Russia"]),
        ],
        parties,
    )  # fmt: skip
    assert len(merged) == 2
    militias = merged[0]
    assert militias.status is DisputeStatus.CONTESTED
    assert militias.claimed_by == ["Syrian rebels"]  # "rebels" mapped to the party's name
    assert militias.disputed_by == ["Russia"]
    assert len(militias.evidence) == 2
    assert merged[1].claimed_by == ["Russia"]


def test_dissimilar_claims_stay_apart() -> None:
    merged = merge_disputes(
        [
            dispute("Militias block the evacuation", DisputeStatus.UNVERIFIED, ["A"], []),
            dispute("Hospitals were bombed overnight", DisputeStatus.UNVERIFIED, ["A"], []),
        ]
    )
    assert len(merged) == 2


def brief(n: int, *, summary: str, locations: list[str], parties: list[Party]) -> Brief:
    return Brief.model_validate(
        {
            "situation": {
                "summary": summary,
                "locations": locations,
                "reporting_date": "2016-12-14" if n == 2 else None,
                "key_facts": [{"statement": "Buses arrived in eastern Aleppo.",
                               "evidence": [Q.format("buses")]}],
            },
            "parties": [p.model_dump() for p in parties],
            "humanitarian": {"figures": [figure(82).model_dump()]},
        }
    )  # fmt: skip


def test_merge_briefs_unites_every_section_in_document_order() -> None:
    one = brief(1, summary="Part one.", locations=["Aleppo"], parties=[party("UN")])
    two = brief(2, summary="Part two.", locations=["Aleppo", "Syria"],
                parties=[party("United Nations", "UN"), party("Russia")])  # fmt: skip
    merged = merge_briefs([one, two])
    assert merged.situation.summary == "Part one. Part two."
    assert merged.situation.locations == ["Aleppo", "Syria"]
    assert merged.situation.reporting_date == dt.date(2016, 12, 14)
    assert len(merged.situation.key_facts) == 1
    assert [p.name for p in merged.parties] == ["UN", "Russia"]
    assert merged.parties[0].aliases == ["United Nations"]
    assert len(merged.humanitarian.figures) == 1


def test_a_mutual_accusation_stays_two_disputes() -> None:
    parties = [party("Syrian rebels", "rebels"), party("Shiite militias", "militias")]
    merged = merge_disputes(
        [
            dispute("Rebels accused militias of blocking the road", DisputeStatus.CONTESTED,
                    ["rebels"], ["militias"]),
            dispute("Militias accused rebels of blocking the road", DisputeStatus.CONTESTED,
                    ["militias"], ["rebels"]),
        ],
        parties,
    )  # fmt: skip
    assert [d.claimed_by for d in merged] == [["Syrian rebels"], ["Shiite militias"]]
    assert [d.disputed_by for d in merged] == [["Shiite militias"], ["Syrian rebels"]]


def test_swapped_roles_are_not_similar_even_from_the_same_claimant() -> None:
    merged = merge_disputes(
        [
            dispute("Rebels attacked militias near the road", DisputeStatus.UNVERIFIED, ["A"], []),
            dispute("Militias attacked rebels near the road", DisputeStatus.UNVERIFIED, ["A"], []),
        ]
    )
    assert len(merged) == 2


def test_key_facts_with_different_numbers_are_both_kept() -> None:
    def with_facts(*statements: str) -> Brief:
        facts = [{"statement": s, "evidence": [Q.format(s)]} for s in statements]
        return Brief.model_validate(
            {"situation": {"summary": "s", "key_facts": facts}, "parties": [], "humanitarian": {}}
        )

    merged = merge_briefs(
        [
            with_facts("At least 82 civilians were killed in Aleppo"),
            with_facts("At least 28 civilians were killed in Aleppo",
                       "At least 82 civilians were killed in Aleppo."),
        ]
    )  # fmt: skip
    statements = [f.statement for f in merged.situation.key_facts]
    assert statements == [
        "At least 82 civilians were killed in Aleppo",
        "At least 28 civilians were killed in Aleppo",
    ]  # the rising toll kept; the exact repeat dropped
