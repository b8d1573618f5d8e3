"""The URL guard: what the bot refuses to fetch, and what it reads from pages it may fetch."""

from __future__ import annotations

import ipaddress
import threading
import time

import pytest

from summarizer.errors import FetchError, InputError
from summarizer.sources.fetch import FetchLimits, check_address, fetch_article
from tests.fakes.web_pages import PageServer, article_html

LOOPBACK = [ipaddress.ip_network("127.0.0.0/8")]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata (AWS, GCP, Azure)
        "100.100.100.200",  # Alibaba metadata, shared address space
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fd00:ec2::254",  # AWS metadata over IPv6
        "::ffff:10.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
    ],
)
def test_internal_addresses_are_refused(address: str) -> None:
    with pytest.raises(FetchError, match="private, loopback, link-local"):
        check_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_pass(address: str) -> None:
    check_address(ipaddress.ip_address(address))


def test_fetch_error_is_an_input_error() -> None:
    assert issubclass(FetchError, InputError)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/admin",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost/",
        "http://2130706433/",  # 127.0.0.1 written as one decimal number
        "http://0x7f.1/",  # and in hex shorthand
    ],
)
def test_fetch_refuses_internal_urls_before_connecting(url: str) -> None:
    with pytest.raises(FetchError, match="private, loopback"):
        fetch_article(url)


def test_loopback_server_is_never_contacted(pages: PageServer, aleppo_page: str) -> None:
    with pytest.raises(FetchError, match="loopback"):
        fetch_article(aleppo_page)
    assert pages.hits == []


def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    def intranet_dns(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.0.0.7")]

    with pytest.raises(FetchError, match="private"):
        fetch_article("https://news.example/article", resolver=intranet_dns)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http"),
        ("ftp://news.example/a.txt", "only http"),
        ("gopher://news.example/", "only http"),
        ("http://user:pw@news.example/", "user name or password"),
        ("http:///nohost", "no host"),
        ("http://news.example:99999/", "not a valid URL"),
    ],
)
def test_bad_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch_article(url)


def test_article_text_is_extracted(aleppo_page: str, aleppo_text: str) -> None:
    article = fetch_article(aleppo_page, allowed_networks=LOOPBACK)
    assert "at least 82 civilians were killed" in article.text
    assert "Copyright Example News" not in article.text  # boilerplate dropped
    assert article.title == "Aleppo evacuation delayed"
    assert article.date == "2016-12-14"


def test_redirect_to_a_private_address_is_refused(pages: PageServer) -> None:
    pages.redirect("/go", "http://10.1.2.3/internal")
    with pytest.raises(FetchError, match="private"):
        fetch_article(pages.url("/go"), allowed_networks=LOOPBACK)
    assert pages.hits == ["/go"]


def test_redirect_to_metadata_is_refused(pages: PageServer) -> None:
    pages.redirect("/go", "http://169.254.169.254/latest/meta-data/iam/", status=301)
    with pytest.raises(FetchError, match="link-local"):
        fetch_article(pages.url("/go"), allowed_networks=LOOPBACK)


def test_redirects_are_followed_and_checked(pages: PageServer, aleppo_page: str) -> None:
    pages.redirect("/short", "/news/aleppo", status=301)
    article = fetch_article(pages.url("/short"), allowed_networks=LOOPBACK)
    assert "Aleppo" in article.text
    assert article.url == aleppo_page
    assert pages.hits == ["/short", "/news/aleppo"]


def test_redirect_loops_stop(pages: PageServer) -> None:
    pages.redirect("/loop", "/loop")
    with pytest.raises(FetchError, match="redirects more than 3"):
        fetch_article(
            pages.url("/loop"), allowed_networks=LOOPBACK, limits=FetchLimits(max_redirects=3)
        )
    assert len(pages.hits) == 4


def test_oversize_body_with_length_is_refused_unread(pages: PageServer) -> None:
    pages.page("/big", b"<p>" + b"x" * 3_000_000 + b"</p>")
    with pytest.raises(FetchError, match="larger than 2 MB"):
        fetch_article(pages.url("/big"), allowed_networks=LOOPBACK)


def test_oversize_body_without_length_is_cut_off(pages: PageServer) -> None:
    pages.stream("/endless", b"<p>" + b"y" * 65_536 + b"</p>", count=200)  # ~13 MB
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch_article(
            pages.url("/endless"),
            allowed_networks=LOOPBACK,
            limits=FetchLimits(max_bytes=1_000_000),
        )


