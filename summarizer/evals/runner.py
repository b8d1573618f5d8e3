"""Running a backend over every fixture: concurrent, bounded, resumable, failure-tolerant.

A run lives in one directory:

- ``run.json`` — what was run (backend, model, endpoint, prompt version, fixtures);
- ``predictions.jsonl`` — one :class:`DocumentRecord` per line, appended as soon as a
  document finishes, so an interrupted run loses nothing finished and resumes by skipping
  the ids already recorded (except ``error`` records, which are always run again);
- ``report.json`` / ``report.md`` — written by :mod:`summarizer.evals.report`.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from summarizer.brief.result import BriefResult, DroppedItem, Exchange
from summarizer.config import Settings
from summarizer.engine.backends import Backend, BackendIdentity, open_backend
from summarizer.engine.concurrency import bounded_map
from summarizer.engine.pipeline import ResultCache, asummarize
from summarizer.errors import InputError, SummarizerError
from summarizer.evals.dataset import Fixture
from summarizer.evals.scoring import DocumentScore, score_brief
from summarizer.sources.files import write_atomically

__all__ = [
    "PREDICTIONS_FILE",
    "RESUME_KEYS",
    "RUN_FILE",
    "DocumentRecord",
    "Status",
    "read_records",
    "record_for",
    "run_eval",
    "scored_prediction",
    "write_records",
]

PREDICTIONS_FILE = "predictions.jsonl"
RUN_FILE = "run.json"

Status = Literal["ok", "failed", "error"]
"""``ok``: scored; ``failed``: the backend gave up on the document (a :class:`SummarizerError`:
provider down, invalid answers, ...); ``error``: an unexpected exception, i.e. a bug."""


class DocumentRecord(BaseModel):
    """One document of a run: its prediction (or error), its cost and its score."""

    id: str
    status: Status
    error_type: str | None = None
    error_message: str | None = None
    brief: dict[str, Any] | None = None
    backend: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    attempts: int = 0
    requests: int = 0
    tokens: int = 0
    latency_s: float | None = None
    cost_usd: float | None = None
    cached: bool = False
    partial: bool = False
    dropped: int = 0
    dropped_items: list[DroppedItem] = Field(default_factory=list)
    """What a partial brief left out, path and reason (``dropped`` counts them)."""
    notes: list[str] = Field(default_factory=list)
    """The result's notes for a reader (partial brief, offline English only, ...)."""
    exchanges: list[Exchange] = Field(default_factory=list)
    """Every model answer as it came, with what was wrong with it (re-asks included)."""
    wall_s: float = 0.0
    score: DocumentScore


def record_for(
    fixture: Fixture,
    result: BriefResult | None,
    *,
    error: BaseException | None = None,
    cached: bool = False,
    wall_s: float = 0.0,
) -> DocumentRecord:
    """Score ``result`` (or record ``error``) for ``fixture``.

    A :class:`SummarizerError` is a ``failed`` document; any other exception is a bug in
    the code, recorded with status ``error`` and where it was raised.
    """
    if result is None:
        expected = error is None or isinstance(error, SummarizerError)
        attempts = error.attempts if isinstance(error, SummarizerError) else 0
        return DocumentRecord(
            id=fixture.id,
            status="failed" if expected else "error",
            error_type=type(error).__name__ if error else "Error",
            error_message=_describe(error) if error else "no prediction",
            attempts=attempts,
            requests=0 if cached else attempts,
            wall_s=wall_s,
            score=score_brief(None, fixture.gold, fixture.article),
        )
    return DocumentRecord(
        id=fixture.id,
        status="ok",
        brief=result.brief.model_dump(mode="json"),
        backend=result.backend,
        model=result.model,
        prompt_version=result.prompt_version,
        attempts=result.attempts,
        requests=0 if cached else result.requests,
        tokens=result.usage.total_tokens,
        latency_s=result.latency_s,
        cost_usd=result.cost_usd,
        cached=cached,
        partial=result.partial,
        dropped=len(result.dropped),
        dropped_items=list(result.dropped),
        notes=list(result.notes),
        exchanges=list(result.exchanges),
        wall_s=wall_s,
        score=score_brief(result.brief, fixture.gold, fixture.article),
    )


def _describe(error: BaseException) -> str:
    """The message of ``error``; for a bug, also where it was raised (file:line in function)."""
    message = str(error)
    if isinstance(error, SummarizerError) or error.__traceback__ is None:
        return message
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f"{message} (at {Path(frame.filename).name}:{frame.lineno} in {frame.name})"


def scored_prediction(
    fixture: Fixture, brief: dict[str, Any] | None, *, base: DocumentRecord | None = None
) -> DocumentRecord:
    """Score stored brief data; data that is not a valid Brief is recorded as failed."""
    score = score_brief(brief, fixture.gold, fixture.article)
    fields: dict[str, Any] = base.model_dump() if base is not None else {"id": fixture.id}
    fields.update(brief=brief, score=score, status="failed" if score.failed else "ok")
    if score.failed:
        fields.update(
            error_type="InvalidPrediction", error_message=score.metrics["schema_valid"].reasons[0]
        )
    return DocumentRecord.model_validate(fields)


