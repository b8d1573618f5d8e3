"""Backends are found by name in one registry; a new one is one module."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import ConfigError, Settings, summarize
from summarizer.cli.main import app
from summarizer.engine import backends
from summarizer.engine.backends import Backend, backend_names, create_backend
from summarizer.engine.cache import SqliteCache
from tests.evals.support import small_fixtures

ARTICLE = "Shelling hit the port of Kessa on Monday, officials said.\nAid was delayed."


@pytest.fixture
def echo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(backends.BUILTIN, "echo", "tests.engine.backends.echo:EchoBackend")


def test_the_built_in_backends_satisfy_the_protocol() -> None:
    assert backend_names()[:2] == ["openai", "offline"]
    for name in ("openai", "offline"):
        backend = create_backend(Settings.resolve(env={}, backend=name))
        assert isinstance(backend, Backend)
        assert backend.identity.backend == name


def test_an_unknown_backend_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="unknown backend 'nope'"):
        Settings.resolve(env={}, backend="nope")


@pytest.mark.usefixtures("echo")
def test_a_new_backend_module_serves_the_python_api_and_the_cache(tmp_path: Path) -> None:
    with SqliteCache(tmp_path / "c.db") as cache:
        first = summarize(ARTICLE, backend="echo", cache=cache)
        again = summarize(ARTICLE, backend="echo", cache=cache)
    assert first.backend == "echo" and first.model == "echo-1"
    assert first.brief.situation.key_facts[0].evidence == [
        "Shelling hit the port of Kessa on Monday, officials said."
    ]
    assert again.cached and not first.cached


@pytest.mark.usefixtures("echo")
def test_a_new_backend_module_runs_in_the_eval_harness(tmp_path: Path) -> None:
    fixtures = small_fixtures(tmp_path)
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app,
        ["eval", "run", "--backend", "echo", "--fixtures", str(fixtures), "--out", str(out),
         "--cache", str(tmp_path / "c.db")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert (run["backend"], run["model"], run["prompt_version"]) == ("echo", "echo-1", "echo-v1")
