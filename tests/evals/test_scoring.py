"""Scorer self-tests: predictions are made by editing the oracle brief of a gold file, so these
check the scorer itself (exact deltas, ordering), not one hand-made pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.brief.schema import (
    Brief,
    DisputeStatus,
    Figure,
    FigureCategory,
    KeyFact,
    PartyType,
    Side,
    Situation,
)
from summarizer.evals.gold import GoldBrief, GoldFigure, GoldKeyFact, GoldParty, load_gold
from summarizer.evals.scoring import METRICS, OVERALL_WEIGHTS, DocumentScore, score_brief
from tests.evals.oracle import gold_to_brief

FIXTURES = Path(__file__).resolve().parents[2] / "evals" / "fixtures"
SEED = "aleppo-2016-12-14"
FIXTURE_IDS = sorted(
    p.name
    for p in FIXTURES.iterdir()
    if (p / "gold.yaml").is_file() and (p / "article.txt").is_file()
)


def fixture(fixture_id: str = SEED) -> tuple[GoldBrief, str]:
    directory = FIXTURES / fixture_id
    return load_gold(directory / "gold.yaml"), (directory / "article.txt").read_text("utf-8")


def perfect(fixture_id: str = SEED) -> tuple[Brief, GoldBrief, str]:
    gold, article = fixture(fixture_id)
    return gold_to_brief(gold, article), gold, article


def edited(brief: Brief, **changes: object) -> Brief:
    """A deep copy of ``brief`` with top-level fields replaced."""
    return brief.model_copy(deep=True, update=changes)


def with_figures(brief: Brief, figures: list[Figure]) -> Brief:
    humanitarian = brief.humanitarian.model_copy(update={"figures": figures})
    return edited(brief, humanitarian=humanitarian)


def assert_perfect(score: DocumentScore) -> None:
    for name in METRICS:
        expected = 1.0 if METRICS[name].higher_is_better else 0.0
        metric = score.metrics[name]
        assert metric.value == pytest.approx(expected), (name, metric.reasons)


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_prediction_equal_to_gold_scores_one_everywhere(fixture_id: str) -> None:
    brief, gold, article = perfect(fixture_id)
    assert_perfect(score_brief(brief, gold, article))


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_leaving_out_optional_items_costs_nothing(fixture_id: str) -> None:
    gold, article = fixture(fixture_id)
    assert_perfect(score_brief(gold_to_brief(gold, article, include_optional=False), gold, article))


def test_dropping_one_of_n_gold_parties_gives_recall_n_minus_one_over_n() -> None:
    brief, gold, article = perfect()
    n = sum(not p.optional for p in gold.parties)
    dropped = brief.parties[2]
    assert not next(p for p in gold.parties if p.name == dropped.name).optional
    score = score_brief(edited(brief, parties=brief.parties[:2] + brief.parties[3:]), gold, article)
    assert score.value("parties.recall") == pytest.approx((n - 1) / n)
    assert score.value("parties.precision") == 1.0
    assert score.metrics["parties.recall"].reasons == [f"gold party {dropped.name!r} was not found"]
    assert score.value("overall") < 1.0


def test_an_invented_figure_lowers_figures_precision_and_grounding() -> None:
    brief, gold, article = perfect()
    n = len(brief.humanitarian.figures)
    invented = Figure(
        category=FigureCategory.DISPLACED,
        count=987_654,
        population="civilians",
        source="United Nations",
        evidence=["The UN said 987,654 civilians had fled eastern Aleppo."],
    )
    score = score_brief(with_figures(brief, [*brief.humanitarian.figures, invented]), gold, article)
    assert score.value("figures.precision") == pytest.approx(n / (n + 1))
    assert score.value("figures.recall") == 1.0
    assert score.value("grounding.quotes") < 1.0
    assert score.value("grounding.numbers") < 1.0
    assert score.value("grounding.score") < 1.0
    assert score.value("grounding.hallucinated_numbers") == 1.0
    assert any("987654" in r for r in score.metrics["grounding.numbers"].reasons)
    assert any("not in the article" in r for r in score.metrics["grounding.quotes"].reasons)


def test_a_wrong_count_unmatches_the_figure_on_both_sides() -> None:
    brief, gold, article = perfect()
    figures = list(brief.humanitarian.figures)
    assert figures[0].count == 82
    figures[0] = figures[0].model_copy(update={"count": 83})
    score = score_brief(with_figures(brief, figures), gold, article)
    n_pred, n_gold = len(figures), sum(not f.optional for f in gold.figures)
    assert score.value("figures.precision") == pytest.approx((n_pred - 1) / n_pred)
    assert score.value("figures.recall") == pytest.approx((n_gold - 1) / n_gold)
    assert score.value("grounding.hallucinated_numbers") == 1.0  # 83 is not in the article


def test_attribute_errors_cost_accuracy_not_matching() -> None:
    brief, gold, article = perfect()
    parties = list(brief.parties)
    parties[0] = parties[0].model_copy(update={"type": PartyType.MILITIA, "side": Side.UNCLEAR})
    figures = list(brief.humanitarian.figures)
    figures[0] = figures[0].model_copy(update={"qualifier": "about", "source": "Russia"})
    disputes = list(brief.disputed_facts)
    disputes[1] = disputes[1].model_copy(
        update={"claimed_by": ["Iran"], "status": DisputeStatus.UNVERIFIED}
    )
    prediction = with_figures(edited(brief, parties=parties, disputed_facts=disputes), figures)
    score = score_brief(prediction, gold, article)
    assert score.value("parties.f1") == 1.0
    assert score.value("figures.f1") == 1.0
    assert score.value("disputes.f1") == 1.0
    n_parties, n_figures, n_disputes = len(parties), len(figures), len(disputes)
    assert score.value("parties.type_accuracy") == pytest.approx((n_parties - 1) / n_parties)
    assert score.value("parties.side_accuracy") == pytest.approx((n_parties - 1) / n_parties)
    assert score.value("figures.qualifier_accuracy") == pytest.approx((n_figures - 1) / n_figures)
    assert score.value("figures.source_accuracy") == pytest.approx((n_figures - 1) / n_figures)
    assert score.value("figures.population_accuracy") == 1.0
    assert score.value("disputes.claimed_by_accuracy") == pytest.approx(
        (n_disputes - 1) / n_disputes
    )
    assert score.value("disputes.status_accuracy") == pytest.approx((n_disputes - 1) / n_disputes)
    assert score.value("disputes.disputed_by_accuracy") == 1.0
    assert any("Iran" in r for r in score.metrics["disputes.claimed_by_accuracy"].reasons)


def graded_predictions() -> tuple[list[Brief], GoldBrief, str]:
    brief, gold, article = perfect()
    one_error = edited(brief, parties=brief.parties[1:])
    figures = list(brief.humanitarian.figures)
    figures[0] = figures[0].model_copy(update={"count": 83})
    disputes = list(brief.disputed_facts)
    disputes[0] = disputes[0].model_copy(update={"status": DisputeStatus.CONTESTED})
    several = with_figures(
        edited(
            brief,
            parties=brief.parties[3:],
            disputed_facts=disputes[:1],
            situation=brief.situation.model_copy(
                update={"key_facts": brief.situation.key_facts[:3]}
            ),
        ),
        figures,
    )
    empty = Brief(situation=Situation(summary="Fighting continued."))
    return [brief, one_error, several, empty], gold, article


def test_graded_predictions_are_scored_in_order() -> None:
    predictions, gold, article = graded_predictions()
    overall = [score_brief(p, gold, article).value("overall") for p in predictions]
    assert overall[0] == 1.0
    assert overall == sorted(overall, reverse=True)
    assert len(set(overall)) == len(overall), overall
    assert overall[-1] < 0.3


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_graded_order_holds_on_every_fixture(fixture_id: str) -> None:
    brief, gold, article = perfect(fixture_id)
    one_error = edited(brief, parties=brief.parties[1:])
    several = with_figures(edited(one_error, parties=[], disputed_facts=[]), [])
    empty = Brief(situation=Situation(summary="Fighting continued."))
    overall = [
        score_brief(p, gold, article).value("overall") for p in [brief, one_error, several, empty]
    ]
    assert overall == sorted(overall, reverse=True)
    assert overall[0] == 1.0 and overall[0] > overall[1]
    # Empty earns only the weight of fields whose gold is empty too (no figures, no dates).
    empty_fields = {
        "figures.score": not gold.figures,
        "event_dates.score": not gold.event_dates,
        "locations.f1": not gold.locations,
        "dates.reporting": gold.reporting_date is None,
    }
    free = sum(OVERALL_WEIGHTS[name] for name, empty in empty_fields.items() if empty)
    assert overall[-1] == pytest.approx(free)


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_an_empty_brief_earns_no_grounding(fixture_id: str) -> None:
    gold, article = fixture(fixture_id)
    score = score_brief(Brief(situation=Situation(summary="Fighting continued.")), gold, article)
    assert score.value("grounding.score") == 0.0
    assert "weighted by recall 0.00" in score.metrics["grounding.score"].reasons[-1]
    if gold.figures:
        assert score.value("overall") == 0.0


def test_grounding_is_earned_in_proportion_to_the_gold_content_reported() -> None:
    brief, gold, article = perfect()
    n = sum(not p.optional for p in gold.parties)
    score = score_brief(edited(brief, parties=brief.parties[1:]), gold, article)
    assert score.value("parties.recall") == pytest.approx((n - 1) / n)
    assert score.value("grounding.quotes") == score.value("grounding.numbers") == 1.0
    # Mean recall over parties, figures, disputes and key facts, the last three complete.
    assert score.value("grounding.score") == pytest.approx(((n - 1) / n + 3) / 4)


def test_aliases_and_initials_match_gold_names() -> None:
    brief, gold, article = perfect()
    renamed = []
    for party in brief.parties:
        new_name = {"United Nations": "UN", "US": "United States", "Russia": "Russian Federation"}
        renamed.append(party.model_copy(update={"name": new_name.get(party.name, party.name),
                                                "aliases": []}))  # fmt: skip
    score = score_brief(edited(brief, parties=renamed), gold, article)
    assert score.value("parties.f1") == 1.0


def test_a_representative_stands_for_their_party_in_disputes() -> None:
    brief, gold, article = perfect()
    disputes = list(brief.disputed_facts)
    assert disputes[1].disputed_by == ["Russia"]
    disputes[1] = disputes[1].model_copy(update={"disputed_by": ["Vitaly Churkin"]})
    score = score_brief(edited(brief, disputed_facts=disputes), gold, article)
    assert score.value("disputes.disputed_by_accuracy") == 1.0


def test_an_unknown_party_is_a_false_positive_with_a_reason() -> None:
    brief, gold, article = perfect()
    extra = brief.parties[0].model_copy(update={"name": "Hezbollah", "aliases": []})
    score = score_brief(edited(brief, parties=[*brief.parties, extra]), gold, article)
    n = len(brief.parties)
    assert score.value("parties.precision") == pytest.approx(n / (n + 1))
    assert score.value("parties.recall") == 1.0
    assert "'Hezbollah'" in score.metrics["parties.precision"].reasons[0]


def test_each_predicted_item_matches_at_most_one_gold_item() -> None:
    brief, gold, article = perfect()
    un = next(p for p in brief.parties if p.name == "United Nations")
    score = score_brief(edited(brief, parties=[un, un, un]), gold, article)
    # "United Nations" matches only its gold party: "UN Security Council" is another actor.
    assert score.value("parties.precision") == pytest.approx(1 / 3)
    reasons = score.metrics["parties.precision"].reasons
    assert len(reasons) == 2 and all("is a duplicate" in r for r in reasons)


def test_key_fact_coverage_counts_required_facts() -> None:
    brief, gold, article = perfect()
    required = [f for f in gold.key_facts if not f.optional]
    kept = [KeyFact(statement=required[0].fact, evidence=brief.situation.key_facts[0].evidence)]
    situation = brief.situation.model_copy(update={"key_facts": kept, "summary": "Aleppo."})
    score = score_brief(edited(brief, situation=situation), gold, article)
    assert score.value("key_facts.coverage") == pytest.approx(1 / len(required))
    assert len(score.metrics["key_facts.coverage"].reasons) == len(required) - 1


def test_numbers_in_dates_and_words_are_not_hallucinations() -> None:
    brief, gold, article = perfect()
    summary = "On 14 December 2016 (2016-12-14) one of the rebel groups said at least 82 died."
    situation = brief.situation.model_copy(update={"summary": summary})
    score = score_brief(edited(brief, situation=situation), gold, article)
    assert score.value("grounding.hallucinated_numbers") == 0.0
    situation = brief.situation.model_copy(update={"summary": "Some 4,500 people fled."})
    score = score_brief(edited(brief, situation=situation), gold, article)
    assert score.value("grounding.hallucinated_numbers") == 1.0
    assert "4500" in score.metrics["grounding.numbers"].reasons[0]


def test_empty_prediction_against_empty_gold_is_perfect() -> None:
    gold = GoldBrief(origin="fictional")
    article = "Nothing of note happened in the quiet town of Verrin on Monday."
    assert_perfect(
        score_brief(Brief(situation=Situation(summary="Nothing happened.")), gold, article)
    )


def test_optional_gold_items_are_never_false_positives_or_misses() -> None:
    gold = GoldBrief(
        origin="fictional",
        parties=[
            GoldParty(name="Verrin police", type=PartyType.STATE, side=Side.GOVERNMENT),
            GoldParty(name="Red Crescent", type=PartyType.NGO, side=Side.NEUTRAL, optional=True),
        ],
        figures=[
            GoldFigure(category=FigureCategory.INJURED, count=3, population="people", optional=True)
        ],
        key_facts=[GoldKeyFact(fact="Police closed the bridge.", optional=True)],
    )
    article = "Verrin police closed the bridge on Monday. The Red Crescent treated 3 people."
    with_optional = gold_to_brief(gold, article)
    without = gold_to_brief(gold, article, include_optional=False)
    assert len(with_optional.parties) == 2 and len(without.parties) == 1
    assert_perfect(score_brief(with_optional, gold, article))
    assert_perfect(score_brief(without, gold, article))


def test_a_failed_document_scores_zero_with_a_reason() -> None:
    _, gold, article = perfect()
    score = score_brief(None, gold, article)
    assert score.failed
    assert all(score.value(name) == 0.0 for name in METRICS)
    assert "failed" in score.metrics["overall"].reasons[0]


def test_an_invalid_prediction_fails_naming_the_field() -> None:
    brief, gold, article = perfect()
    data = brief.model_dump(mode="json")
    data["parties"][0]["side"] = "rebellious"
    score = score_brief(data, gold, article)
    assert score.failed and score.value("schema_valid") == 0.0
    assert "parties.0.side" in score.metrics["schema_valid"].reasons[0]


def test_overall_weights_sum_to_one() -> None:
    assert sum(OVERALL_WEIGHTS.values()) == pytest.approx(1.0)


def test_scoring_is_deterministic() -> None:
    predictions, gold, article = graded_predictions()
    first = [score_brief(p, gold, article).model_dump() for p in predictions]
    again = [score_brief(p, gold, article).model_dump() for p in predictions]
    assert first == again
