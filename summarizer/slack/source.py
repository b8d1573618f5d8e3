"""What a Slack user asked us to brief: a link to fetch, or article text they pasted.

Slack sends message text in its own markup: links as ``<https://a.example/x|label>`` or
``<https://a.example/x>``, mentions as ``<@U123>``, channels as ``<#C123|name>``, broadcasts
as ``<!here>``, and ``&``, ``<``, ``>`` escaped as entities. Slash commands may send links raw
when the command does not ask Slack to escape them, so bare URLs are recognised too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ArticleSource", "parse_source", "slack_to_plain"]

# A message that is a link plus a few words ("worth reading: <url>") is a request to fetch
# the link; anything longer is the article itself, pasted.
_MAX_CHARS_AROUND_LINK = 280

_MARKUP = re.compile(r"<([^<>]*)>")
_BARE_URL = re.compile(r"https?://[^\s<>|]+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""


@dataclass(frozen=True)
class ArticleSource:
    """Exactly one of ``url`` (to fetch) and ``text`` (to brief as is) is set."""

    url: str | None = None
    text: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.url and not (self.text and self.text.strip())


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _render_markup(inner: str, links: list[str]) -> str:
    target, _, label = inner.partition("|")
    if target.startswith(("@", "!")):
        return ""  # mentions and broadcasts are addressing, not article text
    if target.startswith("#"):
        return f"#{label}" if label else ""
    if target.lower().startswith(("http://", "https://")):
        links.append(_unescape(target))
        return label or target
    return label or target


def slack_to_plain(text: str) -> tuple[str, list[str]]:
    """Slack markup -> plain text, plus the http(s) links it contained, in order."""
    links: list[str] = []
    plain = _MARKUP.sub(lambda m: _render_markup(m.group(1), links), text)
    plain = _unescape(plain)
    if not links:
        for match in _BARE_URL.finditer(plain):
            links.append(match.group(0).rstrip(_TRAILING_PUNCTUATION))
    return plain.strip(), links


def parse_source(text: str) -> ArticleSource:
    """Decide whether ``text`` (Slack markup) asks for a link to be fetched or is the article.

    >>> parse_source("<https://news.example/aleppo|Aleppo>").url
    'https://news.example/aleppo'
    >>> parse_source("<@U1> please").text
    'please'
    """
    plain, links = slack_to_plain(text)
    if links:
        around = plain
        for link in links:
            around = around.replace(link, " ")
        if len(around.strip()) <= _MAX_CHARS_AROUND_LINK:
            return ArticleSource(url=links[0])
    return ArticleSource(text=plain)
