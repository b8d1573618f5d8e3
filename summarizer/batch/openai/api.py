"""OpenAI's Batch API for archives: submit once, collect within 24 hours, at half price.

This module is the submit / status / collect state machine and its calls to the API; the
request and answer lines are :mod:`summarizer.batch.openai.requests`, the files of the state
directory :mod:`summarizer.batch.openai.state`. The flow, one state directory per archive:

1. :func:`submit` builds one chat-completions request per article (with the same prompt and
   structured-output schema the interactive path sends for the configured mode; see
   :mod:`summarizer.batch.openai.requests`), cuts them into files within the Batch API's limits
   (50,000 requests, 200 MB), writes each as ``requests-<round>-<part>.jsonl``, uploads it
   (``purpose="batch"``), creates its batch, and records everything in ``manifest.json``
   (custom_id -> article path and SHA-256; every batch).
2. :func:`status` polls the batches.
3. :func:`collect` downloads the output and error files of finished batches, validates
   each answer against its article (schema and grounding, as instructor would; an article
   edited since submit is a failure), and writes ``results/<id>.json`` or
   ``results/<id>.error.json``. With ``resubmit=True`` it then sends every failure on disk
   again as a new round: transport failures as they were, invalid or ungrounded answers as
   a re-ask carrying the previous answer and its problems (both kept in the ``.error.json``,
   so a later ``collect --resubmit`` can rebuild it).

The state on disk is the truth: the manifest is saved only after a batch was created, and
the set to resubmit is read from ``results/``, never from one call's memory.
Control-plane calls (upload, create, retrieve, download) use the openai SDK's own retries.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import openai

from summarizer.batch.openai.requests import (
    CHAT_ENDPOINT,
    MAX_FILE_BYTES,
    MAX_REQUESTS,
    Reask,
    build_request,
    check_size,
    completion_of,
    completion_usage,
    custom_id_of,
    read_answer,
    serialise,
    split_lines,
)
from summarizer.batch.openai.state import (
    MANIFEST,
    Article,
    BatchRecord,
    Manifest,
    article_text,
    error_path,
    failures_to_resend,
    record_failure,
    result_path,
    sha256_of,
    stored_reask,
)
from summarizer.brief.render import render_json
from summarizer.brief.result import BriefResult
from summarizer.config import Settings
from summarizer.engine.backends import BackendIdentity, create_backend
from summarizer.engine.client import CallStats, map_error
from summarizer.engine.inputs import check_article
from summarizer.engine.pricing import estimate_cost
from summarizer.errors import (
    ConfigError,
    InputError,
    ModelOutputError,
    ProviderError,
    SummarizerError,
)
from summarizer.sources.files import read_article, write_atomically

__all__ = [
    "CHAT_ENDPOINT",
    "BatchRecord",
    "CollectReport",
    "Manifest",
    "build_request",
    "collect",
    "status",
    "submit",
]

TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})


@dataclass
class CollectReport:
    """What one :func:`collect` did.

    ``failed`` holds the failures this call found; those sent again are also listed in
    ``resubmitted_ids``. ``resubmit_error`` is why a resubmission could not be sent (the
    failures stay on disk for the next ``collect --resubmit``).
    """

    done: list[str] = field(default_factory=list)
    failed: dict[str, SummarizerError] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)
    resubmitted: list[str] = field(default_factory=list)
    """Ids of the batches created for the resubmission."""
    resubmitted_ids: list[str] = field(default_factory=list)
    """Articles (custom_ids) sent again."""
    resubmit_error: SummarizerError | None = None
    cost_usd: float = 0.0

    def unresolved(self) -> list[SummarizerError]:
        """Failures nobody is working on: not resubmitted, and a failed resubmission."""
        sent = set(self.resubmitted_ids)
        errors = [e for custom_id, e in self.failed.items() if custom_id not in sent]
        return errors + ([self.resubmit_error] if self.resubmit_error else [])

    def summary(self) -> str:
        """One line for the terminal."""
        line = f"{len(self.done)} collected, {len(self.failed)} failed"
        if self.pending:
            line += f", {len(self.pending)} batch(es) still running"
        if self.resubmitted:
            batches = ", ".join(self.resubmitted)
            line += f"; {len(self.resubmitted_ids)} failure(s) resubmitted as {batches}"
        if self.resubmit_error:
            line += f"; resubmitting failed: {self.resubmit_error}"
        if self.cost_usd:
            line += f"; estimated cost ${self.cost_usd:.4f} (batch prices)"
        return line


@dataclass(frozen=True)
class _Limits:
    max_requests: int = MAX_REQUESTS
    max_bytes: int = MAX_FILE_BYTES


@dataclass
class _RoundOutcome:
    records: list[BatchRecord]
    unsent: list[str]
    error: SummarizerError | None


# --- the client ---------------------------------------------------------------------------


def _client(settings: Settings, base_url: str | None) -> tuple[openai.OpenAI, BackendIdentity]:
    """The API client, and who answers the batch (the model backend these settings choose);
    :class:`ConfigError` when the settings choose no model."""
    identity = create_backend(settings).identity
    if identity.backend != "openai" or identity.mode is None:
        raise ConfigError(
            "the Batch API needs a model endpoint: set OPENAI_API_KEY (or --base-url)"
        )
    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    client = openai.OpenAI(
        api_key=key,
        base_url=base_url or settings.base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
    )
    return client, identity


def _call(what: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except openai.APIError as exc:
        error = map_error(exc, CallStats(requests=1))
        raise ProviderError(f"{what}: {error}", cause=exc) from None


def _upload_and_create(
    client: openai.OpenAI, state: Path, round_no: int, part: int, lines: Sequence[str]
) -> BatchRecord:
    data = "".join(lines)
    name = f"requests-{round_no}-{part}.jsonl"
    write_atomically(state / name, data)
    uploaded = _call(
        f"uploading {name}",
        lambda: client.files.create(file=(name, data.encode()), purpose="batch"),
    )
    batch = _call(
        f"creating the batch for {name}",
        lambda: client.batches.create(
            input_file_id=uploaded.id,
            endpoint=CHAT_ENDPOINT,
            completion_window="24h",
            metadata={"tool": "summarizer", "round": str(round_no), "part": str(part)},
        ),
    )
    return BatchRecord(
        id=batch.id,
        input_file_id=uploaded.id,
        round=round_no,
        part=part,
        custom_ids=[str(json.loads(line)["custom_id"]) for line in lines],
        status=str(batch.status),
    )


def _send_round(
    client: openai.OpenAI,
    state: Path,
    manifest: Manifest,
    requests: Sequence[dict[str, Any]],
    limits: _Limits,
) -> _RoundOutcome:
    """Send ``requests`` as one round of one or more batches, recording each in the
    manifest the moment it exists; stops at the first part that cannot be sent."""
    round_no = max((b.round for b in manifest.batches), default=0) + 1
    serialised = [serialise(r) for r in requests]
    parts = split_lines(serialised, max_requests=limits.max_requests, max_bytes=limits.max_bytes)
    records: list[BatchRecord] = []
    for number, lines in enumerate(parts, start=1):
        try:
            record = _upload_and_create(client, state, round_no, number, lines)
        except SummarizerError as error:
            unsent = [str(json.loads(line)["custom_id"]) for p in parts[number - 1 :] for line in p]
            return _RoundOutcome(records, unsent, error)
        for custom_id in record.custom_ids:
            manifest.articles[custom_id].rounds += 1
        manifest.batches.append(record)
        manifest.save(state)  # only now: the batch exists and will be billed
        records.append(record)
    return _RoundOutcome(records, [], None)


# --- submit, status, collect --------------------------------------------------------------


def submit(
    source: Path,
    state: Path,
    settings: Settings,
    *,
    reporting_date: dt.date | None = None,
    max_requests: int = MAX_REQUESTS,
    max_bytes: int = MAX_FILE_BYTES,
) -> list[BatchRecord]:
    """Build the requests for every ``*.txt`` in ``source``, upload them, create the batches.

    More requests than ``max_requests``, or more than ``max_bytes`` of them, go in several
    batches. When a later batch cannot be created, the earlier ones stay recorded, the
    articles left out are recorded as failures (for ``collect --resubmit``), and
    :class:`ProviderError` says so.
    """
    if (state / MANIFEST).exists():
        raise InputError(f"{state}: already holds a batch; use 'status' / 'collect', or a new dir")
    articles = sorted(source.glob("*.txt")) if source.is_dir() else []
    if not articles:
        raise InputError(f"{source}: no .txt articles in it")
    client, identity = _client(settings, None)
    manifest = Manifest(
        backend=identity.backend,
        model=identity.model,
        mode=settings.mode,
        base_url=identity.base_url,
        prompt_version=identity.prompt_version,
        reporting_date=reporting_date,
    )
    requests = []
    for path in articles:
        text = check_article(read_article(path), max_chars=settings.max_input_chars)
        manifest.articles[path.stem] = Article(path=str(path.resolve()), sha256=sha256_of(text))
        requests.append(build_request(path.stem, text, settings, reporting_date=reporting_date))
    state.mkdir(parents=True, exist_ok=True)
    sent = _send_round(client, state, manifest, requests, _Limits(max_requests, max_bytes))
    if sent.error is None:
        return sent.records
    if not sent.records:
        raise sent.error  # nothing exists: no manifest, so the same submit can be run again
    for custom_id in sent.unsent:
        record_failure(
            state, custom_id, manifest.articles[custom_id], sent.error, round_no=1, reask=None
        )
    raise ProviderError(
        f"{sent.error}; {len(sent.records)} batch(es) were created and recorded, "
        f"{len(sent.unsent)} article(s) were not sent: "
        f"run 'summarizer batch collect {state} --resubmit' to send them",
        cause=sent.error,
    )


def _settings_for(manifest: Manifest, settings: Settings) -> Settings:
    """The caller's credentials with the model and mode the archive was submitted with."""
    base_url = manifest.base_url if manifest.base_url and not settings.base_url else None
    return settings.merged({"model": manifest.model, "mode": manifest.mode, "base_url": base_url})


