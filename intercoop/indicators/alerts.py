"""The office's home queue: national tables whose year has ended and that are not submitted yet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from intercoop.core.access import Access
from intercoop.core.workqueue import WorkItem
from intercoop.indicators.models import Report
from intercoop.indicators.permissions import REPORT_SUBMIT
from intercoop.indicators.selectors import default_year
from intercoop.indicators.tables import TABLE_LABELS, TABLES


def tables_to_submit(user: Any, access: Access) -> list[WorkItem]:
    if access.institution_id is None or not access.can_institution_wide(REPORT_SUBMIT):
        return []
    year = default_year()
    submitted = set(
        Report.objects.filter(
            institution_id=access.institution_id, year=year, archived_at__isnull=True
        ).values_list("table", flat=True)
    )
    return [
        WorkItem(
            title=f"{TABLE_LABELS[code]} {year}",
            url=reverse("indicators:table", args=[code]) + f"?year={year}",
            detail=_("The school year ended on %(date)s; check the table and submit it.")
            % {"date": dt.date(year, 8, 31).isoformat()},
            severity="warning",
        )
        for code in TABLES
        if code not in submitted
    ]
