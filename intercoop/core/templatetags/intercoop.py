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


@register.simple_tag(takes_context=True)
def nav_active(context: dict[str, Any], item: Any) -> str:
    """``active`` when the current page belongs to this navigation entry: of the entries whose view-name
    prefix the page's view name starts with, the one with the longest prefix (one entry at a time)."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None:
        return ""
    view = match.view_name
    candidates = [
        i for _s, items in context.get("nav_groups") or () for i in items if view.startswith(i.prefix)
    ]
    if not view.startswith(item.prefix) or (
        candidates and max(len(i.prefix) for i in candidates) > len(item.prefix)
    ):
        return ""
    return "active"
