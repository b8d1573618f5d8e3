"""Two runs to show the eval page with: the offline baseline, and a run built from gold with
planted errors (clearly not a model: the scorer's gold-to-brief builder, then deterministic
edits). Used by ``make screenshots`` (docs/screenshots.py) and benchmarks/eval_page.py.

    .venv/bin/python docs/demo_runs.py OUT_DIR [--documents N]

writes OUT_DIR/offline and OUT_DIR/gold-with-planted-errors (and, with --documents N, a
fixture set of N documents, OUT_DIR/fixtures, the bundled fixtures repeated under new ids,
that both runs use).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from summarizer.brief.schema import Brief, DisputeStatus, Side
from summarizer.evals.dataset import Fixture, default_fixtures_dir, load_fixtures
from summarizer.evals.probes.builder import gold_to_brief
from summarizer.evals.probes.edits import negate, with_disputes, with_figures, with_key_facts

PLANTED = "gold-with-planted-errors"
SUMMARIZER = str(Path(sys.executable).with_name("summarizer"))

_FLIP = {Side.GOVERNMENT: Side.OPPOSITION, Side.OPPOSITION: Side.GOVERNMENT}


def planted(brief: Brief, variant: int) -> Brief:
    """``brief`` with errors a model might make; variant 0 leaves it as gold."""
    if variant == 1 and brief.parties:
        first = brief.parties[0]
        flipped = first.model_copy(update={"side": _FLIP.get(first.side, Side.OPPOSITION)})
        brief = brief.model_copy(update={"parties": [flipped, *brief.parties[1:]]})
        brief = with_figures(brief, brief.humanitarian.figures[:-1])
    if variant == 2:
        facts = list(brief.situation.key_facts)
        if len(facts) > 2:
            facts[2] = facts[2].model_copy(update={"statement": negate(facts[2].statement)})
            brief = with_key_facts(brief, facts, summary=brief.situation.summary)
        disputes = list(brief.disputed_facts)
        if disputes and disputes[0].status is not DisputeStatus.CONFIRMED:
            disputes[0] = disputes[0].model_copy(update={"status": DisputeStatus.CONFIRMED})
            brief = with_disputes(brief, disputes)
    return brief


def copy_fixtures(out: Path, documents: int) -> Path:
    """``documents`` fixtures: the bundled ones in turn, under ids ``<id>``, ``<id>-2``, ..."""
    target = out / "fixtures"
    shutil.rmtree(target, ignore_errors=True)
    bundled = default_fixtures_dir()
    sources = sorted(p for p in bundled.iterdir() if (p / "gold.yaml").is_file())
    for n in range(documents):
        source, copy = sources[n % len(sources)], n // len(sources) + 1
        shutil.copytree(source, target / (source.name if copy == 1 else f"{source.name}-{copy}"))
    return target


def write_runs(out: Path, fixtures_dir: Path | None = None) -> tuple[Path, Path]:
    """The offline run and the planted-errors run of ``fixtures_dir`` (default: bundled)."""
    chosen = ["--fixtures", str(fixtures_dir)] if fixtures_dir else []
    offline, edited = out / "offline", out / PLANTED
    for stale in (offline, edited, out / "briefs"):
        shutil.rmtree(stale, ignore_errors=True)
    subprocess.run(
        [SUMMARIZER, "eval", "run", "--backend", "offline", "--out", str(offline), *chosen],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    fixtures: list[Fixture] = load_fixtures(fixtures_dir or default_fixtures_dir())
    briefs = out / "briefs"
    briefs.mkdir(parents=True)
    for i, fixture in enumerate(fixtures):
        brief = planted(gold_to_brief(fixture.gold, fixture.article), i % 3)
        (briefs / f"{fixture.id}.json").write_text(brief.model_dump_json(), encoding="utf-8")
    subprocess.run(
        [SUMMARIZER, "eval", "score", "--predictions", str(briefs), "--out", str(edited), *chosen],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    meta = json.loads((edited / "run.json").read_text(encoding="utf-8"))
    meta["model"] = "gold, with planted errors (not a model)"
    (edited / "run.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return offline, edited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=0)
    args = parser.parse_args()
    fixtures = copy_fixtures(args.out, args.documents) if args.documents else None
    for run in write_runs(args.out, fixtures):
        print(run)


if __name__ == "__main__":
    main()
