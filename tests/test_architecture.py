"""The layout's rules, checked: data flows one way and nothing reaches into a backend.

Read from the source (imports), so a change that breaks a rule fails here with the module
and the import that broke it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "summarizer"


def _imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[module] = names
    return found


def _offenders(rule: str, allowed: tuple[str, ...], forbidden: str) -> list[str]:
    return [
        f"{module} imports {name} ({rule})"
        for module, names in _imports().items()
        for name in sorted(names)
        if (name == forbidden or name.startswith(forbidden + "."))
        and not module.startswith(allowed)
    ]


def test_only_the_offline_backend_module_knows_the_offline_rules() -> None:
    assert (
        _offenders(
            "a backend's internals",
            ("summarizer.offline", "summarizer.engine.backends.offline"),
            "summarizer.offline",
        )
        == []
    )


def test_briefs_know_nothing_of_how_they_are_made() -> None:
    bad = [
        f"{module} imports {name}"
        for module, names in _imports().items()
        if module.startswith("summarizer.brief")
        for name in names
        if name.startswith(("summarizer.engine", "summarizer.batch", "summarizer.evals",
                            "summarizer.slack", "summarizer.cli", "summarizer.offline"))
    ]  # fmt: skip
    assert bad == []


def test_the_engine_does_not_reach_up_into_its_users() -> None:
    bad = [
        f"{module} imports {name}"
        for module, names in _imports().items()
        if module.startswith("summarizer.engine")
        and not module.startswith("summarizer.engine.backends.offline")
        for name in names
        if name.startswith(("summarizer.batch", "summarizer.evals", "summarizer.slack",
                            "summarizer.cli"))
    ]  # fmt: skip
    assert bad == []


def test_only_the_cli_imports_the_cli() -> None:
    assert (
        _offenders(
            "the command line is the top layer",
            ("summarizer.cli", "summarizer.__main__"),
            "summarizer.cli",
        )
        == []
    )


def test_instructor_is_used_through_its_public_names_only() -> None:
    bad = [
        f"{module} imports {name}"
        for module, names in _imports().items()
        for name in names
        if name.startswith("instructor.") and name != "instructor.core"
    ]
    assert bad == []
