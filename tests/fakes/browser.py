"""A real browser for the page tests: the system's headless Chromium, driven by Playwright.

One browser per test module (a fresh context per test), closed when the module is done:
Playwright's synchronous API holds an event loop while it runs, and the rest of the suite
(asyncio.run in the CLI, async tests) needs the thread's loop free. Chromium is Debian's package
(``apt-get install chromium``), never a Playwright download; where it is missing the browser
tests skip with one line saying why. The flags keep it off the network: a page under test
loads nothing but its own file, and Chromium's own background traffic is switched off.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SCREENSHOTS_ENV = "PAGE_SCREENSHOTS"
"""A directory for the screenshots the browser tests take (default: the test's tmp dir)."""


def chromium_path() -> str | None:
    """The system's Chromium, or None."""
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if chromium_path() is None:
        return "browser tests need Chromium: apt-get install chromium (not found on PATH)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need the playwright package: pip install -e '.[dev]'"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Without Chromium, mark every browser test skipped, so the report says why once per
    module instead of once per test."""
    reason = missing()
    if reason is None:
        return
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, shared by the browser tests of one module."""
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    assert executable is not None
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page and what it did that a test must see: console errors, requests."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    """A fresh page (1280 x 900) whose console errors and requests are recorded; the test
    fails on any console error or any request for something other than a local file."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = Watched(page)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))
    yield seen
    context.close()
    assert seen.errors == []
    assert [url for url in seen.requests if not url.startswith("file://")] == []


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where screenshots go: ``$PAGE_SCREENSHOTS`` or the test's tmp dir."""
    chosen = os.environ.get(SCREENSHOTS_ENV)
    target = Path(chosen) if chosen else tmp_path / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    return target
