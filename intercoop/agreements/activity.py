"""What counts as use of an agreement. Each source gives the date of its latest record per agreement.

Capabilities that link their records to agreements (mobilities, trips, projects, money) register a
source here; the health of every agreement then counts them without this app knowing them. Each source
is a subquery on ``OuterRef("pk")``, so health is computed in the same single query for any number of
agreements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, OuterRef, Subquery


@dataclass(frozen=True)
class ActivitySource:
    key: str
    label: Any
    last_date: Callable[[], Any]
    # Places used in a period (for "places used vs offered"), where the source counts people.
    places_used: Callable[[dt.date, dt.date], Any] | None = None


_SOURCES: dict[str, ActivitySource] = {}


def register(source: ActivitySource) -> None:
    _SOURCES[source.key] = source


def sources() -> list[ActivitySource]:
    return [_SOURCES[k] for k in sorted(_SOURCES)]


def latest(model: Any, date_field: str, **filters: Any) -> Subquery:
    """The latest ``date_field`` of ``model`` rows linked to the agreement in the outer query."""
    qs = model.objects.filter(agreement=OuterRef("pk"), archived_at__isnull=True, **filters)
    return Subquery(qs.values("agreement").annotate(last=Max(date_field)).values("last")[:1])


def count_of(model: Any, **filters: Any) -> Subquery:
    qs = model.objects.filter(agreement=OuterRef("pk"), archived_at__isnull=True, **filters)
    return Subquery(qs.values("agreement").annotate(n=Count("pk")).values("n")[:1])
