"""Reads of indicators: values per institution, college and year, the national table, its snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from intercoop.core.access import access_for, parse_pk
from intercoop.core.models import RecordChange
from intercoop.indicators import computations, registry
from intercoop.indicators.models import Adjustment, Figure, FigureState, Report
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


class Figures:
    """The stored (pre-aggregated) figures of a set of institutions, read with four queries whatever their
    number and the size of their records, and refreshed where records changed (ADR 0011).

    A figure is valid for its indicator's current generation in the institution, when no change is pending
    to a record the indicator reads, and on the day it was computed unless its period had ended by then
    (computations depend on today). A change to a record (any audit entry about it) inserts a
    ``RecordChange`` naming the record's app; the first figure computed afterwards takes in the changes
    seen, starts a new generation of the indicators that read those apps, and recomputes what is asked
    for. Figures asked for "as of" another day than today are computed and not stored.
    """

    def __init__(self, institutions: list[Institution], today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.stores = self.today == timezone.localdate()
        self._ids = [i.pk for i in institutions]
        self._loaded = False
        self._units: dict[tuple[int, str, int], dict[str, Any]] = {}
        self._generations: dict[int, dict[str, int]] = {}
        self._pending: dict[int, list[tuple[int, str]]] = {}
        self._adjustments: dict[int, dict[tuple[str, int, int | None], Adjustment]] | None = None
        self.computed = 0  # figures computed from the records by this reader (the rest were read)

    @staticmethod
    def _affected(sources: set[str]) -> set[str]:
        return {i.code for i in registry.all_indicators() if any(i.depends_on(s) for s in sources)}

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        if not self.stores:
            return
        self._generations = dict(
            FigureState.objects.filter(institution_id__in=self._ids).values_list(
                "institution_id", "generations"
            )
        )
        changes = RecordChange.objects.filter(institution_id__in=self._ids).order_by()
        for inst_id, change_id, source in changes.values_list("institution_id", "id", "source"):
            self._pending.setdefault(inst_id, []).append((change_id, source))
        stale = {i: self._affected({s for _id, s in p}) for i, p in self._pending.items()}
        rows = Figure.objects.filter(institution_id__in=self._ids).values_list(
            "institution_id", "indicator", "year", "generation", "computed_on", "period_end", "units"
        )
        for inst_id, code, year, generation, computed_on, period_end, units in rows:
            if (
                code not in stale.get(inst_id, ())
                and generation == self._generations.get(inst_id, {}).get(code, 0)
                and (computed_on == self.today or period_end < computed_on <= self.today)
            ):
                self._units[(inst_id, code, year)] = units

    def get(self, institution_id: int, code: str, year: int) -> dict[str, Any] | None:
        self._load()
        return self._units.get((institution_id, code, year))

    def before_computing(self, institution_id: int) -> None:
        """Take in the record changes seen so far: the indicators reading those records begin a new
        generation, their older figures are stale. Run before reading the records, so that a change
        committed meanwhile stays pending and is taken in next time."""
        self._load()
        pending = self._pending.pop(institution_id, None)
        if not pending:
            return
        with transaction.atomic():
            FigureState.objects.bulk_create(
                [FigureState(institution_id=institution_id)], ignore_conflicts=True
            )
            state = FigureState.objects.select_for_update().get(institution_id=institution_id)
            # Read again under the lock (another reader may have taken some in), then delete what was read.
            # A change committed between the two statements with a lower id is deleted unread: then every
            # indicator begins a new generation.
            changes = RecordChange.objects.filter(institution_id=institution_id)
            current = list(changes.values_list("id", "source"))
            affected = self._affected({source for _id, source in current})
            if current:
                deleted, _by_model = changes.filter(id__lte=max(i for i, _s in current)).delete()
                if deleted != len(current):
                    affected = {i.code for i in registry.all_indicators()}
            generations = dict(state.generations)
            for code in affected:
                generations[code] = generations.get(code, 0) + 1
            state.generations = generations
            state.save(update_fields=["generations"])
        self._generations[institution_id] = generations
        for key in [k for k in self._units if k[0] == institution_id and k[1] in affected]:
            del self._units[key]

    def put(self, institution_id: int, code: str, year: int, period: Period, units: dict[str, Any]) -> None:
        self.computed += 1
        self._units[(institution_id, code, year)] = units
        if not self.stores:
            return
        Figure.objects.bulk_create(
            [
                Figure(
                    institution_id=institution_id,
                    indicator=code,
                    year=year,
                    generation=self._generations.get(institution_id, {}).get(code, 0),
                    computed_on=self.today,
                    period_end=period.end,
                    units=units,
                )
            ],
            update_conflicts=True,
            unique_fields=["institution", "indicator", "year"],
            update_fields=["generation", "computed_on", "period_end", "units"],
        )

    def adjustments(self, institution_id: int) -> dict[tuple[str, int, int | None], Adjustment]:
        if self._adjustments is None:
            self._adjustments = {i: {} for i in self._ids}
            for a in Adjustment.objects.filter(institution_id__in=self._ids, archived_at__isnull=True):
                self._adjustments[a.institution_id][(a.indicator, a.year, a.org_unit_id)] = a
        return self._adjustments.get(institution_id, {})


def summarise(comp: Computation, has_data: bool) -> dict[str, Any]:
    """A computation as stored: for the institution ("") and every org unit an item lies in (each
    ancestor of its unit), the value, the countries with a non-zero amount, and the amount per set of
    countries."""
    out: dict[str, dict[str, Any]] = {"": {"v": 0, "c": [], "k": {}}}
    for item in comp.items:
        parts = [p for p in item.unit_path.strip("/").split("/") if p]
        keys = [""] + ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]
        combo = ",".join(sorted(set(item.countries)))
        for key in keys:
            entry = out.setdefault(key, {"v": 0, "c": [], "k": {}})
            entry["v"] += item.amount
            entry["k"][combo] = entry["k"].get(combo, 0) + item.amount
    for entry in out.values():
        entry["c"] = sorted({c for combo, n in entry["k"].items() if n for c in combo.split(",") if c})
        if not has_data:
            entry["v"] = None
    return out


class Engine:
    """Indicator values of one institution: stored figures where fresh, otherwise computed from the
    records (and stored); the items behind a value only on demand (``computation``, the drill-down)."""

    def __init__(
        self, institution: Institution, today: dt.date | None = None, figures: Figures | None = None
    ) -> None:
        self.institution = institution
        self.today = today or timezone.localdate()
        self.figures = figures or Figures([institution], self.today)
        self._cache: dict[tuple[str, int], tuple[Computation, Period]] = {}
        self._first_memo: dict[tuple[str, str], Any] = {}

    @classmethod
    def for_each(cls, institutions: list[Institution], today: dt.date | None = None) -> list[Engine]:
        """Engines of several institutions reading their stored figures together."""
        figures = Figures(institutions, today)
        return [cls(inst, figures.today, figures) for inst in institutions]

    def period(self, indicator: Indicator, year: int) -> Period:
        return registry.period_for(indicator.period, year, statistical_date(self.institution, year - 1))

    def computation(self, indicator: Indicator, year: int) -> tuple[Computation, Period]:
        """The items behind the value, computed from the records now (kept for this engine: the
        drill-down reads them more than once)."""
        key = (indicator.code, year)
        if key not in self._cache:
            self._cache[key] = self._compute(indicator, year)
        return self._cache[key]

    def _compute(self, indicator: Indicator, year: int) -> tuple[Computation, Period]:
        period = self.period(indicator, year)
        with computations.first_dates(self._first_memo):
            return indicator.compute(self.institution, period), period

    def _has_data(self, comp: Computation, period: Period) -> bool:
        return (
            comp.first_recorded is not None
            and comp.first_recorded <= period.end
            and period.start <= self.today
        )

    def units(self, indicator: Indicator, year: int) -> dict[str, Any]:
        units = self.figures.get(self.institution.pk, indicator.code, year)
        if units is None:
            self.figures.before_computing(self.institution.pk)
            # Summed and let go: a page of many figures never holds all their items at once.
            comp, period = self._cache.get((indicator.code, year)) or self._compute(indicator, year)
            units = summarise(comp, self._has_data(comp, period))
            self.figures.put(self.institution.pk, indicator.code, year, period, units)
        return units

    def adjustments(self) -> dict[tuple[str, int, int | None], Adjustment]:
        return self.figures.adjustments(self.institution.pk)

    def value(self, indicator: Indicator, year: int, unit: OrgUnit | None = None) -> Value:
        units = self.units(indicator, year)
        entry = units.get(unit.path if unit is not None else "")
        total = units[""]["v"]
        return Value(
            indicator=indicator,
            period=self.period(indicator, year),
            computed=None if total is None else (entry["v"] if entry else 0),
            adjustment=self.adjustments().get((indicator.code, year, unit.pk if unit else None)),
            countries=list(entry["c"]) if entry else [],
        )

    def amount_where(
        self, indicator: Indicator, year: int, unit: OrgUnit | None, keep: Callable[[tuple[str, ...]], bool]
    ) -> int | None:
        """The computed value counting only the items whose countries ``keep`` accepts."""
        units = self.units(indicator, year)
        if units[""]["v"] is None:
            return None
        entry = units.get(unit.path if unit is not None else "")
        if entry is None:
            return 0
        return sum(n for combo, n in entry["k"].items() if keep(tuple(c for c in combo.split(",") if c)))


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
