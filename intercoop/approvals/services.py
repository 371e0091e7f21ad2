"""Every write of the approval engine: chains, submitting a request, deciding a step, delegations.

Deciding is safe under concurrency: the request row carries a ``version``; a decision is recorded only by
the one ``UPDATE ... WHERE version = <the version the approver saw>`` that changes a row. Two approvers at
once, a double click or a stale page: the first wins, the others get a ``ConflictError`` and change nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from intercoop.approvals import kinds, selectors
from intercoop.approvals.attachables import STEP_FILE
from intercoop.approvals.models import (
    ApprovalChain,
    ApprovalRequest,
    ChainStep,
    Condition,
    Delegation,
    Level,
    RequestStep,
)
from intercoop.attachments import services as attachment_services
from intercoop.core import audit, countries
from intercoop.core.archiving import set_archived
from intercoop.core.errors import ConflictError, DomainError, PermissionDeniedError, clean_or_raise
from intercoop.org.models import Institution, OrgUnit

R = ApprovalRequest.Status
St = RequestStep.Status
DECISIONS = ("approve", "reject", "return")


class ApprovalError(DomainError):
    pass


class NotYourStepError(PermissionDeniedError):
    default_code = "not_your_step"


# -- chains --------------------------------------------------------------------------------------------


def _default_unit(institution: Institution, default: kinds.StepDefault) -> OrgUnit | None:
    units = OrgUnit.objects.filter(institution=institution, archived_at__isnull=True)
    if default.unit_function:
        return units.filter(function=default.unit_function).order_by("path").first()
    if default.unit_kind:
        return units.filter(kind=default.unit_kind).order_by("path").first()
    return None


@transaction.atomic
def chain_for(*, institution: Institution, kind: str) -> ApprovalChain:
    """The institution's chain for ``kind``, created from the kind's defaults the first time it is needed."""
    chain = ApprovalChain.objects.filter(institution=institution, kind=kind, archived_at__isnull=True).first()
    if chain is not None:
        return chain
    spec = kinds.get(kind)
    chain = ApprovalChain.objects.create(
        institution=institution, kind=kind, name=spec.chain_name[0], name_en=spec.chain_name[1]
    )
    for position, default in enumerate(spec.default_steps, start=1):
        unit = None
        level = default.level
        if level == Level.UNIT:
            unit = _default_unit(institution, default)
            if unit is None:  # no such office yet: anyone with the role in the institution
                level = Level.INSTITUTION
        ChainStep.objects.create(
            institution=institution,
            chain=chain,
            position=position,
            name=default.name,
            name_en=default.name_en,
            role=default.role,
            level=level,
            org_unit=unit,
            condition=default.condition,
            threshold=Decimal(default.threshold) if default.threshold else None,
        )
    audit.record(chain, "approvals.chain.created", actor=None, data={"kind": kind})
    return chain


STEP_FIELDS = ("name", "name_en", "role", "level", "org_unit", "condition", "threshold", "countries")


def _check_step(step: ChainStep) -> None:
    if step.level == Level.UNIT and step.org_unit is None:
        raise ApprovalError(_("Name the unit whose approver decides this step."), field="org_unit")
    if step.level != Level.UNIT:
        step.org_unit = None
    if step.org_unit is not None and (
        step.org_unit.institution_id != step.institution_id or step.org_unit.is_archived
    ):
        raise ApprovalError(_("Choose an active unit of this institution."), field="org_unit")
    if step.condition in (Condition.AMOUNT_OVER, Condition.DAYS_OVER) and step.threshold is None:
        raise ApprovalError(_("This condition needs a threshold."), field="threshold")
    if step.condition == Condition.COUNTRY_IN:
        codes = [countries.normalise(c) for c in step.countries.replace("，", ",").split(",") if c.strip()]
        unknown = [c for c in codes if not countries.is_valid(c)]
        if not codes or unknown:
            raise ApprovalError(
                _("Give ISO country codes separated by commas; unknown: %(codes)s")
                % {"codes": ", ".join(unknown) or "—"},
                field="countries",
            )
        step.countries = ",".join(codes)
    clean_or_raise(step, ApprovalError, exclude=["institution", "chain", "position"])


@transaction.atomic
def chain_step_save(
    *, chain: ApprovalChain, step: ChainStep | None, data: dict[str, Any], actor: Any
) -> ChainStep:
    chain = ApprovalChain.objects.select_for_update().get(pk=chain.pk)
    before = audit.snapshot(step, STEP_FIELDS) if step is not None else {}
    if step is None:
        last = chain.steps.filter(archived_at__isnull=True).order_by("-position").first()
        step = ChainStep(
            institution_id=chain.institution_id, chain=chain, position=(last.position + 1) if last else 1
        )
    for key in STEP_FIELDS:
        if key in data:
            setattr(step, key, data[key] if data[key] is not None or key in ("org_unit", "threshold") else "")
    _check_step(step)
    step.save()
    audit.record(
        chain,
        "approvals.chain.step_saved",
        actor=actor,
        changes=audit.diff(before, audit.snapshot(step, STEP_FIELDS)),
        data={"step": step.name},
        fields_of=ChainStep,
    )
    return step


@transaction.atomic
def chain_step_move(*, step: ChainStep, up: bool, actor: Any) -> None:
    steps = list(
        ChainStep.objects.select_for_update()
        .filter(chain_id=step.chain_id, archived_at__isnull=True)
        .order_by("position", "id")
    )
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(steps):
        return
    steps[index], steps[other] = steps[other], steps[index]
    for position, item in enumerate(steps, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])
    audit.record(
        step.chain,
        "approvals.chain.reordered",
        actor=actor,
        data={"order": [s.name for s in steps]},
    )


def chain_step_archive(*, step: ChainStep, actor: Any) -> ChainStep:
    if step.chain.steps.filter(archived_at__isnull=True).count() <= 1 and not step.is_archived:
        raise ApprovalError(_("A chain needs at least one step."))
    return set_archived(
        step,
        archived=True,
        actor=actor,
        action="approvals.chain.step_archived",
        error=ApprovalError,
        unchanged=_("The step is archived already."),
        audit_on=step.chain,
        data={"step": step.name},
    )


# -- requests ------------------------------------------------------------------------------------------


def college_of(unit: OrgUnit | None) -> OrgUnit | None:
    """The secondary college a unit belongs to (the unit itself, or its nearest such ancestor)."""
    if unit is None:
        return None
    ids = unit.ancestor_ids
    ancestors = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
    for pk in reversed(ids):
        candidate = ancestors.get(pk)
        if candidate is not None and candidate.kind == OrgUnit.Kind.SECONDARY_COLLEGE:
            return candidate
    return unit


def _applies(step: ChainStep, facts: dict[str, Any]) -> tuple[bool, str]:
    """Does a conditional step apply to a request with these facts, and why (for the record)."""
    cond = step.condition
    if cond == Condition.ALWAYS:
        return True, ""
    if cond == Condition.AMOUNT_OVER:
        try:
            amount = Decimal(str(facts.get("amount") or 0))
        except InvalidOperation:
            amount = Decimal(0)
        ok = step.threshold is not None and amount > step.threshold
        return ok, _("Budget %(amount)s above %(threshold)s") % {
            "amount": amount,
            "threshold": step.threshold,
        }
    if cond == Condition.DAYS_OVER:
        days = int(facts.get("days") or 0)
        ok = step.threshold is not None and days > step.threshold
        return ok, _("%(days)s days, more than %(threshold)s") % {"days": days, "threshold": step.threshold}
    if cond == Condition.COUNTRY_IN:
        wanted = {c for c in step.countries.split(",") if c}
        hit = sorted(wanted & set(facts.get("countries") or ()))
        return bool(hit), _("Destination %(countries)s") % {"countries": ", ".join(hit)}
    if cond == Condition.LEADER_LED:
        return bool(facts.get("leader_led")), _("Led by a school leader")
    if cond == Condition.OUTSIDE_PLAN:
        return bool(facts.get("outside_plan")), _("Outside the annual plan")
    return False, ""


def _notify_step(step: RequestStep) -> None:
    emails = sorted({u.email for u in selectors.deciders(step) if u.email})
    if not emails:
        return
    with override(settings.LANGUAGE_CODE):
        subject = _("Waiting for your approval: %(subject)s") % {"subject": step.request.subject_label}
        body = _("The step “%(step)s” of %(subject)s waits for your decision.") % {
            "step": step.name,
            "subject": step.request.subject_label,
        }
    url = kinds.get(step.request.kind).url(step.request.object_id)
    transaction.on_commit(
        lambda: send_mail(
            subject, f"{body}\n\n{url}", settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True
        )
    )


def _notify_requester(request: ApprovalRequest) -> None:
    user = request.requested_by
    if user is None or not user.email:
        return
    with override(user.language or settings.LANGUAGE_CODE):
        subject = _("%(subject)s: %(status)s") % {
            "subject": request.subject_label,
            "status": request.get_status_display(),
        }
    url = kinds.get(request.kind).url(request.object_id)
    transaction.on_commit(
        lambda: send_mail(subject, url, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)
    )


@transaction.atomic
def request_start(
    *,
    institution: Institution,
    kind: str,
    subject: Any,
    applicant_unit: OrgUnit | None,
    facts: dict[str, Any],
    actor: Any,
) -> ApprovalRequest:
    """Submit ``subject`` for approval: copy the chain's applicable steps and wait at the first one.

    An earlier request of the same subject still pending is closed (the subject changed). When no step
    applies, the request is approved at once.
    """
    for old in ApprovalRequest.objects.select_for_update().filter(
        institution=institution, kind=kind, object_id=subject.pk, status=R.PENDING
    ):
        _close(old, R.WITHDRAWN)
    chain = chain_for(institution=institution, kind=kind)
    request = ApprovalRequest.objects.create(
        institution=institution,
        kind=kind,
        object_id=subject.pk,
        subject_label=audit.stored_label(subject)[:300],
        chain=chain,
        applicant_unit=applicant_unit,
        requested_by=actor if getattr(actor, "pk", None) else None,
        facts=audit.to_jsonable(facts),
    )
    college = college_of(applicant_unit)
    position = 0
    for step in chain.steps.filter(archived_at__isnull=True).select_related("org_unit").order_by("position"):
        applies, reason = _applies(step, facts)
        if not applies:
            continue
        position += 1
        unit = (
            step.org_unit
            if step.level == Level.UNIT
            else college
            if step.level == Level.APPLICANT_COLLEGE
            else None
        )
        RequestStep.objects.create(
            institution=institution,
            request=request,
            position=position,
            name=step.name,
            name_en=step.name_en,
            role=step.role,
            org_unit=unit,
            reason=reason[:200],
        )
    audit.record(
        subject,
        "approvals.request.submitted",
        actor=actor,
        data={"chain": chain.name, "steps": position},
    )
    first = request.steps.order_by("position").first()
    if first is None:
        request.status = R.APPROVED
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_at", "updated_at"])
        kinds.get(kind).on_outcome(request, subject, R.APPROVED, actor)
        return request
    first.status = St.PENDING
    first.reached_at = timezone.now()
    first.save(update_fields=["status", "reached_at", "updated_at"])
    request.current_position = first.position
    request.save(update_fields=["current_position", "updated_at"])
    _notify_step(first)
    return request


def _close(request: ApprovalRequest, status: str) -> None:
    request.status = status
    request.decided_at = timezone.now()
    request.version += 1
    request.save(update_fields=["status", "decided_at", "version", "updated_at"])
    request.steps.filter(status__in=(St.WAITING, St.PENDING)).update(
        status=St.CLOSED, updated_at=timezone.now()
    )


@transaction.atomic
def withdraw(*, request: ApprovalRequest, actor: Any) -> None:
    """The subject no longer needs approval (cancelled, or changed and resubmitted)."""
    locked = ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status == R.PENDING:
        _close(locked, R.WITHDRAWN)


def decide(
    *,
    step: RequestStep,
    decision: str,
    actor: Any,
    comment: str = "",
    attachment: UploadedFile | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> ApprovalRequest:
    """Approve, reject or return one step. Exactly one decision per step, whatever the concurrency."""
    try:
        return _decide(
            step=step,
            decision=decision,
            actor=actor,
            comment=comment,
            attachment=attachment,
            expected_version=expected_version,
            today=today,
        )
    except OperationalError as exc:  # SQLite: the other decision still holds the write lock
        if "locked" not in str(exc):
            raise
        raise ConflictError(
            _("Someone else is deciding this request at this moment. Reload the page.")
        ) from exc


@transaction.atomic
def _decide(
    *,
    step: RequestStep,
    decision: str,
    actor: Any,
    comment: str,
    attachment: UploadedFile | None,
    expected_version: int | None,
    today: dt.date | None,
) -> ApprovalRequest:
    if decision not in DECISIONS:
        raise ApprovalError(_("Choose approve, reject or return."), field="decision")
    comment = (comment or "").strip()
    if decision in ("reject", "return") and not comment:
        raise ApprovalError(_("Say why, so that the applicant knows what to change."), field="comment")
    step = RequestStep.objects.select_related("request", "org_unit").get(pk=step.pk)
    request = step.request
    allowed, behalf = selectors.can_decide(actor, step, today=today)
    if step.status != St.PENDING or request.status != R.PENDING:
        raise ConflictError(
            _("This step is no longer waiting for a decision. Reload the page to see its state.")
        )
    if not allowed:
        raise NotYourStepError(
            _("This step waits for %(who)s; you cannot decide it.") % {"who": selectors.who(step)},
        )
    version = request.version if expected_version is None else expected_version
    # The one statement that decides who wins: it changes a row only for the first of concurrent decisions.
    won = ApprovalRequest.objects.filter(
        pk=request.pk, status=R.PENDING, version=version, current_position=step.position
    ).update(version=F("version") + 1, updated_at=timezone.now())
    if won != 1:
        raise ConflictError(
            _("Someone else decided this request a moment ago. Reload the page to see the decision.")
        )
    request.refresh_from_db()
    if attachment is not None:
        attachment_services.check(attachment, owner=RequestStep, field="attachment")
    now = timezone.now()
    step.status = {"approve": St.APPROVED, "reject": St.REJECTED, "return": St.RETURNED}[decision]
    step.decided_at = now
    step.decided_by = actor
    step.on_behalf_of = behalf
    step.comment = comment
    step.save()
    if attachment is not None:  # the decider has been checked above (``can_decide``)
        step.attachment = attachment_services.attach(
            owner=step, upload=attachment, kind=STEP_FILE, actor=actor, field="attachment"
        )
        step.save(update_fields=["attachment", "updated_at"])
    outcome = None
    if decision == "approve":
        following = (
            request.steps.filter(position__gt=step.position, status=St.WAITING).order_by("position").first()
        )
        if following is not None:
            following.status = St.PENDING
            following.reached_at = now
            following.save(update_fields=["status", "reached_at", "updated_at"])
            request.current_position = following.position
            request.save(update_fields=["current_position", "updated_at"])
            _notify_step(following)
        else:
            outcome = R.APPROVED
    else:
        outcome = R.REJECTED if decision == "reject" else R.RETURNED
    kind = kinds.get(request.kind)
    subject = kind.subject(request.object_id)
    audit.record(
        subject,
        f"approvals.step.{step.status}",
        actor=actor,
        data={
            "step": step.name,
            "comment": comment,
            **({"on_behalf_of": audit.stored_label(behalf)} if behalf is not None else {}),
        },
    )
    if outcome is not None:
        request.status = outcome
        request.decided_at = now
        request.save(update_fields=["status", "decided_at", "updated_at"])
        request.steps.filter(status=St.WAITING).update(status=St.CLOSED, updated_at=now)
        kind.on_outcome(request, subject, outcome, actor)
        _notify_requester(request)
    return request


# -- delegations ---------------------------------------------------------------------------------------


@transaction.atomic
def delegation_create(
    *, delegator: Any, delegate: Any, starts_on: dt.date, ends_on: dt.date, reason: str, actor: Any
) -> Delegation:
    if delegate is None or delegate.pk == delegator.pk:
        raise ApprovalError(_("Choose someone else as your substitute."), field="delegate")
    if delegate.institution_id != delegator.institution_id or not delegate.is_active:
        raise ApprovalError(_("The substitute must be an active user of your institution."), field="delegate")
    if ends_on < starts_on:
        raise ApprovalError(_("The end date is before the start date."), field="ends_on")
    if ends_on < timezone.localdate():
        raise ApprovalError(_("The period is already over."), field="ends_on")
    delegation = Delegation.objects.create(
        institution_id=delegator.institution_id,
        delegator=delegator,
        delegate=delegate,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
    )
    audit.record(
        delegation,
        "approvals.delegation.created",
        actor=actor,
        changes=audit.diff({}, audit.snapshot(delegation, ("delegate", "starts_on", "ends_on", "reason"))),
    )
    return delegation


def delegation_end(*, delegation: Delegation, actor: Any) -> Delegation:
    return set_archived(
        delegation,
        archived=True,
        actor=actor,
        action="approvals.delegation.ended",
        error=ApprovalError,
        unchanged=_("The delegation has ended already."),
    )
