"""The demo world: two Chongqing vocational colleges, their units, people and logins.

Names are fictional. The institutions' codes (41500999xx) are not on the MoE list, so nobody mistakes
the demo for a real college's data.
"""

from __future__ import annotations

from intercoop.core.roles import Role

MAIN_CODE = "4150099901"
OTHER_CODE = "4150099902"
DEMO_CODES = (MAIN_CODE, OTHER_CODE)

INSTITUTIONS: dict[str, dict[str, str]] = {
    MAIN_CODE: {
        "name": "重庆渝州职业技术学院",
        "name_zh": "重庆渝州职业技术学院",
        "name_en": "Chongqing Yuzhou Polytechnic College",
        "short_name": "渝州职院",
        "province": "重庆市",
        "city": "重庆市",
        "level": "专科",
        "authority": "重庆市",
        "website": "https://www.example.edu.cn/",
    },
    OTHER_CODE: {
        "name": "重庆巴渝工程职业学院",
        "name_zh": "重庆巴渝工程职业学院",
        "name_en": "Chongqing Bayu Engineering Vocational College",
        "short_name": "巴渝工程",
        "province": "重庆市",
        "city": "重庆市",
        "level": "专科",
        "authority": "重庆市",
        "website": "https://bayu.example.edu.cn/",
    },
}

# (code, parent code, kind, function, zh, en)
UNITS: dict[str, list[tuple[str, str | None, str, str, str, str]]] = {
    # The main college also has the standard school-level offices (org.services.STANDARD_OFFICES).
    MAIN_CODE: [
        ("AUTO", None, "secondary_college", "", "汽车工程学院", "School of Automotive Engineering"),
        (
            "AUTO-NEV",
            "AUTO",
            "department",
            "",
            "新能源汽车技术教研室",
            "New Energy Vehicle Technology Section",
        ),
        (
            "AUTO-SVC",
            "AUTO",
            "department",
            "",
            "汽车检测与维修技术教研室",
            "Automotive Inspection and Maintenance Section",
        ),
        ("IT", None, "secondary_college", "", "信息工程学院", "School of Information Engineering"),
        ("IT-SW", "IT", "department", "", "软件技术教研室", "Software Technology Section"),
        ("IT-BD", "IT", "department", "", "大数据技术教研室", "Big Data Technology Section"),
        ("IM", None, "secondary_college", "", "智能制造学院", "School of Intelligent Manufacturing"),
        ("ECON", None, "secondary_college", "", "经济管理学院", "School of Economics and Management"),
        ("INTL", None, "secondary_college", "", "国际教育学院", "School of International Education"),
    ],
    OTHER_CODE: [
        ("LEAD", None, "leadership", "", "学校领导", "School Leadership"),
        ("IO", None, "school_office", "international", "国际合作处", "International Cooperation Office"),
        ("CIV", None, "secondary_college", "", "建筑工程学院", "School of Civil Engineering"),
        (
            "MECH",
            None,
            "secondary_college",
            "",
            "机电工程学院",
            "School of Mechanical and Electrical Engineering",
        ),
    ],
}

