"""Reads of users and role grants, for administrators of the same institution."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from intercoop.accounts.models import Membership, User
from intercoop.accounts.permissions import USER_MANAGE
from intercoop.core.access import Access, access_for, parse_pk


def _managed_institution(access: Access) -> int | None:
    if access.institution_id is not None and access.can_institution_wide(USER_MANAGE):
        return access.institution_id
    return None


def user_list(
    *, access: Access, search: str | None = None, role: str | None = None, status: str | None = None
) -> QuerySet[User]:
    inst = _managed_institution(access)
    if inst is None:
        return User.objects.none()
    qs = User.objects.filter(institution_id=inst)
    if status == "inactive":
        qs = qs.filter(is_active=False)
    elif status == "no_role":
        qs = qs.filter(is_active=True, pk__in=users_without_role(access=access).values("pk"))
    elif status != "all":
        qs = qs.filter(is_active=True)
    if role:
        qs = qs.filter(memberships__role=role, memberships__revoked_at__isnull=True).distinct()
    if search:
        term = search.strip()
        qs = qs.filter(
            Q(username__icontains=term)
            | Q(display_name__icontains=term)
            | Q(email__icontains=term)
            | Q(person__name__icontains=term)
            | Q(person__name_zh__icontains=term)
            | Q(person__name_en__icontains=term)
        )
    active = Membership.objects.filter(revoked_at__isnull=True).select_related("org_unit").order_by("role")
    return (
        qs.select_related("person")
        .prefetch_related(Prefetch("memberships", queryset=active, to_attr="active_memberships"))
        .order_by("username")
    )


def user_get_for_admin(*, actor: Any, pk: Any) -> User:
    """A user of the actor's institution, for an administrator; 404 otherwise."""
    inst = _managed_institution(access_for(actor))
    pk = parse_pk(pk)
    user = User.objects.filter(institution_id=inst, pk=pk).select_related("person").first() if inst else None
    if user is None:
        raise Http404
    return user


def membership_get_for_admin(*, actor: Any, user: User, pk: Any) -> Membership:
    inst = _managed_institution(access_for(actor))
    pk = parse_pk(pk)
    membership = Membership.objects.filter(pk=pk, user=user, institution_id=inst).first() if inst else None
    if membership is None:
        raise Http404
    return membership


def memberships_of(*, user: User, include_revoked: bool = False) -> QuerySet[Membership]:
    qs = Membership.objects.filter(user=user).select_related(
        "org_unit", "institution", "granted_by", "revoked_by"
    )
    if not include_revoked:
        qs = qs.filter(revoked_at__isnull=True)
    return qs.order_by("revoked_at", "role", "id")


def users_without_role(*, access: Access) -> QuerySet[User]:
    """Active users of the institution who hold no role: they can log in but see nothing."""
    inst = _managed_institution(access)
    if inst is None:
        return User.objects.none()
    return (
        User.objects.filter(institution_id=inst, is_active=True)
        .annotate(n=Count("memberships", filter=Q(memberships__revoked_at__isnull=True)))
        .filter(n=0)
        .order_by("username")
    )


def role_emails(*, institution_id: int, role: str, unit: Any = None) -> set[str]:
    """E-mail addresses of the active users holding ``role`` in the institution (on ``unit`` when given)."""
    grants = Membership.objects.filter(
        institution_id=institution_id, role=role, revoked_at__isnull=True, user__is_active=True
    ).exclude(user__email="")
    if unit is not None:
        grants = grants.filter(org_unit=unit)
    return set(grants.values_list("user__email", flat=True))
