"""Reader notes of the offline backend: the language it reads and the lists it cut short.

Every text is FICTIONAL (invented places, groups and people), written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.offline import (
    ENGLISH_ONLY_NOTE,
    MAX_EVENTS,
    MAX_STATEMENTS,
    offline_brief,
    offline_brief_with_notes,
    offline_notes,
)
from summarizer.offline.notes import looks_english

_FRENCH = (
    "Des tirs d'artillerie ont frappé le marché d'Orlek mardi, tuant au moins douze civils, "
    "selon l'Observatoire de la vallée. L'armée a nié toute responsabilité et accusé les "
    "rebelles du Front Kestrel d'avoir stocké des munitions dans le quartier."
)
_SPANISH = (
    "Un ataque con drones alcanzó el mercado de Orlek el martes y mató al menos a doce "
    "civiles, según el Observatorio del Valle. El ejército negó cualquier responsabilidad y "
    "acusó a los rebeldes del Frente Kestrel de almacenar municiones en el barrio."
)
_ARABIC = (
    "قصفت المدفعية سوق أورليك يوم الثلاثاء مما أسفر عن مقتل اثني عشر مدنيا على الأقل، "
    "بحسب مرصد الوادي. ونفى الجيش أي مسؤولية واتهم المتمردين بتخزين الذخيرة في الحي."
)
_ENGLISH_WITH_NAMES = (
    "Kestrel Front commander Ilse Marden met Estmark envoy Oren Vask and Valley Watch "
    "director Petra Lund in Orlek on Tuesday. Marden said the Kestrel Front would open the "
    "Tolleth road to Valley Watch convoys, and Vask said Estmark would pay for fuel."
)


@pytest.mark.parametrize("text", [_FRENCH, _SPANISH, _ARABIC], ids=["fr", "es", "ar"])
def test_an_article_in_another_language_gets_the_english_only_note(text: str) -> None:
    assert not looks_english(text)
    assert offline_notes(text)[0] == ENGLISH_ONLY_NOTE


def test_english_full_of_names_gets_no_language_note() -> None:
    assert looks_english(_ENGLISH_WITH_NAMES)
    assert ENGLISH_ONLY_NOTE not in offline_notes(_ENGLISH_WITH_NAMES)


def test_an_ordinary_english_article_has_no_notes(aleppo: str) -> None:
    assert offline_notes("Shelling hit the market in Orlek on Tuesday, medics said.") == []
    assert ENGLISH_ONLY_NOTE not in offline_notes(aleppo)


def test_dated_events_are_capped_de_duplicated_and_the_rest_counted() -> None:
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    lines = [
        f"Shelling hit district {i + 1} of Orlek on {days[i % 7]}, killing {i + 2} people."
        for i in range(MAX_EVENTS + 8)
    ]
    lines.append(lines[0])  # the same sentence twice is one event
    text = "ORLEK, Estmark, March 5, 2031 - Fighting went on.\n\n" + "\n\n".join(lines)
    brief, notes = offline_brief_with_notes(text)
    events = brief.situation.event_dates
    assert len(events) == MAX_EVENTS
    assert len({(e.date, e.event) for e in events}) == MAX_EVENTS
    assert "8 more dated events not shown." in notes


def test_statements_are_capped_and_the_rest_counted() -> None:
    text = " ".join(
        f"Convoy {n} waited at the checkpoint outside Sarn Ford for a day." for n in range(20)
    )
    brief, notes = offline_brief_with_notes(text)
    assert len(brief.humanitarian.access) == MAX_STATEMENTS
    in_summary = brief.situation.summary.count("Convoy")
    left = 20 - in_summary - len(brief.situation.key_facts) - MAX_STATEMENTS
    assert left > 0
    assert f"{left} more access statements not shown." in notes


def test_offline_brief_and_notes_agree_with_the_combined_call() -> None:
    text = "Shelling hit Orlek on Tuesday, killing nine people, the Valley Watch said."
    brief, notes = offline_brief_with_notes(text, reporting_date=dt.date(2031, 3, 5))
    assert offline_brief(text, reporting_date=dt.date(2031, 3, 5)) == brief
    assert offline_notes(text, reporting_date=dt.date(2031, 3, 5)) == notes
    # The brief handed out is a copy: editing it changes nothing for the next caller.
    brief.situation.summary = "edited"
    assert offline_brief(text, reporting_date=dt.date(2031, 3, 5)).situation.summary != "edited"