def read_records(path: Path) -> list[DocumentRecord]:
    """The records of a ``predictions.jsonl``; the last record of an id wins.

    A final line cut short by an interruption is dropped from the file, so appending
    resumes on a clean line; any other unreadable line is an :class:`InputError`.
    """
    if not path.is_file():
        return []
    raw = path.read_bytes()
    if raw and not raw.endswith(b"\n"):
        raw = raw[: raw.rfind(b"\n") + 1]
        path.write_bytes(raw)
    records: dict[str, DocumentRecord] = {}
    for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = DocumentRecord.model_validate_json(line)
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"]
            raise InputError(f"{path}:{number}: not a prediction record: {reason}") from None
        records[record.id] = record
    return list(records.values())


def write_records(path: Path, records: Iterable[DocumentRecord]) -> None:
    """Replace ``path`` with ``records`` (atomically, through a temporary file)."""
    write_atomically(path, "".join(record.model_dump_json() + "\n" for record in records))


class _ObservedCache:
    """Wraps the shared cache for one document, to learn whether its answer was a hit."""

    def __init__(self, inner: ResultCache) -> None:
        self._inner = inner
        self.hit = False

    def get(self, key: str) -> BriefResult | None:
        found = self._inner.get(key)
        self.hit = found is not None
        return found

    def put(self, key: str, result: BriefResult) -> None:
        self._inner.put(key, result)


def _run_metadata(
    identity: BackendIdentity, fixtures_dir: Path | None, concurrency: int, cached: bool
) -> dict[str, Any]:
    return identity.model_dump() | {
        "fixtures": str(fixtures_dir) if fixtures_dir else None,
        "concurrency": concurrency,
        "cache": cached,
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


RESUME_KEYS = ("backend", "model", "base_url", "mode", "temperature", "prompt_version")
"""Settings a resumed run must share with the run it resumes: they change the answers."""


def _check_same_run(out_dir: Path, meta: dict[str, Any]) -> None:
    path = out_dir / RUN_FILE
    if not path.is_file():
        return
    try:
        before = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: unreadable run description: {exc}") from exc
    for key in RESUME_KEYS:
        if before.get(key) != meta.get(key):
            raise InputError(
                f"{out_dir} holds a run with {key}={before.get(key)!r}, not {meta.get(key)!r}; "
                "resume it with the same settings or choose another --out directory"
            )


async def run_eval(
    fixtures: list[Fixture],
    out_dir: Path,
    *,
    settings: Settings,
    concurrency: int = 4,
    cache: ResultCache | None = None,
    retry_failed: bool = False,
    fixtures_dir: Path | None = None,
    on_skip: Callable[[int], None] | None = None,
    on_record: Callable[[DocumentRecord], None] | None = None,
) -> list[DocumentRecord]:
    """Summarise and score every fixture not yet recorded in ``out_dir``; return all records.

    At most ``concurrency`` documents are in flight. A document whose backend raises a
    :class:`SummarizerError` is recorded as ``failed``; any other exception (a bug) is
    recorded as ``error``; either way the others go on. Ids already in ``predictions.jsonl``
    are skipped, except ``error`` records (always run again) and, with ``retry_failed``,
    ``failed`` ones. A backend whose answers cost nothing (the offline one) never uses
    ``cache``: caching it could only hide a changed backend.
    """
    if concurrency < 1:
        raise InputError("concurrency must be at least 1")
    out_dir.mkdir(parents=True, exist_ok=True)
    async with open_backend(settings) as backend:
        cache = cache if backend.caches_answers else None
        meta = _run_metadata(backend.identity, fixtures_dir, concurrency, cache is not None)
        _check_same_run(out_dir, meta)
        if not (out_dir / RUN_FILE).is_file():
            write_atomically(out_dir / RUN_FILE, json.dumps(meta, indent=2) + "\n")
        predictions = out_dir / PREDICTIONS_FILE
        done = {r.id: r for r in read_records(predictions)}
        pending = _pending(fixtures, done, retry_failed)
        if on_skip is not None:
            on_skip(len(fixtures) - len(pending))

        async def one(fixture: Fixture) -> None:
            record = await _run_one(fixture, backend, cache)
            # Written from the event loop thread, one whole line at a time.
            with predictions.open("a", encoding="utf-8") as out:
                out.write(record.model_dump_json() + "\n")
            done[record.id] = record
            if on_record is not None:
                on_record(record)

        await bounded_map(pending, one, concurrency=concurrency)
    order = {f.id: i for i, f in enumerate(fixtures)}
    return sorted(done.values(), key=lambda r: (order.get(r.id, len(order)), r.id))


def _pending(
    fixtures: list[Fixture], done: dict[str, DocumentRecord], retry_failed: bool
) -> list[Fixture]:
    finished = {
        i
        for i, r in done.items()
        if r.status == "ok" or (r.status == "failed" and not retry_failed)
    }
    return [f for f in fixtures if f.id not in finished]


async def _run_one(fixture: Fixture, backend: Backend, cache: ResultCache | None) -> DocumentRecord:
    observed = _ObservedCache(cache) if cache is not None else None
    started = time.perf_counter()
    try:
        result = await asummarize(fixture.article, backend=backend, cache=observed)
    # A run must survive any one document, bugs included: record and go on. The record's
    # status (failed or error) keeps a bug from passing as a model failure.
    except Exception as exc:
        return record_for(fixture, None, error=exc, wall_s=time.perf_counter() - started)
    return record_for(
        fixture,
        result,
        cached=bool(observed and observed.hit),
        wall_s=time.perf_counter() - started,
    )
