"""The sqlite response cache: round trip, persistence, corrupt entries, default location."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

from summarizer.brief.result import BriefResult, Usage
from summarizer.brief.schema import Brief
from summarizer.engine.cache import SqliteCache, default_cache_path
from summarizer.errors import ConfigError
from tests.conftest import DATA


def a_result(latency: float = 1.5) -> BriefResult:
    brief = Brief.model_validate_json((DATA / "aleppo_brief.json").read_text("utf-8"))
    return BriefResult(
        brief=brief,
        backend="openai",
        model="m",
        prompt_version="brief-1",
        attempts=2,
        requests=3,
        usage=Usage(total_tokens=99),
        latency_s=latency,
    )


def test_a_stored_result_comes_back_equal_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with SqliteCache(path) as cache:
        assert cache.get("k") is None
        cache.put("k", a_result())
        assert cache.get("k") == a_result()
        assert (cache.hits, cache.misses) == (1, 1)
    with SqliteCache(path) as cache:
        assert cache.get("k") == a_result()
        cache.put("k", a_result(latency=2.0))
        assert cache.get("k") == a_result(latency=2.0)
        assert len(cache) == 1


def test_an_unreadable_entry_is_a_miss_and_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with SqliteCache(path) as cache:
        cache.put("k", a_result())
    db = sqlite3.connect(path)
    db.execute("UPDATE results SET result = ?", (json.dumps({"old": "format"}),))
    db.commit()
    db.close()
    with SqliteCache(path) as cache:
        assert cache.get("k") is None
        assert len(cache) == 0


async def test_concurrent_tasks_share_one_cache(tmp_path: Path) -> None:
    cache = SqliteCache(tmp_path / "c.sqlite3")

    async def worker(i: int) -> None:
        await asyncio.to_thread(cache.put, f"k{i}", a_result(latency=i))
        assert await asyncio.to_thread(cache.get, f"k{i}") == a_result(latency=i)

    await asyncio.gather(*(worker(i) for i in range(20)))
    assert len(cache) == 20
    cache.close()


def test_default_location_follows_the_environment(tmp_path: Path) -> None:
    assert default_cache_path({"SUMMARIZER_CACHE": str(tmp_path / "x.db")}) == tmp_path / "x.db"
    assert default_cache_path({"XDG_CACHE_HOME": str(tmp_path)}) == (
        tmp_path / "summarizer" / "cache.sqlite3"
    )
    assert default_cache_path({}).parts[-3:] == (".cache", "summarizer", "cache.sqlite3")


def test_an_unusable_path_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(ConfigError, match="cannot open the response cache"):
        SqliteCache(blocker / "cache.sqlite3")
