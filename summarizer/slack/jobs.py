"""The bot's own worker pool: briefs are written here, never on Bolt's listener threads.

A job posts a "working…" placeholder, writes the brief (fetch, summarise, render: seconds to
minutes), and delivers it or tells the requester what went wrong. At most ``workers`` jobs run
and ``max_queued`` wait; past that :meth:`BriefJobs.submit` says no at once, so a handler can
still acknowledge Slack in time and tell the user to come back later.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from summarizer.errors import SummarizerError
from summarizer.slack.blocks import SlackMessage, render_working
from summarizer.slack.delivery import Place, deliver, post, report_failure
from summarizer.slack.replies import error_reply, redact, unexpected_reply, working_reply
from summarizer.slack.source import ArticleSource

__all__ = ["BriefJobs", "BriefWriter"]

log = logging.getLogger("summarizer.slack")

BriefWriter = Callable[[ArticleSource], SlackMessage]
"""Article source -> rendered brief; raises SummarizerError for what the user should hear."""


class BriefJobs:
    """A bounded pool that writes and delivers briefs; safe to submit to from any thread."""

    def __init__(
        self, write: BriefWriter, *, workers: int, max_queued: int, secrets: Iterable[str] = ()
    ) -> None:
        self._write = write
        self._secrets = list(secrets)
        self._capacity = workers + max_queued
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="brief-worker")
        self._pending = 0
        self._pending_lock = threading.Lock()

    def submit(self, source: ArticleSource, place: Place, client: Any) -> bool:
        """Queue a brief of ``source`` for ``place``; False (nothing queued) when full."""
        with self._pending_lock:
            if self._pending >= self._capacity:
                return False
            self._pending += 1
        self._pool.submit(self._run, source, place, client)
        return True

    def close(self, *, wait: bool = True) -> None:
        """Stop taking jobs; with ``wait``, let the running ones finish."""
        self._pool.shutdown(wait=wait, cancel_futures=not wait)

    def _run(self, source: ArticleSource, place: Place, client: Any) -> None:
        try:
            self._job(source, place, client)
        except Exception:  # the worker boundary: log everything, never kill the pool
            log.exception("unexpected failure while writing a brief")
        finally:
            with self._pending_lock:
                self._pending -= 1

    def _job(self, source: ArticleSource, place: Place, client: Any) -> None:
        working_ts = post(client, place, render_working(working_reply(source, place.user)))
        try:
            message = self._write(source)
        except SummarizerError as exc:
            # Provider error bodies can echo keys back; the log gets what the user gets.
            log.warning("brief failed: %s: %s", type(exc).__name__, redact(str(exc), self._secrets))
            report_failure(client, place, working_ts, error_reply(exc, self._secrets))
            return
        except Exception:  # a bug of ours must still end in a reply, not silence
            log.exception("unexpected failure while writing a brief")
            report_failure(client, place, working_ts, unexpected_reply())
            return
        deliver(client, place, working_ts, message)
