from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    """The client address as the WSGI server saw it (the reverse proxy must set REMOTE_ADDR correctly)."""
    return request.META.get("REMOTE_ADDR") or None
