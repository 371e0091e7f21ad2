"""The assessment for the committee, as an Excel file: the ranking, then every score's breakdown."""

from __future__ import annotations

from django.utils.translation import gettext as _

from intercoop.core.spreadsheets import Column, Sheet, write_xlsx
from intercoop.planning.models import Scheme
from intercoop.planning.selectors import CollegeScore


def workbook(scheme: Scheme, scores: list[CollegeScore]) -> bytes:
    parts = scores[0].parts if scores else []
    ranking = Sheet(
        title=_("Ranking"),
        columns=[
            Column("rank", "名次", "Rank", width=8),
            Column("college", "学院", "College", width=28),
            Column("total", "总分", "Total", width=10),
            Column("size", "师生数", "Teachers and students", width=12),
            *[Column(p.indicator.code, p.indicator.name_zh, p.indicator.name_en, width=20) for p in parts],
        ],
        rows=[[s.rank, s.unit.display_name, s.total, s.size, *[p.points for p in s.parts]] for s in scores],
        notes=[
            f"{scheme.title} · {scheme.get_method_display()}"
            + (" · " + _("normalised per 100 teachers and students") if scheme.per_hundred else ""),
            *[
                f"{p.indicator.name_zh} / {p.indicator.name_en}: {format(p.item.weight.normalize(), 'f')} %"
                for p in parts
            ],
        ],
    )
    breakdown = Sheet(
        title=_("Breakdown"),
        columns=[
            Column("college", "学院", "College", width=28),
            Column("indicator", "指标", "Indicator", width=40),
            Column("weight", "权重%", "Weight %", width=10),
            Column("value", "数值", "Value", width=10),
            Column("compared", "比较值", "Compared value", width=12),
            Column("reference", "目标/最好值", "Target or best", width=12),
            Column("score", "得分(0-100)", "Score (0–100)", width=12),
            Column("points", "加权分", "Weighted points", width=12),
            Column("note", "说明", "Note", width=20),
        ],
        rows=[
            [
                s.unit.display_name,
                p.indicator.name,
                float(p.item.weight),
                p.value,
                p.compared,
                p.reference,
                p.score,
                p.points,
                p.note,
            ]
            for s in scores
            for p in s.parts
        ],
    )
    return write_xlsx([ranking, breakdown])
