"""Demo partners and agreements: a few dozen partners worldwide, agreements in every state, some dormant.

Dates are relative to the day the demo is built, so the picture (in use, dormant, expiring, overdue)
stays the same whenever it is loaded. Identifiers of European partners are their real Erasmus codes
from the shipped charter list; enterprises' credit codes are made up (with a valid check character).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.agreements import services as agreements
from intercoop.agreements.models import Agreement
from intercoop.attachments import services as attachments
from intercoop.core.identifiers import credit_code_check_char
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.partners import services as partners
from intercoop.partners.models import Partner

S = Agreement.Status
T = Agreement.Type

# key: (kind, name as written, Chinese, English, country, city, Belt and Road, website, Erasmus code)
PARTNERS: dict[str, tuple[str, str, str, str, str, str, bool, str, str]] = {
    "ive": (
        "university",
        "香港專業教育學院",
        "香港专业教育学院",
        "Hong Kong Institute of Vocational Education (IVE)",
        "HK",
        "Hong Kong",
        False,
        "https://www.vtc.edu.hk",
        "",
    ),
    "esslingen": (
        "university",
        "HOCHSCHULE ESSLINGEN",
        "埃斯林根应用技术大学",
        "Esslingen University of Applied Sciences",
        "DE",
        "Esslingen",
        False,
        "https://www.hs-esslingen.de",
        "D  ESSLING03",
    ),
    "heilbronn": (
        "university",
        "HOCHSCHULE HEILBRONN",
        "海尔布隆应用技术大学",
        "Heilbronn University",
        "DE",
        "Heilbronn",
        False,
        "https://www.hs-heilbronn.de",
        "D  HEILBRO01",
    ),
    "reutlingen": (
        "university",
        "HOCHSCHULE REUTLINGEN",
        "罗伊特林根应用技术大学",
        "Reutlingen University",
        "DE",
        "Reutlingen",
        False,
        "https://www.reutlingen-university.de",
        "D  REUTLIN02",
    ),
    "joanneum": (
        "university",
        "FH JOANNEUM GESELLSCHAFT MBH",
        "约安内姆应用技术大学",
        "FH JOANNEUM",
        "AT",
        "Graz",
        False,
        "https://www.fh-joanneum.at",
        "A  GRAZ09",
    ),
    "hamk": (
        "vocational",
        "HAMEEN AMMATTIKORKEAKOULU OY",
        "哈梅应用科技大学",
        "Häme University of Applied Sciences",
        "FI",
        "Hämeenlinna",
        False,
        "https://www.hamk.fi",
        "SF HAMEENL09",
    ),
    "metropolia": (
        "vocational",
        "METROPOLIA AMMATTIKORKEAKOULU OY",
        "都会应用科技大学",
        "Metropolia University of Applied Sciences",
        "FI",
        "Helsinki",
        False,
        "https://www.metropolia.fi",
        "SF HELSINK41",
    ),
    "via": (
        "vocational",
        "VIA UNIVERSITY COLLEGE",
        "丹麦 VIA 大学学院",
        "VIA University College",
        "DK",
        "Aarhus",
        False,
        "https://www.viauc.com",
        "DK RISSKOV06",
    ),
    "ksu": (
        "university",
        "King Saud University",
        "沙特国王大学",
        "King Saud University",
        "SA",
        "Riyadh",
        True,
        "https://www.ksu.edu.sa",
        "",
    ),
    "tvtc": (
        "government",
        "Technical and Vocational Training Corporation",
        "沙特技术与职业培训公司",
        "Technical and Vocational Training Corporation",
        "SA",
        "Riyadh",
        True,
        "https://www.tvtc.gov.sa",
        "",
    ),
    "moratuwa": (
        "university",
        "University of Moratuwa",
        "莫勒图沃大学",
        "University of Moratuwa",
        "LK",
        "Moratuwa",
        True,
        "https://uom.lk",
        "",
    ),
    "colombo": (
        "university",
        "University of Colombo",
        "科伦坡大学",
        "University of Colombo",
        "LK",
        "Colombo",
        True,
        "https://cmb.ac.lk",
        "",
    ),
    "chula": (
        "university",
        "Chulalongkorn University",
        "朱拉隆功大学",
        "Chulalongkorn University",
        "TH",
        "Bangkok",
        True,
        "https://www.chula.ac.th",
        "",
    ),
    "kmutt": (
        "university",
        "King Mongkut's University of Technology Thonburi",
        "泰国吞武里国王科技大学",
        "King Mongkut's University of Technology Thonburi",
        "TH",
        "Bangkok",
        True,
        "https://www.kmutt.ac.th",
        "",
    ),
    "rmutt": (
        "vocational",
        "Rajamangala University of Technology Thanyaburi",
        "泰国皇家理工大学坦亚武里分校",
        "Rajamangala University of Technology Thanyaburi",
        "TH",
        "Pathum Thani",
        True,
        "https://www.rmutt.ac.th",
        "",
    ),
    "malaya": (
        "university",
        "Universiti Malaya",
        "马来亚大学",
        "University of Malaya",
        "MY",
        "Kuala Lumpur",
        True,
        "https://www.um.edu.my",
        "",
    ),
    "utm": (
        "university",
        "Universiti Teknologi Malaysia",
        "马来西亚理工大学",
        "Universiti Teknologi Malaysia",
        "MY",
        "Johor Bahru",
        True,
        "https://www.utm.my",
        "",
    ),
    "laos": (
        "university",
        "National University of Laos",
        "老挝国立大学",
        "National University of Laos",
        "LA",
        "Vientiane",
        True,
        "https://www.nuol.edu.la",
        "",
    ),
    "indonesia": (
        "university",
        "Universitas Indonesia",
        "印度尼西亚大学",
        "Universitas Indonesia",
        "ID",
        "Depok",
        True,
        "https://www.ui.ac.id",
        "",
    ),
    "addis": (
        "university",
        "Addis Ababa University",
        "亚的斯亚贝巴大学",
        "Addis Ababa University",
        "ET",
        "Addis Ababa",
        True,
        "https://www.aau.edu.et",
        "",
    ),
    "nairobi": (
        "university",
        "University of Nairobi",
        "内罗毕大学",
        "University of Nairobi",
        "KE",
        "Nairobi",
        True,
        "https://www.uonbi.ac.ke",
        "",
    ),
    "changan": (
        "enterprise",
        "重庆长安汽车股份有限公司",
        "重庆长安汽车股份有限公司",
        "Chongqing Changan Automobile Co., Ltd.",
        "CN",
        "重庆",
        False,
        "https://www.changan.com.cn",
        "",
    ),
    "seres": (
        "enterprise",
        "赛力斯汽车有限公司",
        "赛力斯汽车有限公司",
        "Seres Automobile Co., Ltd.",
        "CN",
        "重庆",
        False,
        "https://www.seres.cn",
        "",
    ),
    "cqyb": (
        "enterprise",
        "重庆川仪自动化股份有限公司",
        "重庆川仪自动化股份有限公司",
        "Chongqing Chuanyi Automation Co., Ltd.",
        "CN",
        "重庆",
        False,
        "",
        "",
    ),
    "sinohydro": (
        "enterprise",
        "中国水利水电建设集团国际工程有限公司",
        "中国水利水电建设集团国际工程有限公司",
        "Sinohydro International Engineering Co., Ltd.",
        "CN",
        "北京",
        True,
        "",
        "",
    ),
    "bosch": (
        "enterprise",
        "博世（中国）投资有限公司",
        "博世（中国）投资有限公司",
        "Bosch (China) Investment Ltd.",
        "CN",
        "上海",
        False,
        "https://www.bosch.com.cn",
        "",
    ),
    "cqedu": (
        "government",
        "重庆市教育委员会",
        "重庆市教育委员会",
        "Chongqing Municipal Education Commission",
        "CN",
        "重庆",
        False,
        "",
        "",
    ),
    "alliance": (
        "association",
        "中非（重庆）职业教育联盟",
        "中非（重庆）职业教育联盟",
        "China–Africa (Chongqing) Vocational Education Alliance",
        "CN",
        "重庆",
        True,
        "",
        "",
    ),
}
OTHER_PARTNERS = {
    "kmitl": (
        "university",
        "King Mongkut's Institute of Technology Ladkrabang",
        "泰国先皇技术学院",
        "King Mongkut's Institute of Technology Ladkrabang",
        "TH",
        "Bangkok",
        True,
        "https://www.kmitl.ac.th",
        "",
    ),
}

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _credit_code(seed: int) -> str:
    first17 = f"91500000{seed:09d}"
    return first17 + credit_code_check_char(first17)


def _partner(institution: Institution, key: str, spec: tuple[Any, ...], seed: int) -> Partner:
    kind, name, zh, en, country, city, bri, website, erasmus = spec
    data = {
        "kind": kind,
        "name": name,
        "name_zh": zh,
        "name_en": en,
        "country": country,
        "city": city,
        "belt_and_road": bri,
        "website": website,
        "erasmus_code": erasmus,
        "credit_code": _credit_code(seed) if kind == "enterprise" else "",
    }
    return partners.partner_create(institution=institution, data=data, actor=None, confirm_not_duplicate=True)


def build(
    *, main: Institution, other: Institution, units: dict[tuple[str, str], OrgUnit], people: dict[str, Person]
) -> None:
    today = timezone.localdate()
    office = User.objects.get(username="office")
    liaison = User.objects.get(username="liaison_auto")
    p = {key: _partner(main, key, spec, n) for n, (key, spec) in enumerate(PARTNERS.items(), start=1)}
    for n, (key, spec) in enumerate(OTHER_PARTNERS.items(), start=100):
        _partner(other, key, spec, n)
    partners.contact_create(
        partner=p["esslingen"],
        actor=office,
        data={
            "name": "Dr. Katrin Weber",
            "role": "international",
            "position": "Head of International Office",
            "email": "international@hs-esslingen.example",
        },
    )
    partners.contact_create(
        partner=p["changan"],
        actor=office,
        data={
            "name": "周敏",
            "role": "hr",
            "position": "人力资源部 校企合作主管",
            "email": "zhoumin@changan.example",
        },
    )
    partners.contact_create(
        partner=p["ksu"],
        actor=office,
        data={
            "name": "Dr. Faisal Al-Harbi",
            "role": "leadership",
            "position": "Vice-Dean, College of Applied Studies",
        },
    )

    def u(code: str) -> OrgUnit:
        return units[(main.code, code)]

    def years(n: float) -> dt.timedelta:
        return dt.timedelta(days=int(365.25 * n))

    def make(
        key: str,
        title: str,
        kind: str,
        parties: list[str],
        owners: list[str],
        status: str,
        *,
        signed: dt.timedelta | None = None,
        length: float | None = 5,
        **extra: Any,
    ) -> Agreement:
        signed_on = today - signed if signed is not None else None
        data = {
            "title": title,
            "type": kind,
            "signed_on": signed_on,
            "valid_from": signed_on,
            "valid_to": signed_on + years(length) if signed_on and length else None,
            "school_responsible": people.get("office"),
            **extra,
        }
        return agreements.agreement_create(
            institution=main,
            data=data,
            partners=[p[k] for k in parties],
            units=[u(c) for c in owners],
            actor=office,
            status=status,
        )

    def talk(agreement: Agreement | None, partner: str, days_ago: int, kind: str, subject: str) -> None:
        agreements.interaction_record(
            partner=p[partner],
            agreement=agreement,
            actor=office,
            data={"kind": kind, "occurred_on": today - dt.timedelta(days=days_ago), "subject": subject},
        )

    saudi_mou = make("ksu", "与沙特国王大学合作备忘录", T.MOU, ["ksu"], ["INTL"], S.ACTIVE, signed=years(3))
    saudi_base = make(
        "tvtc",
        "沙特职业技能人才培养基地共建协议",
        T.OVERSEAS_BASE,
        ["tvtc"],
        ["AUTO", "IM"],
        S.ACTIVE,
        signed=years(2),
        framework=saudi_mou,
        college_responsible=people.get("teacher"),
    )
    talk(saudi_base, "tvtc", 40, "visit_out", "赴利雅得开展汽车维修技能培训（第三期）")
    talk(saudi_mou, "ksu", 200, "online", "年度合作会商")
    agreements.obligation_save(
        agreement=saudi_base,
        actor=office,
        data={
            "title": "派出 4 名教师赴基地开展培训",
            "due_on": today - dt.timedelta(days=60),
            "status": "done",
            "done_on": today - dt.timedelta(days=45),
            "responsible": people.get("teacher"),
        },
    )
    agreements.obligation_save(
        agreement=saudi_base,
        actor=office,
        data={
            "title": "提交基地年度运行报告",
            "due_on": today - dt.timedelta(days=20),
            "responsible": people.get("teacher"),
        },
    )
    attachments.attach(
        owner=saudi_base,
        kind="signed_copy",
        actor=office,
        upload=SimpleUploadedFile("基地共建协议-签字版.pdf", PDF),
    )

    esslingen = make(
        "esslingen",
        "与埃斯林根应用技术大学学生交流协议",
        T.STUDENT_EXCHANGE,
        ["esslingen"],
        ["AUTO"],
        S.ACTIVE,
        signed=years(1.5),
        title_en="Student exchange agreement with Hochschule Esslingen",
    )
    for direction, activity, places, months in (
        ("out", "student_study", 5, 5),
        ("in", "student_study", 3, 5),
        ("out", "staff_teaching", 2, None),
    ):
        agreements.condition_save(
            agreement=esslingen,
            actor=office,
            data={
                "direction": direction,
                "activity": activity,
                "places_per_year": places,
                "months_per_year": months,
                "isced_codes": "0715, 0716",
                "levels": "专科 / short-cycle",
                "language_requirements": "English B2",
            },
        )
    talk(esslingen, "esslingen", 15, "visit_in", "埃斯林根代表团来访，商谈下学年交换名额")
    attachments.attach(
        owner=esslingen,
        kind="signed_copy",
        actor=office,
        upload=SimpleUploadedFile("Esslingen-exchange-signed.pdf", PDF),
    )

    make(
        "joanneum",
        "与约安内姆应用技术大学教师交流协议",
        T.STAFF_EXCHANGE,
        ["joanneum"],
        ["IT"],
        S.ACTIVE,
        signed=years(3.5),
    )  # no activity since signing: dormant
    make(
        "addis", "与亚的斯亚贝巴大学合作备忘录", T.MOU, ["addis"], ["INTL"], S.ACTIVE, signed=years(2.2)
    )  # dormant
    make(
        "chula",
        "与朱拉隆功大学合作协议",
        T.COOPERATION,
        ["chula"],
        ["IT"],
        S.ACTIVE,
        signed=years(1.6),
        length=4,
    )  # dormant
    metropolia = make(
        "metropolia",
        "与都会应用科技大学合作协议",
        T.COOPERATION,
        ["metropolia"],
        ["IT"],
        S.ACTIVE,
        signed=dt.timedelta(days=int(365.25 * 3) - 60),
        length=3,
    )  # ends in about 60 days
    talk(metropolia, "metropolia", 100, "email", "续签意向沟通")
    srilanka = make(
        "sinohydro",
        "海外实习合作协议（斯里兰卡项目部）",
        T.INTERNSHIP,
        ["sinohydro"],
        ["IM"],
        S.ACTIVE,
        signed=years(1),
        length=3,
    )
    agreements.obligation_save(
        agreement=srilanka,
        actor=office,
        data={"title": "派遣首批 10 名学生赴斯里兰卡项目部实习", "due_on": today - dt.timedelta(days=30)},
    )  # overdue: at risk
    order = make(
        "changan",
        "长安汽车订单班合作协议",
        T.ORDER_CLASS,
        ["changan"],
        ["AUTO"],
        S.ACTIVE,
        signed=years(1.2),
        length=3,
        confidential=True,
        college_responsible=people.get("liaison_auto"),
        summary="每年联合招收订单班学生 40 人，企业导师与学校教师共同授课（双导师制）。",
    )
    agreements.obligation_save(
        agreement=order,
        actor=liaison,
        data={
            "title": "企业选派 6 名导师",
            "party": p["changan"],
            "due_on": today - dt.timedelta(days=200),
            "status": "done",
            "done_on": today - dt.timedelta(days=190),
        },
    )
    agreements.obligation_save(
        agreement=order,
        actor=liaison,
        data={"title": "联合修订订单班人才培养方案", "due_on": today + dt.timedelta(days=90)},
    )
    attachments.attach(
        owner=order, kind="evidence", actor=liaison, upload=SimpleUploadedFile("订单班开班仪式.pdf", PDF)
    )
    make(
        "seres",
        "赛力斯智能网联汽车产业学院共建协议",
        T.INDUSTRY_COLLEGE,
        ["seres", "changan"],
        ["AUTO"],
        S.ACTIVE,
        signed=dt.timedelta(days=120),
        length=5,
    )
    make(
        "moratuwa",
        "斯里兰卡数字乡村联合研究合作协议",
        T.RESEARCH,
        ["moratuwa"],
        ["IT"],
        S.DRAFT,
        length=None,
        summary="共建数字乡村应用示范点，开展联合研究与培训。",
    )
    make(
        "hamk",
        "与哈梅应用科技大学联合培养项目协议",
        T.JOINT_PROGRAMME,
        ["hamk"],
        ["IM"],
        S.IN_REVIEW,
        length=None,
    )
    make(
        "malaya",
        "与马来亚大学学分互认协议",
        T.CREDIT_RECOGNITION,
        ["malaya"],
        ["ECON"],
        S.APPROVED,
        length=None,
    )
    cqyb = make(
        "cqyb",
        "川仪自动化实训基地共建协议",
        T.TRAINING_BASE,
        ["cqyb"],
        ["IM"],
        S.SIGNED,
        signed=dt.timedelta(days=10),
    )
    agreements.agreement_update(
        agreement=cqyb,
        actor=office,
        data={
            "valid_from": today + dt.timedelta(days=20),
            "valid_to": today + dt.timedelta(days=20) + years(3),
        },
    )
    make(
        "nairobi",
        "与内罗毕大学合作备忘录",
        T.MOU,
        ["nairobi"],
        ["INTL"],
        S.EXPIRED,
        signed=years(5.5),
        length=5,
    )
    make(
        "via",
        "与丹麦 VIA 大学学院学生交流协议",
        T.STUDENT_EXCHANGE,
        ["via"],
        ["ECON"],
        S.TERMINATED,
        signed=years(4),
        length=5,
    )
    old = make(
        "heilbronn",
        "与海尔布隆应用技术大学合作协议（2020）",
        T.COOPERATION,
        ["heilbronn"],
        ["AUTO"],
        S.ACTIVE,
        signed=years(5.9),
        length=6,
    )
    renewal = agreements.agreement_renew(agreement=old, actor=office)
    agreements.agreement_update(
        agreement=renewal,
        actor=office,
        data={
            "title": "与海尔布隆应用技术大学合作协议（续签）",
            "valid_from": today - years(0.1),
            "valid_to": today + years(4.9),
        },
    )
    agreements.agreement_step(agreement=renewal, step="submit", actor=office)
    leader = User.objects.get(username="leader")  # who submitted it does not approve it
    agreements.agreement_step(agreement=renewal, step="approve", actor=leader)
    agreements.agreement_step(
        agreement=renewal,
        step="sign",
        actor=office,
        signed_on=today - years(0.1),
        signed_copy=SimpleUploadedFile("海尔布隆续签协议-签字版.pdf", PDF),
    )
    agreements.agreement_step(agreement=renewal, step="activate", actor=office)
    talk(renewal, "heilbronn", 25, "meeting", "续签后首次联合教研")
    talk(None, "alliance", 70, "event", "中非职业教育联盟年会")
    talk(None, "kmutt", 130, "visit_in", "泰国吞武里国王科技大学来访")
    agreements.agreement_create(
        institution=other,
        actor=None,
        status=S.ACTIVE,
        partners=list(Partner.objects.filter(institution=other)),
        units=[],
        data={
            "title": "与泰国先皇技术学院合作协议",
            "type": T.COOPERATION,
            "signed_on": today - years(1),
            "valid_from": today - years(1),
        },
    )
