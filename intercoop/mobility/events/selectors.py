"""Reads of trainings for foreign trainees and competitions, scoped to the reader."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from intercoop.core.access import access_for, parse_pk
from intercoop.mobility.permissions import EVENT_VIEW

# -- trainings and competitions -------------------------------------------------------------------------


def event_scope(user: Any, code: str = EVENT_VIEW) -> Q:
    return access_for(user).scope_q(code, unit_path_field="org_unit__path")


def event_get_for_user(user: Any, model: type[Any], pk: Any, code: str = EVENT_VIEW) -> Any:
    """A training or competition entry the user may see (or act on, for ``code``); 404 otherwise."""
    obj = (
        model.objects.filter(event_scope(user, code), pk=parse_pk(pk))
        .select_related("org_unit", "institution")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def events_of(user: Any, model: type[Any], *, archived: bool = False) -> QuerySet[Any]:
    return model.objects.filter(event_scope(user), archived_at__isnull=not archived)


def trainees_of(event: Any) -> QuerySet[Any]:
    from intercoop.mobility.models import TrainingParticipant

    return TrainingParticipant.objects.filter(event=event, archived_at__isnull=True)


def trainee_get_for_user(user: Any, pk: Any) -> Any:
    """A named trainee of a training the user may change; 404 otherwise."""
    from intercoop.mobility.models import TrainingEvent, TrainingParticipant
    from intercoop.mobility.permissions import MOBILITY_EDIT

    events = TrainingEvent.objects.filter(event_scope(user, MOBILITY_EDIT)).values("pk")
    trainee = (
        TrainingParticipant.objects.filter(pk=parse_pk(pk), event_id__in=events, archived_at__isnull=True)
        .select_related("event")
        .first()
    )
    if trainee is None:
        raise Http404
    return trainee
