"""Fetch an article from a URL a user gave us, without becoming an SSRF proxy.

Used by the Slack bot and by ``summarizer brief URL``. Anyone in a Slack workspace chooses
the URL, so the bot must not fetch what only the server can reach: loopback, private and
link-local networks, cloud metadata endpoints. The guard

- accepts only ``http`` and ``https`` URLs without credentials;
- resolves the host itself and refuses it if *any* address is not globally routable
  (IPv4-mapped and NAT64-style IPv6 forms are unwrapped first);
- connects to the address it checked (Host header and TLS SNI carry the name), so a DNS
  answer cannot change between the check and the connection;
- follows redirects by hand, checking every hop the same way;
- stops reading at a size cap;
- keeps one deadline for the whole fetch: DNS lookups, connects, TLS handshakes, header and
  body reads of every redirect hop all draw on the same ``timeout_s``, so a slow redirect
  chain or a server dripping its headers cannot stretch a fetch past it.

International domain names are sent in their IDNA (punycode) form.

The page's main text is then extracted with trafilatura.

Tests that serve pages from 127.0.0.1 pass ``allowed_networks`` (the CLI's tests through its
hidden ``--fetch-allow-network`` option); production code never does, and nothing in the
environment can widen the guard.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx
import idna

from summarizer.deadline import Deadline
from summarizer.errors import FetchError
from summarizer.sources.html import looks_like_html

__all__ = [
    "FetchLimits",
    "FetchedArticle",
    "IPAddress",
    "IPNetwork",
    "Resolver",
    "check_address",
    "fetch_article",
    "resolve_host",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[IPAddress]]
"""``(host, port) -> addresses``; the default asks the system resolver."""

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_REDIRECTS = (301, 302, 303, 307, 308)
_USER_AGENT = "summarizer-slack-bot/0.1 (+https://github.com/; article brief)"
_MIN_ARTICLE_CHARS = 200


@dataclass(frozen=True)
class FetchLimits:
    """How much the bot is willing to download for one brief."""

    max_bytes: int = 2_000_000
    timeout_s: float = 15.0
    max_redirects: int = 5


@dataclass(frozen=True)
class FetchedArticle:
    """The article text extracted from a page, with what the page says about itself."""

    url: str
    text: str
    title: str | None = None
    date: str | None = None


def resolve_host(host: str, port: int) -> list[IPAddress]:
    """Every address the system resolver gives for ``host`` (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"could not resolve {host}: the name does not exist") from exc
    addresses: list[IPAddress] = []
    for info in infos:
        raw = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        address = ipaddress.ip_address(raw)
        if address not in addresses:
            addresses.append(address)
    return addresses


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address hidden inside an IPv6 one (mapped, 6to4, Teredo, NAT64), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in ipaddress.IPv6Network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def check_address(address: IPAddress, *, allowed_networks: Sequence[IPNetwork] = ()) -> None:
    """Raise :class:`FetchError` unless ``address`` is a public unicast address.

    ``is_global`` is False for loopback, RFC 1918, link-local (169.254.0.0/16, where cloud
    metadata lives), shared address space (100.64.0.0/10), unique-local IPv6 (fc00::/7,
    e.g. fd00:ec2::254) and the reserved ranges.
    """
    if any(address in network for network in allowed_networks):
        return
    candidates: list[IPAddress] = [address]
    inner = _embedded_ipv4(address)
    if inner is not None:
        candidates.append(inner)
    for candidate in candidates:
        if not candidate.is_global or candidate.is_multicast or candidate.is_unspecified:
            raise FetchError(
                "refused to fetch that URL: it points to a private, loopback, link-local or "
                "otherwise internal address, not the public internet"
            )


def _late(error: type[Exception]) -> Callable[[], Exception]:
    """What a network wait raises when the fetch's deadline has passed before it."""
    return partial(error, "the fetch deadline has passed")


