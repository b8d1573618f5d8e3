"""Article files in, result files out: reading text safely and writing atomically.

Shared by the CLI, the batch runners and the eval runner, so every way of giving summarizer
an article refuses the same bad input with the same message, reads a web page as its main
text, and no failure ever leaves half a file behind.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from summarizer.errors import InputError, OutputError
from summarizer.sources.html import ArticleText, article_text

__all__ = ["STDIN", "ArticleText", "decode_article", "load_article", "read_article",
           "write_atomically"]  # fmt: skip

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


def load_article(source: str | Path, *, stdin: BinaryIO | None = None) -> ArticleText:
    """The article in file ``source`` (``"-"``: standard input); a web page (HTML) is read
    as its main text, with ``html`` set so the caller can say so.

    Raises :class:`InputError` naming the file for a missing file, a directory, an
    unreadable file, binary data, text that is not UTF-8, or a page with no main text.
    """
    if str(source) == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        name = "standard input"
        raw = decode_article(stream.read(), name=name)
        return article_text(raw, name=name)
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{source}: is a directory, not an article file") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {exc.strerror}") from None
    return article_text(decode_article(data, name=str(source)), name=str(source))


def read_article(source: str | Path, *, stdin: BinaryIO | None = None) -> str:
    """The text of the article file ``source``, as :func:`load_article` reads it."""
    return load_article(source, stdin=stdin).text


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a failure never leaves half a file.

    A new or regular file is written to a temporary file beside it, then renamed over it. The
    result has the mode a plain ``open()`` would give: a new file 0666 less the umask, an
    existing file keeps its own mode. A path that exists and is not a regular file (a device
    such as ``/dev/stdout``, a named pipe) cannot be replaced, so it is written directly.

    Raises :class:`OutputError` naming the file when it cannot be written (a full disk, no
    permission, a read-only file system); the old file, if any, is then left as it was.
    """
    try:
        _write(path, text)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}", cause=exc) from None


def _write(path: Path, text: str) -> None:
    try:
        existing: os.stat_result | None = path.stat()
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with path.open("w", encoding="utf-8") as handle:
            handle.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            if existing is not None:  # the umask applies to new files only
                os.fchmod(handle.fileno(), stat.S_IMODE(existing.st_mode))
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temporary_beside(path: Path) -> tuple[int, Path]:
    """A new, empty temporary file in ``path``'s directory, open for writing.

    Created with mode 0666 so the kernel applies the umask (and any default ACL) as it does
    for ``open()``; ``tempfile.mkstemp`` would always give 0600.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")
