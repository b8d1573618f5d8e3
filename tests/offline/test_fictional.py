"""Hand-checks on text the rules were not tuned on.

Both articles below are FICTIONAL: the countries (Marovia, Soldonia), places, groups and people
are invented for this test and describe no real event. They were written before running the
backend on them; only general rules were fixed afterwards.
"""

from __future__ import annotations

from summarizer.brief.grounding import normalise_name
from summarizer.brief.schema import (
    Brief,
    DisputeStatus,
    Figure,
    FigureCategory,
    Party,
    PartyType,
    Side,
)
from summarizer.offline import offline_brief

# FICTIONAL ARTICLE 1 (invented country, city, rebel group and people).
MAROVIA = """Kestrel Front accused of shelling Dunmere market as thousands flee

DUNMERE, Marovia, March 3, 2031 - At least 14 civilians were killed and 37 wounded when \
shells struck a market in the northern city of Dunmere on Monday, the Marovian health \
ministry said.

The Marovian army accused the Kestrel Front, a rebel group that has fought the government \
since 2027, of firing on the market from the hills above the city. A spokesman for the \
Kestrel Front, Idris Vantor, denied the accusation, saying its fighters had withdrawn from \
the area last week.

The Norwegian Refugee Council said more than 12,000 people had fled Dunmere since the \
fighting began, and that hundreds of families were sleeping in schools. Aid convoys \
organised by the World Food Programme have been unable to reach the city since Saturday \
because the main road remains blocked.

The United Nations called for an independent investigation. "Markets are not military \
targets," said UN humanitarian coordinator Selma Oduya. The Marovian government said talks \
with the rebels would resume on Thursday in the town of Brask.
"""

# FICTIONAL ARTICLE 2 (invented country, camp, militia and people).
SOLDONIA = """Ferros militia blocking aid to Ostra camp, UNICEF says

Twenty-three people, including nine children, have died of hunger in the Ostra \
displacement camp since May, the UN children's agency UNICEF said on Tuesday.

Some 40,000 people displaced by fighting between the Soldonian army and the Ferros militia \
live in the camp, which has been besieged for six weeks. UNICEF said Ferros militiamen were \
blocking food trucks at the Ostra bridge.

Ferros commander Malik Durran rejected the claim, saying the trucks carried weapons for \
government troops. The Soldonian government accused the militia of using civilians as human \
shields.

Doctors Without Borders said its clinic had treated dozens of wounded since Friday and that \
many were still missing after an air strike on the eastern market. The Soldonian defence \
ministry said two soldiers were killed in a militia ambush near the bridge.
"""


def _party(brief: Brief, name: str) -> Party:
    wanted = normalise_name(name)
    for party in brief.parties:
        if any(wanted == normalise_name(n) or wanted in normalise_name(n) for n in party.names()):
            return party
    raise AssertionError(f"no party {name!r} in {[p.name for p in brief.parties]}")


def _figure(brief: Brief, category: FigureCategory, count: int | None) -> Figure:
    for figure in brief.humanitarian.figures:
        if figure.category is category and figure.count == count:
            return figure
    raise AssertionError(
        f"no {category} figure {count}: "
        f"{[(f.category.value, f.count) for f in brief.humanitarian.figures]}"
    )


def test_marovia_is_grounded() -> None:
    brief = offline_brief(MAROVIA)
    Brief.model_validate(brief.model_dump(), context={"source": MAROVIA})


def test_marovia_parties() -> None:
    brief = offline_brief(MAROVIA)
    front = _party(brief, "Kestrel Front")
    assert front.type is PartyType.NON_STATE_ARMED_GROUP
    assert front.side is Side.OPPOSITION
    assert "Idris Vantor" in [r.name for r in front.representatives]
    army = _party(brief, "Marovian government")
    assert army.side is Side.GOVERNMENT
    assert _party(brief, "Norwegian Refugee Council").type is PartyType.NGO
    un = _party(brief, "United Nations")
    assert un.type is PartyType.INTERGOVERNMENTAL
    assert "Selma Oduya" in [r.name for r in un.representatives]


def test_marovia_figures() -> None:
    brief = offline_brief(MAROVIA)
    killed = _figure(brief, FigureCategory.KILLED, 14)
    assert killed.qualifier is not None and killed.qualifier.lower() == "at least"
    assert killed.population == "civilians"
    assert (killed.source is not None and "ministry" in killed.source.lower()) or (
        killed.source == "Marovian government"
    )
    _figure(brief, FigureCategory.INJURED, 37)
    fled = _figure(brief, FigureCategory.DISPLACED, 12_000)
    assert fled.qualifier == "more than"
    assert fled.source == "Norwegian Refugee Council"


def test_marovia_dispute_is_contested() -> None:
    brief = offline_brief(MAROVIA)
    contested = [d for d in brief.disputed_facts if d.status is DisputeStatus.CONTESTED]
    assert contested, brief.disputed_facts
    fact = contested[0]
    assert normalise_name(fact.disputed_by[0]) == "kestrel front"
    assert "marovian" in normalise_name(fact.claimed_by[0])


def test_soldonia_is_grounded() -> None:
    brief = offline_brief(SOLDONIA)
    Brief.model_validate(brief.model_dump(), context={"source": SOLDONIA})


def test_soldonia_parties() -> None:
    brief = offline_brief(SOLDONIA)
    militia = _party(brief, "Ferros militia")
    assert militia.type is PartyType.MILITIA
    assert "Malik Durran" in [r.name for r in militia.representatives]
    assert _party(brief, "UNICEF").side is Side.NEUTRAL
    assert _party(brief, "Doctors Without Borders").type is PartyType.NGO
    assert _party(brief, "Soldonian government").side is Side.GOVERNMENT


def test_soldonia_figures() -> None:
    brief = offline_brief(SOLDONIA)
    died = _figure(brief, FigureCategory.KILLED, 23)
    assert died.source == "UNICEF"
    displaced = _figure(brief, FigureCategory.DISPLACED, 40_000)
    assert displaced.qualifier is not None and displaced.qualifier.lower() == "some"
    _figure(brief, FigureCategory.MISSING, None)
    soldiers = _figure(brief, FigureCategory.KILLED, 2)
    assert soldiers.population == "soldiers"


def test_soldonia_disputes() -> None:
    brief = offline_brief(SOLDONIA)
    by_status = {d.status: d for d in brief.disputed_facts}
    assert DisputeStatus.CONTESTED in by_status, brief.disputed_facts
    contested = by_status[DisputeStatus.CONTESTED]
    assert contested.claimed_by == ["UNICEF"]
    assert "ferros" in normalise_name(contested.disputed_by[0])
    assert DisputeStatus.UNVERIFIED in by_status
