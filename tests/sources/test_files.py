from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from summarizer import InputError
from summarizer.sources.files import decode_article, read_article, write_atomically


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
    with pytest.raises(OSError):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]
