"""Reads of the approval engine: who may decide a step, what waits for a user, the steps of a subject."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.approvals.models import ApprovalChain, ApprovalRequest, ChainStep, Delegation, RequestStep
from intercoop.core.access import NOTHING, access_for, parse_pk
from intercoop.core.names import localized
from intercoop.core.roles import Role, Scope, scope_of

St = RequestStep.Status


@dataclass(frozen=True)
class Standing:
    """A role a user may act in: their own grant, or one they stand in for under a delegation."""

    role: str
    unit_path: str | None  # None: institution-wide
    on_behalf_of_id: int | None


def standings(user: Any, *, today: dt.date | None = None) -> list[Standing]:
    """The user's own role grants and those of the approvers who delegated to them today (one query)."""
    if user is None or not getattr(user, "is_authenticated", False) or user.institution_id is None:
        return []
    from intercoop.accounts.models import Membership

    today = today or timezone.localdate()
    delegators = Delegation.objects.filter(
        institution_id=user.institution_id,
        delegate_id=user.pk,
        archived_at__isnull=True,
        starts_on__lte=today,
        ends_on__gte=today,
    ).values("delegator_id")
    rows = (
        Membership.objects.filter(
            Q(user_id=user.pk) | Q(user_id__in=delegators),
            institution_id=user.institution_id,
            revoked_at__isnull=True,
            user__is_active=True,
        )
        .filter(Q(org_unit__isnull=True) | Q(org_unit__archived_at__isnull=True))
        .values_list("user_id", "role", "org_unit_id", "org_unit__path")
    )
    result = []
    for owner, role, unit_id, path in rows:
        if role == Role.SUPERVISOR:
            continue
        wide = unit_id is None or scope_of(role) == Scope.INSTITUTION
        result.append(
            Standing(
                role=role,
                unit_path=None if wide else path,
                on_behalf_of_id=None if owner == user.pk else owner,
            )
        )
    # Own grants first, so that a user who could decide in their own right is not recorded as a substitute.
    return sorted(result, key=lambda s: s.on_behalf_of_id is not None)


def _covers(standing: Standing, step: RequestStep) -> bool:
    if standing.role != step.role:
        return False
    if standing.unit_path is None or step.org_unit_id is None:
        return True
    return step.org_unit is not None and step.org_unit.path.startswith(standing.unit_path)


def _excluded(user: Any, request: ApprovalRequest) -> bool:
    """Nobody decides their own application (the requester, or a person the request is about)."""
    facts = request.facts or {}
    return user.pk == request.requested_by_id or user.pk in set(facts.get("excluded_users") or ())


def can_decide(user: Any, step: RequestStep, *, today: dt.date | None = None) -> tuple[bool, Any]:
    """(may decide, the approver they stand in for or None)."""
    if step.institution_id != getattr(user, "institution_id", None) or _excluded(user, step.request):
        return False, None
    for standing in standings(user, today=today):
        if _covers(standing, step):
            if standing.on_behalf_of_id is None:
                return True, None
            return True, get_user_model().objects.get(pk=standing.on_behalf_of_id)
    return False, None


def who(step: RequestStep) -> str:
    """Who decides a step, in words: "Approver of 汽车学院"."""
    role = Role(step.role).label
    if step.org_unit is None:
        return str(role)
    return _("%(role)s of %(unit)s") % {"role": role, "unit": step.org_unit}


def deciders(step: RequestStep) -> list[Any]:
    """Active users who may decide ``step`` in their own right (for notifications)."""
    from intercoop.accounts.models import Membership

    grants = Membership.objects.filter(
        institution_id=step.institution_id, role=step.role, revoked_at__isnull=True, user__is_active=True
    ).select_related("user", "org_unit")
    users = {}
    for grant in grants:
        standing = Standing(
            role=grant.role,
            unit_path=None
            if grant.org_unit is None or scope_of(grant.role) == Scope.INSTITUTION
            else grant.org_unit.path,
            on_behalf_of_id=None,
        )
        if _covers(standing, step) and not _excluded(grant.user, step.request):
            users[grant.user_id] = grant.user
    return list(users.values())


def waiting_q(user: Any, *, today: dt.date | None = None) -> Q:
    covering = _covering(user, today=today)
    if covering is NOTHING:
        return NOTHING
    return covering & Q(
        institution_id=user.institution_id, status=St.PENDING, request__status=ApprovalRequest.Status.PENDING
    )


def waiting_for(user: Any, *, today: dt.date | None = None, limit: int | None = None) -> list[RequestStep]:
    """Steps waiting for this user's decision, oldest first (a constant number of queries)."""
    qs = (
        RequestStep.objects.filter(waiting_q(user, today=today))
        .select_related("request__chain", "org_unit")
        .order_by("reached_at", "id")
    )
    steps = [s for s in (qs[: limit * 2] if limit else qs) if not _excluded(user, s.request)]
    return steps[:limit] if limit else steps


def pending_step(*, kind: str, object_id: int) -> RequestStep | None:
    """The step a subject's approval waits at now, if it waits at all."""
    return (
        RequestStep.objects.filter(
            request__kind=kind,
            request__object_id=object_id,
            request__status=ApprovalRequest.Status.PENDING,
            status=St.PENDING,
        )
        .select_related("request", "org_unit")
        .first()
    )


