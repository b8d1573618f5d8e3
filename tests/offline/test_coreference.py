"""Definite descriptions ("the group", "the committee") as speakers and figure sources.

Every article and sentence below is FICTIONAL: the countries (Velmora, Quillon), towns,
groups, charities and broadcasters are invented for this test and describe no real event.
They were written before the coreference rules existed.
"""

from __future__ import annotations

from summarizer.brief.grounding import normalise_name
from summarizer.brief.schema import Brief, DisputedFact, Figure, FigureCategory
from summarizer.offline import offline_brief

# FICTIONAL ARTICLE 1 (invented country, town, armed group, charity and radio station).
VELMORA = """Grey Heron Brigades claim attack on Sorrel fuel depot

SORREL, Velmora, June 4, 2033 - The Grey Heron Brigades said on Tuesday that their fighters \
had destroyed a fuel depot outside the town of Sorrel. The group said 11 soldiers were \
killed in the attack.

The Velmoran army accused the Grey Heron Brigades of planting mines on the Sorrel road. The \
group denied the accusation, saying the mines had been left by army engineers in 2031.

The Ashgrove Relief Committee, a local charity, said about 3,000 people had fled Sorrel \
since Monday. The committee said at least 40 families were sleeping in the open near the \
river, and that the town's only clinic had closed.

Radio Tessaly reported that the depot was still burning on Wednesday. The station said five \
firefighters were injured while trying to contain the blaze. Officials in the capital gave \
no figure for the damage.
"""

# FICTIONAL ARTICLE 2 (invented country, valley, armed group, foundation and ministry).
QUILLON = """Red Marsh Front accuses Quillon army of shelling Ember valley

EMBERTON, Quillon, October 9, 2034 - The Red Marsh Front accused the Quillonian army of \
shelling three villages in the Ember valley overnight. The group said 23 civilians were \
killed, including eight children.

The Quillonian interior ministry rejected the accusation. The ministry said rebel fighters \
had fired mortars from the villages and that 6 police officers were wounded.

The Sable Coast Foundation, which runs two clinics in the valley, said it had treated more \
than 90 wounded people since Sunday. The charity said the road to Emberton had been closed \
for four days and that fuel was running out.

The Quillonian government said talks with the rebels would resume next month.
"""


def _figure(brief: Brief, category: FigureCategory, count: int | None) -> Figure:
    found = [f for f in brief.humanitarian.figures if f.category is category and f.count == count]
    assert found, f"no {category} figure of {count}: {brief.humanitarian.figures}"
    return found[0]


def _names_match(name: str | None, wanted: str) -> bool:
    return name is not None and normalise_name(wanted) in normalise_name(name)


def _dispute_by(brief: Brief, maker: str) -> DisputedFact:
    for d in brief.disputed_facts:
        if any(_names_match(n, maker) for n in d.claimed_by):
            return d
    raise AssertionError(f"no dispute claimed by {maker}: {brief.disputed_facts}")


def _validated(text: str) -> Brief:
    brief = offline_brief(text)
    Brief.model_validate(brief.model_dump(), context={"source": text})
    return brief


# -- the two articles -------------------------------------------------------------------------


def test_velmora_figures_take_their_source_from_the_description() -> None:
    brief = _validated(VELMORA)
    assert _names_match(_figure(brief, FigureCategory.KILLED, 11).source, "Grey Heron Brigades")
    assert _names_match(
        _figure(brief, FigureCategory.DISPLACED, 3000).source, "Ashgrove Relief Committee"
    )
    assert _names_match(_figure(brief, FigureCategory.INJURED, 5).source, "Radio Tessaly")


def test_velmora_the_group_denies_the_army_accusation() -> None:
    brief = _validated(VELMORA)
    dispute = _dispute_by(brief, "Velmoran army")
    assert any(_names_match(n, "Grey Heron Brigades") for n in dispute.disputed_by)


def test_velmora_description_adds_no_party() -> None:
    brief = _validated(VELMORA)
    names = {normalise_name(n) for p in brief.parties for n in p.names()}
    assert not names & {"group", "committee", "station"}


def test_quillon_figures_and_disputes() -> None:
    brief = _validated(QUILLON)
    assert _names_match(_figure(brief, FigureCategory.KILLED, 23).source, "Red Marsh Front")
    assert _names_match(_figure(brief, FigureCategory.INJURED, 90).source, "Sable Coast Foundation")
    wounded = _figure(brief, FigureCategory.INJURED, 6)
    assert wounded.source is not None and "government" in normalise_name(wounded.source)
    dispute = _dispute_by(brief, "Red Marsh Front")
    assert dispute.disputed_by


