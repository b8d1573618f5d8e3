"""Two runs of four fixtures for the eval page tests: the offline backend, and gold with
planted errors: the wire item's police (a government party) put on the opposition side, and
no prediction for the capsizing (a failed document)."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.brief.schema import Side
from summarizer.cli.main import app
from summarizer.evals.dataset import default_fixtures_dir, load_fixtures
from summarizer.evals.probes.builder import gold_to_brief

CHOSEN = ["aleppo-2016-12-14", "hallor-siege-feature", "lake-imbrel-capsizing", "osk-ferry-wire"]
WIRE = "osk-ferry-wire"
FAILED = "lake-imbrel-capsizing"


@dataclass(frozen=True)
class Runs:
    """The two run directories, the page of both and the page of the offline run alone."""

    offline: Path
    edited: Path
    page: Path
    single: Path


@pytest.fixture(scope="session")
def eval_runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """Built in a thread of its own: a browser test may hold this thread's event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_build, tmp_path_factory.mktemp("eval-page")).result()


def _build(root: Path) -> Runs:
    runner = CliRunner()
    offline, edited, briefs = root / "offline", root / "edited", root / "briefs"
    fixtures = root / "fixtures"
    for name in CHOSEN:
        shutil.copytree(default_fixtures_dir() / name, fixtures / name)
    chosen = ["--fixtures", str(fixtures)]
    done = runner.invoke(
        app, ["eval", "run", "--backend", "offline", "--out", str(offline), *chosen]
    )
    assert done.exit_code == 0, done.output
    briefs.mkdir()
    for fixture in load_fixtures(fixtures):
        if fixture.id == FAILED:
            continue
        brief = gold_to_brief(fixture.gold, fixture.article)
        if fixture.id == WIRE:
            parties = list(brief.parties)
            assert parties[1].side is Side.GOVERNMENT
            parties[1] = parties[1].model_copy(update={"side": Side.OPPOSITION})
            brief = brief.model_copy(update={"parties": parties})
        (briefs / f"{fixture.id}.json").write_text(brief.model_dump_json(), encoding="utf-8")
    scored = runner.invoke(
        app, ["eval", "score", "--predictions", str(briefs), "--out", str(edited), *chosen]
    )
    assert scored.exit_code == 0, scored.output
    page, single = root / "page.html", root / "single.html"
    both = runner.invoke(app, ["eval", "compare", str(offline), str(edited), "--html", str(page)])
    assert both.exit_code == 0, both.output
    one = runner.invoke(app, ["eval", "report", str(offline), "--html", str(single)])
    assert one.exit_code == 0, one.output
    return Runs(offline, edited, page, single)
