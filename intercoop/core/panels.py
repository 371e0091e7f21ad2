"""Panels on record pages contributed by other apps.

A partner's page shows its agreements, later its trips and mobilities, without the partners app
knowing those apps: each registers a panel for the model it adds to. A provider gets the record and
the reader and returns a context for its template, or None to show nothing (no access, nothing to show).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Panel:
    key: str
    model: str  # "partners.partner"
    template: str
    provider: Callable[[Any, Any], dict[str, Any] | None]  # (record, request) -> context or None
    order: int = 50


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def render(obj: Any, request: Any) -> SafeString:
    """The HTML of every panel registered for ``obj``'s model, in order."""
    label = obj._meta.label_lower
    parts = []
    for panel in sorted((p for p in _PANELS.values() if p.model == label), key=lambda p: (p.order, p.key)):
        context = panel.provider(obj, request)
        if context is not None:
            parts.append(render_to_string(panel.template, {"object": obj, **context}, request=request))
    return mark_safe("".join(parts))
