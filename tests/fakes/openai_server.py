"""A local HTTP server that speaks the OpenAI chat-completions API, scripted per test.

The real ``openai`` client (and instructor on top of it) talks to it over TCP on 127.0.0.1,
so tests exercise the same code path as production. A test queues replies; each request
takes the next one (or asks ``responder`` when the queue is empty):

- :class:`Answer` — a structured answer, sent as a tool call when the request offered tools
  and as message content otherwise; a ``str`` payload is sent verbatim (malformed JSON);
- :class:`Fail` — an HTTP error status with optional headers (``Retry-After``);
- :class:`Slow` — wait, then send another reply (to trigger client timeouts);
- :class:`Drop` — close the connection without answering;
- :class:`Raw` — a 200 response with a body of the test's choosing.

Every request is recorded (path, headers, JSON body, arrival time) in ``requests``.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

__all__ = [
    "Answer",
    "Drop",
    "Fail",
    "FakeOpenAI",
    "Raw",
    "RecordedRequest",
    "Reply",
    "Slow",
    "completion_body",
]


class _Server(ThreadingHTTPServer):
    """A thread per request, and a listen backlog a real server would have: the default (5)
    makes a burst of 32 connections wait a second for the kernel to retry the refused ones."""

    daemon_threads = True
    request_queue_size = 256


@dataclass
class Answer:
    """A model answer: a dict is serialised to JSON; a str is sent exactly as given."""

    payload: dict[str, Any] | str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass
class Raw:
    """A 200 response with exactly this JSON body (for odd server shapes)."""

    body: dict[str, Any]


@dataclass
class Fail:
    """An HTTP error response."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "scripted failure"


@dataclass
class Slow:
    """Wait ``seconds`` before sending ``then``."""

    seconds: float
    then: Reply


@dataclass
class Drop:
    """Close the connection without sending a response."""


Reply = Answer | Fail | Slow | Drop | Raw


@dataclass
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    def text(self) -> str:
        """All message contents joined, for asserting what the model was told."""
        parts = []
        for message in self.messages:
            content = message.get("content")
            if isinstance(content, str):
                parts.append(content)
            elif isinstance(content, list):
                parts.extend(str(p.get("text", "")) for p in content if isinstance(p, dict))
        return "\n".join(parts)


def _estimate_tokens(text: str) -> int:
    return max(1, len(text) // 4)


def completion_body(request: dict[str, Any], answer: Answer, *, number: int) -> dict[str, Any]:
    """The chat.completion object for ``answer``, shaped to what ``request`` asked for."""
    content = answer.payload if isinstance(answer.payload, str) else json.dumps(answer.payload)
    prompt_tokens = answer.prompt_tokens
    if prompt_tokens is None:
        prompt_tokens = _estimate_tokens(json.dumps(request.get("messages", [])))
    completion_tokens = answer.completion_tokens
    if completion_tokens is None:
        completion_tokens = _estimate_tokens(content)
    tools = request.get("tools") or []
    message: dict[str, Any]
    if tools:
        name = tools[0].get("function", {}).get("name", "Brief")
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": f"call_{number}",
                    "type": "function",
                    "function": {"name": name, "arguments": content},
                }
            ],
        }
        finish = "tool_calls"
    else:
        message = {"role": "assistant", "content": content}
        finish = "stop"
    return {
        "id": f"chatcmpl-{number}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fake-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class FakeOpenAI:
    """The scripted server; use the ``openai_server`` fixture rather than building one."""

    def __init__(self) -> None:
        self.script: deque[Reply] = deque()
        self.responder: Callable[[RecordedRequest], Reply] | None = None
        self.latency = 0.0
        self.requests: list[RecordedRequest] = []
        # Extra routes (path prefix -> handler) let other fakes share this server,
        # e.g. the files and batches endpoints.
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler, RecordedRequest], None]] = {}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        # A short poll interval keeps shutdown (and so every test's teardown) fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self.script.extend(replies)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            if self.script:
                return self.script.popleft()
        if self.responder is not None:
            return self.responder(request)
        return Fail(500, message="the test scripted no reply for this request")

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep pytest output clean

            def _record(self) -> RecordedRequest:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else {}
                except ValueError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                recorded = RecordedRequest(
                    method=self.command,
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body if isinstance(body, dict) else {"_json": body},
                    at=time.monotonic(),
                )
                with fake._lock:
                    fake.requests.append(recorded)
                return recorded

            def send_json(
                self, status: int, payload: Any, headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _route(self, recorded: RecordedRequest) -> bool:
                for prefix, handler in fake.routes.items():
                    if recorded.path.split("?")[0].startswith(prefix):
                        handler(self, recorded)
                        return True
                return False

            def do_GET(self) -> None:
                recorded = self._record()
                if not self._route(recorded):
                    self.send_json(
                        404, {"error": {"message": "not found", "type": "invalid_request_error"}}
                    )

            def do_POST(self) -> None:
                recorded = self._record()
                if self._route(recorded):
                    return
                if not recorded.path.endswith("/chat/completions"):
                    self.send_json(
                        404, {"error": {"message": "not found", "type": "invalid_request_error"}}
                    )
                    return
                if fake.latency:
                    time.sleep(fake.latency)
                self._reply(recorded, fake._next_reply(recorded))

            def _reply(self, recorded: RecordedRequest, reply: Reply) -> None:
                if isinstance(reply, Slow):
                    time.sleep(reply.seconds)
                    self._reply(recorded, reply.then)
                elif isinstance(reply, Drop):
                    self.close_connection = True
                    self.connection.close()
                elif isinstance(reply, Raw):
                    self.send_json(200, reply.body)
                elif isinstance(reply, Fail):
                    error = {
                        "error": {"message": reply.message, "type": "server_error", "code": None}
                    }
                    self.send_json(reply.status, error, reply.headers)
                else:
                    body = completion_body(recorded.body, reply, number=len(fake.requests))
                    self.send_json(200, body)

        return Handler


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    """A running fake OpenAI endpoint; point clients at ``openai_server.base_url``."""
    server = FakeOpenAI()
    server.start()
    try:
        yield server
    finally:
        server.stop()
