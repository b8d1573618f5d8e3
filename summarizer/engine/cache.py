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

from pydantic import ValidationError

from summarizer.brief.result import BriefResult
from summarizer.errors import ConfigError

__all__ = ["CACHE_ENV", "SqliteCache", "default_cache_path"]

CACHE_ENV = "SUMMARIZER_CACHE"
"""Environment variable naming the cache file."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    result TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def default_cache_path(env: Mapping[str, str] | None = None) -> Path:
    """``$SUMMARIZER_CACHE``, else ``$XDG_CACHE_HOME/summarizer/cache.sqlite3``, else
    ``~/.cache/summarizer/cache.sqlite3``."""
    environ = os.environ if env is None else env
    if environ.get(CACHE_ENV):
        return Path(environ[CACHE_ENV]).expanduser()
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "summarizer" / "cache.sqlite3"


class SqliteCache:
    """Results stored by key in one sqlite file; implements the pipeline's ``ResultCache``.

    >>> cache = SqliteCache(Path("/tmp/summarizer-doctest.sqlite3"))  # doctest: +SKIP
    >>> summarize(article, cache=cache)  # second identical call makes no request  # doctest: +SKIP
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open the response cache {self.path}: {exc}") from exc

    def get(self, key: str) -> BriefResult | None:
        """The stored result for ``key``, or None; an unreadable entry counts as a miss."""
        with self._lock:
            row = self._db.execute("SELECT result FROM results WHERE key = ?", (key,)).fetchone()
            if row is not None:
                try:
                    result = BriefResult.model_validate_json(row[0])
                except ValidationError:
                    # Written by an older, incompatible version: drop it and ask again.
                    self._db.execute("DELETE FROM results WHERE key = ?", (key,))
                    self._db.commit()
                else:
                    self.hits += 1
                    return result
            self.misses += 1
            return None

    def put(self, key: str, result: BriefResult) -> None:
        """Store ``result`` under ``key``, replacing any older entry."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO results (key, result, created) VALUES (?, ?, ?)",
                (key, result.model_dump_json(), time.time()),
            )
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._db.execute("SELECT COUNT(*) FROM results").fetchone()
            return int(count)

    def clear(self) -> None:
        """Forget every stored result."""
        with self._lock:
            self._db.execute("DELETE FROM results")
            self._db.commit()

    def close(self) -> None:
        """Close the sqlite connection; the cache is unusable afterwards."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> SqliteCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
