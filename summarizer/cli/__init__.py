"""The ``summarizer`` command: ``brief``, ``batch``, ``eval`` and ``slack`` sub-commands."""

from summarizer.cli.main import main

__all__ = ["main"]
