"""One search box across partners, agreements, trips, mobilities and people (issue 15 item 17).

Each section searches through its app's own list selector, which scopes the rows by the user's access
(the same query the list page runs), and is searched only when the user may open that list page
(``core.links``): nobody finds what they could not list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intercoop.agreements import selectors as agreements
from intercoop.core import links
from intercoop.core.access import access_for
from intercoop.core.countries import name as country_name
from intercoop.core.names import localized
from intercoop.mobility.records import selectors as mobilities
from intercoop.org import selectors as people
from intercoop.partners import selectors as partners
from intercoop.travel import selectors as trips

PER_SECTION = 8
MIN_LENGTH = 2


@dataclass
class Hit:
    title: str
    detail: str
    url: str


@dataclass
class Section:
    key: str
    label: Any
    list_url: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    list_url_name: str
    rows: Callable[[Any, str], Any]  # (user, term) → the list selector's queryset
    hit: Callable[[Any], Hit]


def _partners(user: Any, term: str) -> Any:
    return partners.partner_list(access=access_for(user), search=term).order_by("name")


def _agreements(user: Any, term: str) -> Any:
    access = access_for(user)
    return agreements.agreement_list(access=access, institution=access.institution_id, search=term).order_by(
        "-valid_from", "-pk"
    )


def _trips(user: Any, term: str) -> Any:
    return trips.trip_list(user=user, search=term).select_related("org_unit").order_by("-departure", "-pk")


def _mobilities(user: Any, term: str) -> Any:
    return (
        mobilities.mobility_list(user=user, search=term)
        .select_related("person")
        .order_by("-planned_start", "-pk")
    )


def _people(user: Any, term: str) -> Any:
    return (
        people.person_list(access=access_for(user), search=term).select_related("org_unit").order_by("name")
    )


SOURCES = [
    Source(
        "partners",
        _("Partners"),
        "partners:list",
        _partners,
        lambda p: Hit(p.display_name, country_name(p.country), reverse("partners:detail", args=[p.pk])),
    ),
    Source(
        "agreements",
        _("Agreements"),
        "agreements:list",
        _agreements,
        lambda a: Hit(
            f"{a.number} {localized(a.title, en=a.title_en)}",
            str(a.get_status_display()),
            reverse("agreements:detail", args=[a.pk]),
        ),
    ),
    Source(
        "trips",
        _("Trips abroad"),
        "travel:list",
        _trips,
        lambda t: Hit(
            f"{t.number} {t.title}",
            f"{t.departure:%Y-%m-%d} · {t.get_status_display()}",
            reverse("travel:detail", args=[t.pk]),
        ),
    ),
    Source(
        "mobilities",
        _("Mobility"),
        "mobility:list",
        _mobilities,
        lambda m: Hit(
            f"{m.reference} {m.who}",
            f"{m.get_type_display()} · {country_name(m.country)}",
            reverse("mobility:detail", args=[m.pk]),
        ),
    ),
    Source(
        "people",
        _("People"),
        "org:person_list",
        _people,
        lambda p: Hit(
            p.display_name,
            " · ".join(x for x in (p.number, p.org_unit.display_name if p.org_unit else "") if x),
            reverse("org:person_detail", args=[p.pk]),
        ),
    ),
]


def search(user: Any, term: str) -> list[Section]:
    """The sections the user may list, each with its first hits and how many there are in all."""
    term = term.strip()
    if len(term) < MIN_LENGTH:
        return []
    sections = []
    for source in SOURCES:
        list_url = links.href_if_open(user, source.list_url_name)
        if not list_url:
            continue
        rows = source.rows(user, term)
        first = list(rows[:PER_SECTION])
        total = rows.count()  # always counted, so the page runs the same queries whatever it finds
        sections.append(
            Section(source.key, source.label, list_url, [source.hit(row) for row in first], total)
        )
    return sections
