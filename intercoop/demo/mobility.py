"""Demo mobility over six school years: students and teachers going out, people coming in.

Every record goes through the mobility services, so it is checked and audited like one typed in; the
figures and the drill-down pages are computed from these rows.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.agreements.models import Agreement
from intercoop.demo.data import split_zh_en
from intercoop.mobility.models import Funding, MobilityType
from intercoop.mobility.records import services
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.partners.models import Partner

# (type, direction, participant kind, partner country, days, credits, funding, people per year)
PATTERNS: list[tuple[str, str, str, str, int, int, str, int]] = [
    (MobilityType.STUDY, "out", "student", "DE", 150, 30, Funding.SPECIAL_FUND, 2),
    (MobilityType.STUDY, "out", "student", "MY", 120, 20, Funding.SCHOLARSHIP, 2),
    (MobilityType.CN_ENTERPRISE, "out", "student", "TH", 90, 0, Funding.ENTERPRISE, 3),
    (MobilityType.INTERNSHIP, "out", "student", "SG", 60, 6, Funding.HOST, 1),
    (MobilityType.SHORT_PROGRAMME, "out", "student", "GB", 21, 3, Funding.SELF, 2),
    (MobilityType.TEACHING, "out", "teacher", "SA", 30, 0, Funding.SPECIAL_FUND, 1),
    (MobilityType.TRAINING_DELIVERED, "out", "teacher", "LK", 14, 0, Funding.SPECIAL_FUND, 1),
    (MobilityType.TRAINING_RECEIVED, "out", "teacher", "DE", 28, 0, Funding.SPECIAL_FUND, 1),
    (MobilityType.STUDY, "in", "student", "TH", 140, 24, Funding.SCHOLARSHIP, 2),
    (MobilityType.SHORT_PROGRAMME, "in", "student", "ID", 14, 2, Funding.HOST, 3),
    (MobilityType.TEACHING, "in", "teacher", "DE", 20, 0, Funding.HOST, 1),
    (MobilityType.COMPETITION, "out", "student", "RU", 6, 0, Funding.SPECIAL_FUND, 1),
]
FIRST_NAMES = {
    "TH": ["Somchai", "Anan", "Kittipong", "Nattaya", "Ploy"],
    "ID": ["Siti", "Budi", "Dewi", "Nur", "Agus"],
    "DE": ["Lukas", "Anna", "Maximilian", "Sophie", "Jonas"],
}


def build(*, main: Institution, units: dict[tuple[str, str], OrgUnit], people: dict[str, Person]) -> None:
    rng = random.Random(20261129)
    office = User.objects.get(username="office")
    today = timezone.localdate()
    code = main.code
    colleges = {c: units[(code, c)] for c in ("AUTO", "IT") if (code, c) in units}
    partners: dict[str, list[Partner]] = {}
    for partner in Partner.objects.filter(
        institution=main, archived_at__isnull=True, merged_into__isnull=True
    ):
        partners.setdefault(partner.country, []).append(partner)
    agreements = {
        partner_id: agreement
        for agreement in Agreement.objects.filter(institution=main, archived_at__isnull=True)
        for partner_id in agreement.parties.values_list("partner_id", flat=True)
    }
    pool = {
        kind: list(
            Person.objects.filter(
                institution=main, kind=kind, archived_at__isnull=True, org_unit__isnull=False
            )
            .exclude(pk=people["student"].pk)
            .select_related("org_unit")
            .order_by("number")
        )
        for kind in ("student", "teacher")
    }
    used: dict[int, list[tuple[dt.date, dt.date]]] = {}
    this_year = today.year if today.month >= 9 else today.year - 1

    def free(person: Person, start: dt.date, end: dt.date) -> bool:
        return all(end < s or start > e for s, e in used.get(person.pk, []))

    def record(data: dict, person: Person | None, start: dt.date, days: int, took_place: bool) -> None:
        end = start + dt.timedelta(days=days - 1)
        if person is not None:
            used.setdefault(person.pk, []).append((start, end))
        actual_end = end if end < today else None
        services.mobility_create(
            institution=main,
            actor=office,
            data={
                **data,
                "person": person,
                "planned_start": start,
                "planned_end": end,
                "start_date": start if took_place else None,
                "end_date": actual_end if took_place else None,
            },
        )

    for year in range(this_year - 5, this_year + 1):
        for n, (mtype, direction, kind, country, days, credits, funding, per_year) in enumerate(PATTERNS):
            candidates = partners.get(country) or []
            if not candidates:
                continue
            for i in range(per_year + (year - this_year + 5) // 3):
                partner = candidates[(i + year) % len(candidates)]
                month = [9, 10, 11, 3, 4, 5, 6, 7][(n + i) % 8]
                start = dt.date(year if month >= 9 else year + 1, month, 1 + rng.randint(0, 20))
                took_place = start <= today
                unit = list(colleges.values())[(n + i) % len(colleges)]
                data = {
                    "direction": direction,
                    "type": mtype,
                    "participant_kind": kind,
                    "org_unit": unit,
                    "home_partner": partner if direction == "in" else None,
                    "host_partner": partner if direction == "out" else None,
                    "country": partner.country,
                    "city": partner.city,
                    "credits_planned": Decimal(credits) if credits else None,
                    "credits_obtained": Decimal(max(0, credits - rng.randint(0, 2)))
                    if credits and took_place
                    else None,
                    "funding": funding,
                    "grant_amount": Decimal(rng.randint(8, 40) * 1000) if funding != Funding.SELF else None,
                    "agreement": agreements.get(partner.pk),
                }
                person = None
                if direction == "out":
                    people_of_unit = [p for p in pool[kind] if p.org_unit.path.startswith(unit.path)] or pool[
                        kind
                    ]
                    person = next(
                        (
                            p
                            for p in rng.sample(people_of_unit, len(people_of_unit))
                            if free(p, start, start + dt.timedelta(days=days + 1))
                        ),
                        None,
                    )
                    if person is None:
                        continue
                else:
                    names = FIRST_NAMES.get(partner.country, ["Alex", "Sam", "Maria", "Ali", "Lin"])
                    name = names[(n + i + year) % len(names)]
                    data["participant_label"] = f"{name} ({partner.display_name})"
                    data["nationality"] = partner.country
                record(data, person, start, days, took_place)
    # The demo student's own exchange (what a student login sees), and one planned for next spring.
    student = people["student"]
    german = next(iter(partners.get("DE") or []), None)
    if german is not None:
        for start, days in ((dt.date(this_year - 1, 9, 15), 140), (dt.date(this_year + 1, 3, 2), 120)):
            record(
                {
                    "direction": "out",
                    "type": MobilityType.STUDY,
                    "participant_kind": "student",
                    "org_unit": student.org_unit,
                    "host_partner": german,
                    "country": "DE",
                    "credits_planned": Decimal(30),
                    "credits_obtained": Decimal(27) if start < today else None,
                    "funding": Funding.SPECIAL_FUND,
                    "agreement": agreements.get(german.pk),
                },
                student,
                start,
                days,
                start <= today,
            )
    _stays(main, units, rng, today)
    _events(main, colleges, partners, this_year, today)
    _calls(main, partners, today)


PROGRAMMES = [
    ("degree", "汽车检测与维修技术（三年制专科） Automotive inspection and maintenance", 3),
    ("degree", "新能源汽车技术（三年制专科） New-energy vehicle technology", 3),
    ("non_degree", "汉语与汽车技术预科（一年） Chinese and automotive foundation year", 1),
    ("short_term", "中国文化与技能短期班 Chinese culture and skills short course", 0),
]


def _stays(
    main: Institution, units: dict[tuple[str, str], OrgUnit], rng: random.Random, today: dt.date
) -> None:
    from intercoop.mobility.models import ForeignExpert, InternationalStudent
    from intercoop.mobility.stays import services as stays

    office = User.objects.get(username="office")
    intl = units[(main.code, "INTL")]
    responsible = (
        Person.objects.filter(institution=main, org_unit=intl, nationality="CN")
        .exclude(kind="student")
        .first()
    )
    this_year = today.year if today.month >= 9 else today.year - 1
    students = Person.objects.filter(institution=main, kind="student", archived_at__isnull=True).exclude(
        nationality="CN"
    )
    for n, person in enumerate(students.order_by("number")):
        programme, name, years = PROGRAMMES[n % len(PROGRAMMES)]
        enrolled = dt.date(this_year - (n % 3 if years >= 3 else 0), 9, 1)
        if years:
            expected = (
                dt.date(enrolled.year + years, 6, 30) if years > 1 else dt.date(enrolled.year + 1, 8, 31)
            )
        else:
            enrolled = today - dt.timedelta(days=20)
            expected = enrolled + dt.timedelta(days=60)
        entry = enrolled - dt.timedelta(days=5 + n % 4)
        # Some deadlines are met, some are coming up (the home page and the reminders show them).
        permit_expiry = (
            None
            if n % 5 == 4
            else min(
                expected, max(enrolled + dt.timedelta(days=365), dt.date(today.year + n % 2, 1 + n % 6, 28))
            )
        )
        stays.stay_create(
            model=InternationalStudent,
            institution=main,
            actor=office,
            data={
                "person": person,
                "org_unit": intl,
                "programme": programme,
                "programme_name": split_zh_en(name)[0],
                "full_time": True,
                "enrolled_on": enrolled,
                "expected_end": expected,
                "visa_type": "X1" if years else "X2",
                "entry_date": entry,
                "accommodation_registered_on": entry if n % 7 else None,
                "residence_permit_number": f"E{rng.randint(10**8, 10**9 - 1)}"
                if years and permit_expiry
                else "",
                "residence_permit_expiry": permit_expiry if years else None,
                "insurance_until": dt.date(today.year + 1, 2, 28),
                "scholarship": "中国政府奖学金" if n % 3 == 0 else "",
                "responsible": responsible,
            },
        )
    experts = Person.objects.filter(
        institution=main, external_role="foreign_expert", archived_at__isnull=True
    )
    for n, person in enumerate(experts.order_by("name")):
        start = dt.date(this_year - n % 2, 9, 1)
        stays.stay_create(
            model=ForeignExpert,
            institution=main,
            actor=office,
            data={
                "person": person,
                "org_unit": intl,
                "kind": "teacher" if n % 2 == 0 else "expert",
                "contract_start": start,
                "contract_end": dt.date(start.year + 2, 7, 31),
                "visa_type": "Z",
                "entry_date": start - dt.timedelta(days=10),
                "accommodation_registered_on": start - dt.timedelta(days=10),
                "work_permit_number": f"WP{rng.randint(10**9, 10**10 - 1)}",
                "work_permit_expiry": dt.date(today.year + 1, 1 + n % 3, 15),
                "residence_permit_number": f"Z{rng.randint(10**8, 10**9 - 1)}",
                "residence_permit_expiry": dt.date(today.year + 1, 1 + n % 3, 15),
                "insurance_until": dt.date(today.year + 1, 6, 30),
                "courses": "汽车电气系统（德语授课）；职业教育教学法",
                "evaluation_score": 85 + n * 3,
                "evaluation": "学生评教优秀",
                "responsible": responsible,
            },
        )


TRAININGS = [
    # (title, college, partner country, host, language, month offset from September, days, trainees, named)
    (
        "沙特职业技术培训公司汽车维修师资培训 Automotive maintenance for TVTC instructors",
        "AUTO",
        "SA",
        "沙特人才培养基地 Saudi Arabia talent-training base",
        "English",
        2,
        12,
        24,
        False,
    ),
    (
        "斯里兰卡数字乡村技术员培训 Digital-village technicians, Sri Lanka",
        "IT",
        "LK",
        "科伦坡 Colombo",
        "English",
        5,
        10,
        0,
        True,
    ),
    (
        "泰国新能源汽车技术短期培训 New-energy vehicle short course for Thai trainees",
        "AUTO",
        "TH",
        "本校 On campus, Chongqing",
        "中文/English",
        9,
        14,
        18,
        False,
    ),
]
TRAINEES = [
    ("Nuwan Jayasuriya", "LK", "ICTA Sri Lanka"),
    ("Dilani Fernando", "LK", "ICTA Sri Lanka"),
    ("Sampath Kumara", "LK", "University of Moratuwa"),
    ("Ishara Silva", "LK", "University of Moratuwa"),
    ("Chamara Bandara", "LK", "Colombo Technical College"),
    ("Ruwani Perera", "LK", "Colombo Technical College"),
]
COMPETITIONS = [
    (
        "世界技能大赛东盟赛区 WorldSkills ASEAN",
        "WorldSkills ASEAN",
        "SG",
        "IT",
        "second",
        "网络系统管理 银奖 Silver",
    ),
    (
        "“一带一路”暨金砖国家技能发展与技术创新大赛 BRICS skills competition",
        "BRICS Business Council",
        "RU",
        "AUTO",
        "first",
        "新能源汽车技术 一等奖 First prize",
    ),
    (
        "德国汽车维修技能邀请赛 Automotive skills invitational",
        "Handwerkskammer Stuttgart",
        "DE",
        "AUTO",
        "none",
        "",
    ),
]


def _events(
    main: Institution,
    colleges: dict[str, OrgUnit],
    partners: dict[str, list[Partner]],
    this_year: int,
    today: dt.date,
) -> None:
    from intercoop.mobility.events import services as events

    office = User.objects.get(username="office")
    for year in (this_year - 2, this_year - 1, this_year):
        for title, college, country, host, language, offset, days, count, named in TRAININGS:
            month = (8 + offset) % 12 + 1
            start = dt.date(year if month >= 9 else year + 1, month, 6)
            if start > today + dt.timedelta(days=120):
                continue
            partner = next(iter(partners.get(country) or []), None)
            event = events.training_create(
                institution=main,
                actor=office,
                data={
                    "title": split_zh_en(title)[0],
                    "title_en": split_zh_en(title)[1],
                    "org_unit": colleges[college],
                    "partner": partner,
                    "host": split_zh_en(host)[0],
                    "country": "CN" if host.startswith("本校") else country,
                    "language": language,
                    "start_date": start,
                    "end_date": start + dt.timedelta(days=days - 1),
                    # Named trainees are listed after; the count stands until then.
                    "participants_count": len(TRAINEES) if named else count,
                },
            )
            if named:
                events.trainees_add(
                    event=event, trainees=[events.Trainee(*t) for t in TRAINEES], actor=office
                )
        for event_name, organiser, country, college, level, award in COMPETITIONS:
            held = dt.date(year + 1, 5 + len(event_name) % 3, 18)
            if held > today:
                continue
            events.competition_save(
                institution=main,
                actor=office,
                data={
                    "event": split_zh_en(event_name)[0],
                    "event_en": split_zh_en(event_name)[1],
                    "organiser": organiser,
                    "country": country,
                    "international": True,
                    "held_on": held,
                    "org_unit": colleges[college],
                    "participants": "学生 3 名，指导教师 1 名",
                    "award_level": level,
                    "award_title": split_zh_en(award)[0],
                },
            )


def _calls(main: Institution, partners: dict[str, list[Partner]], today: dt.date) -> None:
    """An open call with applications at every stage, for the office, the liaisons and the demo student."""
    from intercoop.approvals import selectors as approval_selectors
    from intercoop.approvals import services as approvals
    from intercoop.mobility.calls import services as calls

    office = User.objects.get(username="office")
    german = partners.get("DE") or []
    others = (partners.get("MY") or []) + (partners.get("TH") or [])
    if len(german) < 1 or len(others) < 1:
        return
    call = calls.call_save(
        institution=main,
        actor=office,
        data={
            "title": f"{today.year + 1} 年春季学期赴德国、东南亚交换学习",
            "title_en": f"Spring {today.year + 1} exchange to Germany and South-East Asia",
            "description": "面向二年级及以上学生，学分按课程对照认定。",
            "type": "study",
            "opens_on": today - dt.timedelta(days=10),
            "closes_on": today + dt.timedelta(days=20),
            "mobility_start": dt.date(today.year + 1, 3, 1),
            "mobility_end": dt.date(today.year + 1, 7, 15),
            "min_year": 2,
            "min_gpa": Decimal("3.00"),
            "language_requirement": "英语 CET-4 425 分或德语 A2",
            "documents_required": "成绩单、语言证明",
        },
        places=[calls.Place(german[0], 2), calls.Place(others[0], 3)],
    )
    call = calls.call_set_status(call=call, status="open", actor=office)
    liaison = User.objects.get(username="liaison_auto")
    auto = OrgUnit.objects.get(institution=main, code="AUTO")
    students = list(
        Person.objects.filter(
            institution=main, kind="student", nationality="CN", org_unit__path__startswith=auto.path
        )
        .exclude(user__isnull=False)
        .order_by("number")[:5]
    )
    places = list(call.places.all())
    for n, person in enumerate(students):
        app = calls.application_submit(
            call=call,
            student=person,
            data={
                "first_choice": places[n % 2],
                "second_choice": places[(n + 1) % 2],
                "year_of_study": 2,
                "gpa": Decimal("3.10") + Decimal(n) / 10,
                "language_level": "CET-4 460",
                "statement": (
                    "希望在合作院校学习专业课程并参加企业实习。"
                    "I want to take courses and an internship at the partner."
                ),
            },
            actor=office,
        )
        if n == 0:
            continue  # waits for the college's review
        step = approval_selectors.pending_step(kind=calls.KIND, object_id=app.pk)
        if step is not None:
            approvals.decide(step=step, decision="approve", actor=liaison)
        app.refresh_from_db()
        calls.application_score(app=app, score=Decimal(80 + n * 3), actor=office)
        if n >= 3:
            calls.nominate(app=app, place=app.first_choice, actor=office)
