"""Reminders that agreements produce for ``send_reminders`` (each sent once, by its key)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from intercoop.accounts.selectors import role_emails
from intercoop.agreements.config import settings_for
from intercoop.agreements.models import Agreement, Interaction, Obligation
from intercoop.agreements.workqueues import _anniversary
from intercoop.core.reminders import Reminder, emails_of
from intercoop.core.roles import Role
from intercoop.org.models import Person

S = Agreement.Status


def _recipients(agreement: Agreement, *extra: Person | None) -> tuple[str, ...]:
    emails = emails_of(*extra, agreement.school_responsible, agreement.college_responsible)
    return tuple(
        sorted(emails or role_emails(institution_id=agreement.institution_id, role=Role.OFFICE_STAFF))
    )


def due(today: dt.date) -> list[Reminder]:
    reminders: list[Reminder] = []
    live = Agreement.objects.filter(
        archived_at__isnull=True, status__in=(S.ACTIVE, S.EXPIRING, S.SIGNED)
    ).select_related("institution", "school_responsible__user", "college_responsible__user")
    for agreement in live.filter(valid_to__gte=today):
        assert agreement.valid_to is not None
        if agreement.auto_renewal:
            # It renews by itself unless notice is given: remind before the notice deadline instead.
            deadline = agreement.valid_to - dt.timedelta(days=agreement.notice_days)
            days_left = (deadline - today).days
            what = "notice"
        else:
            deadline, days_left, what = agreement.valid_to, (agreement.valid_to - today).days, "expiry"
        thresholds = [d for d in settings_for(agreement.institution).reminder_days if 0 <= days_left <= d]
        if not thresholds:
            continue
        threshold = min(thresholds)
        if what == "notice":
            subject = _("Agreement %(number)s renews by itself unless notice is given by %(date)s") % {
                "number": agreement.number,
                "date": deadline,
            }
            body = _(
                "%(title)s renews automatically on %(end)s. If it should not continue, give notice to the "
                "partners by %(date)s (%(days)s days from now)."
            ) % {"title": agreement.title, "end": agreement.valid_to, "date": deadline, "days": days_left}
        else:
            subject = _("Agreement %(number)s ends on %(date)s") % {
                "number": agreement.number,
                "date": deadline,
            }
            body = _(
                "%(title)s ends in %(days)s days. Decide whether to renew it, and start the "
                "renewal in time for its internal review."
            ) % {"title": agreement.title, "days": days_left}
        reminders.append(
            Reminder(
                key=f"agreements:{what}:{agreement.pk}:{deadline}:{threshold}",
                institution_id=agreement.institution_id,
                subject=subject,
                body=body,
                recipients=_recipients(agreement),
                url=reverse("agreements:detail", args=[agreement.pk]),
            )
        )
    overdue = Obligation.objects.filter(
        archived_at__isnull=True,
        status=Obligation.Status.OPEN,
        due_on__lt=today,
        agreement__archived_at__isnull=True,
    ).select_related(
        "agreement__institution",
        "agreement__school_responsible__user",
        "agreement__college_responsible__user",
        "responsible__user",
    )
    for obligation in overdue:
        reminders.append(
            Reminder(
                key=f"agreements:obligation:{obligation.pk}:{obligation.due_on}",
                institution_id=obligation.institution_id,
                subject=_("Overdue: %(title)s") % {"title": obligation.title},
                body=_(
                    "The obligation “%(title)s” of agreement %(number)s was due on %(date)s. "
                    "Record what was done and upload the evidence, or agree a new date."
                )
                % {
                    "title": obligation.title,
                    "number": obligation.agreement.number,
                    "date": obligation.due_on,
                },
                recipients=tuple(sorted(emails_of(obligation.responsible)))
                or _recipients(obligation.agreement),
                url=reverse("agreements:detail", args=[obligation.agreement_id]),
            )
        )
    year_start = dt.date(today.year, 1, 1)
    reviewed = Interaction.objects.filter(
        agreement=OuterRef("pk"),
        kind=Interaction.Kind.REVIEW,
        occurred_on__gte=year_start,
        archived_at__isnull=True,
    )
    for agreement in (
        live.filter(status__in=(S.ACTIVE, S.EXPIRING), valid_from__lt=year_start)
        .annotate(reviewed=Exists(reviewed))
        .filter(reviewed=False)
    ):
        assert agreement.valid_from is not None
        if _anniversary(agreement.valid_from, today.year) > today:
            continue
        reminders.append(
            Reminder(
                key=f"agreements:review:{agreement.pk}:{today.year}",
                institution_id=agreement.institution_id,
                subject=_("Annual implementation review of %(number)s") % {"number": agreement.number},
                body=_(
                    "Record this year's review of %(title)s: what was done under it, places used, "
                    "obligations met, and whether it should continue."
                )
                % {"title": agreement.title},
                recipients=_recipients(agreement),
                url=reverse("agreements:detail", args=[agreement.pk]),
            )
        )
    return reminders
