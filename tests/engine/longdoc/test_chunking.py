"""Chunking: paragraph boundaries, the token budget, overlap, verbatim slices."""

from __future__ import annotations

import itertools

import pytest

from summarizer.engine.longdoc.chunking import chunk_text, split_units
from summarizer.engine.tokens import estimate_tokens


def words(n: int, tag: str) -> str:
    return " ".join(f"{tag}{i}" for i in range(n))


def paragraphs(*sizes: int) -> str:
    return "\n\n".join(words(n, f"p{k}w") + "." for k, n in enumerate(sizes))


def test_short_text_is_one_chunk_equal_to_the_text() -> None:
    text = "  Shelling hit the port.\n\nAid was blocked.  "
    (chunk,) = chunk_text(text, max_tokens=1000)
    assert chunk.text == "Shelling hit the port.\n\nAid was blocked."
    assert text[chunk.start : chunk.end] == chunk.text


def test_chunks_break_only_between_paragraphs_and_stay_under_budget() -> None:
    text = paragraphs(30, 30, 30, 30, 30, 30)  # 30 words ~ 40 tokens each
    chunks = chunk_text(text, max_tokens=100, overlap=0)
    assert len(chunks) == 3
    for chunk in chunks:
        assert chunk.tokens <= 100
        assert estimate_tokens(chunk.text) == chunk.tokens
        assert chunk.text.startswith("p") and chunk.text.endswith(".")
        assert text[chunk.start : chunk.end] == chunk.text
    assert [c.text.count("\n\n") for c in chunks] == [1, 1, 1]


def test_each_chunk_repeats_the_last_paragraph_of_the_previous_one() -> None:
    text = paragraphs(30, 30, 30, 30, 30)
    chunks = chunk_text(text, max_tokens=100, overlap=1)
    for before, after in itertools.pairwise(chunks):
        last_paragraph = before.text.split("\n\n")[-1]
        assert after.text.split("\n\n")[0] == last_paragraph
    # Every paragraph is covered, in order.
    assert chunks[0].start == 0 and chunks[-1].end == len(text)


def test_overlap_is_dropped_when_it_leaves_no_room_for_new_text() -> None:
    text = paragraphs(60, 60, 60)  # one paragraph per chunk at this budget
    chunks = chunk_text(text, max_tokens=100, overlap=1)
    assert [c.text.split()[0] for c in chunks] == ["p0w0", "p1w0", "p2w0"]


def test_an_over_long_paragraph_is_split_at_sentence_ends() -> None:
    sentences = [f"Sentence {i} says {words(20, 's' + str(i))}." for i in range(6)]
    text = " ".join(sentences)
    units = split_units(text, max_tokens=80)
    assert len(units) > 1
    assert all(estimate_tokens(u) <= 80 for u in units)
    assert all(u.endswith(".") and u.startswith("Sentence") for u in units)
    assert " ".join(units) == text


def test_a_sentence_longer_than_the_budget_is_split_between_words() -> None:
    text = words(300, "w")
    units = split_units(text, max_tokens=50)
    assert all(estimate_tokens(u) <= 50 for u in units)
    assert " ".join(units) == text


def test_blank_lines_with_spaces_still_separate_paragraphs() -> None:
    units = split_units("One.\n   \nTwo.\n\n\n\nThree.", max_tokens=100)
    assert units == ["One.", "Two.", "Three."]


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        chunk_text("text", max_tokens=0)
    with pytest.raises(ValueError):
        chunk_text("text", max_tokens=10, overlap=-1)
    assert chunk_text("   \n\n  ", max_tokens=10) == []
