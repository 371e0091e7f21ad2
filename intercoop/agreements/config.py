"""Per-institution settings for agreements, with the defaults an international office would expect.

Stored in ``Institution.settings["agreements"]`` so that a college can change them without a release.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AgreementSettings:
    dormant_months: int = 12  # no activity for this long: dormant
    expiring_days: int = 180  # ends within this many days: expiring
    reminder_days: tuple[int, ...] = (180, 90, 30)  # expiry reminders this many days before the end
    number_prefix: str = "HZ"  # 合作: agreement numbers HZ-2026-001
    separate_duties: bool = True  # who drafted or submitted an agreement does not approve it


def settings_for(institution: Any) -> AgreementSettings:
    raw = (getattr(institution, "settings", None) or {}).get("agreements", {})
    defaults = AgreementSettings()
    return AgreementSettings(
        dormant_months=int(raw.get("dormant_months", defaults.dormant_months)),
        expiring_days=int(raw.get("expiring_days", defaults.expiring_days)),
        reminder_days=tuple(int(d) for d in raw.get("reminder_days", defaults.reminder_days)),
        number_prefix=str(raw.get("number_prefix", defaults.number_prefix)),
        separate_duties=bool(raw.get("separate_duties", defaults.separate_duties)),
    )


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the last day of the month where that day does not exist)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where that day does not exist)."""
    return months_before(day, -months)


def term_months(start: dt.date, end: dt.date) -> int | None:
    """Whole months from ``start`` to the day after ``end`` (2024-01-01 – 2025-12-31 is 24), else None."""
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months if months > 0 and add_months(start, months) == after else None
