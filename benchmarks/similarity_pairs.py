"""How sentence measures separate paraphrases from other sentences, on the bundled fixtures.

Pairs come from the gold briefs: each key fact, claim and counter-claim against its
hand-written paraphrases (should match), against the closest other gold statement of the same
article (the hardest wrong match), against unrelated statements of other articles, against
its negation ("It is false that ...", "... not ...") and against itself with two parties'
names swapped (similarity cannot tell these: the scorer's checks must). For each measure:
mean and range per class, top-1 accuracy (is a paraphrase closest to its own gold statement
among all gold statements of its article?), and time per pair. Also the model's load time.

    .venv/bin/python benchmarks/similarity_pairs.py
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz

from summarizer.evals.dataset import Fixture, load_fixtures
from summarizer.evals.evaluators.context import Context
from summarizer.evals.matching.lexical import text_similarity
from summarizer.evals.matching.meaning import Actors, similarity
from summarizer.evals.probes.cases import Setting
from summarizer.evals.probes.cases.base import mentioned_pair
from summarizer.evals.probes.edits import negate, swap_mentions

ROOT = Path(__file__).resolve().parents[1]
Measure = Callable[[str, str, Actors], float]


def _statements(fixture: Fixture) -> list[tuple[str, list[str]]]:
    gold = fixture.gold
    return [
        *((f.fact, f.paraphrases) for f in gold.key_facts),
        *((d.claim, d.claim_paraphrases) for d in gold.disputed_facts),
        *(
            (d.counter_claim, d.counter_claim_paraphrases)
            for d in gold.disputed_facts
            if d.counter_claim
        ),
    ]


def _actors(fixture: Fixture) -> Actors:
    ctx = Context(Setting.of(fixture.gold, fixture.article).perfect, fixture.gold)
    ctx.match_parties({i: i for i in range(len(fixture.gold.parties))})
    return ctx.actors


def _pairs(
    fixtures: list[Fixture], actors_of: dict[str, Actors]
) -> dict[str, list[tuple[str, str, Actors]]]:
    classes: dict[str, list[tuple[str, str, Actors]]] = {
        "paraphrase": [], "closest other statement": [], "unrelated": [], "negated": [],
        "actors swapped": [],
    }  # fmt: skip
    for fixture in fixtures:
        actors = actors_of[fixture.id]
        setting = Setting.of(fixture.gold, fixture.article)
        statements = _statements(fixture)
        texts = [s for s, _ in statements]
        for text, paraphrases in statements:
            for paraphrase in paraphrases:
                classes["paraphrase"].append((text, paraphrase, actors))
                others = [t for t in texts if t != text]
                if others:
                    closest = max(others, key=lambda t: similarity(t, paraphrase, actors))
                    classes["closest other statement"].append((closest, paraphrase, actors))
            classes["negated"] += [
                (text, negate(text), actors),
                (text, negate(text, style="not"), actors),
            ]
            pair = mentioned_pair(setting, text)
            if pair:
                swapped = swap_mentions(
                    text, setting.party_names(pair[0]), setting.party_names(pair[1])
                )
                if swapped:
                    classes["actors swapped"].append((text, swapped, actors))
    for a, b in itertools.combinations(fixtures, 2):
        for x, y in zip(_statements(a)[:3], _statements(b)[:3], strict=False):
            classes["unrelated"].append((x[0], y[0], actors_of[a.id]))
    return classes


def _top1(
    fixtures: list[Fixture], actors_of: dict[str, Actors], measure: Measure
) -> tuple[int, int]:
    hits = total = 0
    for fixture in fixtures:
        actors = actors_of[fixture.id]
        statements = _statements(fixture)
        texts = [s for s, _ in statements]
        for text, paraphrases in statements:
            for paraphrase in paraphrases:
                best = max(texts, key=lambda t: measure(t, paraphrase, actors))
                hits += best == text
                total += 1
    return hits, total


MEASURES: dict[str, Measure] = {
    "scorer (wordllama, names aligned)": lambda a, b, actors: similarity(a, b, actors),
    "wordllama alone": lambda a, b, actors: similarity(a, b),
    "lexical Dice (old scorer)": lambda a, b, actors: text_similarity(a, b),
    "rapidfuzz token_set_ratio": lambda a, b, actors: fuzz.token_set_ratio(a, b) / 100,
}


def main() -> None:
    started = time.perf_counter()
    from summarizer.evals.matching.similarity import sentence_model

    sentence_model()
    load = time.perf_counter() - started
    fixtures = load_fixtures(ROOT / "evals" / "fixtures")
    # Each article's actors once: building them is slow (~23 ms) and no figure times it.
    actors_of = {fixture.id: _actors(fixture) for fixture in fixtures}
    classes = _pairs(fixtures, actors_of)
    print(f"wordllama import + load: {load:.2f} s; {len(fixtures)} fixtures")
    for name, measure in MEASURES.items():
        print(f"\n{name}")
        for label, pairs in classes.items():
            values = [measure(a, b, actors) for a, b, actors in pairs]
            p = sorted(values)
            print(
                f"  {label:26s} n={len(values):4d} mean {statistics.mean(values):.2f} "
                f"[{p[0]:.2f}-{p[-1]:.2f}] p05 {p[len(p) // 20]:.2f} p95 {p[len(p) * 19 // 20]:.2f}"
            )
        hits, total = _top1(fixtures, actors_of, measure)
        print(f"  top-1: {hits}/{total} paraphrases closest to their own gold statement")
    sample = [(a + " x", b, actors) for a, b, actors in classes["paraphrase"][:200]]
    started = time.perf_counter()
    for a, b, _ in sample:  # new texts: no cache
        similarity(a, b)
    per_pair = (time.perf_counter() - started) / len(sample) * 1000
    print(f"\nwordllama, uncached pair: {per_pair:.2f} ms")


if __name__ == "__main__":
    main()
