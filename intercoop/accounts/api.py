"""API: tokens, the current user. Bearer-token authentication lives here because tokens are accounts'."""

import datetime as dt
from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from intercoop.accounts import services
from intercoop.accounts.models import User
from intercoop.core.access import access_for
from intercoop.core.apitypes import Id
from intercoop.core.middleware import client_ip
from intercoop.core.permissions import all_definitions

router = Router(tags=["accounts"])


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``POST /api/v1/auth/token``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = services.token_user(token)
        if user is not None:
            request.user = user
            request.api_token = token  # type: ignore[attr-defined]
        return user


class TokenIn(Schema):
    username: str
    password: str
    name: str = ""


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105  (the scheme name, not a secret)
    expires_at: dt.datetime


class ErrorOut(Schema):
    message: str
    code: str


class GrantOut(Schema):
    role: str
    institution_id: Id
    org_unit_id: Id | None


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    institution_id: Id | None
    person_id: Id | None
    language: str
    roles: list[GrantOut]
    permissions: list[str]


@router.post(
    "/auth/token",
    auth=None,
    response={201: TokenOut, 401: ErrorOut, 429: ErrorOut},
    summary="Exchange a user name and password for a bearer token",
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    user = services.login_check(
        request=request,
        username=payload.username,
        password=payload.password,
        ip_address=client_ip(request),
        channel="api",
    )
    raw, token = services.token_issue(user=user, name=payload.name or "api", actor=user)
    return Status(201, {"token": raw, "expires_at": token.expires_at})


@router.delete("/auth/token", response={204: None, 404: ErrorOut}, summary="Revoke the bearer token used")
def token_delete(request: HttpRequest) -> Status[Any]:
    raw = getattr(request, "api_token", None)
    if raw is None or not services.token_revoke(raw=raw, actor=request.user):
        return Status(
            404, {"message": _("This request was not made with a bearer token."), "code": "not_found"}
        )
    return Status(204, None)


@router.get("/me", response=MeOut, summary="The current user, their role grants and permission codes")
def me(request: HttpRequest) -> dict[str, Any]:
    user = cast(User, request.user)
    access = access_for(user)
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_label(),
        "institution_id": user.institution_id,
        "person_id": user.person_id,
        "language": user.language,
        "roles": [
            {"role": g.role, "institution_id": g.institution_id, "org_unit_id": g.unit_id}
            for g in access.grants
        ],
        "permissions": [d.code for d in all_definitions() if access.can_anywhere(d.code)],
    }
