from __future__ import annotations

from summarizer.offline.text import split_sentences


def test_sentences_are_exact_slices_of_the_article(aleppo: str) -> None:
    for s in split_sentences(aleppo):
        assert aleppo[s.start : s.end] == s.text


def test_headline_caption_and_byline_are_marked() -> None:
    text = (
        "Rebels take the bridge\n"
        "Fighters on the bridge in Town, Syria. REUTERS/Some Photographer\n"
        "By Jane Roe\n"
        "Rebels took the bridge on Monday. Dr. Ames said the army left.\n"
    )
    kinds = [(s.kind, s.text) for s in split_sentences(text)]
    assert kinds[0] == ("headline", "Rebels take the bridge")
    assert {k for k, t in kinds if "REUTERS" in t or "Fighters on" in t} == {"caption"}
    assert ("byline", "By Jane Roe") in kinds
    body = [t for k, t in kinds if k == "body"]
    assert body == ["Rebels took the bridge on Monday.", "Dr. Ames said the army left."]


def test_quoted_sentence_ends_after_closing_quote() -> None:
    text = 'He said: "It is over." Then he left.'
    assert [s.text for s in split_sentences(text)] == ['He said: "It is over."', "Then he left."]
