from __future__ import annotations

import datetime as dt

import pytest

from summarizer.offline.dates import relative_dates, reporting_date
from summarizer.offline.text import split_sentences

DATED = dt.date(2016, 12, 14)  # a Wednesday


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Rebels said on Wednesday the road was closed.", dt.date(2016, 12, 14)),
        ("Russia announced the deal on Tuesday.", dt.date(2016, 12, 13)),
        ("The evacuation may be delayed until Thursday.", dt.date(2016, 12, 15)),
        ("Talks will resume on Monday.", dt.date(2016, 12, 19)),
        ("The convoy left last Wednesday.", dt.date(2016, 12, 7)),
        ("Shelling resumed yesterday.", dt.date(2016, 12, 13)),
    ],
)
def test_weekdays_resolve_against_the_reporting_date(sentence: str, expected: dt.date) -> None:
    [s] = split_sentences(sentence)
    [mention] = relative_dates(s, DATED)
    assert mention.date == expected


def test_dateline_gives_the_reporting_date() -> None:
    text = "GENEVA, Switzerland, March 3, 2031 - Talks opened on Monday. More followed."
    assert reporting_date(split_sentences(text)) == dt.date(2031, 3, 3)


def test_caption_date_and_lead_weekday_infer_the_reporting_date(aleppo: str) -> None:
    # The caption is dated Tuesday 13 December; the lead says "on Wednesday".
    assert reporting_date(split_sentences(aleppo)) == DATED


def test_no_date_stated_means_none() -> None:
    assert reporting_date(split_sentences("Rebels said on Wednesday they left.")) is None
