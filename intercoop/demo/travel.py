"""Demo trips abroad in every state across several years, annual plans, and an approval in progress.

Trips that lie in the past are walked through the same services with the dates of their time (the services
take ``today`` for that); only the public-notice dates, which the engine sets from the clock, are moved
back to when the notice would have run.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.approvals import selectors as approval_selectors
from intercoop.approvals import services as approvals
from intercoop.attachments import services as attachments
from intercoop.core import currencies
from intercoop.core.workdays import calendar_for
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.partners.models import Partner
from intercoop.travel import services
from intercoop.travel.config import settings_for
from intercoop.travel.models import Objection, Purpose, Trip, TripDocumentKind
from intercoop.travel.selectors import KIND, documents_needed
from intercoop.travel.services import Destination, Line

PDF = b"%PDF-1.4\n% demo invitation letter\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (title, purpose, unit, members, [(country, city, days)], partner country, months from today, state)
TRIPS: list[tuple[str, str, str, int, list[tuple[str, str, int]], str, int, str]] = [
    (
        "赴德国埃斯林根应用技术大学开展新能源汽车师资培训",
        Purpose.STUDY,
        "AUTO",
        3,
        [("DE", "Esslingen", 5)],
        "DE",
        -38,
        "settled",
    ),
    (
        "赴马来西亚开展汽车检测技术教学培训",
        Purpose.TEACHING,
        "AUTO",
        2,
        [("MY", "Kuala Lumpur", 5)],
        "MY",
        -30,
        "settled",
    ),
    ("赴泰国指导学生海外实习", Purpose.GUIDANCE, "AUTO", 2, [("TH", "Bangkok", 5)], "TH", -26, "settled"),
    (
        "赴芬兰参加欧洲职业教育年会",
        Purpose.CONFERENCE,
        "IT",
        2,
        [("FI", "Hämeenlinna", 4)],
        "FI",
        -22,
        "settled",
    ),
    (
        "赴沙特阿拉伯人才培养基地开展教学",
        Purpose.TEACHING,
        "AUTO",
        3,
        [("SA", "Riyadh", 5)],
        "SA",
        -17,
        "settled",
    ),
    (
        "赴斯里兰卡数字乡村项目开展技术培训",
        Purpose.TEACHING,
        "IT",
        2,
        [("LK", "Colombo", 5)],
        "LK",
        -14,
        "settled",
    ),
    (
        "赴德国、奥地利考察双元制合作",
        Purpose.NEGOTIATION,
        "AUTO",
        3,
        [("DE", "Heilbronn", 4), ("AT", "Graz", 4)],
        "DE",
        -11,
        "reported",
    ),
    (
        "赴泰国指导国际技能竞赛集训",
        Purpose.COMPETITION,
        "IT",
        2,
        [("TH", "Bangkok", 5)],
        "TH",
        -8,
        "reported",
    ),
    (
        "赴马来西亚理工大学开展课程标准输出培训",
        Purpose.TEACHING,
        "AUTO",
        2,
        [("MY", "Johor Bahru", 5)],
        "MY",
        -5,
        "report_late",
    ),
    (
        "赴印度尼西亚开展汽车专业教学",
        Purpose.TEACHING,
        "AUTO",
        2,
        [("ID", "Jakarta", 5)],
        "ID",
        -1,
        "report_due",
    ),
    ("赴肯尼亚开展职业技能培训", Purpose.TEACHING, "IT", 2, [("KE", "Nairobi", 5)], "KE", -1, "passport_out"),
    (
        "赴芬兰哈默应用科学大学商谈学分互认",
        Purpose.NEGOTIATION,
        "IT",
        2,
        [("FI", "Hämeenlinna", 5)],
        "FI",
        2,
        "approved",
    ),
    ("赴沙特阿拉伯基地开展第二期教学", Purpose.TEACHING, "AUTO", 3, [("SA", "Riyadh", 5)], "SA", 3, "notice"),
    (
        "赴香港专业教育学院交流汽车专业人才培养",
        Purpose.NEGOTIATION,
        "AUTO",
        2,
        [("HK", "Hong Kong", 3)],
        "HK",
        1,
        "approved",
    ),
    (
        "赴德国参加国际汽车职业教育论坛",
        Purpose.CONFERENCE,
        "AUTO",
        2,
        [("DE", "Stuttgart", 4)],
        "DE",
        3,
        "waiting_finance",
    ),
    (
        "赴老挝开展中文与汽车技术培训",
        Purpose.TEACHING,
        "AUTO",
        2,
        [("LA", "Vientiane", 5)],
        "LA",
        3,
        "waiting_leader",
    ),
    (
        "赴埃塞俄比亚鲁班工坊调研",
        Purpose.NEGOTIATION,
        "IT",
        2,
        [("ET", "Addis Ababa", 5)],
        "ET",
        4,
        "waiting_office",
    ),
    ("赴泰国先皇技术学院交流", Purpose.NEGOTIATION, "IT", 2, [("TH", "Bangkok", 4)], "TH", 4, "returned"),
    ("赴芬兰研修人工智能课程", Purpose.STUDY, "IT", 2, [("FI", "Helsinki", 5)], "FI", 4, "rejected"),
    (
        "赴马来西亚参加东盟职教论坛",
        Purpose.CONFERENCE,
        "AUTO",
        1,
        [("MY", "Kuala Lumpur", 3)],
        "MY",
        5,
        "draft",
    ),
    ("赴德国参加汽车展会", Purpose.OTHER, "AUTO", 2, [("DE", "Munich", 4)], "DE", 4, "cancelled"),
]


def _month_start(today: dt.date, months: int) -> dt.date:
    index = today.year * 12 + today.month - 1 + months
    year, month = divmod(index, 12)
    day = dt.date(year, month + 1, 10)
    while day.weekday() != 0:  # depart on a Monday
        day += dt.timedelta(days=1)
    return day


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _approve_all(trip: Trip, users: list[Any], *, stop_before: str = "") -> None:
    for _round in range(10):
        step = approval_selectors.pending_step(kind=KIND, object_id=trip.pk)
        if step is None or (stop_before and step.name.startswith(stop_before)):
            return
        decider = next(u for u in users if approval_selectors.can_decide(u, step)[0])
        approvals.decide(step=step, decision="approve", actor=decider, comment="同意。")


def build(*, main: Institution, units: dict[tuple[str, str], OrgUnit], people: dict[str, Person]) -> None:
    code = main.code
    users = {
        name: User.objects.get(username=name)
        for name in ("office", "leader", "finance", "teacher", "liaison_auto", "liaison_it")
    }
    deciders = [users["leader"], users["finance"], users["office"]]
    today = timezone.localdate()
    cal = calendar_for(main)
    conf = settings_for(main)
    teachers = {
        unit: [people["teacher"]] * (unit == "AUTO")
        + list(
            Person.objects.filter(
                institution=main,
                kind=Person.Kind.TEACHER,
                org_unit__path__startswith=units[(code, unit)].path,
                archived_at__isnull=True,
            )
            .exclude(pk=people["teacher"].pk)
            .order_by("number")[:12]
        )
        for unit in ("AUTO", "IT")
    }
    partners = {
        p.country: p
        for p in Partner.objects.filter(institution=main, archived_at__isnull=True).order_by("-id")
    }
    _plans(main, units, users, today)
    _recorded_afterwards(main, units, teachers["AUTO"], users["office"], today)
    for n, (title, purpose, unit_code, size, dests, country, months, state) in enumerate(TRIPS):
        departure = _month_start(today, months)
        days = sum(d for _c, _city, d in dests)
        pool = teachers[unit_code]
        members = [pool[(n + i) % len(pool)] for i in range(size)]
        if unit_code == "AUTO" and people["teacher"] not in members and n % 3 == 0:
            members[0] = people["teacher"]
        applicant = members[0]
        actor = (
            users["teacher"]
            if applicant.pk == people["teacher"].pk
            else users[f"liaison_{unit_code.lower()}"]
        )
        submitted_on = min(today, departure - dt.timedelta(days=conf.min_lead_days + 10))
        if state in PAST_NOTICE:  # its notice ran and ended before today: submitted weeks ago
            submitted_on = min(submitted_on, today - dt.timedelta(days=28))
        amount = Decimal(9000 * size + 1500 * days)
        trip = services.trip_create(
            institution=main,
            data={
                "title": title,
                "purpose": purpose,
                "org_unit": units[(code, unit_code)],
                "applicant": applicant,
                "departure": departure,
                "return_on": departure + dt.timedelta(days=days - 1),
                "inviting_partner": partners.get(country) or next(iter(partners.values())),
                "itinerary": "；".join(f"{city} {d}天" for _c, city, d in dests),
                "fund_source": "special_fund" if n % 3 else "college",
            },
            members=members,
            leader=members[0],
            destinations=[Destination(c, d, city) for c, city, d in dests],
            lines=[
                Line("fare", (amount * Decimal("0.55")).quantize(Decimal("1")), "special_fund"),
                Line("accommodation", (amount * Decimal("0.30")).quantize(Decimal("1")), "special_fund"),
                Line("meals", (amount * Decimal("0.15")).quantize(Decimal("1")), "college"),
            ],
            actor=actor,
        )
        if state == "draft":
            continue
        attachments.attach(
            owner=trip, upload=_pdf("邀请函.pdf"), kind=TripDocumentKind.INVITATION, actor=actor
        )
        services.trip_submit(trip=trip, actor=actor, today=submitted_on)
        if state == "cancelled":
            services.trip_cancel(trip=trip, reason="合作方调整了会议日期，本年度不再安排。", actor=actor)
            continue
        if state.startswith("waiting_"):
            stop = {"waiting_leader": "学院审核", "waiting_finance": "财务处", "waiting_office": "国际处"}[
                state
            ]
            _approve_all(trip, deciders, stop_before=stop)
            continue
        first = approval_selectors.pending_step(kind=KIND, object_id=trip.pk)
        if state in ("returned", "rejected"):
            assert first is not None
            approvals.decide(
                step=first,
                decision="return" if state == "returned" else "reject",
                comment="请补充邀请方的正式日程和经费明细。"
                if state == "returned"
                else "本年度同类出访已安排，不予批准。",
                actor=users["leader"],
            )
            continue
        _approve_all(trip, deciders)
        trip.refresh_from_db()
        if state == "notice":
            services.objection_record(
                trip=trip,
                data={
                    "content": "团组成员中一人上学期已出访两次，建议调整人选。",
                    "raised_by": "",
                    "received_on": today,
                },
                actor=users["office"],
            )
            continue
        # Move the notice to when it would have run, then issue the mission approval after it.
        # A trip past its notice had it end before today (its mission approval is issued the day after).
        notice_start = submitted_on + dt.timedelta(days=14)
        while cal.span_end(
            notice_start, conf.notice_working_days
        ) >= today and notice_start > submitted_on + dt.timedelta(days=1):
            notice_start -= dt.timedelta(days=1)
        notice_end = cal.span_end(notice_start, conf.notice_working_days)
        Trip.objects.filter(pk=trip.pk).update(notice_starts_on=notice_start, notice_ends_on=notice_end)
        trip.refresh_from_db()
        if n % 4 == 0:
            objection = services.objection_record(
                trip=trip,
                data={"content": "询问出访经费来源。", "raised_by": "教师", "received_on": notice_start},
                actor=users["office"],
            )
            services.objection_resolve(
                objection=objection,
                outcome=Objection.Outcome.DISMISSED,
                resolution="经核实经费来自国际合作专项，异议不成立。",
                actor=users["office"],
            )
        services.mission_issue(trip=trip, actor=users["office"], today=notice_end + dt.timedelta(days=1))
        trip.refresh_from_db()
        issued = min(today, departure - dt.timedelta(days=3))
        # The passport, or for Hong Kong and Macao the 往来港澳通行证, for Taiwan the 大陆居民往来台湾通行证.
        for document in documents_needed([c for c, _city, _d in dests]):
            for member in members:
                loan = services.passport_issue(
                    trip=trip, person=member, issued_on=issued, document=document, actor=users["office"]
                )
                if state != "approved" and not (state == "passport_out" and member == members[0]):
                    back = min(today, trip.return_on + dt.timedelta(days=3))
                    if back >= loan.issued_on:
                        services.passport_return(loan=loan, returned_on=back, actor=users["office"])
        if state in ("approved", "passport_out", "report_due"):
            continue
        due = cal.add(trip.return_on, conf.report_working_days)
        filed = (
            due + dt.timedelta(days=9) if state == "report_late" else trip.return_on + dt.timedelta(days=6)
        )
        services.report_submit(
            trip=trip,
            text="团组按批准日程完成了任务：开展专题授课与实训指导，与合作院校商定下一年度合作内容。",
            outcomes="签署会谈纪要一份；商定互派教师计划；收集课程标准修订意见。",
            partners=[trip.inviting_partner] if trip.inviting_partner else [],
            actor=actor,
            today=min(filed, today),
        )
        if state == "settled":
            _settle(trip, users["finance"], min(trip.return_on + dt.timedelta(days=30), today))


PAST_NOTICE = ("approved", "passport_out", "report_due", "report_late", "reported", "settled")


# Trips of the years before the system, entered afterwards by the office from its files (issue 17 item 5).
RECORDED_AFTERWARDS = (
    ("赴马来西亚基地开展新能源汽车维修教学", "teaching", "AUTO", "MY", 5, 3, "渝外办〔{y}〕21号"),
    ("赴泰国合作院校指导实习学生", "guidance", "AUTO", "TH", 4, 2, "渝外办〔{y}〕47号"),
)


def _recorded_afterwards(
    main: Institution,
    units: dict[tuple[str, str], OrgUnit],
    teachers: list[Person],
    office: Any,
    today: dt.date,
) -> None:
    for n, (title, purpose, unit_code, country, days, years_ago, reference) in enumerate(RECORDED_AFTERWARDS):
        departure = dt.date(today.year - years_ago, 10 + n, 12)
        members = teachers[n : n + 2] or teachers[:1]
        services.trip_record_past(
            institution=main,
            data={
                "title": title,
                "purpose": purpose,
                "org_unit": units[(main.code, unit_code)],
                "departure": departure,
                "return_on": departure + dt.timedelta(days=days - 1),
                "fund_source": "special_fund",
                "itinerary": "据当年任务批件和回国报告补录。",
            },
            members=members,
            leader=members[0],
            destinations=[services.Destination(country, days)],
            mission_number=reference.format(y=departure.year),
            mission_issued_on=departure - dt.timedelta(days=21),
            actor=office,
            today=today,
        )


# Rates a finance office might have applied (yuan per unit); demo figures, not a rate source.
DEMO_RATES = {
    "EUR": Decimal("7.7210"),
    "USD": Decimal("7.1080"),
    "GBP": Decimal("9.0530"),
    "MYR": Decimal("1.5871"),
    "SAR": Decimal("1.8953"),
    "THB": Decimal("0.2035"),
    "SGD": Decimal("5.3120"),
    "LKR": Decimal("0.0240"),
    "KZT": Decimal("0.0141"),
}
RECEIPT_NAMES = {
    "fare": "机票行程单",
    "accommodation": "住宿发票 hotel invoice",
    "meals": "餐费票据 meal receipts",
}


def _settle(trip: Trip, finance: Any, on: dt.date) -> None:
    """Fares bought at home in yuan; the rest spent in the first destination's currency, converted at the
    day's rate, each line with its receipt."""
    destination = trip.destinations.filter(archived_at__isnull=True).order_by("position").first()
    local = currencies.of_countries([destination.country])[:1] if destination else []
    currency = local[0] if local and local[0] in DEMO_RATES else "CNY"
    actuals: dict[int, Any] = {}
    receipts = {}
    for line in trip.budget_lines.filter(archived_at__isnull=True):
        spent = (line.amount * Decimal("0.92")).quantize(Decimal("1"))
        if line.item == "fare" or currency == "CNY":
            actuals[line.pk] = spent
        else:
            rate = DEMO_RATES[currency]
            actuals[line.pk] = services.Actual((spent / rate).quantize(Decimal("0.01")), currency, rate)
        receipts[line.pk] = [_pdf(f"{RECEIPT_NAMES.get(line.item, '票据 receipt')}-{trip.number}.pdf")]
    services.settle(trip=trip, actuals=actuals, receipts=receipts, actor=finance, today=on)