def _resolve_within(
    resolver: Resolver, host: str, port: int, deadline: Deadline, limits: FetchLimits
) -> list[IPAddress]:
    """``resolver(host, port)``, given up on when the deadline passes.

    getaddrinfo cannot be interrupted and has no timeout of its own, so it runs on a daemon
    thread; a lookup that hangs is abandoned there (the system resolver ends it eventually).
    """
    outcome: list[list[IPAddress] | BaseException] = []

    def lookup() -> None:
        try:
            outcome.append(resolver(host, port))
        except BaseException as exc:  # handed to the caller's thread below
            outcome.append(exc)

    worker = threading.Thread(target=lookup, name="fetch-dns", daemon=True)
    worker.start()
    worker.join(max(deadline.remaining(), 0.0))
    if not outcome:
        raise FetchError(_too_slow(limits))
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read, write and handshake ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(
            max_bytes, self._deadline.bound(timeout, _late(httpcore.ReadTimeout))
        )

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.bound(timeout, _late(httpcore.WriteTimeout)))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = self._deadline.bound(timeout, _late(httpcore.ConnectTimeout))
        return _DeadlineStream(
            self._inner.start_tls(ssl_context, server_hostname, bounded), self._deadline
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """TCP connections whose connect and later I/O all end by the deadline."""

    def __init__(self, deadline: Deadline) -> None:
        self._inner = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = self._deadline.bound(timeout, _late(httpcore.ConnectTimeout))
        stream = self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.UnsupportedProtocol("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


# httpcore's errors share no base class; these are the ones a fetch can raise.
_CORE_ERRORS = (
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.ProxyError,
    httpcore.ConnectionNotAvailable,
)


class _BodyStream(httpx.SyncByteStream):
    def __init__(self, inner: Iterable[bytes], request: httpx.Request) -> None:
        self._inner = inner
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._inner
        except httpcore.TimeoutException as exc:
            raise httpx.ReadTimeout(str(exc), request=self._request) from exc
        except _CORE_ERRORS as exc:
            raise httpx.ReadError(str(exc), request=self._request) from exc

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


class _DeadlineTransport(httpx.BaseTransport):
    """httpx's transport rebuilt on :class:`_DeadlineBackend`.

    httpx's own timeouts are per operation (each connect, each read), so a server answering
    one header line per second would never trip them; the deadline has to sit under them.
    """

    def __init__(self, deadline: Deadline) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_DeadlineBackend(deadline),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):
            raise TypeError("the fetch transport is synchronous")
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = self._pool.handle_request(core_request)
        except httpcore.TimeoutException as exc:
            raise httpx.TimeoutException(str(exc), request=request) from exc
        except _CORE_ERRORS as exc:
            raise httpx.TransportError(str(exc), request=request) from exc
        body = response.stream
        if not isinstance(body, Iterable):
            raise TypeError("the fetch transport is synchronous")
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_BodyStream(body, request),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


def _ascii_host(host: str) -> str:
    """``host`` as DNS, the Host header and TLS SNI need it: IDNA (punycode) when not ASCII."""
    if host.isascii():
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise FetchError("that link's host name is not a valid international domain name") from exc


@dataclass(frozen=True)
class _Target:
    url: str  # the URL as the user sees it
    connect_url: str  # the same URL with the checked IP address in place of the host
    host_header: str
    sni_host: str | None


def _checked_target(url: str, resolver: Resolver, allowed_networks: Sequence[IPNetwork]) -> _Target:
    """Parse and check ``url``; ``resolver`` must already honour the fetch deadline."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"that is not a valid URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("only http:// and https:// links can be fetched")
    if parts.username is not None or parts.password is not None:
        raise FetchError("links with a user name or password in them are not fetched")
    if not parts.hostname:
        raise FetchError("that link has no host name")
    host = _ascii_host(parts.hostname)
    port = port or (443 if scheme == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    addresses = [literal] if literal is not None else resolver(host, port)
    if not addresses:
        raise FetchError(f"could not resolve {host}")
    for address in addresses:
        check_address(address, allowed_networks=allowed_networks)
    chosen = addresses[0]
    ip_text = f"[{chosen}]" if chosen.version == 6 else str(chosen)
    default_port = parts.port is None
    netloc = ip_text if default_port else f"{ip_text}:{port}"
    path = parts.path or "/"
    connect_url = urlunsplit((scheme, netloc, path, parts.query, ""))
    host_text = f"[{host}]" if ":" in host else host
    host_header = host_text if default_port else f"{host_text}:{port}"
    sni = host if scheme == "https" and literal is None else None
    return _Target(url=url, connect_url=connect_url, host_header=host_header, sni_host=sni)


def _media_type(response: httpx.Response) -> str:
    raw = str(response.headers.get("content-type", ""))
    return raw.split(";", 1)[0].strip().lower()


def _read_capped(response: httpx.Response, limits: FetchLimits, deadline: Deadline) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(_too_big(limits))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(_too_big(limits))
        if deadline.remaining() <= 0:
            raise FetchError(_too_slow(limits))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(limits: FetchLimits) -> str:
    return f"that page is larger than {limits.max_bytes // 1_000_000 or 1} MB; not fetched"


def _too_slow(limits: FetchLimits) -> str:
    return f"that page did not load within {limits.timeout_s:g} seconds"


def _decode(data: bytes, response: httpx.Response) -> str:
    charset = response.charset_encoding or "utf-8"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def extract_article(html: str, *, url: str | None) -> FetchedArticle:
    """The main text, title and date of an HTML page, via trafilatura (``url``: where the
    page came from, when it came from one)."""
    import trafilatura  # slow to import; only pages need it

    raw = trafilatura.extract(
        html,
        url=url,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
    )
    data = json.loads(raw) if raw else {}
    text = str(data.get("text") or "").strip()
    if len(text) < _MIN_ARTICLE_CHARS:
        raise FetchError("could not find an article in that page (no main text)")
    title = data.get("title")
    date = data.get("date")
    return FetchedArticle(
        url=url or "",
        text=text,
        title=str(title) if title else None,
        date=str(date) if date else None,
    )


def fetch_article(
    url: str,
    *,
    limits: FetchLimits | None = None,
    resolver: Resolver = resolve_host,
    allowed_networks: Iterable[IPNetwork] = (),
) -> FetchedArticle:
    """Download ``url`` through the address guard and extract its article text.

    Every hop is checked again (redirects are followed by hand), and one deadline covers DNS,
    connecting, every hop and the body. Raises :class:`~summarizer.errors.FetchError` with a
    message fit to show the user. ``resolver`` and ``allowed_networks`` exist for tests (a
    fake DNS, a local server).
    """
    limits = limits or FetchLimits()
    allowed = tuple(allowed_networks)
    deadline = Deadline(limits.timeout_s)

    def resolve(host: str, port: int) -> list[IPAddress]:
        return _resolve_within(resolver, host, port, deadline, limits)

    # trust_env=False: a proxy from the environment would bypass the address checks.
    with httpx.Client(
        transport=_DeadlineTransport(deadline), follow_redirects=False, trust_env=False
    ) as client:
        current = url
        for _hop in range(limits.max_redirects + 1):
            target = _checked_target(current, resolve, allowed)
            response = _send(client, target, deadline, limits)
            try:
                location = _redirect(response)
                if location is not None:
                    current = urljoin(current, location)
                    continue
                media, body = _page(response, deadline, limits)
            finally:
                response.close()
            return _article(current, media, body)
        raise FetchError(f"that link redirects more than {limits.max_redirects} times")


def _send(
    client: httpx.Client, target: _Target, deadline: Deadline, limits: FetchLimits
) -> httpx.Response:
    """One GET to the checked address, streamed, within what the deadline leaves."""
    remaining = deadline.remaining()  # all this hop may still use
    if remaining <= 0:
        raise FetchError(_too_slow(limits))
    request = client.build_request(
        "GET",
        target.connect_url,
        headers={
            "Host": target.host_header,
            "User-Agent": _USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8",
        },
        timeout=httpx.Timeout(remaining),
        extensions={"sni_hostname": target.sni_host} if target.sni_host else None,
    )
    try:
        return client.send(request, stream=True)
    except httpx.TimeoutException as exc:
        raise FetchError(_too_slow(limits)) from exc
    except httpx.HTTPError as exc:
        raise FetchError("could not connect to that site") from exc


def _redirect(response: httpx.Response) -> str | None:
    """Where a redirect points (None when ``response`` is not one)."""
    if response.status_code not in _REDIRECTS:
        return None
    location = response.headers.get("location")
    if not location:
        raise FetchError("that site sent a redirect without a location")
    return str(location)


def _page(response: httpx.Response, deadline: Deadline, limits: FetchLimits) -> tuple[str, str]:
    """The media type and decoded body of a final answer; refused when not a readable page."""
    if response.status_code >= 400:
        raise FetchError(f"that site answered HTTP {response.status_code}; no article fetched")
    media = _media_type(response)
    if media and media not in _HTML_TYPES + _TEXT_TYPES:
        raise FetchError(f"that link is {media}, not a web page; paste the article text instead")
    try:
        data = _read_capped(response, limits, deadline)
    except httpx.TimeoutException as exc:
        raise FetchError(_too_slow(limits)) from exc
    except httpx.HTTPError as exc:
        raise FetchError("the connection broke while reading that page") from exc
    return media, _decode(data, response)


def _article(url: str, media: str, body: str) -> FetchedArticle:
    """Plain text as it is; a web page (also one served as plain text) through the
    main-text extractor."""
    if media in _TEXT_TYPES and not looks_like_html(body):
        if len(body.strip()) < _MIN_ARTICLE_CHARS:
            raise FetchError("that page holds too little text to brief")
        return FetchedArticle(url=url, text=body.strip())
    return extract_article(body, url=url)
