"""Charts as inline SVG, drawn at build time from Vega-Lite specifications by vl-convert
(which bundles the Vega engine: no browser, no network). A page holds the SVG itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["BAR_MARK", "field_scores_spec", "to_svg"]

BAR_MARK = "bars"
"""The name of the bar mark: its SVG group has the class ``bars_marks`` (tests count bars)."""

_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def field_scores_spec(
    fields: Sequence[tuple[str, str]], runs: Sequence[tuple[str, dict[str, float]]]
) -> dict[str, Any]:
    """Grouped horizontal bars: one group per field (in the order given, overall first), one
    bar per run, each labelled with its value so that colour is never needed to read it.

    ``fields`` are (metric, label); ``runs`` are (name, summary by metric)."""
    rows = [
        {
            "field": label,
            "run": name,
            "score": summary[metric],
            "value": f"{summary[metric]:.2f}",
            "description": f"{name}: {label} {summary[metric]:.3f}",
        }
        for metric, label in fields
        for name, summary in runs
    ]
    return {
        "$schema": _SCHEMA,
        "description": "Mean score per field, per run",
        "data": {"values": rows},
        "width": 460,
        "height": {"step": 15 if len(runs) > 1 else 20},
        "encoding": {
            "y": {"field": "field", "type": "nominal", "sort": None, "title": None},
            "yOffset": {"field": "run", "sort": None},
            "x": {
                "field": "score",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                "title": "mean score over documents (1 = gold)",
            },
        },
        "layer": [
            {
                "name": BAR_MARK,
                "mark": {"type": "bar"},
                "encoding": {
                    "color": {
                        "field": "run",
                        "sort": None,
                        "legend": {"orient": "top", "title": None, "labelLimit": 400},
                    },
                    "description": {"field": "description"},
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10},
                "encoding": {"text": {"field": "value"}},
            },
        ],
        "config": {"font": "sans-serif", "view": {"stroke": None}},
    }


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (a string to inline in the page)."""
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(spec)
    return svg