def status(state: Path, settings: Settings) -> list[tuple[BatchRecord, dict[str, int]]]:
    """Refresh every uncollected batch; returns each batch with its request counts."""
    manifest = Manifest.load(state)
    settings = _settings_for(manifest, settings)
    client, _ = _client(settings, manifest.base_url)
    rows = []
    for record in manifest.batches:
        counts: dict[str, int] = {}
        if not record.collected:
            batch = _call("checking the batch", partial(client.batches.retrieve, record.id))
            record.status = str(batch.status)
            if batch.request_counts is not None:
                counts = batch.request_counts.model_dump()
        rows.append((record, counts))
    manifest.save(state)
    return rows


def _download(client: openai.OpenAI, file_id: str | None) -> list[object]:
    if not file_id:
        return []
    content = _call("downloading results", lambda: client.files.content(file_id))
    lines: list[object] = []
    for raw in content.text.splitlines():
        if raw.strip():
            try:
                lines.append(json.loads(raw))
            except ValueError:
                lines.append(None)  # unreadable: counted as malformed, its article "missing"
    return lines


def _missing(record: BatchRecord, batch: Any, malformed: int) -> str:
    why = f"missing from the output of batch {record.id} (status {record.status})"
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    messages = [m for m in (str(getattr(e, "message", "") or "") for e in errors) if m]
    if malformed:
        messages.append(f"the output held {malformed} malformed line(s) without a custom_id")
    return why + (": " + "; ".join(messages) if messages else "")


