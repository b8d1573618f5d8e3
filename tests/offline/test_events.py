"""Event dates read as short, whole phrases. All texts here are FICTIONAL (invented places,
groups and people); none is taken from the eval fixtures."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.offline import offline_brief
from summarizer.offline.events import event_phrase

DATED = dt.date(2031, 3, 5)  # a Wednesday

# Words no event description may end on when the sentence went on.
_FUNCTION_WORDS = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "into",
    "and", "or", "but", "that", "which", "who", "is", "are", "was", "were", "would", "will",
    "its", "their", "his", "her", "as", "than", "whether",
}  # fmt: skip


def _events(text: str) -> dict[str | None, str]:
    brief = offline_brief(text, reporting_date=DATED)
    return {e.expression: e.event for e in brief.situation.event_dates}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A subordinate clause after the main one is dropped.
        (
            "Militia fighters burned three granaries in Osk on Tuesday when the harvest was in.",
            "Militia fighters burned three granaries in Osk",
        ),
        # The main clause ends at a comma that follows its verb.
        (
            "The Velmar brigade withdrew from the ridge on Monday, residents of Osk said.",
            "The Velmar brigade withdrew from the ridge",
        ),
        # An apposition before the verb is not a clause boundary.
        (
            "One nurse, Petra Lind, was wounded on Tuesday near the clinic in Osk.",
            "One nurse, Petra Lind, was wounded near the clinic in Osk",
        ),
        # A sentence-initial date leaves no stray "On" or comma behind.
        (
            "On Tuesday, the Velmar council voted to reopen the river crossing at Osk.",
            "The Velmar council voted to reopen the river crossing at Osk",
        ),
    ],
)
def test_event_is_the_main_clause_without_its_date(sentence: str, expected: str) -> None:
    [event] = _events(sentence).values()
    assert event == expected


def test_long_sentence_is_cut_where_a_phrase_ends() -> None:
    text = (
        "Relief workers from the Osk valley cooperative said on Tuesday that the convoy of "
        "grain trucks sent by the regional council of Velmar was stopped at the bridge over "
        "the river by armed men who demanded payment."
    )
    [event] = _events(text).values()
    assert event.split()[-1].lower() not in _FUNCTION_WORDS
    assert text.startswith(event.split(" that ")[0])  # the speaker is kept
    assert len(event.split()) <= 20


def test_no_event_ends_on_a_function_word() -> None:
    text = (
        "Heavy rain on Monday swept away the only road bridge linking the villages of the "
        "upper Osk valley to the market town of Velmar in the south of the province. "
        "Aid agencies said on Tuesday that they had been unable to reach the families "
        "stranded in the villages of the upper valley for the third day running. "
        "The provincial governor, Anna Castell, said yesterday that army engineers would "
        "start building a temporary crossing over the river by Friday at the latest."
    )
    events = _events(text)
    assert set(events) == {"on Monday", "on Tuesday", "yesterday", "by Friday"}
    for event in events.values():
        assert event.split()[-1].lower() not in _FUNCTION_WORDS, event
        assert event[0].isupper() and not event.endswith((",", ".", "-"))


def test_dateline_is_neither_an_event_nor_part_of_one() -> None:
    text = "OSK, Velmar, March 5, 2031 - Floodwater cut the main road on Monday, officials said."
    brief = offline_brief(text)
    assert brief.situation.reporting_date == DATED
    [event] = brief.situation.event_dates
    assert (event.expression, event.date) == ("on Monday", dt.date(2031, 3, 3))
    assert event.event == "Floodwater cut the main road"
    # Statements lose the dateline too; evidence keeps the whole sentence.
    assert brief.situation.summary.startswith("Floodwater cut the main road on Monday")


def test_a_dated_line_with_nothing_else_is_no_event() -> None:
    text = "Situation report\n\nAs of 5 March 2031\n\nFloodwater cut the road on Monday."
    assert [e.event for e in offline_brief(text).situation.event_dates] == [
        "Floodwater cut the road"
    ]


def test_two_word_event_is_kept() -> None:
    [event] = offline_brief("Talks resumed on Monday.", reporting_date=DATED).situation.event_dates
    assert (event.event, event.date) == ("Talks resumed", dt.date(2031, 3, 3))


def test_planned_event_for_a_weekday_is_ahead() -> None:
    events = offline_brief(
        "The Osk farmers' union has called a rally for Saturday outside the governor's office.",
        reporting_date=DATED,
    ).situation.event_dates
    assert [(e.expression, e.date) for e in events] == [("for Saturday", dt.date(2031, 3, 8))]


def test_capitalised_yesterday_resolves() -> None:
    [event] = offline_brief(
        "Yesterday the river crossing at Osk reopened to traffic.", reporting_date=DATED
    ).situation.event_dates
    assert (event.expression, event.date) == ("Yesterday", dt.date(2031, 3, 4))
    assert event.event == "The river crossing at Osk reopened to traffic"


def test_unclosed_quote_is_not_left_open() -> None:
    sentence = (
        "The mayor of Osk said on Tuesday that the town \u201cwill not be abandoned by its "
        "people or by anyone who has lived here through the long winter\u201d."
    )
    at = sentence.index("on Tuesday")
    phrase = event_phrase(sentence, [(at, at + len("on Tuesday"))])
    assert phrase.count("\u201c") == phrase.count("\u201d")
    assert phrase.startswith("The mayor of Osk said that the town")
