from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from intercoop.core import audit
from intercoop.core.errors import DomainError

# Paths with their own authentication (API tokens, Django admin) or none at all (health check, static).
PUBLIC_PREFIXES = ("/healthz", "/api/", "/static/", "/admin/", "/i18n/")


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login unless it is marked ``login_not_required`` or has its own auth."""

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        audit.request_ip.set(client_ip(request))
        if request.path_info.startswith(PUBLIC_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: behind our reverse proxy, the last one it appended to X-Forwarded-For.

    Only the rightmost entry is trusted: it was written by our proxy, while entries to its left come
    from the client and can be forged. Without a proxy, the address the WSGI server saw.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            try:
                return str(ipaddress.ip_address(last))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


class DomainErrorMiddleware:
    """The pages' last boundary: a ``DomainError`` a view did not turn into a form error never becomes a
    500. A POST goes back to the page it came from with the message; anything else shows the message with
    the error's status (404 for a record the user may not name, as everywhere). The API has its own
    handler (``api.urls``), answering ``{"message", "code", "field"}``. The service's transaction was rolled
    back, so nothing was written.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or request.path_info.startswith("/api/"):
            return None
        if exception.status_code == 404:
            return render(request, "404.html", status=404)
        back = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        if request.method == "POST" and back and safe:
            messages.error(request, str(exception.message))
            return HttpResponseRedirect(back)
        context = {"message": exception.message, "back": back if safe else ""}
        return render(request, "refused.html", context, status=exception.status_code)
