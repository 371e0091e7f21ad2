"""HTMX helpers: pages render a partial when HTMX asks for one."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True when the request was made by HTMX (set by django-htmx's middleware)."""
    return bool(getattr(request, "htmx", False))


def page_or_partial(request: HttpRequest, template: str, partial: str = "results") -> str:
    """``template`` for a full page load, ``template#partial`` for an HTMX swap."""
    return f"{template}#{partial}" if is_htmx(request) else template
