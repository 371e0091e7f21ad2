from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from intercoop.core import countries, links
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
def href_if_open(context: Any, url_name: str, *args: Any) -> str:
    """``{% href_if_open 'org:person_list' as href %}``: the address, or "" where the reader would get 404."""
    return links.href_if_open(context["request"].user, url_name, *args)


@register.simple_tag(takes_context=True)
def link_if_open(context: Any, text: Any, url_name: str, *args: Any) -> str:
    """``{% link_if_open partner.display_name 'partners:detail' partner.pk %}``: a link where the reader may
    open the page, the text alone where they may not."""
    href = links.href_if_open(context["request"].user, url_name, *args)
    return format_html('<a href="{}">{}</a>', href, text) if href else format_html("{}", text)
