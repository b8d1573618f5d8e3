"""The brief's prose: summary, key facts and the evacuation / access / needs statements.

All three are made of the article's own sentences, and no sentence stands in two of them (nor
twice in one, when the article repeats itself): the summary takes the lead, key facts the
best-scored sentences left, and each statement topic, in that order, the sentences left on
its topic, in article order. Lists are capped; what a cap leaves out is counted, so the
reader notes can say "N more ... not shown".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.brief.grounding import is_long_enough
from summarizer.brief.schema import KeyFact, Statement
from summarizer.offline.disputes import clean_statement
from summarizer.offline.text import Sentence

__all__ = ["MAX_KEY_FACTS", "MAX_STATEMENTS", "TOPICS", "Prose", "choose_prose"]

LEAD_WORDS = 60
"""The summary takes up to three lead sentences within this many words (at least one)."""
MAX_KEY_FACTS = 8
MAX_STATEMENTS = 4
"""Per topic."""
TOPICS = ("evacuation", "access", "needs")


@dataclass
class Prose:
    """The chosen prose, and per list how many candidates its cap left out."""

    summary: str
    key_facts: list[KeyFact]
    statements: dict[str, list[Statement]]
    left_out: dict[str, int] = field(default_factory=dict)
    """"<topic> statement" (singular) -> how many were not shown."""


class _Once:
    """Sentences already used, by index and by wording (an article may repeat a line)."""

    def __init__(self) -> None:
        self.indices: set[int] = set()
        self.texts: set[str] = set()

    def fresh(self, s: Sentence) -> bool:
        return s.index not in self.indices and clean_statement(s.text) not in self.texts

    def take(self, s: Sentence) -> None:
        self.indices.add(s.index)
        self.texts.add(clean_statement(s.text))


def _summary(body: list[Sentence], once: _Once) -> str:
    chosen: list[str] = []
    words = 0
    for s in body[:3]:
        if chosen and words + len(s.text.split()) > LEAD_WORDS:
            break
        if not once.fresh(s):
            continue
        chosen.append(clean_statement(s.text))
        words += len(s.text.split())
        once.take(s)
    return " ".join(chosen) or "The article gives no statement to summarise."


def _key_facts(candidates: list[Sentence], scores: dict[int, float], once: _Once) -> list[KeyFact]:
    """The best-scored fresh sentences."""
    ranked = sorted(candidates, key=lambda s: (-scores.get(s.index, 0.0), s.index))
    facts: list[KeyFact] = []
    for s in ranked:
        if len(facts) == MAX_KEY_FACTS:
            break
        if is_long_enough(s.text) and once.fresh(s):
            facts.append(KeyFact(statement=clean_statement(s.text), evidence=[s.text]))
            once.take(s)
    return facts


def _statements(
    body: list[Sentence], topics: dict[int, frozenset[str]], topic: str, once: _Once
) -> tuple[list[Statement], int]:
    hits: list[Sentence] = []
    texts: set[str] = set()
    for s in body:
        if topic in topics.get(s.index, ()) and is_long_enough(s.text) and once.fresh(s):
            wording = clean_statement(s.text)
            if wording not in texts:
                texts.add(wording)
                hits.append(s)
    shown = hits[:MAX_STATEMENTS]
    for s in shown:
        once.take(s)
    made = [Statement(text=clean_statement(s.text), evidence=[s.text]) for s in shown]
    return made, len(hits) - len(shown)


def choose_prose(
    body: list[Sentence],
    candidates: list[Sentence],
    scores: dict[int, float],
    topics: dict[int, frozenset[str]],
) -> Prose:
    """Summary, key facts and statements, no sentence used twice.

    ``body`` are the article's body sentences (the summary and statements come from them);
    ``candidates`` the sentences a key fact may quote (the body, and narrative sentences
    that quote a planted instruction); ``scores`` rank the key facts; ``topics`` each
    sentence's statement topics.
    """
    once = _Once()
    prose = Prose(summary=_summary(body, once), key_facts=[], statements={})
    # Key facts are the best-scoring sentences, a selection rather than a list cut short:
    # the ones not chosen are not announced (every article has more sentences than facts).
    prose.key_facts = _key_facts(candidates, scores, once)
    for topic in TOPICS:
        made, left = _statements(body, topics, topic, once)
        prose.statements[topic] = made
        prose.left_out[f"{topic} statement"] = left
    return prose