# -- single sentences -------------------------------------------------------------------------


def _source_of(text: str, count: int) -> str | None:
    brief = _validated(text)
    figures = [f for f in brief.humanitarian.figures if f.count == count]
    assert figures, brief.humanitarian.figures
    return figures[0].source


def test_the_group_resolves_to_the_named_group_before_it() -> None:
    text = (
        "The Tallow Ridge Front said on Monday it had taken the bridge at Osk. "
        "The group said 12 of its fighters were killed in the assault."
    )
    assert _names_match(_source_of(text, 12), "Tallow Ridge Front")


def test_no_antecedent_stays_unresolved() -> None:
    text = "The group said 12 people were killed in the village of Osk on Monday."
    assert _source_of(text, 12) is None


def test_a_party_of_another_kind_is_no_antecedent() -> None:
    # A radio station is not "the group".
    text = (
        "Radio Tessaly reported heavy fighting near the bridge at Osk on Monday. "
        "The group said 12 people were killed in the village."
    )
    assert _source_of(text, 12) is None


def test_an_antecedent_too_far_back_stays_unresolved() -> None:
    text = (
        "The Tallow Ridge Front said on Monday it had taken the bridge at Osk. "
        "Heavy rain fell across the valley for most of the week. "
        "The river rose above the old stone markers near the mill. "
        "Farmers moved their herds to the higher pastures. "
        "Schools in the valley stayed closed until Friday. "
        "The group said 12 people were killed in the village."
    )
    assert _source_of(text, 12) is None


def test_an_antecedent_two_paragraphs_back_stays_unresolved() -> None:
    text = (
        "The Tallow Ridge Front said on Monday it had taken the bridge at Osk.\n\n"
        "Heavy rain fell across the valley for most of the week.\n\n"
        "The group said 12 people were killed in the village."
    )
    assert _source_of(text, 12) is None


def test_a_unique_name_resolves_past_the_window() -> None:
    text = (
        "The Lindale Aid Committee said on Monday it had opened a kitchen at Osk.\n\n"
        "Heavy rain fell across the valley for most of the week.\n\n"
        "Farmers moved their herds to the higher pastures.\n\n"
        "Schools in the valley stayed closed until Friday.\n\n"
        "The committee said 30 families had fled the village."
    )
    assert _names_match(_source_of(text, 30), "Lindale Aid Committee")


def test_a_modifier_narrows_the_description() -> None:
    # "The relief group" is an aid body, not the armed group named just before it.
    text = (
        "The Tallow Ridge Front said on Monday it had taken the bridge at Osk. "
        "The relief group said 30 families had fled the village."
    )
    assert _source_of(text, 30) is None


def test_two_matching_parties_resolve_to_the_most_recent() -> None:
    text = (
        "The Tallow Ridge Front clashed with the Osk Free Brigades near the bridge on Monday. "
        "The Osk Free Brigades said the fighting had stopped by nightfall. "
        "The group said 9 people were killed."
    )
    assert _names_match(_source_of(text, 9), "Osk Free Brigades")


def test_the_committee_resolves_by_its_name() -> None:
    text = (
        "The Tallow Ridge Front and the Lindale Aid Committee both reported shelling on Monday. "
        "The committee said 30 families had fled the village of Osk."
    )
    assert _names_match(_source_of(text, 30), "Lindale Aid Committee")


def test_the_group_as_denier_contests_a_claim() -> None:
    text = (
        "The Velmoran army accused the Tallow Ridge Front of shelling the market at Osk. "
        "The group denied the accusation on Tuesday."
    )
    brief = _validated(text)
    dispute = _dispute_by(brief, "Velmoran army")
    assert any(_names_match(n, "Tallow Ridge Front") for n in dispute.disputed_by)


def test_the_group_as_claimant_makes_a_dispute() -> None:
    text = (
        "The Tallow Ridge Front said on Monday it had left the hills above Osk. "
        "The group accused the Velmoran army of shelling the market. "
        "The army denied the accusation."
    )
    brief = _validated(text)
    dispute = _dispute_by(brief, "Tallow Ridge Front")
    assert dispute.disputed_by


def test_resolution_is_deterministic() -> None:
    assert offline_brief(VELMORA) == offline_brief(VELMORA)
    assert offline_brief(QUILLON) == offline_brief(QUILLON)


def test_a_head_the_actor_rules_read_follows_a_nearby_name() -> None:
    text = (
        "The Osk Liberation Army said on Monday it had taken the bridge at Tallow. "
        "The army said 12 of its fighters were killed in the assault."
    )
    assert _names_match(_source_of(text, 12), "Osk Liberation Army")
