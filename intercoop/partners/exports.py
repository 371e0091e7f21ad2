"""Excel exports of the partner directory (bilingual headers)."""

from __future__ import annotations

from collections.abc import Iterable

from intercoop.core import countries
from intercoop.core.spreadsheets import Sheet, write_xlsx
from intercoop.partners.importers import PARTNER_COLUMNS
from intercoop.partners.models import Partner


def partners_xlsx(partners: Iterable[Partner]) -> bytes:
    """The list as the import template reads it, so an export can be corrected and imported elsewhere."""
    rows = (
        [
            p.name,
            p.name_zh,
            p.name_en,
            p.get_kind_display(),
            p.country,
            countries.name(p.country),
            p.city,
            "是" if p.belt_and_road else "",
            p.website,
            p.erasmus_code,
            p.pic,
            p.oid,
            p.moe_code,
            p.credit_code,
            p.notes,
        ]
        for p in partners
    )
    return write_xlsx([Sheet(title="partners", columns=PARTNER_COLUMNS, rows=rows)])
