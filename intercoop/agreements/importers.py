"""Importing agreements (e.g. those signed before the system) from Excel."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intercoop.agreements.models import Agreement
from intercoop.agreements.permissions import AGREEMENT_IMPORT
from intercoop.core.identifiers import credit_code_is_valid, erasmus_code_normalise, normalise_code
from intercoop.core.importing import Importer, Row, RowResult, choice_map
from intercoop.core.spreadsheets import Column
from intercoop.org.models import OrgUnit
from intercoop.partners.models import Partner

TYPE_EN = {t.value: str(t.label) for t in Agreement.Type}
IMPORTABLE_STATUSES = (
    Agreement.Status.DRAFT,
    Agreement.Status.SIGNED,
    Agreement.Status.ACTIVE,
    Agreement.Status.EXPIRED,
    Agreement.Status.TERMINATED,
)

AGREEMENT_COLUMNS = [
    Column("number", "协议编号", "Number", width=14),
    Column("title", "协议名称", "Title", width=36, required=True),
    Column("title_en", "英文名称", "English title", width=36),
    Column("type", "类型", "Type", width=22, required=True),
    Column("status", "状态", "Status", width=12, required=True),
    Column(
        "partners",
        "合作方",
        "Partners",
        width=36,
        required=True,
        help="名称、Erasmus 代码或统一社会信用代码，多个用分号分隔 / names or codes, separated by ;",
    ),
    Column("units", "所属二级学院", "Owning colleges", width=24),
    Column("signed_on", "签署日期", "Signed on", width=12),
    Column("valid_from", "生效日期", "Valid from", width=12),
    Column("valid_to", "到期日期", "Valid to", width=12),
    Column("confidential", "保密", "Confidential", width=8),
    Column("summary", "摘要", "Summary", width=40),
    Column("source_id", "来源系统编号", "Source system id", width=16),
]
COLUMN = {c.key: c for c in AGREEMENT_COLUMNS}


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace("；", ";").replace("\n", ";").split(";") if p.strip()]


class AgreementImporter(Importer):
    key = "agreements"
    label = gettext_lazy("Agreements")
    permission = AGREEMENT_IMPORT
    columns = AGREEMENT_COLUMNS
    notes = (
        "一行一份协议。合作方写名称（原文、中文或英文）、Erasmus 代码或统一社会信用代码，"
        "须已在合作伙伴名录中，多个用分号分隔。所属二级学院写单位代码，多个用分号分隔。"
        "状态：草稿 / 已签署 / 生效 / 已到期 / 已终止。日期写 2026-09-01。",
        "One agreement a row. Partners must be in the partner directory: give their name, Erasmus code or "
        "credit code, separated by ;. Owning colleges: unit codes separated by ;. "
        "Status: draft / signed / active / expired / terminated. Dates like 2026-09-01.",
        "协议编号留空则自动编号。任何一行有错误则整份文件都不导入。",
        "Leave the number empty to number it automatically. If any row has an error, nothing is imported.",
        "来源系统编号：其他系统中该协议的编号（如有）。同一文件再次导入不会重复写入：有来源编号的按来源编号，"
        "没有的按该行内容识别。",
        "Source system id: the agreement's id in the system the file comes from, where it has one. "
        "Importing the same file again changes nothing: rows are recognised by that id, or by their "
        "content where there is none.",
    )
    example_rows = (
        (
            "",
            "汽车工程学院与长安汽车订单班合作协议",
            "Order-class agreement with Changan Automobile",
            "Order class",
            "active",
            "重庆长安汽车股份有限公司",
            "AUTO",
            "2025-06-20",
            "2025-09-01",
            "2028-08-31",
            "",
            "每年订单班 40 人",
        ),
    )

    def clean(self, row: Row, context: dict[str, Any]) -> None:
        institution = context["institution"]
        types = choice_map(Agreement.Type.choices, english=TYPE_EN)
        statuses = choice_map([(s.value, s.label) for s in IMPORTABLE_STATUSES])
        values: dict[str, Any] = {
            "number": row.text("number", max_length=30),
            "title": row.text("title", required=True, max_length=300),
            "title_en": row.text("title_en", max_length=300),
            "type": row.choice("type", types, required=True),
            "status": row.choice("status", statuses, required=True),
            "signed_on": row.date("signed_on"),
            "valid_from": row.date("valid_from"),
            "valid_to": row.date("valid_to"),
            "confidential": row.boolean("confidential"),
            "summary": row.text("summary", max_length=5000),
        }
        partners = []
        for text in _split(row.text("partners", required=True, max_length=2000)):
            partner = find_partner(institution.pk, text)
            if partner is None:
                row.error(
                    "partners",
                    _("No partner “%(name)s” in the directory: add or import it first.") % {"name": text},
                )
            else:
                partners.append(partner)
        units = []
        for code in _split(row.text("units", max_length=500)):
            unit = OrgUnit.objects.filter(
                institution=institution, code=code.upper(), archived_at__isnull=True
            ).first()
            if unit is None:
                row.error("units", _("No unit with the code %(code)s.") % {"code": code})
            else:
                units.append(unit)
        if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
            row.error("valid_to", _("The end date is before the start date."))
        if (
            values["status"]
            in (
                Agreement.Status.SIGNED,
                Agreement.Status.ACTIVE,
                Agreement.Status.EXPIRED,
                Agreement.Status.TERMINATED,
            )
            and not values["signed_on"]
        ):
            row.error("signed_on", _("A signed agreement needs its date of signing."))
        source = row.text("source_id", max_length=60)
        key = "s:" + source if source else "c:" + _content_key(values, partners, units)
        values["_key"] = key
        values["_partners"] = partners
        values["_units"] = units
        row.result.values = values
        row.result.summary = values["title"]
        if key in context.setdefault("keys", _import_keys(institution)):
            row.result.unchanged = _("imported before; left unchanged")
            return
        if (
            values["number"]
            and Agreement.objects.filter(institution=institution, number=values["number"]).exists()
        ):
            row.error("number", _("Agreement %(number)s exists already.") % {"number": values["number"]})

    def check_file(self, rows: list[RowResult], context: dict[str, Any]) -> None:
        seen: dict[str, int] = {}
        keys: dict[str, int] = {}
        for result in rows:
            key = result.values.get("_key")
            if key and not result.unchanged:
                if key in keys:
                    column = COLUMN["source_id"] if key.startswith("s:") else None
                    result.add_error(column, _("The same agreement as row %(row)s.") % {"row": keys[key]})
                else:
                    keys[key] = result.number
            number = result.values.get("number")
            if number and number in seen:
                result.add_error(COLUMN["number"], _("Same number as row %(row)s.") % {"row": seen[number]})
            elif number:
                seen[number] = result.number

    def write(self, rows: list[RowResult], *, context: dict[str, Any], actor: Any) -> int:
        from intercoop.agreements import services

        for result in rows:
            values = dict(result.values)
            partners, units = values.pop("_partners"), values.pop("_units")
            number, status, key = values.pop("number"), values.pop("status"), values.pop("_key")
            agreement = services.agreement_create(
                institution=context["institution"],
                data=values,
                partners=partners,
                units=units,
                actor=actor,
                status=status,
                import_key=key,
            )
            if number:
                services.agreement_set_number(agreement=agreement, number=number, actor=actor)
        return len(rows)


def _import_keys(institution: Any) -> set[str]:
    return set(
        Agreement.objects.filter(institution=institution)
        .exclude(import_key="")
        .values_list("import_key", flat=True)
    )


def _content_key(values: dict[str, Any], partners: list[Partner], units: list[OrgUnit]) -> str:
    """A row without a source id is known by what it says: its number, title, type, partners, colleges and
    dates (a file without a number column imported twice writes nothing the second time)."""
    parts = [
        values.get("number") or "",
        " ".join((values.get("title") or "").split()).casefold(),
        values.get("type") or "",
        ",".join(str(p) for p in sorted(p.pk for p in partners)),
        ",".join(str(u) for u in sorted(u.pk for u in units)),
        *(str(values.get(k) or "") for k in ("signed_on", "valid_from", "valid_to")),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]


def find_partner(institution_id: int, text: str) -> Partner | None:
    """A partner of the institution by Erasmus code, credit code or exact name in any of its forms."""
    qs = Partner.objects.filter(
        institution_id=institution_id, merged_into__isnull=True, archived_at__isnull=True
    )
    erasmus = erasmus_code_normalise(text)
    if erasmus and (found := qs.filter(erasmus_code=erasmus).first()):
        return found
    code = normalise_code(text)
    if credit_code_is_valid(code) and (found := qs.filter(credit_code=code).first()):
        return found
    matches = list(qs.filter(Q(name__iexact=text) | Q(name_zh__iexact=text) | Q(name_en__iexact=text))[:2])
    return matches[0] if len(matches) == 1 else None
