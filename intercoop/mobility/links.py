"""What a mobility write may link, for the API: each referenced id resolved among the choices of the
app that owns it (core.choices, ADR 0012). Shared by the records, stays and events endpoints."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from intercoop.agreements import selectors as agreement_selectors
from intercoop.core.choices import pick_or_keep
from intercoop.org import selectors as org_selectors
from intercoop.partners import selectors as partner_selectors


def resolve_links(request: HttpRequest, code: str, current: Any = None, **ids: int | None) -> dict[str, Any]:
    """Referenced ids resolved among what the user may name (core.choices): any other id is 404, whether
    unknown, of another institution or only hidden from the user. What ``current`` links may stay."""
    user = request.user
    sources: dict[str, Any] = {
        "org_unit": lambda: org_selectors.units_for(user, code),
        "person": lambda: org_selectors.person_choices(user),
        "responsible": lambda: org_selectors.person_choices(user),
        "home_partner": lambda: partner_selectors.partner_choices(user),
        "host_partner": lambda: partner_selectors.partner_choices(user),
        "partner": lambda: partner_selectors.partner_choices(user),
        "agreement": lambda: agreement_selectors.agreement_choices(user),
    }
    return {
        field: None if pk is None else pick_or_keep(sources[field](), pk, getattr(current, field, None))
        for field, pk in ids.items()
    }
