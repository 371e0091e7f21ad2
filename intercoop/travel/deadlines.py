"""A traveller's own deadlines for their iCalendar feed: the end of their trip's public notice, the day
their passport or permit is due back, the day their trip report is due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from intercoop.core.notifications import Deadline
from intercoop.core.workdays import calendars_for
from intercoop.travel import selectors
from intercoop.travel.models import PassportLoan, Trip

S = Trip.Status


def mine(user: Any, today: dt.date) -> list[Deadline]:
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    own = Q(applicant_id=person_id) | Q(members__person_id=person_id, members__archived_at__isnull=True)
    trips = list(
        selectors.trip_list(user=user)
        .filter(own, status__in=(S.NOTICE, S.APPROVED))
        .select_related("institution")
        .distinct()
    )
    calendars = calendars_for({t.institution_id for t in trips})
    found = []
    for trip in trips:
        url = reverse("travel:detail", args=[trip.pk])
        if trip.status == S.NOTICE and trip.notice_ends_on:
            found.append(
                Deadline(
                    f"travel-notice-{trip.pk}",
                    trip.notice_ends_on,
                    _("Public notice ends: %(trip)s") % {"trip": trip.title},
                    url,
                )
            )
        if trip.status == S.APPROVED and not trip.recorded_afterwards:
            due = selectors.report_due_on(trip, calendars[trip.institution_id])
            found.append(
                Deadline(
                    f"travel-report-{trip.pk}",
                    due,
                    _("Trip report due: %(trip)s") % {"trip": trip.title},
                    url,
                )
            )
    loans = PassportLoan.objects.filter(
        person_id=person_id,
        returned_on__isnull=True,
        archived_at__isnull=True,
        trip__in=[t.pk for t in trips],
    ).select_related("trip")
    for loan in loans:
        found.append(
            Deadline(
                f"travel-document-{loan.pk}",
                loan.due_on,
                _("Return your %(document)s: %(trip)s")
                % {"document": loan.get_document_display(), "trip": loan.trip.title},
                reverse("travel:detail", args=[loan.trip_id]),
            )
        )
    return found
