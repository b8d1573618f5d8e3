from __future__ import annotations

from summarizer.brief.schema import Figure, FigureCategory
from summarizer.offline import offline_brief


def _figures(text: str) -> list[Figure]:
    return offline_brief(text).humanitarian.figures


def test_number_with_qualifier_population_and_source() -> None:
    text = "The UN said there was evidence that at least 82 civilians were killed."
    [figure] = _figures(text)
    assert (figure.category, figure.count, figure.qualifier, figure.population) == (
        FigureCategory.KILLED, 82, "at least", "civilians",
    )  # fmt: skip
    assert figure.source == "United Nations"
    assert figure.evidence == [text]


def test_vague_quantity_has_null_count() -> None:
    text = "The UN said at least 82 civilians were killed while many have been missing."
    missing = [f for f in _figures(text) if f.category is FigureCategory.MISSING]
    assert [(f.count, f.qualifier, f.population) for f in missing] == [(None, "many", "civilians")]


def test_hundreds_of_thousands_displaced() -> None:
    [figure] = _figures("The fighting has left hundreds of thousands displaced across the north.")
    assert (figure.category, figure.count, figure.qualifier) == (
        FigureCategory.DISPLACED, None, "hundreds of thousands",
    )  # fmt: skip
    assert figure.source is None


def test_number_words_and_including_aside() -> None:
    text = "Twenty-three people, including nine children, have died in the camp, UNICEF said."
    got = {(f.category, f.count, f.population) for f in _figures(text)}
    assert got == {
        (FigureCategory.KILLED, 23, "people"),
        (FigureCategory.KILLED, 9, "children"),
    }


def test_dates_years_and_ages_are_not_figures() -> None:
    text = "On December 13, 2016, a 12-year-old boy was among those evacuated in 2016."
    assert all(f.count not in (13, 2016, 12) for f in _figures(text))


def test_range_counts_its_lower_bound_and_keeps_the_range_as_qualifier() -> None:
    # FICTIONAL sentences; the convention is the labelling guide's (evals/README.md).
    [figure] = _figures("Medics in Osk said between 15 and 20 villagers were injured by the blast.")
    assert (figure.category, figure.count, figure.qualifier, figure.population) == (
        FigureCategory.INJURED, 15, "between 15 and 20", "villagers",
    )  # fmt: skip
    [figure] = _figures("Officials said 3,000 to 4,500 people fled the valley after the floods.")
    assert (figure.count, figure.qualifier) == (3000, "3,000 to 4,500")


def test_negative_hedge_is_the_whole_qualifier() -> None:
    [figure] = _figures("The army said no more than four soldiers were killed in the ambush.")
    assert (figure.count, figure.qualifier) == (4, "no more than")
