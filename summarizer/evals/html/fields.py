"""The fields an eval page shows: the overall score first, then each weighted component."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FIELDS", "UNALIGNED", "Field"]


@dataclass(frozen=True)
class Field:
    """A column of the page: its key (in URLs and filters), label and metric."""

    key: str
    label: str
    metric: str
    alignment: str | None = None
    """The scorer's alignment this field shows item by item, when it has one."""


FIELDS: tuple[Field, ...] = (
    Field("overall", "overall", "overall"),
    Field("parties", "parties", "parties.score", "parties"),
    Field("figures", "figures", "figures.score", "figures"),
    Field("disputes", "disputes", "disputes.score", "disputes"),
    Field("key_facts", "key facts", "key_facts.score", "key_facts"),
    Field("locations", "locations", "locations.f1", "locations"),
    Field("reporting_date", "reporting date", "dates.reporting"),
    Field("event_dates", "event dates", "event_dates.score", "event_dates"),
    Field("grounding", "grounding", "grounding.score"),
    Field("misinformation", "no misinformation", "misinformation.score"),
)
"""The overall score and the components of its weighted mean (``OVERALL_WEIGHTS``)."""

UNALIGNED: tuple[Field, ...] = tuple(f for f in FIELDS[1:] if f.alignment is None)
"""The components with no alignment to show item by item: a document's page lists their
reasons apart."""
