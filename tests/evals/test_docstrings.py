"""Every public class, function and method of the eval harness says what it does."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import summarizer.evals


def _public_members(module_name: str) -> list[tuple[str, object]]:
    module = importlib.import_module(module_name)
    found: list[tuple[str, object]] = []
    for name in getattr(module, "__all__", []):
        item = getattr(module, name)
        if inspect.isclass(item) or inspect.isfunction(item):
            found.append((f"{module_name}.{name}", item))
        if inspect.isclass(item):
            for attr, member in vars(item).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, property):
                    member = member.fget
                if inspect.isfunction(member):
                    found.append((f"{module_name}.{name}.{attr}", member))
    return found


def test_public_api_of_the_eval_harness_is_documented() -> None:
    modules = [
        m.name for m in pkgutil.walk_packages(summarizer.evals.__path__, "summarizer.evals.")
    ]
    missing = [
        qualified
        for module in [*modules, "summarizer.engine.cache"]
        for qualified, item in _public_members(module)
        if not (item.__doc__ or "").strip()  # getdoc would inherit a base class's
    ]
    assert missing == []
