"""Reminders of travel: passports not back, trip reports due and overdue, annual plans due."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from intercoop.accounts.selectors import role_emails
from intercoop.core.reminders import Reminder, emails_of
from intercoop.core.roles import Role
from intercoop.core.workdays import calendars_for
from intercoop.org.models import OrgUnit
from intercoop.travel.config import settings_for
from intercoop.travel.models import AnnualPlan, PassportLoan, Trip
from intercoop.travel.selectors import report_due_on


def due(today: dt.date) -> list[Reminder]:
    reminders: list[Reminder] = []
    for loan in PassportLoan.objects.filter(
        returned_on__isnull=True, archived_at__isnull=True, due_on__lt=today
    ).select_related("person__user", "trip"):
        reminders.append(
            Reminder(
                key=f"travel:passport:{loan.pk}:{(today - loan.due_on).days // 7}",
                institution_id=loan.institution_id,
                subject=_("Return your %(document)s (trip %(number)s)")
                % {"document": loan.get_document_display(), "number": loan.trip.number},
                body=_(
                    "The %(document)s handed out for %(trip)s was due back at the international office "
                    "on %(date)s."
                )
                % {"document": loan.get_document_display(), "trip": loan.trip, "date": loan.due_on},
                recipients=tuple(
                    sorted(
                        emails_of(loan.person)
                        | role_emails(institution_id=loan.institution_id, role=Role.OFFICE_STAFF)
                    )
                ),
                url=reverse("travel:detail", args=[loan.trip_id]),
            )
        )
    returned = list(
        Trip.objects.filter(status=Trip.Status.APPROVED, return_on__lt=today, archived_at__isnull=True)
        .filter(recorded_afterwards=False)  # its report was filed outside the system
        .select_related("institution", "applicant__user")
    )
    calendars = calendars_for({t.institution_id for t in returned})
    for trip in returned:
        report_due = report_due_on(trip, calendars[trip.institution_id])
        days_left = (report_due - today).days
        stage = "overdue" if days_left < 0 else "due" if days_left <= 5 else ""
        if not stage:
            continue
        reminders.append(
            Reminder(
                key=f"travel:report:{trip.pk}:{stage}",
                institution_id=trip.institution_id,
                subject=(
                    _("Trip report overdue: %(number)s")
                    if stage == "overdue"
                    else _("Trip report due: %(number)s")
                )
                % {"number": trip.number},
                body=_("The report of %(trip)s is due on %(date)s.") % {"trip": trip, "date": report_due},
                recipients=tuple(sorted(emails_of(trip.applicant))),
                url=reverse("travel:detail", args=[trip.pk]),
            )
        )
    # Annual plans: remind each college's liaison two weeks before the deadline if not submitted.
    from intercoop.org.models import Institution

    for institution in Institution.objects.filter(archived_at__isnull=True):
        conf = settings_for(institution)
        year = today.year + 1
        deadline = conf.plan_deadline_for(year)
        if not 0 <= (deadline - today).days <= 14:
            continue
        submitted = set(
            AnnualPlan.objects.filter(
                institution=institution,
                year=year,
                archived_at__isnull=True,
                status__in=("submitted", "approved"),
            ).values_list("org_unit_id", flat=True)
        )
        for college in OrgUnit.objects.filter(
            institution=institution, kind=OrgUnit.Kind.SECONDARY_COLLEGE, archived_at__isnull=True
        ):
            if college.pk in submitted:
                continue
            reminders.append(
                Reminder(
                    key=f"travel:plan:{college.pk}:{year}",
                    institution_id=institution.pk,
                    subject=_("The %(year)s travel plan of %(unit)s is due on %(date)s")
                    % {"year": year, "unit": college, "date": deadline},
                    body=_("Submit next year's planned trips abroad by %(date)s.") % {"date": deadline},
                    recipients=tuple(
                        sorted(
                            role_emails(
                                institution_id=institution.pk, role=Role.COLLEGE_LIAISON, unit=college
                            )
                        )
                    ),
                    url=reverse("travel:plans"),
                )
            )
    return reminders
