"""Field by field: what misinforms costs more than what is left out, every field is scored,
optional items never count against, and the alignment is there as data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizer.brief.schema import Brief, DisputeStatus, KeyFact, Side, Situation
from summarizer.evals.gold import GoldBrief, load_gold
from summarizer.evals.probes.edits import (
    replace_parties,
    with_disputes,
    with_figures,
    with_key_facts,
)
from summarizer.evals.scoring import MISINFORMATION_SCALE, OVERALL_WEIGHTS, score_brief
from tests.evals.oracle import gold_to_brief

FIXTURES = Path(__file__).resolve().parents[3] / "evals" / "fixtures"


def perfect(fixture_id: str = "aleppo-2016-12-14") -> tuple[Brief, GoldBrief, str]:
    directory = FIXTURES / fixture_id
    gold = load_gold(directory / "gold.yaml")
    article = (directory / "article.txt").read_text("utf-8")
    return gold_to_brief(gold, article), gold, article


def overall(brief: Brief, gold: GoldBrief, article: str) -> float:
    return score_brief(brief, gold, article).value("overall")


def test_a_party_on_the_other_side_costs_more_than_leaving_it_out() -> None:
    brief, gold, article = perfect()
    index = next(i for i, p in enumerate(gold.parties) if p.name == "Iran")
    parties = list(brief.parties)
    parties[index] = parties[index].model_copy(update={"side": Side.OPPOSITION})
    flipped = score_brief(replace_parties(brief, parties), gold, article)
    dropped = replace_parties(brief, [p for i, p in enumerate(parties) if i != index])
    assert flipped.value("parties.f1") == 1.0  # found ...
    assert flipped.value("parties.score") < 1.0  # ... but wrong
    assert flipped.value("misinformation.items") == 1.0
    assert "(the other side)" in flipped.metrics["misinformation.items"].reasons[0]
    assert flipped.value("overall") < overall(dropped, gold, article)


def test_each_misinforming_item_costs_a_share_of_the_misinformation_weight() -> None:
    brief, gold, article = perfect()
    disputes = [
        d.model_copy(update={"status": DisputeStatus.CONFIRMED}) if not g.optional else d
        for d, g in zip(brief.disputed_facts, gold.disputed_facts, strict=True)
    ]
    score = score_brief(with_disputes(brief, disputes), gold, article)
    wrong = sum(not g.optional for g in gold.disputed_facts)
    assert score.value("misinformation.items") == wrong
    # The optional disputes were left as they were: right, so they count.
    assert score.value("disputes.status_accuracy") == pytest.approx(1 - wrong / len(disputes))
    # Misinforming disputes are no recalled content (recall 0 of 4 fields' mean), and each
    # misinforming item costs 1 / MISINFORMATION_SCALE of the rest.
    expected = (3 / 4) * (1 - wrong / MISINFORMATION_SCALE)
    assert score.value("misinformation.score") == pytest.approx(expected)


def test_a_minor_attribute_error_costs_part_of_the_item_only() -> None:
    brief, gold, article = perfect()
    figures = list(brief.humanitarian.figures)
    figures[0] = figures[0].model_copy(update={"qualifier": None})  # "at least 82" -> "82"
    score = score_brief(with_figures(brief, figures), gold, article)
    assert score.value("misinformation.items") == 0.0
    assert score.value("figures.f1") == 1.0
    assert 0.9 < score.value("figures.score") < 1.0


def test_a_contested_status_in_the_gold_alternatives_is_right() -> None:
    brief, gold, article = perfect()
    index = next(
        i
        for i, d in enumerate(gold.disputed_facts)
        if d.status is DisputeStatus.UNVERIFIED and not d.optional
    )
    gold.disputed_facts[index].status_alternatives = [DisputeStatus.CONFIRMED]
    disputes = list(brief.disputed_facts)
    disputes[index] = disputes[index].model_copy(update={"status": DisputeStatus.CONFIRMED})
    assert overall(with_disputes(brief, disputes), gold, article) == 1.0


def test_optional_items_count_their_attributes_only_when_right() -> None:
    brief, gold, article = perfect()
    parties = [
        p.model_copy(update={"side": Side.OPPOSITION}) if g.optional else p
        for p, g in zip(brief.parties, gold.parties, strict=True)
    ]
    score = score_brief(replace_parties(brief, parties), gold, article)
    assert score.value("overall") == 1.0
    assert score.value("parties.side_accuracy") == 1.0


def test_dates_and_locations_are_scored() -> None:
    brief, gold, article = perfect()
    assert gold.reporting_date is not None
    situation = brief.situation.model_copy(
        update={
            "reporting_date": gold.reporting_date + dt.timedelta(days=1),
            "locations": ["Aleppo", "Mosul"],
            "event_dates": [
                e.model_copy(update={"date": e.date - dt.timedelta(days=1)}) if i == 0 else e
                for i, e in enumerate(brief.situation.event_dates)
            ],
        }
    )
    score = score_brief(brief.model_copy(update={"situation": situation}), gold, article)
    assert score.value("dates.reporting") == 0.0
    assert score.value("locations.precision") == 0.5
    assert score.value("locations.recall") == pytest.approx(1 / 3)
    assert score.value("event_dates.f1") == 1.0
    assert score.value("event_dates.date_accuracy") == pytest.approx(4 / 5)
    assert score.value("misinformation.items") == 2.0  # the event and the reporting date


def test_a_negated_counter_claim_misinforms_and_a_missing_one_costs_a_little() -> None:
    brief, gold, article = perfect()
    index = next(i for i, d in enumerate(gold.disputed_facts) if d.counter_claim)
    disputes = list(brief.disputed_facts)
    disputes[index] = disputes[index].model_copy(update={"counter_claim": None})
    missing = score_brief(with_disputes(brief, disputes), gold, article)
    disputes[index] = disputes[index].model_copy(
        update={"counter_claim": "Somebody is harming the civilians in Aleppo."}
    )
    negated = score_brief(with_disputes(brief, disputes), gold, article)
    assert missing.value("misinformation.items") == 0.0
    assert negated.value("misinformation.items") == 1.0
    assert negated.value("overall") < missing.value("overall") < 1.0


def test_a_pasted_article_is_no_key_fact() -> None:
    brief, gold, article = perfect()
    pasted = KeyFact(statement=article, evidence=brief.situation.key_facts[0].evidence)
    score = score_brief(with_key_facts(brief, [pasted], summary="Aleppo fell."), gold, article)
    assert score.value("key_facts.coverage") == 0.0
    assert "is no single statement" in score.metrics["key_facts.coverage"].reasons[-1]
    assert score.alignment["key_facts"].notes


def test_evidence_must_support_its_item() -> None:
    brief, gold, article = perfect()
    headline = article.splitlines()[0]
    figures = [f.model_copy(update={"evidence": [headline]}) for f in brief.humanitarian.figures]
    score = score_brief(with_figures(brief, figures), gold, article)
    assert score.value("grounding.quotes") == 1.0  # the headline is in the article ...
    assert score.value("grounding.support") < 1.0  # ... but gives no figure's number
    assert "no quote gives its number" in score.metrics["grounding.support"].reasons[0]


def test_the_alignment_is_data_and_survives_serialisation() -> None:
    brief, gold, article = perfect()
    parties = list(brief.parties)
    parties[0] = parties[0].model_copy(update={"side": Side.GOVERNMENT})
    score = score_brief(replace_parties(brief, parties[:-1]), gold, article)
    aligned = score.alignment["parties"]
    pair = next(p for p in aligned.pairs if p.gold == 0)
    side = next(c for c in pair.checks if c.attribute == "side")
    assert (pair.predicted, side.severity, pair.credit) == (0, "misinforms", 0.0)
    assert "opposition" in side.reason
    assert aligned.missed_optional == [len(gold.parties) - 1]  # Reuters, optional
    again = type(score).model_validate_json(score.model_dump_json())
    assert again.alignment == score.alignment
    assert set(score.alignment) == {
        "parties", "figures", "disputes", "key_facts", "locations", "event_dates"
    }  # fmt: skip


def test_an_empty_brief_earns_nothing_it_does_not_share_with_gold() -> None:
    _, gold, article = perfect()
    score = score_brief(Brief(situation=Situation(summary="Fighting continued.")), gold, article)
    assert score.value("misinformation.score") == 0.0
    assert score.value("overall") == 0.0
    assert sum(OVERALL_WEIGHTS.values()) == pytest.approx(1.0)


def test_a_run_scored_by_an_older_scorer_asks_to_be_scored_again() -> None:
    from summarizer.errors import InputError
    from summarizer.evals.report import build_report
    from summarizer.evals.runner import DocumentRecord

    brief, gold, article = perfect()
    score = score_brief(brief, gold, article)
    old = score.model_copy(update={"metrics": {"overall": score.metrics["overall"]}})
    with pytest.raises(InputError, match="eval score --predictions"):
        build_report([DocumentRecord(id="aleppo", status="ok", score=old)])
