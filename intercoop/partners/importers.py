"""Importing partners from Excel: one row a partner, every problem named by row and column."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intercoop.core.importing import Importer, Row, RowResult, choice_map
from intercoop.core.spreadsheets import Column, Labels
from intercoop.partners import matching, services
from intercoop.partners.models import Partner
from intercoop.partners.permissions import PARTNER_IMPORT

KIND_EN = {
    "university": "University",
    "vocational": "Vocational college",
    "school": "School",
    "enterprise": "Enterprise",
    "government": "Government",
    "association": "Association",
    "other": "Other",
}

PARTNER_COLUMNS = [
    Column("name", "名称（原文）", "Name as written", width=36, required=True),
    Column("name_zh", "中文名称", "Chinese name", width=28),
    Column("name_en", "英文名称", "English name", width=36),
    Column("kind", "类别", "Kind", width=16, required=True, choices=Labels(Partner.Kind.choices, KIND_EN)),
    Column("country", "国家或地区代码", "Country code", width=10, required=True),
    Column("country_name", "国家或地区", "Country", width=14),
    Column("city", "城市", "City", width=16),
    Column("belt_and_road", "一带一路", "Belt and Road", width=10),
    Column("website", "网站", "Website", width=28),
    Column("erasmus_code", "Erasmus 代码", "Erasmus code", width=14),
    Column("pic", "PIC", "PIC", width=12),
    Column("oid", "OID", "OID", width=12),
    Column("moe_code", "学校标识码", "MoE code", width=12),
    Column("credit_code", "统一社会信用代码", "Unified social credit code", width=22),
    Column("notes", "备注", "Notes", width=30),
    Column("not_duplicate", "确认非重复", "Not a duplicate", width=10),
]

COLUMN = {c.key: c for c in PARTNER_COLUMNS}
_DATA_FIELDS = [c.key for c in PARTNER_COLUMNS if c.key in services.PARTNER_FIELDS]


class PartnerImporter(Importer):
    key = "partners"
    label = gettext_lazy("Partners")
    permission = PARTNER_IMPORT
    columns = PARTNER_COLUMNS
    accepts_csv = True  # the EC's ECHE list and other systems' exports
    notes = (
        "一行一个合作伙伴。国家或地区写 ISO 代码（如 DE、TH）或名称。类别：University / Vocational college / "
        "School / Enterprise / Government / Association / Other（或中文）。一带一路、确认非重复：填“是”。",
        "One partner a row. Country: ISO code (DE, TH) or name. "
        "Belt and Road, Not a duplicate: write 是 or yes.",
        "任何一行有错误则整份文件都不导入；预览会按行和列列出所有问题。",
        "If any row has an error nothing is imported; the preview lists every problem by row and column.",
    )
    example_rows = (
        (
            "Universität Stuttgart",
            "斯图加特大学",
            "University of Stuttgart",
            "University",
            "DE",
            "德国",
            "Stuttgart",
            "",
            "https://www.uni-stuttgart.de",
            "D  STUTTGA01",
            "",
            "",
            "",
            "",
            "",
            "",
        ),
        (
            "重庆长安汽车股份有限公司",
            "重庆长安汽车股份有限公司",
            "Chongqing Changan Automobile Co., Ltd.",
            "Enterprise",
            "CN",
            "中国",
            "重庆",
            "",
            "https://www.changan.com.cn",
            "",
            "",
            "",
            "",
            "",
            "订单班合作",
            "",
        ),
    )

    def prepare(self, context: dict[str, Any]) -> None:
        """The directory's active partners, indexed once by country and name (not queried per row)."""
        context["kinds"] = choice_map(Partner.Kind.choices, english=KIND_EN)
        index = matching.NameIndex()
        recorded: set[tuple[Any, ...]] = set()
        for partner in Partner.objects.filter(
            institution=context["institution"], merged_into__isnull=True, archived_at__isnull=True
        ):
            index.add(partner.country, matching.keys(partner.name, partner.name_zh, partner.name_en), partner)
            recorded.add(tuple(getattr(partner, f) for f in _DATA_FIELDS))
        context["directory"] = index
        context["recorded"] = recorded  # selectors.partner_recorded_as, from memory
        context["holders"] = services.identifier_holders(context["institution"].pk)

    def clean(self, row: Row, context: dict[str, Any]) -> None:
        kinds = context["kinds"]
        values: dict[str, Any] = {
            "name": row.text("name", required=True, max_length=300),
            "name_zh": row.text("name_zh"),
            "name_en": row.text("name_en"),
            "kind": row.choice("kind", kinds, required=True),
            "country": row.country("country", required=True),
            "city": row.text("city", max_length=100),
            "belt_and_road": row.boolean("belt_and_road"),
            "website": row.text("website", max_length=300),
            "erasmus_code": row.text("erasmus_code", max_length=20),
            "pic": row.text("pic", max_length=20),
            "oid": row.text("oid", max_length=20),
            "moe_code": row.text("moe_code", max_length=20),
            "credit_code": row.text("credit_code", max_length=30),
            "notes": row.text("notes", max_length=2000),
        }
        values["website"] = _website(values["website"])
        not_duplicate = row.boolean("not_duplicate")
        row.result.summary = " ".join(
            x for x in (values["name"], f"({row.text('country')})") if x.strip("()")
        )
        if row.result.errors:
            return
        partner = Partner(institution=context["institution"], **values)
        row.result.values = {k: getattr(partner, k) for k in _DATA_FIELDS}
        row.result.values["_keys"] = matching.keys(partner.name, partner.name_zh, partner.name_en)
        if tuple(getattr(partner, f) for f in _DATA_FIELDS) in context["recorded"]:
            # The same partner, every column alike (this file, or one like it, was imported before).
            row.result.unchanged = _("recorded already, the same; left unchanged")
            return
        for field, message in services.partner_problems(partner):
            row.error(field if field in row.columns else None, message)
        if row.result.errors:
            return
        clash = services.identifier_clash(partner, context["holders"])
        keys = matching.keys(partner.name, partner.name_zh, partner.name_en)
        if clash:
            row.error(clash[0], clash[1])
        elif not not_duplicate:
            similar = [
                p
                for p in context["directory"].similar(partner.country, keys)
                if not services.identifiers_differ(partner, p)
            ]
            if similar:
                row.error(
                    "name",
                    _(
                        "A similar partner exists already: %(names)s. Write 是 in “Not a duplicate” if "
                        "this is another organisation."
                    )
                    % {"names": "; ".join(str(p.display_name) for p in similar[:3])},
                )
        row.result.values = {k: getattr(partner, k) for k in _DATA_FIELDS}
        row.result.values["_keys"] = keys
        row.result.values["_not_duplicate"] = not_duplicate

    def check_file(self, rows: list[RowResult], context: dict[str, Any]) -> None:
        """Rows of one file that are the same partner: an identifier twice, or (where neither row's
        identifiers tell them apart and the later row is not marked "not a duplicate") a look-alike name,
        naming the row it resembles. Names are compared within blocks (``matching.NameIndex``), not pair
        by pair: 5,912 rows of the ECHE list took 319 s that way."""
        seen_ids: dict[tuple[str, str], int] = {}
        seen_names = matching.NameIndex()
        for result in rows:
            if result.errors:
                continue
            values = result.values
            for field in services.IDENTIFIERS:
                value = values.get(field)
                if value and (field, value) in seen_ids:
                    result.add_error(
                        COLUMN[field],
                        _("Same %(field)s as row %(row)s.")
                        % {"field": COLUMN[field].header, "row": seen_ids[(field, value)]},
                    )
                elif value:
                    seen_ids[(field, value)] = result.number
            if not values.get("_not_duplicate"):
                earlier = next(
                    (
                        other
                        for other in seen_names.similar(values["country"], values["_keys"])
                        if not services.identifiers_differ(values, other.values)
                    ),
                    None,
                )
                if earlier is not None:
                    result.add_error(
                        COLUMN["name"],
                        _("Looks like the partner in row %(row)s (%(name)s).")
                        % {"row": earlier.number, "name": earlier.values["name"]},
                    )
            seen_names.add(values["country"], values["_keys"], result)

    def write(self, rows: list[RowResult], *, context: dict[str, Any], actor: Any) -> int:
        for result in rows:
            data = {k: v for k, v in result.values.items() if not k.startswith("_")}
            services.partner_create(
                institution=context["institution"], data=data, actor=actor, confirm_not_duplicate=True
            )
        return len(rows)


def _website(text: str) -> str:
    """An address as people write it (``www.x.de``, ``HTTP://X.DE``): with its scheme, in lower case."""
    text = text.strip().split(" / ")[0]  # "www.uoi.gr / www.rc.uoi.gr": the first
    text = re.sub(r"\s+", "", text)  # "www. hopitaux-st-maurice.fr"
    text = re.sub(r"^(https?)//", r"\1://", text, flags=re.IGNORECASE)  # "http//www.univ-perp.fr"
    if not text:
        return ""
    scheme, sep, rest = text.partition("://")
    if sep and scheme.lower() in ("http", "https"):
        return f"{scheme.lower()}://{rest}"
    return "https://" + text
