"""Reminders to approvers whose step has waited longer than the chain allows (again every such period)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.approvals import kinds, selectors
from intercoop.approvals.models import ApprovalRequest, RequestStep
from intercoop.core.reminders import Reminder


def due(today: dt.date) -> list[Reminder]:
    reminders = []
    steps = RequestStep.objects.filter(
        status=RequestStep.Status.PENDING,
        request__status=ApprovalRequest.Status.PENDING,
        archived_at__isnull=True,
    ).select_related("request__chain", "org_unit")
    for step in steps:
        if step.reached_at is None:
            continue
        waited = (today - timezone.localtime(step.reached_at).date()).days
        every = max(1, step.request.chain.remind_after_days)
        if waited < every:
            continue
        emails = tuple(sorted({u.email for u in selectors.deciders(step) if u.email}))
        reminders.append(
            Reminder(
                key=f"approvals:wait:{step.pk}:{waited // every}",
                institution_id=step.institution_id,
                subject=_("Still waiting for your approval: %(subject)s")
                % {"subject": step.request.subject_label},
                body=_("The step “%(step)s” has waited %(days)s days for a decision.")
                % {"step": step.name, "days": waited},
                recipients=emails,
                url=kinds.get(step.request.kind).url(step.request.object_id) or reverse("approvals:queue"),
            )
        )
    return reminders
