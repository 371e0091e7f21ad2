from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from intercoop.core import audit
from intercoop.core.access import access_for
from intercoop.core.gates import public, requires
from intercoop.core.htmx import page_or_partial
from intercoop.core.permissions import AUDIT_VIEW


@public  # for load balancers and monitoring
@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@requires(AUDIT_VIEW)
def audit_log(request: HttpRequest) -> HttpResponse:
    """The institution's audit log, newest first, filterable by action and actor."""
    access = access_for(request.user)
    if access.institution_id is None or not access.can_institution_wide(AUDIT_VIEW):
        raise Http404
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    qs = audit.entries_of(access.institution_id, action=action, actor=actor)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    entries = audit.present(page.object_list, can_see_sensitive=False)
    template = page_or_partial(request, "core/audit_log.html")
    return render(
        request,
        template,
        {
            "page": page,
            "entries": entries,
            "action": action,
            "actor": actor,
            "action_choices": audit.action_choices(),
        },
    )


@public  # the error page
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@public  # the error page
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)
