"""Token usage -> estimated US dollars, from an editable price table.

The table is ``summarizer/prices.yaml`` (USD per 1M input and output tokens per model),
overlaid by the YAML file named in ``SUMMARIZER_PRICES`` when that is set. Costs are
estimates: prices change, and providers bill cached or reasoning tokens differently.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from summarizer.errors import ConfigError
from summarizer.result import Usage

__all__ = ["PRICES_ENV", "Price", "PriceTable", "estimate_cost", "load_prices"]

PRICES_ENV = "SUMMARIZER_PRICES"
_DEFAULT_TABLE = Path(__file__).with_name("prices.yaml")


@dataclass(frozen=True)
class Price:
    """USD per one million input (prompt) and output (completion) tokens."""

    input: float
    output: float


@dataclass(frozen=True)
class PriceTable:
    """Prices by model name, and the Batch API's discount factor."""

    models: Mapping[str, Price]
    batch_discount: float = 0.5

    def price(self, model: str) -> Price | None:
        """The price of ``model``: an exact entry, else the longest ``entry-`` prefix.

        >>> PriceTable({"gpt-4o": Price(2.5, 10.0)}).price("gpt-4o-2024-08-06")
        Price(input=2.5, output=10.0)
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
    except yaml.YAMLError as exc:
        raise ConfigError(f"price table {path}: not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"price table {path}: expected a mapping with 'models'")
    return data


def _prices(raw: object, path: Path) -> dict[str, Price]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"price table {path}: 'models' must map model names to prices")
    prices = {}
    for name, entry in raw.items():
        try:
            prices[str(name)] = Price(input=float(entry["input"]), output=float(entry["output"]))
        except (TypeError, KeyError, ValueError):
            raise ConfigError(
                f"price table {path}: model {name!r} needs numeric 'input' and 'output' "
                "(USD per 1M tokens)"
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
            discount = float(data["batch_discount"])
    return PriceTable(models=models, batch_discount=discount)


def load_prices(env: Mapping[str, str] | None = None) -> PriceTable:
    """The built-in table, overlaid by the file in ``SUMMARIZER_PRICES`` if set."""
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


def estimate_cost(
    model: str, usage: Usage, *, batch: bool = False, table: PriceTable | None = None
) -> float | None:
    """Estimated USD for ``usage`` on ``model``; None when the model is not in the table.

    ``batch=True`` applies the Batch API discount.

    >>> table = PriceTable({"gpt-4o-mini": Price(0.15, 0.60)})
    >>> usage = Usage(prompt_tokens=1_000_000, completion_tokens=0)
    >>> estimate_cost("gpt-4o-mini", usage, table=table)
    0.15
    """
    prices = table if table is not None else load_prices()
    price = prices.price(model)
    if price is None:
        return None
    cost = (usage.prompt_tokens * price.input + usage.completion_tokens * price.output) / 1e6
    if batch:
        cost *= prices.batch_discount
    return round(cost, 8)
