"""The national table as an Excel file in the official layout: 序号 | 指标 | 单位 | 上一年 | 本年, headed by
the institution's code and name, the adopting countries beside rows 6 and 7. A second sheet gives the same
table in English, a third each row's definition and period."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from intercoop.core.countries import name as country_name
from intercoop.core.spreadsheets import append_row
from intercoop.indicators import registry

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _sheet(wb: Workbook, data: dict[str, Any], language: str, title: str) -> None:
    ws = wb.create_sheet(title=title)
    zh = language == "zh"
    inst = data["institution"]
    heading = data["title_zh"] if zh else data["title_en"]
    append_row(ws, [f"{heading}（{data['year']}）" if zh else f"{heading} ({data['year']})"])
    append_row(
        ws,
        [f"学校代码：{inst['code']}", None, f"学校名称：{inst['name']}"]
        if zh
        else [
            f"Institution code: {inst['code']}",
            None,
            f"Institution: {inst.get('name_en') or inst['name']}",
        ],
    )
    header = (
        ["序号", "指标", "单位", "上一年", "本年", "采用国家（地区）"]
        if zh
        else ["No.", "Indicator", "Unit", "Previous year", "This year", "Adopting countries"]
    )
    append_row(ws, header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws["A1"].font = Font(bold=True, size=14)
    for row in data["rows"]:
        countries = "、".join(country_name(c, "zh-hans" if zh else "en") for c in row["countries"])
        append_row(
            ws,
            [
                row["number"],
                row["name_zh"] if zh else row["name_en"],
                row["unit_zh"] if zh else row["unit_en"],
                row["previous"],
                row["current"],
                countries or None,
            ],
        )
        for cell in ws[ws.max_row]:
            cell.border = BOX
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    last = ws.max_row + 2
    ws.cell(
        row=last,
        column=1,
        value="空白表示无数据（未填报记录），不等于 0。"
        if zh
        else "A blank cell means no data (nothing recorded), not 0.",
    )
    for letter, width in zip("ABCDEF", (8, 52, 10, 12, 12, 28), strict=True):
        ws.column_dimensions[letter].width = width


def workbook(data: dict[str, Any], submitted_at: str | None = None) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, data, "zh", data["title_zh"])
    _sheet(wb, data, "en", "English")
    ws = wb.create_sheet(title="口径 Definitions")
    append_row(ws, ["序号 No.", "代码 Code", "统计期间 Period", "口径 Definition"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in data["rows"]:
        indicator = registry.get(row["code"])
        append_row(
            ws, [row["number"], row["code"], row["period"], str(indicator.definition) if indicator else ""]
        )
    append_row(ws, [])
    append_row(
        ws,
        [
            "状态 Status",
            f"已报送 submitted {submitted_at}" if submitted_at else f"计算于 computed {data['computed_at']}",
        ],
    )
    for letter, width in zip("ABCD", (10, 36, 26, 100), strict=True):
        ws.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
