from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from intercoop.core import audit
from intercoop.core.errors import DomainError
from intercoop.core.text import CONTROL_CHARACTERS, control_character, control_character_message

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


def _networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(item, strict=False) for item in getattr(settings, "TRUSTED_PROXIES", [])]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, for the login throttle and the audit log.

    ``REMOTE_ADDR``, unless that is one of ``settings.TRUSTED_PROXIES``: then X-Forwarded-For is read from
    the right, skipping the trusted proxies, and the first other address is the client's (entries further
    left were written by the client and can be forged). A client that reaches the server directly is
    never taken at its forwarded word.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks()
    remote_address = _address(remote or "")
    if remote_address is None or not any(remote_address in net for net in networks):
        return remote
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(entry)
        if address is None:
            break
        if not any(address in net for net in networks):
            return str(address)
    return remote


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


class RefuseControlCharactersMiddleware:
    """A query string (a search, a filter) or a posted field holding a control character (``core.text``)
    is answered 400 before any view runs: a search for text with U+0000 would be a 500 on PostgreSQL.
    Forms say the same beside the field; this catches what no form reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        for name, code in _control_characters(request):
            message = control_character_message(code)
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"message": f"{name}: {message}", "code": "control_character", "field": name}, status=400
                )
            return render(request, "refused.html", {"message": message, "back": ""}, status=400)
        return self.get_response(request)


def _control_characters(request: HttpRequest) -> list[tuple[str, str]]:
    """The first query parameter holding a control character, or posted field holding U+0000 (which no
    keyboard types and PostgreSQL cannot store; the other control characters in a form are the form's
    errors, beside their fields, with what was typed kept)."""
    sources = [(request.GET, False)]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append((request.POST, True))
    for data, only_nul in sources:
        for key, values in data.lists():
            for text in (key, *values):
                code = (
                    "U+0000" if only_nul and "\x00" in text else None if only_nul else control_character(text)
                )
                if code:
                    return [(CONTROL_CHARACTERS.sub("", key), code)]
    return []


class SecurityHeadersMiddleware:
    """Headers Django 5.2 does not set itself, on every response that is not a static file:

    - ``Content-Security-Policy`` (``settings.CONTENT_SECURITY_POLICY``): the app loads nothing from
      elsewhere and runs no inline script (``static/intercoop/app.js`` binds every handler), so scripts,
      styles, fonts, images and connections come from this site only; style *attributes* stay allowed
      (progress bars, chart heights), ``<style>`` elements do not;
    - ``Permissions-Policy``: no camera, microphone, location, payment or USB for any page;
    - ``Cache-Control: no-store`` unless a view set its own: pages, exports and API answers carry personal
      data, and a shared computer's back button or cache must not show them to the next user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
