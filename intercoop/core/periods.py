"""Reporting periods: the school year (1 September – 31 August), the calendar year, days inside a period."""

from __future__ import annotations

import datetime as dt


def school_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """The school year (1 September – 31 August) containing ``today``."""
    start_year = today.year if today.month >= 9 else today.year - 1
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


def period_bounds(kind: str, year: int) -> tuple[dt.date, dt.date]:
    """``school`` year 2025 is 1 Sep 2025 – 31 Aug 2026; ``calendar`` year 2025 is 1 Jan – 31 Dec."""
    if kind == "school":
        return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def days_within(start: dt.date, end: dt.date, period_start: dt.date, period_end: dt.date) -> int:
    """Days of [start, end] inside [period_start, period_end], both ends included."""
    first, last = max(start, period_start), min(end, period_end)
    return max(0, (last - first).days + 1)
