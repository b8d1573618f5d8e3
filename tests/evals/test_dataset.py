"""Integrity of the hand-labelled eval fixtures in ``evals/fixtures/``.

These tests check the data, not a model: each gold brief loads, stays faithful to its article
(every count, name, qualifier and location is in the text), refers to its own parties
consistently, and the set as a whole covers the hard cases the labelling guidelines promise
(see ``evals/README.md``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from summarizer.brief.grounding import normalise, normalise_name
from summarizer.brief.numbers import numbers_in
from summarizer.brief.schema import DisputeStatus
from summarizer.evals.gold import GoldBrief, load_gold

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "evals" / "fixtures"
FIXTURE_IDS = sorted(p.name for p in FIXTURES_DIR.iterdir() if (p / "gold.yaml").is_file())

MIN_WORDS = 250
MAX_WORDS = 1_200
LONG_REPORT_WORDS = 1_000
# The seed is the project's own article and is used as published; it may be shorter than the
# floor (it is not: 352 words), but it is never padded to reach it.
SEED_ORIGIN = "seed"
MARKERS = {
    "fictional": "[Fictional article written for the summarizer eval set",
    "retold": "[Retold in our own words from the reported facts of",
}
CURLY_OR_DASH = "\u2018\u2019\u201c\u201d\u2013\u2014"


@cache
def gold(fixture_id: str) -> GoldBrief:
    return load_gold(FIXTURES_DIR / fixture_id / "gold.yaml")


@cache
def article(fixture_id: str) -> str:
    return (FIXTURES_DIR / fixture_id / "article.txt").read_text(encoding="utf-8")


def in_article(phrase: str, fixture_id: str) -> bool:
    """Case-insensitive containment after folding quotes, dashes and whitespace."""
    return normalise(phrase).lower() in normalise(article(fixture_id)).lower()


def party_names(brief: GoldBrief) -> dict[str, str]:
    """Every normalised party name and alias, mapped to the party's gold name."""
    names: dict[str, str] = {}
    for party in brief.parties:
        for name in (party.name, *party.aliases):
            names[normalise_name(name)] = party.name
    return names


def word_count(text: str) -> int:
    return len(text.split())


# --- one fixture at a time ---------------------------------------------------------------


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_gold_loads_and_article_exists(fixture_id: str) -> None:
    brief = gold(fixture_id)
    assert brief.origin == SEED_ORIGIN or brief.origin.split(":")[0] in MARKERS
    assert brief.reporting_date is not None, "every fixture has a dateline"
    assert article(fixture_id).strip()


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_article_length_is_within_bounds(fixture_id: str) -> None:
    words = word_count(article(fixture_id))
    assert words <= MAX_WORDS, f"{fixture_id}: {words} words"
    if gold(fixture_id).origin != SEED_ORIGIN:
        assert words >= MIN_WORDS, f"{fixture_id}: {words} words"


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_written_articles_declare_their_origin_on_the_first_line(fixture_id: str) -> None:
    origin = gold(fixture_id).origin
    if origin == SEED_ORIGIN:
        pytest.skip("the seed article is used as published")
    first_line = article(fixture_id).splitlines()[0]
    assert first_line.startswith(MARKERS[origin.split(":")[0]]), first_line


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_figure_count_is_written_in_the_article(fixture_id: str) -> None:
    numbers = numbers_in(article(fixture_id))
    missing = [f.count for f in gold(fixture_id).figures if f.count is not None]
    assert [c for c in missing if c not in numbers] == []


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_qualifier_is_verbatim(fixture_id: str) -> None:
    qualifiers = [f.qualifier for f in gold(fixture_id).figures if f.qualifier]
    assert [q for q in qualifiers if not in_article(q, fixture_id)] == []


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_party_representative_and_location_is_named_in_the_article(
    fixture_id: str,
) -> None:
    brief = gold(fixture_id)
    names = [p.name for p in brief.parties]
    names += [r for p in brief.parties for r in p.representatives]
    names += brief.locations
    assert [n for n in names if not in_article(n, fixture_id)] == []


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_no_name_or_alias_belongs_to_two_parties(fixture_id: str) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for party in gold(fixture_id).parties:
        for name in {normalise_name(n) for n in (party.name, *party.aliases)}:
            if name in seen:
                clashes.append((name, seen[name], party.name))
            seen[name] = party.name
    assert clashes == []


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_claimants_and_disputers_are_gold_parties(fixture_id: str) -> None:
    brief = gold(fixture_id)
    known = party_names(brief)
    refs = [n for d in brief.disputed_facts for n in (*d.claimed_by, *d.disputed_by)]
    assert [n for n in refs if normalise_name(n) not in known] == []


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_figure_sources_are_parties_or_named_in_the_article(fixture_id: str) -> None:
    brief = gold(fixture_id)
    known = party_names(brief)
    sources = [f.source for f in brief.figures if f.source is not None]
    unresolved = [
        s for s in sources if normalise_name(s) not in known and not in_article(s, fixture_id)
    ]
    assert unresolved == []


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_dates_are_near_the_dateline(fixture_id: str) -> None:
    brief = gold(fixture_id)
    assert brief.reporting_date is not None
    window = dt.timedelta(days=60)
    dates = [e.date for e in brief.event_dates] + [f.date for f in brief.figures if f.date]
    far = [d for d in dates if abs(d - brief.reporting_date) > window]
    assert far == []


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_fixture_has_required_parties_and_facts(fixture_id: str) -> None:
    brief = gold(fixture_id)
    assert any(not p.optional for p in brief.parties)
    assert any(not k.optional for k in brief.key_facts)


