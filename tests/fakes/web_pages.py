"""A local web site on 127.0.0.1 to fetch articles from (fetcher, Slack bot and CLI tests)."""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

Route = Callable[[BaseHTTPRequestHandler], None]


def article_html(text: str, *, title: str = "Aleppo evacuation delayed") -> bytes:
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    page = f"""<!doctype html><html><head><title>{html.escape(title)}</title>
<meta name="date" content="2016-12-14"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{html.escape(title)}</h1>{paragraphs}</article>
<footer>Copyright Example News</footer></body></html>"""
    return page.encode()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that refuse a page hang up mid-response; that is the point


class PageServer:
    """A local web site: routes by path; records every request's path and Host header."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.hosts: list[str] = []
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    @property
    def root(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.root + path

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        def send(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = send

    def redirect(self, path: str, location: str, status: int = 302, delay: float = 0.0) -> None:
        """Redirect to ``location``, after ``delay`` seconds (a slow hop)."""

        def send(handler: BaseHTTPRequestHandler) -> None:
            time.sleep(delay)
            handler.send_response(status)
            handler.send_header("Location", location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        self.routes[path] = send

    def stream(self, path: str, chunk: bytes, count: int, delay: float = 0.0) -> None:
        """A body sent in ``count`` chunks without a Content-Length (read until close)."""

        def send(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Connection", "close")
            handler.end_headers()
            try:
                for _ in range(count):
                    handler.wfile.write(chunk)
                    handler.wfile.flush()
                    if delay:
                        time.sleep(delay)
            except OSError:
                pass  # the client hung up, as it should
            handler.close_connection = True

        self.routes[path] = send

    def drip_headers(self, path: str, count: int, delay: float) -> None:
        """A status line, then ``count`` header lines ``delay`` seconds apart (never a body)."""

        def send(handler: BaseHTTPRequestHandler) -> None:
            try:
                handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for i in range(count):
                    handler.wfile.write(f"X-Drip-{i}: 1\r\n".encode())
                    handler.wfile.flush()
                    time.sleep(delay)
            except OSError:
                pass  # the client hung up, as it should
            handler.close_connection = True

        self.routes[path] = send

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                site.hits.append(self.path)
                site.hosts.append(self.headers.get("Host", ""))
                route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                route(self)

        return Handler


@pytest.fixture
def pages() -> Iterator[PageServer]:
    site = PageServer()
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture
def aleppo_page(pages: PageServer, aleppo_text: str) -> str:
    """The URL of the seed article served as an HTML page on 127.0.0.1."""
    pages.page("/news/aleppo", article_html(aleppo_text))
    return pages.url("/news/aleppo")
