"""End to end on the seed article: grounding, determinism and the fields a reader sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizer.brief.grounding import grounding_problems
from summarizer.brief.schema import Brief, FigureCategory
from summarizer.errors import InputError
from summarizer.offline import OFFLINE_MODEL, OFFLINE_VERSION, offline_brief
from summarizer.offline.lexicon import lexicon


def test_seed_brief_is_fully_grounded(aleppo: str) -> None:
    brief = offline_brief(aleppo)
    assert grounding_problems(brief, aleppo) == []
    Brief.model_validate(brief.model_dump(), context={"source": aleppo})


def test_same_input_same_output(aleppo: str) -> None:
    assert offline_brief(aleppo).model_dump_json() == offline_brief(aleppo).model_dump_json()


def test_seed_situation(aleppo: str) -> None:
    situation = offline_brief(aleppo).situation
    assert situation.reporting_date == dt.date(2016, 12, 14)
    assert situation.locations == ["eastern Aleppo", "Aleppo", "Syria"]
    resolved = {(e.expression, e.date) for e in situation.event_dates}
    assert resolved == {
        ("on Wednesday", dt.date(2016, 12, 14)),
        ("on Tuesday", dt.date(2016, 12, 13)),
        ("until Thursday", dt.date(2016, 12, 15)),
    }
    assert situation.summary.startswith("Syrian rebels in Aleppo said on Wednesday")
    assert "REUTERS/" not in situation.summary  # the photo caption is not the lead
    assert 3 <= len(situation.key_facts) <= 8


def test_seed_figures(aleppo: str) -> None:
    figures = offline_brief(aleppo).humanitarian.figures
    got = [(f.category, f.count, f.qualifier, f.population, f.source, f.date) for f in figures]
    assert got == [
        (FigureCategory.KILLED, 82, "at least", "civilians", "United Nations",
         dt.date(2016, 12, 13)),
        (FigureCategory.MISSING, None, "many", "civilians", "United Nations",
         dt.date(2016, 12, 13)),
    ]  # fmt: skip


def test_public_constants_and_lexicon_cache() -> None:
    assert OFFLINE_MODEL == "offline-extractive"
    assert OFFLINE_VERSION.startswith("offline-")
    assert lexicon() is lexicon()


@pytest.mark.parametrize("text", ["", "   \n"])
def test_empty_text_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        offline_brief(text)


def test_article_without_actors_still_validates() -> None:
    text = "It rained all day in the valley. Nothing else happened there."
    brief = offline_brief(text)
    Brief.model_validate(brief.model_dump(), context={"source": text})
    assert brief.parties == [] and brief.humanitarian.figures == []


_FIXTURES = sorted(
    (Path(__file__).resolve().parents[2] / "evals" / "fixtures").glob("*/article.txt")
)


@pytest.mark.parametrize("path", _FIXTURES, ids=lambda p: p.parent.name)
def test_every_fixture_brief_is_grounded(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert grounding_problems(offline_brief(text), text) == []


# FICTIONAL text (invented town and group) with no date of its own.
_UNDATED = (
    "Fighters of the Vessel Brigade shelled the town of Orlek on Tuesday, residents said. "
    "Aid agencies said a convoy would try to reach the town until Friday."
)


def test_caller_reporting_date_resolves_weekdays_in_an_undated_text() -> None:
    dated = dt.date(2031, 3, 5)  # a Wednesday
    situation = offline_brief(_UNDATED, reporting_date=dated).situation
    assert situation.reporting_date == dated
    resolved = {(e.expression, e.date) for e in situation.event_dates}
    assert resolved == {("on Tuesday", dt.date(2031, 3, 4)), ("until Friday", dt.date(2031, 3, 7))}


def test_undated_text_without_caller_date_resolves_nothing() -> None:
    situation = offline_brief(_UNDATED).situation
    assert situation.reporting_date is None and situation.event_dates == []


def test_caller_reporting_date_wins_over_the_dateline() -> None:
    text = "ORLEK, Varland, March 3, 2031 - Shelling resumed on Tuesday, residents said."
    assert offline_brief(text).situation.reporting_date == dt.date(2031, 3, 3)
    situation = offline_brief(text, reporting_date=dt.date(2031, 3, 12)).situation
    assert situation.reporting_date == dt.date(2031, 3, 12)
    assert [e.date for e in situation.event_dates] == [dt.date(2031, 3, 11)]


def test_summarize_passes_the_reporting_date_to_the_offline_backend() -> None:
    from summarizer import summarize

    result = summarize(_UNDATED, backend="offline", reporting_date=dt.date(2031, 3, 5))
    assert result.brief.situation.reporting_date == dt.date(2031, 3, 5)
    assert {e.date for e in result.brief.situation.event_dates} == {
        dt.date(2031, 3, 4),
        dt.date(2031, 3, 7),
    }


def _prose_sentences(brief: Brief) -> list[str]:
    humanitarian = brief.humanitarian
    statements = humanitarian.evacuation + humanitarian.access + humanitarian.needs
    return (
        [brief.situation.summary]
        + [k.statement for k in brief.situation.key_facts]
        + [s.text for s in statements]
    )


@pytest.mark.parametrize("path", _FIXTURES, ids=lambda p: p.parent.name)
def test_no_sentence_is_repeated_across_the_prose_sections(path: Path) -> None:
    brief = offline_brief(path.read_text(encoding="utf-8"))
    sentences = _prose_sentences(brief)
    assert all(s not in brief.situation.summary for s in sentences[1:])
    assert len(set(sentences)) == len(sentences)


def test_the_seed_lead_is_printed_once(aleppo: str) -> None:
    lead = "pro-Assad Shiite militias are obstructing evacuation in the eastern parts of the city"
    assert sum(lead in s for s in _prose_sentences(offline_brief(aleppo))) == 1
