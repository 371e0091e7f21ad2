"""The JSON API under /api/v1/: session or bearer-token auth, one error shape ``{"message", "code"}``."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import SessionAuth

from intercoop.accounts.api import BearerTokenAuth
from intercoop.accounts.api import router as accounts_router
from intercoop.agreements.api import router as agreements_router
from intercoop.api import schema_names
from intercoop.approvals.api import router as approvals_router
from intercoop.attachments.api import router as attachments_router
from intercoop.core.errors import DomainError
from intercoop.core.text import control_character_message, control_characters_in
from intercoop.imports.api import router as imports_router
from intercoop.indicators.api import router as indicators_router
from intercoop.influence.api import router as influence_router
from intercoop.mobility.calls.api import router as mobility_calls_router
from intercoop.mobility.events.api import router as mobility_events_router
from intercoop.mobility.records.api import router as mobility_router
from intercoop.mobility.stays.api import router as mobility_stays_router
from intercoop.org.api import router as org_router
from intercoop.partners.api import router as partners_router
from intercoop.planning.api import router as planning_router
from intercoop.travel.api import router as travel_router

schema_names.install()


class TextRefusingParser(Parser):
    """JSON bodies as Ninja parses them, refusing a control character anywhere in them (``core.text``):
    422 naming the first field that holds one. A body that is not JSON is a 400, not a 500."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError) as exc:
            raise DomainError(_("The body is not valid JSON."), code="invalid_json") from exc
        for field, code in control_characters_in(data):
            raise DomainError(control_character_message(code), code="control_character", field=field)
        return data


api = NinjaAPI(
    parser=TextRefusingParser(),
    title="intercoop API",
    version="1",
    description=(
        "International cooperation and school–enterprise cooperation. Authenticate with the session "
        "cookie of the web app (send the CSRF token on writes) or with `Authorization: Bearer <token>` "
        'from `POST /api/v1/auth/token`. Errors answer `{"message": ..., "code": ...}`; an object that '
        "does not exist or is not yours answers 404 alike."
    ),
    auth=[BearerTokenAuth(), SessionAuth(csrf=True)],
    urls_namespace="api",
)
api.add_router("", accounts_router)
api.add_router("", org_router)
api.add_router("", partners_router)
api.add_router("", agreements_router)
api.add_router("", approvals_router)
api.add_router("", travel_router)
api.add_router("", mobility_router)
api.add_router("", mobility_stays_router)
api.add_router("", mobility_events_router)
api.add_router("", mobility_calls_router)
api.add_router("", imports_router)
api.add_router("", influence_router)
api.add_router("", indicators_router)
api.add_router("", planning_router)
api.add_router("", attachments_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = {"message": str(exc.message), "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The last boundary for a number the database cannot hold where no bound of ``core.bounds`` caught
    it first (nothing was written: the request's transaction was rolled back)."""
    return api.create_response(
        request,
        {"message": _("A number or text is out of the range that can be stored."), "code": "out_of_range"},
        status=400,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"message": _("Not found."), "code": "not_found"}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, {"message": _("Log in or send a valid bearer token."), "code": "unauthenticated"}, status=401
    )


@api.exception_handler(NinjaValidationError)
def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {
            "field": ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "payload", "query")),
            "message": e.get("msg", ""),
        }
        for e in exc.errors
    ]
    message = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    return api.create_response(request, {"message": message, "code": "invalid", "errors": errors}, status=422)


@api.exception_handler(DjangoValidationError)
def django_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return api.create_response(request, {"message": " ".join(exc.messages), "code": "invalid"}, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, DomainError):  # raised while the body was parsed (TextRefusingParser)
        return domain_error(request, exc.__cause__)
    return api.create_response(request, {"message": str(exc), "code": "error"}, status=exc.status_code)
