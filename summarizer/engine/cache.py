"""A local on-disk response cache (sqlite), keyed by :func:`summarizer.engine.pipeline.cache_key`.

The key covers backend, model, endpoint, mode, prompt version and digest, schema hash and
article hash, so any change to what would be sent or expected misses the cache. One sqlite
file, safe to share between concurrent asyncio tasks and threads of one process (a lock
serialises access) and between processes (sqlite's own locking, with a busy timeout).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Generic, Self, TypeVar

from pydantic import BaseModel, ValidationError

from summarizer.brief.result import BriefResult
from summarizer.errors import ConfigError

__all__ = ["CACHE_ENV", "SqliteCache", "SqliteTable", "default_cache_path"]

M = TypeVar("M", bound=BaseModel)

CACHE_ENV = "SUMMARIZER_CACHE"
"""Environment variable naming the cache file."""


def default_cache_path(env: Mapping[str, str] | None = None) -> Path:
    """``$SUMMARIZER_CACHE``, else ``$XDG_CACHE_HOME/summarizer/cache.sqlite3``, else
    ``~/.cache/summarizer/cache.sqlite3``."""
    environ = os.environ if env is None else env
    if environ.get(CACHE_ENV):
        return Path(environ[CACHE_ENV]).expanduser()
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "summarizer" / "cache.sqlite3"


class SqliteTable(Generic[M]):
    """Pydantic models stored as JSON by key, in one table of a sqlite file.

    Safe to share between asyncio tasks and threads of one process (a lock serialises
    access) and between processes (sqlite's own locking, with a busy timeout). An entry that
    no longer reads as ``model`` (written by an older, incompatible version) is dropped and
    counts as missing. Used for model answers (:class:`SqliteCache`) and the eval judge's
    answers, in the same file.
    """

    def __init__(
        self, path: Path | str | None, *, model: type[M], table: str, column: str, what: str
    ) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self._model = model
        self._table = table
        self._column = column
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS {table} "
                f"(key TEXT PRIMARY KEY, {column} TEXT NOT NULL, created REAL NOT NULL)"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open the {what} {self.path}: {exc}") from exc

    def get(self, key: str) -> M | None:
        """The stored value for ``key``, or None."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {self._column} FROM {self._table} WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                return None
            try:
                return self._model.model_validate_json(row[0])
            except ValidationError:
                self._db.execute(f"DELETE FROM {self._table} WHERE key = ?", (key,))
                self._db.commit()
                return None

    def put(self, key: str, value: M) -> None:
        """Store ``value`` under ``key``, replacing any older entry."""
        with self._lock:
            self._db.execute(
                f"INSERT OR REPLACE INTO {self._table} (key, {self._column}, created) "
                "VALUES (?, ?, ?)",
                (key, value.model_dump_json(), time.time()),
            )
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._db.execute(f"SELECT COUNT(*) FROM {self._table}").fetchone()
            return int(count)

    def clear(self) -> None:
        """Forget every stored value."""
        with self._lock:
            self._db.execute(f"DELETE FROM {self._table}")
            self._db.commit()

    def close(self) -> None:
        """Close the sqlite connection; the table is unusable afterwards."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class SqliteCache(SqliteTable[BriefResult]):
    """Results stored by key in one sqlite file; implements the pipeline's ``ResultCache``.

    ``hits`` and ``misses`` count this object's lookups.

    >>> cache = SqliteCache(Path("/tmp/summarizer-doctest.sqlite3"))  # doctest: +SKIP
    >>> summarize(article, cache=cache)  # second identical call makes no request  # doctest: +SKIP
    """

    def __init__(self, path: Path | str | None = None) -> None:
        super().__init__(
            path, model=BriefResult, table="results", column="result", what="response cache"
        )
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> BriefResult | None:
        """The stored result for ``key``, or None; an unreadable entry counts as a miss."""
        found = super().get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found
