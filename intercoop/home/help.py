"""Help pages, one per section, written in each language (``templates/help/<language>/<topic>.html``)
rather than as translated strings: prose reads better written than pieced together."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

TOPICS: dict[str, Any] = {
    "start": _("Getting started"),
    "partners": _("Partners"),
    "agreements": _("Agreements"),
    "travel": _("Official travel abroad"),
    "mobility": _("Mobility"),
    "indicators": _("Indicators, plans and the assessment"),
    "dashboard": _("Dashboard"),
    "imports": _("Importing from Excel"),
    "administration": _("Administration"),
}
LANGUAGES = ("zh-hans", "en")

# The section a page belongs to, by the start of its view name; the first match wins.
BY_VIEW = (
    ("partners:", "partners"),
    ("agreements:", "agreements"),
    ("travel:", "travel"),
    ("approvals:", "travel"),
    ("mobility:", "mobility"),
    ("indicators:", "indicators"),
    ("planning:", "indicators"),
    ("influence:", "indicators"),
    ("dashboard:", "dashboard"),
    ("imports:", "imports"),
    ("accounts:", "administration"),
    ("org:", "administration"),
    ("core:", "administration"),
    ("calendar:", "administration"),
)


def topic_for(view_name: str) -> str:
    return next((topic for prefix, topic in BY_VIEW if view_name.startswith(prefix)), "start")


def template_for(topic: str, language: str) -> str:
    return f"help/{'zh-hans' if language.lower().startswith('zh') else 'en'}/{topic}.html"
