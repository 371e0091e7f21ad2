"""Excel exports of agreements and of the dormant-agreements report (bilingual headers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from intercoop.agreements.importers import AGREEMENT_COLUMNS
from intercoop.agreements.models import Agreement
from intercoop.agreements.selectors import NEVER, DormantRow, Health
from intercoop.core.spreadsheets import Column, Sheet, write_xlsx

HEALTH_COLUMNS = [
    Column("health", "健康状态", "Health", width=14),
    Column("last_activity", "最近活动", "Last activity", width=12),
    Column("overdue", "逾期义务", "Overdue obligations", width=10),
    Column("places_offered", "每年名额", "Places per year", width=10),
]


def _row(a: Any) -> list[Any]:
    return [
        a.number,
        a.title,
        a.title_en,
        a.get_type_display(),
        a.get_status_display(),
        "; ".join(a.party_names),
        "; ".join(a.unit_names),
        a.signed_on,
        a.valid_from,
        a.valid_to,
        "是" if a.confidential else "",
        a.summary,
        a.import_key[2:] if a.import_key.startswith("s:") else "",  # the source system's id, if any
        str(Health.LABELS.get(a.health, "")),
        None if a.last_activity == NEVER else a.last_activity,
        a.overdue,
        a.places_offered,
    ]


def agreements_xlsx(agreements: Iterable[Agreement]) -> bytes:
    return write_xlsx(
        [
            Sheet(
                title="agreements",
                columns=[*AGREEMENT_COLUMNS, *HEALTH_COLUMNS],
                rows=(_row(a) for a in agreements),
            )
        ]
    )


def dormant_xlsx(rows: list[DormantRow]) -> bytes:
    columns = [Column("college", "二级学院", "College", width=24), *AGREEMENT_COLUMNS, *HEALTH_COLUMNS]
    return write_xlsx(
        [
            Sheet(
                title="dormant",
                columns=columns,
                rows=([row.college, *_row(a)] for row in rows for a in row.agreements),
            )
        ]
    )
