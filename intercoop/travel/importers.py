"""Importing past trips from Excel (issue 17 item 5): a college adopting the system brings in the trips of
earlier years, each with the approval reference it had, so that row 4 and the travel figures of those
years are complete. Every row goes through ``services.trip_record_past``: the same checks as a trip
entered on the page, marked "recorded afterwards"."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intercoop.core.errors import DomainError
from intercoop.core.importing import Importer, Row, RowResult, choice_map, country_code
from intercoop.core.spreadsheets import Column
from intercoop.org.models import OrgUnit, Person
from intercoop.travel import services
from intercoop.travel.models import FundSource, Purpose, Trip
from intercoop.travel.permissions import TRIP_MANAGE
from intercoop.travel.services import Destination

PAST_TRIP_COLUMNS = [
    Column("title", "出访任务名称", "Title", width=36, required=True),
    Column("purpose", "出访目的", "Purpose", width=22, required=True),
    Column("unit", "组团单位代码", "Unit code", width=12, required=True),
    Column("departure", "出境日期", "Departure", width=12, required=True),
    Column("return_on", "入境日期", "Return", width=12, required=True),
    Column(
        "destinations",
        "出访国家（地区）及天数",
        "Countries and days",
        width=24,
        required=True,
        help="如 DE 5; FR 3，只有一国时可只写 DE / e.g. DE 5; FR 3, or DE alone for one country",
    ),
    Column("members", "团组成员工号", "Members' staff numbers", width=24, required=True),
    Column("leader", "团长工号", "Leader's staff number", width=14),
    Column("mission_number", "任务批件号", "Mission approval number", width=20, required=True),
    Column("mission_issued_on", "批件日期", "Approval date", width=12),
    Column("fund_source", "经费来源", "Fund source", width=18, required=True),
]
COLUMN = {c.key: c for c in PAST_TRIP_COLUMNS}
# A service rule's field, as the column that holds it.
FIELD_COLUMN = {
    "title": "title",
    "org_unit": "unit",
    "departure": "departure",
    "return_on": "return_on",
    "members": "members",
    "leader": "leader",
    "destinations": "destinations",
    "mission_number": "mission_number",
    "mission_issued_on": "mission_issued_on",
}
PURPOSE_EN = {p.value: str(p.label) for p in Purpose}
FUND_EN = {f.value: str(f.label) for f in FundSource}


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;；,，\n]", text) if p.strip()]


class PastTripImporter(Importer):
    key = "past_trips"
    label = gettext_lazy("Past trips abroad")
    permission = TRIP_MANAGE
    columns = PAST_TRIP_COLUMNS
    notes = (
        "一行一次已经结束的出访，按当时的任务批件录入（补录），计入当年的出访统计和国际影响表第 4 行。"
        "成员和团长写人员工号（须已在人员名单中），多个用分号分隔；团长留空则为第一位成员。"
        "国家写两位代码加天数，如 DE 5; FR 3。日期写 2024-09-01。批件号已导入过的行保持不变。",
        "One trip that has ended a row, entered with the mission approval it had (recorded afterwards); it "
        "counts in that year's travel figures and in row 4 of the international influence table. Members "
        "and leader: staff numbers of people already in the system, separated by ;; no leader: the first "
        "member. Countries: two-letter code and days, e.g. DE 5; FR 3. Dates like 2024-09-01. A row whose "
        "approval number was imported before is left unchanged.",
        "任何一行有错误则整份文件都不导入。",
        "If any row has an error, nothing is imported.",
    )
    example_rows = (
        (
            "赴德国巴符州职业院校开展新能源汽车课程教学",
            "Teaching or training at an overseas base",
            "AUTO",
            "2024-10-14",
            "2024-10-20",
            "DE 7",
            "T1",
            "T1",
            "渝外办〔2024〕108号",
            "2024-09-20",
            "Special fund for international cooperation",
        ),
    )

    def clean(self, row: Row, context: dict[str, Any]) -> None:
        institution = context["institution"]
        values: dict[str, Any] = {
            "title": row.text("title", required=True, max_length=200),
            "purpose": row.choice("purpose", choice_map(Purpose.choices, english=PURPOSE_EN), required=True),
            "departure": row.date("departure", required=True),
            "return_on": row.date("return_on", required=True),
            "fund_source": row.choice(
                "fund_source", choice_map(FundSource.choices, english=FUND_EN), required=True
            ),
        }
        mission_number = row.text("mission_number", required=True, max_length=40)
        mission_issued_on = row.date("mission_issued_on")
        code = row.text("unit", required=True, max_length=40).upper()
        unit = OrgUnit.objects.filter(institution=institution, code=code, archived_at__isnull=True).first()
        if code and unit is None:
            row.error("unit", _("No unit with the code %(code)s.") % {"code": code})
        people = {
            p.number: p
            for p in Person.objects.filter(
                institution=institution,
                archived_at__isnull=True,
                number__in=_split(row.text("members", max_length=2000))
                + _split(row.text("leader", max_length=40)),
            )
        }
        members = []
        for number in _split(row.text("members", required=True, max_length=2000)):
            if number in people:
                members.append(people[number])
            else:
                row.error("members", _("No person with the staff number %(n)s.") % {"n": number})
        leader_number = row.text("leader", max_length=40)
        leader = people.get(leader_number) if leader_number else (members[0] if members else None)
        if leader_number and leader is None:
            row.error("leader", _("No person with the staff number %(n)s.") % {"n": leader_number})
        elif leader is not None and leader not in members:
            members.insert(0, leader)
        destinations = []
        for part in _split(row.text("destinations", required=True, max_length=500)):
            bits = part.split()
            country = country_code(bits[0]) if bits else None
            days_text = bits[1] if len(bits) > 1 else ""
            if country is None:
                row.error(
                    "destinations",
                    _("“%(value)s” is not a country code.") % {"value": bits[0] if bits else part},
                )
                continue
            if days_text and not days_text.isdigit():
                row.error("destinations", _("“%(value)s” is not a number of days.") % {"value": days_text})
                continue
            destinations.append((country, int(days_text) if days_text else 0))
        if values["return_on"] and values["return_on"] >= timezone.localdate():
            row.error("return_on", _("Only trips that have come back are imported; apply for a coming trip."))
        if values["departure"] and values["return_on"]:
            if values["return_on"] < values["departure"]:
                row.error("return_on", _("The return date is before the departure date."))
            total = (values["return_on"] - values["departure"]).days + 1
            if len(destinations) == 1 and destinations[0][1] == 0:
                destinations = [(destinations[0][0], total)]
            elif any(days == 0 for _c, days in destinations):
                row.error("destinations", _("Give the days of each country when there are several."))
        if (
            mission_number
            and Trip.objects.filter(institution=institution, mission_number=mission_number).exists()
        ):
            row.result.unchanged = _("A trip with this approval number is recorded already.")
        if not row.result.errors and not row.result.unchanged and leader is not None:
            try:  # the rules of every trip (days per country, delegation size ...), named by their column
                services.check_past_trip(
                    institution=institution,
                    data={**values, "org_unit": unit},
                    members=members,
                    leader=leader,
                    destinations=[Destination(c, d) for c, d in destinations],
                    mission_number=mission_number,
                    mission_issued_on=mission_issued_on,
                )
            except DomainError as exc:
                row.error(FIELD_COLUMN.get(exc.field or ""), str(exc.message))
        values.update(
            _unit=unit,
            _members=members,
            _leader=leader,
            _destinations=[Destination(c, d) for c, d in destinations],
            _mission=(mission_number, mission_issued_on),
        )
        row.result.values = values
        row.result.summary = f"{mission_number} {values['title']}"

    def check_file(self, rows: list[RowResult], context: dict[str, Any]) -> None:
        seen: dict[str, int] = {}
        for result in rows:
            number = result.values.get("_mission", ("", None))[0]
            if number and number in seen:
                result.add_error(
                    COLUMN["mission_number"],
                    _("Same approval number as row %(row)s.") % {"row": seen[number]},
                )
            elif number:
                seen[number] = result.number

    def write(self, rows: list[RowResult], *, context: dict[str, Any], actor: Any) -> int:
        for result in rows:
            values = dict(result.values)
            unit, members, leader = values.pop("_unit"), values.pop("_members"), values.pop("_leader")
            destinations = values.pop("_destinations")
            mission_number, mission_issued_on = values.pop("_mission")
            services.trip_record_past(
                institution=context["institution"],
                data={**values, "org_unit": unit},
                members=members,
                leader=leader,
                destinations=destinations,
                mission_number=mission_number,
                mission_issued_on=mission_issued_on,
                actor=actor,
            )
        return len(rows)
