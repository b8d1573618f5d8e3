"""Data that ships with summarizer: the prompt templates and the bundled eval fixtures.

Both live at the top of the repository (reviewed like code) and are copied into the package
when a wheel is built (``pyproject.toml``, ``force-include``), so the same relative name finds
them in an installed package and in a checkout.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from summarizer.errors import ConfigError

__all__ = ["bundled"]

_CHECKOUT = Path(__file__).resolve().parent.parent


def bundled(name: str, *, marker: str) -> Path:
    """The directory ``name`` (e.g. ``"prompts"``, ``"evals/fixtures"``) holding ``marker``:
    inside the installed package, else in the repository checkout.

    Raises :class:`~summarizer.errors.ConfigError` naming both places when neither has it.
    """
    packaged = Path(str(resources.files("summarizer"))) / name
    if (packaged / marker).exists():
        return packaged
    checkout = _CHECKOUT / name
    if (checkout / marker).exists():
        return checkout
    raise ConfigError(f"{name} not found (looked in {packaged} and {checkout})")
