from __future__ import annotations

from summarizer.brief.grounding import normalise_name
from summarizer.brief.schema import Brief, Party, PartyType, Side
from summarizer.offline import offline_brief


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
    }
    for name, (typ, side) in expected.items():
        assert (parties[name].type, parties[name].side) == (typ, side), name
    # The guide's party rule: outlets that only report the story and the civilian
    # population are not parties (the partisan Orient TV is).
    assert not {"bbc", "reuters", "civilians"} & parties.keys()
    assert parties["un"] is parties["united nations"]
    assert parties["government of bashar al assad"] is parties["syrian government"]
    reps = {r.name: r.title for r in parties["russia"].representatives}
    assert reps == {"Vitaly Churkin": "ambassador to the UN"}
    assert [r.name for r in parties["syrian government"].representatives] == ["Bashar al-Assad"]


# The texts below are FICTIONAL (invented countries, places and groups), written for these
# rules; none comes from the eval fixtures.


def test_dateline_country_unknown_to_the_lexicon_has_a_government() -> None:
    text = (
        "KORVIN, Estrania, May 2, 2030 - Floods cut the northern road on Monday. "
        "The Estrania government said relief convoys would leave the capital on Friday."
    )
    brief = offline_brief(text)
    government = _by_name(brief)["estrania government"]
    assert (government.type, government.side) == (PartyType.STATE, Side.GOVERNMENT)


def test_sentence_initial_the_is_not_part_of_a_name_and_short_names_merge() -> None:
    text = (
        "The Black Heron Brigades said they had taken the bridge at Osk. "
        "Residents said the Heron Brigades had looted the market before dawn."
    )
    brigades = [p for p in offline_brief(text).parties if "Brigades" in p.name]
    assert [(p.name, p.aliases) for p in brigades] == [("Black Heron Brigades", ["Heron Brigades"])]


def test_multi_word_unknown_name_before_an_actor_noun_is_kept_whole() -> None:
    text = "Residents of Osk said the Red Stone militia had looted the market on Monday."
    militia = _by_name(offline_brief(text))["red stone militia"]
    assert militia.type is PartyType.MILITIA


def test_named_army_without_a_known_side_is_on_the_government_side() -> None:
    text = "The Estrania Defence Forces said they had retaken the hill above Korvin."
    army = _by_name(offline_brief(text))["estrania defence forces"]
    assert (army.type, army.side) == (PartyType.STATE_ARMED_FORCES, Side.GOVERNMENT)


def test_relief_organisation_is_an_ngo() -> None:
    text = "The charity Green Valley Relief said it had fed 3,000 families in Korvin."
    relief = _by_name(offline_brief(text))["green valley relief"]
    assert (relief.type, relief.side) == (PartyType.NGO, Side.NEUTRAL)
    text = "The Korvin Civil Rescue Corps said its volunteers had pulled nine people out alive."
    rescuers = _by_name(offline_brief(text))["korvin civil rescue corps"]
    assert rescuers.type is PartyType.NGO


def test_outlets_that_only_report_and_populations_are_not_parties() -> None:
    # FICTIONAL: the labelling guide's rule on outlets and populations (evals/README.md).
    text = (
        "Shelling killed nine civilians in Orlek on Tuesday, the Valley Post reported. "
        "Residents said the Kestrel Front had fired from the hills. "
        "The pro-government Marrow Television said the shells came from the Kestrel Front. "
        "Hundreds of protesters marched to the governor's office in Orlek. "
        "Protesters set fire to a police post, the Estmark police said. "
        "Radio Lowen, the militia's station, said the police had fired first."
    )
    names = {normalise_name(n) for p in offline_brief(text).parties for n in p.names()}
    assert "valley post" not in names  # only reports the story
    assert "marrow television" in names  # partisan outlet with a claim of its own
    assert "radio lowen" in names  # an outlet the article ties to a party
    assert not {"civilians", "residents"} & names  # a population: a figure's population
    assert "protesters" in names  # an organised group that acts
    assert "kestrel front" in names
