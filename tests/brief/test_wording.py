from __future__ import annotations

import pytest

from summarizer.brief.schema import Figure, FigureCategory
from summarizer.brief.wording import figure_amount, figure_summary


def figure(count: int | None, qualifier: str | None) -> Figure:
    return Figure(
        category=FigureCategory.KILLED,
        count=count,
        qualifier=qualifier,
        population="civilians",
        evidence=["At least 82 civilians were killed."],
    )


@pytest.mark.parametrize(
    ("count", "qualifier", "amount"),
    [
        (82, "at least", "at least 82"),
        (82, None, "82"),
        (None, "many", "many"),
        (60, "between 60 and 70", "between 60 and 70"),
        (None, None, ""),
    ],
)
def test_a_figure_reads_as_its_qualifier_and_count_once(
    count: int | None, qualifier: str | None, amount: str
) -> None:
    assert figure_amount(figure(count, qualifier)) == amount


def test_thousands_separators_are_optional() -> None:
    assert figure_amount(figure(12000, "about"), thousands=True) == "about 12,000"
    assert figure_amount(figure(12000, "about")) == "about 12000"


def test_the_summary_names_category_and_source() -> None:
    assert figure_summary(figure(None, None), "killed", None) == (
        "killed: unspecified civilians (source: unattributed)"
    )
