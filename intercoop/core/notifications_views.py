"""The notification centre, and the iCalendar feed of the user's deadlines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from intercoop.core import notifications
from intercoop.core.gates import public, signed_in


def _page(request: HttpRequest, new_feed: str = "") -> HttpResponse:
    page = Paginator(notifications.notifications_of(request.user), 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    upcoming = [d for d in notifications.deadlines_of(request.user, today) if d.day >= today][:15]
    return render(
        request,
        "core/notifications.html",
        {
            "page": page,
            "unread": notifications.unread_count(request.user),
            "upcoming": upcoming,
            "has_feed": notifications.has_feed(request.user),
            "new_feed": new_feed,
        },
    )


@signed_in
def notification_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@signed_in
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open what a notification is about, and count it as read."""
    notification = notifications.mark_read(
        notification=notifications.notification_get_for_user(user=request.user, pk=pk)
    )
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@signed_in
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    n = notifications.mark_all_read(user=request.user)
    messages.success(request, _("%(n)s notifications marked as read.") % {"n": n})
    return redirect("notifications:list")


@signed_in
@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    token = notifications.feed_create(user=request.user)
    url = request.build_absolute_uri(reverse("feeds:deadlines", args=[token]))
    return _page(request, new_feed=url)


@signed_in
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    notifications.feed_revoke(user=request.user)
    messages.success(request, _("Your calendar address no longer works."))
    return redirect("notifications:list")


@public  # calendar applications cannot log in: the secret address is the key (only its SHA-256 is kept)
@login_not_required
@never_cache
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    user = notifications.feed_user(token)
    today = timezone.localdate()
    base = request.build_absolute_uri("/").rstrip("/")
    data = notifications.ics(user, today, base_url=base, name=_("intercoop deadlines"))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
