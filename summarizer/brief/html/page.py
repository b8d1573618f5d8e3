"""Self-contained HTML pages: Jinja2 templates with their style sheets and scripts inlined.

A page opens from disk, from a CI artifact or as a chat attachment: it loads nothing (its
Content-Security-Policy forbids every fetch), so everything it shows is in the file. The
templates and assets of a page live beside the module that renders it (``templates/`` and
``static/``); the brief's document view here is shared with the eval page.
"""

from __future__ import annotations

import functools
from importlib import resources

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from summarizer.brief.html.view import Kind

__all__ = ["asset", "environment"]

SHARED = "summarizer.brief.html"
"""The package whose templates and assets every page uses (base layout, document view)."""


@functools.cache
def asset(package: str, name: str) -> Markup:
    """The text of ``static/<name>`` in ``package`` (a style sheet or a script), to inline
    as it is: our own file, never escaped."""
    text = resources.files(package).joinpath("static", name).read_text(encoding="utf-8")
    return Markup(text)


@functools.cache
def environment(*packages: str) -> Environment:
    """A Jinja2 environment over the templates of ``packages`` (first wins) and the shared
    ones; HTML-escaping on, undefined names an error, block tags leave no blank lines."""
    loaders = [PackageLoader(package, "templates") for package in (*packages, SHARED)]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["asset"] = asset
    env.globals["kinds"] = list(Kind)
    return env
