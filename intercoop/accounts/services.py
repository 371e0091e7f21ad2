"""Every write to users, role grants and API tokens; login with throttling."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.accounts import throttle
from intercoop.accounts.models import ApiToken, Membership, User
from intercoop.core import audit
from intercoop.core.access import forget_access
from intercoop.core.errors import ConflictError, DomainError
from intercoop.core.roles import ROLES_REQUIRING_UNIT, Role, Scope, scope_of
from intercoop.org.models import Institution, OrgUnit, Person


class AccountsError(DomainError):
    pass


class LoginThrottled(AccountsError):
    default_code = "throttled"
    status_code = 429

    def __init__(self, seconds: int) -> None:
        if seconds < 60:
            message = _("Too many failed attempts. Try again in %(seconds)s seconds.") % {"seconds": seconds}
        else:
            minutes = (seconds + 59) // 60
            message = _("Too many failed attempts. Try again in %(minutes)s minutes.") % {"minutes": minutes}
        super().__init__(message)
        self.seconds = seconds


class ResetThrottled(AccountsError):
    default_code = "throttled"
    status_code = 429

    def __init__(self, seconds: int) -> None:
        minutes = max(1, (seconds + 59) // 60)
        super().__init__(
            _("Too many requests for a reset e-mail. Try again in %(minutes)s minutes.")
            % {"minutes": minutes}
        )
        self.seconds = seconds


class LoginFailed(AccountsError):
    default_code = "invalid_credentials"
    status_code = 401


# -- login -----------------------------------------------------------------------------------------------


def login_check(
    *, request: HttpRequest | None, username: str, password: str, ip_address: str | None, channel: str
) -> User:
    """Check a user name and password, honouring the throttle.

    Raises ``LoginThrottled`` or ``LoginFailed``.
    """
    wait = throttle.seconds_until_allowed(username=username, ip_address=ip_address)
    if wait:
        raise LoginThrottled(wait)
    user = cast(User | None, authenticate(request, username=(username or "").strip(), password=password))
    succeeded = user is not None
    throttle.note_attempt(username=username, ip_address=ip_address, succeeded=succeeded, channel=channel)
    if user is None:
        raise LoginFailed(_("The user name or password is not correct."))
    audit.record(
        user,
        "accounts.user.logged_in",
        actor=user,
        data={"channel": channel},
        institution_id=user.institution_id,
    )
    return user


# -- password reset by e-mail ---------------------------------------------------------------------------


def password_reset_requested(*, email: str, users: Iterable[User], ip_address: str | None) -> None:
    """Count one request for a reset e-mail (the throttle) and audit it on each account it goes to.
    Raises ``ResetThrottled`` when too many were asked for; the caller then sends nothing."""
    wait = throttle.reset_wait(email=email, ip_address=ip_address)
    if wait:
        raise ResetThrottled(wait)
    throttle.note_attempt(username=email, ip_address=ip_address, succeeded=False, channel=throttle.RESET)
    for user in users:
        audit.record(
            user,
            "accounts.password_reset.requested",
            actor=None,
            data={"ip": ip_address or ""},
            institution_id=user.institution_id,
        )


def password_reset_done(*, user: User) -> None:
    audit.record(user, "accounts.password_reset.done", actor=user, institution_id=user.institution_id)


# -- users -------------------------------------------------------------------------------------------------

USER_FIELDS = ("username", "display_name", "email", "person", "language", "is_active")


def _check_person(*, person: Person | None, institution: Institution | None, user: User | None) -> None:
    if person is None:
        return
    if institution is None or person.institution_id != institution.pk:
        raise AccountsError(_("The person belongs to another institution."), field="person")
    if person.is_archived:
        raise AccountsError(_("The person's record is archived."), field="person")
    linked = User.objects.filter(person=person)
    if user is not None and user.pk:
        linked = linked.exclude(pk=user.pk)
    if linked.exists():
        raise ConflictError(_("Another user account is linked to this person."), field="person")


def _set_password(user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountsError(" ".join(str(m) for m in exc.messages), field="password") from exc
    user.set_password(password)


@transaction.atomic
def user_create(
    *,
    institution: Institution | None,
    data: Mapping[str, Any],
    password: str | None,
    actor: Any,
    check_password: bool = True,
) -> User:
    """Create a login; ``institution`` is None only for supervisors, who oversee institutions from outside."""
    username = str(data.get("username", "")).strip()
    if not username:
        raise AccountsError(_("Give a user name."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ConflictError(_("The user name %(name)s is taken.") % {"name": username}, field="username")
    user = User(
        username=username,
        institution=institution,
        display_name=data.get("display_name", "") or "",
        email=data.get("email", "") or "",
        language=data.get("language", "") or "",
        person=data.get("person"),
    )
    _check_person(person=user.person, institution=institution, user=None)
    if password:
        if check_password:
            _set_password(user, password)
        else:
            user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise AccountsError(messages[0], field=field) from exc
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ConflictError(
            _("The user name %(name)s is taken.") % {"name": username}, field="username"
        ) from exc
    audit.record(
        user,
        "accounts.user.created",
        actor=actor,
        institution_id=user.institution_id,
        changes=audit.diff({}, audit.snapshot(user, USER_FIELDS)),
    )
    return user


@transaction.atomic
def user_update(*, user: User, data: Mapping[str, Any], actor: Any) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(user, USER_FIELDS)
    for key in ("display_name", "email", "language", "person"):
        if key in data:
            setattr(user, key, data[key] if data[key] is not None or key == "person" else "")
    _check_person(person=user.person, institution=user.institution, user=user)
    if (
        user.person is None
        and user.memberships.active().filter(role__in=[r for r in Role if scope_of(r) == Scope.SELF]).exists()
    ):
        raise AccountsError(
            _("Users with an own-records role (teacher, student, mentor) need a linked person."),
            field="person",
        )
    user.save()
    changes = audit.diff(before, audit.snapshot(user, USER_FIELDS))
    if changes:
        audit.record(
            user, "accounts.user.changed", actor=actor, changes=changes, institution_id=user.institution_id
        )
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, actor: Any) -> User:
    """Deactivate (the archive of a login: it stays, with its history) or reactivate a user."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if getattr(actor, "pk", None) == user.pk and not active:
        raise AccountsError(_("You cannot deactivate your own account."))
    if user.is_active == active:
        raise AccountsError(
            _("The account is active already.") if active else _("The account is inactive already.")
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(
        user,
        "accounts.user.activated" if active else "accounts.user.deactivated",
        actor=actor,
        changes={"is_active": [not active, active]},
        institution_id=user.institution_id,
    )
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: Any) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    _set_password(user, password)
    user.save(update_fields=["password"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(user, "accounts.user.password_set", actor=actor, institution_id=user.institution_id)
    return user


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES) or user.language == language:
        return
    before = user.language
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    audit.record(
        user,
        "accounts.user.changed",
        actor=user,
        changes={"language": [before, language]},
        institution_id=user.institution_id,
    )


# -- role grants ---------------------------------------------------------------------------------------------


@transaction.atomic
def membership_grant(
    *, user: User, role: str, institution: Institution, org_unit: OrgUnit | None, actor: Any
) -> Membership:
    """Grant ``role`` to ``user`` on ``org_unit`` (or the whole ``institution``)."""
    if role not in Role.values:
        raise AccountsError(_("Unknown role %(role)s.") % {"role": role}, field="role")
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialise grants to one user
    scope = scope_of(role)
    if institution.is_archived:
        raise AccountsError(_("The institution is archived."), field="institution")
    if scope == Scope.AGGREGATE:
        if user.institution_id is not None:
            raise AccountsError(
                _(
                    "Supervisors oversee institutions from outside: "
                    "the user must not belong to an institution."
                ),
                field="role",
            )
    elif user.institution_id != institution.pk:
        raise AccountsError(_("The user belongs to another institution."), field="institution")
    if org_unit is not None:
        if org_unit.institution_id != institution.pk:
            raise AccountsError(_("The org unit belongs to another institution."), field="org_unit")
        if org_unit.is_archived:
            raise AccountsError(_("The org unit is archived."), field="org_unit")
    if role in ROLES_REQUIRING_UNIT and org_unit is None:
        raise AccountsError(_("This role is granted on an org unit: choose one."), field="org_unit")
    if scope == Scope.SELF and user.person_id is None:
        raise AccountsError(
            _("Link the user to a person first: this role sees the person's own records."), field="role"
        )
    if (
        Membership.objects.active()
        .filter(user=user, institution=institution, org_unit=org_unit, role=role)
        .exists()
    ):
        raise ConflictError(_("The user holds this role there already."), field="role")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user,
                institution=institution,
                org_unit=org_unit,
                role=role,
                granted_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:
        raise ConflictError(_("The user holds this role there already."), field="role") from exc
    forget_access(user)
    audit.record(
        user,
        "accounts.membership.granted",
        actor=actor,
        institution_id=institution.pk,
        data={
            "role": role,
            "org_unit": org_unit.pk if org_unit else None,
            "org_unit_label": audit.stored_label(org_unit) if org_unit else "",
            "membership": membership.pk,
        },
    )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: Any) -> Membership:
    # Lock the grant row only: FOR UPDATE cannot reach the nullable side of a join (org_unit).
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.revoked_at is not None:
        raise AccountsError(_("The role was revoked already."))
    if (
        membership.role == Role.SYSTEM_ADMIN
        and not Membership.objects.active()
        .filter(institution_id=membership.institution_id, role=Role.SYSTEM_ADMIN, user__is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise AccountsError(_("The institution would be left without a system administrator."))
    membership.revoked_at = timezone.now()
    membership.revoked_by = actor if getattr(actor, "pk", None) else None
    membership.save(update_fields=["revoked_at", "revoked_by"])
    forget_access(membership.user)
    audit.record(
        membership.user,
        "accounts.membership.revoked",
        actor=actor,
        institution_id=membership.institution_id,
        data={
            "role": membership.role,
            "org_unit": membership.org_unit_id,
            "org_unit_label": audit.stored_label(membership.org_unit) if membership.org_unit else "",
            "membership": membership.pk,
        },
    )
    return membership


# -- API tokens ---------------------------------------------------------------------------------------------


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_issue(*, user: User, name: str = "", actor: Any) -> tuple[str, ApiToken]:
    """A new bearer token for ``user``; the raw token is returned once and never stored."""
    raw = "ic_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=raw[:10],
        digest=_digest(raw),
        expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS),
    )
    audit.record(
        user,
        "accounts.token.issued",
        actor=actor,
        institution_id=user.institution_id,
        data={"token": token.prefix, "name": token.name},
    )
    return raw, token


def token_user(raw: str) -> User | None:
    """The active user a valid, unexpired, unrevoked token belongs to, or None."""
    if not raw or not raw.startswith("ic_"):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def token_revoke(*, raw: str, actor: Any) -> bool:
    token = (
        ApiToken.objects.filter(digest=_digest(raw), revoked_at__isnull=True).select_related("user").first()
    )
    if token is None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        token.user,
        "accounts.token.revoked",
        actor=actor,
        institution_id=token.user.institution_id,
        data={"token": token.prefix},
    )
    return True
