"""Token usage -> estimated US dollars, from an editable price table.

The table is ``summarizer/prices.yaml`` (USD per 1M input and output tokens per model),
overlaid by the YAML file named in ``SUMMARIZER_PRICES`` when that is set. Costs are
estimates: prices change, and providers bill cached or reasoning tokens differently.

A bad or missing table never loses an answer that was already paid for:
:func:`estimate_cost` then logs a warning and returns None. Call :func:`check_prices`
before sending anything to fail early instead, with a :class:`ConfigError` naming the
file and what is wrong with it.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from summarizer.brief.result import Usage
from summarizer.errors import ConfigError

__all__ = ["PRICES_ENV", "Price", "PriceTable", "check_prices", "estimate_cost", "load_prices"]

PRICES_ENV = "SUMMARIZER_PRICES"
_DEFAULT_TABLE = Path(__file__).with_name("prices.yaml")
_log = logging.getLogger("summarizer")
_warned: set[str] = set()  # one warning per distinct problem, not one per article of a batch


@dataclass(frozen=True)
class Price:
    """USD per one million input (prompt), output (completion) and cached prompt tokens."""

    input: float
    output: float
    cached_input: float | None = None
    """The rate of prompt tokens served from the provider's cache; None: the input rate."""


@dataclass(frozen=True)
class PriceTable:
    """Prices by model name, and the Batch API's discount factor."""

    models: Mapping[str, Price]
    batch_discount: float = 0.5

    def price(self, model: str) -> Price | None:
        """The price of ``model``: an exact entry, else the longest ``entry-`` prefix.

        >>> PriceTable({"gpt-4o": Price(2.5, 10.0)}).price("gpt-4o-2024-08-06")
        Price(input=2.5, output=10.0, cached_input=None)
        """
        if model in self.models:
            return self.models[model]
        prefixes = [name for name in self.models if model.startswith(name + "-")]
        return self.models[max(prefixes, key=len)] if prefixes else None


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"price table {path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"price table {path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"price table {path}: not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"price table {path}: expected a mapping with 'models'")
    return data


def _rate(value: object) -> float:
    """A price or a discount as a finite, non-negative float; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(value)
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(value)
    return number


def _discount(raw: object, path: Path) -> float:
    try:
        discount = _rate(raw)
    except ValueError:
        discount = -1.0
    if not 0 < discount <= 1:
        raise ConfigError(
            f"price table {path}: 'batch_discount' must be a number in (0, 1], "
            f"the share of the price the Batch API charges; got {raw!r}"
        )
    return discount


def _prices(raw: object, path: Path) -> dict[str, Price]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"price table {path}: 'models' must map model names to prices")
    prices = {}
    for name, entry in raw.items():
        try:
            cached = entry.get("cached_input")
            prices[str(name)] = Price(
                input=_rate(entry["input"]),
                output=_rate(entry["output"]),
                cached_input=None if cached is None else _rate(cached),
            )
        except (TypeError, KeyError, ValueError):
            raise ConfigError(
                f"price table {path}: model {name!r} needs numeric, non-negative 'input' and "
                "'output' (and optional 'cached_input'), in USD per 1M tokens"
            ) from None
    return prices


@cache
def _load(paths: tuple[Path, ...], stamps: tuple[float, ...]) -> PriceTable:
    del stamps  # part of the cache key only: an edited file is read again
    models: dict[str, Price] = {}
    discount = 0.5
    for path in paths:
        data = _read(path)
        models.update(_prices(data.get("models"), path))
        if "batch_discount" in data:
            discount = _discount(data["batch_discount"], path)
    return PriceTable(models=models, batch_discount=discount)


def load_prices(env: Mapping[str, str] | None = None) -> PriceTable:
    """The built-in table, overlaid by the file in ``SUMMARIZER_PRICES`` if set.

    Raises :class:`ConfigError` (naming the file and the reason) when a table is missing or
    malformed. Tables are cached until their file changes.
    """
    environ = os.environ if env is None else env
    paths = [_DEFAULT_TABLE]
    override = environ.get(PRICES_ENV)
    if override:
        paths.append(Path(override))
    stamps = []
    for path in paths:
        try:
            stamps.append(path.stat().st_mtime)
        except OSError:
            raise ConfigError(f"price table {path} ({PRICES_ENV}): no such file") from None
    return _load(tuple(paths), tuple(stamps))


def check_prices(env: Mapping[str, str] | None = None) -> None:
    """Raise :class:`ConfigError` now if the price table is missing or malformed.

    For callers that want a bad ``SUMMARIZER_PRICES`` to stop them before any paid request,
    rather than a warning and ``cost_usd: null`` afterwards (see :func:`estimate_cost`).
    """
    load_prices(env)


def estimate_cost(
    model: str, usage: Usage, *, batch: bool = False, table: PriceTable | None = None
) -> float | None:
    """Estimated USD for ``usage`` on ``model``; None when the model is not in the table.

    ``batch=True`` applies the Batch API discount. Never raises for a bad table: the request
    is already made and paid for, so losing its answer over a cost estimate would be worse.
    A table that cannot be loaded logs a warning on the ``summarizer`` logger and gives None.

    Prompt tokens the provider served from its cache cost the ``cached_input`` rate.

    >>> table = PriceTable({"gpt-4o-mini": Price(0.15, 0.60, cached_input=0.075)})
    >>> usage = Usage(prompt_tokens=1_000_000, completion_tokens=0)
    >>> estimate_cost("gpt-4o-mini", usage, table=table)
    0.15
    >>> half_cached = usage.model_copy(update={"cached_tokens": 500_000})
    >>> estimate_cost("gpt-4o-mini", half_cached, table=table)
    0.1125
    """
    if table is not None:
        prices = table
    else:
        try:
            prices = load_prices()
        except ConfigError as error:
            if str(error) not in _warned:
                _warned.add(str(error))
                _log.warning("no cost estimate: %s", error)
            return None
    price = prices.price(model)
    if price is None:
        return None
    cached = min(usage.cached_tokens, usage.prompt_tokens)
    cached_rate = price.input if price.cached_input is None else price.cached_input
    cost = (
        (usage.prompt_tokens - cached) * price.input
        + cached * cached_rate
        + usage.completion_tokens * price.output
    ) / 1e6
    if batch:
        cost *= prices.batch_discount
    return round(cost, 8)
