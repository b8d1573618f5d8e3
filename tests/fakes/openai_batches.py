"""The files and batches endpoints of the OpenAI API, on the fake chat server.

:class:`FakeBatches` adds ``/v1/files`` (multipart upload, retrieve, content download) and
``/v1/batches`` (create, retrieve) to an :class:`~tests.fakes.openai_server.FakeOpenAI`
through its ``routes``. A batch stays ``in_progress`` for ``polls_before_done`` retrieves,
then completes: each input line is answered by the chat server's script/responder (an
:class:`Answer` goes to the output file, a :class:`Fail` to the error file), exactly as if
the line had been sent to ``/v1/chat/completions``.

Faults: ``upload_statuses`` answers the next uploads with these HTTP statuses (one per
upload, 200 = accept), and ``mangle`` rewrites each output line before it is stored (to
produce malformed output).
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from tests.fakes.openai_server import (
    Answer,
    Fail,
    FakeOpenAI,
    RecordedRequest,
    Slow,
    completion_body,
)

__all__ = ["FakeBatches"]


@dataclass
class StoredFile:
    id: str
    filename: str
    purpose: str
    data: bytes

    def object(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.data),
            "created_at": int(time.time()),
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
        }


@dataclass
class StoredBatch:
    id: str
    input_file_id: str
    endpoint: str
    metadata: dict[str, Any]
    created_at: int
    polls: int = 0
    status: str = "validating"
    output_file_id: str | None = None
    error_file_id: str | None = None
    completed_at: int | None = None
    counts: dict[str, int] = field(
        default_factory=lambda: {"total": 0, "completed": 0, "failed": 0}
    )

    def object(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "batch",
            "endpoint": self.endpoint,
            "errors": None,
            "input_file_id": self.input_file_id,
            "completion_window": "24h",
            "status": self.status,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "created_at": self.created_at,
            "completed_at": self.completed_at,
            "request_counts": self.counts,
            "metadata": self.metadata,
        }


def _multipart(recorded: RecordedRequest) -> dict[str, tuple[str | None, bytes]]:
    """Form fields of a multipart body: name -> (filename, bytes)."""
    raw = recorded.body.get("_raw", "")
    head = f"Content-Type: {recorded.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw.encode())
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        fields[str(name)] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
    return fields


class FakeBatches:
    """Files and batches on top of a running :class:`FakeOpenAI`."""

    def __init__(self, server: FakeOpenAI, *, polls_before_done: int = 0) -> None:
        self.server = server
        self.polls_before_done = polls_before_done
        self.files: dict[str, StoredFile] = {}
        self.batches: dict[str, StoredBatch] = {}
        self.upload_statuses: list[int] = []
        self.mangle: Callable[[dict[str, Any]], object] | None = None
        server.routes["/v1/files"] = self._files
        server.routes["/v1/batches"] = self._batches

    # --- helpers for tests ---------------------------------------------------------------

    def input_lines(self, batch_id: str) -> list[dict[str, Any]]:
        """The request lines a batch was created with."""
        data = self.files[self.batches[batch_id].input_file_id].data
        return [json.loads(line) for line in data.decode().splitlines() if line.strip()]

    # --- endpoints -----------------------------------------------------------------------

    def _store(self, filename: str, purpose: str, data: bytes) -> StoredFile:
        stored = StoredFile(f"file-{len(self.files) + 1}", filename, purpose, data)
        self.files[stored.id] = stored
        return stored

    def _files(self, handler: BaseHTTPRequestHandler, recorded: RecordedRequest) -> None:
        send = handler.send_json  # type: ignore[attr-defined]
        parts = recorded.path.split("?")[0].rstrip("/").split("/")  # ['', 'v1', 'files', ...]
        if recorded.method == "POST" and len(parts) == 3:
            status = self.upload_statuses.pop(0) if self.upload_statuses else 200
            if status != 200:
                send(status, {"error": {"message": "upload rejected", "type": "invalid_request"}})
                return
            fields = _multipart(recorded)
            filename, data = fields["file"]
            purpose = fields.get("purpose", (None, b""))[1].decode()
            send(200, self._store(filename or "upload.jsonl", purpose, data).object())
            return
        stored = self.files.get(parts[3]) if len(parts) > 3 else None
        if stored is None:
            send(404, {"error": {"message": "no such file", "type": "invalid_request_error"}})
        elif len(parts) == 5 and parts[4] == "content":
            handler.send_response(200)
            handler.send_header("Content-Type", "application/octet-stream")
            handler.send_header("Content-Length", str(len(stored.data)))
            handler.end_headers()
            handler.wfile.write(stored.data)
        else:
            send(200, stored.object())

    def _batches(self, handler: BaseHTTPRequestHandler, recorded: RecordedRequest) -> None:
        send = handler.send_json  # type: ignore[attr-defined]
        parts = recorded.path.split("?")[0].rstrip("/").split("/")
        if recorded.method == "POST" and len(parts) == 3:
            body = recorded.body
            if body.get("input_file_id") not in self.files:
                send(400, {"error": {"message": "unknown input file", "type": "invalid_request"}})
                return
            batch = StoredBatch(
                id=f"batch_{len(self.batches) + 1}",
                input_file_id=body["input_file_id"],
                endpoint=body.get("endpoint", ""),
                metadata=body.get("metadata") or {},
                created_at=int(time.time()),
            )
            self.batches[batch.id] = batch
            send(200, batch.object())
            return
        batch = self.batches.get(parts[3]) if len(parts) > 3 else None
        if batch is None:
            send(404, {"error": {"message": "no such batch", "type": "invalid_request_error"}})
            return
        if batch.status not in ("completed", "failed"):
            batch.polls += 1
            if batch.polls > self.polls_before_done:
                self._complete(batch)
            else:
                batch.status = "in_progress"
        send(200, batch.object())

    def _complete(self, batch: StoredBatch) -> None:
        outputs: list[str] = []
        errors: list[str] = []
        for n, line in enumerate(self.input_lines(batch.id), start=1):
            request = RecordedRequest("POST", line["url"], {}, line["body"], time.monotonic())
            with self.server._lock:
                self.server.requests.append(request)
            reply = self.server._next_reply(request)
            while isinstance(reply, Slow):
                reply = reply.then
            record: dict[str, Any] = {"id": f"batch_req_{n}", "custom_id": line["custom_id"]}
            if isinstance(reply, Answer):
                body = completion_body(line["body"], reply, number=n)
                record |= {"response": {"status_code": 200, "body": body}, "error": None}
                mangled = self.mangle(record) if self.mangle else record
                outputs.append(mangled if isinstance(mangled, str) else json.dumps(mangled))
            else:
                status = reply.status if isinstance(reply, Fail) else 500
                message = reply.message if isinstance(reply, Fail) else "connection dropped"
                error = {"error": {"message": message, "type": "server_error"}}
                record |= {"response": {"status_code": status, "body": error}, "error": None}
                errors.append(json.dumps(record))
        if outputs:
            batch.output_file_id = self._store("output.jsonl", "batch_output",
                                               "\n".join(outputs).encode() + b"\n").id  # fmt: skip
        if errors:
            batch.error_file_id = self._store("errors.jsonl", "batch_output",
                                              "\n".join(errors).encode() + b"\n").id  # fmt: skip
        batch.status = "completed"
        batch.completed_at = int(time.time())
        batch.counts = {
            "total": len(outputs) + len(errors),
            "completed": len(outputs),
            "failed": len(errors),
        }


@pytest.fixture
def openai_batches(openai_server: FakeOpenAI) -> Iterator[FakeBatches]:
    """Files and batches endpoints on ``openai_server`` (same base URL)."""
    yield FakeBatches(openai_server)
