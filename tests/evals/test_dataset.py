"""Integrity of the hand-labelled eval fixtures in ``evals/fixtures/``.

These tests check the data, not a model: each gold brief loads, stays faithful to its article
(every count, name, qualifier and location is in the text), refers to its own parties
consistently, its paraphrases for the scorer's probe suite say the same thing in other words
(same numbers, same actors, same polarity, no copies), and the set as a whole covers the hard
cases the labelling guidelines promise (see ``evals/README.md``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

import pytest

from summarizer.brief.grounding import normalise, normalise_name
from summarizer.brief.numbers import find_numbers, numbers_in
from summarizer.brief.schema import DisputeStatus
from summarizer.evals.gold import GoldBrief, GoldDispute, GoldKeyFact, load_gold

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "evals" / "fixtures"
FIXTURE_IDS = sorted(p.name for p in FIXTURES_DIR.iterdir() if (p / "gold.yaml").is_file())

# Word bands (evals/README.md, "Origin and article text"): short wire items, articles, long
# reports. Nothing falls between bands, so each fixture is clearly one kind.
SHORT_WIRE_MAX = 150  # exclusive
MIN_WORDS = 250
MAX_WORDS = 1_200
LONG_REPORT_MIN = 3_000
LONG_REPORT_MAX = 5_000
LONG_REPORT_WORDS = 1_000
# The seed is the project's own article and is used as published; it may be shorter than the
# floor (it is not: 352 words), but it is never padded to reach it.
SEED_ORIGIN = "seed"
# Words that carry a denial or a negation; a paraphrase of a negative statement keeps one.
# fmt: off
NEGATION_CUES = frozenset({
    "not", "no", "never", "nobody", "none", "nothing", "neither", "nor", "without", "cannot",
    "unable", "unknown", "unconfirmed", "deny", "denies", "denied", "denying", "rejects",
    "rejected", "rejecting", "dismissed", "refused",
})
# fmt: on
# Hedges built on "no" are qualifiers, not negations ("no more than nine" people died).
HEDGES = re.compile(r"\bno (?:more|fewer|less) than\b")
# A paraphrase whose words follow the gold wording this closely is a copy, not a paraphrase.
MAX_COPY_RATIO = 0.75
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


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", normalise(text).lower().replace("n't", " not"))


def negation_cues(text: str) -> set[str]:
    return NEGATION_CUES & set(words(HEDGES.sub(" ", normalise(text).lower())))


def numbers_stated(text: str) -> set[int]:
    """The numbers in ``text``, dates included, but not a prose "one" ("no one", "the last one")."""
    return {m.value for m in find_numbers(text) if not (m.value == 1 and not m.text[:1].isdigit())}


def parties_named(text: str, brief: GoldBrief) -> set[str]:
    """Gold parties that ``text`` names by a name, an alias or a representative."""
    padded = f" {normalise_name(text)} "
    return {
        party.name
        for party in brief.parties
        for name in (party.name, *party.aliases, *party.representatives)
        if f" {normalise_name(name)} " in padded
    }


def paraphrased(brief: GoldBrief) -> Iterator[tuple[str, list[str]]]:
    """Each gold text with its paraphrases: key facts, claims and counter-claims."""
    for fact in brief.key_facts:
        yield fact.fact, fact.paraphrases
    for dispute in brief.disputed_facts:
        yield dispute.claim, dispute.claim_paraphrases
        if dispute.counter_claim is not None:
            yield dispute.counter_claim, dispute.counter_claim_paraphrases


def all_paraphrases(brief: GoldBrief) -> list[str]:
    return [p for _, ps in paraphrased(brief) for p in ps] + brief.summary_paraphrases


def required_facts(brief: GoldBrief) -> list[GoldKeyFact]:
    return [f for f in brief.key_facts if not f.optional]


def required_disputes(brief: GoldBrief) -> list[GoldDispute]:
    return [d for d in brief.disputed_facts if not d.optional]


# --- one fixture at a time ---------------------------------------------------------------


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_gold_loads_and_article_exists(fixture_id: str) -> None:
    brief = gold(fixture_id)
    assert brief.origin == SEED_ORIGIN or brief.origin.split(":")[0] in MARKERS
    assert brief.reporting_date is not None, "every fixture has a dateline"
    assert article(fixture_id).strip()


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_article_length_is_within_one_band(fixture_id: str) -> None:
    count = word_count(article(fixture_id))
    floor = 0 if gold(fixture_id).origin == SEED_ORIGIN else MIN_WORDS
    bands = {
        "short wire item": count < SHORT_WIRE_MAX,
        "article": floor <= count <= MAX_WORDS,
        "long report": LONG_REPORT_MIN <= count <= LONG_REPORT_MAX,
    }
    assert any(bands.values()), f"{fixture_id}: {count} words fits no band"


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


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_status_alternatives_are_other_statuses(fixture_id: str) -> None:
    for dispute in gold(fixture_id).disputed_facts:
        alternatives = dispute.status_alternatives
        assert dispute.status not in alternatives, dispute.claim
        assert len(set(alternatives)) == len(alternatives), dispute.claim


# --- paraphrases for the scorer's probe suite ----------------------------------------------


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_required_key_fact_has_one_or_two_paraphrases(fixture_id: str) -> None:
    counts = {f.fact: len(f.paraphrases) for f in required_facts(gold(fixture_id))}
    assert {fact: n for fact, n in counts.items() if not 1 <= n <= 2} == {}


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_required_dispute_has_claim_and_counter_claim_paraphrases(fixture_id: str) -> None:
    for dispute in required_disputes(gold(fixture_id)):
        assert 1 <= len(dispute.claim_paraphrases) <= 2, dispute.claim
        wanted = (1, 2) if dispute.counter_claim is not None else (0,)
        assert len(dispute.counter_claim_paraphrases) in wanted, dispute.claim


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_fixture_has_two_summary_paraphrases(fixture_id: str) -> None:
    summaries = gold(fixture_id).summary_paraphrases
    assert len(summaries) == 2
    sentence_ends = [len(re.findall(r"[.!?](?:\s|$)", summary)) for summary in summaries]
    assert all(1 <= n <= 3 for n in sentence_ends), sentence_ends


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_paraphrases_keep_the_numbers_of_their_gold_item(fixture_id: str) -> None:
    changed = [
        (text, paraphrase)
        for text, paraphrases in paraphrased(gold(fixture_id))
        for paraphrase in paraphrases
        if numbers_stated(paraphrase) != numbers_stated(text)
    ]
    assert changed == []


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_paraphrases_state_no_number_the_article_does_not(fixture_id: str) -> None:
    in_article = numbers_in(article(fixture_id))
    invented = [
        (paraphrase, sorted(numbers_stated(paraphrase) - in_article))
        for paraphrase in all_paraphrases(gold(fixture_id))
        if not numbers_stated(paraphrase) <= in_article
    ]
    assert invented == []


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_paraphrases_name_every_party_their_gold_item_names(fixture_id: str) -> None:
    brief = gold(fixture_id)
    dropped = [
        (paraphrase, sorted(parties_named(text, brief) - parties_named(paraphrase, brief)))
        for text, paraphrases in paraphrased(brief)
        for paraphrase in paraphrases
        if not parties_named(text, brief) <= parties_named(paraphrase, brief)
    ]
    assert dropped == []


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_paraphrases_of_negative_statements_stay_negative(fixture_id: str) -> None:
    flipped = [
        (text, paraphrase)
        for text, paraphrases in paraphrased(gold(fixture_id))
        if negation_cues(text)
        for paraphrase in paraphrases
        if not negation_cues(paraphrase)
    ]
    assert flipped == []


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_paraphrases_are_not_copies_of_the_gold_wording(fixture_id: str) -> None:
    copies = [
        (text, paraphrase, round(ratio, 2))
        for text, paraphrases in paraphrased(gold(fixture_id))
        for paraphrase in paraphrases
        if (ratio := SequenceMatcher(None, words(text), words(paraphrase)).ratio()) > MAX_COPY_RATIO
    ]
    assert copies == []
    every = all_paraphrases(gold(fixture_id))
    assert len({normalise(p).lower() for p in every}) == len(every), "duplicate paraphrase"


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


def test_the_set_has_a_short_wire_item_and_a_long_report() -> None:
    counts = {i: word_count(article(i)) for i in FIXTURE_IDS}
    assert [i for i, n in counts.items() if n < SHORT_WIRE_MAX] != []
    assert [i for i, n in counts.items() if n >= LONG_REPORT_MIN] != []


def test_the_set_has_two_sourced_tolls_for_the_same_deaths_and_their_dispute() -> None:
    def two_tolls(brief: GoldBrief) -> bool:
        tolls = [
            f
            for f in brief.figures
            if f.category == "killed" and f.count is not None and f.source and not f.optional
        ]
        known = party_names(brief)
        for a in tolls:
            for b in tolls:
                sources = {known.get(normalise_name(s or ""), s) for s in (a.source, b.source)}
                if a.count != b.count and a.population == b.population and len(sources) == 2:
                    disputes = [
                        {known[normalise_name(n)] for n in (*d.claimed_by, *d.disputed_by)}
                        for d in brief.disputed_facts
                    ]
                    return any(sources <= parties for parties in disputes)
        return False

    assert [i for i in FIXTURE_IDS if two_tolls(gold(i))] != []


def test_the_set_has_parties_named_only_by_acronym_after_first_mention() -> None:
    def acronym_only(fixture_id: str) -> int:
        text = normalise(article(fixture_id))
        count = 0
        for party in gold(fixture_id).parties:
            acronyms = [a for a in party.aliases if a.isupper() and len(a) >= 3]
            if any(
                text.count(party.name) == 1 and len(re.findall(rf"\b{a}\b", text)) >= 2
                for a in acronyms
            ):
                count += 1
        return count

    assert [i for i in FIXTURE_IDS if acronym_only(i) >= 5] != []
