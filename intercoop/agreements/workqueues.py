"""Home-page work queues: agreements about to end, obligations overdue, annual reviews due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.agreements import selectors
from intercoop.agreements.config import settings_for
from intercoop.agreements.models import Agreement, Interaction, Obligation
from intercoop.agreements.permissions import AGREEMENT_CHANGE, AGREEMENT_VIEW
from intercoop.core.access import Access
from intercoop.core.workqueue import WorkItem

LIMIT = 15


def _mine(user: Any, access: Access) -> Any:
    return Agreement.objects.filter(
        selectors.agreement_scope(access, AGREEMENT_CHANGE)
        | (selectors.agreement_scope(access, AGREEMENT_VIEW) & (selectors.responsible_q(access))),
        archived_at__isnull=True,
    )


def expiring(user: Any, access: Access) -> list[WorkItem]:
    today = timezone.localdate()
    conf = settings_for(user.institution)
    qs = _mine(user, access).filter(
        status__in=(Agreement.Status.ACTIVE, Agreement.Status.EXPIRING),
        valid_to__gte=today,
        valid_to__lte=today + dt.timedelta(days=conf.expiring_days),
    )
    return [
        WorkItem(
            title=f"{a.number} {a.title}",
            url=reverse("agreements:detail", args=[a.pk]),
            due=a.valid_to,
            detail=_("Ends in %(days)s days: renew it or let it end.") % {"days": (a.valid_to - today).days},
            severity="danger" if (a.valid_to - today).days <= 30 else "warning",
        )
        for a in qs.order_by("valid_to")[:LIMIT]
        if a.valid_to is not None
    ]


def overdue_obligations(user: Any, access: Access) -> list[WorkItem]:
    today = timezone.localdate()
    visible = _mine(user, access).values("pk")
    qs = Obligation.objects.filter(
        archived_at__isnull=True, status=Obligation.Status.OPEN, due_on__lt=today, agreement__in=visible
    )
    if access.person_id is not None and not access.can_anywhere(AGREEMENT_CHANGE):
        qs = qs.filter(responsible_id=access.person_id)
    return [
        WorkItem(
            title=o.title,
            url=reverse("agreements:detail", args=[o.agreement_id]),
            due=o.due_on,
            detail=_("%(number)s · overdue since %(date)s")
            % {"number": o.agreement.number, "date": o.due_on},
            severity="danger",
        )
        for o in qs.select_related("agreement").order_by("due_on")[:LIMIT]
    ]


def reviews_due(user: Any, access: Access) -> list[WorkItem]:
    """Agreements in force whose yearly anniversary has passed with no review recorded this year."""
    today = timezone.localdate()
    year_start = dt.date(today.year, 1, 1)
    reviewed = Interaction.objects.filter(
        agreement=OuterRef("pk"),
        kind=Interaction.Kind.REVIEW,
        occurred_on__gte=year_start,
        archived_at__isnull=True,
    )
    qs = (
        _mine(user, access)
        .filter(
            status__in=(Agreement.Status.ACTIVE, Agreement.Status.EXPIRING),
            valid_from__lt=year_start.replace(year=today.year),
        )
        .annotate(reviewed=Exists(reviewed))
        .filter(reviewed=False)
    )
    items = []
    for a in qs.order_by("valid_from")[: LIMIT * 4]:
        assert a.valid_from is not None
        anniversary = _anniversary(a.valid_from, today.year)
        if anniversary <= today:
            items.append(
                WorkItem(
                    title=f"{a.number} {a.title}",
                    url=reverse("agreements:detail", args=[a.pk]),
                    due=anniversary,
                    detail=_("Annual implementation review due"),
                    severity="info",
                )
            )
        if len(items) >= LIMIT:
            break
    return items


def _anniversary(start: dt.date, year: int) -> dt.date:
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 2, 28)
