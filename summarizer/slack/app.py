"""The Slack app: a slash command, a message shortcut and @-mentions, each answered with a brief.

Slack gives an app 3 seconds to acknowledge a request and retries when it does not; a model
call takes far longer. So every handler only acknowledges and hands the job to the bot's own
worker pool. Bolt's listener threads are never held by a model call, so acknowledgements stay
fast however busy the workers are (a lazy listener would run on Bolt's pool and could queue
acks behind long jobs). Retries Slack sends anyway (``X-Slack-Retry-Num``) carry the same
``event_id`` as the first delivery and are dropped once that event is in hand.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

from summarizer.config import Settings
from summarizer.engine.pipeline import summarize
from summarizer.errors import InputError
from summarizer.slack.blocks import SlackMessage, render_brief
from summarizer.slack.delivery import Place, tell_user
from summarizer.slack.jobs import BriefJobs
from summarizer.slack.replies import USAGE
from summarizer.slack.source import ArticleSource, parse_source
from summarizer.slack.web import DEFAULT_API_URL, check_api_url, verify_bot_token, web_client
from summarizer.sources.fetch import FetchedArticle, FetchLimits, fetch_article
from summarizer.sources.html import page_date

__all__ = ["BotConfig", "BriefBot", "Fetcher", "RecentEvents", "build_bot"]

log = logging.getLogger("summarizer.slack")

Fetcher = Callable[[str], FetchedArticle]
"""URL -> article; the default is :func:`~summarizer.sources.fetch.fetch_article`."""


class _SameTokenWarning(logging.Filter):
    """Drops Bolt's warning that the client's token wins over ``SLACK_BOT_TOKEN``.

    Bolt reads that variable by itself whenever it is set and warns when a client is given
    too; the client is built from that very variable, so there is nothing to warn about.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


_bolt_log = logging.getLogger("summarizer.slack.bolt")
_bolt_log.addFilter(_SameTokenWarning())


@dataclass(frozen=True)
class BotConfig:
    """What the Slack side needs; model settings travel separately as :class:`Settings`.

    ``slack_api_url`` is the Web API base URL (``SLACK_API_URL``; GovSlack, a proxy, a test
    fake); a malformed one raises :class:`~summarizer.errors.ConfigError` here.
    """

    bot_token: str
    signing_secret: str | None = None
    app_token: str | None = None
    command: str = "/brief"
    shortcut_callback_id: str = "brief_this"
    slack_api_url: str = DEFAULT_API_URL
    workers: int = 4
    max_queued: int = 50
    verify_token: bool = True
    fetch_limits: FetchLimits = field(default_factory=FetchLimits)

    def __post_init__(self) -> None:
        check_api_url(self.slack_api_url)

    def secrets(self) -> list[str]:
        return [s for s in (self.bot_token, self.signing_secret, self.app_token) if s]


class RecentEvents:
    """Event ids seen in the last ``ttl_s`` seconds, bounded; safe across threads."""

    def __init__(self, ttl_s: float = 3600.0, max_size: int = 10_000) -> None:
        self._ttl = ttl_s
        self._max = max_size
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """Record ``event_id``; True unless it was already recorded within the TTL."""
        now = time.monotonic()
        with self._lock:
            while self._seen and (
                len(self._seen) >= self._max or next(iter(self._seen.values())) < now - self._ttl
            ):
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now
            return True


