"""The mission approval (出国任务批件) and the public notice (公示) as Word files and PDFs, in Chinese with
English beneath.

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
from intercoop.travel.config import settings_for
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


def _scope_zh(trip: Trip) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(selectors.scope_label(selectors.countries_of(trip)))


def _heading(trip: Trip) -> tuple[str, str]:
    return f"{trip.institution.name}{_scope_zh(trip)}任务批件", "Mission approval for official travel abroad"


MISSION_NOTE = (
    "请按批准的日期、路线和人员执行任务；回国后按期交回因公证照，按期提交出访报告。",
    "Carry out the mission on the approved dates, route and delegation; return the official passports "
    "or permits within the set days after return and file the trip report on time.",
)


def mission_docx(trip: Trip) -> bytes:
    zh, en = _heading(trip)
    return _docx(
        zh,
        en,
        [],
        _rows(trip),
        ["\n".join(MISSION_NOTE)],
        "国际交流与合作处（盖章） International office (seal)",
    )


def mission_pdf(trip: Trip) -> bytes:
    zh, en = _heading(trip)
    return _pdf(
        zh,
        en,
        [],
        _rows(trip),
        [" ".join(MISSION_NOTE)],
        "国际交流与合作处（盖章） International office (seal)",
        title=trip.mission_number,
    )


# -- the public notice (公示) ------------------------------------------------------------------------


def _notice_rows(trip: Trip) -> list[tuple[str, str]]:
    with translation.override(settings.LANGUAGE_CODE):
        members = list(selectors.members_of(trip))
        destinations = list(selectors.destinations_of(trip))
        by_source: dict[str, Decimal] = {}
        for line in selectors.budget_of(trip):
            label = str(line.get_fund_source_display())
            by_source[label] = by_source.get(label, Decimal(0)) + line.amount
        total = sum(by_source.values(), Decimal(0))
        people = []
        for m in members:
            person = m.person
            unit = person.org_unit.display_name if person.org_unit is not None else ""
            detail = "，".join(p for p in (unit, person.position) if p)
            people.append(
                f"{person.display_name}{'（团长）' if m.is_leader else ''}{f'（{detail}）' if detail else ''}"
            )
        return [
            ("申请编号 Application", trip.number),
            ("任务名称 Mission", trip.title),
            ("派出单位 Unit", str(trip.org_unit)),
            ("出访目的 Purpose", str(trip.get_purpose_display())),
            ("团组成员 Delegation", "；".join(people) + f"（共{len(members)}人）"),
            (
                "出访国家（地区）及停留天数 Destinations",
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
            (
                "经费预算及来源 Budget and funds",
                f"¥{total:,.2f}（" + "；".join(f"{k} ¥{v:,.2f}" for k, v in by_source.items()) + "）"
                if by_source
                else "无 None",
            ),
            (
                "公示期 Notice period",
                f"{trip.notice_starts_on:%Y-%m-%d} 至 {trip.notice_ends_on:%Y-%m-%d}"
                if trip.notice_ends_on
                else "—",
            ),
        ]


def _notice_text(trip: Trip) -> tuple[list[str], list[str]]:
    contact = settings_for(trip.institution).notice_contact.strip() or "国际交流与合作处"
    scope = _scope_zh(trip)
    before = [
        f"根据{scope}管理有关规定，现将以下出访任务予以公示。",
        "The following official trip is made public as the rules on official travel require.",
    ]
    after = [
        f"公示期间，如对上述出访任务有异议，请以书面形式（署真实姓名）向{contact}反映。"
        "公示期满无异议或异议经核实不影响出访的，按程序办理出访手续。",
        f"Objections during the notice period: in writing, signed, to {contact}. When the period ends "
        "without objection, or the objections are resolved, the trip proceeds.",
    ]
    return before, after


def notice_docx(trip: Trip) -> bytes:
    before, after = _notice_text(trip)
    zh = f"{trip.institution.name}{_scope_zh(trip)}公示"
    signature = f"{trip.institution.name}国际交流与合作处\n{trip.notice_starts_on:%Y年%m月%d日}"
    return _docx(zh, "Public notice of official travel", before, _notice_rows(trip), after, signature)


def notice_pdf(trip: Trip) -> bytes:
    before, after = _notice_text(trip)
    zh = f"{trip.institution.name}{_scope_zh(trip)}公示"
    signature = f"{trip.institution.name}国际交流与合作处 {trip.notice_starts_on:%Y年%m月%d日}"
    return _pdf(
        zh,
        "Public notice of official travel",
        before,
        _notice_rows(trip),
        after,
        signature,
        title=trip.number,
    )


# -- builders --------------------------------------------------------------------------------------------


def _docx(
    zh: str, en: str, before: list[str], rows: list[tuple[str, str]], after: list[str], signature: str
) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    document.add_heading(zh, level=1)
    document.add_paragraph(en)
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for (label, value), row in zip(rows, table.rows, strict=True):
        row.cells[0].text = label
        row.cells[1].text = value
    document.add_paragraph("")
    for text in after:
        note = document.add_paragraph(text)
        for run in note.runs:
            run.font.size = Pt(9)
    closing = document.add_paragraph(signature)
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(
    zh: str,
    en: str,
    before: list[str],
    rows: list[tuple[str, str]],
    after: list[str],
    signature: str,
    *,
    title: str,
) -> bytes:
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
    heading = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=11)
    right = ParagraphStyle("right", parent=body, alignment=2)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm
    )
    table = Table(
        [[Paragraph(label, body), Paragraph(value, body)] for label, value in rows],
        colWidths=[55 * mm, 115 * mm],
    )
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    doc.title = title
    story = [
        Paragraph(zh, heading),
        Paragraph(en, ParagraphStyle("en", parent=body, alignment=1)),
        Spacer(1, 6 * mm),
    ]
    story += [Paragraph(text, body) for text in before] + [Spacer(1, 3 * mm), table, Spacer(1, 5 * mm)]
    story += [Paragraph(text, small) for text in after] + [Spacer(1, 10 * mm), Paragraph(signature, right)]
    doc.build(story)
    return buffer.getvalue()
