"""Getting a message in front of the user, whatever Slack refuses along the way.

A brief replaces the "working…" placeholder (``chat.update``); when that message is gone or
cannot be edited, the brief is posted anew (``chat.postMessage``); when Slack rejects the
blocks, the plain text goes out; when the bot may not post in the channel, the slash command's
or shortcut's ``response_url`` still reaches it; and when nothing else works, the requester gets
an ephemeral message saying what happened. Every function takes the Web API client of the
request it answers (Bolt gives one per request).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from summarizer.slack.blocks import SlackMessage, render_notice

__all__ = ["Place", "deliver", "post", "report_failure", "slack_error", "tell_user"]

log = logging.getLogger("summarizer.slack")

# Slack answers these when blocks break a rule we did not foresee; the text still goes out.
_BLOCK_ERRORS = {"invalid_blocks", "invalid_blocks_format", "msg_too_long", "too_many_blocks"}
# The bot cannot see the channel: only an invitation helps.
_NOT_IN_CHANNEL_ERRORS = {"not_in_channel", "channel_not_found"}


@dataclass(frozen=True)
class Place:
    """Where a request came from and where its answer goes."""

    channel: str
    user: str | None
    thread_ts: str | None = None
    respond: Any = None  # Bolt's Respond when Slack gave a response_url


def slack_error(exc: SlackApiError) -> str:
    """The error code of a failed Web API call (``not_in_channel``, ...)."""
    response = getattr(exc, "response", None)
    error = response.get("error") if response is not None else None
    return str(error or "unknown_error")


def _post_message(client: Any, place: Place, message: SlackMessage) -> Any:
    # Briefs quote article links: never let Slack unfurl them into previews.
    return client.chat_postMessage(
        channel=place.channel,
        thread_ts=place.thread_ts,
        text=message.text,
        blocks=message.blocks,
        unfurl_links=False,
        unfurl_media=False,
    )


def post(client: Any, place: Place, message: SlackMessage) -> str | None:
    """Post ``message`` at ``place``; its ``ts``, or None when Slack refused it."""
    try:
        response = _post_message(client, place, message)
    except SlackApiError as exc:
        log.info("chat.postMessage failed: %s", slack_error(exc))
        return None
    ts = response.get("ts")
    return str(ts) if ts else None


def _send(client: Any, place: Place, message: SlackMessage, update_ts: str | None) -> str | None:
    """Post ``message`` (or replace message ``update_ts`` with it); the Slack error or None.

    Blocks Slack rejects are dropped and the text alone is sent.
    """
    error = None
    for attempt in (message, SlackMessage(text=message.text)):
        try:
            if update_ts:
                client.chat_update(
                    channel=place.channel, ts=update_ts, text=attempt.text, blocks=attempt.blocks
                )
            else:
                _post_message(client, place, attempt)
            return None
        except SlackApiError as exc:
            error = slack_error(exc)
            method = "chat.update" if update_ts else "chat.postMessage"
            log.warning("posting the brief with %s failed: %s", method, error)
            if error not in _BLOCK_ERRORS:
                break
    return error


def _respond_in_channel(place: Place, message: SlackMessage) -> bool:
    """Post through the request's response_url; False when there is none or it failed."""
    if place.respond is None:
        return False
    try:
        place.respond(
            text=message.text,
            blocks=message.blocks,
            response_type="in_channel",
            replace_original=False,
        )
        return True
    except Exception as exc:  # respond raises plain HTTP errors, not SlackApiError
        log.warning("response_url failed: %s", type(exc).__name__)
        return False


def deliver(client: Any, place: Place, working_ts: str | None, message: SlackMessage) -> None:
    """Show the brief: in place of the working message, else as a new one, else say why not."""
    update_error = None
    if working_ts:
        update_error = _send(client, place, message, working_ts)
        if update_error is None:
            return
    # No working message, or it was deleted meanwhile or cannot be edited: post the brief
    # as a new message in the same place.
    error = _send(client, place, message, None)
    if error is None:
        if working_ts and update_error != "message_not_found":
            _remove(client, place, working_ts)  # a stale "working…" would mislead
        return
    # Not a member of the channel (or the post failed otherwise): the response_url of a
    # slash command or shortcut still reaches the channel.
    if _respond_in_channel(place, message):
        return
    if error in _NOT_IN_CHANNEL_ERRORS:
        text = (
            "I wrote the brief but could not post it here; invite me to the "
            "channel (`/invite @Brief`) and try again."
        )
    else:
        text = f"I wrote the brief but Slack would not let me post it ({error}); please try again."
    tell_user(client, place, text)


def _remove(client: Any, place: Place, ts: str) -> None:
    try:
        client.chat_delete(channel=place.channel, ts=ts)
    except SlackApiError as exc:
        log.info("could not remove the working message: %s", slack_error(exc))


def report_failure(client: Any, place: Place, working_ts: str | None, text: str) -> None:
    """Remove the working message (if any) and tell the requester ``text``."""
    if working_ts:
        _remove(client, place, working_ts)
    tell_user(client, place, text)


def tell_user(client: Any, place: Place, text: str) -> None:
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
            log.info("chat.postEphemeral failed: %s", slack_error(exc))
    if place.respond is not None:
        try:
            place.respond(text=notice.text, blocks=notice.blocks, response_type="ephemeral")
        except Exception as exc:  # respond raises plain HTTP errors, not SlackApiError
            log.warning("could not tell the user: %s", type(exc).__name__)
