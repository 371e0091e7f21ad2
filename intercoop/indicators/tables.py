"""National report tables as versioned row sets: a report of year Y uses the newest version from on or
before Y, so a row set that changes between years keeps older reports reproducible (DOMAIN.md §3.4)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Row:
    number: int
    indicator: str


@dataclass(frozen=True)
class TableVersion:
    valid_from: int
    rows: tuple[Row, ...]
    source: str


@dataclass(frozen=True)
class Table:
    code: str
    title_zh: str
    title_en: str
    versions: tuple[TableVersion, ...]

    def version_for(self, year: int) -> TableVersion | None:
        eligible = [v for v in self.versions if v.valid_from <= year]
        return max(eligible, key=lambda v: v.valid_from) if eligible else None


INTERNATIONAL_INFLUENCE = Table(
    code="international_influence",
    title_zh="国际影响表",
    title_en="International influence",
    versions=(
        TableVersion(
            valid_from=2017,
            source="Row set used in the 2017–2021 annual quality reports (DOMAIN.md §3.4)",
            rows=(
                Row(1, "intl_students_fulltime"),
                Row(2, "foreign_trainee_person_days"),
                Row(3, "cn_enterprise_internship_person_days"),
                Row(4, "teachers_abroad_person_days"),
                Row(5, "teachers_with_foreign_posts"),
                Row(6, "programme_standards_adopted"),
                Row(7, "course_standards_adopted"),
                Row(8, "awards_abroad"),
                Row(9, "overseas_sites"),
            ),
        ),
    ),
)

TABLES = {INTERNATIONAL_INFLUENCE.code: INTERNATIONAL_INFLUENCE}
TABLE_LABELS = {INTERNATIONAL_INFLUENCE.code: _("International influence table")}
