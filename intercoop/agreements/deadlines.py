"""The end of every agreement in force the user is responsible for (school or college level)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from intercoop.agreements import selectors
from intercoop.agreements.models import Agreement
from intercoop.core.access import access_for
from intercoop.core.notifications import Deadline

S = Agreement.Status


def mine(user: Any, today: dt.date) -> list[Deadline]:
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    qs = Agreement.objects.filter(
        selectors.agreement_scope(access_for(user)),
        Q(school_responsible_id=person_id) | Q(college_responsible_id=person_id),
        status__in=(S.SIGNED, S.ACTIVE, S.EXPIRING),
        valid_to__isnull=False,
        valid_to__gte=today - dt.timedelta(days=30),
        archived_at__isnull=True,
    )
    return [
        Deadline(
            f"agreement-end-{a.pk}",
            a.valid_to,
            _("Agreement ends: %(agreement)s") % {"agreement": f"{a.number} {a.title}"},
            reverse("agreements:detail", args=[a.pk]),
        )
        for a in qs
        if a.valid_to is not None
    ]
