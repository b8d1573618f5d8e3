"""The eval page for 50 documents: its size and how fast headless Chromium opens it.

    .venv/bin/python benchmarks/eval_page.py

Builds 50 documents (the bundled fixtures repeated under new ids), the offline run and the
planted-errors run of them (docs/demo_runs.py), the page of the offline run alone and of both
runs, and opens each in the system's Chromium (apt-get install chromium): time to the page's
`data-ready` mark (median of 5 loads), then time to open one document. Budget: under 2 MB,
under 1 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs"))

from demo_runs import SUMMARIZER, copy_fixtures, write_runs
from playwright.sync_api import Page, sync_playwright

DOCUMENTS = 50
FLAGS = [
    *("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"),
    *("--disable-background-networking", "--disable-component-update", "--disable-sync"),
]


def _load_ms(page: Page, url: str) -> float:
    page.goto("about:blank")
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("body[data-ready]", state="attached")
    return (time.perf_counter() - started) * 1000


def _open_document_ms(page: Page, doc: str) -> float:
    started = time.perf_counter()
    page.click(f"table.heatmap[data-run='0'] tr[data-doc='{doc}'] th a")
    page.wait_for_selector(f"body[data-ready='{doc}']", state="attached")
    return (time.perf_counter() - started) * 1000


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="summarizer-eval-page-"))
    fixtures = copy_fixtures(work, DOCUMENTS)
    offline, edited = write_runs(work, fixtures)
    pages = {"1 run": (offline,), "2 runs": (offline, edited)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for label, runs in pages.items():
            out = work / f"{label.replace(' ', '-')}.html"
            started = time.perf_counter()
            subprocess.run([SUMMARIZER, "eval", "report", *map(str, runs), "--html", str(out)],
                           check=True, stdout=subprocess.DEVNULL)  # fmt: skip
            built = time.perf_counter() - started
            loads = [_load_ms(page, out.as_uri()) for _ in range(5)]
            bars = page.locator("figure.chart svg g.bars_marks path").count()
            opened = _open_document_ms(page, "hallor-siege-feature-2")
            print(
                f"{DOCUMENTS} documents, {label}: {out.stat().st_size / 1e6:.2f} MB; "
                f"eval report --html {built:.1f} s (process, runs re-read); "
                f"open {statistics.median(loads):.0f} ms (median of 5, max {max(loads):.0f}); "
                f"{bars} bars; open the long report's document {opened:.0f} ms"
            )
        browser.close()


if __name__ == "__main__":
    main()
