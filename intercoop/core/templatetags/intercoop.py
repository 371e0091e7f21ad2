from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from intercoop.core import countries
from intercoop.core.audit import MASK

register = template.Library()


@register.filter
def country_name(code: str | None) -> str:
    return countries.name(code)


@register.filter
def sensitive(value: Any, allowed: bool) -> str:
    """Show a sensitive value only to a reader allowed to see it; others see a mask."""
    if value in (None, ""):
        return "—"
    return str(value) if allowed else MASK


@register.inclusion_tag("core/_history.html")
def history_panel(history: list[Any], title: str | None = None) -> dict[str, Any]:
    return {"history": history, "title": title or _("History")}
