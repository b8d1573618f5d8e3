"""The Slack app: a slash command, a message shortcut and @-mentions, each answered with a brief.

Slack gives an app 3 seconds to acknowledge a request and retries when it does not; a model
call takes far longer. So every handler only acknowledges and hands the job to the bot's own
worker pool. Bolt's listener threads are never held by a model call, so acknowledgements stay
fast however busy the workers are (a lazy listener would run on Bolt's pool and could queue
acks behind long jobs). Retries Slack sends anyway (``X-Slack-Retry-Num``) carry the same
``event_id`` as the first delivery and are dropped once that event is in hand.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from summarizer.config import Settings
from summarizer.engine.pipeline import summarize
from summarizer.errors import InputError, SummarizerError
from summarizer.slack.blocks import SlackMessage, render_brief, render_notice, render_working
from summarizer.slack.replies import USAGE, error_reply, redact, unexpected_reply, working_reply
from summarizer.slack.source import ArticleSource, parse_source
from summarizer.sources.fetch import FetchedArticle, FetchLimits, fetch_article

__all__ = ["BotConfig", "BriefBot", "Fetcher", "RecentEvents", "build_bot"]

log = logging.getLogger("summarizer.slack")

Fetcher = Callable[[str], FetchedArticle]
"""URL -> article; the default is :func:`~summarizer.sources.fetch.fetch_article`."""

# Slack answers these when blocks break a rule we did not foresee; the text still goes out.
_BLOCK_ERRORS = {"invalid_blocks", "invalid_blocks_format", "msg_too_long", "too_many_blocks"}
# The bot cannot see the channel: only an invitation helps.
_NOT_IN_CHANNEL_ERRORS = {"not_in_channel", "channel_not_found"}


@dataclass(frozen=True)
class BotConfig:
    """What the Slack side needs; model settings travel separately as :class:`Settings`."""

    bot_token: str
    signing_secret: str | None = None
    app_token: str | None = None
    command: str = "/brief"
    shortcut_callback_id: str = "brief_this"
    api_base_url: str | None = None
    workers: int = 4
    max_queued: int = 50
    verify_token: bool = True
    fetch_limits: FetchLimits = field(default_factory=FetchLimits)

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


@dataclass(frozen=True)
class _Place:
    """Where a request came from and where its answer goes."""

    channel: str
    user: str | None
    thread_ts: str | None = None
    respond: Any = None  # Bolt's Respond when Slack gave a response_url


class BriefBot:
    """The Bolt app plus the worker pool that writes briefs; build it with :func:`build_bot`."""

    def __init__(
        self,
        config: BotConfig,
        settings: Settings,
        *,
        fetcher: Fetcher | None = None,
        client: WebClient | None = None,
    ) -> None:
        self.config = config
        self.settings = settings
        self._fetch: Fetcher = fetcher or (
            lambda url: fetch_article(url, limits=config.fetch_limits)
        )
        self._secrets = [*config.secrets()]
        if settings.api_key is not None:
            self._secrets.append(settings.api_key.get_secret_value())
        self._pool = ThreadPoolExecutor(
            max_workers=config.workers, thread_name_prefix="brief-worker"
        )
        self._pending = 0
        self._pending_lock = threading.Lock()
        self.recent_events = RecentEvents()
        web = client or WebClient(
            token=config.bot_token,
            base_url=config.api_base_url or WebClient.BASE_URL,
        )
        self.app = App(
            client=web,
            signing_secret=config.signing_secret or "",
            # Socket Mode has no HTTP endpoint and so no signature to check.
            request_verification_enabled=bool(config.signing_secret),
            token_verification_enabled=config.verify_token,
            logger=log,
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
        if not self._submit(
            source,
            _Place(command.get("channel_id", ""), command.get("user_id"), None, respond),
            client,
            with_placeholder=True,
        ):
            ack(
                text="I am busy with other briefs; please try again in a minute.",
                response_type="ephemeral",
            )
            return
        ack()

    def _on_shortcut(self, ack: Any, shortcut: dict[str, Any], respond: Any, client: Any) -> None:
        ack()
        message = shortcut.get("message") or {}
        place = _Place(
            channel=(shortcut.get("channel") or {}).get("id", ""),
            user=(shortcut.get("user") or {}).get("id"),
            thread_ts=message.get("thread_ts") or message.get("ts"),
            respond=respond,
        )
        source = parse_source(_message_text(message))
        if source.is_empty:
            self._tell_user(client, place, "That message has no text or link I can brief.")
            return
        if not self._submit(source, place, client, with_placeholder=True):
            self._tell_user(client, place, "I'm busy with other briefs; please try again soon.")

    def _on_mention(self, ack: Any, event: dict[str, Any], client: Any) -> None:
        ack()
        place = _Place(
            channel=event.get("channel", ""),
            user=event.get("user"),
            thread_ts=event.get("thread_ts") or event.get("ts"),
        )
        source = parse_source(str(event.get("text") or ""))
        if source.is_empty:
            self._tell_user(client, place, USAGE.replace("/brief", "@mention me with"))
            return
        if not self._submit(source, place, client, with_placeholder=True):
            self._tell_user(client, place, "I'm busy with other briefs; please try again soon.")

    def _submit(
        self, source: ArticleSource, place: _Place, client: Any, *, with_placeholder: bool
    ) -> bool:
        with self._pending_lock:
            if self._pending >= self.config.workers + self.config.max_queued:
                return False
            self._pending += 1
        self._pool.submit(self._run, source, place, client, with_placeholder)
        return True

    # --- the job, on a worker thread ----------------------------------------------------------

    def _run(self, source: ArticleSource, place: _Place, client: Any, placeholder: bool) -> None:
        try:
            self._job(source, place, client, placeholder)
        except Exception:  # the worker boundary: log everything, never kill the pool
            log.exception("unexpected failure while writing a brief")
        finally:
            with self._pending_lock:
                self._pending -= 1

    def _job(self, source: ArticleSource, place: _Place, client: Any, placeholder: bool) -> None:
        working_ts = None
        if placeholder:
            working = render_working(working_reply(source, place.user))
            working_ts = self._post(client, place, working)
        try:
            message = self.brief(source)
        except SummarizerError as exc:
            # Provider error bodies can echo keys back; the log gets what the user gets.
            log.warning("brief failed: %s: %s", type(exc).__name__, redact(str(exc), self._secrets))
            self._fail(client, place, working_ts, error_reply(exc, self._secrets))
            return
        except Exception:  # a bug of ours must still end in a reply, not silence
            log.exception("unexpected failure while writing a brief")
            self._fail(client, place, working_ts, unexpected_reply())
            return
        self._deliver(client, place, working_ts, message)

    def brief(self, source: ArticleSource) -> SlackMessage:
        """Fetch (when ``source`` is a link), summarise and render; raises SummarizerError."""
        title = url = None
        reporting_date = None
        if source.url:
            article = self._fetch(source.url)
            text, title, url = article.text, article.title, article.url
            reporting_date = _parse_date(article.date)
        elif source.text:
            text = source.text
        else:
            raise InputError("there is no text to brief")
        result = summarize(text, settings=self.settings, reporting_date=reporting_date)
        return render_brief(result, title=title, source_url=url)

    # --- talking to Slack ---------------------------------------------------------------------

    @staticmethod
    def _post_message(client: Any, place: _Place, message: SlackMessage) -> Any:
        # Briefs quote article links: never let Slack unfurl them into previews.
        return client.chat_postMessage(
            channel=place.channel,
            thread_ts=place.thread_ts,
            text=message.text,
            blocks=message.blocks,
            unfurl_links=False,
            unfurl_media=False,
        )

    def _post(self, client: Any, place: _Place, message: SlackMessage) -> str | None:
        try:
            response = self._post_message(client, place, message)
        except SlackApiError as exc:
            log.info("chat.postMessage failed: %s", _slack_error(exc))
            return None
        ts = response.get("ts")
        return str(ts) if ts else None

    def _send(
        self, client: Any, place: _Place, message: SlackMessage, update_ts: str | None
    ) -> str | None:
        """Post ``message`` (or replace message ``update_ts`` with it); the Slack error or None.

        Blocks Slack rejects are dropped and the text alone is sent.
        """
        error = None
        for attempt in (message, SlackMessage(text=message.text)):
            try:
                if update_ts:
                    client.chat_update(
                        channel=place.channel,
                        ts=update_ts,
                        text=attempt.text,
                        blocks=attempt.blocks,
                    )
                else:
                    self._post_message(client, place, attempt)
                return None
            except SlackApiError as exc:
                error = _slack_error(exc)
                method = "chat.update" if update_ts else "chat.postMessage"
                log.warning("posting the brief with %s failed: %s", method, error)
                if error not in _BLOCK_ERRORS:
                    break
        return error

    def _deliver(
        self, client: Any, place: _Place, working_ts: str | None, message: SlackMessage
    ) -> None:
        update_error = None
        if working_ts:
            update_error = self._send(client, place, message, working_ts)
            if update_error is None:
                return
        # No working message, or it was deleted meanwhile or cannot be edited: post the brief
        # as a new message in the same place.
        error = self._send(client, place, message, None)
        if error is None:
            if working_ts and update_error != "message_not_found":
                self._remove(client, place, working_ts)  # a stale "working…" would mislead
            return
        # Not a member of the channel (or the post failed otherwise): the response_url of a
        # slash command or shortcut still reaches the channel.
        if place.respond is not None:
            try:
                place.respond(
                    text=message.text,
                    blocks=message.blocks,
                    response_type="in_channel",
                    replace_original=False,
                )
                return
            except Exception as exc:  # respond raises plain HTTP errors, not SlackApiError
                log.warning("response_url failed: %s", type(exc).__name__)
        if error in _NOT_IN_CHANNEL_ERRORS:
            text = (
                "I wrote the brief but could not post it here; invite me to the "
                "channel (`/invite @Brief`) and try again."
            )
        else:
            text = (
                f"I wrote the brief but Slack would not let me post it ({error}); please try again."
            )
        self._tell_user(client, place, text)

    def _remove(self, client: Any, place: _Place, ts: str) -> None:
        try:
            client.chat_delete(channel=place.channel, ts=ts)
        except SlackApiError as exc:
            log.info("could not remove the working message: %s", _slack_error(exc))

    def _fail(self, client: Any, place: _Place, working_ts: str | None, text: str) -> None:
        if working_ts:
            self._remove(client, place, working_ts)
        self._tell_user(client, place, text)

    def _tell_user(self, client: Any, place: _Place, text: str) -> None:
        """An ephemeral message only the requester sees; text is escaped here."""
        notice = render_notice(text, emoji=":warning:")
        if place.user:
            try:
                client.chat_postEphemeral(
                    channel=place.channel,
                    user=place.user,
                    thread_ts=place.thread_ts,
                    text=notice.text,
                    blocks=notice.blocks,
                )
                return
            except SlackApiError as exc:
                log.info("chat.postEphemeral failed: %s", _slack_error(exc))
        if place.respond is not None:
            try:
                place.respond(text=notice.text, blocks=notice.blocks, response_type="ephemeral")
            except Exception as exc:  # respond raises plain HTTP errors, not SlackApiError
                log.warning("could not tell the user: %s", type(exc).__name__)

    def close(self, *, wait: bool = True) -> None:
        """Stop taking jobs; with ``wait``, let the running ones finish."""
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


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


def _parse_date(raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def _slack_error(exc: SlackApiError) -> str:
    response = getattr(exc, "response", None)
    error = response.get("error") if response is not None else None
    return str(error or "unknown_error")


def build_bot(
    config: BotConfig,
    settings: Settings,
    *,
    fetcher: Fetcher | None = None,
    client: WebClient | None = None,
) -> BriefBot:
    """The Slack bot for ``config``, writing briefs with ``settings``.

    ``fetcher`` replaces the guarded URL fetcher (tests serve pages from 127.0.0.1);
    ``client`` replaces the Web API client (``config.api_base_url`` is usually enough).
    """
    return BriefBot(config, settings, fetcher=fetcher, client=client)
