from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from intercoop.accounts import services
from intercoop.accounts.models import ApiToken, Membership, User
from intercoop.core.access import access_for
from intercoop.core.errors import ConflictError, DomainError
from intercoop.core.models import AuditEntry
from intercoop.core.roles import Role

pytestmark = pytest.mark.django_db


def test_user_names_are_unique_whatever_their_case(world):
    with pytest.raises(ConflictError) as exc:
        services.user_create(institution=world.a, data={"username": "OFFICE"}, password=None, actor=None)
    assert exc.value.field == "username"


def test_new_user_without_password_cannot_log_in_until_one_is_set(world):
    user = services.user_create(institution=world.a, data={"username": "newbie"}, password=None, actor=None)
    assert not user.has_usable_password()
    with pytest.raises(DomainError) as exc:
        services.user_set_password(user=user, password="short", actor=None)
    assert exc.value.field == "password"
    services.user_set_password(user=user, password="a-long-and-unusual-passphrase", actor=None)
    user.refresh_from_db()
    assert user.check_password("a-long-and-unusual-passphrase")


def test_a_user_cannot_be_linked_to_a_person_of_another_institution_or_to_a_linked_person(world):
    with pytest.raises(DomainError) as exc:
        services.user_create(
            institution=world.a,
            data={"username": "x", "person": world.people["b_person"]},
            password=None,
            actor=None,
        )
    assert exc.value.field == "person"
    with pytest.raises(ConflictError):
        services.user_create(
            institution=world.a,
            data={"username": "y", "person": world.people["teacher"]},
            password=None,
            actor=None,
        )
    assert not User.objects.filter(username__in=["x", "y"]).exists()


@pytest.mark.parametrize(
    ("who", "role", "unit", "inst", "field"),
    [
        ("norole", Role.COLLEGE_LIAISON, "B-CIV", "a", "org_unit"),  # a unit of another institution
        ("norole", Role.OFFICE_STAFF, "B-IO", "b", "institution"),  # the user belongs to institution A
        ("norole", Role.COLLEGE_LIAISON, None, "a", "org_unit"),  # a liaison needs a college
        ("norole", Role.TEACHER, "AUTO", "a", "role"),  # own-records role without a linked person
        ("norole", Role.SUPERVISOR, None, "a", "role"),  # supervisors belong to no institution
        ("liaison_a", Role.COLLEGE_LIAISON, "AUTO", "a", "role"),  # held already
        ("norole", "janitor", None, "a", "role"),
    ],
)
def test_grant_refuses_what_would_break_tenancy_with_a_clear_field_and_writes_nothing(
    world, who, role, unit, inst, field
):
    before = (Membership.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        services.membership_grant(
            user=world.user(who),
            role=role,
            institution=getattr(world, inst),
            org_unit=world.units[unit] if unit else None,
            actor=None,
        )
    assert exc.value.field == field
    assert (Membership.objects.count(), AuditEntry.objects.count()) == before


def test_grant_and_revoke_take_effect_on_the_next_request_and_are_audited(world):
    user = world.user("norole")
    membership = services.membership_grant(
        user=user,
        role=Role.COLLEGE_LIAISON,
        institution=world.a,
        org_unit=world.units["IT"],
        actor=world.users["admin"],
    )
    assert access_for(world.user("norole")).can_anywhere("org.person.list")
    services.membership_revoke(membership=membership, actor=world.users["admin"])
    assert not access_for(world.user("norole")).can_anywhere("org.person.list")
    actions = list(AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert "accounts.membership.granted" in actions
    assert "accounts.membership.revoked" in actions
    membership.refresh_from_db()
    assert membership.revoked_at is not None  # kept, not deleted
    with pytest.raises(DomainError, match="revoked already"):
        services.membership_revoke(membership=membership, actor=None)


def test_the_last_system_administrator_cannot_be_revoked(world):
    membership = Membership.objects.get(user=world.users["admin"], role=Role.SYSTEM_ADMIN)
    with pytest.raises(DomainError, match="without a system administrator"):
        services.membership_revoke(membership=membership, actor=None)
    second = services.membership_grant(
        user=world.user("office"), role=Role.SYSTEM_ADMIN, institution=world.a, org_unit=None, actor=None
    )
    services.membership_revoke(membership=membership, actor=None)
    assert second.revoked_at is None


def test_deactivating_a_user_keeps_the_row_and_revokes_tokens(world):
    user = world.user("office")
    raw, _token = services.token_issue(user=user, actor=user)
    assert services.token_user(raw) == user
    services.user_set_active(user=user, active=False, actor=world.users["admin"])
    assert services.token_user(raw) is None
    assert User.objects.filter(pk=user.pk, is_active=False).exists()
    with pytest.raises(DomainError):
        services.user_set_active(user=world.user("admin"), active=False, actor=world.users["admin"])


def test_tokens_are_stored_hashed_expire_and_can_be_revoked(world):
    user = world.user("office")
    raw, token = services.token_issue(user=user, actor=user)
    assert raw not in token.digest and token.prefix == raw[:10]
    assert not ApiToken.objects.filter(digest=raw).exists()
    assert services.token_user("ic_wrong") is None
    assert services.token_user("") is None
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        assert services.token_user(raw) is None
    assert services.token_revoke(raw=raw, actor=user)
    assert services.token_user(raw) is None
    assert not services.token_revoke(raw=raw, actor=user)


def test_language_preference_is_saved_and_audited(world):
    user = world.user("teacher")
    services.user_set_language(user=user, language="en")
    services.user_set_language(user=user, language="xx")
    user.refresh_from_db()
    assert user.language == "en"
    assert AuditEntry.objects.filter(object_id=str(user.pk), changes__language=["", "en"]).exists()
