"""The eval report as one self-contained web page: ``summarizer eval report RUN [RUN ...]
--html OUT.html`` and ``summarizer eval compare A B --html OUT.html``.

The page has an overview (field scores as a chart drawn at build time, reliability and cost,
deltas and regressions when there are several runs), a documents × fields heatmap whose cells
open each document, and one page per document: the article with the run's evidence marked
(the brief page's own document view) beside gold and prediction aligned item by item, with
the scorer's reason for every lost point. Filters keep their state in the URL.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
from collections.abc import Sequence
from pathlib import Path

from summarizer.brief.html.page import environment
from summarizer.evals.html.aligned import STATUS_WORDS
from summarizer.evals.html.charts import field_scores_spec, to_svg
from summarizer.evals.html.documents import document_page, heatmap_rows
from summarizer.evals.html.fields import FIELDS
from summarizer.evals.html.overview import baseline_deltas, field_rows, run_rows
from summarizer.evals.html.runs import LoadedRun, load_runs, page_runs
from summarizer.sources.files import write_atomically

__all__ = ["LoadedRun", "load_runs", "page_runs", "render_eval_page", "write_eval_page"]

PACKAGE = "summarizer.evals.html"


def _title(runs: Sequence[LoadedRun]) -> str:
    if len(runs) == 1:
        return f"Eval: {runs[0].name} ({runs[0].description})"
    return "Eval: " + " vs ".join(run.name for run in runs)


def render_eval_page(runs: Sequence[LoadedRun], *, title: str | None = None) -> str:
    """The page of ``runs`` (the first is the baseline the others are compared with)."""
    if not runs:
        raise ValueError("an eval page needs at least one run")
    chart = to_svg(
        field_scores_spec(
            [(f.metric, f.label) for f in FIELDS], [(r.name, r.report.summary) for r in runs]
        )
    )
    rows = heatmap_rows(runs)
    env = environment(PACKAGE)
    body = env.get_template("eval_parts.html.j2").module.document_body  # type: ignore[attr-defined]
    pages = []
    for i, row in enumerate(rows):
        page = document_page(runs, row.id, i)
        pages.append((page, _packed(str(body(page, runs, FIELDS, STATUS_WORDS)))))
    template = env.get_template("eval.html.j2")
    deltas = baseline_deltas(runs)
    return template.render(
        title=title or _title(runs),
        runs=runs,
        chart=chart,
        field_rows=field_rows(runs, deltas),
        run_rows=run_rows(runs, deltas),
        fields=FIELDS,
        rows=rows,
        pages=pages,
        status_words=STATUS_WORDS,
        built=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def _packed(html: str) -> str:
    """``html`` gzipped (no timestamp: the same runs give the same file) and base64-encoded."""
    return base64.b64encode(gzip.compress(html.encode("utf-8"), mtime=0)).decode("ascii")


def write_eval_page(runs: Sequence[LoadedRun], out: Path) -> Path:
    """Write the page of ``runs`` (from :func:`load_runs` or :func:`page_runs`) to ``out``;
    return ``out``."""
    write_atomically(out, render_eval_page(runs))
    return out
