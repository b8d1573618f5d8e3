"""Loading eval fixtures: ``evals/fixtures/<id>/article.txt`` plus ``gold.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import InputError
from summarizer.evals.gold import GoldBrief, load_gold
from summarizer.resources import bundled

__all__ = ["Fixture", "default_fixtures_dir", "load_fixtures"]

ARTICLE_FILE = "article.txt"
GOLD_FILE = "gold.yaml"


@dataclass(frozen=True)
class Fixture:
    """One labelled article: its id (the directory name), text and gold brief."""

    id: str
    article: str
    gold: GoldBrief
    path: Path


def default_fixtures_dir() -> Path:
    """The bundled fixture set: shipped inside the package, or the checkout's
    ``evals/fixtures`` in a development install."""
    return bundled("evals/fixtures", marker="aleppo-2016-12-14/gold.yaml")


def load_fixtures(directory: Path, *, only: list[str] | None = None) -> list[Fixture]:
    """Every fixture under ``directory``, sorted by id.

    Raises :class:`~summarizer.errors.InputError` naming the file when a fixture is
    incomplete or its gold brief is malformed, and when there is no fixture at all.
    """
    if not directory.is_dir():
        raise InputError(f"{directory}: fixtures directory not found")
    fixtures = []
    for child in sorted(p for p in directory.iterdir() if p.is_dir()):
        if child.name.startswith((".", "_")) or (only and child.name not in only):
            continue
        article_path, gold_path = child / ARTICLE_FILE, child / GOLD_FILE
        for needed in (article_path, gold_path):
            if not needed.is_file():
                raise InputError(
                    f"{needed}: missing (each fixture needs {ARTICLE_FILE} and {GOLD_FILE})"
                )
        try:
            article = article_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{article_path}: cannot read article: {exc}") from exc
        fixtures.append(Fixture(child.name, article, load_gold(gold_path), child))
    if not fixtures:
        raise InputError(
            f"{directory}: no fixtures found (expected <id>/{ARTICLE_FILE} and <id>/{GOLD_FILE})"
        )
    if only:
        unknown = sorted(set(only) - {f.id for f in fixtures})
        if unknown:
            raise InputError(f"{directory}: no fixture named {', '.join(unknown)}")
    return fixtures
