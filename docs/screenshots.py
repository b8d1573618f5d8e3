"""Regenerate the README's screenshots (docs/images/*.png) from the bundled fixtures.

    make screenshots     # or: .venv/bin/python docs/screenshots.py

Builds the offline run and the planted-errors run (docs/demo_runs.py), their eval page, and
the brief page of the seed article (offline backend), then photographs them in the system's
headless Chromium (``apt-get install chromium``) through Playwright.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from demo_runs import SUMMARIZER, write_runs
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
SEED = ROOT / "evals" / "fixtures" / "aleppo-2016-12-14" / "article.txt"
DOCUMENT = "caldera-plains-displacement"
FLAGS = [
    *("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"),
    *("--disable-background-networking", "--disable-component-update", "--disable-sync"),
]


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready]", state="attached")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="summarizer-screens-"))
    offline, edited = write_runs(work)
    eval_page, brief_page = work / "eval.html", work / "brief.html"
    subprocess.run([SUMMARIZER, "eval", "report", str(offline), str(edited), "--html",
                    str(eval_page)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    subprocess.run([SUMMARIZER, "brief", str(SEED), "--backend", "offline", "--format", "html",
                    "-o", str(brief_page)], check=True, stderr=subprocess.DEVNULL)  # fmt: skip
    IMAGES.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        _open(page, eval_page.as_uri())
        page.screenshot(path=str(IMAGES / "eval-overview.png"))
        _open(page, f"{eval_page.as_uri()}#doc={DOCUMENT}&run=1&field=disputes")
        page.locator(
            ".run-panel[data-run='1'] section[data-field='disputes'] td.pred button"
        ).first.click()
        page.screenshot(path=str(IMAGES / "eval-document.png"))
        page.goto(brief_page.as_uri())
        page.hover("#k2 .item-title")
        page.screenshot(path=str(IMAGES / "brief-page.png"))
        browser.close()
    for image in sorted(IMAGES.glob("*.png")):
        print(f"{image.relative_to(ROOT)}: {image.stat().st_size:,} bytes")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