def _collect_batch(
    state: Path, manifest: Manifest, record: BatchRecord, batch: Any, lines: Iterable[object]
) -> CollectReport:
    """Results and failures of one finished batch, written to ``state/results``."""
    report = CollectReport()
    by_id: dict[str, dict[str, Any]] = {}
    malformed = 0
    for line in lines:
        custom_id = custom_id_of(line)
        if custom_id is None or not isinstance(line, dict):
            malformed += 1
        else:
            by_id[custom_id] = line
    turnaround = float((batch.completed_at or batch.created_at) - batch.created_at)
    for custom_id in record.custom_ids:
        article = manifest.articles[custom_id]
        line = by_id.get(custom_id)
        reask: Reask | None = None
        try:
            if line is None:
                raise ProviderError(_missing(record, batch, malformed))
            completion = completion_of(line)
            article.usage = article.usage + completion_usage(completion)
            text = article_text(article)
            try:
                brief = read_answer(completion, text, manifest.mode)
            except ModelOutputError as invalid:
                reask = completion if invalid.problems else None
                raise
            result = BriefResult(
                brief=brief,
                backend=manifest.backend,
                model=str(completion.get("model") or manifest.model),
                prompt_version=manifest.prompt_version,
                attempts=article.rounds,
                requests=article.rounds,
                usage=article.usage,
                latency_s=turnaround,
                cost_usd=estimate_cost(manifest.model, article.usage, batch=True),
            )
            write_atomically(result_path(state, custom_id), render_json(result) + "\n")
            error_path(state, custom_id).unlink(missing_ok=True)
            report.done.append(custom_id)
            report.cost_usd += result.cost_usd or 0.0
        except SummarizerError as error:
            record_failure(state, custom_id, article, error, round_no=record.round, reask=reask)
            report.failed[custom_id] = error
    return report