SURNAMES = [
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
    ("郭", "Guo"),
    ("何", "He"),
    ("罗", "Luo"),
    ("谭", "Tan"),
    ("冉", "Ran"),
    ("向", "Xiang"),
]
GIVEN = [
    ("伟", "Wei"),
    ("芳", "Fang"),
    ("娜", "Na"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("磊", "Lei"),
    ("洋", "Yang"),
    ("勇", "Yong"),
    ("艳", "Yan"),
    ("杰", "Jie"),
    ("涛", "Tao"),
    ("明", "Ming"),
    ("超", "Chao"),
    ("霞", "Xia"),
    ("平", "Ping"),
    ("刚", "Gang"),
    ("桂英", "Guiying"),
    ("建华", "Jianhua"),
    ("晓东", "Xiaodong"),
    ("雨欣", "Yuxin"),
    ("子涵", "Zihan"),
    ("浩然", "Haoran"),
    ("思远", "Siyuan"),
    ("欣怡", "Xinyi"),
    ("俊杰", "Junjie"),
    ("诗琪", "Shiqi"),
    ("宇航", "Yuhang"),
    ("梓萱", "Zixuan"),
    ("嘉怡", "Jiayi"),
]
POSITIONS_TEACHER = [
    ("教授", "Professor"),
    ("副教授", "Associate Professor"),
    ("讲师", "Lecturer"),
    ("助教", "Teaching Assistant"),
]

# International students (School of International Education) and foreign experts, names as written.
INTERNATIONAL_STUDENTS = [
    ("Somchai Wongsakul", "颂猜", "TH"),
    ("Nisa Phromma", "妮莎", "TH"),
    ("Kavindu Perera", "卡文杜", "LK"),
    ("Tharushi Fernando", "塔鲁诗", "LK"),
    ("Bounmy Sisavath", "本米", "LA"),
    ("Aigerim Nurlanovna", "艾格琳", "KZ"),
    ("Muhammad Bilal", "比拉尔", "PK"),
    ("Nguyễn Văn An", "阮文安", "VN"),
    ("Abebe Girma", "阿贝贝", "ET"),
    ("Faisal Al-Otaibi", "费萨尔", "SA"),
]
FOREIGN_EXPERTS = [
    (
        "Klaus Müller",
        "克劳斯·穆勒",
        "DE",
        "Berufsbildungszentrum Stuttgart",
        "Master craftsman, automotive mechatronics",
    ),
    (
        "Anan Chaiyaporn",
        "阿南",
        "TH",
        "Rajamangala University of Technology Thanyaburi",
        "Lecturer, industrial engineering",
    ),
    (
        "Abdullah Al-Harbi",
        "阿卜杜拉",
        "SA",
        "Technical and Vocational Training Corporation",
        "Training supervisor",
    ),
    ("Nimal Jayasuriya", "尼马尔", "LK", "University of Moratuwa", "Senior lecturer, ICT"),
]
ENTERPRISE_MENTORS = [
    ("陈刚", "Chen Gang", "重庆长安汽车股份有限公司", "Senior engineer, powertrain testing", "AUTO"),
    ("刘婷", "Liu Ting", "重庆长安汽车股份有限公司", "Production line supervisor", "AUTO"),
    ("周斌", "Zhou Bin", "华为技术有限公司重庆研究所", "Software engineer", "IT"),
    ("何静", "He Jing", "重庆川仪自动化股份有限公司", "Automation engineer", "IM"),
]

# Demo logins: (username, display name zh, display name en, [(role, unit code or None, institution code)],
#               person key or None, institution code or None for supervisors)
USERS: list[tuple[str, str, str, list[tuple[Role, str | None, str]], str | None, str | None]] = [
    ("admin", "系统管理员", "System administrator", [(Role.SYSTEM_ADMIN, None, MAIN_CODE)], None, MAIN_CODE),
    (
        "office",
        "国际处 谭敏",
        "Tan Min (International Office)",
        [(Role.OFFICE_STAFF, "IO", MAIN_CODE)],
        "office",
        MAIN_CODE,
    ),
    (
        "liaison_auto",
        "汽车学院外事秘书 冉静",
        "Ran Jing (Automotive liaison)",
        [(Role.COLLEGE_LIAISON, "AUTO", MAIN_CODE)],
        "liaison_auto",
        MAIN_CODE,
    ),
    (
        "liaison_it",
        "信息学院外事秘书 向洋",
        "Xiang Yang (IT liaison)",
        [(Role.COLLEGE_LIAISON, "IT", MAIN_CODE)],
        "liaison_it",
        MAIN_CODE,
    ),
    (
        "teacher",
        "李明",
        "Li Ming",
        [(Role.TEACHER, "AUTO-NEV", MAIN_CODE), (Role.PROJECT_LEAD, "AUTO-NEV", MAIN_CODE)],
        "teacher",
        MAIN_CODE,
    ),
    ("student", "张悦", "Zhang Yue", [(Role.STUDENT, "AUTO-SVC", MAIN_CODE)], "student", MAIN_CODE),
    (
        "leader",
        "副校长 罗建华",
        "Luo Jianhua (Vice-president)",
        [(Role.LEADERSHIP_VIEWER, "LEAD", MAIN_CODE), (Role.APPROVER, None, MAIN_CODE)],
        "leader",
        MAIN_CODE,
    ),
    (
        "finance",
        "财务处 孙芳",
        "Sun Fang (Finance)",
        [(Role.FINANCE_OFFICER, "FIN", MAIN_CODE)],
        "finance",
        MAIN_CODE,
    ),
    (
        "mentor",
        "陈刚",
        "Chen Gang (Changan Auto)",
        [(Role.ENTERPRISE_MENTOR, "AUTO", MAIN_CODE)],
        "mentor",
        MAIN_CODE,
    ),
    (
        "supervisor",
        "市教委 督导",
        "Municipal Education Commission",
        [(Role.SUPERVISOR, None, MAIN_CODE), (Role.SUPERVISOR, None, OTHER_CODE)],
        None,
        None,
    ),
    (
        "other_office",
        "巴渝工程 国际处 黄磊",
        "Huang Lei (Bayu International Office)",
        [(Role.OFFICE_STAFF, "IO", OTHER_CODE)],
        "other_office",
        OTHER_CODE,
    ),
]

# People behind the demo logins: key -> (kind, unit code, zh name, en name, position zh/en, number)
NAMED_PEOPLE = {
    "office": ("staff", "IO", "谭敏", "Tan Min", "科长", "Section chief", "S2009031"),
    "liaison_auto": (
        "staff",
        "AUTO",
        "冉静",
        "Ran Jing",
        "外事秘书",
        "Foreign-affairs secretary",
        "S2014112",
    ),
    "liaison_it": ("staff", "IT", "向洋", "Xiang Yang", "外事秘书", "Foreign-affairs secretary", "S2016087"),
    "teacher": ("teacher", "AUTO-NEV", "李明", "Li Ming", "副教授", "Associate Professor", "T2011045"),
    "student": ("student", "AUTO-SVC", "张悦", "Zhang Yue", "", "", "2024110231"),
    "leader": ("staff", "LEAD", "罗建华", "Luo Jianhua", "副校长", "Vice-president", "S2001002"),
    "finance": ("staff", "FIN", "孙芳", "Sun Fang", "会计", "Accountant", "S2012066"),
    "other_office": ("staff", "IO", "黄磊", "Huang Lei", "科员", "Officer", "B2018010"),
}


def split_zh_en(text: str) -> tuple[str, str]:
    """A demo text written "中文 English" as its Chinese and its English parts (each shown in its own
    language); a text with no English part is Chinese only."""
    import re

    match = re.match(r"^(.*[\u4e00-\u9fff）”》])\s+([A-Za-z].*)$", text)
    return (match.group(1), match.group(2)) if match else (text, "")
