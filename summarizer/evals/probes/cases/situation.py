"""Probes on form and situation: number formats and list order (the same), dates,
places and evidence (wrong)."""

from __future__ import annotations

import datetime as dt

from summarizer.brief.schema import (
    Brief,
)
from summarizer.evals.probes.cases.base import (
    Setting,
    Variant,
    probe,
)
from summarizer.evals.probes.edits import (
    reformat_numbers,
    with_disputes,
    with_figures,
    with_key_facts,
    with_situation,
)


@probe("lists in reverse order")
def _reversed(setting: Setting) -> Variant:
    brief = setting.perfect
    situation = brief.situation.model_copy(
        update={
            "locations": brief.situation.locations[::-1],
            "event_dates": brief.situation.event_dates[::-1],
            "key_facts": brief.situation.key_facts[::-1],
        }
    )
    parties = [p.model_copy(update={"aliases": p.aliases[::-1]}) for p in brief.parties[::-1]]
    disputes = [
        d.model_copy(update={"claimed_by": d.claimed_by[::-1], "disputed_by": d.disputed_by[::-1]})
        for d in brief.disputed_facts[::-1]
    ]
    edited = brief.model_copy(update={"situation": situation, "parties": parties})
    edited = with_disputes(edited, disputes)
    return Variant(with_figures(edited, brief.humanitarian.figures[::-1]))


# --- numbers ------------------------------------------------------------------------------


def _reformatted(setting: Setting, separator: str) -> Variant | None:
    brief = setting.perfect

    def fix(text: str) -> str:
        return reformat_numbers(text, separator)

    facts = [
        f.model_copy(update={"statement": fix(f.statement)}) for f in brief.situation.key_facts
    ]
    disputes = [
        d.model_copy(
            update={
                "claim": fix(d.claim),
                "counter_claim": fix(d.counter_claim) if d.counter_claim else None,
            }
        )
        for d in brief.disputed_facts
    ]
    edited = with_disputes(
        with_key_facts(brief, facts, summary=fix(brief.situation.summary)), disputes
    )
    if edited == brief:
        return None
    return Variant(edited)


@probe("numbers: space separator")
def _space(setting: Setting) -> Variant | None:
    return _reformatted(setting, " ")


@probe("numbers: thin-space separator")
def _thin_space(setting: Setting) -> Variant | None:
    return _reformatted(setting, "\u2009")


@probe("numbers: dot separator")
def _dot(setting: Setting) -> Variant | None:
    return _reformatted(setting, ".")


# --- situation and evidence ---------------------------------------------------------------


@probe("reporting date: off by a day")
def _reporting_date(setting: Setting) -> Variant | None:
    brief = setting.perfect
    date = brief.situation.reporting_date
    if date is None:
        return None
    return Variant(with_situation(brief, reporting_date=date + dt.timedelta(days=1)))


@probe("event dates: off by a day")
def _event_dates(setting: Setting) -> Variant | None:
    brief = setting.perfect
    if not brief.situation.event_dates:
        return None
    events = [
        e.model_copy(update={"date": e.date + dt.timedelta(days=1)})
        for e in brief.situation.event_dates
    ]
    return Variant(with_situation(brief, event_dates=events))


@probe("locations: places not in the story")
def _locations(setting: Setting) -> Variant | None:
    brief = setting.perfect
    if not brief.situation.locations:
        return None
    invented = ["Quellby", "Zarnow", "Ostmoor", "Pellin", "Varga", "Tesk", "Murn", "Olberg"]
    places = invented[: len(brief.situation.locations)]
    return Variant(with_situation(brief, locations=places))


@probe("evidence: headline as every quote")
def _headline_quotes(setting: Setting) -> Variant:
    data = setting.perfect.model_dump(mode="json")

    def replace(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "evidence":
                    node[key] = [setting.headline]
                else:
                    replace(value)
        elif isinstance(node, list):
            for item in node:
                replace(item)

    replace(data)
    return Variant(Brief.model_validate(data))
