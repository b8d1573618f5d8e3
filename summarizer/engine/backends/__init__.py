"""Backends: what turns one article into a brief, behind one protocol, found in one registry.

A backend briefs one article (:meth:`Backend.brief`) and says who it is
(:attr:`Backend.identity` for run records, :meth:`Backend.cache_parts` for cache keys). The
pipeline, the eval runner and the batch runners only talk to this protocol; nothing outside
a backend knows its internals. Built-in backends are listed in :data:`BUILTIN`; another
package can add one through the ``summarizer.backends`` entry-point group (name ->
``module:factory``), so a new backend is one new module.

>>> sorted(backend_names())[:2]
['offline', 'openai']
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from summarizer.errors import ConfigError

if TYPE_CHECKING:
    from summarizer.brief.result import BriefResult
    from summarizer.config import Settings

__all__ = [
    "BUILTIN",
    "Backend",
    "BackendIdentity",
    "backend_names",
    "create_backend",
    "open_backend",
]

BUILTIN: dict[str, str] = {
    "openai": "summarizer.engine.backends.model:ModelBackend",
    "offline": "summarizer.engine.backends.offline:OfflineBackend",
}
"""Backend name -> ``module:factory``; the factory takes :class:`Settings`. Imported only
when used, so choosing the offline backend never loads the model client."""

ENTRY_POINT_GROUP = "summarizer.backends"


class BackendIdentity(BaseModel):
    """Who made a brief: what a run records and a resumed run must share.

    Fields that do not apply to a backend are None (the offline backend has no endpoint).
    """

    model_config = ConfigDict(frozen=True)

    backend: str
    model: str
    prompt_version: str
    base_url: str | None = None
    mode: str | None = None
    temperature: float | None = None


@runtime_checkable
class Backend(Protocol):
    """Briefs one article; says who it is. Open it with :func:`open_backend`."""

    @property
    def settings(self) -> Settings:
        """The settings the backend was made with (input limits, model, endpoint)."""
        ...

    @property
    def identity(self) -> BackendIdentity:
        """Who this backend is, for run records (eval ``run.json``, a batch manifest)."""
        ...

    @property
    def caches_answers(self) -> bool:
        """Whether a response cache is worth using (answers cost time or money)."""
        ...

    def cache_parts(self, text: str) -> dict[str, Any]:
        """Everything besides the article and the schema that decides this text's brief."""
        ...

    async def brief(self, text: str, *, reporting_date: dt.date | None = None) -> BriefResult:
        """The grounded brief of ``text`` (already checked as usable input)."""
        ...

    async def aclose(self) -> None:
        """Release connections; the backend cannot be used afterwards."""
        ...


Factory = Callable[["Settings"], Backend]


@cache
def _plugins() -> dict[str, str]:
    found: dict[str, str] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(point.name, point.value)
    return found


def backend_names() -> list[str]:
    """Every backend name a setting may use (built-in first, then installed plugins)."""
    return [*BUILTIN, *(name for name in _plugins() if name not in BUILTIN)]


def _factory(name: str) -> Factory:
    target = BUILTIN.get(name) or _plugins().get(name)
    if target is None:
        raise ConfigError(f"unknown backend {name!r}; choose one of {', '.join(backend_names())}")
    module_name, _, attribute = target.partition(":")
    try:
        factory: Factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"backend {name!r} cannot be loaded from {target}: {exc}") from exc
    return factory


def create_backend(settings: Settings) -> Backend:
    """The backend ``settings`` choose (``auto`` resolved), ready to brief; close it after."""
    return _factory(settings.effective_backend)(settings)


@asynccontextmanager
async def open_backend(settings: Settings) -> AsyncIterator[Backend]:
    """One backend for many briefs, closed at the end (one connection pool for a batch)."""
    backend = create_backend(settings)
    try:
        yield backend
    finally:
        await backend.aclose()
