"""Demo records of the influence registers (posts abroad, standards adopted abroad, overseas sites), an
adjusted indicator value and last year's international influence table, submitted."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.demo.data import split_zh_en
from intercoop.indicators import selectors as indicator_selectors
from intercoop.indicators import services as indicator_services
from intercoop.indicators.tables import INTERNATIONAL_INFLUENCE
from intercoop.influence import services
from intercoop.influence.models import AdoptedStandard, OrganisationPost, OverseasSite
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.partners.models import Partner


def evidence(name: str) -> SimpleUploadedFile:
    """A small, valid PDF standing in for a scanned certificate."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


POSTS = [
    # teacher index, organisation, kind, country, post, start (years before this school year), years held
    (
        0,
        "世界职业技术教育发展联盟 World Alliance for TVET Development",
        "international",
        "CN",
        "理事 Council member",
        3,
        None,
    ),
    (1, "ASEAN TVET Council", "international", "TH", "专家组成员 Expert panel member", 2, None),
    (
        2,
        "Society of Automotive Engineers (SAE International)",
        "foreign",
        "US",
        "技术委员会委员 Technical committee member",
        5,
        2,
    ),
    (
        3,
        "World Federation of Colleges and Polytechnics",
        "international",
        "CA",
        "联络员 Affiliate liaison",
        1,
        None,
    ),
    (4, "Malaysian Board of Technologists", "foreign", "MY", "评审专家 Reviewer", 4, 3),
]

STANDARDS = [
    # kind, title, college, partner name, adopter, country, years before this school year, month, day
    (
        "programme",
        "新能源汽车技术专业教学标准 NEV Technology programme standard",
        "AUTO",
        "Chulalongkorn University",
        "Chulalongkorn University",
        "TH",
        0,
        3,
        15,
    ),
    (
        "programme",
        "汽车检测与维修技术专业教学标准 Automotive Inspection and Maintenance programme standard",
        "AUTO",
        "Technical and Vocational Training Corporation",
        "Technical and Vocational Training Corporation",
        "SA",
        1,
        11,
        2,
    ),
    (
        "programme",
        "大数据技术专业教学标准 Big Data Technology programme standard",
        "IT",
        "University of Moratuwa",
        "University of Moratuwa",
        "LK",
        0,
        6,
        20,
    ),
    (
        "course",
        "动力电池检测课程标准 Power battery testing course standard",
        "AUTO",
        "King Mongkut's University of Technology Thonburi",
        "King Mongkut's University of Technology Thonburi",
        "TH",
        0,
        1,
        10,
    ),
    (
        "course",
        "工业机器人编程课程标准 Industrial robot programming course standard",
        "IM",
        "Universiti Teknologi Malaysia",
        "Universiti Teknologi Malaysia",
        "MY",
        0,
        4,
        8,
    ),
    (
        "course",
        "Python 程序设计课程标准 Python programming course standard",
        "IT",
        "University of Colombo",
        "University of Colombo",
        "LK",
        1,
        5,
        18,
    ),
    (
        "course",
        "跨境电商实务课程标准 Cross-border e-commerce course standard",
        "ECON",
        "National University of Laos",
        "National University of Laos",
        "LA",
        2,
        9,
        12,
    ),
]

SITES = [
    # name, partner, city, college, opened (years before), status
    (
        "沙特新能源汽车人才培养基地 Saudi NEV talent-training base",
        "Technical and Vocational Training Corporation",
        "Riyadh",
        "AUTO",
        3,
        "operating",
    ),
    (
        "斯里兰卡数字乡村工坊 Sri Lanka digital-village workshop",
        "University of Moratuwa",
        "Moratuwa",
        "IT",
        2,
        "operating",
    ),
    (
        "泰国汽车技术培训中心 Thai automotive training centre",
        "Rajamangala University of Technology Thanyaburi",
        "Pathum Thani",
        "AUTO",
        1,
        "operating",
    ),
    (
        "老挝智能制造实训室 Laos smart-manufacturing lab",
        "National University of Laos",
        "Vientiane",
        "IM",
        1,
        "suspended",
    ),
]


def build(*, main: Institution, units: dict[tuple[str, str], OrgUnit]) -> None:
    office = User.objects.get(username="office")
    today = timezone.localdate()
    year_start = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    code = main.code
    partners = {p.name: p for p in Partner.objects.filter(institution=main, archived_at__isnull=True)}
    teachers = list(
        Person.objects.filter(institution=main, kind=Person.Kind.TEACHER, org_unit__isnull=False)
        .select_related("org_unit")
        .order_by("number")[: len(POSTS)]
    )
    for index, organisation, kind, country, post, years_ago, held in POSTS:
        start = year_start.replace(year=year_start.year - years_ago) + dt.timedelta(days=40 * index)
        services.save(
            model=OrganisationPost,
            institution=main,
            data={
                "person": teachers[index],
                "organisation": split_zh_en(organisation)[0],
                "kind": kind,
                "country": country,
                "post": split_zh_en(post)[0],
                "post_en": split_zh_en(post)[1],
                "start_on": start,
                "end_on": start.replace(year=start.year + held) if held else None,
            },
            evidence=evidence(f"post-{index + 1}.pdf") if index % 2 == 0 else None,
            actor=office,
        )
    for n, (kind, title, college, partner, adopter, country, years_ago, month, day) in enumerate(
        STANDARDS, 1
    ):
        year = (
            year_start.year
            + (1 if month < 9 else 0)
            - years_ago
            - (1 if years_ago == 0 and month >= 9 else 0)
        )
        adopted = dt.date(year, month, day)
        if adopted > today:
            adopted = adopted.replace(year=adopted.year - 1)
        services.save(
            model=AdoptedStandard,
            institution=main,
            data={
                "kind": kind,
                "title": split_zh_en(title)[0],
                "title_en": split_zh_en(title)[1],
                "org_unit": units[(code, college)],
                "adopter": adopter,
                "partner": partners.get(partner),
                "country": country,
                "adopted_on": adopted,
            },
            evidence=evidence(f"standard-{n}.pdf"),
            actor=office,
        )
    for n, (name, partner, city, college, years_ago, status) in enumerate(SITES, 1):
        services.save(
            model=OverseasSite,
            institution=main,
            data={
                "name": split_zh_en(name)[0],
                "name_en": split_zh_en(name)[1],
                "partner": partners[partner],
                "country": partners[partner].country,
                "city": city,
                "org_unit": units[(code, college)],
                "opened_on": year_start.replace(year=year_start.year - years_ago) + dt.timedelta(days=60),
                "status": status,
            },
            evidence=evidence(f"site-{n}.pdf"),
            actor=office,
        )
    this_year = indicator_selectors.default_year(today)
    indicator_services.adjust(
        institution=main,
        code="teachers_with_foreign_posts",
        year=this_year - 1,
        value=3,
        reason="含一名教师在联合国教科文组织职业技术教育中心的兼职（纸质聘书，登记簿启用前）。"
        " Includes one teacher's part-time post at UNESCO-UNEVOC, appointed on paper before the register.",
        evidence=evidence("unevoc-appointment.pdf"),
        actor=office,
    )
    indicator_services.submit(
        institution=main, table=INTERNATIONAL_INFLUENCE, year=this_year - 1, actor=office
    )
