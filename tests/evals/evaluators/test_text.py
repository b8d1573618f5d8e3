"""Sentence splitting shared by the scorer and the oracle, and who depends on whom."""

from __future__ import annotations

import subprocess
import sys

from summarizer.evals.evaluators.text import article_sentences


def test_sentences_are_verbatim_pieces_of_the_article_and_short_ones_are_dropped() -> None:
    article = 'He said: "We are leaving." Ok. The convoy left at dawn!\nA second line here?'
    sentences = article_sentences(article)
    # The closing quote stays with its sentence; each piece is a verbatim substring.
    assert sentences == [
        'He said: "We are leaving."',
        "The convoy left at dawn!",
        "A second line here?",
    ]
    assert all(s in article for s in sentences)


def test_the_scorer_does_not_depend_on_the_test_oracle() -> None:
    code = (
        "import sys, summarizer.evals.scoring, summarizer.evals.report, summarizer.evals.runner;"
        "sys.exit('tests.evals.oracle' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
