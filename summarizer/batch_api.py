"""OpenAI's Batch API for archives: submit once, collect within 24 hours, at half price.

The flow, one state directory per archive:

1. :func:`submit` writes ``requests-1.jsonl`` (one chat-completions request per article,
   with the same prompt and the same structured-output schema that the interactive path
   sends for the configured mode), uploads it (``purpose="batch"``), creates the batch and
   records everything in ``manifest.json`` (custom_id -> article path and SHA-256).
2. :func:`status` polls the batches.
3. :func:`collect` downloads the output and error files of finished batches, validates
   each answer against its article (schema and grounding, as instructor would), writes
   ``results/<id>.json`` or ``results/<id>.error.json``, and with ``resubmit=True`` sends
   the failures again as a new batch: transport failures as they were, invalid or
   ungrounded answers as a re-ask carrying the validation problems.

Control-plane calls (upload, create, retrieve, download) use the openai SDK's own retries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Final

import instructor
import openai
from instructor.processing.response import handle_response_model
from pydantic import BaseModel, Field, ValidationError

from summarizer.client import CallStats, map_error
from summarizer.config import Backend, Mode, Settings
from summarizer.errors import (
    ConfigError,
    InputError,
    ModelOutputError,
    ProviderError,
    SummarizerError,
)
from summarizer.files import write_atomically
from summarizer.inputs import check_article, decode_article
from summarizer.pricing import estimate_cost
from summarizer.prompts import load_prompt
from summarizer.render import render_json
from summarizer.result import BriefResult, Usage
from summarizer.schema import Brief

__all__ = [
    "CHAT_ENDPOINT",
    "BatchRecord",
    "CollectReport",
    "Manifest",
    "build_request",
    "collect",
    "parse_answer",
    "status",
    "submit",
]

CHAT_ENDPOINT: Final = "/v1/chat/completions"
MANIFEST = "manifest.json"
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
_MODES = {
    Mode.TOOLS: instructor.Mode.TOOLS,
    Mode.JSON_SCHEMA: instructor.Mode.JSON_SCHEMA,
    Mode.JSON: instructor.Mode.JSON,
    Mode.MD_JSON: instructor.Mode.MD_JSON,
}


class Article(BaseModel):
    """One article of the archive, and what it has cost so far over all rounds."""

    path: str
    sha256: str
    rounds: int = 0
    usage: Usage = Field(default_factory=Usage)


class BatchRecord(BaseModel):
    """One submitted batch."""

    id: str
    input_file_id: str
    round: int
    custom_ids: list[str]
    status: str = "validating"
    collected: bool = False


class Manifest(BaseModel):
    """``manifest.json``: the settings the archive was submitted with and its batches."""

    model: str
    mode: Mode
    base_url: str | None = None
    prompt_version: str
    reporting_date: dt.date | None = None
    articles: dict[str, Article] = Field(default_factory=dict)
    batches: list[BatchRecord] = Field(default_factory=list)

    def save(self, state: Path) -> None:
        write_atomically(state / MANIFEST, self.model_dump_json(indent=2) + "\n")

    @classmethod
    def load(cls, state: Path) -> Manifest:
        path = state / MANIFEST
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(
                f"{state}: no {MANIFEST}; run 'summarizer batch submit' first"
            ) from None
        except ValidationError as exc:
            raise InputError(f"{path}: not a batch manifest ({exc.errors()[0]['msg']})") from None


class CollectReport(BaseModel):
    """What one :func:`collect` did."""

    done: list[str] = Field(default_factory=list)
    failed: dict[str, str] = Field(default_factory=dict)
    pending: list[str] = Field(default_factory=list)
    resubmitted: str | None = None
    cost_usd: float = 0.0

    def summary(self) -> str:
        """One line for the terminal."""
        line = f"{len(self.done)} collected, {len(self.failed)} failed"
        if self.pending:
            line += f", {len(self.pending)} batch(es) still running"
        if self.resubmitted:
            line += f"; failures resubmitted as {self.resubmitted}"
        if self.cost_usd:
            line += f"; estimated cost ${self.cost_usd:.4f} (batch prices)"
        return line


# --- requests and answers ---------------------------------------------------------------


def build_request(
    custom_id: str,
    text: str,
    settings: Settings,
    *,
    reporting_date: dt.date | None = None,
    reask: tuple[str, list[str]] | None = None,
) -> dict[str, Any]:
    """One JSONL line: the chat request the interactive path would send for ``text``.

    ``reask`` = (previous answer, problems) turns it into a re-ask, as instructor does.
    """
    messages = load_prompt("brief").render(text, reporting_date=reporting_date)
    if reask is not None:
        answer, problems = reask
        messages += [
            {"role": "assistant", "content": answer},
            {
                "role": "user",
                "content": "Your answer was invalid. Fix each problem and answer again:\n- "
                + "\n- ".join(problems),
            },
        ]
    _, kwargs = handle_response_model(Brief, mode=_MODES[settings.mode], messages=messages)
    body: dict[str, Any] = {"model": settings.model, **kwargs}
    if settings.temperature is not None:
        body["temperature"] = settings.temperature
    return {"custom_id": custom_id, "method": "POST", "url": CHAT_ENDPOINT, "body": body}


def parse_answer(completion: dict[str, Any]) -> str:
    """The JSON text of a chat.completion body: the tool call's arguments, or the content."""
    choices = completion.get("choices") or []
    if not choices:
        raise ModelOutputError("the answer has no choices")
    choice = choices[0]
    if choice.get("finish_reason") == "length":
        raise ModelOutputError("the model's answer was cut off by its output token limit")
    message = choice.get("message") or {}
    for call in message.get("tool_calls") or []:
        arguments = (call.get("function") or {}).get("arguments")
        if isinstance(arguments, str):
            return arguments
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        raise ModelOutputError("the answer is empty")
    content = content.strip()
    if content.startswith("```"):  # md_json mode: a fenced block
        content = content.split("\n", 1)[-1].rsplit("```", 1)[0]
    return content


