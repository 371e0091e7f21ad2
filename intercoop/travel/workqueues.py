"""Home-page queues of travel: my open applications, reports due, passports overdue, notices to close."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.core.access import Access
from intercoop.core.workdays import calendars_for
from intercoop.core.workqueue import WorkItem
from intercoop.travel import selectors
from intercoop.travel.models import Trip, TripMember

LIMIT = 15
S = Trip.Status


def mine(user: Any, access: Access) -> list[WorkItem]:
    if access.person_id is None:
        return []
    member_of = TripMember.objects.filter(person_id=access.person_id, archived_at__isnull=True).values(
        "trip_id"
    )
    qs = Trip.objects.filter(
        Q(applicant_id=access.person_id) | Q(pk__in=member_of),
        institution_id=access.own_institution(),
        archived_at__isnull=True,
        status__in=(S.DRAFT, S.RETURNED, S.IN_APPROVAL, S.NOTICE, S.APPROVED),
    ).order_by("departure")
    return [
        WorkItem(
            title=f"{t.number} {t.title}",
            url=reverse("travel:detail", args=[t.pk]),
            due=t.departure,
            detail=str(t.get_status_display()),
            severity="warning" if t.status == S.RETURNED else "info",
        )
        for t in qs[:LIMIT]
    ]


def reports_due(user: Any, access: Access) -> list[WorkItem]:
    today = timezone.localdate()
    items = []
    trips = list(selectors.reports_due(user=user, today=today)[:LIMIT])
    calendars = calendars_for({t.institution_id for t in trips})
    for trip in trips:
        due = selectors.report_due_on(trip, calendars[trip.institution_id])
        items.append(
            WorkItem(
                title=f"{trip.number} {trip.title}",
                url=reverse("travel:detail", args=[trip.pk]),
                due=due,
                detail=_("Overdue since %(date)s") % {"date": due}
                if due < today
                else _("Due on %(date)s") % {"date": due},
                severity="danger" if due < today else "warning",
            )
        )
    return items


def passports_overdue(user: Any, access: Access) -> list[WorkItem]:
    today = timezone.localdate()
    return [
        WorkItem(
            title=f"{loan.person} · {loan.trip.number}",
            url=reverse("travel:detail", args=[loan.trip_id]),
            due=loan.due_on,
            detail=_("%(document)s due back on %(date)s")
            % {"document": loan.get_document_display(), "date": loan.due_on},
            severity="danger",
        )
        for loan in selectors.passports_out(institution_id=access.own_institution()).filter(due_on__lt=today)[
            :LIMIT
        ]
    ]


def notices_to_close(user: Any, access: Access) -> list[WorkItem]:
    today = timezone.localdate()
    qs = Trip.objects.filter(
        institution_id=access.own_institution(),
        status=S.NOTICE,
        notice_ends_on__lt=today,
        archived_at__isnull=True,
    ).order_by("departure")
    return [
        WorkItem(
            title=f"{t.number} {t.title}",
            url=reverse("travel:detail", args=[t.pk]),
            due=t.departure,
            detail=_("Notice ended on %(date)s: issue the mission approval") % {"date": t.notice_ends_on},
            severity="warning",
        )
        for t in qs[:LIMIT]
    ]
