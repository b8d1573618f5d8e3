"""Stored predictions: a run's records, or a directory of ``<fixture id>.json`` briefs.

``summarizer eval score`` re-scores them with the current scorer and no model: a run
directory (``predictions.jsonl``), or the output of ``summarizer brief --batch`` (``<id>.json``
results and ``<id>.error.json`` failures), or hand-made ``<id>.json`` briefs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from summarizer.brief.result import BriefResult
from summarizer.errors import InputError
from summarizer.evals.dataset import Fixture
from summarizer.evals.runner import (
    PREDICTIONS_FILE,
    RUN_FILE,
    DocumentRecord,
    read_records,
    record_for,
    scored_prediction,
)
from summarizer.evals.scoring import score_brief

__all__ = ["ERROR_SUFFIX", "Stored", "load_stored", "rescore", "rescore_all"]


ERROR_SUFFIX = ".error.json"
"""``summarizer brief --batch`` writes ``<id>.error.json`` for a document that failed."""


@dataclass(frozen=True)
class _StoredFailure:
    """A document the stored run failed on (a ``<id>.error.json`` file)."""

    error_type: str
    message: str
    attempts: int = 0


Stored = dict[str, object] | DocumentRecord | _StoredFailure


def _read_json_object(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object")
    return data


def _stored_failure(path: Path) -> _StoredFailure:
    data = _read_json_object(path)
    attempts = data.get("attempts")
    return _StoredFailure(
        error_type=str(data.get("error") or "Error"),
        message=str(data.get("message") or f"failed (see {path})"),
        attempts=attempts if isinstance(attempts, int) else 0,
    )


def load_stored(directory: Path) -> dict[str, Stored]:
    """Predictions by fixture id: a run's records, or ``<id>.json`` brief / result files.

    ``<id>.error.json`` (written by ``summarizer brief --batch`` for a failed document) is
    that document's failure, unless an ``<id>.json`` answer is there too.
    """
    if (directory / PREDICTIONS_FILE).is_file():
        return {r.id: r for r in read_records(directory / PREDICTIONS_FILE)}
    found: dict[str, Stored] = {}
    failures: dict[str, Stored] = {}
    for path in sorted(directory.glob("*.json")):
        if path.name in ("report.json", RUN_FILE):
            continue
        if path.name.endswith(ERROR_SUFFIX):
            failures[path.name.removesuffix(ERROR_SUFFIX)] = _stored_failure(path)
        else:
            found[path.stem] = _read_json_object(path)
    if not found and not failures:
        raise InputError(f"{directory}: no {PREDICTIONS_FILE} and no <fixture id>.json files")
    return failures | found


def rescore(fixture: Fixture, stored: Stored) -> DocumentRecord:
    """Score one stored prediction with the current scorer (cost fields are kept)."""
    if isinstance(stored, _StoredFailure):
        return DocumentRecord(
            id=fixture.id,
            status="failed",
            error_type=stored.error_type,
            error_message=stored.message,
            attempts=stored.attempts,
            score=score_brief(None, fixture.gold, fixture.article),
        )
    if isinstance(stored, DocumentRecord):
        if stored.status != "ok":
            return stored.model_copy(
                update={"score": score_brief(None, fixture.gold, fixture.article)}
            )
        return scored_prediction(fixture, stored.brief, base=stored)
    if "brief" in stored and "backend" in stored:  # a saved BriefResult, cost included
        try:
            return record_for(fixture, BriefResult.model_validate(stored))
        except ValidationError:
            pass
    return scored_prediction(fixture, stored)


def rescore_all(directory: Path, fixtures: list[Fixture]) -> tuple[list[DocumentRecord], list[str]]:
    """Every fixture scored from ``directory``, and the stored ids that are no fixture.

    A fixture without a prediction counts as failed: a partial run must not look better.
    """
    stored = load_stored(directory)
    unknown = sorted(set(stored) - {f.id for f in fixtures})
    records = [
        rescore(f, stored[f.id])
        if f.id in stored
        else record_for(f, None, error=InputError(f"no prediction for {f.id}"))
        for f in fixtures
    ]
    return records, unknown
