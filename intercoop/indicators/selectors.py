"""Reads of indicators: values per institution, college and year, the national table, its snapshot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone

from intercoop.core.access import access_for, parse_pk
from intercoop.indicators import (
    computations,  # noqa: F401  (registers the indicators)
    registry,
)
from intercoop.indicators.models import Adjustment, Report
from intercoop.indicators.permissions import INDICATOR_VIEW
from intercoop.indicators.registry import Computation, Indicator, Period
from intercoop.indicators.tables import TABLES, Table
from intercoop.mobility.stays import statistical_date
from intercoop.org.models import Institution, OrgUnit

Number = int | float


def number(value: Decimal | int | float | None) -> Number | None:
    """A JSON-friendly number: whole values as int."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass
class Value:
    indicator: Indicator
    period: Period
    computed: int | None
    adjustment: Adjustment | None = None
    countries: list[str] = field(default_factory=list)

    @property
    def reported(self) -> Number | None:
        if self.adjustment is not None:
            return number(self.adjustment.value)
        return self.computed

    @property
    def no_data(self) -> bool:
        return self.reported is None


class Engine:
    """Computes indicators for one institution, each (indicator, year) once per engine."""

    def __init__(self, institution: Institution, today: dt.date | None = None) -> None:
        self.institution = institution
        self.today = today or timezone.localdate()
        self._cache: dict[tuple[str, int], tuple[Computation, Period]] = {}
        self._adjustments: dict[tuple[str, int, int | None], Adjustment] | None = None

    def period(self, indicator: Indicator, year: int) -> Period:
        return registry.period_for(indicator.period, year, statistical_date(self.institution, year - 1))

    def computation(self, indicator: Indicator, year: int) -> tuple[Computation, Period]:
        key = (indicator.code, year)
        if key not in self._cache:
            period = self.period(indicator, year)
            self._cache[key] = (indicator.compute(self.institution, period), period)
        return self._cache[key]

    def adjustments(self) -> dict[tuple[str, int, int | None], Adjustment]:
        if self._adjustments is None:
            self._adjustments = {
                (a.indicator, a.year, a.org_unit_id): a
                for a in Adjustment.objects.filter(institution=self.institution, archived_at__isnull=True)
            }
        return self._adjustments

    def value(self, indicator: Indicator, year: int, unit: OrgUnit | None = None) -> Value:
        comp, period = self.computation(indicator, year)
        has_data = (
            comp.first_recorded is not None
            and comp.first_recorded <= period.end
            and period.start <= self.today
        )
        path = unit.path if unit is not None else None
        return Value(
            indicator=indicator,
            period=period,
            computed=comp.value(path) if has_data else None,
            adjustment=self.adjustments().get((indicator.code, year, unit.pk if unit else None)),
            countries=comp.countries(path),
        )


def default_year(today: dt.date | None = None) -> int:
    """The latest report year whose school year has ended."""
    today = today or timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


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
        raise Http404
    return None if units is None else units[0]


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


def readable_units(user: Any, institution: Institution) -> list[OrgUnit] | None:
    """None: the user reads the whole institution; otherwise the colleges the user may read."""
    access = access_for(user)
    if access.can_institution_wide(INDICATOR_VIEW, institution.pk):
        return None
    paths = access.unit_paths(INDICATOR_VIEW)
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


def build_table(
    institution: Institution, table: Table, year: int, engine: Engine | None = None
) -> dict[str, Any]:
    """The table computed today, in the shape a submitted report keeps as its snapshot. The previous year's
    column is what was submitted for that year, when it was."""
    engine = engine or Engine(institution)
    version = table.version_for(year)
    if version is None:
        raise Http404
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


def table_for(institution: Institution, table: Table, year: int) -> tuple[dict[str, Any], Report | None]:
    """What the table of ``year`` says: the snapshot once submitted, otherwise today's computation."""
    report = submitted(institution, table, year)
    if report is not None:
        return report.snapshot, report
    return build_table(institution, table, year), None


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


def across_institutions(user: Any, table: Table, year: int) -> list[tuple[Institution, dict[str, Any]]]:
    return [(inst, table_for(inst, table, year)[0]) for inst in supervised(user)]


def reports_of(institution: Institution, table: Table, year: int) -> list[Report]:
    """Every submission of the year, reopened ones included (nothing is lost)."""
    return list(
        Report.objects.filter(institution=institution, table=table.code, year=year)
        .select_related("submitted_by")
        .order_by("-created_at")
    )
