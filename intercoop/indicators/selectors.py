"""Reads of indicators: values per institution, college and year, the national table, its snapshot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.core import periods
from intercoop.core.access import access_for, parse_pk
from intercoop.core.errors import DomainError
from intercoop.indicators import registry
from intercoop.indicators.engine import Engine, Figures, StoredFigure, Value, number, summarise  # noqa: F401
from intercoop.indicators.models import Adjustment, Report
from intercoop.indicators.permissions import INDICATOR_RECORDS, INDICATOR_VIEW
from intercoop.indicators.registry import Indicator
from intercoop.indicators.tables import TABLES, Table
from intercoop.org.models import Institution, OrgUnit


def default_year(today: dt.date | None = None) -> int:
    """The latest report year whose school year has ended (``core.periods.default_year``)."""
    return periods.default_year(today)


FIRST_YEAR = 2000


def year_or_404(raw: Any, *, ahead: int = 1) -> int:
    """The report year asked for (default: the latest ended one), between 2000 and ``ahead`` years after
    the current one; anything else is simply not found."""
    if raw in (None, ""):
        return default_year()
    try:
        year = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    if not FIRST_YEAR <= year <= timezone.localdate().year + ahead:
        raise Http404
    return year


def detail_href(indicator: Indicator | None, year: int, unit: OrgUnit | None, whole: bool) -> str:
    """The address of an indicator's page for a year and college, or "" where that page would answer
    404 (the one rule of ``detail``, so that no page links to a page its reader cannot open): a year past
    next year, a college figure of an institution-only indicator, an institution figure for a reader of
    colleges only (``whole`` False)."""
    if indicator is None or not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        return ""
    if (unit is None and not whole) or (unit is not None and "college" not in indicator.levels):
        return ""
    url = reverse("indicators:detail", args=[indicator.code]) + f"?year={year}"
    return url + (f"&unit={unit.pk}" if unit is not None else "")


def report_years() -> list[int]:
    """The years offered in the year pickers: next year and the seven before it."""
    last = default_year() + 1
    return list(range(last, last - 8, -1))


def unit_for(units: list[OrgUnit] | None, colleges: list[OrgUnit], raw: Any) -> OrgUnit | None:
    """The college asked for among those the user may read (``units``; None: all ``colleges``); a liaison
    who asks for none gets their own."""
    allowed = colleges if units is None else units
    if raw not in (None, ""):
        pk = parse_pk(raw)
        for unit in allowed:
            if unit.pk == pk:
                return unit
        below = next(
            (c for c in allowed if OrgUnit.objects.filter(pk=pk, path__startswith=c.path).exists()), None
        )
        if below is not None:  # a department of a college the user may read: say where its figures are
            raise LevelError(
                _("Figures are kept per secondary college: this unit's are counted in %(college)s.")
                % {"college": below.display_name},
                field="unit",
            )
        raise Http404
    return None if units is None else units[0]


class LevelError(DomainError):
    """A figure asked for at a level it is not kept at (a college's share of an institution-only row,
    a department's figure)."""

    default_code = "level"


def check_level(indicator: Indicator, unit: OrgUnit | None, *, asked: bool) -> None:
    """The one rule for both the page and the API: an institution-only indicator has no college figure.
    Asked for a college (``asked``), the answer says so; a liaison, whose figures are their college's
    without asking, simply has no such figure (404, as for anything not theirs)."""
    if unit is not None and "college" not in indicator.levels:
        if not asked:
            raise Http404
        raise LevelError(
            _("“%(name)s” is counted for the whole institution only, not per college.")
            % {"name": indicator.name},
            field="unit",
        )


def indicator_or_404(code: str) -> Indicator:
    indicator = registry.get(code)
    if indicator is None:
        raise Http404
    return indicator


def colleges(institution: Institution | int) -> list[OrgUnit]:
    """The institution's secondary colleges (an institution or its id), in their order."""
    return list(
        OrgUnit.objects.filter(
            institution=institution, kind=OrgUnit.Kind.SECONDARY_COLLEGE, archived_at__isnull=True
        ).order_by("sort_order", "code")
    )


def reads_whole_institution(user: Any, institution: Institution) -> bool:
    return access_for(user).can_institution_wide(INDICATOR_VIEW, institution.pk)


def readable_units(user: Any, institution: Institution) -> list[OrgUnit] | None:
    """None: the user reads the whole institution; otherwise the colleges the user may read."""
    if reads_whole_institution(user, institution):
        return None
    paths = access_for(user).unit_paths(INDICATOR_VIEW)
    units = [c for c in colleges(institution) if any(c.path.startswith(p) for p in paths)]
    if not units:
        raise Http404
    return units


# -- the national table ----------------------------------------------------------------------------------


def table_or_404(code: str) -> Table:
    table = TABLES.get(code)
    if table is None:
        raise Http404
    return table


_UNREAD: Any = object()


def build_table(
    institution: Institution,
    table: Table,
    year: int,
    engine: Engine | None = None,
    previous_report: Report | None = _UNREAD,
) -> dict[str, Any]:
    """The table computed today, in the shape a submitted report keeps as its snapshot. The previous year's
    column is what was submitted for that year (``previous_report``, read here unless given), when it was."""
    engine = engine or Engine(institution)
    version = table.version_for(year)
    if version is None:
        raise Http404
    if previous_report is _UNREAD:
        previous_report = submitted(institution, table, year - 1)
    previous_rows = {r["code"]: r for r in previous_report.snapshot["rows"]} if previous_report else {}
    rows = []
    for row in version.rows:
        indicator = registry.get(row.indicator)
        assert indicator is not None, row.indicator
        current = engine.value(indicator, year)
        if row.indicator in previous_rows:
            previous_value = previous_rows[row.indicator]["current"]
            previous_source = "report"
        else:
            previous_value = engine.value(indicator, year - 1).reported
            previous_source = "computed"
        rows.append(
            {
                "number": row.number,
                "code": indicator.code,
                "name_zh": indicator.name_zh,
                "name_en": indicator.name_en,
                "unit_zh": indicator.unit_zh,
                "unit_en": indicator.unit_en,
                "period": current.period.label(),
                "previous": previous_value,
                "previous_source": previous_source,
                "current": current.reported,
                "computed": current.computed,
                "adjusted": current.adjustment is not None,
                "countries": current.countries if indicator.shows_countries else [],
            }
        )
    return {
        "table": table.code,
        "title_zh": table.title_zh,
        "title_en": table.title_en,
        "year": year,
        "version": version.valid_from,
        "institution": {"code": institution.code, "name": institution.name, "name_en": institution.name_en},
        "rows": rows,
        "computed_at": timezone.now().isoformat(timespec="seconds"),
    }


def submitted(institution: Institution, table: Table, year: int) -> Report | None:
    return Report.objects.filter(
        institution=institution, table=table.code, year=year, archived_at__isnull=True
    ).first()


def table_of(
    institution: Institution,
    table: Table,
    year: int,
    report: Report | None,
    engine: Engine | None = None,
    previous_report: Report | None = _UNREAD,
) -> dict[str, Any]:
    """What the table of ``year`` says given its current submission ``report``: the snapshot once
    submitted, otherwise today's computation."""
    if report is not None:
        return report.snapshot
    return build_table(institution, table, year, engine, previous_report)


def table_for(institution: Institution, table: Table, year: int) -> tuple[dict[str, Any], Report | None]:
    report = submitted(institution, table, year)
    return table_of(institution, table, year, report), report


def differences(snapshot: dict[str, Any], today: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows whose value today differs from the submitted one."""
    now = {r["code"]: r for r in today["rows"]}
    out = []
    for row in snapshot["rows"]:
        current = now.get(row["code"])
        if (
            current is None
            or current["current"] != row["current"]
            or current["countries"] != row["countries"]
        ):
            out.append({"number": row["number"], "code": row["code"], "submitted": row, "today": current})
    return out


# -- supervisors: values across institutions, never people ----------------------------------------------


def supervised(user: Any) -> list[Institution]:
    access = access_for(user)
    ids = access.institutions_with(INDICATOR_VIEW)
    return list(Institution.objects.filter(pk__in=ids, archived_at__isnull=True).order_by("code"))


@dataclass
class Supervised:
    institution: Institution
    table: dict[str, Any]
    submitted: bool
    engine: Engine


def across_institutions(user: Any, table: Table, year: int) -> list[Supervised]:
    """The table of every institution the user supervises: submitted snapshots, or computed from the
    stored figures; a fixed number of queries whatever the number of institutions once figures are fresh."""
    institutions = supervised(user)
    engines = Engine.for_each(institutions)
    reports = {
        (r.institution_id, r.year): r
        for r in Report.objects.filter(
            institution__in=institutions,
            table=table.code,
            year__in=(year, year - 1),
            archived_at__isnull=True,
        )
    }
    out = []
    for inst, engine in zip(institutions, engines, strict=True):
        report = reports.get((inst.pk, year))
        data = table_of(inst, table, year, report, engine, reports.get((inst.pk, year - 1)))
        out.append(Supervised(inst, data, report is not None, engine))
    return out


def reports_of(institution: Institution, table: Table, year: int) -> list[Report]:
    """Every submission of the year, reopened ones included (nothing is lost)."""
    return list(
        Report.objects.filter(institution=institution, table=table.code, year=year)
        .select_related("submitted_by")
        .order_by("-created_at")
    )


def adjustments_of(institution: Institution, indicator: str, year: int, unit: OrgUnit | None) -> Any:
    """Every adjustment of one figure, the newest first (withdrawn ones included, for the record)."""
    return (
        Adjustment.objects.filter(institution=institution, indicator=indicator, year=year, org_unit=unit)
        .select_related("created_by")
        .order_by("-created_at")
    )


def adjustment_get_for_user(*, user: Any, pk: Any, code: str) -> Adjustment:
    """An adjustment of the user's institution, for a user who holds ``code`` somewhere in it (the callers
    check the unit where it matters); 404 otherwise."""
    access = access_for(user)
    if access.institution_id is None or not access.can_anywhere(code):
        raise Http404
    adjustment = (
        Adjustment.objects.filter(institution_id=access.own_institution(), pk=parse_pk(pk))
        .select_related("org_unit")
        .first()
    )
    if adjustment is None:
        raise Http404
    return adjustment


def adjustment_records_for_user(*, user: Any, pk: Any) -> Adjustment:
    """An adjustment with its evidence, for a user who sees the records behind its figure: institution-wide,
    or in the adjusted college; 404 otherwise."""
    access = access_for(user)
    adjustment = adjustment_get_for_user(user=user, pk=pk, code=INDICATOR_RECORDS)
    path = adjustment.org_unit.path if adjustment.org_unit else None
    if not access.can(INDICATOR_RECORDS, unit_path=path) and not access.can_institution_wide(
        INDICATOR_RECORDS
    ):
        raise Http404
    return adjustment
