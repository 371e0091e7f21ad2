"""Reporting periods: the one meaning of a year in this app (``docs/indicators.md``).

A **report year** Y is the school year that ends in it: 1 September Y−1 – 31 August Y. Every page, export and
endpoint that takes ``year=`` reads it so, and defaults to ``default_year()`` (the latest report year that
has ended). Where figures are per calendar year instead (``period=calendar``), year Y is 1 January – 31
December Y, and the page says "calendar year".
"""

from __future__ import annotations

import datetime as dt


def school_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """The school year (1 September – 31 August) containing ``today``."""
    start_year = today.year if today.month >= 9 else today.year - 1
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


SCHOOL = "school"
CALENDAR = "calendar"


def period_bounds(kind: str, year: int) -> tuple[dt.date, dt.date]:
    """Report year 2026 (``school``) is 1 Sep 2025 – 31 Aug 2026; ``calendar`` year 2026 is 1 Jan – 31 Dec
    2026."""
    if kind == SCHOOL:
        return dt.date(year - 1, 9, 1), dt.date(year, 8, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def report_year_of(day: dt.date) -> int:
    """The report year a day falls in: 2026 for any day from 1 Sep 2025 to 31 Aug 2026."""
    return day.year + 1 if day.month >= 9 else day.year


def default_year(today: dt.date | None = None) -> int:
    """The latest report year that has ended (in December 2026: 2026, which ended on 31 August 2026):
    the default of every ``year=`` of the app."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return report_year_of(today) - 1


def kind_of(raw: object) -> str:
    """``period=calendar`` or the report year (anything else)."""
    return CALENDAR if raw == CALENDAR else SCHOOL


def days_within(start: dt.date, end: dt.date, period_start: dt.date, period_end: dt.date) -> int:
    """Days of [start, end] inside [period_start, period_end], both ends included."""
    first, last = max(start, period_start), min(end, period_end)
    return max(0, (last - first).days + 1)
