from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from intercoop.core import audit

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
