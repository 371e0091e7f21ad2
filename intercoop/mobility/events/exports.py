"""Excel exports of trainings for foreign trainees and of competitions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from intercoop.core.spreadsheets import Column, Sheet, write_xlsx

TRAINING_COLUMNS = [
    Column("reference", "编号", "Reference", width=14),
    Column("title", "名称", "Title", width=36),
    Column("unit", "学院", "College", width=20),
    Column("host", "承办地点", "Host or venue", width=24),
    Column("country", "国家或地区", "Country", width=10),
    Column("language", "语言", "Language", width=10),
    Column("start", "开始", "First day", width=12),
    Column("end", "结束", "Last day", width=12),
    Column("trainees", "人数", "Trainees", width=8),
    Column("days", "期间内天数", "Days in period", width=10),
    Column("person_days", "人日", "Person-days", width=10),
]
COMPETITION_COLUMNS = [
    Column("event", "赛事", "Competition", width=36),
    Column("organiser", "主办方", "Organiser", width=24),
    Column("country", "国家或地区", "Country", width=10),
    Column("international", "国际性", "International", width=8),
    Column("held_on", "日期", "Date", width=12),
    Column("unit", "学院", "College", width=20),
    Column("participants", "参赛人员", "Participants", width=30),
    Column("award", "奖项等级", "Award", width=16),
    Column("title", "奖项名称", "Award title", width=24),
]


def trainings_xlsx(rows: Iterable[Any]) -> bytes:
    """Trainings with their days and person-days inside the filtered period (``events.trainings_in``)."""
    data = [
        [
            e.reference,
            e.title,
            e.org_unit.display_name,
            e.host,
            e.country,
            e.language,
            e.start_date,
            e.end_date,
            e.trainees,
            e.period_days,
            e.period_person_days,
        ]
        for e in rows
    ]
    return write_xlsx([Sheet(title=_("Training for foreign trainees"), columns=TRAINING_COLUMNS, rows=data)])


def competitions_xlsx(rows: Iterable[Any]) -> bytes:
    data = [
        [
            c.event,
            c.organiser,
            c.country,
            _("yes") if c.international else _("no"),
            c.held_on,
            c.org_unit.display_name,
            c.participants,
            c.get_award_level_display(),
            c.award_title,
        ]
        for c in rows
    ]
    return write_xlsx([Sheet(title=_("Competitions"), columns=COMPETITION_COLUMNS, rows=data)])
