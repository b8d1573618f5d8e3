"""Known-name spans of a sentence never overlap: the actor passes look a token's span up by
index (one span per token) and take the span before another as the one ending where it
starts."""

from __future__ import annotations

import itertools
from pathlib import Path

from summarizer.offline.spans import all_spans, guess_demonyms
from summarizer.offline.text import split_sentences

_ARTICLES = sorted(
    (Path(__file__).resolve().parents[2] / "evals" / "fixtures").glob("*/article.txt")
)


def test_spans_are_non_empty_in_order_and_apart() -> None:
    checked = 0
    for article in _ARTICLES:
        text = article.read_text(encoding="utf-8")
        parsed = [(s, s.tokens) for s in split_sentences(text)]
        extra = guess_demonyms(parsed, text)
        for _s, tokens in parsed:
            spans = all_spans(tokens, extra)
            assert all(sp.i < sp.j for sp in spans)
            assert all(a.j <= b.i for a, b in itertools.pairwise(spans))
            checked += len(spans)
    assert checked > 50  # not vacuous: the fixtures name groups, countries and bodies


def test_a_lexicon_name_inside_an_organisation_word_span_gives_way_to_it() -> None:
    # FICTIONAL: "Syrian" is a lexicon demonym inside the organisation run.
    [s] = split_sentences("The Syrian Observatory for Human Rights said 12 people died.")
    spans = all_spans(s.tokens, {})
    assert [(s.tokens[sp.i].text, s.tokens[sp.j - 1].text, sp.kind) for sp in spans] == [
        ("Syrian", "Rights", "org")
    ]
