"""Per-institution rules of official travel, with the usual values as defaults (DOMAIN §3.1, verify locally).

Stored in ``Institution.settings["travel"]``; a college corrects them without a release.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


def _default_day_limits() -> dict[int, int]:
    return {1: 5, 2: 8, 3: 10}


@dataclass(frozen=True)
class TravelSettings:
    max_delegation: int = 6  # people per delegation
    max_countries: int = 3
    day_limits: dict[int, int] = field(
        default_factory=_default_day_limits
    )  # countries → days, travel included
    min_lead_days: int = 45  # submit at least this many days before departure
    notice_working_days: int = 5  # public notice (公示)
    passport_return_days: int = 7  # calendar days after return
    report_working_days: int = 15  # trip report due after return
    plan_deadline: str = "10-31"  # month-day of the year before the plan's year
    settlement_requires_report: bool = True
    settlement_requires_receipts: bool = True  # every line spent needs its receipts attached
    number_prefix: str = "CG"  # 出国: trip numbers CG-2026-001
    mission_prefix: str = "WR"  # 外任: mission approvals WR-2026-001
    # Where objections to a public notice go (the office, its telephone and e-mail), printed on the notice.
    notice_contact: str = ""

    def day_limit(self, countries: int) -> int | None:
        if countries <= 0:
            return None
        if countries in self.day_limits:
            return self.day_limits[countries]
        return max(self.day_limits.values()) if self.day_limits else None

    def plan_deadline_for(self, year: int) -> dt.date:
        """The deadline for submitting the plan of ``year`` (in the year before)."""
        month, day = (int(part) for part in self.plan_deadline.split("-"))
        return dt.date(year - 1, month, day)


def settings_for(institution: Any) -> TravelSettings:
    raw = (getattr(institution, "settings", None) or {}).get("travel", {})
    d = TravelSettings()
    limits = raw.get("day_limits")
    return TravelSettings(
        max_delegation=int(raw.get("max_delegation", d.max_delegation)),
        max_countries=int(raw.get("max_countries", d.max_countries)),
        day_limits={int(k): int(v) for k, v in limits.items()} if isinstance(limits, dict) else d.day_limits,
        min_lead_days=int(raw.get("min_lead_days", d.min_lead_days)),
        notice_working_days=int(raw.get("notice_working_days", d.notice_working_days)),
        passport_return_days=int(raw.get("passport_return_days", d.passport_return_days)),
        report_working_days=int(raw.get("report_working_days", d.report_working_days)),
        plan_deadline=str(raw.get("plan_deadline", d.plan_deadline)),
        settlement_requires_report=bool(raw.get("settlement_requires_report", d.settlement_requires_report)),
        settlement_requires_receipts=bool(
            raw.get("settlement_requires_receipts", d.settlement_requires_receipts)
        ),
        number_prefix=str(raw.get("number_prefix", d.number_prefix)),
        mission_prefix=str(raw.get("mission_prefix", d.mission_prefix)),
        notice_contact=str(raw.get("notice_contact", d.notice_contact)),
    )
