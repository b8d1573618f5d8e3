"""The distribution users install: its name is ours alone, and the README says how."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAKEN = {"summarizer"}
"""Names already on PyPI for someone else's project (summarizer 0.0.x, a 2015 text summariser)."""


def _project() -> dict[str, object]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project: dict[str, object] = data["project"]
    return project


def test_the_distribution_name_is_not_someone_elses() -> None:
    assert _project()["name"] not in TAKEN


def test_the_command_and_the_import_name_stay_summarizer() -> None:
    assert _project()["scripts"] == {"summarizer": "summarizer.cli:main"}


def test_the_readme_install_line_names_the_distribution() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"pip install {_project()['name']}" in readme
