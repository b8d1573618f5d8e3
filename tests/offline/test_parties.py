from __future__ import annotations

from summarizer.grounding import normalise_name
from summarizer.offline import offline_brief
from summarizer.schema import Brief, Party, PartyType, Side


def _by_name(brief: Brief) -> dict[str, Party]:
    return {normalise_name(n): p for p in brief.parties for n in p.names()}


def test_un_and_united_nations_are_one_party() -> None:
    text = (
        "The United Nations said on Tuesday aid was blocked. "
        "The UN said the road to the city was closed by the army."
    )
    brief = offline_brief(text)
    un = [p for p in brief.parties if p.type is PartyType.INTERGOVERNMENTAL]
    assert len(un) == 1
    assert un[0].name == "United Nations" and "UN" in un[0].aliases
    assert un[0].side is Side.NEUTRAL


def test_possessive_title_gives_a_representative_of_the_country() -> None:
    text = "Syrian rebels fought on. Russia's UN ambassador Vitaly Churkin denied the charges."
    russia = _by_name(offline_brief(text))["russia"]
    assert russia.type is PartyType.FOREIGN_STATE
    assert [(r.name, r.title) for r in russia.representatives] == [
        ("Vitaly Churkin", "UN ambassador")
    ]


def test_demonyms_identities_and_sides() -> None:
    text = (
        "Syrian rebels said pro-government Shiite militias blocked the road. "
        "Syrian government forces aided by Russia took the city."
    )
    parties = _by_name(offline_brief(text))
    assert parties["syrian rebels"].side is Side.OPPOSITION
    assert parties["shiite militias"].type is PartyType.MILITIA
    assert parties["shiite militias"].side is Side.GOVERNMENT
    government = parties["syrian government forces"]
    assert government.name == "Syrian government" and government.side is Side.GOVERNMENT
    assert parties["russia"].side is Side.GOVERNMENT  # "aided by Russia"


def test_seed_parties(aleppo: str) -> None:
    parties = _by_name(offline_brief(aleppo))
    expected = {
        "syrian rebels": (PartyType.NON_STATE_ARMED_GROUP, Side.OPPOSITION),
        "shiite militias": (PartyType.MILITIA, Side.GOVERNMENT),
        "syrian government": (PartyType.STATE, Side.GOVERNMENT),
        "russia": (PartyType.FOREIGN_STATE, Side.GOVERNMENT),
        "iran": (PartyType.FOREIGN_STATE, Side.GOVERNMENT),
        "united nations": (PartyType.INTERGOVERNMENTAL, Side.NEUTRAL),
        "us": (PartyType.FOREIGN_STATE, Side.OPPOSITION),
        "orient tv": (PartyType.MEDIA, Side.OPPOSITION),
        "bbc": (PartyType.MEDIA, Side.NEUTRAL),
        "civilians": (PartyType.CIVILIANS, Side.NEUTRAL),
    }
    for name, (typ, side) in expected.items():
        assert (parties[name].type, parties[name].side) == (typ, side), name
    assert parties["un"] is parties["united nations"]
    assert parties["government of bashar al assad"] is parties["syrian government"]
    reps = {r.name: r.title for r in parties["russia"].representatives}
    assert reps == {"Vitaly Churkin": "ambassador to the UN"}
    assert [r.name for r in parties["syrian government"].representatives] == ["Bashar al-Assad"]
