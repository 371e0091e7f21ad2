from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from intercoop.home import help

register = template.Library()


@register.simple_tag(takes_context=True)
def help_href(context: Any) -> str:
    """The help of the section the current page belongs to."""
    match = getattr(context.get("request"), "resolver_match", None)
    return reverse("home:help", args=[help.topic_for(match.view_name if match else "")])
