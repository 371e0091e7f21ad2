"""Excel exports of travel: the trip list, the consolidated annual plan, the figures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from intercoop.core import countries
from intercoop.core.spreadsheets import Column, Sheet, write_xlsx
from intercoop.travel.models import AnnualPlan, PlannedTrip, Trip
from intercoop.travel.selectors import Figures

TRIP_COLUMNS = [
    Column("number", "编号", "Number", 14),
    Column("title", "事由", "Title", 36),
    Column("purpose", "任务类型", "Purpose", 24),
    Column("unit", "申请单位", "Applying unit", 20),
    Column("applicant", "申请人", "Applicant", 14),
    Column("people", "人数", "People", 8),
    Column("countries", "国家（地区）", "Countries", 22),
    Column("departure", "出发日期", "Departure", 12),
    Column("return_on", "返回日期", "Return", 12),
    Column("days", "天数", "Days", 8),
    Column("person_days", "人日", "Person-days", 10),
    Column("status", "状态", "Status", 14),
    Column("mission", "任务批件号", "Mission approval", 16),
]


def trips_xlsx(trips: Iterable[Trip]) -> bytes:
    rows = []
    for t in trips:
        people = getattr(t, "member_count", 0)
        rows.append(
            [
                t.number,
                t.title,
                t.get_purpose_display(),
                str(t.org_unit),
                str(t.applicant),
                people,
                "、".join(countries.name(c) for c in getattr(t, "country_codes", [])),
                t.departure,
                t.return_on,
                t.days,
                t.days * people,
                t.get_status_display(),
                t.mission_number,
            ]
        )
    return write_xlsx([Sheet(title=_("Trips abroad"), columns=TRIP_COLUMNS, rows=rows)])


PLAN_COLUMNS = [
    Column("unit", "单位", "College", 20),
    Column("month", "月份", "Month", 8),
    Column("title", "出访任务", "Planned trip", 36),
    Column("purpose", "任务类型", "Purpose", 24),
    Column("countries", "国家（地区）", "Countries", 22),
    Column("people", "人数", "People", 8),
    Column("days", "天数", "Days", 8),
    Column("person_days", "人日", "Person-days", 10),
    Column("partner", "邀请单位", "Inviting partner", 28),
    Column("budget", "预算（元）", "Budget (CNY)", 14),
    Column("used", "已申请", "Applied for", 10),
]
SUMMARY_COLUMNS = [
    Column("unit", "单位", "College", 20),
    Column("status", "状态", "Status", 14),
    Column("late", "逾期提交", "Submitted late", 10),
    Column("lines", "计划数", "Planned trips", 10),
    Column("people", "人次", "People", 10),
    Column("budget", "预算（元）", "Budget (CNY)", 14),
]


def plan_xlsx(lines: Iterable[PlannedTrip], plans: Sequence[AnnualPlan], year: int) -> bytes:
    detail = [
        [
            str(x.plan.org_unit),
            x.month,
            x.title,
            x.get_purpose_display(),
            "、".join(countries.name(c) for c in x.countries.split(",") if c),
            x.people,
            x.days,
            x.people * x.days,
            x.partner.display_name if x.partner_id and x.partner else "",
            x.budget,
            getattr(x, "used", 0),
        ]
        for x in lines
    ]
    summary: list[list[Any]] = [
        [
            str(p.org_unit),
            p.get_status_display(),
            _("yes") if p.submitted_late else "",
            getattr(p, "line_count", 0),
            getattr(p, "people_total", 0) or 0,
            getattr(p, "budget_total", 0) or 0,
        ]
        for p in plans
    ]
    return write_xlsx(
        [
            Sheet(
                title=_("Plan %(year)s") % {"year": year},
                columns=PLAN_COLUMNS,
                rows=detail,
                notes=[_("Approved plans only.")],
            ),
            Sheet(title=_("Colleges"), columns=SUMMARY_COLUMNS, rows=summary),
        ]
    )


FIGURE_COLUMNS = [
    Column("group", "分组", "Group", 28),
    Column("trips", "团组数", "Trips", 10),
    Column("people", "人次", "People", 10),
    Column("person_days", "人日", "Person-days", 12),
]


def figures_xlsx(fig: Figures) -> bytes:
    def rows(items: Iterable[Any]) -> list[list[Any]]:
        return [[r.label, r.trips, r.people, r.person_days] for r in items]

    return write_xlsx(
        [
            Sheet(
                title=_("By purpose"),
                columns=FIGURE_COLUMNS,
                rows=rows(fig.by_purpose),
                notes=[f"{fig.start} – {fig.end}"],
            ),
            Sheet(title=_("By unit"), columns=FIGURE_COLUMNS, rows=rows(fig.by_unit)),
            Sheet(title=_("By person"), columns=FIGURE_COLUMNS, rows=rows(fig.by_person)),
            Sheet(title=_("By country"), columns=FIGURE_COLUMNS, rows=rows(fig.by_country)),
        ]
    )
