"""Grounding metrics on their own: they need the prediction and the article, never gold."""

from __future__ import annotations

from pathlib import Path

from summarizer.brief.schema import Brief, Situation
from summarizer.evals.evaluators.faithfulness import predicted_numbers, score_grounding
from summarizer.evals.gold import load_gold
from summarizer.evals.scoring import score_brief
from tests.evals.oracle import gold_to_brief

SEED = Path(__file__).resolve().parents[3] / "evals" / "fixtures" / "aleppo-2016-12-14"


def test_grounding_is_scored_from_the_article_alone_and_matches_the_document_score() -> None:
    gold = load_gold(SEED / "gold.yaml")
    article = (SEED / "article.txt").read_text("utf-8")
    brief = gold_to_brief(gold, article)
    situation = brief.situation.model_copy(update={"summary": "Some 4,500 people fled."})
    brief = brief.model_copy(update={"situation": situation})
    metrics = score_grounding(brief, article)
    assert predicted_numbers(brief)[4500] == "situation.summary"
    assert metrics["grounding.hallucinated_numbers"].value == 1.0
    assert metrics["grounding.numbers"].reasons == [
        "situation.summary: number 4500 occurs nowhere in the article"
    ]
    assert metrics["grounding.quotes"].value == 1.0
    document = score_brief(brief, gold, article)
    assert {k: document.metrics[k] for k in metrics} == metrics


def test_grounding_score_is_scaled_by_the_recall_the_scorer_passes_in() -> None:
    gold = load_gold(SEED / "gold.yaml")
    article = (SEED / "article.txt").read_text("utf-8")
    brief = gold_to_brief(gold, article)
    assert score_grounding(brief, article)["grounding.score"].value == 1.0
    half = score_grounding(brief, article, recall=0.5)
    assert half["grounding.score"].value == 0.5
    assert half["grounding.quotes"].value == half["grounding.numbers"].value == 1.0
    empty = score_grounding(Brief(situation=Situation(summary="Fighting went on.")), article,
                            recall=0.0)  # fmt: skip
    assert empty["grounding.score"].value == 0.0
    assert empty["grounding.score"].reasons == ["weighted by recall 0.00 of the gold content"]