def _usage(completion: dict[str, Any]) -> Usage:
    raw = completion.get("usage") or {}
    return Usage(
        prompt_tokens=int(raw.get("prompt_tokens") or 0),
        completion_tokens=int(raw.get("completion_tokens") or 0),
        total_tokens=int(raw.get("total_tokens") or 0),
    )


def _validate(answer: str, text: str) -> Brief:
    try:
        return Brief.model_validate_json(answer, context={"source": text})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "brief"
            problems.append(f"{loc}: {str(err['msg']).removeprefix('Value error, ')}")
        raise ModelOutputError(
            "the answer is invalid or ungrounded: " + problems[0], problems=problems
        ) from None


# --- the client ---------------------------------------------------------------------------


def _client(settings: Settings, base_url: str | None) -> openai.OpenAI:
    if settings.effective_backend is Backend.OFFLINE:
        raise ConfigError(
            "the Batch API needs a model endpoint: set OPENAI_API_KEY (or --base-url)"
        )
    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    return openai.OpenAI(
        api_key=key,
        base_url=base_url or settings.base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
    )


def _call(what: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except openai.APIError as exc:
        error = map_error(exc, CallStats(requests=1))
        raise ProviderError(f"{what}: {error}", cause=exc) from None


def _upload_and_create(
    client: openai.OpenAI, state: Path, round_no: int, lines: list[dict[str, Any]]
) -> BatchRecord:
    data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    name = f"requests-{round_no}.jsonl"
    write_atomically(state / name, data)
    uploaded = _call(
        "uploading the requests",
        lambda: client.files.create(file=(name, data.encode()), purpose="batch"),
    )
    batch = _call(
        "creating the batch",
        lambda: client.batches.create(
            input_file_id=uploaded.id,
            endpoint=CHAT_ENDPOINT,
            completion_window="24h",
            metadata={"tool": "summarizer", "round": str(round_no)},
        ),
    )
    return BatchRecord(
        id=batch.id,
        input_file_id=uploaded.id,
        round=round_no,
        custom_ids=[line["custom_id"] for line in lines],
        status=str(batch.status),
    )


def _read_text(path: Path) -> str:
    try:
        return decode_article(path.read_bytes(), name=str(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None


# --- submit, status, collect --------------------------------------------------------------


def submit(
    source: Path,
    state: Path,
    settings: Settings,
    *,
    reporting_date: dt.date | None = None,
) -> BatchRecord:
    """Build the requests for every ``*.txt`` in ``source``, upload them, create a batch."""
    if (state / MANIFEST).exists():
        raise InputError(f"{state}: already holds a batch; use 'status' / 'collect', or a new dir")
    articles = sorted(source.glob("*.txt")) if source.is_dir() else []
    if not articles:
        raise InputError(f"{source}: no .txt articles in it")
    client = _client(settings, None)
    manifest = Manifest(
        model=settings.model,
        mode=settings.mode,
        base_url=settings.base_url,
        prompt_version=load_prompt("brief").version,
        reporting_date=reporting_date,
    )
    lines = []
    for path in articles:
        text = check_article(_read_text(path), max_chars=settings.max_input_chars)
        manifest.articles[path.stem] = Article(
            path=str(path.resolve()), sha256=hashlib.sha256(text.encode()).hexdigest(), rounds=1
        )
        lines.append(build_request(path.stem, text, settings, reporting_date=reporting_date))
    state.mkdir(parents=True, exist_ok=True)
    record = _upload_and_create(client, state, 1, lines)
    manifest.batches.append(record)
    manifest.save(state)
    return record


def _settings_for(manifest: Manifest, settings: Settings) -> Settings:
    """The caller's credentials with the model and mode the archive was submitted with."""
    merged = settings.model_dump() | {"model": manifest.model, "mode": manifest.mode}
    if manifest.base_url and not settings.base_url:
        merged["base_url"] = manifest.base_url
    return Settings.resolve(env={}, **merged)


def status(state: Path, settings: Settings) -> list[tuple[BatchRecord, dict[str, int]]]:
    """Refresh every uncollected batch; returns each batch with its request counts."""
    manifest = Manifest.load(state)
    settings = _settings_for(manifest, settings)
    client = _client(settings, manifest.base_url)
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


def _download(client: openai.OpenAI, file_id: str | None) -> list[dict[str, Any]]:
    if not file_id:
        return []
    content = _call("downloading results", lambda: client.files.content(file_id))
    lines = []
    for raw in content.text.splitlines():
        if raw.strip():
            try:
                lines.append(json.loads(raw))
            except ValueError:
                continue  # a corrupt line: its custom_id ends up "missing" and is retried
    return lines


def _line_error(line: dict[str, Any]) -> str | None:
    """Why a batch output line failed at the HTTP level; None when it has a 200 body."""
    if line.get("error"):
        error = line["error"]
        return f"{error.get('code') or 'error'}: {error.get('message') or 'request failed'}"
    response = line.get("response") or {}
    code = response.get("status_code")
    if code != 200:
        body = response.get("body") or {}
        message = (body.get("error") or {}).get("message") if isinstance(body, dict) else None
        return f"HTTP {code}: {message or 'request failed'}"
    return None


def _missing(record: BatchRecord, batch: Any) -> str:
    why = f"missing from the output of batch {record.id} (status {record.status})"
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    messages = [str(getattr(e, "message", "") or "") for e in errors]
    return why + (": " + "; ".join(m for m in messages if m) if any(messages) else "")


def collect(
    state: Path,
    settings: Settings,
    *,
    resubmit: bool = False,
    wait: bool = False,
    poll_interval: float = 30.0,
    max_rounds: int = 3,
    sleep: Callable[[float], None] = time.sleep,
) -> CollectReport:
    """Collect finished batches into ``state/results``; optionally resubmit the failures."""
    manifest = Manifest.load(state)
    settings = _settings_for(manifest, settings)
    client = _client(settings, manifest.base_url)
    results = state / "results"
    report = CollectReport()
    reasks: dict[str, tuple[str, list[str]]] = {}
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
        by_id = {line.get("custom_id"): line for line in lines}
        turnaround = float((batch.completed_at or batch.created_at) - batch.created_at)
        for custom_id in record.custom_ids:
            article = manifest.articles[custom_id]
            line = by_id.get(custom_id)
            error_path = results / f"{custom_id}.error.json"
            try:
                if line is None:
                    raise ProviderError(_missing(record, batch))
                failure = _line_error(line)
                if failure is not None:
                    raise ProviderError(failure)
                completion = line["response"]["body"]
                article.usage = article.usage + _usage(completion)
                text = _read_text(Path(article.path))
                answer = parse_answer(completion)
                try:
                    brief = _validate(answer, text)
                except ModelOutputError as invalid:
                    reasks[custom_id] = (answer, invalid.problems)
                    raise
                result = BriefResult(
                    brief=brief,
                    backend=Backend.OPENAI.value,
                    model=str(completion.get("model") or manifest.model),
                    prompt_version=manifest.prompt_version,
                    attempts=article.rounds,
                    requests=article.rounds,
                    usage=article.usage,
                    latency_s=turnaround,
                    cost_usd=estimate_cost(manifest.model, article.usage, batch=True),
                )
                write_atomically(results / f"{custom_id}.json", render_json(result) + "\n")
                error_path.unlink(missing_ok=True)
                report.done.append(custom_id)
                report.cost_usd += result.cost_usd or 0.0
            except SummarizerError as error:
                record_error = {
                    "article": article.path,
                    "round": record.round,
                    "error": type(error).__name__,
                    "message": str(error),
                }
                if isinstance(error, ModelOutputError) and error.problems:
                    record_error["problems"] = error.problems
                write_atomically(error_path, json.dumps(record_error, indent=2) + "\n")
                report.failed[custom_id] = str(error)
        record.collected = True
    manifest.save(state)
    if resubmit and report.failed:
        report.resubmitted = _resubmit(
            client, state, manifest, settings, report, reasks, max_rounds
        )
    return report


def _resubmit(
    client: openai.OpenAI,
    state: Path,
    manifest: Manifest,
    settings: Settings,
    report: CollectReport,
    reasks: dict[str, tuple[str, list[str]]],
    max_rounds: int,
) -> str | None:
    round_no = max(b.round for b in manifest.batches) + 1
    lines = []
    for custom_id in report.failed:
        article = manifest.articles[custom_id]
        if article.rounds >= max_rounds:
            continue
        text = _read_text(Path(article.path))
        lines.append(
            build_request(
                custom_id,
                text,
                settings,
                reporting_date=manifest.reporting_date,
                reask=reasks.get(custom_id),
            )
        )
        article.rounds += 1
    if not lines:
        return None
    record = _upload_and_create(client, state, round_no, lines)
    manifest.batches.append(record)
    manifest.save(state)
    return record.id