class BriefBot:
    """The Bolt app: wiring and handlers that acknowledge and queue; build it with
    :func:`build_bot`. The briefs are written by :class:`~summarizer.slack.jobs.BriefJobs`."""

    def __init__(
        self, config: BotConfig, settings: Settings, *, fetcher: Fetcher | None = None
    ) -> None:
        if config.verify_token:
            verify_bot_token(config.slack_api_url, config.bot_token)
        self.config = config
        self.settings = settings
        self._fetch: Fetcher = fetcher or (
            lambda url: fetch_article(url, limits=config.fetch_limits)
        )
        secrets = [*config.secrets()]
        if settings.api_key is not None:
            secrets.append(settings.api_key.get_secret_value())
        self.jobs = BriefJobs(
            self.brief, workers=config.workers, max_queued=config.max_queued, secrets=secrets
        )
        self.recent_events = RecentEvents()
        self.app = App(
            client=web_client(config.slack_api_url, config.bot_token),
            signing_secret=config.signing_secret or "",
            # Socket Mode has no HTTP endpoint and so no signature to check.
            request_verification_enabled=bool(config.signing_secret),
            # Checked above, where a failure becomes one clear error; Bolt asks again (for the
            # bot's user id) when the first request arrives.
            token_verification_enabled=False,
            logger=_bolt_log,
        )
        self._register()

    # --- wiring -----------------------------------------------------------------------------

    def _register(self) -> None:
        app = self.app
        app.use(self._drop_duplicate_events)
        app.command(self.config.command)(self._on_command)
        app.message_shortcut(self.config.shortcut_callback_id)(self._on_shortcut)
        app.event("app_mention")(self._on_mention)

    def _drop_duplicate_events(self, req: Any, body: dict[str, Any], next: Any) -> Any:
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if isinstance(event_id, str) and not self.recent_events.first_time(event_id):
            retry = (req.headers.get("x-slack-retry-num") or ["?"])[0]
            reason = (req.headers.get("x-slack-retry-reason") or ["?"])[0]
            log.info("dropped retry %s (%s) of event %s: already handled", retry, reason, event_id)
            return BoltResponse(status=200, body="")
        return next()

    # --- handlers: acknowledge, then queue ----------------------------------------------------

    def _on_command(self, ack: Any, command: dict[str, Any], respond: Any, client: Any) -> None:
        source = parse_source(str(command.get("text") or ""))
        if source.is_empty:
            ack(text=USAGE, response_type="ephemeral")
            return
        place = Place(command.get("channel_id", ""), command.get("user_id"), None, respond)
        if not self.jobs.submit(source, place, client):
            ack(
                text="I am busy with other briefs; please try again in a minute.",
                response_type="ephemeral",
            )
            return
        ack()

    def _on_shortcut(self, ack: Any, shortcut: dict[str, Any], respond: Any, client: Any) -> None:
        ack()
        message = shortcut.get("message") or {}
        place = Place(
            channel=(shortcut.get("channel") or {}).get("id", ""),
            user=(shortcut.get("user") or {}).get("id"),
            thread_ts=message.get("thread_ts") or message.get("ts"),
            respond=respond,
        )
        source = parse_source(_message_text(message))
        if source.is_empty:
            tell_user(client, place, "That message has no text or link I can brief.")
            return
        if not self.jobs.submit(source, place, client):
            tell_user(client, place, "I'm busy with other briefs; please try again soon.")

    def _on_mention(self, ack: Any, event: dict[str, Any], client: Any) -> None:
        ack()
        place = Place(
            channel=event.get("channel", ""),
            user=event.get("user"),
            thread_ts=event.get("thread_ts") or event.get("ts"),
        )
        source = parse_source(str(event.get("text") or ""))
        if source.is_empty:
            tell_user(client, place, USAGE.replace("/brief", "@mention me with"))
            return
        if not self.jobs.submit(source, place, client):
            tell_user(client, place, "I'm busy with other briefs; please try again soon.")

    # --- the brief itself (on a worker thread) ------------------------------------------------

    def brief(self, source: ArticleSource) -> SlackMessage:
        """Fetch (when ``source`` is a link), summarise and render; raises SummarizerError."""
        title = url = None
        reporting_date = None
        if source.url:
            article = self._fetch(source.url)
            text, title, url = article.text, article.title, article.url
            reporting_date = page_date(article.date)
        elif source.text:
            text = source.text
        else:
            raise InputError("there is no text to brief")
        result = summarize(text, settings=self.settings, reporting_date=reporting_date)
        return render_brief(result, title=title, source_url=url)

    def close(self, *, wait: bool = True) -> None:
        """Stop taking jobs; with ``wait``, let the running ones finish."""
        self.jobs.close(wait=wait)


def _message_text(message: dict[str, Any]) -> str:
    """A message's text, or the link of its first attachment (an unfurled URL)."""
    text = str(message.get("text") or "")
    if text.strip():
        return text
    for attachment in message.get("attachments") or []:
        url = attachment.get("from_url") or attachment.get("original_url")
        if url:
            return str(url)
    return ""


def build_bot(config: BotConfig, settings: Settings, *, fetcher: Fetcher | None = None) -> BriefBot:
    """The Slack bot for ``config``, writing briefs with ``settings``.

    Checks the bot token with ``auth.test`` at ``config.slack_api_url`` first (unless
    ``config.verify_token`` is off): raises :class:`~summarizer.errors.ConfigError` when Slack
    refuses it and :class:`~summarizer.slack.web.SlackUnreachable` when Slack cannot be reached.
    ``fetcher`` replaces the guarded URL fetcher (tests serve pages from 127.0.0.1).
    """
    return BriefBot(config, settings, fetcher=fetcher)
