"""Shared by the batch tests: articles that differ only in their dispatch number."""

from __future__ import annotations

from pathlib import Path


def variant(text: str, n: int) -> str:
    """``text`` under the line "Dispatch number N.", which tells the fake model which it got."""
    return f"Dispatch number {n}.\n\n{text}"


def write_dispatches(directory: Path, text: str, count: int) -> Path:
    """``directory`` (created) with story0.txt … story{count-1}.txt, each a :func:`variant`."""
    directory.mkdir()
    for n in range(count):
        (directory / f"story{n}.txt").write_text(variant(text, n), encoding="utf-8")
    return directory