def decided_by(user: Any, *, limit: int = 50) -> QuerySet[RequestStep]:
    return (
        RequestStep.objects.filter(institution_id=user.institution_id)
        .filter(Q(decided_by=user) | Q(on_behalf_of=user))
        .select_related("request", "decided_by", "on_behalf_of")
        .order_by("-decided_at")[:limit]
    )


def requests_of(*, institution_id: int, kind: str, object_id: int) -> list[ApprovalRequest]:
    """Every approval request of one subject, newest first, with their steps (two queries)."""
    requests = list(
        ApprovalRequest.objects.filter(institution_id=institution_id, kind=kind, object_id=object_id)
        .select_related("requested_by")
        .order_by("-created_at", "-id")
    )
    steps: dict[int, list[RequestStep]] = {}
    for step in (
        RequestStep.objects.filter(request__in=[r.pk for r in requests])
        .select_related("org_unit", "decided_by", "on_behalf_of", "attachment")
        .order_by("position")
    ):
        steps.setdefault(step.request_id, []).append(step)
    for request in requests:
        request.step_list = steps.get(request.pk, [])
    return requests


def step_get(*, user: Any, pk: Any) -> RequestStep:
    from intercoop.core.access import parse_pk

    institution_id = getattr(user, "institution_id", None)
    if institution_id is None:
        raise Http404
    step = (
        RequestStep.objects.filter(pk=parse_pk(pk), institution_id=institution_id)
        .select_related("request", "org_unit")
        .first()
    )
    if step is None:
        raise Http404
    return step


def step_for_reading(*, user: Any, pk: Any) -> RequestStep:
    """A step (and the file of its decision), for a user who may see the request's subject; 404 otherwise."""
    from intercoop.approvals import kinds

    step = step_get(user=user, pk=pk)
    kinds.get(step.request.kind).subject_for_user(user, step.request.object_id)
    return step


def chains(*, institution_id: int) -> QuerySet[ApprovalChain]:
    return ApprovalChain.objects.filter(institution_id=institution_id, archived_at__isnull=True).order_by(
        "kind"
    )


def chain_steps(chain: ApprovalChain) -> QuerySet[ChainStep]:
    return chain.steps.filter(archived_at__isnull=True).select_related("org_unit").order_by("position", "id")


def delegations_of(user: Any) -> QuerySet[Delegation]:
    return (
        Delegation.objects.filter(institution_id=user.institution_id, archived_at__isnull=True)
        .filter(Q(delegator=user) | Q(delegate=user))
        .filter(ends_on__gte=timezone.localdate())
        .select_related("delegator", "delegate")
    )


def step_name(step: Any) -> str:
    return localized(step.name, step.name, step.name_en)


def involved_q(user: Any, *, kind: str, today: dt.date | None = None) -> Q:
    """Subjects of ``kind`` that reached a step this user may decide, or that the user decided.

    An approver in the HR office sees the trips of every college that wait, or waited, for HR.
    """
    if getattr(user, "institution_id", None) is None:
        return NOTHING
    reached = Q(decided_by=user) | Q(on_behalf_of=user)
    covering = _covering(user, today=today)
    if covering is not NOTHING:
        reached |= covering & ~Q(status__in=(St.WAITING, St.CLOSED))
    ids = RequestStep.objects.filter(reached, request__kind=kind, institution_id=user.institution_id).values(
        "request__object_id"
    )
    return Q(pk__in=ids)


def _covering(user: Any, *, today: dt.date | None = None) -> Q:
    parts = []
    for standing in standings(user, today=today):
        q = Q(role=standing.role)
        if standing.unit_path is not None:
            q &= Q(org_unit__isnull=True) | Q(org_unit__path__startswith=standing.unit_path)
        parts.append(q)
    combined = NOTHING
    for part in parts:
        combined = part if combined is NOTHING else combined | part
    return combined


def chain_get_for_user(*, user: Any, pk: Any) -> ApprovalChain:
    """An active approval chain of the user's institution; 404 otherwise (callers gate on CHAIN_MANAGE)."""
    chain = ApprovalChain.objects.filter(
        pk=parse_pk(pk), institution_id=access_for(user).own_institution(), archived_at__isnull=True
    ).first()
    if chain is None:
        raise Http404
    return chain


def chain_step_get_for_user(*, user: Any, pk: Any) -> ChainStep:
    step = (
        ChainStep.objects.filter(
            pk=parse_pk(pk), institution_id=access_for(user).own_institution(), archived_at__isnull=True
        )
        .select_related("chain")
        .first()
    )
    if step is None:
        raise Http404
    return step


def delegate_choices(user: Any) -> QuerySet[Any]:
    """The active users of the user's institution who may stand in for them (everyone but themselves)."""
    return (
        get_user_model()
        .objects.filter(institution_id=access_for(user).own_institution(), is_active=True)
        .exclude(pk=user.pk)
        .order_by("username")
    )


def step_of(step: RequestStep) -> RequestStep:
    """The step read again with its request (after a decision)."""
    return RequestStep.objects.select_related("request").get(pk=step.pk)
