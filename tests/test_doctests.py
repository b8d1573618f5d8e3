"""Every example in the package's docstrings runs and prints what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import summarizer

# Modules whose documented examples the docs lean on: at least this many must run, so
# deleting them fails here rather than dropping the module from the run.
MINIMUM_EXAMPLES = {
    "summarizer.evals.matching.lexical": 2,
    "summarizer.evals.matching.names": 4,
}


def _modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(summarizer.__path__, prefix="summarizer.")
        if not info.name.endswith("__main__")
    )


def _runs_an_example(name: str) -> bool:
    """Whether the module has an example that is not marked to skip."""
    tests = doctest.DocTestFinder().find(importlib.import_module(name))
    return any(not e.options.get(doctest.SKIP) for test in tests for e in test.examples)


def _modules_with_examples() -> list[str]:
    """Only modules with an example to run: any other would pass with nothing run."""
    return sorted({name for name in _modules() if _runs_an_example(name)} | MINIMUM_EXAMPLES.keys())


@pytest.mark.parametrize("name", _modules_with_examples())
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failures, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0, f"{name}: {failures} docstring example(s) failed"
    assert attempted >= MINIMUM_EXAMPLES.get(name, 1), f"{name}: {attempted} example(s) ran"