# --- the set as a whole ------------------------------------------------------------------


def test_the_set_has_at_least_eight_fixtures_and_one_seed() -> None:
    assert len(FIXTURE_IDS) >= 8
    assert [i for i in FIXTURE_IDS if gold(i).origin == SEED_ORIGIN] != []


def test_the_set_has_a_retracted_claim() -> None:
    statuses = {d.status for i in FIXTURE_IDS for d in gold(i).disputed_facts}
    assert DisputeStatus.RETRACTED in statuses


def test_the_set_has_a_fixture_without_figures() -> None:
    assert [i for i in FIXTURE_IDS if gold(i).figures == []] != []


def test_the_set_has_vague_and_ranged_figures() -> None:
    figures = [f for i in FIXTURE_IDS for f in gold(i).figures]
    assert [f for f in figures if f.count is None] != []
    assert [f for f in figures if f.qualifier and f.qualifier.lower().startswith("between")] != []


def test_the_set_has_a_count_written_only_in_words() -> None:
    def digits_absent(fixture_id: str, count: int) -> bool:
        return f"{count:,}" not in article(fixture_id) and str(count) not in article(fixture_id)

    in_words = [
        (i, f.count)
        for i in FIXTURE_IDS
        for f in gold(i).figures
        if f.count is not None and f.count > 10 and digits_absent(i, f.count)
    ]
    assert in_words != []


def test_the_set_has_a_counter_figure() -> None:
    def has_counter(brief: GoldBrief) -> bool:
        by_category: dict[str, set[str]] = {}
        for f in brief.figures:
            if f.count is not None and f.source:
                by_category.setdefault(f.category, set()).add(normalise_name(f.source))
        return any(len(sources) > 1 for sources in by_category.values())

    assert [i for i in FIXTURE_IDS if has_counter(gold(i))] != []


def test_the_set_has_typographic_quotes_or_dashes() -> None:
    assert [i for i in FIXTURE_IDS if any(c in article(i) for c in CURLY_OR_DASH)] != []


def test_the_set_has_a_long_report_with_headings() -> None:
    long_ones = [i for i in FIXTURE_IDS if word_count(article(i)) >= LONG_REPORT_WORDS]
    assert long_ones != []
    assert any("SITUATION OVERVIEW" in article(i) for i in long_ones)


def test_the_set_has_an_article_that_tries_to_instruct_the_model() -> None:
    planted = [i for i in FIXTURE_IDS if "ignore previous instructions" in article(i).lower()]
    assert planted != []
    assert all(gold(i).figures and gold(i).notes for i in planted)
