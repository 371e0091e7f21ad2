"""Deadlines of foreign nationals' stays on the home page and by e-mail, before each one falls due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intercoop.accounts.selectors import role_emails
from intercoop.core.access import Access
from intercoop.core.reminders import Reminder, emails_of
from intercoop.core.roles import Role
from intercoop.core.workqueue import WorkItem
from intercoop.mobility.models import InternationalStudent
from intercoop.mobility.stays import selectors

LIMIT = 15


def _url(stay: Any) -> str:
    kind = "students" if isinstance(stay, InternationalStudent) else "experts"
    return reverse("mobility:stay_detail", args=[kind, stay.pk])


def deadlines_queue(user: Any, access: Access) -> list[WorkItem]:
    today = timezone.localdate()
    return [
        WorkItem(
            title=f"{item.stay.person.display_name} · {item.deadline.label}",
            url=_url(item.stay),
            due=item.deadline.due_on,
            detail=(_("Overdue since %(date)s") if item.state == "overdue" else _("Due on %(date)s"))
            % {"date": item.deadline.due_on},
            severity="danger" if item.state == "overdue" else "warning",
        )
        for item in selectors.deadlines_due(today=today, within_days=30, user=user)[:LIMIT]
    ]


def due(today: dt.date) -> list[Reminder]:
    """A reminder at each configured lead time before a deadline (14 and 3 days by default), and weekly
    once it is overdue; to the responsible person, or the international office."""
    reminders = []
    for item in selectors.deadlines_due(today=today, within_days=60):
        stay, deadline = item.stay, item.deadline
        days_left = (deadline.due_on - today).days
        leads = item.rules.remind_days_before
        if days_left < 0:
            stage = f"overdue{(-days_left) // 7}"
        else:
            passed = [lead for lead in leads if days_left <= lead]
            if not passed:
                continue
            stage = f"before{min(passed)}"
        recipients = emails_of(stay.responsible) or role_emails(
            institution_id=stay.institution_id, role=Role.OFFICE_STAFF
        )
        reminders.append(
            Reminder(
                key=f"mobility:{type(stay).__name__.lower()}:{stay.pk}:{deadline.key}:{stage}",
                institution_id=stay.institution_id,
                subject=_("%(what)s for %(who)s: due on %(date)s")
                % {"what": deadline.label, "who": stay.person.display_name, "date": deadline.due_on},
                body=(_("Overdue since %(date)s.") if days_left < 0 else _("Due on %(date)s."))
                % {"date": deadline.due_on},
                recipients=tuple(sorted(recipients)),
                url=_url(stay),
            )
        )
    return reminders


def my_applications(user: Any, access: Access) -> list[WorkItem]:
    """A student's exchange applications that are still moving."""
    from intercoop.mobility.models import Application

    if access.person_id is None:
        return []
    A = Application.Status
    qs = (
        Application.objects.filter(
            institution_id=access.own_institution(),
            student_id=access.person_id,
            status__in=(A.IN_REVIEW, A.RETURNED, A.ELIGIBLE, A.NOMINATED, A.ACCEPTED),
        )
        .select_related("call", "place__partner")
        .order_by("-created_at")[:LIMIT]
    )
    return [
        WorkItem(
            title=app.call.title,
            url=reverse("mobility:application", args=[app.pk]),
            due=app.call.mobility_start,
            detail=str(app.get_status_display())
            + (f" · {app.place.partner.display_name}" if app.place else ""),
            severity="warning" if app.status == A.RETURNED else "info",
        )
        for app in qs
    ]


def to_nominate(user: Any, access: Access) -> list[WorkItem]:
    """Eligible applications of open or closed calls that wait for a place (the office)."""
    from django.db.models import Count, Q

    from intercoop.mobility.models import Application, ExchangeCall

    calls_waiting = (
        ExchangeCall.objects.filter(institution_id=access.own_institution(), archived_at__isnull=True)
        .annotate(waiting=Count("applications", filter=Q(applications__status=Application.Status.ELIGIBLE)))
        .filter(waiting__gt=0)
        .order_by("closes_on")[:LIMIT]
    )
    return [
        WorkItem(
            title=call.title,
            url=reverse("mobility:call_detail", args=[call.pk]),
            due=call.closes_on,
            detail=ngettext(
                "%(n)s eligible application waits for a place",
                "%(n)s eligible applications wait for a place",
                call.waiting,
            )
            % {"n": call.waiting},
            severity="info",
        )
        for call in calls_waiting
    ]
