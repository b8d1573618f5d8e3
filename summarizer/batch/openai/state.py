"""The state directory of a Batch API archive: the manifest, the articles, the failures.

``manifest.json`` records the settings an archive was submitted with, each article (path,
SHA-256 of its text, how often it was sent, its usage over all rounds) and every batch.
``results/<id>.json`` is an article's result and ``results/<id>.error.json`` its latest
failure, which also keeps the invalid answer (its whole chat completion) a re-ask needs.
These files, not the memory of one command, decide what is collected and what is sent again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from summarizer.batch.openai.requests import Reask
from summarizer.batch.records import error_record
from summarizer.brief.result import Usage
from summarizer.config import Mode
from summarizer.errors import InputError, SummarizerError
from summarizer.sources.files import read_article, write_atomically

__all__ = [
    "MANIFEST",
    "RESULTS",
    "Article",
    "BatchRecord",
    "Manifest",
    "article_text",
    "error_path",
    "failures_to_resend",
    "record_failure",
    "result_path",
    "sha256_of",
    "stored_reask",
]

MANIFEST = "manifest.json"
RESULTS = "results"


class Article(BaseModel):
    """One article of the archive, and what it has cost so far over all rounds."""

    path: str
    sha256: str
    rounds: int = 0
    """Batches this article was sent in so far."""
    usage: Usage = Field(default_factory=Usage)


class BatchRecord(BaseModel):
    """One submitted batch: part ``part`` of round ``round``."""

    id: str
    input_file_id: str
    round: int
    part: int = 1
    custom_ids: list[str]
    status: str = "validating"
    collected: bool = False


class Manifest(BaseModel):
    """``manifest.json``: the settings the archive was submitted with and its batches."""

    backend: str = "openai"
    model: str
    mode: Mode
    base_url: str | None = None
    prompt_version: str
    reporting_date: dt.date | None = None
    articles: dict[str, Article] = Field(default_factory=dict)
    batches: list[BatchRecord] = Field(default_factory=list)

    def save(self, state: Path) -> None:
        """Write ``state/manifest.json`` atomically (a crash never leaves half of it)."""
        write_atomically(state / MANIFEST, self.model_dump_json(indent=2) + "\n")

    @classmethod
    def load(cls, state: Path) -> Manifest:
        """Read ``state/manifest.json``; :class:`InputError` when it is missing or not one."""
        path = state / MANIFEST
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(
                f"{state}: no {MANIFEST}; run 'summarizer batch submit' first"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read: {exc}") from None
        except ValidationError as exc:
            raise InputError(f"{path}: not a batch manifest ({exc.errors()[0]['msg']})") from None


def sha256_of(text: str) -> str:
    """The hex SHA-256 of an article's text, as recorded at submit."""
    return hashlib.sha256(text.encode()).hexdigest()


def article_text(article: Article) -> str:
    """The article as submitted; :class:`InputError` when it was edited since."""
    text = read_article(Path(article.path))
    if sha256_of(text) != article.sha256:
        raise InputError(f"{article.path}: article changed since submit")
    return text


def result_path(state: Path, custom_id: str) -> Path:
    """Where an article's result goes."""
    return state / RESULTS / f"{custom_id}.json"


def error_path(state: Path, custom_id: str) -> Path:
    """Where an article's latest failure goes."""
    return state / RESULTS / f"{custom_id}.error.json"


def stored_reask(path: Path) -> Reask | None:
    """The invalid answer kept in a failure's ``.error.json`` (None when there is none)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8")).get("reask")
    except (OSError, ValueError, AttributeError):
        return None
    # A record from before answers were kept whole holds no completion: ask again afresh.
    return stored if isinstance(stored, dict) and "choices" in stored else None


def record_failure(
    state: Path,
    custom_id: str,
    article: Article,
    error: SummarizerError,
    *,
    round_no: int,
    reask: Reask | None,
) -> None:
    """Write ``results/<id>.error.json``, keeping what a re-ask needs.

    ``reask`` is an invalid answer's completion; None keeps the one already on disk, so a
    transport failure after a re-ask is resent as that same re-ask.
    """
    path = error_path(state, custom_id)
    if reask is None:  # a transport failure: resend the last request as it was
        reask = stored_reask(path)
    record = error_record(error, article=article.path) | {
        "round": round_no,
        "attempts": article.rounds,
    }
    if reask is not None:
        record["reask"] = reask
    with contextlib.suppress(OSError):  # best effort: the failure is still in the report
        write_atomically(path, json.dumps(record, indent=2, ensure_ascii=False) + "\n")


def failures_to_resend(state: Path, manifest: Manifest, max_rounds: int) -> list[str]:
    """Articles to send again: a ``.error.json`` and no result on disk, sent fewer than
    ``max_rounds`` times, and in no batch still running."""
    running = {c for b in manifest.batches if not b.collected for c in b.custom_ids}
    return [
        custom_id
        for custom_id, article in manifest.articles.items()
        if custom_id not in running
        and article.rounds < max_rounds
        and error_path(state, custom_id).exists()
        and not result_path(state, custom_id).exists()
    ]
