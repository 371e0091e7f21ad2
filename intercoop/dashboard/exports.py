"""The dashboard as an Excel workbook: one sheet per chart, the filters as notes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from intercoop.core import countries
from intercoop.core.spreadsheets import Column, Sheet, write_xlsx
from intercoop.dashboard import selectors


def dashboard_xlsx(board: selectors.Board) -> bytes:
    f = board.filters
    notes = [
        _("Report year %(year)s") % {"year": f.year},
        *([_("College: %(unit)s") % {"unit": f.unit.display_name}] if f.unit else []),
        *([_("Country: %(country)s") % {"country": countries.name(f.country)}] if f.country else []),
        *([_("Belt and Road partners only")] if f.bri else []),
    ]
    sheets = [
        Sheet(
            title=_("Key indicators"),
            columns=[
                Column("indicator", "指标", "Indicator", width=44),
                Column("unit", "单位", "Unit", width=10),
                Column("value", "数值", "Value", width=10),
                Column("target", "目标", "Target", width=10),
                Column("percent", "完成%", "Progress %", width=10),
            ],
            rows=[[k.indicator.name, k.indicator.unit, k.value, k.target, k.percent] for k in board.kpis],
            notes=notes,
        ),
        Sheet(
            title=_("Trends"),
            columns=[
                Column("indicator", "指标", "Indicator", width=44),
                *[Column(str(y), str(y), str(y), width=10) for y in board.trend_years],
            ],
            rows=[[i.name, *values] for i, values in board.trends],
        ),
        Sheet(
            title=_("Partners by country"),
            columns=[
                Column("code", "代码", "Code", width=8),
                Column("country", "国家", "Country", width=24),
                Column("n", "伙伴数", "Partners", width=10),
            ],
            rows=[[p["code"], p["label"], p["value"]] for p in board.partners],
        ),
        Sheet(
            title=_("Mobility flows"),
            columns=[
                Column("code", "代码", "Code", width=8),
                Column("country", "国家", "Country", width=24),
                Column("direction", "方向", "Direction", width=10),
                Column("n", "人次", "Mobilities", width=10),
            ],
            rows=[
                [
                    r["code"],
                    r["label"],
                    _("Outgoing") if r["direction"] == "out" else _("Incoming"),
                    r["value"],
                ]
                for r in board.flows
            ],
        ),
        Sheet(
            title=_("Ranking"),
            columns=[Column("label", "名称", "Name", width=30), Column("value", "得分", "Value", width=10)],
            rows=[[r["label"], r["value"]] for r in board.ranking],
        ),
        Sheet(
            title=_("Agreement health"),
            columns=[
                Column("health", "状态", "Health", width=20),
                Column("n", "协议数", "Agreements", width=10),
            ],
            rows=[[h["label"], h["value"]] for h in board.health],
        ),
    ]
    return write_xlsx(sheets)
