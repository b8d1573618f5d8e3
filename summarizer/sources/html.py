"""HTML given as an article: recognise a web page and brief its main text, not its markup.

Every reader of article text (files, standard input, fetched pages served as plain text)
asks :func:`looks_like_html`; a page is then reduced to its main text by the same extractor
the URL fetcher uses (:func:`summarizer.sources.fetch.extract_article`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from summarizer.errors import FetchError, InputError

__all__ = ["ArticleText", "article_text", "looks_like_html", "page_date"]

# A document that opens as a web page does: an optional XML declaration and comments, then a
# doctype, <html>, <head> or <body>. Text that merely mentions a tag later on is prose.
_PAGE_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body)[\s>]",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_html(text: str) -> bool:
    """True when ``text`` is a web page (it opens with a doctype, ``<html>``, ``<head>`` or
    ``<body>``), not article prose.

    >>> looks_like_html('<!DOCTYPE html><html lang="en"><head><title>x</title>')
    True
    >>> looks_like_html("Shelling hit the port; the <html> tag was not involved.")
    False
    """
    return _PAGE_START.match(text[:4096]) is not None


@dataclass(frozen=True)
class ArticleText:
    """An article as read. When the input was a web page (``html`` True), ``text`` is its
    main text and ``title`` / ``date`` are what the page says about itself, if anything."""

    text: str
    html: bool = False
    title: str | None = None
    date: str | None = None


def page_date(raw: str | None) -> dt.date | None:
    """The date a page gives itself (an :class:`ArticleText`'s or a fetched article's
    ``date``) as a date, when it reads as one; else None.

    >>> page_date("2016-12-14T09:30:00+00:00")
    datetime.date(2016, 12, 14)
    >>> page_date("last Tuesday") is None
    True
    """
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def article_text(raw: str, *, name: str, url: str | None = None) -> ArticleText:
    """``raw`` as an article: itself, or, when it is a web page, its extracted main text.

    ``name`` says where it came from in errors ("page.html", "standard input"); ``url`` helps
    the extractor when the page came from one. Raises :class:`InputError` for a page in which
    no main text is found.
    """
    if not looks_like_html(raw):
        return ArticleText(raw)
    from summarizer.sources.fetch import extract_article  # httpx, trafilatura: only for pages

    try:
        page = extract_article(raw, url=url)
    except FetchError:
        raise InputError(
            f"{name} is an HTML page with no article in it (no main text found)"
        ) from None
    return ArticleText(page.text, html=True, title=page.title, date=page.date)
