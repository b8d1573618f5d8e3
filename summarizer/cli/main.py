"""The ``summarizer`` command line.

Exit codes: 0 success; 1 other summarizer error; 2 bad usage or configuration; 3 bad input;
4 the model endpoint failed; 5 the model's answer stayed invalid or ungrounded.
"""

from __future__ import annotations

import logging
import os
import sys

import typer

from summarizer.cli.batch import batch_app
from summarizer.cli.brief import brief_command
from summarizer.cli.eval import app as eval_app
from summarizer.cli.slack import slack_command

__all__ = ["app", "main"]

app = typer.Typer(
    name="summarizer",
    help="Structured, grounded briefs of conflict and humanitarian news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Structured, grounded briefs of conflict and humanitarian news articles."""


app.command("brief")(brief_command)
app.command("slack")(slack_command)
app.add_typer(eval_app, name="eval")
app.add_typer(batch_app, name="batch")


def main() -> None:
    """Console-script entry point."""
    # instructor logs every failed attempt at ERROR; the CLI reports failures itself, in one
    # line, so keep library logs off stderr unless the user asks for them.
    if not os.environ.get("SUMMARIZER_LOG"):
        logging.getLogger("instructor").addHandler(logging.NullHandler())
        logging.getLogger("instructor").propagate = False
    else:
        logging.basicConfig(level=os.environ["SUMMARIZER_LOG"].upper(), stream=sys.stderr)
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
