"""Demo plans with targets (this report year and the next), and this year's assessment scheme."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.indicators.selectors import default_year
from intercoop.mobility.events import services as events
from intercoop.mobility.records import services as mobility_services
from intercoop.org import services as org_services
from intercoop.org.models import Institution, OrgUnit
from intercoop.partners.models import Partner
from intercoop.planning import services
from intercoop.planning.models import Plan

COLLEGES = ("AUTO", "IT", "IM", "ECON", "INTL")


def build(*, main: Institution, units: dict[tuple[str, str], OrgUnit]) -> None:
    office = User.objects.get(username="office")
    year = default_year(timezone.localdate())
    colleges = {c: units[(main.code, c)] for c in COLLEGES if (main.code, c) in units}
    development = services.plan_save(
        institution=main,
        data={
            "kind": Plan.Kind.DEVELOPMENT,
            "title": f"“十五五”国际化发展规划（{year - 1}–{year + 3}）",
            "title_en": f"Internationalisation development plan {year - 1}–{year + 3}",
            "first_year": year - 1,
            "last_year": year + 3,
            "status": Plan.Status.ADOPTED,
            "summary": "服务“一带一路”，扩大留学生规模，推动标准“走出去”。"
            " Serve the Belt and Road, grow international enrolment, take our standards abroad.",
        },
        actor=office,
    )
    for target_year, factor in ((year, 1), (year + 1, 1.25)):
        for code, value, part in (
            ("intl_students_fulltime", 6, "students"),
            ("foreign_trainee_person_days", 800, "influence"),
            ("cn_enterprise_internship_person_days", 400, "students"),
            ("teachers_abroad_person_days", 150, "influence"),
            ("programme_standards_adopted", 3, "influence"),
            ("course_standards_adopted", 4, "influence"),
            ("awards_abroad", 3, "students"),
            ("overseas_sites", 3, "influence"),
        ):
            services.target_save(
                plan=development,
                data={"part": part, "indicator": code, "year": target_year, "value": round(value * factor)},
                actor=office,
            )
        for n, (code, unit) in enumerate(colleges.items()):
            services.target_save(
                plan=development,
                data={
                    "part": "students",
                    "indicator": "outgoing_students",
                    "year": target_year,
                    "org_unit": unit,
                    "value": round((8 - n) * factor),
                },
                actor=office,
            )
            services.target_save(
                plan=development,
                data={
                    "part": "influence",
                    "indicator": "awards_abroad",
                    "year": target_year,
                    "org_unit": unit,
                    "value": 1 if code in ("AUTO", "IT") else 0,
                },
                actor=office,
            )
    staff = services.plan_save(
        institution=main,
        data={
            "kind": Plan.Kind.STAFF,
            "title": f"师资队伍国际化专项规划（{year}–{year + 2}）",
            "title_en": f"Teaching-staff internationalisation plan {year}–{year + 2}",
            "first_year": year,
            "last_year": year + 2,
            "status": Plan.Status.ADOPTED,
            "summary": "引进海外人才、选派教师出国（境）培训、实施教师交流行动计划。"
            " Introduce overseas talent, train our teachers abroad, run the teacher-exchange action plan.",
        },
        actor=office,
    )
    for target_year in (year, year + 1, year + 2):
        step = target_year - year
        for code, value, part in (
            ("foreign_experts", 5 + step, "overseas_talent"),
            ("outgoing_teachers", 10 + 2 * step, "training_abroad"),
            ("trip_person_days", 300 + 50 * step, "teacher_exchange"),
        ):
            services.target_save(
                plan=staff,
                data={"part": part, "indicator": code, "year": target_year, "value": value},
                actor=office,
            )
        for n, unit in enumerate(colleges.values()):
            services.target_save(
                plan=staff,
                data={
                    "part": "teacher_exchange",
                    "indicator": "teachers_abroad_person_days",
                    "year": target_year,
                    "org_unit": unit,
                    "value": 40 - 5 * n + 5 * step,
                },
                actor=office,
            )
    _smaller_colleges(main, colleges, office, year)
    services.scheme_save(
        institution=main,
        year=year,
        data={
            "title": f"{year} 年度二级学院国际化考核 College internationalisation assessment",
            "method": "best",
        },
        items=[
            services.ItemSpec("outgoing_students", 25),
            services.ItemSpec("teachers_abroad_person_days", 25),
            services.ItemSpec("foreign_trainee_person_days", 15),
            services.ItemSpec("awards_abroad", 15),
            services.ItemSpec("programme_standards_adopted", 10),
            services.ItemSpec("course_standards_adopted", 10),
        ],
        actor=office,
    )


# Exchanges of the three smaller colleges in the last school year, so that the assessment compares five
# colleges on records rather than three on nothing: (college, students out, teacher days, trainees, award).
SMALLER = (("IM", 3, 12, 0, "third"), ("ECON", 2, 0, 0, ""), ("INTL", 4, 8, 15, ""))
STUDENTS = [
    ("周子涵", "Zhou Zihan"),
    ("吴俊杰", "Wu Junjie"),
    ("郑雨欣", "Zheng Yuxin"),
    ("冯浩然", "Feng Haoran"),
    ("何静怡", "He Jingyi"),
    ("罗宇航", "Luo Yuhang"),
    ("高思远", "Gao Siyuan"),
    ("林可欣", "Lin Kexin"),
    ("梁志强", "Liang Zhiqiang"),
]
TEACHERS = {"IM": ("唐文博", "Tang Wenbo"), "ECON": ("韩雪", "Han Xue"), "INTL": ("宋佳", "Song Jia")}


def _smaller_colleges(main: Institution, colleges: dict[str, OrgUnit], office: User, year: int) -> None:
    start = dt.date(year - 1, 10, 8)
    partner = (
        Partner.objects.filter(institution=main, country="TH", archived_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if partner is None:
        return
    names = iter(STUDENTS)
    for n, (code, students, teacher_days, trainees, award) in enumerate(SMALLER):
        unit = colleges.get(code)
        if unit is None:
            continue
        for i in range(students):
            name, name_en = next(names)
            person = org_services.person_create(
                institution=main,
                data={
                    "kind": "student",
                    "org_unit": unit,
                    "number": f"D{code}{i + 1:02d}",
                    "name": name,
                    "name_zh": name,
                    "name_en": name_en,
                },
                actor=office,
            )
            first = start + dt.timedelta(days=30 * i + 7 * n)
            mobility_services.mobility_create(
                institution=main,
                actor=office,
                data={
                    "direction": "out",
                    "type": "study",
                    "person": person,
                    "participant_kind": "student",
                    "org_unit": unit,
                    "host_partner": partner,
                    "country": partner.country,
                    "planned_start": first,
                    "planned_end": first + dt.timedelta(days=20),
                    "start_date": first,
                    "end_date": first + dt.timedelta(days=20),
                },
            )
        if teacher_days:
            teacher = org_services.person_create(
                institution=main,
                data={
                    "kind": "teacher",
                    "org_unit": unit,
                    "number": f"D{code}T",
                    "name": TEACHERS[code][0],
                    "name_zh": TEACHERS[code][0],
                    "name_en": TEACHERS[code][1],
                },
                actor=office,
            )
            first = dt.date(year, 3, 2 + n)
            mobility_services.mobility_create(
                institution=main,
                actor=office,
                data={
                    "direction": "out",
                    "type": "teaching",
                    "person": teacher,
                    "participant_kind": "teacher",
                    "org_unit": unit,
                    "host_partner": partner,
                    "country": partner.country,
                    "planned_start": first,
                    "planned_end": first + dt.timedelta(days=teacher_days - 1),
                    "start_date": first,
                    "end_date": first + dt.timedelta(days=teacher_days - 1),
                },
            )
        if trainees:
            events.training_create(
                institution=main,
                actor=office,
                data={
                    "title": "泰国职业院校教师中文与文化研修",
                    "title_en": "Chinese language and culture for Thai TVET teachers",
                    "org_unit": unit,
                    "host": "Campus",
                    "country": "CN",
                    "language": "中文 / English",
                    "start_date": dt.date(year, 4, 13),
                    "end_date": dt.date(year, 4, 24),
                    "participants_count": trainees,
                },
            )
        if award:
            events.competition_save(
                institution=main,
                actor=office,
                data={
                    "event": "东盟技能大赛（工业机器人）",
                    "event_en": "ASEAN Skills Competition — Industrial Robotics",
                    "country": "TH",
                    "international": True,
                    "held_on": dt.date(year, 6, 18),
                    "org_unit": unit,
                    "participants": "学生 2 名，指导教师 1 名",
                    "award_level": award,
                    "award_title": "铜奖",
                },
            )
