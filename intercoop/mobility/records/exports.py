"""Excel exports of mobility: the register (the same columns the importer reads) and the figures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from intercoop.core.countries import name as country_name
from intercoop.core.spreadsheets import Column, Sheet, write_xlsx
from intercoop.mobility.importers import MOBILITY_COLUMNS
from intercoop.mobility.models import Mobility
from intercoop.mobility.records.selectors import Figures, Group

EXPORT_COLUMNS = [
    Column("reference", "编号", "Reference", width=16),
    *MOBILITY_COLUMNS,
    Column("status", "状态", "Status", width=12),
    Column("days", "天数", "Days", width=8),
]


def mobilities_xlsx(mobilities: Iterable[Mobility]) -> bytes:
    rows = []
    for m in mobilities:
        partner_home = m.home_partner
        partner_host = m.host_partner
        rows.append(
            [
                m.reference,
                m.get_direction_display(),
                m.get_type_display(),
                m.person.number if m.person_id and m.person else "",
                m.who,
                m.get_participant_kind_display(),
                m.org_unit.code if m.org_unit_id and m.org_unit else "",
                (partner_home.erasmus_code or partner_home.name) if partner_home else "",
                (partner_host.erasmus_code or partner_host.name) if partner_host else m.host_name,
                m.country,
                m.city,
                m.planned_start,
                m.planned_end,
                m.start_date,
                m.end_date,
                m.credits_planned,
                m.credits_obtained,
                m.get_funding_display() if m.funding else "",
                m.grant_amount,
                m.agreement.number if m.agreement_id and m.agreement else "",
                m.project,
                m.notes,
                m.get_status_display(),
                m.days,
            ]
        )
    return write_xlsx([Sheet(title=_("Mobilities"), columns=EXPORT_COLUMNS, rows=rows)])


def _group_rows(groups: list[Group]) -> list[list[Any]]:
    return [
        [
            g.label,
            g.outgoing.count,
            g.outgoing.person_days,
            g.incoming.count,
            g.incoming.person_days,
        ]
        for g in groups
    ]


def figures_xlsx(figures: Figures) -> bytes:
    columns = [
        Column("label", "分组", "Group", width=40),
        Column("out", "派出人次", "Outgoing", width=12),
        Column("out_days", "派出人日", "Outgoing person-days", width=14),
        Column("in", "来访人次", "Incoming", width=12),
        Column("in_days", "来访人日", "Incoming person-days", width=14),
    ]
    summary: list[list[Any]] = [
        [_("Period"), f"{figures.start:%Y-%m-%d} – {figures.end:%Y-%m-%d}"],
        [_("Outgoing"), figures.outgoing],
        [_("Incoming"), figures.incoming],
        [_("Planned, not yet under way"), figures.planned],
        [_("Person-days"), figures.person_days],
        [
            _("Students' internship time abroad at Chinese enterprises operating overseas"),
            figures.cn_enterprise_person_days,
        ],
        [_("Teachers' teaching and training abroad (mobility records)"), figures.teaching_abroad_person_days],
        [_("Credits obtained"), figures.credits_obtained],
        [
            _("Full-time international students (one year or more) on %(date)s")
            % {"date": figures.headcount_on.isoformat() if figures.headcount_on else "—"},
            figures.international_students,
        ],
        [
            _("Training delivered to non-full-time foreign trainees (person-days)"),
            figures.trainee_person_days,
        ],
        [_("Awards in skills competitions abroad"), figures.awards],
    ]
    pair = [Column("what", "项目", "Item", width=60), Column("value", "数值", "Value", width=24)]
    countries = [
        [
            country_name(g.key) or g.label,
            g.outgoing.count,
            g.outgoing.person_days,
            g.incoming.count,
            g.incoming.person_days,
        ]
        for g in figures.by_country
    ]
    return write_xlsx(
        [
            Sheet(title=_("Summary"), columns=pair, rows=summary),
            Sheet(title=_("By type"), columns=columns, rows=_group_rows(figures.by_type)),
            Sheet(title=_("By country"), columns=columns, rows=countries),
            Sheet(title=_("By partner"), columns=columns, rows=_group_rows(figures.by_partner)),
            Sheet(title=_("By college"), columns=columns, rows=_group_rows(figures.by_unit)),
        ]
    )
