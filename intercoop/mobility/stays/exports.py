"""Excel exports of mobility: the register (the same columns the importer reads) and the figures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from intercoop.core.spreadsheets import Column, Sheet, write_xlsx


def stays_xlsx(model: type, stays: Iterable[Any], *, permits: bool) -> bytes:
    """International students or foreign experts; permit numbers only for readers who may see them."""
    from intercoop.mobility.models import InternationalStudent

    student = model is InternationalStudent
    columns = [
        Column("name", "姓名", "Name", width=24),
        Column("number", "学号或工号", "Number", width=14),
        Column("nationality", "国籍", "Nationality", width=12),
        Column("unit", "学院", "College", width=20),
    ]
    if student:
        columns += [
            Column("programme", "类别", "Programme kind", width=18),
            Column("programme_name", "专业或项目", "Programme", width=24),
            Column("full_time", "全日制", "Full-time", width=8),
            Column("enrolled_on", "入学日期", "Enrolled on", width=12),
            Column("expected_end", "预计结业", "Expected end", width=12),
            Column("status", "状态", "Status", width=10),
            Column("left_on", "离校日期", "Left on", width=12),
        ]
    else:
        columns += [
            Column("kind", "类别", "Kind", width=14),
            Column("contract_start", "合同开始", "Contract start", width=12),
            Column("contract_end", "合同结束", "Contract end", width=12),
            Column("work_permit_expiry", "工作许可有效期至", "Work permit valid until", width=14),
            Column("courses", "所授课程", "Courses", width=30),
            Column("evaluation_score", "评价得分", "Evaluation", width=10),
        ]
    columns += [
        Column("visa", "签证", "Visa", width=8),
        Column("entry", "入境日期", "Entry", width=12),
        Column("accommodation", "住宿登记", "Accommodation registered", width=12),
        Column("permit_expiry", "居留许可有效期至", "Residence permit valid until", width=14),
        Column("insurance", "保险有效期至", "Insurance until", width=12),
    ]
    if permits:
        columns += [
            Column("passport", "护照号", "Passport", width=14),
            Column("permit", "居留许可号", "Residence permit", width=16),
        ]
        if not student:
            columns.append(Column("work_permit", "工作许可号", "Work permit", width=16))
    rows = []
    for s in stays:
        row: list[Any] = [
            s.person.display_name,
            s.person.number,
            s.person.nationality,
            s.org_unit.display_name,
        ]
        if student:
            row += [
                s.get_programme_display(),
                s.programme_name,
                _("yes") if s.full_time else _("no"),
                s.enrolled_on,
                s.expected_end,
                s.get_status_display(),
                s.left_on,
            ]
        else:
            row += [
                s.get_kind_display(),
                s.contract_start,
                s.contract_end,
                s.work_permit_expiry,
                s.courses,
                s.evaluation_score,
            ]
        row += [
            s.visa_type,
            s.entry_date,
            s.accommodation_registered_on,
            s.residence_permit_expiry,
            s.insurance_until,
        ]
        if permits:
            row += [s.person.passport_number, s.residence_permit_number]
            if not student:
                row.append(s.work_permit_number)
        rows.append(row)
    title = _("International students") if student else _("Foreign experts and teachers")
    return write_xlsx([Sheet(title=title, columns=columns, rows=rows)])