def _plans(
    main: Institution, units: dict[tuple[str, str], OrgUnit], users: dict[str, Any], today: dt.date
) -> None:
    code = main.code
    lines = {
        "AUTO": [
            ("赴德国开展新能源汽车师资研修", "study", "DE", 4, 3, 5, Decimal("120000")),
            ("赴沙特阿拉伯人才培养基地教学", "teaching", "SA", 3, 3, 5, Decimal("90000")),
            ("赴马来西亚输出汽车专业课程标准", "teaching", "MY", 10, 2, 5, Decimal("40000")),
        ],
        "IT": [
            ("赴芬兰商谈学分互认", "negotiation", "FI", 5, 2, 5, Decimal("60000")),
            ("赴斯里兰卡数字乡村项目培训", "teaching", "LK", 9, 2, 5, Decimal("45000")),
        ],
    }
    for year, approve in ((today.year, True), (today.year + 1, False)):
        for unit_code, items in lines.items():
            liaison = users[f"liaison_{unit_code.lower()}"]
            plan = services.plan_open(
                institution=main, unit=units[(code, unit_code)], year=year, actor=liaison
            )
            for title, purpose, country, month, people, days, budget in items:
                services.plan_line_save(
                    plan=plan,
                    line=None,
                    data={
                        "title": title,
                        "purpose": purpose,
                        "countries": country,
                        "month": month,
                        "people": people,
                        "days": days,
                        "budget": budget,
                    },
                    actor=liaison,
                )
            if approve or unit_code == "AUTO":
                services.plan_submit(plan=plan, actor=liaison, today=dt.date(year - 1, 10, 20))
            if approve:
                services.plan_decide(plan=plan, approve=True, actor=users["office"])
