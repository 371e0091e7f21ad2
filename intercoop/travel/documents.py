"""The mission approval (出国任务批件) as a Word file and as a PDF, in Chinese with English beneath.

The PDF uses ReportLab's built-in CID font STSong-Light (Adobe's Chinese font pack, which every PDF reader
supplies), so no font file is shipped or fetched.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from intercoop.core import countries
from intercoop.travel import selectors
from intercoop.travel.models import Trip

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _rows(trip: Trip) -> list[tuple[str, str]]:
    with translation.override(settings.LANGUAGE_CODE):
        members = list(selectors.members_of(trip))
        destinations = list(selectors.destinations_of(trip))
        total = sum((b.amount for b in selectors.budget_of(trip)), Decimal(0))
        return [
            ("批件编号 Number", trip.mission_number),
            ("申请编号 Application", trip.number),
            ("任务名称 Mission", trip.title),
            ("派出单位 Unit", str(trip.org_unit)),
            ("任务类型 Purpose", str(trip.get_purpose_display())),
            (
                "团组成员 Delegation",
                "；".join(f"{m.person.display_name}{'（团长）' if m.is_leader else ''}" for m in members),
            ),
            ("人数 People", str(len(members))),
            (
                "出访国家（地区）Destinations",
                "；".join(
                    f"{countries.name(d.country, 'zh-hans')} {d.city}（{d.days}天）".replace(" （", "（")
                    for d in destinations
                ),
            ),
            ("出访日期 Dates", f"{trip.departure:%Y-%m-%d} 至 {trip.return_on:%Y-%m-%d}（{trip.days}天）"),
            (
                "邀请单位 Inviting organisation",
                trip.inviting_partner.display_name if trip.inviting_partner else "—",
            ),
            ("经费预算 Budget", f"¥{total:,.2f}（{trip.get_fund_source_display()}）"),
            (
                "公示期 Public notice",
                f"{trip.notice_starts_on:%Y-%m-%d} 至 {trip.notice_ends_on:%Y-%m-%d}"
                if trip.notice_ends_on
                else "—",
            ),
            ("签发日期 Issued", f"{trip.mission_issued_on:%Y-%m-%d}" if trip.mission_issued_on else "—"),
        ]


def _heading(trip: Trip) -> tuple[str, str]:
    name = trip.institution.name
    return f"{name}因公出国（境）任务批件", "Mission approval for official travel abroad"


def mission_docx(trip: Trip) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    zh, en = _heading(trip)
    document.add_heading(zh, level=1)
    document.add_paragraph(en)
    rows = _rows(trip)
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for (label, value), row in zip(rows, table.rows, strict=True):
        row.cells[0].text = label
        row.cells[1].text = value
    document.add_paragraph("")
    note = document.add_paragraph(
        "请按批准的日期、路线和人员执行任务；回国后7日内交回因公护照，按期提交出访报告。\n"
        "Carry out the mission on the approved dates, route and delegation; return official passports "
        "within the set days after return and file the trip report on time."
    )
    for run in note.runs:
        run.font.size = Pt(9)
    document.add_paragraph("国际交流与合作处（盖章） International office (seal)")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def mission_pdf(trip: Trip) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=11)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm
    )
    zh, en = _heading(trip)
    table = Table(
        [[Paragraph(label, body), Paragraph(value, body)] for label, value in _rows(trip)],
        colWidths=[55 * mm, 115 * mm],
    )
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    doc.title = trip.mission_number
    doc.build(
        [
            Paragraph(zh, title),
            Paragraph(en, ParagraphStyle("en", parent=body, alignment=1)),
            Spacer(1, 8 * mm),
            table,
            Spacer(1, 6 * mm),
            Paragraph(
                "请按批准的日期、路线和人员执行任务；回国后按期交回因公护照并提交出访报告。"
                "Carry out the mission as approved; return official passports and file the trip report "
                "on time.",
                small,
            ),
            Spacer(1, 10 * mm),
            Paragraph("国际交流与合作处（盖章） International office (seal)", body),
        ]
    )
    return buffer.getvalue()
