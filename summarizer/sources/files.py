"""Article files in, result files out: reading text safely and writing atomically.

Shared by the CLI, the batch runners and the eval runner, so every way of giving summarizer
an article refuses the same bad input with the same message, and no failure ever leaves half
a file behind.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from summarizer.errors import InputError

__all__ = ["STDIN", "decode_article", "read_article", "write_atomically"]

STDIN = "-"
"""The file name that means standard input."""


def decode_article(data: bytes, *, name: str = "input") -> str:
    """Decode bytes read from a file or stdin as UTF-8 text, or raise :class:`InputError`."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} looks like binary data (it contains NUL bytes), not article text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not UTF-8 text (undecodable byte at offset {exc.start}); "
            "convert it to UTF-8 first"
        ) from None


def read_article(source: str | Path, *, stdin: BinaryIO | None = None) -> str:
    """The text of the article file ``source`` (``"-"``: standard input).

    Raises :class:`InputError` naming the file for a missing file, a directory, an
    unreadable file, binary data or text that is not UTF-8.
    """
    if str(source) == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return decode_article(stream.read(), name="standard input")
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{source}: is a directory, not an article file") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {exc.strerror}") from None
    return decode_article(data, name=str(source))


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file, so a failure never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