def collect(
    state: Path,
    settings: Settings,
    *,
    resubmit: bool = False,
    wait: bool = False,
    poll_interval: float = 30.0,
    max_rounds: int = 3,
    sleep: Callable[[float], None] = time.sleep,
    max_requests: int = MAX_REQUESTS,
    max_bytes: int = MAX_FILE_BYTES,
) -> CollectReport:
    """Collect finished batches into ``state/results``; optionally resubmit the failures.

    With ``resubmit=True`` every article with a ``.error.json`` and no result, sent fewer
    than ``max_rounds`` times and in no running batch, is sent again (in batches within
    ``max_requests`` / ``max_bytes``), whichever earlier ``collect`` recorded its failure.
    """
    manifest = Manifest.load(state)
    settings = _settings_for(manifest, settings)
    client, _ = _client(settings, manifest.base_url)
    report = CollectReport()
    for record in manifest.batches:
        if record.collected:
            continue
        batch = _call("checking the batch", partial(client.batches.retrieve, record.id))
        while wait and str(batch.status) not in TERMINAL:
            sleep(poll_interval)
            batch = _call("checking the batch", partial(client.batches.retrieve, record.id))
        record.status = str(batch.status)
        if record.status not in TERMINAL:
            report.pending.append(record.id)
            continue
        lines = _download(client, batch.output_file_id) + _download(client, batch.error_file_id)
        one = _collect_batch(state, manifest, record, batch, lines)
        report.done += one.done
        report.failed |= one.failed
        report.cost_usd += one.cost_usd
        record.collected = True
        manifest.save(state)  # after each batch: an interrupted collect keeps what it wrote
    manifest.save(state)
    if resubmit:
        _resubmit(
            client, state, manifest, settings, report, max_rounds, _Limits(max_requests, max_bytes)
        )
    return report


def _resubmit(
    client: openai.OpenAI,
    state: Path,
    manifest: Manifest,
    settings: Settings,
    report: CollectReport,
    max_rounds: int,
    limits: _Limits,
) -> None:
    requests = []
    round_no = max((b.round for b in manifest.batches), default=0) + 1  # the round not sent
    for custom_id in failures_to_resend(state, manifest, max_rounds):
        article = manifest.articles[custom_id]
        reask = stored_reask(error_path(state, custom_id))
        try:
            text = article_text(article)
            request = build_request(
                custom_id, text, settings, reporting_date=manifest.reporting_date, reask=reask
            )
            check_size(serialise(request), limits.max_bytes)
        except InputError as error:  # edited, gone, or too big: sending it would not help
            record_failure(state, custom_id, article, error, round_no=round_no, reask=reask)
            report.failed[custom_id] = error
            continue
        requests.append(request)
    if not requests:
        return
    sent = _send_round(client, state, manifest, requests, limits)
    report.resubmitted = [r.id for r in sent.records]
    report.resubmitted_ids = [c for r in sent.records for c in r.custom_ids]
    report.resubmit_error = sent.error
