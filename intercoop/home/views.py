"""The home page: what the user has to do (work queues) and the figures their roles may see."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from intercoop.core.access import access_for
from intercoop.core.gates import signed_in
from intercoop.core.roles import Role, Scope, scope_of
from intercoop.core.workqueue import queues_for
from intercoop.home import help
from intercoop.home import search as home_search
from intercoop.org import selectors as org_selectors
from intercoop.org.permissions import INSTITUTION_FIGURES, PERSON_LIST


def _college_chart(headcounts: list[org_selectors.CollegeHeadcount]) -> dict[str, Any]:
    names = [h.name for h in headcounts]
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "bottom": 8, "top": 36, "containLabel": True},
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": names, "inverse": True},
        "series": [
            {
                "name": _("Teachers"),
                "type": "bar",
                "stack": "people",
                "data": [h.teachers for h in headcounts],
            },
            {
                "name": _("Students"),
                "type": "bar",
                "stack": "people",
                "data": [h.students for h in headcounts],
            },
            {"name": _("Staff"), "type": "bar", "stack": "people", "data": [h.staff for h in headcounts]},
        ],
    }


@signed_in
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    access = access_for(user)
    roles = access.roles
    context: dict[str, Any] = {
        "queues": queues_for(user, access),
        "has_role": bool(roles),
        "own_records": any(scope_of(r) == Scope.SELF for r in roles),
        "is_supervisor": Role.SUPERVISOR in roles,
    }
    if access.can_institution_wide(INSTITUTION_FIGURES):
        figures = [
            f
            for f in org_selectors.institution_figures(access=access)
            if f.institution_id == access.institution_id
        ]
        headcounts = org_selectors.college_headcounts(access=access)
        context["figures"] = figures[0] if figures else None
        context["headcounts"] = headcounts
        context["college_chart"] = _college_chart(headcounts)
    if Role.SUPERVISOR in roles:
        context["supervised"] = [
            f
            for f in org_selectors.institution_figures(access=access)
            if f.institution_id != access.institution_id
        ]
    unit_paths = access.unit_paths(PERSON_LIST)
    if unit_paths and not access.can_institution_wide(PERSON_LIST):
        context["my_units"] = [u for u in org_selectors.units_for_user(access=access) if u.path in unit_paths]
    return render(request, "home/index.html", context)


@signed_in
def search(request: HttpRequest) -> HttpResponse:
    """The top bar's search box: partners, agreements, trips, mobilities and people the user may list."""
    term = (request.GET.get("q") or "").strip()[:100]
    sections = home_search.search(request.user, term)
    return render(
        request,
        "home/search.html",
        {
            "q": term,
            "sections": sections,
            "too_short": 0 < len(term) < home_search.MIN_LENGTH,
            "found": sum(s.total for s in sections),
        },
    )


@signed_in
def help_page(request: HttpRequest, topic: str = "start") -> HttpResponse:
    """The help of one section, in the page's language, with the list of every section."""
    if topic not in help.TOPICS:
        raise Http404
    return render(
        request,
        "home/help.html",
        {
            "topic": topic,
            "title": help.TOPICS[topic],
            "topics": list(help.TOPICS.items()),
            "body": help.template_for(topic, get_language() or "zh-hans"),
        },
    )
