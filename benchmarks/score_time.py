"""Time to score every bundled fixture, sentence-model loading included, against a lexical
baseline in the same run.

Each measurement runs in a fresh Python process (so nothing is loaded or cached yet) and
times, from before the scorer is imported to after the last document is scored: importing
the scorer, loading the sentence model (the real run only), and scoring two predictions per
fixture, the brief built from gold and the offline backend's brief (both made before the
clock starts). The baseline swaps the sentence model for the lexical Dice measure the scorer
used before, so the difference is the model's cost. Budget: 2 s for the bundled set.

    .venv/bin/python benchmarks/score_time.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 2.0


def _predictions() -> list[tuple[str, dict[str, object]]]:
    from summarizer.evals.dataset import load_fixtures
    from summarizer.evals.probes.builder import gold_to_brief
    from summarizer.offline.backend import build_brief

    made = []
    for fixture in load_fixtures(ROOT / "evals" / "fixtures"):
        made.append((fixture.id, gold_to_brief(fixture.gold, fixture.article).model_dump()))
        made.append((fixture.id, build_brief(fixture.article).brief.model_dump()))
    return made


def _lexical_model() -> None:
    """Replace the sentence model by the lexical Dice measure (the baseline)."""
    import summarizer.evals.matching.similarity as similarity
    from summarizer.evals.matching.lexical import text_similarity

    class Lexical:
        def similarity(self, a: str, b: str) -> float:
            return text_similarity(a, b)

    similarity.sentence_model = lambda: Lexical()  # type: ignore[assignment,return-value]
    import summarizer.evals.matching.meaning as meaning

    meaning.sentence_model = similarity.sentence_model  # type: ignore[attr-defined]


def measure(kind: str) -> float:
    """One timed scoring of every prediction (in this process, which must be fresh)."""
    from summarizer.brief.schema import Brief
    from summarizer.evals.dataset import load_fixtures

    fixtures = {f.id: f for f in load_fixtures(ROOT / "evals" / "fixtures")}
    predictions = [(i, Brief.model_validate(b)) for i, b in _predictions()]
    started = time.perf_counter()
    if kind == "lexical":
        _lexical_model()
    from summarizer.evals.scoring import score_brief

    for fixture_id, brief in predictions:
        fixture = fixtures[fixture_id]
        score_brief(brief, fixture.gold, fixture.article)
    return time.perf_counter() - started


def _fresh(kind: str) -> float:
    done = subprocess.run(
        [sys.executable, __file__, "--one", kind], capture_output=True, text=True, check=True
    )
    return float(json.loads(done.stdout)["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", choices=["model", "lexical"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps({"seconds": measure(args.one)}))
        return
    fixtures = len(list((ROOT / "evals" / "fixtures").glob("*/gold.yaml")))
    model = statistics.median(_fresh("model") for _ in range(args.repeat))
    lexical = statistics.median(_fresh("lexical") for _ in range(args.repeat))
    print(f"scoring {2 * fixtures} predictions ({fixtures} fixtures, gold-built and offline), ")
    print("fresh process, scorer import and model load included, median of", args.repeat)
    print(f"  sentence model (wordllama): {model:.2f} s  (budget {BUDGET_S:.1f} s)")
    print(f"  lexical baseline (Dice):    {lexical:.2f} s")
    print(f"  model cost:                 {model - lexical:+.2f} s")
    if model > BUDGET_S:
        raise SystemExit(f"over budget: {model:.2f} s > {BUDGET_S:.1f} s")


if __name__ == "__main__":
    main()
