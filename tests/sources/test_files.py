from __future__ import annotations

import io
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from summarizer import InputError, OutputError
from summarizer.sources.files import decode_article, read_article, write_atomically
from tests.cli.support import full_device


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
    ],
)
def test_undecodable_bytes_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode_article(data, name="article.txt")


def test_utf8_bom_is_dropped() -> None:
    assert decode_article("\ufeffHello".encode()) == "Hello"


def test_reading_a_file_or_standard_input(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Shelling hit the port.\n", encoding="utf-8")
    assert read_article(article) == "Shelling hit the port.\n"
    assert read_article("-", stdin=io.BytesIO(b"From stdin.")) == "From stdin."


@pytest.mark.parametrize(
    ("name", "message"), [("missing.txt", "no such file"), (".", "is a directory")]
)
def test_unreadable_sources_name_the_file(tmp_path: Path, name: str, message: str) -> None:
    source = tmp_path / name
    with pytest.raises(InputError, match=message) as caught:
        read_article(source)
    assert str(source) in str(caught.value)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old", encoding="utf-8")

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OutputError, match=r"cannot write .*brief\.md: No space left on device"):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    before = os.umask(0o022)
    os.umask(before)
    yield os.umask
    os.umask(before)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_the_umask_gives(
    tmp_path: Path, umask: Callable[[int], None], mask: int, mode: int
) -> None:
    umask(mask)
    target = tmp_path / "brief.md"
    write_atomically(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == mode


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664])
def test_an_overwritten_file_keeps_its_mode(
    tmp_path: Path, umask: Callable[[int], None], mode: int
) -> None:
    umask(0o077)
    target = tmp_path / "brief.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    try:
        write_atomically(pipe, "through the pipe")
    finally:
        if reader.is_alive():  # nothing opened the pipe for writing: unblock the reader
            with pipe.open("w"):
                pass
        reader.join(5)
    assert received == ["through the pipe"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_full_disk_is_an_output_error_naming_the_file(tmp_path: Path) -> None:
    device = full_device(tmp_path)
    with pytest.raises(OutputError, match="No space left on device") as caught:
        write_atomically(device, "a brief")
    assert str(device) in str(caught.value)
    assert stat.S_ISCHR(device.stat().st_mode)
