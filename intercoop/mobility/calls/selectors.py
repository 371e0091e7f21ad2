"""Reads of exchange calls and applications, scoped to the reader."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from intercoop.core.access import NOTHING, access_for, parse_pk

# -- exchange calls and applications ---------------------------------------------------------------------


def call_scope(user: Any) -> Q:
    """Calls of the user's institution; drafts only for those who manage calls."""
    from intercoop.mobility.permissions import CALL_MANAGE, CALL_VIEW

    access = access_for(user)
    if access.institution_id is None or not access.can_anywhere(CALL_VIEW):
        return Q(pk__in=[])
    base = Q(institution_id=access.institution_id, archived_at__isnull=True)
    if access.can_institution_wide(CALL_MANAGE):
        return base
    return base & ~Q(status="draft")


def call_get_for_user(*, user: Any, pk: Any, manage: bool = False) -> Any:
    from intercoop.mobility.models import ExchangeCall
    from intercoop.mobility.permissions import CALL_MANAGE

    call = (
        ExchangeCall.objects.filter(call_scope(user), pk=parse_pk(pk))
        .select_related("org_unit", "institution")
        .first()
    )
    if call is None or (manage and not access_for(user).can_institution_wide(CALL_MANAGE)):
        raise Http404
    return call


def application_scope(user: Any) -> Q:
    """Applications the user may see: by college, their own (a student), or those waiting for their review."""
    from intercoop.approvals import selectors as approval_selectors
    from intercoop.mobility.calls.services import KIND
    from intercoop.mobility.permissions import APPLICATION_VIEW

    access = access_for(user)
    q = access.scope_q(APPLICATION_VIEW, unit_path_field="org_unit__path", person_field="student_id")
    involved = approval_selectors.involved_q(user, kind=KIND)
    if access.institution_id is not None and involved is not NOTHING:
        q |= Q(institution_id=access.institution_id) & involved
    return q


def application_get_for_user(*, user: Any, pk: Any) -> Any:
    from intercoop.mobility.models import Application

    app = (
        Application.objects.filter(application_scope(user), pk=parse_pk(pk))
        .select_related(
            "call",
            "student",
            "org_unit",
            "first_choice__partner",
            "second_choice__partner",
            "place__partner",
            "institution",
        )
        .first()
    )
    if app is None:
        raise Http404
    return app


# -- exchange calls: lists for pages and API ---------------------------------------------------------------


def calls_for(user: Any) -> QuerySet[Any]:
    from intercoop.mobility.models import ExchangeCall

    return ExchangeCall.objects.filter(call_scope(user)).select_related("org_unit")


def applications_for(user: Any) -> QuerySet[Any]:
    from intercoop.mobility.models import Application

    return Application.objects.filter(application_scope(user)).order_by("-created_at", "-id")


def own_applications(user: Any) -> QuerySet[Any]:
    """The user's own applications (a student's), newest first."""
    from intercoop.mobility.models import Application

    access = access_for(user)
    if access.person_id is None or access.institution_id is None:
        return Application.objects.none()
    return (
        Application.objects.filter(institution_id=access.institution_id, student_id=access.person_id)
        .select_related("call", "place__partner")
        .order_by("-created_at")
    )


def place_of(call_id: int, pk: Any) -> Any:
    """A place of this call; None for any other id (the service says what is wrong)."""
    from intercoop.mobility.models import CallPlace

    return CallPlace.objects.filter(pk=parse_pk(pk), call_id=call_id).select_related("partner").first()