def test_slow_drip_hits_the_deadline(pages: PageServer) -> None:
    pages.stream("/drip", b"<p>z</p>", count=100, delay=0.1)
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not load within"):
        fetch_article(
            pages.url("/drip"), allowed_networks=LOOPBACK, limits=FetchLimits(timeout_s=0.5)
        )
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"%PDF-1.4 ...", "application/pdf", "application/pdf, not a web page"),
        (b"<html><body><nav>Menu</nav></body></html>", "text/html", "could not find an article"),
    ],
)
def test_pages_without_an_article(
    pages: PageServer, body: bytes, content_type: str, message: str
) -> None:
    pages.page("/x", body, content_type)
    with pytest.raises(FetchError, match=message):
        fetch_article(pages.url("/x"), allowed_networks=LOOPBACK)


def test_http_errors_are_reported(pages: PageServer) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_article(pages.url("/missing"), allowed_networks=LOOPBACK)


def test_plain_text_pages_are_used_as_is(pages: PageServer, aleppo_text: str) -> None:
    pages.page("/a.txt", aleppo_text.encode(), "text/plain; charset=utf-8")
    article = fetch_article(pages.url("/a.txt"), allowed_networks=LOOPBACK)
    assert article.text == aleppo_text.strip()


def test_html_helper_makes_a_page() -> None:
    assert b"<article>" in article_html("one\ntwo")


# --- one deadline for the whole fetch --------------------------------------------------------

DEADLINE_MARGIN_S = 0.5  # thread and socket scheduling on a loaded machine


def test_slow_redirect_chain_is_refused_within_the_cap(pages: PageServer) -> None:
    for hop in range(5):
        pages.redirect(f"/hop{hop}", f"/hop{hop + 1}", delay=0.8)
    pages.redirect("/hop5", "/end", delay=0.8)
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not load within 1 seconds"):
        fetch_article(
            pages.url("/hop0"), allowed_networks=LOOPBACK, limits=FetchLimits(timeout_s=1.0)
        )
    elapsed = time.monotonic() - started
    print(f"slow redirect chain refused after {elapsed:.2f} s")
    assert elapsed < 1.0 + DEADLINE_MARGIN_S
    assert pages.hits[:2] == ["/hop0", "/hop1"]


def test_dripped_headers_hit_the_deadline(pages: PageServer) -> None:
    # Each header line arrives well inside any per-read timeout; only a total deadline stops it.
    pages.drip_headers("/drip-headers", count=40, delay=0.1)
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not load within"):
        fetch_article(
            pages.url("/drip-headers"),
            allowed_networks=LOOPBACK,
            limits=FetchLimits(timeout_s=0.5),
        )
    assert time.monotonic() - started < 0.5 + DEADLINE_MARGIN_S


def test_a_hanging_dns_lookup_counts_against_the_deadline() -> None:
    released = threading.Event()

    def hanging_dns(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        released.wait(10)
        return [ipaddress.ip_address("93.184.216.34")]

    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="did not load within"):
            fetch_article(
                "https://news.example/a", resolver=hanging_dns, limits=FetchLimits(timeout_s=0.5)
            )
        assert time.monotonic() - started < 0.5 + DEADLINE_MARGIN_S
    finally:
        released.set()


def test_resolver_errors_still_reach_the_user() -> None:
    def no_such_name(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        raise FetchError(f"could not resolve {host}: the name does not exist")

    with pytest.raises(FetchError, match=r"could not resolve news\.example"):
        fetch_article("https://news.example/a", resolver=no_such_name)


# --- international domain names --------------------------------------------------------------


def test_international_domain_is_fetched_by_its_punycode_name(
    pages: PageServer, aleppo_text: str
) -> None:
    pages.page("/news/aleppo", article_html(aleppo_text))
    port = pages.root.rsplit(":", 1)[1]
    asked: list[str] = []

    def idn_dns(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        asked.append(host)
        if host != "xn--bcher-kva.example":
            raise FetchError(f"could not resolve {host}")
        return [ipaddress.ip_address("127.0.0.1")]

    url = f"http://bücher.example:{port}/news/aleppo"
    article = fetch_article(url, resolver=idn_dns, allowed_networks=LOOPBACK)
    assert "at least 82 civilians were killed" in article.text
    assert article.url == url
    assert asked == ["xn--bcher-kva.example"]
    assert pages.hosts == [f"xn--bcher-kva.example:{port}"]


def test_international_domain_reaches_the_address_check() -> None:
    def intranet_dns(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [ipaddress.ip_address("10.0.0.7")]

    with pytest.raises(FetchError, match="private"):
        fetch_article("https://bücher.example/", resolver=intranet_dns)


@pytest.mark.parametrize(
    "host", ["xn--bcher-kva\u200d.example", "a\u0301\u0000b.example", "\u2488.example"]
)
def test_host_that_is_not_a_valid_idn_is_a_clear_fetch_error(host: str) -> None:
    with pytest.raises(FetchError, match="not a valid international domain name"):
        fetch_article(f"https://{host}/article")
